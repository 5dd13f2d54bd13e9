"""The sandbox platform's demo accounts, offered by the sign-in window (a real platform has none)."""

from __future__ import annotations

import functools

import httpx
from pydantic import TypeAdapter, ValidationError

from caseworker.api.errors import PlatformError
from caseworker.domain.models import SandboxAccount


@functools.cache
def _accounts() -> TypeAdapter[list[SandboxAccount]]:
    """Built when first needed: a validator built at import cost every start ~0.05 s."""
    return TypeAdapter(list[SandboxAccount])


async def demo_accounts(http: httpx.AsyncClient, platform_url: str) -> list[SandboxAccount]:
    """The sandbox's demo accounts, or [] when the platform is not a sandbox (a real platform: 404)."""
    try:
        r = await http.get(platform_url.rstrip("/") + "/sandbox/accounts", timeout=10)
    except (httpx.HTTPError, PlatformError):
        return []
    if r.status_code != 200:
        return []
    try:
        return _accounts().validate_json(r.content)
    except ValidationError:
        return []
