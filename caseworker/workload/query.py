"""Read-only queries of the workload over the local store's case table, so the board works offline.

Only plaintext columns of ``cases`` are read (``caseworker.store.schema`` documents them): assignee,
municipality, case type, ``is_open``, ``deadline_on`` (the clock's deadline, stored with the case) and
fee. Nothing is written and nothing sealed is opened.

The functions take a ``sqlite3.Connection`` on a store's ``cache.db``; :func:`reading` gives them a
read-only connection of their own to a store's folder, and :func:`load_figures` / :func:`load_open_cases`
do that on a worker thread, so neither the event loop nor the store's own thread waits for them.

Scope: the open cases of the ``roster``'s members (as the platform's workload counts), or, without a
roster (offline before the team was ever fetched), every assigned open case of ``team_id``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from caseworker.domain.models import CaseType
from caseworker.store import AsyncStore, OfflineStore
from caseworker.workload.figures import Tally, TeamFigures, assemble
from caseworker.workload.risk import DUE_SOON_DAYS, fee_reduction_sek
from caseworker.workload.team import Member, OpenCase, WorkloadFilter

T = TypeVar("T")

CACHE_FILE = "cache.db"  # the store's cache file, named in caseworker.store.schema
BUSY_TIMEOUT_S = 5.0


def scope_sql(
    roster: Sequence[Member] | None, team_id: str | None, filter_: WorkloadFilter
) -> tuple[str, list[Any]]:
    """The WHERE condition (over ``cases``) of the open cases the workload counts, with its parameters."""
    conditions = ["is_open = 1"]
    params: list[Any] = []
    if roster is not None:
        ids = sorted({m.id for m in roster})
        conditions.append(f"assignee_id IN ({','.join('?' * len(ids))})" if ids else "0")
        params.extend(ids)
    elif team_id is not None:
        conditions.append("team_id = ? AND assignee_id IS NOT NULL")
        params.append(team_id)
    else:
        raise ValueError("the workload needs a roster or a team_id")
    for column, values in (
        ("municipality_id", sorted(filter_.municipality_ids)),
        ("case_type", sorted(str(t) for t in filter_.case_types)),
    ):
        if values:
            conditions.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    return " AND ".join(conditions), params


def read_figures(
    conn: sqlite3.Connection,
    today: dt.date,
    *,
    roster: Sequence[Member] | None = None,
    team_id: str | None = None,
    filter_: WorkloadFilter | None = None,
) -> TeamFigures:
    """The board's figures from the store, in two grouped scans of the covering index ``cases_workload``
    (assignee, open, municipality, type, deadline, fee: both group in the index's order, so SQLite sorts
    nothing): per member and municipality the open cases and those due within 7 days; and the overdue
    ones grouped by what their fee reduction depends on (type, deadline, fee), whose groups alone meet
    the clock's fee rule in Python."""
    filter_ = filter_ or WorkloadFilter()
    where, params = scope_sql(roster, team_id, filter_)
    today_text = today.isoformat()
    soon_text = (today + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    tallies: dict[str, Tally] = {}
    counts = conn.execute(
        f"""
        SELECT assignee_id, max(assignee_name), municipality_id, count(*),
               count(CASE WHEN deadline_on BETWEEN ? AND ? THEN 1 END)
        FROM cases WHERE {where}
        GROUP BY assignee_id, municipality_id
        """,
        [today_text, soon_text, *params],
    )
    for assignee_id, name, municipality_id, count, soon in counts:
        tally = tallies.get(assignee_id)
        if tally is None:
            tally = tallies[assignee_id] = Tally(name or assignee_id)
        tally.open_cases += count
        tally.due_within_7_days += soon
        tally.per_municipality[municipality_id] = tally.per_municipality.get(municipality_id, 0) + count
    late = conn.execute(
        f"""
        SELECT assignee_id, case_type, deadline_on, fee_sek, count(*)
        FROM cases WHERE {where} AND deadline_on < ?
        GROUP BY assignee_id, municipality_id, case_type, deadline_on, fee_sek
        """,
        [*params, today_text],
    )
    for assignee_id, case_type, deadline_on, fee, count in late:
        tally = tallies[assignee_id]
        tally.overdue += count
        deadline = dt.date.fromisoformat(deadline_on)
        tally.fee_at_risk_sek += count * fee_reduction_sek(deadline, CaseType(case_type), fee, today)
    return assemble(today, filter_, tallies, roster)


def read_open_cases(
    conn: sqlite3.Connection,
    *,
    roster: Sequence[Member] | None = None,
    team_id: str | None = None,
    filter_: WorkloadFilter | None = None,
) -> list[OpenCase]:
    """The open cases in scope, by id (what the balancing proposal and absence cover work on)."""
    where, params = scope_sql(roster, team_id, filter_ or WorkloadFilter())
    rows = conn.execute(
        f"""
        SELECT id, registration_number, municipality_id, case_type, assignee_id, assignee_name,
               deadline_on, fee_sek
        FROM cases WHERE {where} ORDER BY id
        """,
        params,
    )
    return [
        OpenCase(
            id=r[0],
            registration_number=r[1],
            municipality_id=r[2],
            case_type=CaseType(r[3]),
            assignee_id=r[4],
            assignee_name=r[5],
            deadline=dt.date.fromisoformat(r[6]) if r[6] else None,
            fee_sek=r[7],
        )
        for r in rows
    ]


def open_reader(directory: Path) -> sqlite3.Connection:
    """A read-only connection of our own to the cache in the store folder ``directory``.

    Beside the store's one connection, as the background integrity check reads (``check_cache_file``):
    the cache uses a rollback journal, so this reader sees committed data only and waits (up to
    ``BUSY_TIMEOUT_S``) while the store commits. Not the store's ``transaction()``: a write transaction
    costs ~10 ms of syncing for nothing.
    """
    uri = (directory / CACHE_FILE).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA query_only = 1")
    return conn


def reading(directory: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """``read`` on a fresh read-only connection to the store's cache, closed afterwards."""
    conn = open_reader(directory)
    try:
        return read(conn)
    finally:
        conn.close()


async def load_figures(
    store: AsyncStore | OfflineStore,
    today: dt.date,
    *,
    roster: Sequence[Member] | None = None,
    team_id: str | None = None,
    filter_: WorkloadFilter | None = None,
) -> TeamFigures:
    """:func:`read_figures` off the event loop, on a connection of its own (the store's thread stays free
    for the queue)."""

    def read(conn: sqlite3.Connection) -> TeamFigures:
        return read_figures(conn, today, roster=roster, team_id=team_id, filter_=filter_)

    return await asyncio.to_thread(reading, store.directory, read)


async def load_open_cases(
    store: AsyncStore | OfflineStore,
    *,
    roster: Sequence[Member] | None = None,
    team_id: str | None = None,
    filter_: WorkloadFilter | None = None,
) -> list[OpenCase]:
    def read(conn: sqlite3.Connection) -> list[OpenCase]:
        return read_open_cases(conn, roster=roster, team_id=team_id, filter_=filter_)

    return await asyncio.to_thread(reading, store.directory, read)
