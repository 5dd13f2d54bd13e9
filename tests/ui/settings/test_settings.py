"""Settings: sign out (the outbox stays), sign out and wipe (confirmed; warns about unsent changes),
the size of the local data, retention and platform address; documents kept offline (how long unopened,
how much at most, "Töm dokumentcachen …") and their release at start."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from caseworker.store import CaseQuery, QueueKind
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import AppUnderTest, app_signed_in, running_app
from ui.dialogs import visible_message_boxes
from ui.qt import Qt, QtWidgets
from ui.services import Services
from ui.settings.dialog import NO_LIMIT, SettingsDialog
from ui.settings_store import USERS_FILE, AppSettings


@pytest.fixture
def keyring() -> MemoryKeyring:
    """The computer's keystore, kept across the test's app starts."""
    return MemoryKeyring()


@contextlib.contextmanager
def anna_signed_in(qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox, keyring: MemoryKeyring):
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, "anna", keyring=keyring) as (app, _window):
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
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox, keyring: MemoryKeyring
) -> None:
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
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox, keyring: MemoryKeyring
) -> None:
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


# --- documents kept offline ------------------------------------------------------------------------------


def make_a_case_available_offline(app: AppUnderTest) -> tuple[str, dict[str, str]]:
    """The first of Anna's cases, with its documents' bytes in the store: (case id, sha256 by doc id)."""
    services = app.main_window().services
    case_id = app.run(services.store.ids(CaseQuery(queue=QueueKind.MINE)))[0]
    app.run(services.sync.make_available_offline(case_id), timeout=120)
    documents = app.run(services.store.list_documents(case_id))
    assert len({d.sha256 for d in documents}) >= 2, "the test needs a case with two different documents"
    assert all(app.run(services.store.has_blob(d.sha256)) for d in documents)
    return case_id, {d.id: d.sha256 for d in documents}


def blob_files(services: Services) -> set[str]:
    """The names of the blob files in the store folder (the real files, not the store's idea of them)."""
    root = services.store.directory / "blobs"
    return {p.name for p in root.rglob("*") if p.is_file() and ".tmp" not in p.parts}


def offline_column(window: QtWidgets.QWidget) -> list[str]:
    tree = window.case_view.documents.tree  # type: ignore[attr-defined]
    return [item.text(3) for i in range(tree.topLevelItemCount()) if (item := tree.topLevelItem(i))]


def test_document_retention_and_size_limit_are_saved(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, MemoryKeyring()) as app:
        dialog = open_settings(app)
        assert dialog.document_retention_combo.currentData() == 90  # the defaults
        assert dialog.document_retention_combo.currentText() == "90 dagar"
        assert dialog.document_limit_combo.currentData() == 5
        assert dialog.document_limit_combo.currentText() == "5 GB"
        offered = [
            dialog.document_limit_combo.itemText(i) for i in range(dialog.document_limit_combo.count())
        ]
        assert offered == ["1 GB", "2 GB", "5 GB", "10 GB", "Ingen gräns"]

        dialog.document_retention_combo.setCurrentIndex(dialog.document_retention_combo.findData(30))
        dialog.document_limit_combo.setCurrentIndex(dialog.document_limit_combo.findData(NO_LIMIT))
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
        settings = AppSettings(tmp_path / "config")
        assert settings.document_retention_days == 30
        assert settings.document_limit_gb is None and settings.document_limit_bytes is None
        assert settings.retention_days == 30  # the sent changes' retention is its own setting

        dialog = open_settings(app)
        assert dialog.document_retention_combo.currentText() == "30 dagar"
        assert dialog.document_limit_combo.currentText() == "Ingen gräns"
        dialog.document_limit_combo.setCurrentIndex(dialog.document_limit_combo.findData(2))
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
        assert AppSettings(tmp_path / "config").document_limit_bytes == 2_000_000_000


def test_the_local_data_group_has_names_and_unique_mnemonics(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, MemoryKeyring()) as app:
        dialog = open_settings(app)
        mnemonics: dict[str, str] = {}
        for w in dialog.findChildren(QtWidgets.QWidget):
            if not w.isVisibleTo(dialog):
                continue
            if isinstance(w, QtWidgets.QComboBox | QtWidgets.QLineEdit | QtWidgets.QPushButton):
                assert w.accessibleName() or w.text(), f"{w.objectName()} has no name"  # type: ignore[union-attr]
            label = w.text() if isinstance(w, QtWidgets.QAbstractButton | QtWidgets.QLabel) else ""
            if m := re.search(r"&(\w)", label):
                key = m.group(1).lower()
                assert key not in mnemonics, f"Alt+{key} is both {mnemonics[key]!r} and {label!r}"
                mnemonics[key] = label
        assert dialog.document_retention_label.buddy() is dialog.document_retention_combo
        assert dialog.document_limit_label.buddy() is dialog.document_limit_combo
        assert {"d", "f", "t"} <= set(mnemonics)
        assert dialog.empty_button.accessibleName() == "Töm dokumentcachen"


def test_emptying_the_document_cache_removes_the_documents_bytes_only(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, MemoryKeyring()) as app:
        window = app.main_window()
        services = window.services
        case_id, documents = make_a_case_available_offline(app)
        queue_a_change_offline(app)  # an unsent note: the outbox must not change
        unrelated = app.run(services.store.put_blob(b"%PDF-1.7 a letter no cached document lists"))
        outbox_before = app.run(services.store.list_outbox())
        assert set(documents.values()) | {unrelated} <= blob_files(services)

        window.open_case(case_id)
        app.run(window.case_view.show_case(case_id))  # from the store, then refreshed from the platform
        app.wait(lambda: offline_column(window) and all("Finns offline" in t for t in offline_column(window)),
                 what="the documents shown as available offline")  # fmt: skip

        dialog = open_settings(app)
        app.wait(lambda: dialog.cache_bytes is not None and dialog.document_bytes, what="the sizes")
        before, documents_before = dialog.cache_bytes, dialog.document_bytes
        assert documents_before is not None and before is not None and documents_before < before
        size_text = dialog.size_value.text()

        qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
        box = app.wait(lambda: visible_message_boxes(), what="the confirmation")[0]
        assert box.objectName() == "emptyCacheConfirmation"
        assert box.windowTitle() == "Töm dokumentcachen?"
        assert box.text().startswith("Alla offlinedokument tas bort från den här datorn")
        assert "utkorgen finns kvar" in box.informativeText()
        assert box.defaultButton() is not dialog.confirm_empty_button  # the safe choice is the default
        assert set(documents.values()) <= blob_files(services), "nothing is removed before the answer"
        assert dialog.confirm_empty_button is not None
        qtbot.mouseClick(dialog.confirm_empty_button, Qt.MouseButton.LeftButton)

        app.wait(lambda: "frigjordes" in dialog.cache_status.text(), what="the cache to be emptied")
        app.wait(lambda: dialog.document_bytes == 0, what="the sizes measured again")
        assert blob_files(services) == {unrelated}, "only the documents' bytes went"
        assert dialog.cache_bytes is not None and dialog.cache_bytes < before  # the databases may grow a bit
        assert dialog.size_value.text() != size_text
        assert dialog.documents_value.text() == "0 B"
        assert app.run(services.store.list_outbox()) == outbox_before
        assert app.run(app.controller.outbox_waiting()) == 1
        assert app.run(services.store.list_documents(case_id))  # still listed, fetched again when opened

        # the open case says so at once (it asks the store whether each document's bytes are there)
        app.wait(lambda: offline_column(window) and all(t == "–" for t in offline_column(window)),
                 what="the documents shown as not available offline")  # fmt: skip
        dialog.reject()


def test_emptying_can_be_cancelled(qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, MemoryKeyring()) as app:
        services = app.main_window().services
        _case_id, documents = make_a_case_available_offline(app)
        dialog = open_settings(app)
        dialog.empty_document_cache()
        box = app.wait(lambda: visible_message_boxes(), what="the confirmation")[0]
        box.button(QtWidgets.QMessageBox.StandardButton.Cancel).click()
        app.wait(lambda: not visible_message_boxes(), what="the confirmation to close")
        assert set(documents.values()) <= blob_files(services)
        assert not dialog.cache_status.isVisible()


def test_start_up_releases_documents_not_opened_for_longer_than_the_setting(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox, keyring: MemoryKeyring
) -> None:
    with anna_signed_in(qtbot, qapp, qloop, tmp_path, sandbox, keyring) as app:
        services = app.main_window().services
        store_dir = services.store.directory
        _case_id, documents = make_a_case_available_offline(app)
        app.controller.settings.document_retention_days = 30
        app.controller.settings.sync()
    old, *recent = sorted(set(documents.values()))

    # the app is closed: the blob uses are in cache.db (plain columns); one was last opened 31 days ago
    with contextlib.closing(sqlite3.connect(store_dir / "cache.db")) as conn, conn:
        rows = dict(conn.execute("SELECT sha256, last_used FROM blob_use").fetchall())
        assert set(documents.values()) <= set(rows)
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
        conn.execute("UPDATE blob_use SET last_used = ? WHERE sha256 = ?", (long_ago.isoformat(), old))

    with running_app(qapp, qloop, tmp_path, platform=sandbox.url, keyring=keyring) as app:
        app.start()  # the remembered user: straight to the main window, which purges in the background
        services = app.main_window().services
        app.wait(lambda: old not in blob_files(services), what="the old document to be released")
        assert set(recent) <= blob_files(services)
        assert not app.run(services.store.has_blob(old))
