"""Settings: sign out (the outbox stays), sign out and wipe (confirmed; warns about unsent changes),
the size of the local data, retention and platform address."""

from __future__ import annotations

import contextlib
from pathlib import Path

from caseworker.store import CaseQuery, QueueKind
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import AppUnderTest, running_app
from tests.ui.conftest import LoopRunner
from ui.app.dialogs import visible_message_boxes
from ui.app.settings import USERS_FILE, AppSettings
from ui.qt import Qt, QtWidgets
from ui.settings.dialog import SettingsDialog


@contextlib.contextmanager
def anna_signed_in(qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox, keyring: MemoryKeyring):
    with running_app(qapp, qloop, tmp_path, platform=sandbox.url, keyring=keyring) as app:
        app.start()
        app.sign_in_by_clicking("anna", qtbot)
        yield app


def queue_a_change_offline(app: AppUnderTest) -> None:
    """A note that stays in the outbox: the sync engine is stopped first, so nothing is sent."""
    services = app.main_window().services
    app.run(services.sync.stop())
    case_id = app.run(services.store.ids(CaseQuery(queue=QueueKind.MINE)))[0]
    app.run(services.sync.add_note(case_id, "Ring sökanden om ritningarna."))
    assert app.run(app.controller.outbox_waiting()) == 1


def open_settings(app: AppUnderTest) -> SettingsDialog:
    dialog = app.controller.open_settings()
    app.wait(lambda: dialog.isVisible(), what="the settings dialog")
    return dialog


def test_wipe_warns_about_unsent_changes_and_removes_the_local_data(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    keyring = MemoryKeyring()
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, keyring) as app:
        store_dir = app.main_window().services.store.directory
        assert store_dir.exists()
        queue_a_change_offline(app)

        dialog = open_settings(app)
        qtbot.mouseClick(dialog.wipe_button, Qt.MouseButton.LeftButton)
        box = app.wait(lambda: visible_message_boxes(), what="the confirmation")[0]
        assert box.objectName() == "wipeConfirmation"
        assert "1 ändring i utkorgen har inte skickats" in box.informativeText()
        assert "försvinner" in box.informativeText()
        assert box.defaultButton() is not dialog.confirm_wipe_button  # the safe choice is the default

        assert dialog.confirm_wipe_button is not None
        qtbot.mouseClick(dialog.confirm_wipe_button, Qt.MouseButton.LeftButton)
        signin = app.wait(lambda: app.controller.signin if not store_dir.exists() else None, what="the wipe")
        app.wait(lambda: signin.isVisible(), what="the sign-in window")
        assert app.controller.main_window is None
        assert not [k for k in keyring.passwords if k[1].startswith("data-key:")], "the data key is removed"
        assert "Anna" not in (tmp_path / "config" / USERS_FILE).read_text(encoding="utf-8")
        assert not signin.remembered_group.isVisible()


def test_cancelling_the_wipe_keeps_everything(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, MemoryKeyring()) as app:
        queue_a_change_offline(app)
        dialog = open_settings(app)
        dialog.sign_out_and_wipe()
        box = app.wait(lambda: visible_message_boxes(), what="the confirmation")[0]
        box.button(QtWidgets.QMessageBox.StandardButton.Cancel).click()
        app.wait(lambda: not visible_message_boxes(), what="the confirmation to close")
        assert app.controller.main_window is not None
        assert app.main_window().services.store.directory.exists()
        assert app.run(app.controller.outbox_waiting()) == 1


def test_sign_out_keeps_the_outbox_for_the_next_sign_in(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    keyring = MemoryKeyring()
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, keyring) as app:
        store_dir = app.main_window().services.store.directory
        queue_a_change_offline(app)
        dialog = open_settings(app)
        qtbot.mouseClick(dialog.sign_out_button, Qt.MouseButton.LeftButton)
        signin = app.wait(lambda: app.controller.signin, what="the sign-in window")
        app.wait(lambda: signin.isVisible() and app.controller.main_window is None, what="signed out")
        assert store_dir.exists(), "signing out never deletes the outbox"

        # the same user signs in again: the waiting note is still there (and is sent)
        app.sign_in_by_clicking("anna", qtbot)
        services = app.main_window().services
        assert services.store.directory == store_dir
        assert app.run(services.store.outbox_counts())  # the store is the same one


def test_settings_show_the_local_data_size_and_save_choices(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, MemoryKeyring()) as app:
        dialog = open_settings(app)
        app.wait(lambda: dialog.cache_bytes is not None, what="the size")
        assert dialog.cache_bytes and dialog.cache_bytes > 0
        assert dialog.size_value.text().endswith("B")  # e.g. "1,2 MB"
        assert dialog.platform_edit.text() == sandbox.url
        assert "nästa inloggning" in dialog.platform_note.text()

        dialog.retention_combo.setCurrentIndex(dialog.retention_combo.findData(90))
        dialog.platform_edit.setText("https://etjanst.example.se/")
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
        settings = AppSettings(tmp_path / "config")
        assert settings.retention_days == 90
        assert settings.platform_url == "https://etjanst.example.se"
