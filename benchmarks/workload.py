"""Workload benchmarks: the board's figures from a store of 50 000 cases, and the balancing proposal.

    python benchmarks/workload.py            # 50 000 cases (building the store takes ~15 s)
    python benchmarks/workload.py --quick    # 5 000 cases, fewer repeats (seconds)

Prints, per figure, ``figure: value | baseline: value | ratio: r`` (QUALITY.md):

* ``workload_open_50k`` -- the board painted from a store of 50 000 synthetic cases (target <= 100 ms):
  ``read_figures`` for the team's roster on its own read-only connection (as the board reads, per member
  open, due within 7 days, overdue, fee at risk, per municipality), the board's model filled and its table
  (bars and all) painted offscreen; baseline: a bare SQL count / group-by of open, due and overdue per
  member and municipality over the same rows, on a connection already open.
* ``workload_figures_50k`` -- the figures alone (``read_figures``), the same baseline.
* ``balance_proposal_3000`` -- ``propose_balance`` for a team of 30 holding 3 000 open cases (target
  <= 1 s); baseline: one pass tallying every member's load and risk (the least any balancing reads).
  ``balance_proposal_3000_moves`` says how many moves it proposed.
Medians of 9 runs (3 with ``--quick``), each after a warm-up run.
"""

from __future__ import annotations

import _root  # noqa: F401  # first: the project root on the import path (see _root.py)

# isort: split
import datetime as dt
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks._common import arguments, line, median_time
from caseworker.domain.models import CaseType
from caseworker.store import OfflineStore
from caseworker.workload import (
    RISK_POINTS,
    Member,
    OpenCase,
    deadline_risk,
    propose_balance,
    read_figures,
)
from caseworker.workload.query import open_reader, reading
from tests.caseworker.store.factories import MUNICIPALITIES, STAFF, many

KEY = b"benchmark-workload-key-32-bytes!"
TODAY = dt.date(2025, 5, 1)  # the factories' deadlines fall around this day
ROSTER = [Member(uid, name, frozenset(MUNICIPALITIES)) for uid, name, team in STAFF if team == "team-1"]
TEAM_MUNICIPALITIES = ("alvdala", "norrsjo", "vanerby", "bjorkby", "sjovik")


def build_store(directory: Path, cases: int) -> OfflineStore:
    """The queue benchmark's synthetic cases (same seed), written 5 000 per transaction."""
    store = OfflineStore.open(directory, KEY, user_id="u-cia")
    rows = list(many(cases, seed=7))
    for start in range(0, len(rows), 5000):
        store.upsert_cases(rows[start : start + 5000])
    store.optimize()
    return store


def bare_group_by(conn: sqlite3.Connection) -> list[Any]:
    today, soon = TODAY.isoformat(), (TODAY + dt.timedelta(days=7)).isoformat()
    ids = [m.id for m in ROSTER]
    sql = (
        "SELECT assignee_id, municipality_id, count(*),"
        " count(CASE WHEN deadline_on BETWEEN ? AND ? THEN 1 END),"
        " count(CASE WHEN deadline_on < ? THEN 1 END)"
        f" FROM cases WHERE is_open = 1 AND assignee_id IN ({','.join('?' * len(ids))})"
        " GROUP BY assignee_id, municipality_id"
    )
    return conn.execute(sql, [today, soon, today, *ids]).fetchall()


def paint_board(figures: Any) -> None:
    """The board's table with these figures, painted offscreen (what the user sees appear)."""
    from ui.workload.board import BarDelegate, BoardModel, BoardTable

    model = BoardModel()
    table = BoardTable()
    table.setModel(model)
    table.setItemDelegateForColumn(BoardModel.COL_OPEN, BarDelegate(table))
    table.resize(1200, 500)
    model.set_figures(figures)
    image = table.grab()
    assert not image.isNull()
    table.deleteLater()


def figures_lines(cases: int, repeat: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="workload-bench-") as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp) / "store", cases)
        print(f"# store with {cases} cases built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        try:
            figures = reading(store.directory, lambda c: read_figures(c, TODAY, roster=ROSTER))
            print(
                f"# {figures.open_cases} open cases, {figures.overdue} overdue, "
                f"{figures.fee_at_risk_sek} kr at risk",
                file=sys.stderr,
            )
            value = median_time(
                lambda: reading(store.directory, lambda c: read_figures(c, TODAY, roster=ROSTER)), repeat
            )
            painted = median_time(
                lambda: paint_board(
                    reading(store.directory, lambda c: read_figures(c, TODAY, roster=ROSTER))
                ),
                repeat,
            )
            bare = open_reader(store.directory)
            baseline = median_time(lambda: bare_group_by(bare), repeat)
            bare.close()
        finally:
            store.close()
    return [line("workload_open_50k", painted, baseline), line("workload_figures_50k", value, baseline)]


def team_of_30(cases: int, seed: int = 3) -> tuple[list[OpenCase], list[Member]]:
    """30 members serving one to three of five municipalities, two absent, caps of 140; the cases are
    spread unevenly (some members hold four times as many as others), deadlines from 40 days late to
    80 days ahead."""
    rng = random.Random(seed)
    members = []
    for i in range(30):
        served = frozenset(rng.sample(TEAM_MUNICIPALITIES, rng.randint(1, 3)))
        members.append(Member(f"u-{i:02d}", f"Handläggare {i:02d}", served, absent=i in (4, 17), cap=140))
    weights = [1 + (i % 4) for i in range(30)]
    out = []
    for n in range(cases):
        holder = rng.choices(members, weights)[0]
        out.append(
            OpenCase(
                id=f"case-{n:05d}",
                registration_number=f"BYGG 2026-{n:06d}",
                municipality_id=rng.choice(sorted(holder.municipalities)),
                case_type=rng.choice(list(CaseType)),
                assignee_id=holder.id,
                assignee_name=holder.name,
                deadline=TODAY + dt.timedelta(days=rng.randint(-40, 80)),
                fee_sek=rng.randrange(5, 60) * 1000,
            )
        )
    return out, members


def tally(cases: list[OpenCase]) -> tuple[Counter[str | None], Counter[str | None]]:
    load: Counter[str | None] = Counter()
    risk: Counter[str | None] = Counter()
    for case in cases:
        load[case.assignee_id] += 1
        band = deadline_risk(case.deadline, case.case_type, case.fee_sek, TODAY).band
        risk[case.assignee_id] += RISK_POINTS.get(band, 0)
    return load, risk


def balance_lines(repeat: int) -> list[str]:
    cases, members = team_of_30(3000)
    proposal = propose_balance(cases, members, TODAY)
    print(
        f"# largest risk {proposal.max_risk_before} -> {proposal.max_risk_after}, largest load "
        f"{max(m.open_cases for m in proposal.before)} -> {max(m.open_cases for m in proposal.after)}",
        file=sys.stderr,
    )
    value = median_time(lambda: propose_balance(cases, members, TODAY), repeat)
    baseline = median_time(lambda: tally(cases), repeat)
    return [
        line("balance_proposal_3000", value, baseline),
        f"balance_proposal_3000_moves: {len(proposal.moves)}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, "5 000 cases, 3 runs per figure (seconds)")
    parser.add_argument("--cases", type=int, help="cases in the store (default 50 000; 9 runs per figure)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 9
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.qt import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])  # noqa: F841 (kept alive)
    for text in [*figures_lines(args.cases or (5_000 if args.quick else 50_000), runs), *balance_lines(runs)]:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
