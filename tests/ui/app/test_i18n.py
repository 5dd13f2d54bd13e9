"""Languages: Swedish by default, English live, the pseudo-locale for clipped labels, Swedish dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import PATIENCE_MS
from tests.ui.apphelpers import app_at_sign_in, app_signed_in
from tests.ui.outbox.world import Offline
from ui import i18n, labels
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
    assert labels.format_date(dt.date(2026, 11, 24)) == "2026-11-24"
    assert labels.format_datetime(dt.datetime(2026, 11, 24, 14, 5)) == "2026-11-24 14:05"
    assert labels.format_size(12_300_000) == "12,3 MB"
    assert labels.format_size(0) == "0 B"  # never the Swedish word "byte" on an English screen


def test_switching_language_in_settings_changes_visible_text(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, "anna") as (app, window):
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
    with app_at_sign_in(qapp, qloop, tmp_path, sandbox.url, lang="en") as (_app, signin):
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
    with app_at_sign_in(qapp, qloop, tmp_path, sandbox.url, lang=lang) as (app, signin):
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
    from tests.helpers.waiting import until
    from tests.ui.services_factory import a_case, case_view, running_services
    from ui.outbox.indicator import SyncIndicator
    from ui.outbox.view import OutboxView

    case = a_case(sandbox, lambda k: True)
    translations = i18n.Translations(qapp)
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        try:
            # built with English loaded
            translations.apply("en")
            view = case_view(qtbot, qloop, services, case["id"])
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
            qtbot.waitUntil(
                lambda: view.request_completion.text() == "&Begär komplettering …", timeout=PATIENCE_MS
            )
            assert view.clock_box.title() == "Tidsfrist"
            assert outbox.title.text() == "Utkorgen"
            assert outbox.model.headerData(0, QtCore.Qt.Orientation.Horizontal) == "Ärende"
            assert indicator.progress.accessibleName() == "Synkronisering pågår"
            qloop.run(until(lambda: outbox.summary.text().startswith("Utkorgen är tom")))
            qloop.run(until(lambda: " · Inkom " in view.meta.text()))  # the case redrawn too
            translations.apply("en")
            qtbot.waitUntil(lambda: view.send_message_button.text() == "Send messa&ge", timeout=PATIENCE_MS)
            qloop.run(until(lambda: " · Received " in view.meta.text()))
            qloop.run(until(lambda: outbox.summary.text().startswith("The outbox is empty")))
        finally:
            translations.apply("sv")


# --- open dialogs follow a live switch -------------------------------------------------------------------

DIALOG_CONTEXTS = {
    "CompletionRequestDialog", "ConflictDialog", "ExtendDeadlineDialog", "MessageDialog",
    "OfflineProgressDialog", "OutboxView", "SettingsDialog", "SignInWindow",
}  # fmt: skip


def test_the_english_catalog_covers_the_dialogs() -> None:
    missing = [m for m in i18n.untranslated(i18n.ts_file("en")) if m[0] in DIALOG_CONTEXTS]
    assert missing == []


@pytest.fixture
def translations(qapp: QtWidgets.QApplication) -> Iterator[i18n.Translations]:
    """The app's languages, Swedish to begin with. A test ends in Swedish itself, having waited for its
    widgets to follow (a switch left to the teardown would reach widgets whose services are closed)."""
    translations = i18n.Translations(qapp)
    translations.apply("sv")
    yield translations
    if translations.language != "sv":
        translations.apply("sv")


def _switch(translations: i18n.Translations, qtbot, lang: str, done: Callable[[], bool]) -> None:
    """Switch the language live and wait until ``done`` (Qt posts the LanguageChange events)."""
    translations.apply(lang)
    qtbot.waitUntil(done, timeout=PATIENCE_MS)


def _labels(widget: QtWidgets.QWidget) -> list[str]:
    return [w.text() for w in widget.findChildren(QtWidgets.QLabel) if w.isVisible() and w.text()]


def test_open_case_dialogs_follow_a_live_switch_and_keep_what_the_user_typed(
    qtbot, translations: i18n.Translations, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    from caseworker.domain.models import DeadlineExtension
    from tests.helpers.waiting import until
    from tests.ui.services_factory import a_case, case_view, reloads_over, running_services
    from ui.case.dialogs import OfflineProgressDialog

    case = a_case(sandbox, lambda k: True)
    number = case["registration_number"]
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        view = case_view(qtbot, qloop, services, case["id"], show=False)
        extend, completion = view.extension_dialog(), view.completion_dialog()
        assert extend is not None and completion is not None
        progress = OfflineProgressDialog(view)
        for dialog in (extend, completion, progress):
            qtbot.addWidget(dialog)
            dialog.show()
        progress.set_bytes(1_400_000, 2_900_000)  # SI: 1,4 MB of 2,9 MB
        extend.weeks.setValue(4)
        extend.reason.insertPlainText("Samråd med länsstyrelsen.")  # as typed (QTest types ASCII only)
        subject = completion.subject.text()
        completion.body.setPlainText(completion.body.toPlainText().replace("- \n", "- Situationsplan\n"))
        letter = completion.body.toPlainText()
        assert extend.windowTitle() == f"Förläng tidsfristen – {number}"
        assert extend.ok_button.text() == "&Förläng" and extend.ok_button.isEnabled()
        assert completion.windowTitle() == f"Begär komplettering – {number}"
        assert completion.ok_button.text() == "&Skicka begäran"
        assert progress.labelText() == "Hämtar handlingar: 1,4 MB av 2,9 MB …"

        _switch(translations, qtbot, "en", lambda: extend.ok_button.text() == "&Extend")
        assert extend.windowTitle() == f"Extend the time limit – {number}"
        assert extend.info.text().startswith("The time limit may be extended once")
        assert (extend.weeks_label.text(), extend.weeks.suffix()) == ("&Weeks:", " weeks")
        assert extend.reason.placeholderText() == "Why the case is particularly complicated …"
        assert extend.cancel_button.text() == "Cancel"
        assert extend.extension() == DeadlineExtension(weeks=4, reason="Samråd med länsstyrelsen.")
        assert extend.ok_button.isEnabled()
        assert completion.windowTitle() == f"Request completion – {number}"
        assert completion.ok_button.text() == "&Send request"
        assert (completion.subject_label.text(), completion.body_label.text()) == (
            "Sub&ject:",
            "Message &text:",
        )
        # the letter goes to the applicant: it stays as written, in Swedish
        assert (completion.subject.text(), completion.body.toPlainText()) == (subject, letter)
        assert subject == f"Begäran om komplettering – {number}"
        assert progress.windowTitle() == "Make available offline"
        assert progress.labelText() == "Fetching documents: 1,4 MB of 2,9 MB …"

        _switch(translations, qtbot, "pseudo", lambda: extend.ok_button.text().startswith("["))
        for dialog in (extend, completion):  # every label of theirs is UI text: none was missed
            assert dialog.windowTitle().startswith("["), dialog.windowTitle()
            assert all(t.startswith("[") for t in _labels(dialog)), _labels(dialog)
        assert completion.body.toPlainText() == letter

        _switch(translations, qtbot, "sv", lambda: extend.ok_button.text() == "&Förläng")
        assert completion.ok_button.text() == "&Skicka begäran"
        assert extend.reason.toPlainText() == "Samråd med länsstyrelsen."
        assert completion.body.toPlainText() == letter
        # the case redrawn in Swedish, and its reloads over before the store closes
        qloop.run(until(lambda: " · Inkom " in view.meta.text() and reloads_over(view), what="the reload"))


def test_outbox_dialogs_follow_a_live_switch_and_keep_what_the_user_typed(
    qtbot, translations: i18n.Translations, qloop: LoopRunner, world: Offline
) -> None:
    from caseworker.domain import clock
    from caseworker.domain.models import CasePatch, DeadlineExtension, DeadlineFacts
    from caseworker.store import OutboxState
    from tests.helpers.waiting import until
    from tests.ui.outbox.world import make_conflict, table_rows
    from tests.ui.services_factory import find_case
    from ui.case import CaseView
    from ui.outbox.conflict import ConflictDialog
    from ui.outbox.view import OutboxView

    services = world.services
    view, outbox = CaseView(services), OutboxView(services)
    for w in (view, outbox):
        qtbot.addWidget(w)
        w.show()
    conflicted = make_conflict(qloop, world, view, outbox)

    def extendable(k: dict[str, Any]) -> bool:
        facts = DeadlineFacts.model_validate(k["deadline"])
        return k["status"] in ("under_review", "complete") and not clock.may_extend(facts, dt.date.today())

    with world.sandbox.client("anna") as c:  # the extension twice: the platform refuses the second
        other = find_case(c, extendable)
    world.proxy.cut()
    for weeks, reason in ((3, "Samråd"), (2, "Ytterligare utredning.")):
        extension = DeadlineExtension(weeks=weeks, reason=reason)
        qloop.run(services.sync.patch_case(other["id"], CasePatch(deadline_extension=extension)))
    world.proxy.restore()
    qloop.run(services.sync.sync_now())
    qloop.run(outbox.refresh())
    rows = {r.item.state: r for r in outbox.model.rows}
    assert set(rows) == {OutboxState.CONFLICT, OutboxState.REJECTED}
    outbox.select_item(rows[OutboxState.REJECTED].item.id)
    outbox.text_editors["reason"].setPlainText("Ytterligare utredning av dagvatten, omarbetat.")

    discard = outbox.discard_confirmation(rows[OutboxState.REJECTED])
    row = rows[OutboxState.CONFLICT]
    dialog = ConflictDialog(row.item, outbox, services=services, registration_number=row.registration_number)
    for d in (discard, dialog):
        qtbot.addWidget(d)
        d.show()
    qtbot.mouseClick(dialog.edit, QtCore.Qt.MouseButton.LeftButton)
    combo = dialog.editors["status"]
    assert isinstance(combo, QtWidgets.QComboBox)
    combo.setCurrentIndex(combo.findData("referral"))
    number = conflicted["registration_number"]
    assert dialog.windowTitle() == f"Konflikt på {number}"
    assert table_rows(dialog)["Status"] == ["Inkommen", "Komplett", "Under handläggning"]
    assert combo.currentText() == "På remiss"
    assert discard.windowTitle() == "Ta bort ändringen?"

    _switch(translations, qtbot, "en", lambda: dialog.keep_mine.text() == "Keep &mine")
    assert dialog.windowTitle() == f"Conflict on {number}"
    assert dialog.intro.text().startswith(
        f"<b>Status change (Under review) on {number}</b> could not be sent"
    )
    assert [dialog.table.horizontalHeaderItem(c).text() for c in range(4)] == [  # type: ignore[union-attr]
        "Field", "Base (when you changed it)", "Theirs (now)", "Mine",
    ]  # fmt: skip
    assert table_rows(dialog)["Status"] == ["Received", "Complete", "Under review"]
    assert (combo.currentData(), combo.currentText()) == ("referral", "Out for consultation")
    assert dialog.edit_box.title() == "My version" and dialog.send_edited.text() == "&Send edited"
    assert dialog.edit.isHidden() and not dialog.send_edited.isHidden()  # still editing
    assert discard.windowTitle() == "Remove the change?"
    other_number = other["registration_number"]
    assert (
        discard.text() == f"Extended time limit (2 weeks) on {other_number} will be removed and never sent."
    )
    assert {"Remove", "Cancel"} <= {b.text() for b in discard.buttons()}
    # the outbox re-read its rows in English; the text being edited in it is kept
    qloop.run(until(lambda: outbox.text_box.title() == "Your text (saved – edit and try again)"))
    assert outbox.text_editors["reason"].toPlainText() == "Ytterligare utredning av dagvatten, omarbetat."

    _switch(translations, qtbot, "sv", lambda: dialog.keep_mine.text() == "Behåll &min")
    assert table_rows(dialog)["Status"] == ["Inkommen", "Komplett", "Under handläggning"]
    assert combo.currentData() == "referral"
    assert discard.windowTitle() == "Ta bort ändringen?"
    qloop.run(until(lambda: outbox.text_box.title() == "Din text (sparad – redigera och försök igen)"))
    qloop.run(until(lambda: outbox._task is not None and outbox._task.done()))
    assert outbox.text_editors["reason"].toPlainText() == "Ytterligare utredning av dagvatten, omarbetat."
    dialog.reject()
    discard.reject()


def _text_conflict() -> Any:
    """A markup's text changed by a colleague while the user changed it too (an outbox item in conflict)."""
    from tests.ui.a11y.screens import text_conflict

    return text_conflict()


def test_a_text_conflict_keeps_the_edited_text_through_a_live_switch(
    qtbot, translations: i18n.Translations
) -> None:
    from ui.outbox.conflict import ConflictDialog

    item = _text_conflict()
    assert item.conflict is not None
    theirs, ours = item.conflict.theirs, item.payload
    dialog = ConflictDialog(item, registration_number="BYGG 2026-000123")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_editing()
    dialog.ours_edit.setPlainText("Kontrollera takfoten: 7,5 m gäller.")
    assert dialog.ours_label.text() == "<b>Min – redigera här</b>"

    _switch(translations, qtbot, "en", lambda: dialog.ours_label.text() == "<b>Mine – edit here</b>")
    assert dialog.columns["conflictTheirs"][0].text() == "<b>Theirs (now)</b>"
    assert dialog.ours_edit.accessibleName() == "Mine – edit here"
    assert dialog.ours_edit.toPlainText() == "Kontrollera takfoten: 7,5 m gäller."
    assert not dialog.ours_edit.isReadOnly()
    assert dialog.columns["conflictTheirs"][1].toPlainText() == theirs["text"]  # their words stay theirs
    dialog.send_edited.click()
    assert dialog.edited == {**ours, "text": "Kontrollera takfoten: 7,5 m gäller."}


def test_settings_and_its_wipe_question_follow_a_live_switch(
    qtbot, translations: i18n.Translations, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    from tests.ui.services_factory import running_services
    from ui.settings.dialog import SettingsDialog
    from ui.settings_store import AppSettings

    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        settings = AppSettings(tmp_path / "config")
        dialog = SettingsDialog(settings, services, language="sv")
        demo = SettingsDialog(settings, services, language="sv", demo=True)
        for d in (dialog, demo):
            qtbot.addWidget(d)
            d.show()
        dialog.platform_edit.setText("https://bygg.kommun.example")
        box = dialog.wipe_confirmation(2)
        qtbot.addWidget(box)
        box.show()
        assert demo.platform_edit.text() == f"Inbyggd demoplattform ({services.platform_url})"
        assert box.windowTitle() == "Radera lokal data?"

        _switch(translations, qtbot, "en", lambda: dialog.windowTitle() == "Settings")
        assert dialog.platform_label.text() == "&Platform address:"
        assert dialog.platform_edit.text() == "https://bygg.kommun.example"  # typed: kept
        assert demo.platform_edit.text() == f"Built-in demo platform ({services.platform_url})"
        assert box.windowTitle() == "Delete local data?"
        assert box.text().startswith("You will be signed out")
        assert "<b>2 changes in the outbox have not been sent.</b> They will be lost" in box.informativeText()
        assert dialog.confirm_wipe_button is not None
        assert dialog.confirm_wipe_button.text() == "Delete and sign out"

        _switch(translations, qtbot, "sv", lambda: dialog.windowTitle() == "Inställningar")
        assert box.windowTitle() == "Radera lokal data?"
        assert "2 ändringar i utkorgen har inte skickats." in box.informativeText()
        assert dialog.platform_edit.text() == "https://bygg.kommun.example"
        box.reject()
        for d in (dialog, demo):
            d.reject()  # ends the size measuring


def test_the_sign_in_window_follows_a_live_switch_while_busy(
    qtbot, translations: i18n.Translations, qloop: LoopRunner, sandbox: Sandbox
) -> None:
    import asyncio

    import httpx

    from tests.helpers.waiting import until
    from ui.signin.window import SignInWindow

    class WaitingHost:
        """Takes the tokens and keeps the window busy ("Inloggad. Hämtar din profil …")."""

        def __init__(self) -> None:
            self.release = asyncio.Event()

        async def signed_in(self, platform_url: str, tokens: Any) -> None:
            await self.release.wait()

        async def reopen(self, user: Any) -> bool:
            return False

    http = httpx.AsyncClient()
    host = WaitingHost()
    try:
        window = SignInWindow(http, host)
        qtbot.addWidget(window)
        window.show()
        window.set_platform(sandbox.url, demo=True)
        qloop.run(until(lambda: window.account_item("anna") is not None))
        window.sign_in_demo("anna", "Anna Lindqvist")
        qloop.run(until(lambda: window.status.text() == "Inloggad. Hämtar din profil …"))
        assert window.platform_edit.text() == f"Inbyggd demoplattform ({sandbox.url})"

        _switch(
            translations, qtbot, "en", lambda: window.status.text() == "Signed in. Fetching your profile …"
        )
        assert window.platform_edit.text() == f"Built-in demo platform ({sandbox.url})"
        assert window.accounts_group.title() == "Demo accounts"
        assert window.busy
        host.release.set()
        qloop.run(until(lambda: not window.busy))
    finally:
        qloop.run(http.aclose())


@pytest.mark.parametrize("lang", ["pseudo", "en"])
def test_no_clipped_labels_in_the_dialogs_after_a_live_switch(
    qtbot, qapp, translations: i18n.Translations, lang: str
) -> None:
    """Built in Swedish, switched while open: every button and one-line label still fits."""
    from ui.case.dialogs import CompletionRequestDialog, ExtendDeadlineDialog, OfflineProgressDialog
    from ui.outbox.conflict import ConflictDialog

    progress = OfflineProgressDialog()
    progress.set_bytes(12_300_000, 45_600_000)
    conflict = ConflictDialog(_text_conflict(), registration_number="BYGG 2026-000123")
    dialogs = [
        ExtendDeadlineDialog("BYGG 2026-000123"),
        CompletionRequestDialog("BYGG 2026-000123", "Älvdala Hamnen 1:1"),
        progress,
        conflict,
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
    conflict.start_editing()
    _switch(translations, qtbot, lang, lambda: conflict.keep_mine.text() != "Behåll &min")
    qapp.processEvents()  # the layouts take the new texts
    for dialog in dialogs:
        if lang == "pseudo":
            assert dialog.windowTitle().startswith("["), dialog.windowTitle()
        widgets = [w for w in dialog.findChildren(QtWidgets.QWidget) if w.isVisible()]
        assert [t for w in widgets if (t := _clipped(w))] == [], dialog.objectName()


def test_the_case_views_fee_amounts_follow_the_language(qapp) -> None:
    """The case view's fee lines said "9 737 kr" in English, beside "SEK 36 410" on the workload board."""
    from ui.labels import sek

    translations = i18n.Translations(qapp)
    try:
        translations.apply("en")
        assert sek(9737) == "SEK\u00a09\u00a0737"
        translations.apply("sv")
        assert sek(9737) == "9\u00a0737\u00a0kr"
    finally:
        translations.apply("sv")
