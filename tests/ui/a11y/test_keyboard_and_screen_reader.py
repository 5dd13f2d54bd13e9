"""Issue 10 (keyboard and screen reader) and issue 9 items 3, 4 and 9, one behaviour per test, on real
widgets over the real services. The audit (test_accessibility_audit.py) keeps the whole app in line;
these pin down each fix where it was made.

``world`` is Anna with a conflict, a waiting note and the platform cut off (tests/ui/a11y/screens.py
``prepare``), a main window over her services, in the app's look (Fusion, palette, focus ring).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from caseworker.store import OutboxState, QueueKind
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.a11y import checks
from tests.ui.a11y.env import language, themed
from tests.ui.a11y.screens import Ctx, prepare, text_conflict
from tests.ui.services_factory import running_services
from ui import announce, i18n
from ui.outbox.conflict import ConflictDialog
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.queue.model import QueueModel
from ui.settings_store import AppSettings
from ui.shell.main_window import PAGE_CASE, PAGE_OUTBOX, PAGE_QUEUE, MainWindow
from ui.shell.navigation import OUTBOX
from ui.theme import apply_theme, is_dark


@pytest.fixture
def world(
    qtbot: Any,
    qapp: QtWidgets.QApplication,
    qloop: LoopRunner,
    make_sandbox: Callable[..., Sandbox],
    tmp_path: Path,
) -> Iterator[Ctx]:
    sandbox = make_sandbox()
    with (
        FaultyProxy(sandbox.url) as proxy,
        running_services(qloop, proxy.url, "anna", tmp_path / "anna") as services,
        themed(qapp, "light"),
    ):
        ctx = Ctx(qtbot, qloop, services, sandbox, proxy, tmp_path / "config", "sv")
        prepare(ctx)
        try:
            yield ctx
        finally:
            ctx.close_all()


def loaded(ctx: Ctx, queue: Any, kind: QueueKind, rows: int = 1) -> None:
    """The queue shows ``kind`` with at least ``rows`` rows (not the first queue's rows still)."""
    ctx.wait(
        lambda: (
            queue.model.query is not None
            and queue.model.query.queue is kind
            and queue.model.rowCount() >= rows
            and queue.count_label.text() != ""
        )
    )


def shown(ctx: Ctx) -> MainWindow:
    window = ctx.main_window()
    window.raise_()
    window.activateWindow()
    ctx.wait(lambda: QtWidgets.QApplication.activeWindow() is window)
    return window  # type: ignore[no-any-return]


def key(
    widget: QtWidgets.QWidget, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press on the focus widget, as the keyboard sends it (Tab handling included)."""
    name = f"{type(widget).__name__} #{widget.objectName()}"
    for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
        assert shiboken6.isValid(widget), f"{name} was deleted by the key press"
        QtWidgets.QApplication.sendEvent(widget, QtGui.QKeyEvent(kind, k, modifier))
    QtWidgets.QApplication.processEvents()


def focus() -> QtWidgets.QWidget | None:
    return QtWidgets.QApplication.focusWidget()


def outbox_page(ctx: Ctx) -> Any:
    window = shown(ctx)
    window.navigation.select(OUTBOX)
    view = window.outbox_view
    ctx.qloop.run(view.refresh())
    return view


def heard() -> tuple[list[QtGui.QAccessibleEvent], Callable[[], None]]:
    events: list[QtGui.QAccessibleEvent] = []
    announce.listeners.append(events.append)
    return events, lambda: announce.listeners.remove(events.append)


def said(events: list[QtGui.QAccessibleEvent]) -> list[tuple[QtGui.QAccessible.Event, str]]:
    return [(e.type(), announce.event_text(e)) for e in events]


# --- 10.1 the outbox ---------------------------------------------------------------------------------


def test_tab_leaves_the_outbox_table_for_the_buttons_and_enter_opens(world: Ctx) -> None:
    view = outbox_page(world)
    conflict = next(r for r in view.model.rows if r.item.state is OutboxState.CONFLICT)
    pending = next(r for r in view.model.rows if r.item.state is OutboxState.PENDING)
    view.select_item(pending.item.id)
    view.table.setFocus(Qt.FocusReason.TabFocusReason)
    key(view.table, Qt.Key.Key_Tab)
    assert focus() is not view.table
    assert focus() is not None and view.detail_box.isAncestorOf(focus())
    key(focus(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focus() is view.table

    opened: list[str] = []
    view.openCase.connect(opened.append)
    key(view.table, Qt.Key.Key_Return)  # a waiting change: Enter opens its case
    assert opened == [pending.item.case_id]

    resolved: list[bool] = []
    view.resolve_selected = lambda: resolved.append(True)  # the dialog's exec() would block the test
    view.select_item(conflict.item.id)
    key(view.table, Qt.Key.Key_Enter)  # a conflict: Enter opens the conflict dialog
    assert resolved == [True]


def test_moving_onto_the_same_change_again_keeps_the_detail_pane(world: Ctx) -> None:
    view = outbox_page(world)
    pending = next(r for r in view.model.rows if r.item.state is OutboxState.PENDING)
    view.select_item(pending.item.id)
    editor = next(iter(view.text_editors.values()))
    editor.setFocus()
    world.qloop.run(view.refresh())  # a re-read (a sync, the outbox changed): same item, same state
    world.qloop.run(view.refresh())
    assert next(iter(view.text_editors.values())) is editor  # not rebuilt
    assert focus() is editor


# --- 10.2 the conflict dialog ---------------------------------------------------------------------


def test_tab_leaves_the_conflict_table_and_tab_never_types_a_tab(world: Ctx) -> None:
    view = outbox_page(world)
    view.select_item(next(r.item.id for r in view.model.rows if r.item.state is OutboxState.CONFLICT))
    dialog = view.conflict_dialog()
    assert dialog is not None
    world.show(dialog)
    dialog.activateWindow()
    world.wait(lambda: QtWidgets.QApplication.activeWindow() is dialog)
    dialog.table.setFocus(Qt.FocusReason.TabFocusReason)
    reached = set()
    for _ in range(8):
        key(focus(), Qt.Key.Key_Tab)
        reached.add(focus())
    assert {dialog.keep_mine, dialog.take_theirs, dialog.edit, dialog.cancel} <= reached

    text = ConflictDialog(text_conflict(), registration_number="BYGG 2026-000123")
    world.show(text)
    text.activateWindow()
    world.wait(lambda: QtWidgets.QApplication.activeWindow() is text)
    text.start_editing()
    before = text.ours_edit.toPlainText()
    key(text.ours_edit, Qt.Key.Key_Tab)
    assert "\t" not in text.ours_edit.toPlainText() and text.ours_edit.toPlainText() == before
    assert focus() is not text.ours_edit


def test_the_extension_reason_in_a_conflict_moves_on_with_tab() -> None:
    item = text_conflict()
    payload = {"deadline_extension": {"weeks": 2, "reason": "Samråd"}}
    patch = item.__class__(**{**item.__dict__, "kind": "patch_case", "payload": payload})
    dialog = ConflictDialog(patch)
    reason = dialog.editors.get("reason")
    assert isinstance(reason, QtWidgets.QPlainTextEdit)
    assert reason.tabChangesFocus()
    dialog.deleteLater()


# --- 10.3 and 9.9: the dark theme ------------------------------------------------------------------


def test_dark_theme_colours_are_readable_and_boxes_follow_it(
    world: Ctx, qapp: QtWidgets.QApplication
) -> None:
    window = shown(world)
    window.open_case(world.case_id)
    case = window.case_view
    world.wait(lambda: case.snapshot is not None and case.pending_badge.isVisible())
    apply_theme(qapp, Qt.ColorScheme.Dark)  # live, as when Windows switches
    world.wait(lambda: is_dark())
    world.wait(
        lambda: "#" in case.clock.styleSheet() and _background(case.clock.styleSheet()).lightness() < 128
    )

    for label in (case.status_badge, case.pending_badge):
        assert _background(label.styleSheet()).lightness() < 128, label.objectName()
    case.refresh_error = "Plattformen svarade inte."
    world.services.bridge.online = True
    case._render_notice()
    assert _background(case.notice.styleSheet()).lightness() < 128
    html = case.timeline.toHtml()
    assert "#fff1d6" not in html and "#6b6b6b" not in html  # the light badges and timestamps are gone
    assert checks.contrast(window) == []

    view = outbox_page(world)
    assert checks.contrast(window) == []  # conflict rows, the outbox count
    problem = next(r for r in view.model.rows if r.item.state is OutboxState.CONFLICT)
    colour = view.model.data(
        view.model.index(view.model.rows.index(problem), 0), Qt.ItemDataRole.ForegroundRole
    )
    base = view.table.palette().color(QtGui.QPalette.ColorRole.Base)
    assert checks.ratio(colour, base) >= 4.5
    view.select_item(problem.item.id)
    dialog = view.conflict_dialog()
    assert dialog is not None
    dialog.failure = RuntimeError("x")
    dialog.retranslate()
    assert checks.contrast(world.show(dialog)) == []


def test_the_overdue_clock_box_is_dark_in_the_dark_theme(qapp: QtWidgets.QApplication) -> None:
    from ui.case.clock_panel import ClockPanel, ClockText, Tone

    with themed(qapp, "dark"):
        panel = ClockPanel()
        panel.show_clock(ClockText("9 dagar försenat", "", "", "", "", Tone.OVERDUE, None))
        assert _background(panel.styleSheet()).lightness() < 128
        panel.deleteLater()


def test_the_disabled_sign_in_button_is_legible_in_the_dark_theme(
    qtbot: Any, qapp: QtWidgets.QApplication, qloop: LoopRunner
) -> None:
    import httpx

    from tests.ui.a11y.screens import _NoHost
    from ui.signin.window import SignInWindow

    with themed(qapp, "dark"):
        http = httpx.AsyncClient()
        window = SignInWindow(http, _NoHost())
        qtbot.addWidget(window)
        window.sign_in_button.setEnabled(False)
        rules = dict(checks._rules(window.sign_in_button.styleSheet()))
        disabled = rules["QPushButton#signInButton:disabled"]
        fg, bg = checks._colour(disabled["color"]), checks._colour(disabled["background"])
        assert fg is not None and bg is not None and checks.ratio(fg, bg) >= 4.5
        qloop.run(http.aclose())


def _background(sheet: str) -> QtGui.QColor:
    for _selector, decls in checks._rules(sheet):
        value = decls.get("background")
        colour = checks._colour(value) if value else None
        if colour is not None:
            return colour
    raise AssertionError(f"no background in {sheet!r}")


# --- 10.4 the discard confirmation -----------------------------------------------------------------


def test_enter_on_the_discard_question_does_not_delete(world: Ctx) -> None:
    view = outbox_page(world)
    box = view.discard_confirmation(view.model.rows[0])
    world.show(box)
    cancel = box.findChild(QtWidgets.QPushButton, "cancelDiscard")
    assert box.defaultButton() is cancel and box.escapeButton() is cancel
    key(box, Qt.Key.Key_Return)
    assert box.clickedButton() is cancel


# --- 10.5 back to the list ----------------------------------------------------------------------------


def test_back_to_the_list_puts_the_focus_on_the_row_left(world: Ctx) -> None:
    window = shown(world)
    window.navigation.select(QueueKind.ALL.value)
    queue = window.queue_view
    loaded(world, queue, QueueKind.ALL, 4)
    queue.table.setFocus()
    queue.table.setCurrentIndex(queue.model.index(3, QueueModel.COL_REGISTRATION))
    key(queue.table, Qt.Key.Key_Return)
    world.wait(lambda: window.stack.currentIndex() == PAGE_CASE and window.case_view.snapshot is not None)
    window.back_action.trigger()  # Alt+Vänster
    assert window.stack.currentIndex() == PAGE_QUEUE
    assert focus() is queue.table and queue.table.currentIndex().row() == 3

    window.open_case(world.case_id)
    world.wait(lambda: window.case_view.snapshot is not None)
    key(window.case_view.note_edit, Qt.Key.Key_Escape)  # Esc closes the case too
    assert window.stack.currentIndex() == PAGE_QUEUE and focus() is queue.table

    view = outbox_page(world)
    window.open_case(world.case_id)
    window.case_view.close_button.click()  # Stäng
    assert window.stack.currentIndex() == PAGE_OUTBOX and focus() is view.table


# --- 10.6 visible focus -----------------------------------------------------------------------------------


def _focus_changes_pixels(ctx: Ctx, widget: QtWidgets.QWidget) -> int:
    window = widget.window()
    ring = QtGui.QColor("#0b5cad")
    if widget.hasFocus():  # start from the focus elsewhere
        widget.focusNextChild()
    QtWidgets.QApplication.processEvents()
    assert not widget.hasFocus()
    before = window.grab().toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    ctx.wait(lambda: widget.hasFocus())
    QtWidgets.QApplication.processEvents()
    after = window.grab().toImage()
    area = widget.geometry().adjusted(-4, -4, 4, 4)
    top_left = (
        widget.parentWidget().mapTo(window, area.topLeft()) if widget.parentWidget() else area.topLeft()
    )
    changed = 0
    for x in range(max(0, top_left.x()), min(after.width(), top_left.x() + area.width())):
        for y in range(max(0, top_left.y()), min(after.height(), top_left.y() + area.height())):
            new = after.pixelColor(x, y)
            if new != before.pixelColor(x, y) and checks.ratio(new, ring) < 1.3:
                changed += 1
    return changed


def test_flat_buttons_the_history_and_read_only_texts_show_the_focus(world: Ctx) -> None:
    window = shown(world)
    window.open_case(world.case_id)
    world.wait(lambda: window.case_view.snapshot is not None)
    for widget in (window.indicator.state, window.indicator.outbox, window.case_view.timeline):
        assert _focus_changes_pixels(world, widget) > widget.width(), widget.objectName()
    dialog = ConflictDialog(text_conflict(), registration_number="BYGG 2026-000123")
    world.show(dialog)
    dialog.activateWindow()
    world.wait(lambda: QtWidgets.QApplication.activeWindow() is dialog)
    theirs = dialog.columns["conflictTheirs"][1]
    assert _focus_changes_pixels(world, theirs) > theirs.width()


def test_the_focus_outline_differs_from_the_default_button_outline(world: Ctx) -> None:
    from ui.case.dialogs import ExtendDeadlineDialog

    dialog = ExtendDeadlineDialog("BYGG 2026-000123")
    world.show(dialog)
    dialog.activateWindow()
    world.wait(lambda: QtWidgets.QApplication.activeWindow() is dialog)
    assert dialog.ok_button.isDefault()
    dialog.reason.setPlainText("Samråd med länsstyrelsen")
    # the default button unfocused has no ring; focused, it gains the ring's colour around it
    assert _focus_changes_pixels(world, dialog.cancel_button) > dialog.cancel_button.width()
    assert _focus_changes_pixels(world, dialog.ok_button) > dialog.ok_button.width()


# --- 10.7 announcements -------------------------------------------------------------------------------------


def search_and_listen(world: Ctx, text: str, done: Callable[[Any], bool]) -> tuple[Any, list[Any]]:
    """Search the "Alla" queue for ``text`` until ``done(queue)``; the queue view and what was announced."""
    window = shown(world)
    window.navigation.select(QueueKind.ALL.value)
    queue = window.queue_view
    loaded(world, queue, QueueKind.ALL)
    events, stop = heard()
    try:
        world.qloop.run(queue.set_search_text(text))
        world.wait(lambda: done(queue))
    finally:
        stop()
    return queue, events


def test_results_count_is_named_with_its_number_and_announced(world: Ctx) -> None:
    queue, events = search_and_listen(world, "BYGG", lambda q: "(filtrerat)" in q.count_label.text())
    count = queue.count_label.text()
    assert queue.count_label.accessibleName() == f"Antal ärenden: {count}"
    assert (QtGui.QAccessible.Event.Announcement, count) in said(events)
    assert (QtGui.QAccessible.Event.NameChanged, f"Antal ärenden: {count}") in said(events)


def test_an_empty_queue_says_why_to_a_screen_reader(world: Ctx) -> None:
    queue, events = search_and_listen(
        world, "ingenting-som-finns-xyz", lambda q: q.model.rowCount() == 0 and q.table.empty_text != ""
    )
    assert "Inga ärenden matchar sökningen eller filtren." in queue.table.accessibleDescription()
    assert (QtGui.QAccessible.Event.Announcement, "Inga ärenden matchar sökningen eller filtren.") in said(
        events
    )


def test_offline_online_sync_results_and_status_bar_messages_are_announced(world: Ctx) -> None:
    window = shown(world)
    events, stop = heard()
    try:
        world.proxy.restore()
        world.qloop.run(world.services.sync.sync_now())
        world.wait(lambda: window.indicator.online is True and not window.indicator.syncing)
        world.proxy.cut()
        world.qloop.run(world.services.sync.sync_now())
        world.wait(lambda: window.indicator.online is False)
        window.show_status("Kopierade BYGG 2026-000123")
    finally:
        stop()
    texts = said(events)
    announcements = [e for e in events if isinstance(e, QtGui.QAccessibleAnnouncementEvent)]
    assert any(t.startswith("Synkad") for _k, t in texts)  # back online, sync done
    offline = [e for e in announcements if e.message().startswith("Offline")]
    assert offline and offline[-1].politeness() == QtGui.QAccessible.AnnouncementPoliteness.Assertive
    assert (QtGui.QAccessible.Event.Alert, "Offline") in texts  # the banner appeared
    assert (QtGui.QAccessible.Event.Announcement, "Kopierade BYGG 2026-000123") in texts


# --- 10.8 the English queue -----------------------------------------------------------------------------


def test_the_english_queue_speaks_english(world: Ctx, qapp: QtWidgets.QApplication) -> None:
    with language(qapp, "en"):
        window = shown(world)
        window.navigation.select(QueueKind.ALL.value)
        queue = window.queue_view
        loaded(world, queue, QueueKind.ALL)
        model = queue.model
        assert queue.table.accessibleName() == "Cases"
        assert queue.search.accessibleName() == "Search cases"
        assert queue.search.placeholderText().startswith("Search")
        assert queue.clear_filters_button.text() == "Clear filters"
        assert model.headerData(QueueModel.COL_REGISTRATION, Qt.Orientation.Horizontal) == "Registration no."
        assert model.headerData(QueueModel.COL_FEE, Qt.Orientation.Horizontal) == "Fee at risk"
        markers = {model.data(model.index(r, 0), Qt.ItemDataRole.AccessibleTextRole) for r in range(20)}
        assert "No markers" in markers and "Nothing selected" not in markers
        deadlines = [model.data(model.index(r, QueueModel.COL_DEADLINE), Qt.ItemDataRole.AccessibleTextRole)
                     for r in range(20)]  # fmt: skip
        assert all(d and not checks.SWEDISH_LETTER.search(d) for d in deadlines), deadlines
        assert queue.count_label.accessibleName().startswith("Number of cases: ")
        window.allow_close = True
        world.close_all()


# --- 10.9 the minor ones --------------------------------------------------------------------------------


def test_visa_buttons_come_after_the_actions_and_the_details_are_no_tab_stop(world: Ctx) -> None:
    window = shown(world)
    window.open_case(world.case_id)
    case = window.case_view
    world.wait(lambda: case.snapshot is not None and case.parties.rows)
    reveal = next(r.reveal for r in case.parties.rows if r.party.personal_number)
    chain, w = [], case.offline
    for _ in range(200):
        chain.append(w)
        w = w.nextInFocusChain()
    assert chain.index(reveal) < chain.index(case.documents.tree) < chain.index(case.note_edit)
    assert not (case.left_scroll.focusPolicy() & Qt.FocusPolicy.TabFocus)


def test_the_outbox_badge_says_in_words_that_changes_need_action(world: Ctx) -> None:
    window = shown(world)
    window.refresh_counts()
    nav = window.navigation
    item = nav.item_for(OUTBOX)
    world.wait(lambda: nav.count_of(OUTBOX) == 2)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Utkorg, 2 väntar, 1 behöver åtgärd"


def test_one_day_is_singular(world: Ctx) -> None:
    import datetime as dt

    window = shown(world)
    window.navigation.select(QueueKind.ALL.value)
    queue = window.queue_view
    loaded(world, queue, QueueKind.ALL)
    model = queue.model
    row = next(r for r in range(model.rowCount()) if model.record(r) and model.record(r).deadline)
    deadline = model.record(row).deadline
    model._today = deadline - dt.timedelta(days=1)
    entry = model._describe(model.record(row))
    tip = model._tooltip(entry, QueueModel.COL_DEADLINE)
    assert tip is not None and tip.endswith("om 1 dag.") and "1 dagar" not in tip


def test_navigation_name_stays_the_same_through_a_live_language_switch(
    world: Ctx, qapp: QtWidgets.QApplication
) -> None:
    window = shown(world)
    name = window.navigation.accessibleName()
    with language(qapp, "en"):
        world.wait(lambda: window.navigation.accessibleName() == "Navigation: queues and outbox")
        QtWidgets.QApplication.processEvents()
        assert window.navigation.accessibleName() == "Navigation: queues and outbox"
    world.wait(lambda: window.navigation.accessibleName() == name)
    assert name == "Navigering: köer och utkorg"


# --- issue 9 item 3: the queue's columns --------------------------------------------------------------


def test_the_first_start_fits_1280_by_800_with_the_deadline_in_view(world: Ctx) -> None:
    window = shown(world)
    window.resize(1280, 800)
    window.navigation.select(QueueKind.MINE.value)
    queue = window.queue_view
    loaded(world, queue, QueueKind.MINE)
    QtWidgets.QApplication.processEvents()
    header = queue.table.horizontalHeader()
    right = header.sectionViewportPosition(QueueModel.COL_DEADLINE) + header.sectionSize(
        QueueModel.COL_DEADLINE
    )
    assert header.sectionViewportPosition(QueueModel.COL_DEADLINE) >= 0
    assert right <= queue.table.viewport().width()
    assert queue.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert all(header.sectionSize(c) <= 260 for c in range(QueueModel.COLUMN_COUNT - 1))


def test_the_users_column_widths_and_order_are_remembered(world: Ctx) -> None:
    window = shown(world)
    header = window.queue_view.table.horizontalHeader()
    header.resizeSection(QueueModel.COL_STATUS, 311)
    header.moveSection(header.visualIndex(QueueModel.COL_RECEIVED), 2)
    window.save_state()
    world.close_all()
    again = MainWindow(world.services, AppSettings(world.config_dir))
    try:
        moved = again.queue_view.table.horizontalHeader()
        assert moved.sectionSize(QueueModel.COL_STATUS) == 311
        assert moved.visualIndex(QueueModel.COL_RECEIVED) == 2
    finally:
        again.allow_close = True
        again.close()
        again.deleteLater()


# --- issue 9 item 4: nothing bypasses extraction ----------------------------------------------------------


def test_the_check_catches_an_alias_and_bare_swedish_text(tmp_path: Path) -> None:
    module = tmp_path / "screen.py"
    module.write_text(
        "from ui import labels\n"
        "def headers():\n"
        "    t = labels.tr\n"
        "    return [t('Diarienummer'), 'Ärendetyp']\n"
        "def letter():\n"
        '    """The letter to the applicant: Swedish on purpose."""\n'
        "    return 'Hälsningar'\n",
        encoding="utf-8",
    )
    misses = i18n.extraction_misses(root=tmp_path)
    assert any("alias of a translation function" in m and "t = labels.tr" in m for m in misses)
    assert any("'Ärendetyp'" in m for m in misses)
    assert not any("Hälsningar" in m for m in misses)
    ast.parse(module.read_text(encoding="utf-8"))


def test_nothing_in_ui_bypasses_extraction_and_every_string_is_translated() -> None:
    assert i18n.extraction_misses() == []
    assert i18n.untranslated(i18n.ts_file("en")) == []


# --- issue 9 item 9: layout and stale state ---------------------------------------------------------------


def test_a_notice_never_moves_the_action_buttons_and_offline_shows_one_band(world: Ctx) -> None:
    window = shown(world)
    window.open_case(world.case_id)
    case = window.case_view
    world.wait(lambda: case.snapshot is not None)
    window.on_connection(False, None)  # what the bridge says when the platform cannot be reached
    case._render_notice()
    QtWidgets.QApplication.processEvents()
    assert window.banner.isVisible() and not case.notice.isVisible()  # one offline band, not two
    top = case.request_completion.mapTo(window, QtCore.QPoint(0, 0)).y()
    case.refresh_error = "Plattformen svarade inte."
    world.services.bridge.online = True
    case._render_notice()
    case._show_error(lambda: "Ändringen sparades inte")
    QtWidgets.QApplication.processEvents()
    assert case.notice.isVisible() and case.error.isVisible()
    assert case.request_completion.mapTo(window, QtCore.QPoint(0, 0)).y() == top


def test_another_case_starts_without_the_last_ones_status_lines(world: Ctx) -> None:
    window = shown(world)
    case = window.case_view
    window.open_case(world.case_id)
    world.wait(lambda: case.snapshot is not None)
    case.documents._say(lambda: "Sparad: /tmp/ritning.pdf")
    case._show_error(lambda: "Ändringen sparades inte")
    window.open_case(world.conflict_case_id)
    world.wait(lambda: case.snapshot is not None and case.case_id == world.conflict_case_id)
    assert case.documents.status.text() == ""
    assert not case.error.isVisible()


def test_the_about_box_keeps_the_url_and_the_path_whole(world: Ctx) -> None:
    window = shown(world)
    window.show_about()
    box = window.findChild(QtWidgets.QMessageBox, "aboutDialog")
    assert box is not None
    world.opened.append(box)
    world.wait(lambda: box.isVisible())
    label = box.findChild(QtWidgets.QLabel, "qt_msgbox_informativelabel")
    assert label is not None
    metrics = label.fontMetrics()
    for line in (f"Plattform: {world.services.platform_url}", f"Lokal data: {world.services.paths.data}"):
        assert metrics.horizontalAdvance(line) <= label.width(), line
    doc = QtGui.QTextDocument()
    doc.setHtml(label.text())
    assert str(world.services.paths.data) in doc.toPlainText()


# --- the whole day by keyboard ------------------------------------------------------------------------


def tab_to(target: QtWidgets.QWidget, *, backwards: bool = False, presses: int = 80) -> int:
    """Press Tab (Shift+Tab) until ``target`` has the focus; how many presses it took."""
    for n in range(presses):
        if focus() is target:
            return n
        if backwards:
            key(focus(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            key(focus(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()} (stuck on {focus()!r})")


def type_text(text: str) -> None:
    for ch in text:
        widget = focus()
        for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
            QtWidgets.QApplication.sendEvent(
                widget, QtGui.QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
            )
    QtWidgets.QApplication.processEvents()


def test_a_caseworkers_day_by_tab_arrows_enter_and_esc(world: Ctx) -> None:
    """Queue → case → note → outbox → conflict → back, with no mouse and no other shortcuts."""
    window = shown(world)
    with world.sandbox.client("anna") as c:
        number = (
            c.get(f"/api/v1/cases/{world.conflict_case_id}").raise_for_status().json()["registration_number"]
        )
    nav, queue, case, outbox = window.navigation, window.queue_view, window.case_view, window.outbox_view

    # the queue: arrows in the navigation choose "Alla", Tab reaches the search, typing finds the case
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    QtWidgets.QApplication.processEvents()
    while nav.current_key() != QueueKind.ALL.value:
        key(nav, Qt.Key.Key_Down)
    loaded(world, queue, QueueKind.ALL)
    tab_to(queue.search)
    type_text(number)
    world.wait(lambda: queue.model.rowCount() == 1 and queue.model.query.text == number)
    key(queue.search, Qt.Key.Key_Down)  # on to the rows
    assert focus() is queue.table
    key(queue.table, Qt.Key.Key_Return)
    world.wait(lambda: window.stack.currentIndex() == PAGE_CASE and case.case_id == world.conflict_case_id)
    world.wait(lambda: case.snapshot is not None and case.problem_badge.isVisible())

    # a note: Tab to the editor, type, Tab to the button, Enter
    tab_to(case.note_edit)
    type_text("Ringt sökanden om ritningarna.")
    key(case.note_edit, Qt.Key.Key_Tab)
    assert focus() is case.add_note_button
    key(case.add_note_button, Qt.Key.Key_Return)
    world.wait(lambda: "Ringt sökanden om ritningarna." in case.timeline.plain())

    # the conflict: Tab to the badge, Enter shows the outbox with the focus on its list
    tab_to(case.problem_badge)
    key(case.problem_badge, Qt.Key.Key_Return)
    world.wait(lambda: window.stack.currentIndex() == PAGE_OUTBOX and outbox.model.rows)
    assert focus() is outbox.table
    while outbox.selected().item.state is not OutboxState.CONFLICT:
        key(outbox.table, Qt.Key.Key_Down)

    seen: list[QtWidgets.QWidget] = []

    def in_the_dialog() -> None:  # runs inside the dialog's own event loop
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, ConflictDialog)
        for _ in range(8):
            seen.append(focus())
            key(focus(), Qt.Key.Key_Tab)
        key(focus(), Qt.Key.Key_Escape)  # decide later

    QtCore.QTimer.singleShot(0, in_the_dialog)
    key(outbox.table, Qt.Key.Key_Return)  # opens the conflict dialog (modal) and returns when it closes
    shown(world)  # the window manager activates the main window again
    assert focus() is outbox.table
    names = {w.objectName() for w in seen if w is not None}
    assert {"keepMine", "takeTheirs", "editMine", "cancelConflict"} <= names
    assert outbox.selected().item.state is OutboxState.CONFLICT  # nothing decided

    # its case by Enter on "Öppna ärendet", and back with Esc to the row
    tab_to(outbox.open_case)
    key(outbox.open_case, Qt.Key.Key_Return)
    world.wait(lambda: window.stack.currentIndex() == PAGE_CASE and case.snapshot is not None)
    key(focus() or case, Qt.Key.Key_Escape)
    assert window.stack.currentIndex() == PAGE_OUTBOX and focus() is outbox.table
    assert outbox.selected().item.state is OutboxState.CONFLICT


def test_the_cores_texts_for_the_user_are_listed_for_translation(qapp: QtWidgets.QApplication) -> None:
    """Every PlatformError's Swedish user_message is in ui.errors, and reads English in English."""
    from caseworker.api.errors import PlatformError
    from ui.errors import CORE_TEXTS, in_ui_language

    def subclasses(cls: type) -> list[type]:
        return [cls, *(s for sub in cls.__subclasses__() for s in subclasses(sub))]

    messages = {c.__dict__["user_message"] for c in subclasses(PlatformError) if "user_message" in c.__dict__}
    assert messages <= set(CORE_TEXTS)
    conflict = "Någon annan har ändrat detta sedan du hämtade det. "
    with language(qapp, "en"):
        said = in_ui_language(
            "Plattformen godtog inte begäran. Kontrollera uppgifterna och försök igen."
            " (Plattformens svar: Tidsfristen har redan förlängts en gång.)"
        )
        assert said == (
            "The platform did not accept the request. Check the details and try again."
            " (The platform's answer: Tidsfristen har redan förlängts en gång.)"  # their words: data
        )
        assert not in_ui_language(next(t for t in CORE_TEXTS if t.startswith(conflict))).startswith("Någon")
