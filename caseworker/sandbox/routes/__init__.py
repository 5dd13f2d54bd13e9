"""The /api/v1 resource routers, one module per resource family."""

from __future__ import annotations

from fastapi import APIRouter

from caseworker.sandbox.routes import archive, cases, documents, people, sync

ROUTERS: list[APIRouter] = [people.router, cases.router, documents.router, archive.router, sync.router]
