"""The main window: keyboard shortcuts, navigation, accessible names, window state, clean shutdown."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import shiboken6

from caseworker.store import QueueKind
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import AppUnderTest, app_signed_in, running_app
from ui.qt import Qt, QtWidgets
from ui.shell.main_window import PAGE_CASE, PAGE_OUTBOX, PAGE_QUEUE, MainWindow


def press(
    app: AppUnderTest, qtbot, window: QtWidgets.QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press as the user makes it: to the window's focus widget, through the shortcut map.

    Waiting (for the window to become active) runs the app's loop, never a bare Qt wait: a coroutine
    stepped by Qt outside the running asyncio loop would fail.
    """
    if QtWidgets.QApplication.activeWindow() is not window:
        window.activateWindow()
        app.wait(lambda: QtWidgets.QApplication.activeWindow() is window, what="the window to be active")
    target = QtWidgets.QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


@contextlib.contextmanager
def signed_in(qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox):
    """Johan (a team lead with a team: every queue) signed in. A context manager in the test body, not a
    fixture: the app must be shut down before pytest-qt's teardown processes Qt events outside the loop."""
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, "johan") as (app, window):
        yield app, window


def test_ctrl_number_switches_queues_and_ctrl_6_shows_the_outbox(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with signed_in(qtbot, qapp, qloop, tmp_path, sandbox) as (app, window):
        window.activateWindow()
        ctrl = Qt.KeyboardModifier.ControlModifier
        expected = {
            Qt.Key.Key_2: QueueKind.UNASSIGNED,
            Qt.Key.Key_3: QueueKind.TEAM,
            Qt.Key.Key_4: QueueKind.ALL,
            Qt.Key.Key_5: QueueKind.BOOKMARKED,
            Qt.Key.Key_1: QueueKind.MINE,
        }
        for key, kind in expected.items():
            press(app, qtbot, window, key, ctrl)
            assert window.current_queue() == kind.value
            assert window.queue_view.queue() == kind
            assert window.stack.currentIndex() == PAGE_QUEUE
            assert window.queue_actions[kind.value].isChecked()

        press(app, qtbot, window, Qt.Key.Key_6, ctrl)
        assert window.current_queue() == "outbox"
        assert window.stack.currentIndex() == PAGE_OUTBOX


def test_ctrl_f_focuses_the_search_from_anywhere(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with signed_in(qtbot, qapp, qloop, tmp_path, sandbox) as (app, window):
        press(app, qtbot, window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # the outbox
        press(app, qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == PAGE_QUEUE
        focus = QtWidgets.QApplication.focusWidget()
        assert isinstance(focus, QtWidgets.QLineEdit)
        assert window.queue_view.isAncestorOf(focus)


def test_opening_a_case_and_going_back(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with signed_in(qtbot, qapp, qloop, tmp_path, sandbox) as (app, window):
        model = window.queue_view.model
        app.wait(lambda: model.rowCount() > 0, what="rows")
        case_id = app.run(_first_case_id(window))
        window.queue_view.caseActivated.emit(case_id)
        assert window.stack.currentIndex() == PAGE_CASE
        app.wait(lambda: window.case_view.case_id == case_id, what="the case")
        press(app, qtbot, window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        assert window.stack.currentIndex() == PAGE_QUEUE


async def _first_case_id(window: MainWindow) -> str:
    from caseworker.store import CaseQuery

    ids = await window.services.store.ids(CaseQuery(queue=QueueKind.MINE))
    return ids[0]


def test_f5_syncs_now(qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox) -> None:
    with signed_in(qtbot, qapp, qloop, tmp_path, sandbox) as (app, window):
        finished: list[object] = []
        window.services.bridge.finished.connect(finished.append)
        press(app, qtbot, window, Qt.Key.Key_F5)
        app.wait(lambda: finished, what="a sync round")


def test_navigation_counts_and_accessible_names(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with signed_in(qtbot, qapp, qloop, tmp_path, sandbox) as (_app, window):
        nav = window.navigation
        mine = nav.count_of("mine")
        assert mine and mine > 0
        spoken = nav.item_for("mine").data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken == f"Mina ärenden, {mine} ärenden"
        assert nav.accessibleName()
        # every control of the shell has a name a screen reader can say
        for widget in (window.navigation, window.banner.retry, window.user_label, window.stack):
            assert widget.accessibleName() or getattr(widget, "text", lambda: "")(), widget
        for action in window.actions():  # the menu commands
            if action.isVisible():
                assert action.text(), action.objectName()
        for menu in (window.file_menu, window.view_menu, window.sync_menu, window.help_menu):
            assert menu.title()
        shortcuts = {a.objectName(): a.shortcut().toString() for a in window.actions()}
        assert shortcuts["actionSearch"] == "Ctrl+F"
        assert shortcuts["actionSyncNow"] == "F5"
        assert shortcuts["actionQuit"] == "Ctrl+Q"
        assert shortcuts["actionSettings"] == "Ctrl+,"
        assert [
            shortcuts[f"actionShow_{k}"] for k in ("mine", "unassigned", "team", "all", "bookmarked")
        ] == [f"Ctrl+{n}" for n in range(1, 6)]


def test_a_caseworker_without_team_has_no_team_queue(qtbot, qapp, qloop, tmp_path, sandbox: Sandbox) -> None:
    account = next((a for a in sandbox.accounts if not a["team"]), None)
    if account is None:
        pytest.skip("every demo account has a team")
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, account["username"]) as (_app, window):
        assert window.navigation.item_for("team").isHidden()


def test_window_geometry_is_remembered_and_closing_shuts_down_cleanly(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    keyring = MemoryKeyring()
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, "anna", keyring=keyring) as (app, window):
        window.resize(780, 590)  # within the offscreen screen (800 × 800): restoring never clamps it
        size = (window.width(), window.height())
        services = window.services
        window.close()  # as the user does: the app shuts down first, then the window goes
        app.wait(lambda: app.controller.finished, what="the shutdown")
        assert services.http.is_closed
        assert not shiboken6.isValid(window), "the window is gone after the store closed"
        with pytest.raises(Exception):  # noqa: B017  # the store is closed: its worker is gone
            app.run(services.store.outbox_counts())

    with running_app(qapp, qloop, tmp_path, platform=sandbox.url, keyring=keyring) as app:
        app.start()
        window = app.main_window()
        assert (window.width(), window.height()) == size


def test_quit_action_shuts_down(qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox) -> None:
    with signed_in(qtbot, qapp, qloop, tmp_path, sandbox) as (app, window):
        press(app, qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        app.wait(lambda: app.controller.finished, what="the shutdown")


def test_a_second_start_on_the_same_data_folder_wakes_the_first(qloop: LoopRunner, tmp_path: Path) -> None:
    from tests.helpers.waiting import until
    from ui.app.instance import SingleInstance

    first, second, other = SingleInstance(tmp_path), SingleInstance(tmp_path), SingleInstance(tmp_path / "x")
    woken: list[bool] = []
    first.activated.connect(lambda: woken.append(True))
    try:
        assert first.acquire()
        assert not second.acquire()
        qloop.run(until(lambda: woken, what="the first instance to be asked to come to the front"))
        assert other.acquire()  # another data folder is another app
    finally:
        for guard in (first, second, other):
            guard.release()
