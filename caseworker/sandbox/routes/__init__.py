"""The /api/v1 resource routers, one module per resource family."""

from __future__ import annotations

from fastapi import APIRouter

from caseworker.sandbox.routes import archive, cases, documents, markups, people, sync

ROUTERS: list[APIRouter] = [
    people.router,
    cases.router,
    documents.router,
    markups.router,
    archive.router,
    sync.router,
]
