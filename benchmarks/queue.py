"""Queue benchmarks: open the queue over 50 000 cases, and filter it keystroke by keystroke.

    python benchmarks/queue.py            # 50 000 cases (building the store takes ~10 s)
    python benchmarks/queue.py --quick    # 5 000 cases, a few seconds

Prints, per figure, ``figure: value | baseline: value | ratio: r`` (QUALITY.md):

* ``queue_open_50k`` -- from creating the QueueView on a queue sorted by deadline ("all" and "mine";
  the line gives the slower) until the table's viewport has finished its first paint with every visible
  row loaded (shown offscreen; the paint the event loop does, no extra ``grab()``), against a raw sqlite3
  read of the same visible rows (``SELECT ... ORDER BY deadline_sort LIMIT n`` on the cache's plaintext
  columns, over an open connection). Medians of ``--repeat`` runs, after one warm-up (fonts, style).
* ``queue_open_50k_all`` / ``queue_open_50k_mine`` -- the same, per queue.
* ``queue_switch_50k`` -- switching the open view from "all" to "mine" (what a click in the navigation
  does) until the new rows are painted, against the same raw read.
* ``queue_open_50k_vs_bare_qt`` -- the same open against the least Qt can do for those rows: the raw
  read put in a QStandardItemModel shown in a bare QTableView, until its first paint (what the widget
  costs over Qt itself).
* ``queue_filter_50k`` -- median time per keystroke typing "björken 4" into the search field of the
  "all" queue (debounce bypassed) until the table has painted the new rows; baseline: the
  store's own answer to the same query (count + first page, timed on the store's thread).
"""

from __future__ import annotations

import _root  # noqa: F401  # first: the project root on the import path (see _root.py)

# isort: split
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import qasync

from benchmarks._common import arguments
from caseworker.domain.models import Address, Municipality, Role, User
from caseworker.store import AsyncStore, CaseQuery, OfflineStore, QueueKind
from tests.caseworker.store.factories import MUNICIPALITIES, many
from ui.bridge import SyncBridge
from ui.qt import QtCore, QtGui, QtWidgets
from ui.queue import QueueView
from ui.services import Services

KEY = b"benchmark-queue-key-32-bytes-xx!"
USER_ID = "u-anna"  # the factories assign about a quarter of the cases to this user
TYPED = "björken 4"
COLOURS = ["#2e6b3a", "#9b2226", "#1d4e89"]


def build_store(directory: Path, cases: int) -> float:
    started = time.perf_counter()
    store = OfflineStore.open(directory, KEY, user_id=USER_ID)
    try:
        batch: list[Any] = []
        for case in many(cases, seed=7):
            batch.append(case)
            if len(batch) == 5000:
                store.upsert_cases(batch)
                batch = []
        if batch:
            store.upsert_cases(batch)
        store.optimize()
    finally:
        store.close()
    return time.perf_counter() - started


def municipalities() -> dict[str, Municipality]:
    out = {}
    for muni_id, colour in zip(MUNICIPALITIES, COLOURS, strict=True):
        name = muni_id.capitalize().replace("Alv", "Älv").replace("Sjov", "Sjöv").replace("Bjork", "Björk")
        out[muni_id] = Municipality(
            id=muni_id,
            name=f"{name} kommun",
            committee="Byggnadsnämnden",
            org_number="212000-0000",
            address=Address(street="Storgatan 1", postal_code="123 45", city=name),
            phone="070-174 06 00",
            email=f"bygg@{muni_id}.example",
            website=f"https://{muni_id}.example",
            primary_color=colour,
            secondary_color="#ffffff",
            logo_url=f"/municipalities/{muni_id}/logo",
            appeal_body="Länsstyrelsen",
            footer="",
            registration_prefix="BN",
        )
    return out


def make_services(store: AsyncStore) -> Services:
    user = User(
        id=USER_ID,
        username="anna",
        display_name="Anna Handläggare",
        title="Bygglovshandläggare",
        email="anna@alvdala.example",
        roles=[Role.CASEWORKER],
        municipalities=list(MUNICIPALITIES),
        team_id="team-1",
    )
    return Services(
        platform_url="http://127.0.0.1",
        paths=None,  # type: ignore[arg-type]  # the queue uses only the store, bridge, user, municipalities
        http=None,  # type: ignore[arg-type]
        session=None,  # type: ignore[arg-type]
        client=None,  # type: ignore[arg-type]
        store=store,
        sync=None,  # type: ignore[arg-type]
        bridge=SyncBridge(),
        user=user,
        municipalities=municipalities(),
    )


def visible_rows(view: QueueView) -> range:
    table = view.table
    first = max(table.rowAt(0), 0)
    last = table.rowAt(table.viewport().height() - 1)
    if last < 0:
        last = view.model.rowCount() - 1
    return range(first, last + 1)


async def until_visible_rows_loaded(view: QueueView) -> None:
    while not view.model.is_loaded or not all(view.model.is_row_loaded(r) for r in visible_rows(view)):
        await asyncio.sleep(0)


class PaintProbe(QtCore.QObject):
    """Counts the paints of a view's viewport, and remembers the count when the model showed a result."""

    def __init__(self, viewport: QtWidgets.QWidget, loaded: Any = None) -> None:
        super().__init__(viewport)
        self.paints = 0
        self.at_load = 0
        viewport.installEventFilter(self)
        if loaded is not None:
            loaded.connect(self._loaded)

    def _loaded(self) -> None:
        self.at_load = self.paints

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            self.paints += 1
        return False

    async def painted_since_load(self, viewport: QtWidgets.QWidget, timeout: float = 1.0) -> None:
        """Until a paint that started after the load has finished (the event loop runs the paint
        synchronously, so when this coroutine resumes after the count moved, the paint is done)."""
        deadline = time.perf_counter() + timeout
        while self.paints <= self.at_load:
            if time.perf_counter() > deadline:
                raise RuntimeError("the viewport did not paint within a second of the load")
            await asyncio.sleep(0)


async def rows_painted(view: QueueView, probe: PaintProbe) -> None:
    """Until every visible row is loaded and the viewport has painted since the last load."""
    await until_visible_rows_loaded(view)
    await probe.painted_since_load(view.table.viewport())


async def shown_view(services: Services, kind: QueueKind) -> tuple[QueueView, PaintProbe]:
    """A new queue view on ``kind``, shown, once its first screen of rows is painted."""
    view = QueueView(services)
    view.resize(1280, 800)
    probe = PaintProbe(view.table.viewport(), view.model.loaded)
    task = view.set_queue(kind)
    view.show()
    if task is not None:
        await task
    await rows_painted(view, probe)
    return view, probe


async def open_once(services: Services, kind: QueueKind) -> tuple[float, int]:
    started = time.perf_counter()
    view, _probe = await shown_view(services, kind)
    elapsed = time.perf_counter() - started
    shown = len(visible_rows(view))
    view.close()
    view.deleteLater()
    await asyncio.sleep(0)
    return elapsed, shown


async def switch_once(view: QueueView, probe: PaintProbe, kind: QueueKind) -> tuple[float, int]:
    started = time.perf_counter()
    task = view.set_queue(kind)
    if task is not None:
        await task
    await rows_painted(view, probe)
    return time.perf_counter() - started, len(visible_rows(view))


def raw_read(db: sqlite3.Connection, kind: QueueKind, n: int) -> float:
    where = "WHERE assignee_id = ?" if kind is QueueKind.MINE else ""
    params: tuple[Any, ...] = (USER_ID,) if kind is QueueKind.MINE else ()
    sql = (
        "SELECT id, registration_number, municipality_id, property_designation, case_type, status,"
        f" received_on, deadline_on, is_open, fee_sek FROM cases {where}"
        " ORDER BY deadline_sort, rid LIMIT ?"
    )
    started = time.perf_counter()
    rows = db.execute(sql, (*params, n)).fetchall()
    elapsed = time.perf_counter() - started
    assert len(rows) == n
    return elapsed


async def bare_qt(db: sqlite3.Connection, kind: QueueKind, n: int) -> float:
    """The raw read shown in a QStandardItemModel + bare QTableView, until its first paint."""
    started = time.perf_counter()
    where = "WHERE assignee_id = ?" if kind is QueueKind.MINE else ""
    params: tuple[Any, ...] = (USER_ID,) if kind is QueueKind.MINE else ()
    rows = db.execute(
        "SELECT registration_number, municipality_id, property_designation, case_type, status, received_on,"
        f" deadline_on, fee_sek FROM cases {where} ORDER BY deadline_sort, rid LIMIT ?",
        (*params, n),
    ).fetchall()
    model = QtGui.QStandardItemModel(len(rows), 8)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QtGui.QStandardItem(str(value)))
    table = QtWidgets.QTableView()
    probe = PaintProbe(table.viewport())
    table.setModel(model)
    table.resize(1280, 800)
    table.show()
    await probe.painted_since_load(table.viewport())
    elapsed = time.perf_counter() - started
    table.close()
    table.deleteLater()
    await asyncio.sleep(0)
    return elapsed


async def filter_keystrokes(services: Services, rounds: int) -> tuple[list[float], list[float], int]:
    view, probe = await shown_view(services, QueueKind.ALL)
    ui_times: list[float] = []
    store_times: list[float] = []
    skipped = 0
    for _ in range(rounds):
        for i in range(1, len(TYPED) + 1):
            typed = TYPED[:i]
            before = view.model.query
            started = time.perf_counter()
            task = view.set_search_text(typed)
            if view.model.query == before and (task is None or task.done()):
                skipped += 1  # "björken " asks nothing new (trailing space): not a keystroke that searches
                continue
            if task is not None:
                await task
            await until_visible_rows_loaded(view)
            await probe.painted_since_load(view.table.viewport())  # the screen shows the new rows
            ui_times.append(time.perf_counter() - started)
            query = view.model.query
            assert query is not None
            store_times.append(await services.store.run(store_time(query)))
        view.set_search_text("")
        await view.model.wait_loaded()
        await until_visible_rows_loaded(view)
    view.close()
    view.deleteLater()
    return ui_times, store_times, skipped


async def switch_line(services: Services, db: sqlite3.Connection, repeat: int) -> str:
    view, probe = await shown_view(services, QueueKind.ALL)
    times, raws = [], []
    for _ in range(repeat):
        for kind in (QueueKind.MINE, QueueKind.ALL):
            elapsed, shown = await switch_once(view, probe, kind)
            if kind is QueueKind.MINE:
                times.append(elapsed)
                raws.append(raw_read(db, kind, shown))
    view.close()
    view.deleteLater()
    await asyncio.sleep(0)
    return line("queue_switch_50k", statistics.median(times), statistics.median(raws))


def store_time(query: CaseQuery) -> Callable[[OfflineStore], float]:
    def run(store: OfflineStore) -> float:
        store._search_key = None  # as on a new keystroke: resolve the words again
        started = time.perf_counter()
        store.count(query)
        store.rows(query, 0, 100)
        return time.perf_counter() - started

    return run


def line(figure: str, value: float, baseline: float | None = None) -> str:
    if baseline is None:
        return f"{figure}: {value:.4f} s"
    return f"{figure}: {value:.4f} s | baseline: {baseline:.4f} s | ratio: {value / baseline:.1f}"


async def run(directory: Path, repeat: int, rounds: int) -> list[str]:
    store = await AsyncStore.open(directory, KEY, user_id=USER_ID)
    services = make_services(store)
    db = sqlite3.connect(directory / "cache.db")
    out: list[str] = []
    try:
        await open_once(services, QueueKind.ALL)  # warm-up: fonts, style, icon caches
        await bare_qt(db, QueueKind.ALL, 30)
        worst: tuple[float, float, float] | None = None
        for kind in (QueueKind.ALL, QueueKind.MINE):
            times, raws, bares = [], [], []
            for _ in range(repeat):
                elapsed, shown = await open_once(services, kind)
                times.append(elapsed)
                raws.append(raw_read(db, kind, shown))
                bares.append(await bare_qt(db, kind, shown))
                await asyncio.sleep(0)
            value, raw, bare = statistics.median(times), statistics.median(raws), statistics.median(bares)
            out.append(line(f"queue_open_50k_{kind.value}", value, raw))
            if worst is None or value > worst[0]:
                worst = (value, raw, bare)
        assert worst is not None
        out.append(line("queue_open_50k", worst[0], worst[1]))
        out.append(line("queue_open_50k_vs_bare_qt", worst[0], worst[2]))
        out.append(await switch_line(services, db, repeat))

        ui_times, store_times, _skipped = await filter_keystrokes(services, rounds)
        out.append(line("queue_filter_50k", statistics.median(ui_times), statistics.median(store_times)))
        out.append(f"queue_filter_50k_max: {max(ui_times):.4f} s")
    finally:
        db.close()
        await store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, "5 000 cases, fewer repeats (seconds)")
    parser.add_argument("--cases", type=int, help="number of synthetic cases (default 50 000)")
    parser.add_argument("--repeat", type=int, help="opens per queue (median)")
    args = parser.parse_args(argv)
    cases = args.cases or (5_000 if args.quick else 50_000)
    repeat = args.repeat or (3 if args.quick else 9)
    rounds = 1 if args.quick else 5

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["benchmark"])
    assert isinstance(app, QtWidgets.QApplication)
    app.setQuitOnLastWindowClosed(False)  # views are opened and closed one after another
    with tempfile.TemporaryDirectory(prefix="queue-bench-") as tmp:
        directory = Path(tmp) / "store"
        build = build_store(directory, cases)
        print(f"# store with {cases} cases built in {build:.1f} s", file=sys.stderr)
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        try:
            lines = loop.run_until_complete(run(directory, repeat, rounds))
        finally:
            loop.close()
    for text in lines:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
