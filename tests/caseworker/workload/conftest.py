"""Fixtures of the workload tests: a sandbox of their own (they move cases), signed-in rigs and users."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from caseworker.api.transport import make_http_client
from tests.caseworker.sync.rig import Platform
from tests.helpers.sandbox import Sandbox, running_sandbox


@pytest.fixture(scope="module")
def sb(sandbox_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with running_sandbox(sandbox_template, tmp_path_factory.mktemp("workload")) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = make_http_client(read_timeout=30, connect_timeout=10)
    yield client
    await client.aclose()


@pytest.fixture(scope="module")
def maria(sb: Sandbox) -> Iterator[Platform]:
    """The team lead of the shared service team (Älvdala and Norrsjö)."""
    p = Platform(sb.url, "maria")
    yield p
    p.close()
