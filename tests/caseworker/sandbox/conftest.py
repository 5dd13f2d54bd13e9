"""Fixtures of the sandbox API tests: a caseworker of Älvdala (``me``; a module may pick another) and a
signed-in HTTP client of that user, one per module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.helpers.sandbox import Sandbox


@pytest.fixture(scope="module")
def me(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.account(role="caseworker", exclude_role="team_lead", municipality="alvdala")


@pytest.fixture(scope="module")
def client(sandbox: Sandbox, me: dict[str, Any]) -> Iterator[httpx.Client]:
    with sandbox.client(me["username"]) as c:
        yield c
