"""`caseworker --demo`: the sandbox platform embedded in the app, on a loopback port (the first start seeds
the demo data: a few seconds, off the UI thread).

The platform's database holds every demo person's personnummer in plaintext, as a platform's does. It is
the platform's data, not the client's: it lives in a folder of its own (:func:`demo_platform_home`), so the
client's data folder holds only the client's own, encrypted, data."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from caseworker.paths import DATA_DIR_ENV

if TYPE_CHECKING:
    from caseworker.sandbox.server import RunningSandbox

log = logging.getLogger(__name__)

DEMO_PLATFORM = "http://localhost/caseworker-demo"
"""The identity of the embedded platform (its port changes every start; its data does not)."""

SANDBOX_DB = "sandbox.db"
SANDBOX_APP_NAME = "Caseworker Sandbox"  # the platform's own name for its per-user data folder


@dataclass
class DemoPlatform:
    running: RunningSandbox

    @property
    def url(self) -> str:
        return self.running.url

    async def stop(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.running.stop)


def demo_platform_home(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The embedded platform's own folder: beside the client's when it has one of its own (``--data-dir
    DIR`` or ``$CASEWORKER_DATA_DIR``: ``DIR-sandbox``), else the OS's per-user data folder of
    "Caseworker Sandbox". Never inside the client's data folder."""
    root = data_dir if data_dir is not None and str(data_dir) != "" else os.environ.get(DATA_DIR_ENV)
    if root:
        base = Path(root).expanduser().resolve()
        return base.with_name(base.name + "-sandbox")
    return Path(platformdirs.user_data_dir(SANDBOX_APP_NAME, appauthor=False))


def _move_out_of_the_client_folder(home: Path, client_data: Path) -> None:
    """Earlier versions kept the demo database in the client's data folder: move it to ``home`` (the demo
    work in it is kept), or drop it when ``home`` already has one."""
    home.mkdir(parents=True, exist_ok=True)
    keep = not (home / SANDBOX_DB).exists()
    old = [
        f
        for suffix in ("", "-wal", "-shm", "-journal")
        if (f := client_data / (SANDBOX_DB + suffix)).exists()
    ]
    for file in old:
        if keep:
            file.replace(home / file.name)
        else:
            file.unlink()
    if old:
        log.info(
            "the demo platform's database left the client's data folder (%s)", "moved" if keep else "dropped"
        )


async def start_demo_platform(home: Path, client_data: Path | None = None) -> DemoPlatform:
    """Start (and on first use seed) the sandbox in a thread, its database in ``home``; the event loop
    stays free meanwhile. ``client_data``: the client's data folder, cleared of an old demo database."""
    # Imported here, not at the top: FastAPI, SQLAlchemy and uvicorn cost ~0.4 s of every start, and
    # only a demo start needs them (nor does any other start need the sandbox's settings).
    from caseworker.sandbox.config import SandboxSettings
    from caseworker.sandbox.server import start_in_thread

    def start() -> RunningSandbox:
        if client_data is not None:
            _move_out_of_the_client_folder(home, client_data)
        home.mkdir(parents=True, exist_ok=True)
        return start_in_thread(SandboxSettings(db_url=f"sqlite:///{home / SANDBOX_DB}"))

    running = await asyncio.get_running_loop().run_in_executor(None, start)
    log.info("embedded demo platform on %s", running.url)
    return DemoPlatform(running)
