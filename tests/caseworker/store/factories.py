"""Synthetic wire models for store tests: deterministic, fast enough for 50 000 cases."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from caseworker.domain.models import (
    Address,
    Case,
    CaseStatus,
    CaseSummary,
    CaseType,
    DeadlineFacts,
    Document,
    DocumentKind,
    Party,
    PartyRole,
    Property,
    Role,
    User,
)

FIRST = [
    "Anna",
    "Erik",
    "Åsa",
    "Örjan",
    "Lars",
    "Karin",
    "Björn",
    "Ingrid",
    "Mohammed",
    "Fatima",
    "Nils",
    "Eva",
]
LAST = ["Svensson", "Lindqvist", "Öberg", "Åkesson", "Nyström", "Berg", "Holm", "Ekström", "Sandberg", "Lund"]
PLACES = ["Älvdala", "Björkby", "Sjövik", "Granhult", "Norrtorp"]
BLOCKS = ["Björken", "Eken", "Lönnen", "Aspen", "Tallen", "Granen", "Rönnen"]
MUNICIPALITIES = ["alvdala", "bjorkby", "sjovik"]
STAFF = [
    ("u-anna", "Anna Handläggare", "team-1"),
    ("u-bo", "Bo Bygglov", "team-1"),
    ("u-cia", "Cia Chef", "team-2"),
]
BASE_DAY = dt.date(2025, 1, 1)


def summary(i: int, rng: random.Random | None = None, **overrides: object) -> CaseSummary:
    """Case number ``i``: a valid CaseSummary (built without validation, for speed)."""
    rng = rng or random.Random(i)
    received = BASE_DAY + dt.timedelta(days=rng.randrange(0, 200))
    status = rng.choice(list(CaseStatus))
    decided = received + dt.timedelta(days=rng.randrange(20, 90)) if status is CaseStatus.DECIDED else None
    requested = received + dt.timedelta(days=5) if rng.random() < 0.2 else None
    completed = requested + dt.timedelta(days=10) if requested and rng.random() < 0.5 else None
    facts = DeadlineFacts.model_construct(
        received_on=received,
        completion_requested_on=requested,
        completed_on=completed,
        extension_weeks=rng.choice([0, 0, 0, 5, 10]),
        extension_reason=None,
        decided_on=decided,
    )
    staff = rng.choice([*STAFF, None])
    municipality = MUNICIPALITIES[i % len(MUNICIPALITIES)]
    designation = f"{rng.choice(PLACES)} {rng.choice(BLOCKS)} {rng.randrange(1, 40)}:{rng.randrange(1, 99)}"
    fields: dict[str, object] = {
        "id": f"case-{i:06d}",
        "registration_number": f"BN {2025 - i % 3}-{i:06d}",
        "municipality_id": municipality,
        "title": rng.choice(
            ["Nybyggnad enbostadshus", "Tillbyggnad garage", "Fasadändring", "Rivning av uthus"]
        ),
        "case_type": rng.choice(list(CaseType)),
        "status": status,
        "assignee_id": staff[0] if staff else None,
        "assignee_name": staff[1] if staff else None,
        "team_id": staff[2] if staff else None,
        "property_designation": designation,
        "applicant_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "deadline": facts,
        "fee_sek": rng.randrange(0, 60) * 1000,
        "version": 1,
        "updated_at": dt.datetime(2025, 6, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i),
    }
    fields.update(overrides)
    return CaseSummary.model_construct(**fields)


def many(n: int, seed: int = 1) -> Iterator[CaseSummary]:
    rng = random.Random(seed)
    for i in range(n):
        yield summary(i, rng)


def full_case(i: int, *, applicant: str, personnummer: str, **overrides: object) -> Case:
    """A validated full Case with an applicant party carrying a personnummer."""
    s = summary(i, applicant_name=applicant, **overrides)
    data = s.model_dump()
    data.update(
        description=f"Ansökan om bygglov. Sökande {applicant}, personnummer {personnummer}.",
        property=Property(designation=s.property_designation, municipality_id=s.municipality_id, area_m2=812),
        parties=[
            Party(
                id=f"party-{i}-1",
                role=PartyRole.APPLICANT,
                name=applicant,
                personal_number=personnummer,
                address=Address(street="Storgatan 1", postal_code="123 45", city="Älvdala"),
                email="sokande@example.se",
                phone="070-1234567",
            )
        ],
        fee_basis="Taxa 2025",
    )
    return Case.model_validate(data)


def user(**overrides: object) -> User:
    """Anna, a caseworker in Älvdala."""
    fields: dict[str, object] = {
        "id": "u-anna",
        "username": "anna",
        "display_name": "Anna Handläggare",
        "title": "Bygglovshandläggare",
        "email": "anna@alvdala.example",
        "roles": [Role.CASEWORKER],
        "municipalities": ["alvdala"],
    }
    return User.model_validate({**fields, **overrides})


def document(i: int, case_id: str = "case-1", **overrides: object) -> Document:
    """Document ``doc-<i>`` of ``case_id``: a one-page PDF application (fields overridable)."""
    fields: dict[str, object] = {
        "id": f"doc-{i}",
        "case_id": case_id,
        "title": f"Handling {i}",
        "filename": f"handling-{i}.pdf",
        "kind": DocumentKind.APPLICATION,
        "media_type": "application/pdf",
        "size": 1234,
        "sha256": f"{i:064x}",
        "pages": 1,
        "created_at": dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC),
    }
    return Document.model_validate({**fields, **overrides})
