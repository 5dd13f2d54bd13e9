"""Fixtures of the workload tests: the sync tests' own sandbox (module-scoped: these tests move cases),
their async HTTP client and the team lead ``maria`` as a plain platform client."""

from __future__ import annotations

from tests.caseworker.sync.conftest import http, maria, sb

__all__ = ["http", "maria", "sb"]
