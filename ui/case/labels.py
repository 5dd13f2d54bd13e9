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
from ui.qt import QtCore

CONTEXT = "CaseLabels"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for lupdate without translating it; translated at use time."""
    return text


def tr(text: str) -> str:
    """``text`` (Swedish source) in the UI language; the tables below are marked for lupdate."""
    return QtCore.QCoreApplication.translate(CONTEXT, text)


STATUS = {
    CaseStatus.RECEIVED: QT_TRANSLATE_NOOP("CaseLabels", "Inkommen"),
    CaseStatus.INCOMPLETE: QT_TRANSLATE_NOOP("CaseLabels", "Väntar på komplettering"),
    CaseStatus.COMPLETE: QT_TRANSLATE_NOOP("CaseLabels", "Komplett"),
    CaseStatus.UNDER_REVIEW: QT_TRANSLATE_NOOP("CaseLabels", "Under handläggning"),
    CaseStatus.REFERRAL: QT_TRANSLATE_NOOP("CaseLabels", "På remiss"),
    CaseStatus.DECIDED: QT_TRANSLATE_NOOP("CaseLabels", "Beslutad"),
    CaseStatus.CLOSED: QT_TRANSLATE_NOOP("CaseLabels", "Avslutad"),
}

CASE_TYPE = {
    CaseType.NEW_BUILDING_HOUSE: QT_TRANSLATE_NOOP("CaseLabels", "Bygglov, nybyggnad enbostadshus"),
    CaseType.NEW_BUILDING_APARTMENTS: QT_TRANSLATE_NOOP("CaseLabels", "Bygglov, nybyggnad flerbostadshus"),
    CaseType.NEW_BUILDING_INDUSTRY: QT_TRANSLATE_NOOP("CaseLabels", "Bygglov, nybyggnad industri"),
    CaseType.EXTENSION: QT_TRANSLATE_NOOP("CaseLabels", "Bygglov, tillbyggnad"),
    CaseType.FACADE_CHANGE: QT_TRANSLATE_NOOP("CaseLabels", "Bygglov, fasadändring"),
    CaseType.DEMOLITION: QT_TRANSLATE_NOOP("CaseLabels", "Rivningslov"),
    CaseType.SITE_PERMIT: QT_TRANSLATE_NOOP("CaseLabels", "Marklov"),
    CaseType.PRELIMINARY: QT_TRANSLATE_NOOP("CaseLabels", "Förhandsbesked"),
    CaseType.SHORE_EXEMPTION: QT_TRANSLATE_NOOP("CaseLabels", "Strandskyddsdispens"),
    CaseType.NOTIFICATION: QT_TRANSLATE_NOOP("CaseLabels", "Anmälan, attefallsåtgärd"),
}

EVENT = {
    EventKind.CREATED: QT_TRANSLATE_NOOP("CaseLabels", "Ärendet inkom"),
    EventKind.STATUS_CHANGED: QT_TRANSLATE_NOOP("CaseLabels", "Statusändring"),
    EventKind.ASSIGNED: QT_TRANSLATE_NOOP("CaseLabels", "Tilldelning"),
    EventKind.NOTE: QT_TRANSLATE_NOOP("CaseLabels", "Intern anteckning"),
    EventKind.MESSAGE: QT_TRANSLATE_NOOP("CaseLabels", "Meddelande till sökande"),
    EventKind.DOCUMENT_ADDED: QT_TRANSLATE_NOOP("CaseLabels", "Handling tillagd"),
    EventKind.DEADLINE_EXTENDED: QT_TRANSLATE_NOOP("CaseLabels", "Tidsfristen förlängd"),
    EventKind.DECISION: QT_TRANSLATE_NOOP("CaseLabels", "Beslut"),
    EventKind.DECISION_NOTIFIED: QT_TRANSLATE_NOOP("CaseLabels", "Beslutet delgivet eller kungjort"),
}

PARTY_ROLE = {
    PartyRole.APPLICANT: QT_TRANSLATE_NOOP("CaseLabels", "Sökande"),
    PartyRole.AFFECTED_PARTY: QT_TRANSLATE_NOOP("CaseLabels", "Sakägare"),
    PartyRole.NEIGHBOUR: QT_TRANSLATE_NOOP("CaseLabels", "Granne"),
}

DOCUMENT_KIND = {
    DocumentKind.APPLICATION: QT_TRANSLATE_NOOP("CaseLabels", "Ansökan"),
    DocumentKind.DRAWING: QT_TRANSLATE_NOOP("CaseLabels", "Ritning"),
    DocumentKind.ATTACHMENT: QT_TRANSLATE_NOOP("CaseLabels", "Bilaga"),
    DocumentKind.DECISION: QT_TRANSLATE_NOOP("CaseLabels", "Beslut"),
    DocumentKind.ARCHIVE_SCAN: QT_TRANSLATE_NOOP("CaseLabels", "Arkivhandling"),
}


def status_label(status: str | CaseStatus) -> str:
    try:
        return tr(STATUS[CaseStatus(status)])
    except ValueError:
        return str(status)


def event_label(kind: str | EventKind) -> str:
    try:
        return tr(EVENT[EventKind(kind)])
    except (ValueError, KeyError):  # a kind from a newer platform: its name rather than a broken history
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
