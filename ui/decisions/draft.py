"""What the decision editor edits, without Qt: the draft's fields, the fee from the clock, the checklist
of the parts DOMAIN.md requires, and the letter (complete, or with its gaps marked for the preview).

The draft is kept as JSON in the store's drafts (``caseworker.store.drafts``) while the user types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caseworker.decisions.compose import compose_letter, standard_decision
from caseworker.decisions.letter import DecisionLetter, Part, Person, missing_parts, required_parts
from caseworker.decisions.templates import Templates, fill
from caseworker.domain import clock
from caseworker.domain.models import Case, DecisionInput, DecisionOutcome, Municipality

DRAFT_KIND = "decision"


@dataclass
class DecisionDraft:
    """Everything the caseworker writes; strings as typed (lists one item per entry)."""

    outcome: DecisionOutcome
    decided_on: dt.date
    legal_ground: str = ""
    conditions: list[str] = field(default_factory=list)
    reasons: str = ""
    neighbours_heard: str = ""
    advisory_notes: list[str] = field(default_factory=list)
    fee_basis: str = ""
    delegation_ref: str = ""
    meeting: str = ""  # the committee's meeting ("2026-03-12, § 45") when not under delegation
    decided_by: str = ""
    decided_by_title: str = ""
    presented_by: str = ""
    presented_by_title: str = ""
    control_officer: str = ""

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["outcome"] = self.outcome.value
        data["decided_on"] = self.decided_on.isoformat()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DecisionDraft:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}  # a field of a newer version is dropped
        values["outcome"] = DecisionOutcome(values["outcome"])
        values["decided_on"] = dt.date.fromisoformat(values["decided_on"])
        return cls(**values)


@dataclass(frozen=True)
class TemplateTexts:
    """What the templates prefill for one outcome (placeholders filled)."""

    legal_ground: str
    conditions: list[str]
    advisory_notes: list[str]


def template_texts(
    templates: Templates, municipality: Municipality, case: Case, outcome: DecisionOutcome
) -> TemplateTexts:
    texts = templates.outcome(case.case_type, outcome)
    values = {
        "municipality": municipality.name,
        "committee": municipality.committee,
        "committee_lower": municipality.committee[:1].lower() + municipality.committee[1:],
        "appeal_body": municipality.appeal_body,
        "registration_number": case.registration_number,
    }
    return TemplateTexts(
        legal_ground=texts.legal_ground,
        conditions=[fill(t, values) for t in texts.conditions],
        advisory_notes=[fill(t, values) for t in texts.advisory_notes],
    )


def new_draft(
    templates: Templates,
    municipality: Municipality,
    case: Case,
    outcome: DecisionOutcome,
    *,
    today: dt.date,
    signed_by: str,
    signer_title: str,
) -> DecisionDraft:
    """A draft prefilled from the templates (legal ground, conditions, notes) and the case (fee basis)."""
    start = standard_decision(
        templates, municipality, case, outcome, decided_on=today, signed_by=signed_by or "-",
        signer_title=signer_title,
    )  # fmt: skip
    return DecisionDraft(
        outcome=outcome,
        decided_on=today,
        legal_ground=template_texts(templates, municipality, case, outcome).legal_ground,
        conditions=list(start.conditions),
        advisory_notes=list(start.advisory_notes),
        fee_basis=case.fee_basis,
        decided_by=signed_by,
        decided_by_title=signer_title,
    )


def with_outcome(
    draft: DecisionDraft, outcome: DecisionOutcome, before: TemplateTexts, after: TemplateTexts
) -> DecisionDraft:
    """The draft for another outcome: each template text the user left as the template gave it follows
    the new outcome's template; what the user changed stays."""
    return dataclasses.replace(
        draft,
        outcome=outcome,
        legal_ground=after.legal_ground if draft.legal_ground == before.legal_ground else draft.legal_ground,
        conditions=list(after.conditions) if draft.conditions == before.conditions else draft.conditions,
        advisory_notes=(
            list(after.advisory_notes)
            if draft.advisory_notes == before.advisory_notes
            else draft.advisory_notes
        ),
    )


@dataclass(frozen=True)
class Fee:
    """The fee of the decision: the schedule's amount, the weeks past the deadline and what is left."""

    schedule_sek: int
    weeks_late: int
    deadline: dt.date | None
    statutory: bool  # False: no PBL clock (strandskyddsdispens), never reduced
    fee_sek: int

    @property
    def reduced_fifths(self) -> int:
        """How many fifths the fee is reduced by (12 kap. 8 a §), 0 to 5."""
        if not self.schedule_sek:
            return 0
        return min(clock.FEE_STEPS, self.weeks_late) if self.statutory and self.weeks_late else 0


def fee_of(case: Case, outcome: DecisionOutcome, decided_on: dt.date) -> Fee:
    facts = case.deadline.model_copy(update={"decided_on": decided_on})
    state = clock.compute(facts, decided_on, case.case_type)
    fee = 0 if outcome is DecisionOutcome.WRITTEN_OFF else state.fee_after_reduction(case.fee_sek)
    return Fee(case.fee_sek, state.weeks_late, state.deadline, state.statutory, fee)


def clean(lines: list[str]) -> list[str]:
    return [t.strip() for t in lines if t.strip()]


def decision_input(case: Case, draft: DecisionDraft) -> DecisionInput:
    """The structured decision the platform takes (raises pydantic's ValidationError while incomplete)."""
    return DecisionInput(**decision_input_fields(case, draft))


def missing(case: Case, draft: DecisionDraft, letter: DecisionLetter) -> tuple[Part, ...]:
    """The required parts still missing: the letter's own rule (``missing_parts``) plus what the editor
    knows is empty though the letter would read as filled (a legal ground, who decided and under what)."""
    gaps = set(missing_parts(letter))
    if not draft.legal_ground.strip():
        gaps.add(Part.DECISION)
    if not draft.fee_basis.strip():
        gaps.add(Part.FEE)
    if not draft.decided_by.strip() or not (draft.delegation_ref.strip() or draft.meeting.strip()):
        gaps.add(Part.DECIDED_BY)
    return tuple(p for p in required_parts(draft.outcome) if p in gaps)


def compose(
    case: Case,
    draft: DecisionDraft,
    municipality: Municipality,
    templates: Templates,
    *,
    logo_png: bytes | None,
    agent: str | None = None,
) -> DecisionLetter:
    """The letter the draft makes, as it stands (perhaps incomplete: see :func:`missing`)."""
    decision = DecisionInput.model_construct(**decision_input_fields(case, draft))
    presented = Person(draft.presented_by.strip(), draft.presented_by_title.strip())
    return compose_letter(
        case,
        decision,
        municipality,
        templates,
        logo_png=logo_png,
        agent=agent,
        control_officer=draft.control_officer.strip() or None,
        neighbours_heard=[p.strip() for p in draft.neighbours_heard.split("\n\n") if p.strip()],
        presented_by=presented if presented.name else None,
        meeting=draft.meeting.strip() or None,
    )


def decision_input_fields(case: Case, draft: DecisionDraft) -> dict[str, Any]:
    return {
        "outcome": draft.outcome,
        "legal_ground": draft.legal_ground.strip(),
        "decided_on": draft.decided_on,
        "conditions": clean(draft.conditions) if draft.outcome is DecisionOutcome.GRANTED else [],
        "reasons": draft.reasons.strip(),
        "advisory_notes": clean(draft.advisory_notes),
        "fee_sek": fee_of(case, draft.outcome, draft.decided_on).fee_sek,
        "fee_basis": draft.fee_basis.strip(),
        "delegation_ref": draft.delegation_ref.strip() or None,
        "signed_by": draft.decided_by.strip(),
        "signer_title": draft.decided_by_title.strip(),
    }


GAP = "[saknas]"  # i18n: not ui text (the letter is Swedish in every UI language)


def with_gaps_marked(letter: DecisionLetter) -> DecisionLetter:
    """The letter with a visible mark where a required part is still empty, for the preview only (the
    renderer refuses an incomplete letter, rightly)."""
    gap = (GAP,)
    required = required_parts(letter.outcome)
    return dataclasses.replace(
        letter,
        conditions=letter.conditions or (gap if Part.CONDITIONS in required else ()),
        reasons=letter.reasons or gap,
        advisory_notes=letter.advisory_notes or (gap if Part.ADVISORY_NOTES in required else ()),
        fee=letter.fee or gap,
        decided_by=letter.decided_by if letter.decided_by and letter.decided_by.name else Person(GAP),
        decided_under=letter.decided_under or GAP,
        distribution=letter.distribution or gap,
        appeal_instructions=letter.appeal_instructions or gap,
    )
