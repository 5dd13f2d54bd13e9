"""Demo data for a sample decision letter: one fictional case in a demo municipality, as wire JSON.

``python -m caseworker.sandbox.decision_sample --municipality alvdala --outcome granted`` prints the
municipality's profile, its logo, a case and the details a caseworker would add (reasons, neighbours
heard, who decided). ``python -m caseworker.decisions sample`` runs this in a child process, so the
client core never imports the sandbox (the import-linter contract), the way it gets such data from the
platform in real use. All names, addresses and numbers are fictional.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import sys
from typing import Any

from caseworker.domain.models import (
    Address,
    Case,
    CaseStatus,
    CaseType,
    DeadlineFacts,
    DecisionOutcome,
    Municipality,
    Party,
    PartyRole,
    Property,
    Role,
)
from caseworker.sandbox import assets
from caseworker.sandbox.seed.profiles import ACCOUNTS, MUNICIPALITY_BY_ID, Account

REASONS = {
    DecisionOutcome.GRANTED: (
        "Fastigheten ligger inom detaljplan som anger bostadsändamål, friliggande hus i högst två "
        "våningar och en största byggnadsarea om 200 kvadratmeter.",
        "Åtgärden följer detaljplanen: huset har en byggnadsarea om 148 kvadratmeter och placeras "
        "mer än 4,5 meter från tomtgräns. Utformningen med stående träpanel och sadeltak i "
        "betongpannor passar in i området, som domineras av trähus från 1950- och 1960-talen. "
        "Kraven i 9 kap. 30 § plan- och bygglagen är därmed uppfyllda.",
    ),
    DecisionOutcome.REFUSED: (
        "Fastigheten ligger inom detaljplan som anger en största byggnadsarea om 200 kvadratmeter "
        "och högst en våning.",
        "Det sökta huset har en byggnadsarea om 236 kvadratmeter och två våningar. Avvikelsen är "
        "inte liten och kan inte godtas enligt 9 kap. 31 b § plan- och bygglagen. Nämnden har gett "
        "sökanden tillfälle att ändra ansökan, vilket sökanden inte har gjort.",
    ),
    DecisionOutcome.DISMISSED: (
        "Nämnden förelade sökanden att komplettera ansökan med fasadritningar och situationsplan "
        "senast 2026-03-02, med upplysning om att ansökan annars kunde avvisas.",
        "Kompletteringen har inte kommit in. Ansökan saknar därmed uppgifter som behövs för att "
        "pröva den, och den avvisas enligt 9 kap. 22 § plan- och bygglagen.",
    ),
    DecisionOutcome.WRITTEN_OFF: (
        "Sökanden har i e-post den 2026-04-02 återkallat ansökan. Det finns därför inte längre "
        "något att pröva, och ärendet avskrivs.",
    ),
}
NEIGHBOURS_HEARD = {
    DecisionOutcome.GRANTED: (
        "Ägarna till grannfastigheterna har fått tillfälle att yttra sig. Ägaren till den norra "
        "grannfastigheten har framfört att huset kan skugga trädgården under eftermiddagen. Nämnden "
        "bedömer att skuggningen blir begränsad eftersom huset placeras tio meter från tomtgränsen "
        "och har en nockhöjd om 6,4 meter; den är inte en betydande olägenhet (2 kap. 9 § plan- och "
        "bygglagen). Övriga grannar har inte haft något att invända.",
    ),
    DecisionOutcome.REFUSED: (
        "Grannarna har fått tillfälle att yttra sig. Två av dem har motsatt sig åtgärden med "
        "hänvisning till husets höjd och den insyn det ger.",
    ),
}


def _caseworker(municipality_id: str) -> Account:
    return next(a for a in ACCOUNTS if municipality_id in a.municipalities and Role.CASEWORKER in a.roles)


def sample(municipality_id: str, outcome: DecisionOutcome) -> dict[str, Any]:
    """The sample's data as JSON-ready values (wire models dumped in JSON mode)."""
    try:
        m = MUNICIPALITY_BY_ID[municipality_id]
    except KeyError:
        raise ValueError(
            f"no demo municipality {municipality_id!r}; try {sorted(MUNICIPALITY_BY_ID)}"
        ) from None
    area = m.areas[0]
    profile = Municipality(
        id=m.id,
        name=m.name,
        committee=m.committee,
        org_number=m.org_number,
        address=Address(street=m.street, postal_code=m.postal_code, city=m.city),
        phone=m.phone,
        email=m.email,
        website=m.website,
        primary_color=m.primary_color,
        secondary_color=m.secondary_color,
        logo_url=f"{m.website}/logo.png",
        appeal_body=m.appeal_body,
        footer=m.footer,
        registration_prefix=m.registration_prefix,
    )
    applicant = Party(
        id="p-1",
        role=PartyRole.APPLICANT,
        name="Lisa Bergström",
        address=Address(street="Tallvägen 3", postal_code=f"{m.postal_prefix} 31", city=m.city),
    )
    neighbours = [
        Party(id="p-2", role=PartyRole.NEIGHBOUR, name=f"Per Nordin, {m.short} {area} 4:11"),
        Party(id="p-3", role=PartyRole.NEIGHBOUR, name=f"Maj-Britt Olsson, {m.short} {area} 4:13"),
        Party(id="p-4", role=PartyRole.AFFECTED_PARTY, name=f"Samfällighetsföreningen {area}"),
    ]
    case = Case(
        id="sample-case",
        registration_number=f"{m.registration_prefix} 2026-000123",
        municipality_id=m.id,
        title="Nybyggnad av enbostadshus och garage",
        case_type=CaseType.NEW_BUILDING_HOUSE,
        status=CaseStatus.UNDER_REVIEW,
        property_designation=f"{m.short} {area} 4:12",
        applicant_name=applicant.name,
        deadline=DeadlineFacts(
            received_on=dt.date(2026, 1, 12),
            completion_requested_on=dt.date(2026, 1, 26),
            completed_on=dt.date(2026, 2, 9),
        ),
        fee_sek=24_600,
        version=3,
        updated_at=dt.datetime(2026, 4, 22, 9, 30, tzinfo=dt.UTC),
        description="Nybyggnad av enbostadshus i ett och ett halvt plan med fristående garage.",
        property=Property(designation=f"{m.short} {area} 4:12", municipality_id=m.id, area_m2=1150),
        parties=[applicant, *neighbours],
        fee_basis=f"{m.fee_schedule}, tabell 3 (bygglov)",
    )
    caseworker = _caseworker(m.id)
    by_committee = outcome is DecisionOutcome.REFUSED
    return {
        "municipality": profile.model_dump(mode="json"),
        "logo_png": base64.b64encode(
            assets.municipality_logo(m.figure, m.primary_color, m.secondary_color)
        ).decode("ascii"),
        "case": case.model_dump(mode="json"),
        "decided_on": "2026-04-22",  # two days past the deadline (2026-04-20): the fee is reduced
        "reasons": "\n\n".join(REASONS[outcome]),
        "neighbours_heard": list(NEIGHBOURS_HEARD.get(outcome, ())),
        "property_address": f"Björkvägen 7, {m.postal_prefix} 30 {m.city}",
        "control_officer": "Mikael Strand (certifierad kontrollansvarig, behörighet N)",
        "signed_by": "Gunnel Ek" if by_committee else caseworker.display_name,
        "signer_title": f"Ordförande, {m.committee.lower()}" if by_committee else caseworker.title,
        "presented_by": [caseworker.display_name, caseworker.title] if by_committee else None,
        "delegation_ref": None
        if by_committee
        else f"delegationsordning för {m.committee.lower()}, punkt 3.4",
        "meeting": "2026-04-22, § 58" if by_committee else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--municipality", required=True)
    parser.add_argument("--outcome", required=True, choices=[o.value for o in DecisionOutcome])
    args = parser.parse_args(argv)
    try:
        data = sample(args.municipality, DecisionOutcome(args.outcome))
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    json.dump(data, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
