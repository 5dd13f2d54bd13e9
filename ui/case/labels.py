"""Swedish words for the platform's codes, and small formatting helpers of the case screens.

Kept apart from the widgets so the queue, the outbox and the case view say the same thing.
"""

from __future__ import annotations

import datetime as dt

from caseworker.domain.models import (
    CaseStatus,
    CaseType,
    DocumentKind,
    EventKind,
    PartyRole,
)

STATUS = {
    CaseStatus.RECEIVED: "Inkommen",
    CaseStatus.INCOMPLETE: "Väntar på komplettering",
    CaseStatus.COMPLETE: "Komplett",
    CaseStatus.UNDER_REVIEW: "Under handläggning",
    CaseStatus.REFERRAL: "På remiss",
    CaseStatus.DECIDED: "Beslutad",
    CaseStatus.CLOSED: "Avslutad",
}

CASE_TYPE = {
    CaseType.NEW_BUILDING_HOUSE: "Bygglov, nybyggnad enbostadshus",
    CaseType.NEW_BUILDING_APARTMENTS: "Bygglov, nybyggnad flerbostadshus",
    CaseType.NEW_BUILDING_INDUSTRY: "Bygglov, nybyggnad industri",
    CaseType.EXTENSION: "Bygglov, tillbyggnad",
    CaseType.FACADE_CHANGE: "Bygglov, fasadändring",
    CaseType.DEMOLITION: "Rivningslov",
    CaseType.SITE_PERMIT: "Marklov",
    CaseType.PRELIMINARY: "Förhandsbesked",
    CaseType.SHORE_EXEMPTION: "Strandskyddsdispens",
    CaseType.NOTIFICATION: "Anmälan, attefallsåtgärd",
}

EVENT = {
    EventKind.CREATED: "Ärendet inkom",
    EventKind.STATUS_CHANGED: "Statusändring",
    EventKind.ASSIGNED: "Tilldelning",
    EventKind.NOTE: "Intern anteckning",
    EventKind.MESSAGE: "Meddelande till sökande",
    EventKind.DOCUMENT_ADDED: "Handling tillagd",
    EventKind.DEADLINE_EXTENDED: "Tidsfristen förlängd",
    EventKind.DECISION: "Beslut",
}

PARTY_ROLE = {
    PartyRole.APPLICANT: "Sökande",
    PartyRole.AFFECTED_PARTY: "Sakägare",
    PartyRole.NEIGHBOUR: "Granne",
}

DOCUMENT_KIND = {
    DocumentKind.APPLICATION: "Ansökan",
    DocumentKind.DRAWING: "Ritning",
    DocumentKind.ATTACHMENT: "Bilaga",
    DocumentKind.DECISION: "Beslut",
    DocumentKind.ARCHIVE_SCAN: "Arkivhandling",
}


def status_label(status: str | CaseStatus) -> str:
    try:
        return STATUS[CaseStatus(status)]
    except ValueError:
        return str(status)


def event_label(kind: str | EventKind) -> str:
    try:
        return EVENT[EventKind(kind)]
    except ValueError:
        return str(kind)


def sek(amount: int) -> str:
    """``8000`` → ``8 000 kr`` (Swedish thousands separator: a no-break space)."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def date_sv(day: dt.date | None) -> str:
    """Swedish short date (ISO 8601, which is the Swedish standard form): 2026-11-24."""
    return "–" if day is None else day.isoformat()


def time_sv(at: dt.datetime) -> str:
    """Local time, Swedish form: 2026-11-24 14:32."""
    local = at.astimezone() if at.tzinfo is not None else at
    return local.strftime("%Y-%m-%d %H:%M")


def mask_personal_number(number: str | None) -> str:
    """``19800101-1234`` → ``19800101-****``: the birth date stays, the last four never show unasked."""
    if not number:
        return ""
    digits = number.replace("-", "").replace("+", "")
    if len(digits) >= 10:
        birth = number[: len(number) - 4].rstrip("-+")
        separator = "+" if "+" in number else "-"
        return f"{birth}{separator}****"
    return "*" * len(number)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if abs(n) == 1 else many}"
