"""`caseworker --demo`: the embedded sandbox starts (with progress), a demo account signs in, the main
window shows the user's queue, and quitting shuts everything down cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from caseworker.store import CaseQuery, QueueKind
from tests.helpers import memory_keyring
from tests.helpers.plaintext import personnummer_forms, scan
from tests.helpers.qt import LoopRunner
from tests.ui.apphelpers import running_app
from ui.app.demo import demo_platform_home
from ui.main import main
from ui.qt import QtCore, QtWidgets
from ui.shell.main_window import MainWindow


def test_demo_lists_the_accounts_and_a_click_opens_the_queue(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path
) -> None:
    with running_app(qapp, qloop, tmp_path, demo=True) as app:
        starting = asyncio.ensure_future(app.controller.start(), loop=qloop.loop)
        signin = app.wait(lambda: app.controller.signin, what="the sign-in window")
        assert "Startar demoplattformen" in signin.status.text()  # seeding runs off the UI thread
        app.wait(starting.done, timeout=120, what="the demo platform")
        assert starting.exception() is None
        assert (demo_platform_home(tmp_path) / "sandbox.db").exists()  # the platform's, beside the client's
        assert not (tmp_path / "data" / "sandbox.db").exists()
        assert signin.platform_edit.isReadOnly()

        window = app.sign_in_by_clicking("anna", qtbot)
        assert window.windowTitle().startswith("Anna Lindqvist")
        assert "demo" in window.windowTitle()
        count = window.navigation.count_of  # compared live: both catch up with the sync
        app.wait(lambda: window.queue_view.model.rowCount() == count("mine") > 0, what="the queue's rows")
        demo = app.controller.demo
        assert demo is not None
    assert not demo.running._thread.is_alive(), "the embedded platform stops with the app"


def test_a_demo_session_leaves_no_plaintext_personal_data_in_the_client_folder(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path
) -> None:
    """QUALITY.md Security, after ``--demo``: the client's whole folder is scanned, nothing left out. The
    embedded platform's database (every demo person's personnummer, in plaintext as on any platform) is
    the platform's, kept in a folder of its own."""
    client = tmp_path / "client"
    (client / "data").mkdir(parents=True)
    (client / "data" / "sandbox.db").write_bytes(b"")  # where an earlier version kept the demo database
    with running_app(qapp, qloop, client, demo=True) as app:
        app.start()
        window = app.sign_in_by_clicking("anna", qtbot)
        services = window.services
        case_id = app.run(services.store.ids(CaseQuery(queue=QueueKind.MINE)))[0]
        app.run(services.sync.make_available_offline(case_id))  # documents name people too
        app.run(services.sync.add_note(case_id, "Anteckning om sökandens ekonomi"))
    home = demo_platform_home(client)
    assert home.is_dir() and not home.is_relative_to(client)
    with contextlib.closing(sqlite3.connect(home / "sandbox.db")) as db:
        people = db.execute("SELECT name, personal_number FROM parties WHERE personal_number IS NOT NULL")
        names, numbers = set(), set()
        for name, pnr in people:
            names.add(name)
            numbers |= personnummer_forms(pnr)
    assert len(numbers) > 100
    files, scanned, hits = scan(client, names, numbers)
    assert files >= 4 and scanned > 100_000, (files, scanned)  # the store, its blobs, the log, the config
    assert not hits, hits[:20]


def test_main_runs_the_demo_and_quits_cleanly(qapp: QtWidgets.QApplication, tmp_path: Path) -> None:
    seen: list[str] = []  # the title of the main window once it had synced

    def poll() -> None:
        for widget in QtWidgets.QApplication.topLevelWidgets():
            synced = isinstance(widget, MainWindow) and widget.isVisible() and widget.indicator.last_sync
            if synced and not seen:
                seen.append(widget.windowTitle())
                widget.close()  # as the user does; the app shuts down before the window goes

    timer = QtCore.QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    try:
        with memory_keyring.install():
            code = main(["--demo", "--user", "anna", "--data-dir", str(tmp_path), "--no-single-instance"])
    finally:
        timer.stop()
    assert code == 0
    assert seen, "the main window came up and synced"
    assert "Anna Lindqvist" in seen[0]
    assert (tmp_path / "logs" / "caseworker.log").exists()
    assert (tmp_path / "config" / "caseworker.ini").exists()  # window state saved on the way out


def test_a_start_against_a_real_platform_does_not_load_the_embedded_sandbox() -> None:
    """FastAPI, SQLAlchemy and uvicorn are only for ``--demo``: importing them costs every start ~0.4 s."""
    code = (
        "import sys, ui.main, ui.app.controller, ui.app.demo\n"
        "heavy = sorted(m for m in ('fastapi', 'sqlalchemy', 'uvicorn', 'caseworker.sandbox.server')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == ""
