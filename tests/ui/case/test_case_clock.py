"""The case view's words for the statutory clock and for personal numbers (pure functions, no sandbox)."""

from __future__ import annotations

import datetime as dt

from caseworker.domain import clock
from caseworker.domain.models import CaseStatus, CaseSummary, CaseType, DeadlineFacts
from ui import i18n
from ui.case.clock_panel import Tone, describe
from ui.labels import mask_personal_number, sek

RECEIVED = dt.date(2026, 3, 2)  # a Monday
DEADLINE = RECEIVED + dt.timedelta(weeks=10)


def summary(facts: DeadlineFacts, *, fee: int = 20000, status: CaseStatus = CaseStatus.UNDER_REVIEW,
            case_type: CaseType = CaseType.EXTENSION) -> CaseSummary:  # fmt: skip
    return CaseSummary(
        id="c1",
        registration_number="BYGG 2026-000123",
        municipality_id="alvdala",
        title="Tillbyggnad",
        case_type=case_type,
        status=status,
        property_designation="Älvdala Björken 4:12",
        applicant_name="Test Testsson",
        deadline=facts,
        fee_sek=fee,
        version=1,
        updated_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )


def test_days_left_in_good_time() -> None:
    text = describe(summary(DeadlineFacts(received_on=RECEIVED)), DEADLINE - dt.timedelta(days=20))
    assert text.headline == "20 dagar kvar"
    assert text.deadline == DEADLINE.isoformat()
    assert text.started.startswith(RECEIVED.isoformat())
    assert text.tone is Tone.OK
    assert text.fee == ""
    assert text.extend_blocked is None


def test_a_week_or_less_is_a_warning() -> None:
    text = describe(summary(DeadlineFacts(received_on=RECEIVED)), DEADLINE - dt.timedelta(days=7))
    assert text.tone is Tone.SOON
    assert describe(summary(DeadlineFacts(received_on=RECEIVED)), DEADLINE).headline == "Sista dagen idag"


def test_late_reduces_the_fee_by_a_fifth_per_started_week() -> None:
    # 8 days late = 2 started weeks: 2/5 of 20 000 kr
    text = describe(summary(DeadlineFacts(received_on=RECEIVED)), DEADLINE + dt.timedelta(days=8))
    assert text.headline == "8 dagar försenat"
    assert text.tone is Tone.OVERDUE
    assert text.fee == "Avgiften sätts ned med 2/5 (8\u00a0000\u00a0kr)"
    assert text.extend_blocked == "Tidsfristen har redan löpt ut och kan inte förlängas."


def test_five_started_weeks_late_means_no_fee() -> None:
    text = describe(summary(DeadlineFacts(received_on=RECEIVED)), DEADLINE + dt.timedelta(days=29))
    assert text.fee.startswith("Avgiften sätts ned med 5/5 (20\u00a0000\u00a0kr)")
    assert "ingen avgift" in text.fee


def test_shore_exemption_shows_plainly_that_no_pbl_deadline_applies() -> None:
    case = summary(DeadlineFacts(received_on=RECEIVED), case_type=CaseType.SHORE_EXEMPTION)
    text = describe(case, DEADLINE + dt.timedelta(days=30))
    assert text.headline == "Ingen tidsfrist enligt plan- och bygglagen"
    assert text.deadline == "–" and text.fee == "" and text.tone is Tone.IDLE
    assert text.extend_blocked == "Ärendet har ingen tidsfrist enligt plan- och bygglagen."


def test_clock_started_by_an_own_initiative_supplement_says_so() -> None:
    facts = DeadlineFacts(received_on=RECEIVED, supplemented_on=RECEIVED + dt.timedelta(days=9))
    text = describe(summary(facts), RECEIVED + dt.timedelta(days=10))
    assert text.started == "2026-03-11 (när sökanden lämnade in mer material)"
    assert text.deadline == (DEADLINE + dt.timedelta(days=9)).isoformat()


def test_extension_moves_the_deadline_and_cannot_be_repeated() -> None:
    facts = DeadlineFacts(received_on=RECEIVED, extension_weeks=4, extension_reason="Komplex detaljplan")
    text = describe(summary(facts), DEADLINE)
    assert text.deadline == (DEADLINE + dt.timedelta(weeks=4)).isoformat()
    assert text.extension == "4 veckor: Komplex detaljplan"
    assert text.extend_blocked == "Tidsfristen har redan förlängts en gång."


def test_clock_waits_for_a_completion_requested_in_time() -> None:
    facts = DeadlineFacts(received_on=RECEIVED, completion_requested_on=RECEIVED + dt.timedelta(days=5))
    text = describe(summary(facts, status=CaseStatus.INCOMPLETE), RECEIVED + dt.timedelta(days=30))
    assert text.headline == "Tidsfristen har inte börjat"
    assert text.tone is Tone.IDLE
    assert text.extend_blocked == "Tidsfristen har inte börjat löpa."


def test_clock_starts_at_completion() -> None:
    completed = RECEIVED + dt.timedelta(days=20)
    facts = DeadlineFacts(
        received_on=RECEIVED, completion_requested_on=RECEIVED + dt.timedelta(days=5), completed_on=completed
    )
    text = describe(summary(facts), completed)
    assert text.started == f"{completed.isoformat()} (när ansökan blev komplett)"
    assert text.deadline == (completed + dt.timedelta(weeks=10)).isoformat()


def test_decided_cases_cannot_be_extended() -> None:
    facts = DeadlineFacts(received_on=RECEIVED, decided_on=DEADLINE - dt.timedelta(days=3))
    text = describe(summary(facts, status=CaseStatus.DECIDED), DEADLINE + dt.timedelta(days=40))
    assert text.headline.startswith(f"Beslutat {(DEADLINE - dt.timedelta(days=3)).isoformat()}")
    assert text.extend_blocked == "Ärendet är avgjort."


def test_personal_numbers_are_masked() -> None:
    assert mask_personal_number("19800101-1234") == "19800101-****"
    assert mask_personal_number("198001011234") == "19800101-****"
    assert mask_personal_number("800101+1234") == "800101+****"
    assert mask_personal_number(None) == ""
    assert sek(8000) == "8\u00a0000\u00a0kr"


def test_why_an_extension_is_refused_is_said_in_the_ui_language(qapp) -> None:
    facts = DeadlineFacts(received_on=RECEIVED, extension_weeks=4, extension_reason="Komplex detaljplan")
    late = DeadlineFacts(received_on=RECEIVED)
    translations = i18n.Translations(qapp)
    try:
        translations.apply("en")
        once = describe(summary(facts), DEADLINE).extend_blocked
        assert once == "The time limit has already been extended once."
        assert describe(summary(late), DEADLINE + dt.timedelta(days=1)).extend_blocked == (
            "The time limit has already run out and cannot be extended."
        )
    finally:
        translations.apply("sv")
    assert describe(summary(late), DEADLINE + dt.timedelta(days=1)).extend_blocked == clock.ALREADY_EXPIRED
