"""The queue screen over real data: the demo caseworker signs in to a live sandbox, the sync engine
pulls her cases into a real encrypted store, and the view shows them. What each queue should hold is
asked of the platform with a plain client. Real widgets, offscreen; every wait runs the qasync loop
(``qloop``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from caseworker.domain.models import CaseStatus, CaseSummary, Municipality, User
from caseworker.store import AsyncStore, CaseRow, DeadlineBand, NewWrite, QueueKind
from caseworker.store.store import sort_key
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import PATIENCE, PATIENCE_MS, finished, until
from tests.ui.services_factory import running_services
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.queue import QueueModel, QueueView
from ui.services import Services

USER = "anna"
STORE_KEY = b"q" * 32


@dataclass
class Platform:
    """What the platform answered for the demo caseworker."""

    user: User
    municipalities: list[Municipality]
    cases: list[CaseSummary]
    queues: dict[str, set[str]]  # platform queue name -> case ids


def _pages(client: Any, queue: str) -> list[CaseSummary]:
    out: list[CaseSummary] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"queue": queue, "limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/cases", params=params).raise_for_status().json()
        out += [CaseSummary.model_validate(item) for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return out


_LOOPS: list[Any] = []


@pytest.fixture(autouse=True)
def _keep_loop_alive(qloop: LoopRunner) -> None:
    """Keep each test's closed qasync loop referenced for the whole run.

    A closed qasync loop keeps its timer QObject (``_SimpleTimer``) with timers still registered. The
    loop sits in reference cycles, so Python's cyclic GC frees it whenever it runs -- also on the store's
    or the sandbox's thread, where deleting a QObject of the GUI thread cannot unregister its timers: the
    next timer event then goes to freed memory (a segfault in QTimerInfoList::activateTimers). Belongs
    in the ``qloop`` fixture (tests/ui/conftest.py); until then, these tests keep their loops.
    """
    _LOOPS.append(qloop.loop)


@pytest.fixture(scope="module")
def platform(sandbox: Sandbox) -> Platform:
    with sandbox.client(USER) as client:
        user = User.model_validate(client.get("/api/v1/me").raise_for_status().json())
        munis = [Municipality.model_validate(m) for m in client.get("/api/v1/municipalities").json()]
        cases = _pages(client, "all")
        queues = {q: {c.id for c in _pages(client, q)} for q in ("mine", "unassigned", "team", "all")}
    return Platform(user, munis, cases, queues)


@pytest.fixture
def services(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    """The real thing: demo sign-in, the sync engine pulls the user's cases into an encrypted store."""
    with running_services(qloop, sandbox.url, USER, tmp_path) as services:
        yield services


@pytest.fixture
def view(qtbot: QtBot, qloop: LoopRunner, services: Services) -> Iterator[QueueView]:
    view = QueueView(services)
    view.resize(1400, 720)
    view.show()
    qtbot.waitExposed(view, timeout=PATIENCE_MS)
    settle(qloop, view)
    yield view
    # Delete it while this test's loop still runs: its pending tasks belong to this loop.
    if shiboken6.isValid(view):  # a test may have closed it itself
        view.close()
        view.deleteLater()
    qloop.run(asyncio.sleep(0))
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    qloop.run(asyncio.sleep(0))


def done(qloop: LoopRunner, task: asyncio.Task[None] | None) -> None:
    """Run the loop until a load the view started has finished (None: nothing was started)."""

    if task is not None:
        qloop.run(finished(task, what="the queue's load"), timeout=PATIENCE + 10)


def idle(view: QueueView) -> bool:
    """No load, page fetch or follow-up of the view is running, and none of its timers is pending."""
    model = view.model
    return (
        model.is_idle()
        and all(t.done() for t in list(view._tasks))
        and not view._reload_timer.isActive()
        and not view._selection_timer.isActive()
        and not view.search._timer.isActive()
    )


def settle(qloop: LoopRunner, view: QueueView) -> None:
    """Run the loop until the view is idle (its loads, fetches, follow-ups and timers are done).

    Fails loudly if it never gets there, instead of letting the test assert on work in progress."""

    async def wait() -> None:
        await asyncio.sleep(0)  # let what a click or a signal posted start first
        await until(lambda: idle(view), what="the queue view to finish its loads and timers")

    qloop.run(wait(), timeout=PATIENCE + 10)


def shown(qloop: LoopRunner, view: QueueView) -> list[CaseRow]:
    """Every row of the current query, in row order (loads the pages not cached)."""
    return qloop.run(view.model.records_for_rows(range(view.model.rowCount())))


def click_header(qtbot: QtBot, view: QueueView, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QtCore.QPoint(x, header.height() // 2))


def click_row(qtbot: QtBot, view: QueueView, row: int, modifier: Qt.KeyboardModifier | None = None) -> None:
    rect = view.table.visualRect(view.model.index(row, QueueModel.COL_REGISTRATION))
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        modifier or Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def save_shot(widget: QtWidgets.QWidget, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    assert widget.grab().save(str(path))
    target = os.environ.get("CASEWORKER_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(target) / name))
    return path


# --- queues --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "platform_queue"),
    [
        (QueueKind.MINE, "mine"),
        (QueueKind.UNASSIGNED, "unassigned"),
        (QueueKind.TEAM, "team"),
        (QueueKind.ALL, "all"),
    ],
)
def test_each_queue_shows_what_the_platform_puts_in_it(
    qloop: LoopRunner, view: QueueView, platform: Platform, kind: QueueKind, platform_queue: str
) -> None:
    done(qloop, view.set_queue(kind))
    settle(qloop, view)
    ids = {r.id for r in shown(qloop, view)}
    assert ids == platform.queues[platform_queue]
    assert view.model.rowCount() == len(ids) > 0
    if kind is QueueKind.MINE:
        assert all(r.assignee_id == platform.user.id for r in shown(qloop, view))
    if kind is QueueKind.UNASSIGNED:
        assert all(r.assignee_id is None for r in shown(qloop, view))


def test_the_count_label_speaks_swedish(qloop: LoopRunner, view: QueueView, platform: Platform) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    n = len(platform.cases)
    assert view.count_label.text() == format(n, ",").replace(",", "\u00a0") + " ärenden"


def test_bookmarks_queue_starts_empty_and_says_how_to_fill_it(qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.BOOKMARKED))
    settle(qloop, view)
    assert view.model.rowCount() == 0
    assert "Ctrl+D" in view.table.empty_text


# --- sorting -------------------------------------------------------------------------------------------


def test_clicking_headers_sorts_by_that_column_both_ways(
    qtbot: QtBot, qloop: LoopRunner, view: QueueView
) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)

    click_header(qtbot, view, QueueModel.COL_REGISTRATION)
    settle(qloop, view)
    regs = [r.registration_number for r in shown(qloop, view)]
    assert regs == sorted(regs)
    assert view.model.query is not None and not view.model.query.descending

    click_header(qtbot, view, QueueModel.COL_REGISTRATION)
    settle(qloop, view)
    assert [r.registration_number for r in shown(qloop, view)] == sorted(regs, reverse=True)
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == QueueModel.COL_REGISTRATION
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    for column, value in [
        (QueueModel.COL_PROPERTY, lambda r: sort_key(r.property_designation)),
        (QueueModel.COL_RECEIVED, lambda r: r.received_on),
        (QueueModel.COL_DEADLINE, lambda r: (r.deadline if r.is_open else None) or dt.date.max),
        (QueueModel.COL_FEE, lambda r: r.fee_sek),
        (QueueModel.COL_MUNICIPALITY, lambda r: r.municipality_id),
    ]:
        click_header(qtbot, view, column)
        settle(qloop, view)
        values = [value(r) for r in shown(qloop, view)]
        assert values == sorted(values), f"column {column} ascending"
        # the SortRole says what the store sorted by
        model = view.model
        roles = [model.data(model.index(i, column), QueueModel.SortRole) for i in range(min(50, len(values)))]
        assert roles == values[: len(roles)]


def test_the_applicant_column_cannot_be_sorted(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    before = view.model.query
    click_header(qtbot, view, QueueModel.COL_APPLICANT)
    settle(qloop, view)
    assert view.model.query == before
    assert view.table.horizontalHeader().sortIndicatorSection() == QueueModel.COL_DEADLINE


def test_default_order_is_by_deadline(qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    rows = shown(qloop, view)
    deadlines = [(r.deadline if r.is_open else None) or dt.date.max for r in rows]  # decided: last
    assert deadlines == sorted(deadlines)


# --- filters and search --------------------------------------------------------------------------------


def test_municipality_filter(qloop: LoopRunner, view: QueueView, platform: Platform) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    muni = platform.municipalities[0].id
    options = view.municipality_filter.options()
    assert set(options) == {m.id for m in platform.municipalities}
    assert not view.municipality_filter.action_for(muni).icon().isNull()  # the colour mark
    view.municipality_filter.action_for(muni).trigger()
    settle(qloop, view)
    rows = shown(qloop, view)
    assert {r.municipality_id for r in rows} == {muni}
    assert len(rows) == sum(1 for c in platform.cases if c.municipality_id == muni)
    assert "filtrerat" in view.count_label.text()
    assert view.clear_filters_button.isEnabled()
    view.clear_filters()
    settle(qloop, view)
    assert view.model.rowCount() == len(platform.cases)


def test_status_filter_ors_the_chosen_statuses(
    qloop: LoopRunner, view: QueueView, platform: Platform
) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    chosen = {CaseStatus.RECEIVED, CaseStatus.UNDER_REVIEW}
    for status in chosen:
        view.status_filter.action_for(status).trigger()
    settle(qloop, view)
    rows = shown(qloop, view)
    assert {r.status for r in rows} == chosen
    assert len(rows) == sum(1 for c in platform.cases if c.status in chosen)
    assert view.status_filter.text().startswith("Status: 2 valda")
    texts = {view.model.data(view.model.index(i, QueueModel.COL_STATUS)) for i in range(len(rows))}
    assert texts == {"Inkommen", "Under handläggning"}


@pytest.mark.parametrize("band", list(DeadlineBand))
def test_deadline_band_filter(qloop: LoopRunner, view: QueueView, band: DeadlineBand) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    view.deadline_filter.action_for(band).trigger()
    settle(qloop, view)
    today = view.model.today
    rows = shown(qloop, view)
    for r in rows:
        days = r.days_left(today)
        if band is DeadlineBand.OVERDUE:
            assert days is not None and days < 0
        elif band is DeadlineBand.WITHIN_7_DAYS:
            assert days is not None and 0 <= days <= 7
        elif band is DeadlineBand.LATER:
            assert days is not None and days > 7
        else:
            assert days is None
    if band is not DeadlineBand.WITHIN_7_DAYS:  # the seed lays deadlines out around today
        assert rows, f"the demo data has cases in band {band}"


def test_search_by_registration_number_property_and_applicant(
    qloop: LoopRunner, view: QueueView, platform: Platform
) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    case = next(
        c for c in platform.cases if len(c.applicant_name.split()) == 2 and "AB" not in c.applicant_name
    )

    done(qloop, view.set_search_text(case.registration_number))
    settle(qloop, view)
    assert [r.id for r in shown(qloop, view)] == [case.id]

    block = case.property_designation.split(" ")[1]  # "Älvdala Björken 4:12" -> "Björken"
    done(qloop, view.set_search_text(block.lower()))
    settle(qloop, view)
    rows = shown(qloop, view)
    assert case.id in {r.id for r in rows}
    expected = {
        c.id
        for c in platform.cases
        if any(w.startswith(sort_key(block)) for w in sort_key(c.property_designation).split())
    }
    assert expected <= {r.id for r in rows}

    surname = case.applicant_name.split()[-1]
    done(qloop, view.set_search_text(surname))
    settle(qloop, view)
    rows = shown(qloop, view)
    assert case.id in {r.id for r in rows}
    for r in rows:  # every hit has a word starting with the surname (case and accent folded)
        text = " ".join((r.applicant_name, r.property_designation, r.title, r.registration_number))
        assert any(w.startswith(fold(surname)) for w in fold(text).replace(",", " ").split()), text

    done(qloop, view.set_search_text("zzzinget"))
    settle(qloop, view)
    assert view.model.rowCount() == 0
    assert "matchar" in view.table.empty_text


def test_typing_in_the_search_field_is_debounced(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    query_before = view.model.query
    qtbot.keyClicks(view.search, "BYGG")
    assert view.model.query == query_before  # nothing asked yet: the debounce timer runs
    settle(qloop, view)
    assert view.model.query is not None and view.model.query.text == "BYGG"


# --- selection, keyboard, context menu -----------------------------------------------------------------


def test_shift_and_ctrl_click_select_several_cases(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    emitted: list[list[str]] = []
    view.selectionChanged.connect(emitted.append)
    click_row(qtbot, view, 1)
    click_row(qtbot, view, 4, Qt.KeyboardModifier.ShiftModifier)
    click_row(qtbot, view, 7, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, view)
    expected = [view.model.id_at(r) for r in (1, 2, 3, 4, 7)]
    assert view.selected_ids() == expected
    assert emitted[-1] == expected
    click_row(qtbot, view, 2, Qt.KeyboardModifier.ControlModifier)  # ctrl-click again: deselect
    settle(qloop, view)
    assert view.selected_ids() == [view.model.id_at(r) for r in (1, 3, 4, 7)]


def test_select_all_then_the_selection_has_every_id(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, view)
    assert view.selected_ids() == qloop.run(view.model.all_ids())


def test_enter_and_double_click_open_the_case(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    opened: list[str] = []
    view.caseActivated.connect(opened.append)
    view.table.setFocus()
    click_row(qtbot, view, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [view.model.id_at(2)]
    rect = view.table.visualRect(view.model.index(5, QueueModel.COL_PROPERTY))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # press first,
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a user does
    assert opened == [view.model.id_at(2), view.model.id_at(5)]


def test_sorting_keeps_the_selected_case_selected(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    click_row(qtbot, view, 3)
    settle(qloop, view)
    chosen = view.selected_ids()
    click_header(qtbot, view, QueueModel.COL_PROPERTY)
    settle(qloop, view)
    assert view.selected_ids() == chosen
    assert view.model.id_at(view.table.currentIndex().row()) == chosen[0]


def _context_menu(qloop: LoopRunner, view: QueueView, row: int) -> QtWidgets.QMenu:
    rect = view.table.visualRect(view.model.index(row, QueueModel.COL_PROPERTY))
    event = QtGui.QContextMenuEvent(
        QtGui.QContextMenuEvent.Reason.Mouse, rect.center(), view.table.viewport().mapToGlobal(rect.center())
    )
    QtWidgets.QApplication.sendEvent(view.table.viewport(), event)
    settle(qloop, view)
    assert view.context_menu is not None
    return view.context_menu


def _action(menu: QtWidgets.QMenu, text: str) -> QtGui.QAction:
    found = [a for a in menu.actions() if a.text().startswith(text)]
    assert found, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def test_bookmark_from_the_context_menu_shows_in_the_bookmarks_queue(
    qloop: LoopRunner, view: QueueView, services: Services, tmp_path: Path
) -> None:
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    case_id = view.model.id_at(2)
    menu = _context_menu(qloop, view, 2)
    assert view.selected_ids() == [case_id]  # right-click selects the row under the pointer
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Öppna",
        "Bokmärk",
        "Gör tillgänglig offline",
        "Kopiera diarienummer",
    ]
    _action(menu, "Bokmärk").trigger()
    menu.close()
    settle(qloop, view)
    assert qloop.run(services.store.bookmarks()) == {case_id}
    assert view.model.data(view.model.index(2, QueueModel.COL_MARKERS), QueueModel.MarkersRole)[0] is True
    assert "Bokmärkt" in view.model.data(
        view.model.index(2, QueueModel.COL_MARKERS), Qt.ItemDataRole.ToolTipRole
    )
    save_shot(view, tmp_path, "queue-bookmarked.png")

    done(qloop, view.set_queue(QueueKind.BOOKMARKED))
    settle(qloop, view)
    assert [r.id for r in shown(qloop, view)] == [case_id]

    menu = _context_menu(qloop, view, 0)
    _action(menu, "Ta bort bokmärke").trigger()
    menu.close()
    settle(qloop, view)
    assert view.model.rowCount() == 0
    assert qloop.run(services.store.bookmarks()) == set()


def test_ctrl_d_bookmarks_the_selected_cases(
    qtbot: QtBot, qloop: LoopRunner, view: QueueView, services: Services
) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    click_row(qtbot, view, 0)
    click_row(qtbot, view, 2, Qt.KeyboardModifier.ShiftModifier)
    settle(qloop, view)
    ids = set(view.selected_ids())
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, view)
    assert qloop.run(services.store.bookmarks()) == ids
    assert view.selected_ids() and set(view.selected_ids()) == ids  # the reload kept the selection


def test_make_available_offline_runs_the_sync_engine_with_progress(
    qloop: LoopRunner, view: QueueView, services: Services
) -> None:
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    view.table.selectRow(0)
    view.table.selectionModel().select(
        view.model.index(1, 0),
        QtCore.QItemSelectionModel.SelectionFlag.Select | QtCore.QItemSelectionModel.SelectionFlag.Rows,
    )
    settle(qloop, view)
    expected = view.selected_ids()
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    menu = _context_menu(qloop, view, 0)
    before = set(view._tasks)
    _action(menu, "Gör tillgänglig offline").trigger()
    menu.close()
    started = set(view._tasks) - before
    assert len(started) == 1, "the menu command started one download"
    qloop.run(finished(started.pop(), what="the download"), timeout=PATIENCE + 10)
    settle(qloop, view)
    assert messages[-1] == "2 ärenden finns nu offline"
    for case_id in expected:  # the real engine stored each case's documents and their bytes
        documents = qloop.run(services.store.list_documents(case_id))
        assert documents
        assert all(qloop.run(services.store.has_blob(d.sha256)) for d in documents)
    dialog = view.findChild(QtWidgets.QProgressDialog, "offlineProgress")
    assert dialog is None or not dialog.isVisible()


def test_closing_the_queue_while_a_download_runs_ends_the_download_cleanly(
    qloop: LoopRunner, view: QueueView, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress dialog is deleted with the view: the download must not reach for it afterwards."""
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    view.table.selectRow(0)
    settle(qloop, view)
    entered, release = asyncio.Event(), asyncio.Event()
    real = services.sync.make_available_offline

    async def held(case_id: str, progress: Any = None) -> None:
        entered.set()
        await release.wait()  # the download is under way when the view closes
        await real(case_id, progress)

    monkeypatch.setattr(services.sync, "make_available_offline", held)
    download = view._make_offline()
    assert download is not None, "the download did not start"
    qloop.run(finished(entered.wait(), what="the download to start"), timeout=PATIENCE + 10)
    assert view.findChild(QtWidgets.QProgressDialog, "offlineProgress") is not None
    view.close()
    view.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    qloop.run(until(download.done, what="the download to end with the view"), timeout=PATIENCE + 10)
    assert download.cancelled()  # ended with its screen; no error (pytest-qt fails on one raised in Qt)


def test_copy_registration_numbers(qtbot: QtBot, qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    click_row(qtbot, view, 0)
    click_row(qtbot, view, 1, Qt.KeyboardModifier.ShiftModifier)
    settle(qloop, view)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, view)
    regs = [view.model.record(0).registration_number, view.model.record(1).registration_number]  # type: ignore[union-attr]
    assert QtWidgets.QApplication.clipboard().text() == "\n".join(regs)


def test_cases_changed_reloads_and_keeps_the_selection(
    qtbot: QtBot, qloop: LoopRunner, view: QueueView, services: Services, platform: Platform
) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    click_row(qtbot, view, 5)
    settle(qloop, view)
    chosen = view.selected_ids()
    before = view.model.rowCount()
    extra = platform.cases[0].model_copy(
        update={"id": "extra-case", "registration_number": "BYGG 1999-000001", "version": 99}
    )
    qloop.run(services.store.upsert_cases([extra]))
    services.bridge.casesChanged.emit(frozenset({"extra-case"}), False)
    settle(qloop, view)
    assert view.model.rowCount() == before + 1
    assert view.selected_ids() == chosen


def test_team_queue_without_a_team_says_so(qloop: LoopRunner, view: QueueView, services: Services) -> None:
    services.user = services.user.model_copy(update={"team_id": None})
    view.set_queue(QueueKind.TEAM)
    settle(qloop, view)
    assert view.model.rowCount() == 0
    assert "team" in view.table.empty_text


def test_accessible_names_and_tooltips(qloop: LoopRunner, view: QueueView) -> None:
    done(qloop, view.set_queue(QueueKind.ALL))
    settle(qloop, view)
    assert view.table.accessibleName() == "Ärenden"
    assert view.search.accessibleName() == "Sök ärenden"
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[1:] == [  # by importance: the deadline right after the case number
        "Diarienummer",
        "Tidsfrist",
        "Status",
        "Fastighet",
        "Ärendetyp",
        "Sökande",
        "Avgift i risk",
        "Kommun",
        "Inkommen",
        "Handläggare",  # shown in the team's queue (ui.workload)
    ]
    for c in range(model.columnCount()):
        assert model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    index = model.index(0, QueueModel.COL_MUNICIPALITY)
    assert "kommun" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert isinstance(model.data(index, Qt.ItemDataRole.DecorationRole), QtGui.QIcon)
    assert model.data(model.index(0, QueueModel.COL_MARKERS), Qt.ItemDataRole.AccessibleTextRole)


def _queue_writes(qloop: LoopRunner, store: AsyncStore, pending: str, rejected: str) -> None:
    def note(case_id: str) -> NewWrite:
        return NewWrite("add_note", "POST", f"/cases/{case_id}/notes", {"text": "Notering"}, case_id=case_id)

    qloop.run(store.enqueue(note(pending)))
    item = qloop.run(store.enqueue(note(rejected)))
    qloop.run(store.mark_in_flight(item.id))
    qloop.run(store.mark_rejected(item.id, "Ärendet är avslutat"))


def test_outbox_markers_show_pending_and_problem_writes(
    qloop: LoopRunner, view: QueueView, services: Services
) -> None:
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    pending, rejected = view.model.id_at(0) or "", view.model.id_at(1) or ""
    _queue_writes(qloop, services.store, pending, rejected)
    services.bridge.casesChanged.emit(frozenset({pending, rejected}), False)
    settle(qloop, view)
    model = view.model

    def cell(row: int, role: int) -> Any:
        return model.data(model.index(row, QueueModel.COL_MARKERS), role)

    markers = [cell(r, QueueModel.MarkersRole) for r in (0, 1, 2)]
    assert markers == [(False, 1, 0), (False, 0, 1), (False, 0, 0)]
    assert [cell(r, Qt.ItemDataRole.ToolTipRole) for r in (0, 1, 2)] == [
        "1 ändring väntar på att skickas",
        "1 ändring behöver åtgärdas (se Utkorg)",
        None,
    ]
    icons = [cell(r, Qt.ItemDataRole.DecorationRole) for r in (0, 1, 2)]
    assert isinstance(icons[0], QtGui.QIcon) and isinstance(icons[1], QtGui.QIcon) and icons[2] is None


def test_screenshots_light_and_dark(
    qloop: LoopRunner, view: QueueView, services: Services, tmp_path: Path
) -> None:
    done(qloop, view.set_queue(QueueKind.MINE))
    settle(qloop, view)
    qloop.run(services.store.set_bookmark(view.model.id_at(1) or ""))
    qloop.run(services.store.set_bookmark(view.model.id_at(4) or ""))
    _queue_writes(qloop, services.store, view.model.id_at(2) or "", view.model.id_at(4) or "")
    done(qloop, view.reload())
    settle(qloop, view)
    view.table.selectRow(3)
    light = save_shot(view, tmp_path, "queue-light.png")
    assert QtGui.QImage(str(light)).width() >= 1000

    dark = QtGui.QPalette()
    for role, colour in [
        (QtGui.QPalette.ColorRole.Window, "#202124"),
        (QtGui.QPalette.ColorRole.Base, "#1b1b1d"),
        (QtGui.QPalette.ColorRole.AlternateBase, "#252528"),
        (QtGui.QPalette.ColorRole.Text, "#e8e8e8"),
        (QtGui.QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QtGui.QPalette.ColorRole.Button, "#2d2d30"),
        (QtGui.QPalette.ColorRole.ButtonText, "#e8e8e8"),
        (QtGui.QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
    ]:
        dark.setColor(role, QtGui.QColor(colour))
    view.setPalette(dark)
    settle(qloop, view)
    today = view.model.today
    overdue = next(
        (i for i, r in enumerate(shown(qloop, view)) if (r.days_left(today) or 0) < 0 and i < 100), None
    )
    if overdue is not None:
        bg = view.model.data(
            view.model.index(overdue, QueueModel.COL_DEADLINE), Qt.ItemDataRole.BackgroundRole
        )
        assert bg.lightness() < 100  # a dark tint on a dark base, not a light pink
    save_shot(view, tmp_path, "queue-dark.png")


def test_filter_bar_follows_a_palette_change_to_dark(qtbot: QtBot, qapp: QtWidgets.QApplication) -> None:
    """The search field and the filter buttons take the app palette live (no light leftovers in dark)."""
    from ui.queue.filters import FilterButton, SearchField

    bar = QtWidgets.QWidget()
    qtbot.addWidget(bar)
    layout = QtWidgets.QHBoxLayout(bar)
    search, button = SearchField(bar), FilterButton("Kommun", bar)
    layout.addWidget(search)
    layout.addWidget(button)
    bar.show()
    role = QtGui.QPalette.ColorRole
    original = QtGui.QPalette(qapp.palette())
    dark = QtGui.QPalette(original)
    for r, colour in [(role.Window, "#202124"), (role.Base, "#17181a"), (role.Text, "#e8eaed"),
                      (role.Button, "#2d2f33"), (role.ButtonText, "#e8eaed")]:  # fmt: skip
        dark.setColor(r, QtGui.QColor(colour))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        assert search.palette().color(role.Base).name() == "#17181a"
        assert button.palette().color(role.Button).name() == "#2d2f33"
        assert button.palette().color(role.ButtonText).name() == "#e8eaed"
        shot = button.grab().toImage()
        assert shot.pixelColor(4, shot.height() // 2).lightness() < 128  # painted dark, not light grey
    finally:
        qapp.setPalette(original)
