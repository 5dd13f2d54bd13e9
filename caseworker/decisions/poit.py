"""The notice of a granted permit in Post- och Inrikes Tidningar (PBL 9 kap. 41 a §), from the decision.

The text names what was granted, where, when and by whom, how to appeal (to the appeal body, lodged with
the committee, within 4 weeks of the publication) and where the decision can be read. It names no
applicant or other personal data: the gazette is public and the notice only has to let those not notified
directly know that the period runs. Swedish on purpose: it is published as it is.
"""

from __future__ import annotations

import datetime as dt

from caseworker.domain.appeals import BUILDING_PERMITS
from caseworker.domain.finality import published_in_poit
from caseworker.domain.models import Case, CaseType, DecisionOutcome, Municipality

# What the permit is called in the notice, by case type (the others are not published).
PERMIT_NAMES = {
    **dict.fromkeys(BUILDING_PERMITS, "bygglov"),
    CaseType.DEMOLITION: "rivningslov",
    CaseType.SITE_PERMIT: "marklov",
    CaseType.PRELIMINARY: "förhandsbesked",
}


class NotPublished(ValueError):
    """Only granted lov and förhandsbesked are published in PoIT."""


def what_was_granted(case: Case) -> str:
    """ "bygglov för nybyggnad av enbostadshus", "marklov för schaktning" (from the case's title)."""
    permit = PERMIT_NAMES[case.case_type]
    title = case.title[:1].lower() + case.title[1:]
    return title if title.startswith(permit) else f"{permit} för {title}"


def poit_notice(
    case: Case, municipality: Municipality, outcome: DecisionOutcome | None, decided_on: dt.date
) -> str:
    """The text to publish in PoIT for ``case``'s decision; :class:`NotPublished` for a decision that is
    not published (a refusal, an anmälan, a strandskyddsdispens)."""
    if not published_in_poit(case.case_type, outcome):
        raise NotPublished(f"a {outcome} decision on a {case.case_type.value} case is not published in PoIT")
    committee = municipality.committee
    lodged_with = committee[:1].lower() + committee[1:]
    address = municipality.address
    permit = PERMIT_NAMES[case.case_type]
    return "\n\n".join(
        [
            f"Kungörelse av beslut om {permit} – {municipality.name}",
            f"{committee} i {municipality.name} har den {decided_on.isoformat()} beviljat "
            f"{what_was_granted(case)} på fastigheten {case.property.designation} "
            f"(diarienummer {case.registration_number}).",
            f"Den som vill överklaga beslutet ska skriva till {municipality.appeal_body}, men skicka "
            f"eller lämna överklagandet till {lodged_with}, {address.street}, {address.postal_code} "
            f"{address.city}, eller till {municipality.email}. Överklagandet ska ha kommit in inom fyra "
            "veckor från den dag då beslutet publicerades i Post- och Inrikes Tidningar. Ange "
            f"diarienummer {case.registration_number} och vilket beslut som överklagas, hur du vill att "
            "det ska ändras och varför.",
            f"Beslutet finns hos {lodged_with}, telefon {municipality.phone}, {municipality.website}.",
        ]
    )
