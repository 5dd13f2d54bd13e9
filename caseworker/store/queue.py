"""Queue queries: what the case list asks the store, and the rows it gets back.

A :class:`CaseQuery` describes one view of the queue (which queue, filters, text, sort). The store answers
``count(query)`` and ``rows(query, offset, limit)`` so a Qt model can page lazily over 50 000 cases; only
the returned rows' applicant names are decrypted.

Text search: the query text is split into words the same way names are indexed
(:func:`caseworker.store.crypto.words`). Every word must match (AND); a word matches a case when it is a
prefix of a word in the registration number, property designation or title (FTS5, plaintext: public
register data) or of a word in the applicant's name (keyed tokens, see ``caseworker.store.crypto``).

Sorting is always stable: ties are broken by the row id in the same direction, so pages never overlap
or skip rows. The applicant column is not sortable: an order over names would need the names (or an
order-revealing encoding of them) in plaintext.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from caseworker.domain.models import CaseStatus, CaseType
from caseworker.store.crypto import NameTokens, words

MAX_QUERY_WORDS = 8


class QueueKind(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    TEAM = "team"
    ALL = "all"
    BOOKMARKED = "bookmarked"


class DeadlineBand(StrEnum):
    """Where an open case stands against its deadline; decided/closed cases have no running deadline."""

    OVERDUE = "overdue"  # open, deadline before today
    WITHIN_7_DAYS = "within_7_days"  # open, deadline today .. today + 7 days
    LATER = "later"  # open, deadline after today + 7 days
    NONE = "none"  # clock not started, or the case is decided/closed


class SortKey(StrEnum):
    REGISTRATION_NUMBER = "registration_number"
    TITLE = "title"
    PROPERTY = "property"
    MUNICIPALITY = "municipality"
    CASE_TYPE = "case_type"
    STATUS = "status"
    ASSIGNEE = "assignee"
    RECEIVED = "received"
    DEADLINE = "deadline"
    FEE = "fee"
    UPDATED = "updated"


# Each sort column has an index; deadline_sort puts cases without a deadline last (ascending).
SORT_COLUMNS: dict[SortKey, str] = {
    SortKey.REGISTRATION_NUMBER: "c.registration_number",
    SortKey.TITLE: "c.title_sort",
    SortKey.PROPERTY: "c.property_sort",
    SortKey.MUNICIPALITY: "c.municipality_id",
    SortKey.CASE_TYPE: "c.case_type",
    SortKey.STATUS: "c.status",
    SortKey.ASSIGNEE: "c.assignee_sort",
    SortKey.RECEIVED: "c.received_on",
    SortKey.DEADLINE: "c.deadline_sort",
    SortKey.FEE: "c.fee_sek",
    SortKey.UPDATED: "c.updated_at",
}

NO_DEADLINE_SORT = "9999-12-31"


@dataclass(frozen=True)
class CaseQuery:
    """One view of the queue. Empty filter sets mean "no filter"; several values in one set are OR-ed."""

    queue: QueueKind = QueueKind.ALL
    municipality_ids: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[CaseStatus] = field(default_factory=frozenset)
    case_types: frozenset[CaseType] = field(default_factory=frozenset)
    deadline_bands: frozenset[DeadlineBand] = field(default_factory=frozenset)
    text: str = ""
    sort: SortKey = SortKey.DEADLINE
    descending: bool = False
    team_id: str | None = None  # required for QueueKind.TEAM
    assignee_ids: frozenset[str] = field(default_factory=frozenset)  # the team lead's "a member's cases"
    open_only: bool = False  # neither decided nor closed
    today: dt.date | None = None  # for deadline bands; None = the local date now

    def __post_init__(self) -> None:
        # Accept any iterable for the filter sets (lists, sets) but keep the query hashable.
        for name in ("municipality_ids", "statuses", "case_types", "deadline_bands", "assignee_ids"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if self.queue is QueueKind.TEAM and not self.team_id:
            raise ValueError("the team queue needs team_id")

    @property
    def has_filters(self) -> bool:
        """True when anything besides the text narrows the result (queue or a filter set)."""
        return self.queue is not QueueKind.ALL or bool(
            self.municipality_ids
            or self.statuses
            or self.case_types
            or self.deadline_bands
            or self.assignee_ids
            or self.open_only
        )


@dataclass(frozen=True, slots=True)
class CaseRow:
    """What one queue row shows (applicant name decrypted for this row only)."""

    id: str
    registration_number: str
    municipality_id: str
    title: str
    case_type: CaseType
    status: CaseStatus
    property_designation: str
    applicant_name: str
    assignee_id: str | None
    assignee_name: str | None
    received_on: dt.date
    deadline: dt.date | None
    is_open: bool
    fee_sek: int
    version: int
    updated_at: dt.datetime
    bookmarked: bool
    pending_writes: int  # outbox items pending or in flight
    problem_writes: int  # outbox items in conflict or rejected: the user must act

    def days_left(self, today: dt.date) -> int | None:
        """Days until the deadline (negative when overdue); None without a running deadline."""
        if self.deadline is None or not self.is_open:
            return None
        return (self.deadline - today).days


def fts_prefix(word: str) -> str:
    """An FTS5 prefix query for one normalised word (quoted, so it is never parsed as syntax)."""
    return '"' + word.replace('"', '""') + '"*'


def query_words(query: CaseQuery) -> tuple[str, ...]:
    """The normalised search words of a query (at most :data:`MAX_QUERY_WORDS`)."""
    return tuple(words(query.text)[:MAX_QUERY_WORDS])


def word_match_sql(word: str, tokens: NameTokens) -> tuple[str, list[Any]]:
    """A SELECT of the row ids one search word matches: FTS prefix on public fields or a name token."""
    return (
        "SELECT rowid FROM case_fts WHERE case_fts MATCH ?"
        " UNION SELECT rid FROM applicant_token WHERE token = ?",
        [fts_prefix(word), tokens.query_token(word)],
    )


def where_clause(
    query: CaseQuery,
    user_id: str,
    tokens: NameTokens,
    search_table: str | None = None,
    probe_search: bool = False,
) -> tuple[str, list[Any]]:
    """SQL condition over ``cases c`` (and ``ob.bookmark``) with its parameters.

    With ``search_table`` the text condition is ``c.rid IN search_table`` (the store fills that table
    once per search text, see ``OfflineStore``); without it, one subquery per word. ``probe_search``
    (for searches with many hits) makes SQLite walk the sort index and look rows up in the hits,
    instead of walking the hits and sorting them all for one page.
    """
    conditions: list[str] = []
    params: list[Any] = []
    if query.queue is QueueKind.MINE:
        conditions.append("c.assignee_id = ?")
        params.append(user_id)
    elif query.queue is QueueKind.UNASSIGNED:
        conditions.append("c.assignee_id IS NULL")
    elif query.queue is QueueKind.TEAM:
        conditions.append("c.team_id = ?")
        params.append(query.team_id)
    elif query.queue is QueueKind.BOOKMARKED:
        conditions.append("c.id IN (SELECT case_id FROM ob.bookmark)")

    for column, values in (
        ("c.municipality_id", sorted(query.municipality_ids)),
        ("c.status", sorted(str(s) for s in query.statuses)),
        ("c.case_type", sorted(str(t) for t in query.case_types)),
        ("c.assignee_id", sorted(query.assignee_ids)),
    ):
        if values:
            conditions.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    if query.deadline_bands:
        today = query.today or dt.date.today()
        week = (today + dt.timedelta(days=7)).isoformat()
        bands: list[str] = []
        for band in sorted(query.deadline_bands):
            # deadline_sort (indexed) equals deadline_on, or NO_DEADLINE_SORT when there is none
            if band is DeadlineBand.OVERDUE:
                bands.append("(c.deadline_sort < ? AND c.is_open = 1)")
                params.append(today.isoformat())
            elif band is DeadlineBand.WITHIN_7_DAYS:
                bands.append("(c.deadline_sort BETWEEN ? AND ? AND c.is_open = 1)")
                params.extend([today.isoformat(), week])
            elif band is DeadlineBand.LATER:
                bands.append("(c.deadline_sort > ? AND c.deadline_sort < ? AND c.is_open = 1)")
                params.extend([week, NO_DEADLINE_SORT])
            else:
                bands.append("(c.is_open = 0 OR c.deadline_on IS NULL)")
        conditions.append("(" + " OR ".join(bands) + ")")

    if query.open_only:
        conditions.append("c.is_open = 1")

    found = query_words(query)
    if found and search_table is not None:
        conditions.append(f"{'+' if probe_search else ''}c.rid IN {search_table}")
    else:
        for word in found:
            sql, word_params = word_match_sql(word, tokens)
            conditions.append(f"c.rid IN ({sql})")
            params.extend(word_params)

    return (" AND ".join(conditions) if conditions else "1"), params


def order_clause(query: CaseQuery) -> str:
    direction = "DESC" if query.descending else "ASC"
    return f"{SORT_COLUMNS[query.sort]} {direction}, c.rid {direction}"
