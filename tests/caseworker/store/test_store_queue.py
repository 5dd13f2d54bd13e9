"""Queue queries: every sort column, filters, deadline bands, queues, search, paging over 50 000 cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain import clock
from caseworker.domain.models import CaseStatus, CaseSummary, CaseType
from caseworker.store import CaseQuery, DeadlineBand, OfflineStore, QueueKind, SortKey
from caseworker.store import store as store_module
from caseworker.store.crypto import words
from caseworker.store.store import sort_key
from tests.caseworker.store.factories import many, summary

TODAY = dt.date(2025, 4, 15)
N = 600


def _deadline(c: CaseSummary) -> dt.date | None:
    return clock.compute(c.deadline, TODAY, c.case_type).deadline


def _is_open(c: CaseSummary) -> bool:
    return c.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED) and c.deadline.decided_on is None


SORT_VALUES: dict[SortKey, Callable[[CaseSummary], Any]] = {
    SortKey.REGISTRATION_NUMBER: lambda c: c.registration_number,
    SortKey.TITLE: lambda c: sort_key(c.title),
    SortKey.PROPERTY: lambda c: sort_key(c.property_designation),
    SortKey.MUNICIPALITY: lambda c: c.municipality_id,
    SortKey.CASE_TYPE: lambda c: str(c.case_type),
    SortKey.STATUS: lambda c: str(c.status),
    SortKey.ASSIGNEE: lambda c: sort_key(c.assignee_name),
    SortKey.RECEIVED: lambda c: c.deadline.received_on,
    # a decided or closed case has no running clock: it sorts with the cases without a deadline
    SortKey.DEADLINE: lambda c: (_deadline(c) if _is_open(c) else None) or dt.date.max,
    SortKey.FEE: lambda c: c.fee_sek,
    SortKey.UPDATED: lambda c: c.updated_at,
}


@pytest.fixture(scope="module")
def cases() -> list[CaseSummary]:
    return list(many(N, seed=42))


@pytest.fixture(scope="module")
def queue_store(cases: list[CaseSummary], tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfflineStore]:
    store = OfflineStore.open(tmp_path_factory.mktemp("queue"), b"q" * 32, user_id="u-anna")
    store.upsert_cases(cases)
    for c in cases[::50]:
        store.set_bookmark(c.id)
    yield store
    store.close()


def _ids(store: OfflineStore, query: CaseQuery) -> list[str]:
    return [r.id for r in store.rows(query, 0, 100_000)]


def _expected(
    cases: list[CaseSummary], keep: Callable[[CaseSummary], bool], sort: SortKey, desc: bool
) -> list[str]:
    order = {c.id: i for i, c in enumerate(cases)}  # insertion order = row id: the tie-breaker
    chosen = [c for c in cases if keep(c)]
    chosen.sort(key=lambda c: (SORT_VALUES[sort](c), order[c.id]), reverse=desc)
    return [c.id for c in chosen]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(SortKey))
def test_sort_on_each_column(
    queue_store: OfflineStore, cases: list[CaseSummary], sort: SortKey, descending: bool
) -> None:
    query = CaseQuery(sort=sort, descending=descending)
    assert _ids(queue_store, query) == _expected(cases, lambda c: True, sort, descending)


def test_deadline_sort_puts_cases_without_deadline_last(queue_store: OfflineStore) -> None:
    rows = queue_store.rows(CaseQuery(sort=SortKey.DEADLINE), 0, 100_000)
    running = [r.deadline for r in rows if r.deadline is not None and r.is_open]
    assert running == sorted(running)
    first_none = next(i for i, r in enumerate(rows) if r.deadline is None or not r.is_open)
    assert all(r.deadline is None or not r.is_open for r in rows[first_none:])


FILTERS: list[tuple[CaseQuery, Callable[[CaseSummary], bool]]] = [
    (CaseQuery(municipality_ids=frozenset({"alvdala"})), lambda c: c.municipality_id == "alvdala"),
    (
        CaseQuery(statuses=frozenset({CaseStatus.RECEIVED, CaseStatus.REFERRAL})),
        lambda c: c.status in (CaseStatus.RECEIVED, CaseStatus.REFERRAL),
    ),
    (
        CaseQuery(case_types=frozenset({CaseType.DEMOLITION})),
        lambda c: c.case_type is CaseType.DEMOLITION,
    ),
    (
        CaseQuery(
            municipality_ids=frozenset({"sjovik", "bjorkby"}),
            statuses=frozenset({CaseStatus.COMPLETE}),
            case_types=frozenset(set(CaseType) - {CaseType.SITE_PERMIT}),
        ),
        lambda c: (
            c.municipality_id in ("sjovik", "bjorkby")
            and c.status is CaseStatus.COMPLETE
            and c.case_type is not CaseType.SITE_PERMIT
        ),
    ),
    (CaseQuery(queue=QueueKind.MINE), lambda c: c.assignee_id == "u-anna"),
    (CaseQuery(queue=QueueKind.UNASSIGNED), lambda c: c.assignee_id is None),
    (CaseQuery(queue=QueueKind.TEAM, team_id="team-2"), lambda c: c.team_id == "team-2"),
    (
        CaseQuery(queue=QueueKind.MINE, municipality_ids=frozenset({"alvdala"})),
        lambda c: c.assignee_id == "u-anna" and c.municipality_id == "alvdala",
    ),
]


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_filters_and_queues(queue_store: OfflineStore, cases: list[CaseSummary], index: int) -> None:
    query, keep = FILTERS[index]
    expected = _expected(cases, keep, query.sort, query.descending)
    assert expected, "the filter should match something in the data set"
    assert queue_store.count(query) == len(expected)
    assert _ids(queue_store, query) == expected


def test_bookmarked_queue(queue_store: OfflineStore, cases: list[CaseSummary]) -> None:
    query = CaseQuery(queue=QueueKind.BOOKMARKED, sort=SortKey.REGISTRATION_NUMBER)
    marked = {c.id for c in cases[::50]}
    assert _ids(queue_store, query) == _expected(cases, lambda c: c.id in marked, query.sort, False)
    assert all(r.bookmarked for r in queue_store.rows(query, 0, 100))


def _band(c: CaseSummary) -> DeadlineBand:
    deadline = _deadline(c)
    if deadline is None or not _is_open(c):
        return DeadlineBand.NONE
    if deadline < TODAY:
        return DeadlineBand.OVERDUE
    if deadline <= TODAY + dt.timedelta(days=7):
        return DeadlineBand.WITHIN_7_DAYS
    return DeadlineBand.LATER


@pytest.mark.parametrize(
    "bands",
    [{b} for b in DeadlineBand] + [{DeadlineBand.OVERDUE, DeadlineBand.WITHIN_7_DAYS}],
    ids=lambda b: "+".join(sorted(b)),
)
def test_deadline_bands(
    queue_store: OfflineStore, cases: list[CaseSummary], bands: set[DeadlineBand]
) -> None:
    query = CaseQuery(deadline_bands=frozenset(bands), today=TODAY)
    expected = _expected(cases, lambda c: _band(c) in bands, query.sort, False)
    assert expected
    assert queue_store.count(query) == len(expected)
    assert _ids(queue_store, query) == expected
    for row in queue_store.rows(query, 0, 20):
        days = row.days_left(TODAY)
        if DeadlineBand.NONE not in bands:
            assert days is not None


def test_bands_cover_every_case_exactly_once(queue_store: OfflineStore) -> None:
    total = sum(
        queue_store.count(CaseQuery(deadline_bands=frozenset({b}), today=TODAY)) for b in DeadlineBand
    )
    assert total == N


def _matches(c: CaseSummary, text: str) -> bool:
    haystack = words(" ".join([c.registration_number, c.property_designation, c.title, c.applicant_name]))
    return all(any(w.startswith(q) for w in haystack) for q in words(text))


@pytest.mark.parametrize(
    "text",
    [
        "2024-000004",  # registration number
        "000123",
        "BN 2023",
        "Björken",  # property designation word
        "björken 1",
        "alvdala",  # diacritics folded: Älvdala
        "Öberg",  # applicant surname
        "oberg",
        "Åk",  # Åkesson, prefix
        "anna sv",  # first name and surname prefix
        "fatima björken",  # applicant and property together
        "nybyggnad",  # title
        "a",
        "zz",
    ],
)
@pytest.mark.parametrize("probe_threshold", [0, 1_000_000], ids=["probe-sort-index", "walk-hits"])
def test_search(
    queue_store: OfflineStore,
    cases: list[CaseSummary],
    text: str,
    probe_threshold: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_module, "_PROBE_SEARCH_HITS", probe_threshold)
    for sort, descending in [(SortKey.REGISTRATION_NUMBER, False), (SortKey.DEADLINE, True)]:
        query = CaseQuery(text=text, sort=sort, descending=descending)
        expected = _expected(cases, lambda c: _matches(c, text), sort, descending)
        assert queue_store.count(query) == len(expected)
        assert _ids(queue_store, query) == expected
        assert queue_store.ids(query) == expected
        if text not in ("zz",):
            assert expected, f"search {text!r} should find something"


def test_search_with_filters(queue_store: OfflineStore, cases: list[CaseSummary]) -> None:
    query = CaseQuery(text="b", municipality_ids=frozenset({"alvdala"}), queue=QueueKind.UNASSIGNED)
    expected = _expected(
        cases,
        lambda c: _matches(c, "b") and c.municipality_id == "alvdala" and c.assignee_id is None,
        query.sort,
        False,
    )
    assert expected and queue_store.count(query) == len(expected)
    assert _ids(queue_store, query) == expected


def test_search_sees_writes_made_after_it(queue_store: OfflineStore) -> None:
    query = CaseQuery(text="Wilhelmina")
    assert queue_store.count(query) == 0
    queue_store.upsert_cases([summary(90_003, applicant_name="Wilhelmina Ek")])
    try:
        assert queue_store.count(query) == 1
        assert queue_store.ids(query) == ["case-090003"]
    finally:
        queue_store.delete_cases(["case-090003"])
    assert queue_store.count(query) == 0 and queue_store.rows(query, 0, 10) == []


def test_search_finds_a_specific_applicant(queue_store: OfflineStore, tmp_path: Path) -> None:
    queue_store.upsert_cases([summary(90_001, applicant_name="Xerxes Quarnström")])
    try:
        for typed in ("xer", "QUARN", "quarnstrom", "Xerxes Quarnström"):
            rows = queue_store.rows(CaseQuery(text=typed), 0, 10)
            assert [r.applicant_name for r in rows] == ["Xerxes Quarnström"], typed
        assert queue_store.count(CaseQuery(text="arnström")) == 0  # infix: not a word prefix
    finally:
        queue_store.delete_cases(["case-090001"])


def test_renamed_applicant_is_found_by_the_new_name_only(queue_store: OfflineStore) -> None:
    queue_store.upsert_cases([summary(90_002, applicant_name="Yngve Zetterlund", version=1)])
    queue_store.upsert_cases([summary(90_002, applicant_name="Yvonne Zackrisson", version=2)])
    try:
        assert queue_store.count(CaseQuery(text="zetterl")) == 0
        assert queue_store.ids(CaseQuery(text="zackr")) == ["case-090002"]
    finally:
        queue_store.delete_cases(["case-090002"])


def test_row_contents(queue_store: OfflineStore, cases: list[CaseSummary]) -> None:
    by_id = {c.id: c for c in cases}
    for row in queue_store.rows(CaseQuery(sort=SortKey.FEE, descending=True), 0, 30):
        c = by_id[row.id]
        assert (row.applicant_name, row.property_designation, row.title) == (
            c.applicant_name,
            c.property_designation,
            c.title,
        )
        assert (row.status, row.case_type, row.fee_sek, row.assignee_name) == (
            c.status,
            c.case_type,
            c.fee_sek,
            c.assignee_name,
        )
        assert row.deadline == _deadline(c) and row.received_on == c.deadline.received_on
        assert row.updated_at == c.updated_at and row.is_open == _is_open(c)


def test_team_queue_needs_a_team() -> None:
    with pytest.raises(ValueError, match="team_id"):
        CaseQuery(queue=QueueKind.TEAM)


@pytest.mark.slow
def test_paging_over_50000_cases_is_consistent(tmp_path: Path) -> None:
    store = OfflineStore.open(tmp_path, b"p" * 32, user_id="u-anna")
    try:
        store.upsert_cases(many(50_000, seed=7))
        for query in (
            CaseQuery(sort=SortKey.DEADLINE, today=TODAY),
            CaseQuery(sort=SortKey.PROPERTY, descending=True),
            CaseQuery(
                text="b", sort=SortKey.FEE, deadline_bands=frozenset({DeadlineBand.LATER}), today=TODAY
            ),
        ):
            total = store.count(query)
            assert total > 1000
            pages: list[str] = []
            for offset in range(0, total + 1000, 1000):
                page = store.rows(query, offset, 1000)
                assert len(page) == min(1000, max(0, total - offset))
                pages.extend(r.id for r in page)
            assert len(pages) == total == len(set(pages))
            assert pages == store.ids(query)
            values = [SORT_VALUES[query.sort](store.get_case_summary(i)) for i in pages[::997]]  # type: ignore[arg-type]
            assert values == sorted(values, reverse=query.descending)
        assert store.count(CaseQuery()) == 50_000
    finally:
        store.close()


def test_planner_statistics_are_refreshed_as_the_store_grows(tmp_path: Path) -> None:
    store = OfflineStore.open(tmp_path, b"s" * 32, user_id="u-anna")
    try:
        store.upsert_cases(many(500))
        assert store._db.execute("SELECT value FROM meta WHERE key = 'analyzed_cases'").fetchone() is None
        store.upsert_cases(many(1500))
        assert store._db.execute("SELECT value FROM meta WHERE key = 'analyzed_cases'").fetchone() == (
            "1500",
        )
        assert store._db.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases'").fetchone()[0] > 0
        store.upsert_cases(many(2000))  # 1500 -> 2000: not doubled, no new ANALYZE
        assert store._db.execute("SELECT value FROM meta WHERE key = 'analyzed_cases'").fetchone() == (
            "1500",
        )
    finally:
        store.close()
