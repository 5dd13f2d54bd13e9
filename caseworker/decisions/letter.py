"""A decision letter's content, complete and in words: what the renderer lays out, part by part.

The ten parts and their order are DOMAIN.md's ("A decision letter (beslut) contains, in this order").
:func:`required_parts` says which parts an outcome must have; :func:`missing_parts` which of them a
letter still lacks (the editor's checklist and the renderer's guard use the same rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from caseworker.domain.models import Address, CaseType, DecisionOutcome, Municipality


class Part(IntEnum):
    """The parts of a decision letter, numbered as in DOMAIN.md."""

    LETTERHEAD = 1
    SUBJECT = 2  # property, what was applied for, applicant (and ombud)
    DECISION = 3
    CONDITIONS = 4
    REASONS = 5
    ADVISORY_NOTES = 6
    FEE = 7
    DECIDED_BY = 8
    APPEAL = 9
    DISTRIBUTION = 10


HEADINGS: dict[Part, str] = {
    Part.DECISION: "Beslut",
    Part.CONDITIONS: "Villkor",
    Part.REASONS: "Skäl för beslutet",
    Part.ADVISORY_NOTES: "Upplysningar",
    Part.FEE: "Avgift",
    Part.DECIDED_BY: "Beslutsfattare",
    Part.APPEAL: "Hur man överklagar",
    Part.DISTRIBUTION: "Beslutet skickas till",
}


def required_parts(outcome: DecisionOutcome) -> tuple[Part, ...]:
    """The parts a letter with this outcome must contain, in order. Only a granted permit sets conditions
    and must carry the advisory notes (startbesked, lapse, PoIT); other outcomes show notes if they have
    any."""
    if outcome is DecisionOutcome.GRANTED:
        return tuple(Part)
    return tuple(p for p in Part if p not in (Part.CONDITIONS, Part.ADVISORY_NOTES))


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""


@dataclass(frozen=True)
class Labelled:
    """One row of the subject block: "Fastighet" → "Älvdala Björken 4:12"."""

    label: str
    value: str


@dataclass(frozen=True)
class DecisionLetter:
    """Everything a decision letter says. Texts are final Swedish (templates already filled)."""

    municipality: Municipality
    logo_png: bytes | None  # the municipality's logo; None draws none
    case_type: CaseType
    outcome: DecisionOutcome
    registration_number: str
    decided_on: dt.date
    title: str  # the letter's heading: "Bygglov för nybyggnad av enbostadshus"
    recipient: str  # the addressee (the applicant, or the ombud)
    recipient_address: Address | None
    subject: tuple[Labelled, ...]  # part 2
    decision: tuple[str, ...]  # part 3: the decision stated first, then kontrollansvarig and fee
    conditions: tuple[str, ...]  # part 4, numbered when rendered
    reasons: tuple[str, ...]  # part 5, paragraphs
    neighbours_heard: tuple[str, ...]  # part 5, what the neighbours and parties said
    advisory_notes: tuple[str, ...]  # part 6
    fee: tuple[str, ...]  # part 7, paragraphs
    decided_under: str  # part 8: delegation or the committee's meeting
    decided_by: Person | None
    presented_by: Person | None
    appeal_instructions: tuple[str, ...]  # part 9
    distribution: tuple[str, ...]  # part 10

    def content_of(self, part: Part) -> bool:
        """Whether the letter has content for ``part``."""
        return bool(
            {
                Part.LETTERHEAD: self.municipality.name and self.registration_number,
                Part.SUBJECT: self.subject,
                Part.DECISION: self.decision,
                Part.CONDITIONS: self.conditions,
                Part.REASONS: self.reasons,
                Part.ADVISORY_NOTES: self.advisory_notes,
                Part.FEE: self.fee,
                Part.DECIDED_BY: self.decided_under and self.decided_by,
                Part.APPEAL: self.appeal_instructions,
                Part.DISTRIBUTION: self.distribution,
            }[part]
        )

    def parts(self) -> tuple[Part, ...]:
        """The parts this letter shows, in order: the required ones and any optional one with content."""
        required = set(required_parts(self.outcome))
        return tuple(p for p in Part if p in required or self.content_of(p))


def missing_parts(letter: DecisionLetter) -> tuple[Part, ...]:
    """The required parts the letter has no content for (empty when it is complete)."""
    return tuple(p for p in required_parts(letter.outcome) if not letter.content_of(p))
