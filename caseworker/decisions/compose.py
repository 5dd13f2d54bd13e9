"""From a case and the caseworker's structured decision to the complete letter in words.

:func:`standard_decision` gives the template texts an editor starts from (legal ground, conditions,
advisory notes); :func:`compose_letter` turns a case, a :class:`DecisionInput` and the municipality's
profile into a :class:`DecisionLetter`, filling placeholders and writing the fee, delegation and
distribution sentences. Pure: no I/O beyond the templates already loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from caseworker.decisions.letter import DecisionLetter, Labelled, Person
from caseworker.decisions.templates import Templates, fill
from caseworker.domain import clock
from caseworker.domain.appeals import BUILDING_PERMITS, PUBLISHED_WHEN_GRANTED
from caseworker.domain.models import Case, CaseType, DecisionInput, DecisionOutcome, Municipality, PartyRole


def kronor(amount: int) -> str:
    """``23 040 kronor`` (thin-space grouping as Swedish print does, never broken across lines)."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kronor"


def _values(municipality: Municipality, registration_number: str, **more: str) -> dict[str, str]:
    return {
        "municipality": municipality.name,
        "committee": municipality.committee,
        "committee_lower": municipality.committee[:1].lower() + municipality.committee[1:],
        "appeal_body": municipality.appeal_body,
        "registration_number": registration_number,
        **more,
    }


def standard_decision(
    templates: Templates,
    municipality: Municipality,
    case: Case,
    outcome: DecisionOutcome,
    *,
    decided_on: dt.date,
    signed_by: str,
    signer_title: str = "",
    delegation_ref: str | None = None,
    reasons: str = "",
) -> DecisionInput:
    """A decision prefilled from the templates: the legal ground, standard conditions and notes, and the
    fee after any reduction for lateness (12 kap. 8 a §). What an editor starts from, and the sample."""
    texts = templates.outcome(case.case_type, outcome)
    values = _values(municipality, case.registration_number)
    facts = case.deadline.model_copy(update={"decided_on": decided_on})
    state = clock.compute(facts, decided_on, case.case_type)
    fee = 0 if outcome is DecisionOutcome.WRITTEN_OFF else state.fee_after_reduction(case.fee_sek)
    return DecisionInput(
        outcome=outcome,
        legal_ground=texts.legal_ground or "återkallelse",
        decided_on=decided_on,
        conditions=[fill(t, values) for t in texts.conditions],
        reasons=reasons,
        advisory_notes=[fill(t, values) for t in texts.advisory_notes],
        fee_sek=fee,
        fee_basis=case.fee_basis,
        delegation_ref=delegation_ref,
        signed_by=signed_by,
        signer_title=signer_title,
    )


def letter_title(case: Case, outcome: DecisionOutcome) -> str:
    """The letter's heading: what was granted ("Bygglov för nybyggnad av …"), otherwise what was applied
    for ("Ansökan om bygglov för nybyggnad av …"), so that a refusal never reads like a permit."""
    title = case.title[:1].lower() + case.title[1:]
    if case.case_type in BUILDING_PERMITS:
        title = f"bygglov för {title}"
    elif outcome is DecisionOutcome.GRANTED or case.case_type is CaseType.NOTIFICATION:
        return case.title
    if outcome is DecisionOutcome.GRANTED:
        return title[:1].upper() + title[1:]
    return f"Ansökan om {title}"


_NUMBERS = ("noll", "en", "två", "tre", "fyra", "fem")


def _weeks(n: int) -> str:
    """ "en påbörjad vecka", "tre påbörjade veckor", "12 påbörjade veckor"."""
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{word} påbörjad vecka" if n == 1 else f"{word} påbörjade veckor"


def _fifths(n: int) -> str:
    return "en femtedel" if n == 1 else f"{_NUMBERS[n]} femtedelar"


def _fee_paragraphs(case: Case, decision: DecisionInput) -> tuple[str, ...]:
    facts = case.deadline.model_copy(update={"decided_on": decision.decided_on})
    state = clock.compute(facts, decision.decided_on, case.case_type)
    basis = decision.fee_basis or case.fee_basis
    if decision.fee_sek == 0 and decision.outcome is DecisionOutcome.WRITTEN_OFF:
        return ("Ingen avgift tas ut för ärendet.",)
    schedule = basis[:1].lower() + basis[1:]
    lines = [f"Avgiften för beslutet är {kronor(decision.fee_sek)}, beräknad enligt {schedule}."]
    if state.weeks_late > 0 and state.fee_factor < 1.0 and state.deadline is not None:
        fifths = round((1.0 - state.fee_factor) * clock.FEE_STEPS)
        lines.append(
            f"Beslutet har fattats {_weeks(state.weeks_late)} efter tidsfristen, som löpte ut "
            f"{state.deadline.isoformat()}. Avgiften enligt taxan, {kronor(case.fee_sek)}, har därför satts "
            f"ned med {_fifths(fifths)} enligt 12 kap. 8 a § plan- och bygglagen (2010:900)."
        )
        if state.fee_factor == 0:
            lines.append("Ingen avgift tas därför ut.")
    if decision.fee_sek > 0:
        lines.append("Avgiften faktureras separat.")
    return tuple(lines)


def compose_letter(
    case: Case,
    decision: DecisionInput,
    municipality: Municipality,
    templates: Templates,
    *,
    logo_png: bytes | None = None,
    property_address: str | None = None,
    agent: str | None = None,
    control_officer: str | None = None,
    neighbours_heard: Sequence[str] = (),
    presented_by: Person | None = None,
    meeting: str | None = None,
) -> DecisionLetter:
    """The complete letter of ``decision`` on ``case``. ``meeting`` names the committee's meeting
    ("2026-03-12, § 45") when the committee itself decided (no ``delegation_ref``)."""
    texts = templates.outcome(case.case_type, decision.outcome)
    values = _values(
        municipality,
        case.registration_number,
        legal_ground=decision.legal_ground,
        meeting=meeting or decision.decided_on.isoformat(),
        delegation_ref=decision.delegation_ref or "",
    )
    applicant = next((p for p in case.parties if p.role is PartyRole.APPLICANT), None)
    applicant_name = applicant.name if applicant is not None else case.applicant_name
    subject = [Labelled("Fastighet", case.property.designation)]
    if property_address:
        subject.append(Labelled("Adress", property_address))
    subject += [
        Labelled("Ansökan avser", case.title),
        Labelled("Ansökan inkom", case.deadline.received_on.isoformat()),
        Labelled("Sökande", applicant_name),
    ]
    if agent:
        subject.append(Labelled("Ombud", agent))

    stated = [fill(texts.decision, values)]
    if control_officer and decision.outcome is DecisionOutcome.GRANTED:
        stated.append(f"Kontrollansvarig för åtgärden är {control_officer}.")
    if decision.outcome is not DecisionOutcome.WRITTEN_OFF or decision.fee_sek:
        stated.append(f"Avgiften för beslutet är {kronor(decision.fee_sek)} (se Avgift nedan).")

    distribution = [f"{applicant_name} – {templates.distribution_label('applicant')}"]
    if agent:
        distribution.append(f"{agent} – {templates.distribution_label('agent')}")
    for party in case.parties:
        if party.role in (PartyRole.AFFECTED_PARTY, PartyRole.NEIGHBOUR):
            distribution.append(f"{party.name} – {templates.distribution_label(party.role.value)}")
    if decision.outcome is DecisionOutcome.GRANTED and case.case_type in PUBLISHED_WHEN_GRANTED:
        distribution.append(templates.distribution_label("poit"))

    if decision.delegation_ref:
        decided_under = fill(templates.delegation_decision, values)
    else:
        decided_under = fill(templates.committee_decision, values)
    return DecisionLetter(
        municipality=municipality,
        logo_png=logo_png,
        case_type=case.case_type,
        outcome=decision.outcome,
        registration_number=case.registration_number,
        decided_on=decision.decided_on,
        title=letter_title(case, decision.outcome),
        recipient=agent or applicant_name,
        recipient_address=applicant.address if applicant is not None and not agent else None,
        subject=tuple(subject),
        decision=tuple(stated),
        conditions=tuple(decision.conditions),
        reasons=tuple(p.strip() for p in decision.reasons.split("\n\n") if p.strip()),
        neighbours_heard=tuple(neighbours_heard),
        advisory_notes=tuple(decision.advisory_notes),
        fee=_fee_paragraphs(case, decision),
        decided_under=decided_under,
        decided_by=Person(decision.signed_by, decision.signer_title),
        presented_by=presented_by,
        appeal_instructions=tuple(fill(t, values) for t in templates.appeal_instructions),
        distribution=tuple(distribution),
    )
