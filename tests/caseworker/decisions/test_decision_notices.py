"""After the decision: the appeal ends and finality from the notices recorded on the case (nothing is
assumed about a notice not yet recorded), and the PoIT notice text of a granted permit."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from caseworker.decisions.poit import NotPublished, poit_notice, what_was_granted
from caseworker.domain import appeals
from caseworker.domain.finality import finality
from caseworker.domain.models import Case, CaseType, DecisionOutcome, Municipality
from caseworker.sandbox.decision_sample import sample

DECIDED = dt.date(2026, 6, 10)  # a Wednesday; midsummer eve is 2026-06-19


def sample_case(municipality: str = "alvdala") -> tuple[Case, Municipality]:
    data = json.loads(json.dumps(sample(municipality, DecisionOutcome.GRANTED)))
    return Case.model_validate(data["case"]), Municipality.model_validate(data["municipality"])


def notified(case: Case, days: dict[int, dt.date], published: dt.date | None = None) -> Case:
    parties = [p.model_copy(update={"notified_on": days.get(i)}) for i, p in enumerate(case.parties)]
    return case.model_copy(update={"parties": parties, "decision_published_on": published})


def test_nothing_recorded_means_finality_unknown_not_the_decision_day() -> None:
    case, _ = sample_case()
    dates = finality(case, DECIDED, DecisionOutcome.GRANTED)
    assert dates.final_on is None and dates.lapse is None
    assert len(dates.not_notified) == len(case.parties) >= 2 and dates.publication_missing
    assert all(p.appeal_ends is None for p in dates.parties)


def test_every_party_notified_but_not_yet_published_is_still_unknown_for_a_granted_permit() -> None:
    case, _ = sample_case()
    days = {i: DECIDED + dt.timedelta(days=1) for i in range(len(case.parties))}
    dates = finality(notified(case, days), DECIDED, DecisionOutcome.GRANTED)
    assert dates.not_notified == () and dates.publication_missing and dates.final_on is None
    # a refusal is not published: once everybody is notified, its final day is known
    refused = finality(notified(case, days), DECIDED, DecisionOutcome.REFUSED)
    last_day = appeals.appeal_ends(DECIDED + dt.timedelta(days=1))
    assert not refused.published and refused.final_on == last_day + dt.timedelta(days=1)
    assert refused.lapse is None  # nothing granted, nothing lapses


def test_the_last_notice_decides_and_each_party_has_its_own_appeal_end() -> None:
    case, _ = sample_case()
    first, late = dt.date(2026, 6, 11), dt.date(2026, 6, 29)
    days = {0: first, **dict.fromkeys(range(1, len(case.parties)), late)}
    published = dt.date(2026, 6, 12)
    dates = finality(notified(case, days, published), DECIDED, DecisionOutcome.GRANTED)
    assert dates.parties[0].appeal_ends == dt.date(2026, 7, 2)
    assert dates.parties[1].appeal_ends == dt.date(2026, 7, 20)
    assert dates.appeal_ends_after_publication == dt.date(2026, 7, 10)
    assert dates.final_on == dt.date(2026, 7, 21)  # the day after the last period (a party's) ran out
    assert dates.lapse == appeals.Lapse(dt.date(2028, 7, 21), dt.date(2031, 7, 21))
    assert dates.earliest_start == dt.date(2026, 7, 10)
    # published late: the PoIT period runs out last
    later = finality(notified(case, days, dt.date(2026, 6, 26)), DECIDED, DecisionOutcome.GRANTED)
    assert later.appeal_ends_after_publication == dt.date(2026, 7, 24)
    assert later.final_on == dt.date(2026, 7, 25)


def test_a_case_without_parties_has_no_known_final_day() -> None:
    case, _ = sample_case()
    nobody = case.model_copy(update={"parties": []})
    assert finality(nobody, DECIDED, DecisionOutcome.REFUSED).final_on is None


@pytest.mark.parametrize("municipality", ["alvdala", "norrsjo", "vanerby"])
def test_the_poit_notice_names_the_permit_place_appeal_route_and_no_personal_data(municipality: str) -> None:
    case, m = sample_case(municipality)
    text = poit_notice(case, m, DecisionOutcome.GRANTED, DECIDED)
    assert text.startswith(f"Kungörelse av beslut om bygglov – {m.name}")
    assert "beviljat bygglov för nybyggnad av enbostadshus" in text
    assert case.property.designation in text and case.registration_number in text
    assert DECIDED.isoformat() in text and m.appeal_body in text and m.address.street in text
    assert "inom fyra veckor från den dag då beslutet publicerades i Post- och Inrikes Tidningar" in text
    for party in case.parties:
        assert party.name not in text
        assert not party.personal_number or party.personal_number not in text
    assert "medges" not in text and "bifalls" not in text


def test_only_granted_lov_and_forhandsbesked_are_published() -> None:
    case, m = sample_case()
    for outcome in (DecisionOutcome.REFUSED, DecisionOutcome.DISMISSED, DecisionOutcome.WRITTEN_OFF):
        with pytest.raises(NotPublished):
            poit_notice(case, m, outcome, DECIDED)
    for case_type in (CaseType.NOTIFICATION, CaseType.SHORE_EXEMPTION):
        with pytest.raises(NotPublished):
            poit_notice(case.model_copy(update={"case_type": case_type}), m, DecisionOutcome.GRANTED, DECIDED)
    demolition = case.model_copy(update={"case_type": CaseType.DEMOLITION, "title": "Rivning av garage"})
    assert what_was_granted(demolition) == "rivningslov för rivning av garage"
    site = case.model_copy(update={"case_type": CaseType.SITE_PERMIT, "title": "Marklov för schaktning"})
    assert what_was_granted(site) == "marklov för schaktning"
    assert "beslut om marklov" in poit_notice(site, m, DecisionOutcome.GRANTED, DECIDED)
