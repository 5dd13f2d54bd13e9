"""What a remembered user's start loads before the main window is interactive (docs/architecture.md,
Start-up): only what the first window needs. The rest loads when first used -- authlib with an online
sign-in or refresh, httpx's transports (httpcore, anyio, trio, truststore) with the first request, the
drawing engine with the first drawing, the decision letter machinery with the first decision, the
sandbox platform with ``--demo`` -- and each would cost every start its import time.

The start runs as the real ``caseworker`` does, in a fresh process (a test process has imported
everything already), offline, on the data folder a first start signed in and synced; the child reports
``sys.modules`` at the moment the start-up hook (``ui/app/interactive.py``) finds the window interactive.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import file_keyring
from tests.ui.apphelpers import SameComputer
from tests.ui.conftest import LoopRunner
from ui.app import interactive

ROOT = Path(__file__).resolve().parents[3]

# Modules (and packages: their submodules too) a remembered user's start must not import.
NOT_AT_START = (
    "authlib",  # sign-in and token refresh: online, after the window
    "httpcore",  # httpx's transports are built at the first request
    "anyio",
    "trio",
    "truststore",
    "h11",
    "httpx._main",  # httpx's command line (click, rich, pygments): never
    "click",
    "rich",
    "pygments",
    "caseworker.drawings",  # the drawing viewer: when a drawing is opened
    "ui.drawings.viewer",
    "ui.drawings.canvas",
    "pypdfium2",
    "PIL",
    "caseworker.decisions",  # the decision editor and its letter: when a decision is made
    "ui.decisions.editor",
    "pikepdf",
    "reportlab",
    "lxml",
    "yaml",
    "caseworker.sandbox",  # the embedded platform: --demo only
    "fastapi",
    "sqlalchemy",
    "uvicorn",
    "caseworker.workload",  # the team lead's board: when opened
)

CHILD = """
import sys
from ui.app import interactive

report = interactive.InteractiveProbe._report

def report_modules(self):
    if not self.reported:
        print("modules: " + " ".join(sorted(name for name, m in sys.modules.items() if m is not None)))
    report(self)

interactive.InteractiveProbe._report = report_modules
from ui.main import main
sys.exit(main(sys.argv[1:]))
"""


def loaded_at_start(data_dir: Path, keyring_file: Path) -> set[str]:
    env = {
        **os.environ,
        **file_keyring.environment(keyring_file),
        interactive.ENV: "1",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    args = [sys.executable, "-c", CHILD, "--data-dir", str(data_dir), "--no-single-instance"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert any(line.startswith(interactive.LINE_PREFIX) for line in lines), done.stdout[-2000:]
    (modules,) = [line for line in lines if line.startswith("modules: ")]
    return set(modules.removeprefix("modules: ").split())


def test_a_remembered_users_offline_start_loads_only_what_the_first_window_needs(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, make_sandbox
) -> None:
    platform = make_sandbox()
    keyring_file = tmp_path / "keyring.json"
    computer = SameComputer(qapp, qloop, tmp_path / "caseworker", platform.url)
    computer.keyring = file_keyring.FileKeyring(keyring_file)  # the child process reads the data key
    with computer.signed_in(qtbot) as (_app, window):
        assert window.navigation.count_of("mine")
    platform.stop()

    loaded = loaded_at_start(tmp_path / "caseworker", keyring_file)

    assert {"ui.shell.main_window", "ui.queue.view", "caseworker.store"} <= loaded  # it did start
    early = sorted(m for m in loaded if any(m == p or m.startswith(p + ".") for p in NOT_AT_START))
    assert not early, f"imported before the main window was interactive: {early}"
