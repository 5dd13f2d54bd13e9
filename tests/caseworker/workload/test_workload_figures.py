"""The board's figures from the local store against a brute-force count, over generated rows and over a
store filled by a real sync from the sandbox; the fee the deadlines put at risk."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.domain.models import CaseStatus, CaseSummary, CaseType, DeadlineFacts
from caseworker.store import OfflineStore
from caseworker.workload import Band, Member, WorkloadFilter, deadline_risk, read_figures, read_open_cases
from caseworker.workload.query import reading
from tests.caseworker.store.factories import many, summary
from tests.caseworker.workload.brute import as_counts, brute_force

TODAY = dt.date(2025, 5, 1)
ROSTER = [
    Member("u-anna", "Anna Handläggare", {"alvdala", "bjorkby", "sjovik"}),
    Member("u-bo", "Bo Bygglov", {"alvdala"}, absent=True, absent_until=TODAY),
    Member("u-dan", "Dan Nyanställd", {"sjovik"}),  # holds nothing yet: still a row, with zeros
]
IDS = {m.id for m in ROSTER}


@pytest.fixture(scope="module")
def store() -> Iterator[OfflineStore]:
    """A store the tests refill (module-scoped: hypothesis examples share it)."""
    with tempfile.TemporaryDirectory(prefix="workload-") as tmp:
        s = OfflineStore.open(Path(tmp) / "store", os.urandom(32), user_id="u-cia")
        yield s
        s.close()


GENERATED = list(many(3000, seed=11))


@pytest.fixture(scope="module")
def generated() -> Iterator[OfflineStore]:
    """A store holding GENERATED, filled once."""
    with tempfile.TemporaryDirectory(prefix="workload-") as tmp:
        s = OfflineStore.open(Path(tmp) / "store", os.urandom(32), user_id="u-cia")
        s.upsert_cases(GENERATED)
        yield s
        s.close()


def refill(store: OfflineStore, cases: list[CaseSummary]) -> None:
    store.delete_cases(list(store.case_versions()))
    store.upsert_cases(cases)


FILTERS = [
    WorkloadFilter(),
    WorkloadFilter(municipality_ids={"alvdala"}),
    WorkloadFilter(case_types={CaseType.NOTIFICATION, CaseType.SHORE_EXEMPTION}),
    WorkloadFilter(municipality_ids={"bjorkby", "sjovik"}, case_types={CaseType.EXTENSION}),
]


@pytest.mark.parametrize("filter_", FILTERS, ids=["all", "one-municipality", "two-types", "both"])
def test_figures_match_a_brute_force_count_over_thousands_of_generated_cases(
    generated: OfflineStore, filter_: WorkloadFilter
) -> None:
    figures = reading(generated.directory, lambda c: read_figures(c, TODAY, roster=ROSTER, filter_=filter_))
    expected = brute_force(GENERATED, IDS, TODAY, filter_)
    assert as_counts(figures) == expected
    assert sum(v[2] for v in expected.values()) > 0 and sum(v[3] for v in expected.values()) > 0
    assert [m.member_id for m in figures.members] == ["u-anna", "u-bo", "u-dan"]
    assert figures.members[1].absent and figures.members[1].absent_until == TODAY
    assert figures.members[2].open_cases == 0 and figures.members[2].per_municipality == {}


def test_without_a_roster_the_team_column_decides_and_every_assignee_gets_a_row(store: OfflineStore) -> None:
    cases = list(many(1500, seed=12))
    refill(store, cases)
    figures = reading(store.directory, lambda c: read_figures(c, TODAY, team_id="team-1"))
    team = {c.assignee_id for c in cases if c.team_id == "team-1" and c.assignee_id}
    assert as_counts(figures) == brute_force(
        [c for c in cases if c.team_id == "team-1"], team, TODAY, WorkloadFilter()
    )
    assert [m.name for m in figures.members] == ["Anna Handläggare", "Bo Bygglov"]  # by name
    open_ids = {c.id for c in reading(store.directory, lambda c: read_open_cases(c, team_id="team-1"))}
    assert len(open_ids) == figures.open_cases


@st.composite
def case_rows(draw: st.DrawFn) -> list[CaseSummary]:
    """Cases whose deadlines fall on every side of today's bands (received 40-110 days ago)."""
    out = []
    for i in range(draw(st.integers(0, 40))):
        received = TODAY - dt.timedelta(days=draw(st.integers(40, 110)))
        requested = draw(st.none() | st.integers(0, 30))
        completed = draw(st.none() | st.integers(1, 20)) if requested is not None else None
        facts = DeadlineFacts.model_construct(
            received_on=received,
            completion_requested_on=None if requested is None else received + dt.timedelta(days=requested),
            completed_on=None if completed is None else received + dt.timedelta(days=requested + completed),
            extension_weeks=draw(st.sampled_from([0, 0, 2, 10])),
            extension_reason=None,
            decided_on=None,
        )
        assignee = draw(st.sampled_from(["u-anna", "u-bo", "u-dan", "u-cia", None]))
        out.append(
            summary(
                i,
                deadline=facts,
                status=draw(st.sampled_from(list(CaseStatus))),
                case_type=draw(st.sampled_from(list(CaseType))),
                municipality_id=draw(st.sampled_from(["alvdala", "bjorkby", "sjovik"])),
                assignee_id=assignee,
                assignee_name=assignee,
                fee_sek=draw(st.integers(0, 80_000)),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(case_rows(), st.sampled_from(FILTERS))
def test_figures_match_a_brute_force_count_on_the_edges_of_every_band(
    store: OfflineStore, cases: list[CaseSummary], filter_: WorkloadFilter
) -> None:
    refill(store, cases)
    figures = reading(store.directory, lambda c: read_figures(c, TODAY, roster=ROSTER, filter_=filter_))
    assert as_counts(figures) == brute_force(cases, IDS, TODAY, filter_)


@pytest.mark.parametrize(
    ("days_late", "case_type", "at_risk"),
    [
        (0, CaseType.EXTENSION, 0),  # deadline today: not late
        (1, CaseType.EXTENSION, 2_000),  # one started week: one fifth
        (7, CaseType.EXTENSION, 2_000),
        (8, CaseType.EXTENSION, 4_000),  # the second week has started
        (29, CaseType.NOTIFICATION, 10_000),  # five started weeks: no fee
        (400, CaseType.PRELIMINARY, 10_000),
        (30, CaseType.SHORE_EXEMPTION, 0),  # miljöbalken, no PBL fee reduction
    ],
)
def test_the_fee_at_risk_is_a_fifth_per_started_week_past_the_deadline(
    days_late: int, case_type: CaseType, at_risk: int
) -> None:
    risk = deadline_risk(TODAY - dt.timedelta(days=days_late), case_type, 10_000, TODAY)
    assert risk.fee_at_risk_sek == at_risk
    assert risk.band is (Band.OVERDUE if days_late > 0 else Band.DUE_SOON)
    assert deadline_risk(None, case_type, 10_000, TODAY).band is Band.NO_DEADLINE
