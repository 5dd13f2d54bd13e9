"""Start-up benchmark: a remembered user's offline start, to an interactive main window.

    python benchmarks/startup.py            # the user's store synced from 50 000 cases; 9 starts each
    python benchmarks/startup.py --quick    # 2 000 cases, 3 starts each: seconds (same figure name)
    python benchmarks/startup.py --frozen packaging/dist/Caseworker/Caseworker   # another bundle

Prints ``figure: value | baseline: value | ratio: r`` (QUALITY.md):

* ``startup_offline`` -- a real start of ``caseworker`` (``ui.main``, what the entry point runs) in a fresh
  process, offscreen, on a data folder that already holds a remembered user's session and synced store,
  with the platform unreachable: from starting the process until the main window is interactive (shown,
  the queue's first rows loaded and painted, the events queued until then processed; the app says so
  through its test hook ``CASEWORKER_TEST_EXIT_WHEN_INTERACTIVE``, see ``ui/app/interactive.py``),
  against a bare PySide6 process (same interpreter, same environment) showing a QMainWindow with a
  QTableView of a screenful of text, grabbed, until its event loop has processed the show. Medians of
  ``--repeat`` starts each, interleaved, after one warm-up start of each (bytecode, disk cache). The
  children write and use bytecode (in a private cache folder) even when the shell sets
  ``PYTHONDONTWRITEBYTECODE``: an installed app has its .pyc files.
* ``startup_offline_frozen`` -- the same start of the frozen bundle (``packaging/build.py`` builds it into
  ``packaging/dist/Caseworker/``), on the same data folder, against the same bare window. Skipped (with a
  note) when there is no bundle. The bundle cannot import the test keyring by name, so the child finds it
  through a ``keyringrc.cfg`` (``keyring-path`` + ``default-keyring``) in a private config folder.

Preparation (not timed): the seeded sandbox platform (``caseworker-sandbox``, as in sync.py) runs on
loopback; an :class:`~ui.app.controller.AppController` in this process signs in as a demo caseworker,
syncs completely and shuts down; then the platform is stopped, so every start below is offline. The data
key lives in a throw-away keyring file (``tests/helpers/file_keyring.py``, selected in the child's
environment with ``PYTHON_KEYRING_BACKEND``): CI has no OS keystore, and the app still refuses the
insecure backends of a normal run.
"""

from __future__ import annotations

import _root  # noqa: F401  # first: the project root on the import path (see _root.py)

# isort: split
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import httpx
import qasync

from benchmarks._common import ROOT, arguments, child_env, line, running_platform, seeded_database
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import demo_sign_in
from caseworker.store import CaseQuery, QueueKind
from tests.helpers import file_keyring, memory_keyring
from ui.app.controller import AppController
from ui.app.interactive import ENV as INTERACTIVE_ENV
from ui.app.interactive import LINE_PREFIX
from ui.app.options import AppOptions
from ui.qt import QtWidgets

SEED = 11  # the same seeded platform databases as sync.py (cached under the temp folder)
USER = "anna"  # a caseworker in two of the three municipalities; her own queue opens first
START_TIMEOUT = 120.0
BARE_READY = "bare: interactive"
BUNDLE = (
    ROOT
    / "packaging"
    / "dist"
    / "Caseworker"
    / ("Caseworker.exe" if sys.platform == "win32" else "Caseworker")
)

BARE_WINDOW = f"""
import sys
from PySide6 import QtCore, QtGui, QtWidgets

app = QtWidgets.QApplication(sys.argv[:1])
model = QtGui.QStandardItemModel(30, 8)
for r in range(30):
    for c in range(8):
        model.setItem(r, c, QtGui.QStandardItem(f"BN 2025-{{r:05d}} {{c}}"))
table = QtWidgets.QTableView()
table.setModel(model)
window = QtWidgets.QMainWindow()
window.setCentralWidget(table)
window.resize(1280, 800)
window.show()
window.grab()

def ready():
    print({BARE_READY!r}, flush=True)
    app.quit()

QtCore.QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


# --- preparation (not timed) ----------------------------------------------------------------------


async def _sign_in_and_sync(app: QtWidgets.QApplication, url: str, data_dir: Path) -> None:
    """What a user does once: sign in, let the first sync finish, quit. The app keeps the session."""
    controller = AppController(app, AppOptions(data_dir=data_dir, platform=url, single_instance=False))
    try:
        http = make_http_client()
        try:
            tokens = await demo_sign_in(http, url, USER)
        finally:
            await http.aclose()
        await controller.signed_in(url, tokens)
        services = controller.services
        assert services is not None
        deadline = time.monotonic() + 600
        while services.sync.last_synced is None:  # set once a sync completed without error
            if time.monotonic() > deadline:
                raise RuntimeError("the first sync did not complete in time")
            await asyncio.sleep(0.1)
        everything = await services.store.count(CaseQuery(queue=QueueKind.ALL))
        mine = await services.store.count(CaseQuery(queue=QueueKind.MINE))
        print(f"# {USER} synced: {everything} cases in her store, {mine} hers", file=sys.stderr, flush=True)
    finally:
        await controller.shutdown()
        controller.dispose()
        controller.deleteLater()


def prepare(database: Path, work: Path, data_dir: Path, keyring_file: Path, cases: int) -> str:
    """A data folder with a remembered, synced user; returns the platform URL (unreachable by now)."""
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["benchmark"])
    assert isinstance(app, QtWidgets.QApplication)
    started = time.perf_counter()
    with running_platform(database, work, seed=SEED, cases=cases) as url:
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        try:
            with memory_keyring.install(file_keyring.FileKeyring(keyring_file)):
                loop.run_until_complete(_sign_in_and_sync(app, url, data_dir))
        finally:
            loop.close()
            asyncio.set_event_loop(None)
    try:
        httpx.get(url + "/sandbox/accounts", timeout=2)
    except httpx.TransportError:
        pass
    else:
        raise RuntimeError(f"the platform at {url} still answers: the start would not be offline")
    print(f"# prepared in {time.perf_counter() - started:.0f} s; platform stopped", file=sys.stderr)
    return url


# --- the timed starts -------------------------------------------------------------------------------


def timed_start(args: list[str], ready: str, env: dict[str, str], log: Path) -> tuple[float, str]:
    """Seconds from starting the process until it prints a line starting with ``ready`` (and that line).

    The process then ends by itself (not timed); it is killed if it says nothing within the timeout.
    """
    with log.open("ab") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=errors, env=env, text=True, encoding="utf-8"
        )
        watchdog = threading.Timer(START_TIMEOUT, process.kill)
        watchdog.start()
        try:
            assert process.stdout is not None
            for text in process.stdout:
                if text.startswith(ready):
                    elapsed = time.perf_counter() - started
                    break
            else:
                raise RuntimeError(f"{args[1:3]} ended ({process.wait()}) without {ready!r}; see {log}")
            process.stdout.read()  # until it exits
            code = process.wait()
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
    if code != 0:
        raise RuntimeError(f"{args[1:3]} exited with {code} after it was interactive; see {log}")
    return elapsed, text.strip()


def _in_main(reported: str) -> float:
    """The hook's ``(main +0.123 s)``: the part of a start spent in ``main()`` after the imports."""
    return float(reported.rsplit("+", 1)[1].split()[0])


def with_bytecode(env: dict[str, str], work: Path) -> dict[str, str]:
    """``env`` with Python's bytecode cache on, as for an installed app (pip compiles at install, the
    bundle ships .pyc): a start must not compile the app's modules from source each time just because the
    shell says PYTHONDONTWRITEBYTECODE. The cache goes to a private folder, not into the checkout."""
    cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return cached


def frozen_env(env: dict[str, str], work: Path) -> dict[str, str]:
    """``env`` for the bundle: the test keyring found through keyring's config file (a frozen app does not
    read PYTHONPATH, and ``PYTHON_KEYRING_BACKEND`` would name a module it cannot import)."""
    config = work / "keyring-config"
    (config / "python_keyring").mkdir(parents=True, exist_ok=True)
    rc = f"[backend]\ndefault-keyring={file_keyring.BACKEND_NAME}\nkeyring-path={ROOT}\n"
    for folder in (config / "python_keyring", config / "Python Keyring"):  # Linux, Windows
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "keyringrc.cfg").write_text(rc, encoding="utf-8")
    frozen = {k: v for k, v in env.items() if k not in ("PYTHON_KEYRING_BACKEND", "PYTHONPATH")}
    frozen["XDG_CONFIG_HOME"] = str(config)  # keyring's config root on Linux
    if sys.platform == "win32":
        frozen["LOCALAPPDATA"] = str(config)  # ... and on Windows (the app's data is in --data-dir)
    return frozen


def measure(
    app_args: list[str],
    app_env: dict[str, str],
    bare_args: list[str],
    env: dict[str, str],
    log: Path,
    repeat: int,
) -> tuple[list[float], list[float], list[float]]:
    """Interleaved starts of the app and the bare window, after a warm-up of each."""
    starts: list[float] = []
    bares: list[float] = []
    in_main: list[float] = []
    timed_start(bare_args, BARE_READY, env, log)  # warm-up: bytecode caches, fonts, disk cache
    timed_start(app_args, LINE_PREFIX, app_env, log)
    for _ in range(repeat):
        bares.append(timed_start(bare_args, BARE_READY, env, log)[0])
        seconds, reported = timed_start(app_args, LINE_PREFIX, app_env, log)
        starts.append(seconds)
        in_main.append(_in_main(reported))
    return starts, bares, in_main


def summary(
    name: str, cases: int, repeat: int, starts: list[float], bares: list[float], in_main: list[float]
) -> str:
    value, main_part = statistics.median(starts), statistics.median(in_main)
    print(
        f"# {name}: {cases} cases on the platform; medians of {repeat} starts:"
        f" {value - main_part:.3f} s process, interpreter and imports, {main_part:.3f} s in main();"
        f" app {min(starts):.3f}-{max(starts):.3f} s,"
        f" bare {min(bares):.3f}-{max(bares):.3f} s",
        file=sys.stderr,
    )
    return line(name, value, statistics.median(bares))


def run(cases: int, repeat: int, bundle: Path | None) -> list[str]:
    database = seeded_database(SEED, cases)
    results: list[str] = []
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        work = Path(tmp)
        data_dir, keyring_file = work / "caseworker", work / "keyring.json"
        prepare(database, work, data_dir, keyring_file, cases)
        env = child_env(**file_keyring.environment(keyring_file))  # the same for the app and the bare start
        env = with_bytecode(env, work)
        app_env = {**env, INTERACTIVE_ENV: "1"}
        bare_args = [sys.executable, "-c", BARE_WINDOW]
        log = work / "starts.log"
        runs = [("startup_offline", [sys.executable, "-m", "ui.main"], app_env)]
        if bundle is not None:
            runs.append(("startup_offline_frozen", [str(bundle)], frozen_env(app_env, work)))
        try:
            for name, command, environment in runs:
                args = [*command, "--data-dir", str(data_dir)]
                results.append(
                    summary(name, cases, repeat, *measure(args, environment, bare_args, env, log, repeat))
                )
        except RuntimeError:
            for path in (log, data_dir / "logs" / "caseworker.log"):
                if path.exists():
                    tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
                    print(f"# --- {path.name}:", *tail, sep="\n", file=sys.stderr)
            raise
    return results


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, "2 000 cases, 3 starts each (seconds)")
    parser.add_argument("--cases", type=int, default=None, help="cases on the platform (default 50 000)")
    parser.add_argument("--repeat", type=int, default=None, help="starts each (the median is reported)")
    parser.add_argument(
        "--frozen", type=Path, default=BUNDLE, help="the bundle's executable (default: packaging/dist/...)"
    )
    args = parser.parse_args(argv)
    cases = args.cases or (2_000 if args.quick else 50_000)
    repeat = args.repeat or (3 if args.quick else 9)
    bundle: Path | None = args.frozen
    if bundle is not None and not bundle.is_file():
        print(
            f"# no bundle at {bundle} (python packaging/build.py): startup_offline_frozen skipped",
            file=sys.stderr,
        )
        bundle = None
    for text in run(cases, repeat, bundle):
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
