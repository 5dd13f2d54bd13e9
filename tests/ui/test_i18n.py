"""Languages: Swedish by default, English live, the pseudo-locale for clipped labels, Swedish dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import running_app
from tests.ui.conftest import LoopRunner
from ui import i18n
from ui.qt import QtCore, QtGui, QtWidgets
from ui.shell.navigation import nav_label

SHELL_CONTEXTS = {
    "AppController", "ErrorReporter", "MainWindow", "Navigation", "NavigationSidebar", "OfflineBanner",
    "SettingsDialog", "SignInWindow",
}  # fmt: skip


def test_the_english_catalog_builds_and_covers_the_shell() -> None:
    qm = i18n.release("en")  # the .qm is a build output: made here as the app makes it on first use
    translator = QtCore.QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Navigation", "Mina ärenden") == "My cases"
    missing = [m for m in i18n.untranslated(i18n.ts_file("en")) if m[0] in SHELL_CONTEXTS]
    assert missing == []


def test_placeholders_survive_translation() -> None:
    for (_context, source), english in i18n.read_ts(i18n.ts_file("en")).items():
        assert set(re.findall(r"\{\w*\}", source)) == set(re.findall(r"\{\w*\}", english)), source


def test_a_text_marked_under_another_context_is_still_translated(qapp) -> None:
    translations = i18n.Translations(qapp)
    try:
        translations.apply("en")
        translate = QtCore.QCoreApplication.translate
        assert translate("Navigation", "Mina ärenden") == "My cases"  # the exact context
        assert translate("SomeHelperModule", "Mina ärenden") == "My cases"  # the text is known
        assert translate("Navigation", "no such text") == "no such text"
    finally:
        translations.apply("sv")


def test_the_ts_file_is_read_directly_when_no_qm_can_be_built() -> None:
    translator = i18n.TsTranslator(i18n.ts_file("en"))
    assert translator.translate("Navigation", "Utkorg") == "Outbox"
    assert not translator.translate("Navigation", "not a source text")


def test_pseudo_locale_keeps_placeholders_and_is_longer() -> None:
    text = "Inloggad som {name} – &Logga ut <b>nu</b> %1"
    p = i18n.pseudo(text)
    assert p.startswith("[") and p.endswith("]")
    for kept in ("{name}", "<b>", "</b>", "%1"):
        assert kept in p
    assert len(p) >= 1.3 * len(text)
    assert i18n.pseudo("Mina ärenden") != "Mina ärenden"
    assert i18n.pseudo("") == ""


def test_dates_are_swedish_in_every_language() -> None:
    assert i18n.format_date(dt.date(2026, 11, 24)) == "2026-11-24"
    assert i18n.format_datetime(dt.datetime(2026, 11, 24, 14, 5)) == "2026-11-24 14:05"
    assert i18n.format_size(12_300_000) == "12,3 MB"


def test_switching_language_in_settings_changes_visible_text(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with running_app(qapp, qloop, tmp_path, platform=sandbox.url) as app:
        app.start()
        window = app.sign_in_by_clicking("anna", qtbot)
        mine = window.navigation.item_for("mine")
        assert mine.text() == "Mina ärenden"
        assert window.file_menu.title() == "&Arkiv"

        dialog = app.controller.open_settings()
        app.wait(dialog.isVisible)
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()

        app.wait(lambda: mine.text() == "My cases", what="the English labels")
        assert window.file_menu.title() == "&File"
        assert window.queue_actions["outbox"].text() == "Outbox"
        assert window.banner.retry.text() == "Try to connect"
        assert app.controller.settings.language == "en"  # remembered for the next start

        app.controller.set_language("sv")
        app.wait(lambda: mine.text() == "Mina ärenden", what="the Swedish labels")


def test_lang_option_starts_in_english(qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox) -> None:
    with running_app(qapp, qloop, tmp_path, platform=sandbox.url, lang="en") as app:
        app.start()
        signin = app.signin()
        assert signin.windowTitle() == "Sign in – Caseworker"
        assert signin.sign_in_button.text() == "&Sign in"
        assert nav_label("mine") == "My cases"


def _clipped(widget: QtWidgets.QWidget) -> str | None:
    """The text of a button or one-line label that does not fit its widget, if any."""
    if isinstance(widget, QtWidgets.QAbstractButton):
        text = widget.text().replace("&", "")
        room = widget.width() - (widget.iconSize().width() + 16 if not widget.icon().isNull() else 8)
    elif isinstance(widget, QtWidgets.QLabel) and not widget.wordWrap() and widget.textFormat() != 1:
        text = widget.text().replace("&", "")
        room = widget.contentsRect().width()
    else:
        return None
    if not text or "<" in text:
        return None
    needed = QtGui.QFontMetrics(widget.font()).horizontalAdvance(text)
    return text if needed > room + 1 else None


@pytest.mark.parametrize("lang", ["pseudo", "en"])
def test_no_clipped_labels_in_long_languages(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox, lang: str
) -> None:
    with running_app(qapp, qloop, tmp_path, platform=sandbox.url, lang=lang) as app:
        app.start()
        signin = app.signin()
        app.wait(lambda: signin.accounts_group.isVisible(), what="the demo accounts")
        if lang == "pseudo":
            assert signin.sign_in_button.text().startswith("[")
        clipped = [t for w in signin.findChildren(QtWidgets.QWidget) if w.isVisible() and (t := _clipped(w))]
        assert clipped == []

        window = app.sign_in_by_clicking("anna", qtbot)
        nav = window.navigation
        label_room = nav.viewport().width() - nav.iconSize().width() - 24 - 48  # icon, margins, the badge
        metrics = QtGui.QFontMetrics(nav.font())
        for row in range(nav.count()):
            item = nav.item(row)
            if not item.isHidden():
                assert metrics.horizontalAdvance(item.text()) <= label_room, item.text()
        shell = [window.banner, window.statusBar()]
        widgets = [w for s in shell for w in s.findChildren(QtWidgets.QWidget) if w.isVisible()]
        clipped = [t for w in widgets if (t := _clipped(w))]
        assert clipped == []


def test_case_and_outbox_views_speak_english_when_built_and_after_a_live_switch(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    from tests.ui.services_factory import find_case, running_services, until
    from ui.case import CaseView
    from ui.outbox.indicator import SyncIndicator
    from ui.outbox.view import OutboxView

    with sandbox.client("anna") as c:
        case = find_case(c, lambda k: True)
    translations = i18n.Translations(qapp)
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        try:
            # built with English loaded
            translations.apply("en")
            view = CaseView(services)
            qtbot.addWidget(view)
            view.show()
            qloop.run(view.show_case(case["id"]))
            assert view.request_completion.text() == "&Request completion …"
            assert view.clock_box.title() == "Time limit"
            assert view.parties_box.title() == "Parties"
            assert view.write_tabs.tabText(0) == "Internal note"
            assert view.documents.open_button.text() == "O&pen"
            assert view.clock.started_label.text() == "Start date:"
            assert " · Received " in view.meta.text()
            outbox = OutboxView(services)
            qtbot.addWidget(outbox)
            qloop.run(outbox.refresh())
            assert outbox.title.text() == "Outbox"
            assert outbox.retry.text() == "Try &again"
            assert outbox.summary.text().startswith("The outbox is empty")
            header = outbox.model.headerData(0, QtCore.Qt.Orientation.Horizontal)
            assert header == "Case"
            indicator = SyncIndicator(services)
            qtbot.addWidget(indicator)
            assert indicator.progress.accessibleName() == "Synchronisation in progress"

            # switched live back to Swedish (the source texts), and to English again
            translations.apply("sv")
            # LanguageChange is posted: wait for it
            qtbot.waitUntil(lambda: view.request_completion.text() == "&Begär komplettering …")
            assert view.clock_box.title() == "Tidsfrist"
            assert outbox.title.text() == "Utkorgen"
            assert outbox.model.headerData(0, QtCore.Qt.Orientation.Horizontal) == "Ärende"
            assert indicator.progress.accessibleName() == "Synkronisering pågår"
            qloop.run(until(lambda: outbox.summary.text().startswith("Utkorgen är tom")))
            qloop.run(until(lambda: " · Inkom " in view.meta.text()))  # the case redrawn too
            translations.apply("en")
            qtbot.waitUntil(lambda: view.send_message_button.text() == "Send &message")
            qloop.run(until(lambda: " · Received " in view.meta.text()))
            qloop.run(until(lambda: outbox.summary.text().startswith("The outbox is empty")))
        finally:
            translations.apply("sv")
