"""Fixtures of the sync engine tests: a sandbox of their own, signed-in rigs, a faulty network."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from caseworker.api.transport import make_http_client
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OpenRig, Platform, Rig, open_rig
from tests.helpers.sandbox import Sandbox, own_sandbox

# A sandbox of this package's own: the sync tests change cases freely.
sb = own_sandbox("sync")


@pytest.fixture(scope="module")
def taken() -> set[str]:
    """Cases some test of the module already uses (each test picks its own)."""
    return set()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = make_http_client(read_timeout=5, connect_timeout=5)
    yield client
    await client.aclose()


@pytest.fixture
def proxy(sb: Sandbox) -> Iterator[FaultyProxy]:
    with FaultyProxy(sb.url) as p:
        yield p


@pytest.fixture
async def rigs(sb: Sandbox, http: httpx.AsyncClient, tmp_path: Path) -> AsyncIterator[OpenRig]:
    """``await rigs(username, **open_rig keywords)``: a rig with its own store folder; closed at the end."""
    opened: list[Rig] = []
    count = iter(range(1000))

    async def make(username: str = "anna", **kwargs: Any) -> Rig:
        kwargs.setdefault("directory", tmp_path / f"store-{next(count)}")
        rig = await open_rig(http, sb.url, username, **kwargs)
        opened.append(rig)
        return rig

    yield make
    for rig in opened:
        await rig.close()


@pytest.fixture(scope="module")
def anna(sb: Sandbox) -> Iterator[Platform]:
    p = Platform(sb.url, "anna")
    yield p
    p.close()


@pytest.fixture(scope="module")
def maria(sb: Sandbox) -> Iterator[Platform]:
    """The team lead of anna's team: another user who changes the same cases."""
    p = Platform(sb.url, "maria")
    yield p
    p.close()
