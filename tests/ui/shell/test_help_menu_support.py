"""Hjälp → Kopiera diagnostik and Licenser för tredje part, in a signed-in app against the sandbox."""

from __future__ import annotations

from pathlib import Path

from caseworker.support import Licence, write_licences
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import app_signed_in
from ui.qt import QtGui
from ui.support import LicencesDialog


def test_copy_diagnostics_puts_the_state_on_the_clipboard_without_the_user(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, "anna") as (app, window):
        app.wait(lambda: window.indicator.last_sync, timeout=120, what="the first sync")
        action = window.support.copy_action
        assert action in window.help_menu.actions()
        assert action.text() == "&Kopiera diagnostik"
        QtGui.QGuiApplication.clipboard().clear()
        action.trigger()
        text = app.wait(lambda: QtGui.QGuiApplication.clipboard().text(), what="the clipboard")
        assert text.startswith("Caseworker ")
        assert f"Platform: {sandbox.url}" in text
        assert "Connection: online" in text and "Last complete sync: 20" in text
        assert f"logs: {app.paths.logs}".replace(str(Path.home()), "~") in text
        user = window.services.user
        for personal in (user.display_name, user.id, "Lindqvist"):
            assert personal not in text


def test_the_licences_dialog_lists_the_components_and_shows_their_texts(qtbot, tmp_path: Path) -> None:
    notice = tmp_path / "QT-NOTICE.txt"
    notice.write_text("Qt is used under the LGPL-3.0.", encoding="utf-8")
    folder = tmp_path / "licenses"
    write_licences(folder, ["pillow"], [Licence("Qt", "6.11.3", "LGPL-3.0-only", (str(notice),))])
    dialog = LicencesDialog(folder)
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())][1] == "Qt 6.11.3"
    assert str(folder) in dialog.intro.text()
    dialog.list.setCurrentRow(1)
    assert "LGPL-3.0" in dialog.text.toPlainText()
    dialog.list.setCurrentRow(0)
    assert "pillow" in dialog.text.toPlainText() and "Copyright" in dialog.text.toPlainText()


def test_from_source_the_licences_dialog_says_where_the_texts_come_from(qtbot) -> None:
    dialog = LicencesDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0
    assert "källkod" in dialog.intro.text()
