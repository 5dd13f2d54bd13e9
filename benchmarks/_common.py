"""Helpers shared by benchmark scripts: the output line, a seeded sandbox platform in its own process.

The platform runs as ``caseworker-sandbox`` in a separate process (as a real server would), so the client
being measured does not share a GIL with it. Seeding 50 000 cases takes ~40 s: the seeded database is
cached under the system temp folder, keyed by seed and size, and copied for every run (runs write).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.helpers.sandbox import copy_sqlite

CACHE_DIR = Path(tempfile.gettempdir()) / "caseworker-bench"
ROOT = Path(__file__).resolve().parent.parent
# The platforms a benchmark starts take this admin secret; send ADMIN_HEADERS to /sandbox/admin/*.
ADMIN_TOKEN = secrets.token_urlsafe(24)
ADMIN_HEADERS = {"Sandbox-Admin-Token": ADMIN_TOKEN}


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: this one's, with this checkout first on the import path
    (so the child runs the code being measured even if the installed package points elsewhere)."""
    path = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path), **extra}


def arguments(doc: str | None, quick: str) -> argparse.ArgumentParser:
    """A benchmark's command line: its module doc as help, and ``--quick`` (``quick`` says what it runs)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=quick)
    return parser


def line(figure: str, value: float, baseline: float | None = None, unit: str = "s") -> str:
    """``figure: value | baseline: value | ratio: r`` (QUALITY.md); the baseline part only if given."""
    text = f"{figure}: {value:.3f} {unit}".rstrip()
    if baseline is not None:
        ratio = value / baseline if baseline > 0 else float("inf")
        text += f" | baseline: {baseline:.3f} {unit}".rstrip() + f" | ratio: {ratio:.2f}"
    return text


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    """The median of ``repeat`` timed calls of ``fn``, after one untimed warm-up call (the same pages in the
    OS and SQLite caches, the same imports done, for the figure and its baseline)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def seeded_database(seed: int, cases: int) -> Path:
    """A sandbox SQLite database seeded with ``cases`` demo cases (made once, then reused)."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"sandbox-seed{seed}-cases{cases}.db"
    if path.exists():
        return path
    from caseworker.sandbox.app import prepare_database
    from caseworker.sandbox.config import SandboxSettings

    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"# seeding {cases} cases (seed {seed}) into {path} ...", file=sys.stderr, flush=True)
    engine = prepare_database(SandboxSettings(db_url=f"sqlite:///{partial}", seed=seed, cases=cases))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    os.replace(partial, path)
    print(f"# seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_platform(
    database: Path, workdir: Path, *, seed: int, cases: int, access_token_ttl: int = 3600
) -> Iterator[str]:
    """``caseworker-sandbox`` on a copy of ``database``, on a free loopback port; yields its URL."""
    copy = workdir / "platform.db"
    copy_sqlite(database, copy)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = shutil.which("caseworker-sandbox")
    args = [command] if command else [sys.executable, "-m", "caseworker.sandbox.cli"]
    args += ["--db", f"sqlite:///{copy}", "--port", str(port), "--seed", str(seed), "--cases", str(cases)]
    args += ["--access-token-ttl", str(access_token_ttl)]
    log = (workdir / "platform.log").open("wb")
    # the secret through the environment, not the command line (which every local user can read)
    env = child_env(CASEWORKER_SANDBOX_ADMIN_TOKEN=ADMIN_TOKEN)
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the sandbox platform exited ({process.returncode}); see {workdir}")
            try:
                if httpx.get(url + "/sandbox/accounts", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the sandbox platform did not start in time")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
