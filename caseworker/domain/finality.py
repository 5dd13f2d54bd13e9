"""What a decided case's recorded notices say: each party's appeal end, the PoIT appeal end, the first
day the decision is final (laga kraft), and the permit's lapse dates.

Honest about what is not known: while a party has not been notified (or a notice that must be published
in PoIT has not been), the day the decision becomes final is unknown (``final_on`` None), and the parties
and the publication still waited for are named. Pure: the dates come from :mod:`caseworker.domain.appeals`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from caseworker.domain import appeals
from caseworker.domain.appeals import BUILDING_PERMITS, PUBLISHED_WHEN_GRANTED
from caseworker.domain.models import Case, CaseType, DecisionOutcome, Party, PartyRole

LAPSING_PERMITS = BUILDING_PERMITS | {CaseType.DEMOLITION, CaseType.SITE_PERMIT}  # PBL 9 kap. 43 §


def published_in_poit(case_type: CaseType, outcome: DecisionOutcome | None) -> bool:
    """Whether the decision is published in PoIT (9 kap. 41 a §): granted lov and förhandsbesked."""
    return outcome is DecisionOutcome.GRANTED and case_type in PUBLISHED_WHEN_GRANTED


@dataclass(frozen=True)
class PartyNotice:
    party_id: str
    name: str
    role: PartyRole
    notified_on: dt.date | None
    appeal_ends: dt.date | None  # None until the party has been notified


@dataclass(frozen=True)
class Finality:
    decided_on: dt.date
    parties: tuple[PartyNotice, ...]
    published: bool  # the decision is to be published in PoIT
    published_on: dt.date | None
    appeal_ends_after_publication: dt.date | None
    final_on: dt.date | None  # the first final day; None while a notice is missing
    lapse: appeals.Lapse | None  # only for a granted permit that lapses, once final_on is known
    earliest_start: dt.date | None  # 4 weeks after the PoIT publication (9 kap. 42 a §)

    @property
    def not_notified(self) -> tuple[PartyNotice, ...]:
        return tuple(p for p in self.parties if p.notified_on is None)

    @property
    def publication_missing(self) -> bool:
        return self.published and self.published_on is None


def _notice(party: Party) -> PartyNotice:
    day = party.notified_on
    ends = None if day is None else appeals.appeal_ends(day)
    return PartyNotice(party.id, party.name, party.role, day, ends)


def finality(case: Case, decided_on: dt.date, outcome: DecisionOutcome | None) -> Finality:
    """The dates of ``case``'s decision (made on ``decided_on``) from the notices recorded on it."""
    parties = tuple(_notice(p) for p in case.parties)
    published = published_in_poit(case.case_type, outcome)
    published_on = case.decision_published_on if published else None
    final: dt.date | None = None
    if parties and not (published and published_on is None):
        final = appeals.final_on([p.notified_on for p in parties], published_on)
    lapses = outcome is DecisionOutcome.GRANTED and case.case_type in LAPSING_PERMITS
    return Finality(
        decided_on=decided_on,
        parties=parties,
        published=published,
        published_on=published_on,
        appeal_ends_after_publication=(
            None if published_on is None else appeals.appeal_ends_after_publication(published_on)
        ),
        final_on=final,
        lapse=appeals.lapse_dates(final) if final is not None and lapses else None,
        earliest_start=None if published_on is None else appeals.earliest_start(published_on),
    )
