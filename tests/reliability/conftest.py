"""Fixtures of the reliability tests (QUALITY.md, Reliability): the sync tests' rig — a sandbox of the
module's own, signed-in rigs over a fault-injecting proxy, plain-HTTP views of the platform — with a
shorter network timeout, so that a hung answer fails fast."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from caseworker.api.transport import make_http_client
from tests.caseworker.sync.conftest import OpenRig, anna, proxy, rigs, sb, taken

__all__ = ["OpenRig", "anna", "proxy", "rigs", "sb", "taken"]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = make_http_client(read_timeout=2, connect_timeout=2)  # a hung answer fails fast
    yield client
    await client.aclose()
