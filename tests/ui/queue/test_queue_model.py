"""QueueModel on synthetic stores: lazy paging over thousands of cases, deadline texts and colours."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from caseworker.domain.models import CaseStatus, CaseType, DeadlineFacts
from caseworker.store import AsyncStore, CaseQuery, QueueKind
from tests.caseworker.store.factories import many, summary
from tests.helpers.qt import LoopRunner
from tests.helpers.waiting import PATIENCE, PATIENCE_MS, until
from ui.qt import Qt, QtGui, QtWidgets
from ui.queue import PAGE_SIZE, QueueModel
from ui.queue.model import PLACEHOLDER, Tone

TODAY = dt.date(2025, 4, 15)
KEY = b"m" * 32


@pytest.fixture
def big_store(qloop: LoopRunner, tmp_path: Path) -> Iterator[AsyncStore]:
    store = qloop.run(AsyncStore.open(tmp_path / "store", KEY, user_id="u-anna"))
    qloop.run(store.upsert_cases(list(many(6000, seed=11))), timeout=120)
    yield store
    qloop.run(store.close())


_LOOPS: list[Any] = []


@pytest.fixture(autouse=True)
def _keep_loop_alive(qloop: LoopRunner) -> None:
    """See tests/ui/queue/test_queue.py: a closed qasync loop freed by the GC on another thread crashes Qt."""
    _LOOPS.append(qloop.loop)


async def awaited(task: asyncio.Task[None]) -> None:
    await task


def idle(model: QueueModel) -> bool:
    """The model has fetched every page asked for and no load runs."""
    return model.is_idle()


def spin(qloop: LoopRunner, model: QueueModel) -> None:
    """Let what was just asked for (a paint, a data() call) start, then run until the model is idle."""

    async def wait() -> None:
        await asyncio.sleep(0)
        await until(lambda: idle(model), what="the model to fetch the pages asked for")

    qloop.run(wait(), timeout=PATIENCE + 10)


def test_only_the_pages_on_screen_are_fetched(qtbot: QtBot, qloop: LoopRunner, big_store: AsyncStore) -> None:
    model = QueueModel(big_store, today=lambda: TODAY)
    table = QtWidgets.QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    table.resize(900, 600)

    qloop.run(awaited(model.set_query(CaseQuery(queue=QueueKind.ALL, today=TODAY))))
    assert model.rowCount() == 6000
    assert model.cached_pages() == {0}  # the count and the first page, in one hop
    table.show()
    qtbot.waitExposed(table, timeout=PATIENCE_MS)
    table.viewport().repaint()  # the first screen has asked for its rows
    spin(qloop, model)
    assert model.pages_fetched == 0  # the first screen is inside page 0

    # A row far away answers a placeholder at once and queues its page.
    far = 4321
    assert model.data(model.index(far, QueueModel.COL_REGISTRATION)) == PLACEHOLDER
    assert model.data(model.index(far, QueueModel.COL_REGISTRATION), QueueModel.RecordRole) is None
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(top.row()))
    spin(qloop, model)
    assert far // PAGE_SIZE in model.cached_pages()
    assert changed and changed[-1] == (far // PAGE_SIZE) * PAGE_SIZE
    assert model.data(model.index(far, QueueModel.COL_REGISTRATION)).startswith("BN ")

    # Scrolling to the middle fetches what is shown there, not everything in between.
    table.scrollTo(model.index(3000, 0), QtWidgets.QAbstractItemView.ScrollHint.PositionAtTop)
    table.viewport().repaint()
    spin(qloop, model)
    assert {30} <= model.cached_pages()
    assert model.pages_fetched <= 4
    assert len(model.cached_pages()) <= 4

    # Requests for the same page while it is in flight are made once.
    before = model.pages_fetched
    for _ in range(20):
        model.data(model.index(5555, 1))
    spin(qloop, model)
    assert model.pages_fetched == before + 1


def test_fast_scrolling_drops_pages_the_view_has_left(qloop: LoopRunner, big_store: AsyncStore) -> None:
    model = QueueModel(big_store, today=lambda: TODAY)
    qloop.run(awaited(model.set_query(CaseQuery(today=TODAY))))
    for row in range(0, 6000, PAGE_SIZE):  # a fling from top to bottom touches all 60 pages
        model.data(model.index(row, 1))
    spin(qloop, model)
    assert 59 in model.cached_pages()  # where the view stopped
    assert model.pages_fetched < 15


def test_a_new_query_drops_pages_of_the_old_one(qloop: LoopRunner, big_store: AsyncStore) -> None:
    model = QueueModel(big_store, today=lambda: TODAY)
    qloop.run(awaited(model.set_query(CaseQuery(today=TODAY))))
    model.data(model.index(2500, 1))  # queue page 25 of the old query ...
    task = model.set_query(CaseQuery(queue=QueueKind.MINE, today=TODAY))  # ... and change the query
    qloop.run(awaited(task))
    spin(qloop, model)
    assert model.query is not None and model.query.queue is QueueKind.MINE
    rows = qloop.run(model.records_for_rows(range(model.rowCount())))
    assert all(r.assignee_id == "u-anna" for r in rows)


def test_superseded_queries_are_never_shown(qloop: LoopRunner, big_store: AsyncStore) -> None:
    model = QueueModel(big_store, today=lambda: TODAY)
    shown: list[str] = []
    model.loaded.connect(lambda: shown.append(model.query.text if model.query else "?"))
    tasks = [model.set_query(CaseQuery(text=t, today=TODAY)) for t in ("b", "bj", "bjö", "björken")]
    qloop.run(asyncio.wait(tasks))
    assert shown == ["björken"]
    assert all(t.cancelled() for t in tasks[:-1])


def test_reload_keeps_rows_in_place_without_a_reset(qloop: LoopRunner, big_store: AsyncStore) -> None:
    model = QueueModel(big_store, today=lambda: TODAY)
    qloop.run(awaited(model.set_query(CaseQuery(today=TODAY))))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.data(model.index(700, 1))
    spin(qloop, model)
    qloop.run(big_store.upsert_cases([summary(999_999, status=CaseStatus.RECEIVED)]))
    qloop.run(awaited(model.reload()))
    assert resets == []
    assert model.rowCount() == 6001
    # the old page 7 is served (stale) until its fresh copy arrives
    assert model.data(model.index(700, 1)) != PLACEHOLDER
    spin(qloop, model)
    assert 7 in model.cached_pages()


def _row_model(qloop: LoopRunner, tmp_path: Path, deadlines: dict[str, int | None]) -> QueueModel:
    """A model over cases whose deadlines fall ``days`` after TODAY (None: clock not started)."""
    store = qloop.run(AsyncStore.open(tmp_path / "rows", KEY, user_id="u-anna"))
    cases = []
    for i, (name, days) in enumerate(deadlines.items()):
        if days is None:
            facts = DeadlineFacts(received_on=TODAY, completion_requested_on=TODAY)
        else:
            facts = DeadlineFacts(received_on=TODAY + dt.timedelta(days=days) - dt.timedelta(weeks=10))
        cases.append(
            summary(i, id=name, registration_number=f"BN 2025-{i:06d}", deadline=facts,
                    status=CaseStatus.UNDER_REVIEW, case_type=CaseType.NEW_BUILDING_HOUSE, fee_sek=30_000)
        )  # fmt: skip
    qloop.run(store.upsert_cases(cases))
    model = QueueModel(store, today=lambda: TODAY)
    qloop.run(awaited(model.set_query(CaseQuery(today=TODAY))))
    model.destroyed.connect(lambda: None)
    model.setProperty("store", store)
    return model


def test_deadline_texts_colours_and_fee_at_risk(qloop: LoopRunner, tmp_path: Path) -> None:
    deadlines = {
        "late-3": -3,
        "late-9": -9,
        "late-40": -40,
        "today": 0,
        "soon-5": 5,
        "later-30": 30,
        "none": None,
    }
    model = _row_model(qloop, tmp_path, deadlines)
    try:
        rows = {model.id_at(i): i for i in range(model.rowCount())}
        tone = Tone.from_palette(QtGui.QGuiApplication.palette())

        def cell(case: str, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            return model.data(model.index(rows[case], column), role)

        deadline, fee = QueueModel.COL_DEADLINE, QueueModel.COL_FEE
        fg, bg = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole
        assert cell("late-3", deadline) == "2025-04-12 (3 d sen)"
        assert cell("soon-5", deadline) == "2025-04-20 (5 d kvar)"
        assert cell("today", deadline) == "2025-04-15 (i dag)"
        assert cell("none", deadline) == "Ej startad"

        for case in ("late-3", "late-9", "late-40"):
            assert cell(case, deadline, fg) == tone.overdue_fg
            assert cell(case, deadline, bg) == tone.overdue_bg
        for case in ("today", "soon-5"):
            assert cell(case, deadline, fg) == tone.soon_fg
            assert cell(case, deadline, bg) == tone.soon_bg
        for case in ("later-30", "none"):
            assert cell(case, deadline, fg) is None
            assert cell(case, deadline, bg) is None

        # one fifth per started week late (caseworker.domain.clock), of 30 000 kr
        assert cell("late-3", fee) == "−20 % (6\u00a0000 kr)"
        assert cell("late-9", fee) == "−40 % (12\u00a0000 kr)"
        assert cell("late-40", fee) == "−100 % (30\u00a0000 kr)"
        assert cell("soon-5", fee) == ""
        assert "6\u00a0000 kr" in str(cell("soon-5", fee, Qt.ItemDataRole.ToolTipRole))
        assert cell("late-9", fee, fg) == tone.overdue_fg
        assert "för 9 dagar sedan" in str(cell("late-9", deadline, Qt.ItemDataRole.ToolTipRole))
    finally:
        qloop.run(model.property("store").close())


def test_dark_palette_gives_dark_tints_and_light_text() -> None:
    light, dark = QtGui.QPalette(), QtGui.QPalette()
    light.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#ffffff"))
    dark.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#1e1e1e"))
    on_light, on_dark = Tone.from_palette(light), Tone.from_palette(dark)
    assert on_light.overdue_bg.lightness() > 200 and on_light.overdue_fg.lightness() < 100
    assert on_dark.overdue_bg.lightness() < 90 and on_dark.overdue_fg.lightness() > 150
    assert on_dark.soon_bg.lightness() < 90 and on_dark.soon_fg.lightness() > 150
