"""`caseworker --demo`: the sandbox platform embedded in the app, on a loopback port, its database in the
data folder (the first start seeds the demo data: a few seconds, off the UI thread)."""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from pydantic import TypeAdapter, ValidationError

from caseworker.api.errors import PlatformError
from caseworker.domain.models import SandboxAccount
from caseworker.paths import AppPaths
from caseworker.sandbox.config import SandboxSettings

if TYPE_CHECKING:
    from caseworker.sandbox.server import RunningSandbox

log = logging.getLogger(__name__)

DEMO_PLATFORM = "http://localhost/caseworker-demo"
"""The identity of the embedded platform (its port changes every start; its data does not)."""

SANDBOX_DB = "sandbox.db"


@functools.cache
def _accounts() -> TypeAdapter[list[SandboxAccount]]:
    """Built when first needed: a validator built at import cost every start ~0.05 s."""
    return TypeAdapter(list[SandboxAccount])


@dataclass
class DemoPlatform:
    running: RunningSandbox

    @property
    def url(self) -> str:
        return self.running.url

    async def stop(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.running.stop)


async def start_demo_platform(paths: AppPaths) -> DemoPlatform:
    """Start (and on first use seed) the sandbox in a thread; the event loop stays free meanwhile."""
    # Imported here, not at the top: FastAPI, SQLAlchemy and uvicorn cost ~0.4 s of every start, and
    # only a demo start needs them.
    from caseworker.sandbox.server import start_in_thread

    paths.data.mkdir(parents=True, exist_ok=True)
    settings = SandboxSettings(db_url=f"sqlite:///{paths.data / SANDBOX_DB}")
    running = await asyncio.get_running_loop().run_in_executor(None, start_in_thread, settings)
    log.info("embedded demo platform on %s", running.url)
    return DemoPlatform(running)


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
