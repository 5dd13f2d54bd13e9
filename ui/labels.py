"""The UI's words for the platform's codes, and how numbers, amounts, dates and sizes read on screen.

One place, so the queue, the case view, the outbox and the dialogs say the same thing. Source strings are
Swedish (the app's default language); English comes from Qt translations: ``QT_TRANSLATE_NOOP`` marks the
tables for lupdate and the ``*_label`` functions translate at use time, in the table's context. The case
screens' words are in the ``CaseLabels`` context, the queue's short type names, descriptions and deadline
bands in ``queue`` (as the .ts has them). Dates follow Swedish conventions in every language
(``2026-11-24``, ``2026-11-24 14:05``); sizes are SI (``12,3 MB``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from caseworker.domain.models import CaseStatus, CaseType, DocumentKind, EventKind, PartyRole
from caseworker.store import DeadlineBand
from ui.qt import QtCore

CASE = "CaseLabels"
QUEUE = "queue"
TEXTS = "labels"  # lupdate's context for ``labels.tr("…")`` calls in the screens

SWEDISH = QtCore.QLocale(QtCore.QLocale.Language.Swedish, QtCore.QLocale.Country.Sweden)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for lupdate without translating it; translated at use time."""
    return text


def tr(text: str, context: str = TEXTS) -> str:
    """``text`` (Swedish source) in the UI language."""
    return QtCore.QCoreApplication.translate(context, text)


# --- the case screens' words --------------------------------------------------------------------------------

STATUS = {
    CaseStatus.RECEIVED: QT_TRANSLATE_NOOP("CaseLabels", "Inkommen"),
    CaseStatus.INCOMPLETE: QT_TRANSLATE_NOOP("CaseLabels", "Väntar på komplettering"),
    CaseStatus.COMPLETE: QT_TRANSLATE_NOOP("CaseLabels", "Komplett"),
    CaseStatus.UNDER_REVIEW: QT_TRANSLATE_NOOP("CaseLabels", "Under handläggning"),
    CaseStatus.REFERRAL: QT_TRANSLATE_NOOP("CaseLabels", "På remiss"),
    CaseStatus.DECIDED: QT_TRANSLATE_NOOP("CaseLabels", "Beslutad"),
    CaseStatus.CLOSED: QT_TRANSLATE_NOOP("CaseLabels", "Avslutad"),
}

# Workflow order, for menus (the store sorts the status column by its own key).
STATUS_ORDER: tuple[CaseStatus, ...] = tuple(STATUS)

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

# --- the queue's words --------------------------------------------------------------------------------------

CASE_TYPE_SHORT: dict[CaseType, str] = {
    CaseType.NEW_BUILDING_HOUSE: QT_TRANSLATE_NOOP("queue", "Nybyggnad enbostadshus"),
    CaseType.NEW_BUILDING_APARTMENTS: QT_TRANSLATE_NOOP("queue", "Nybyggnad flerbostadshus"),
    CaseType.NEW_BUILDING_INDUSTRY: QT_TRANSLATE_NOOP("queue", "Nybyggnad industri"),
    CaseType.EXTENSION: QT_TRANSLATE_NOOP("queue", "Tillbyggnad"),
    CaseType.FACADE_CHANGE: QT_TRANSLATE_NOOP("queue", "Fasadändring"),
    CaseType.DEMOLITION: QT_TRANSLATE_NOOP("queue", "Rivningslov"),
    CaseType.SITE_PERMIT: QT_TRANSLATE_NOOP("queue", "Marklov"),
    CaseType.PRELIMINARY: QT_TRANSLATE_NOOP("queue", "Förhandsbesked"),
    CaseType.SHORE_EXEMPTION: QT_TRANSLATE_NOOP("queue", "Strandskyddsdispens"),
    CaseType.NOTIFICATION: QT_TRANSLATE_NOOP("queue", "Anmälan attefallsåtgärd"),
}

CASE_TYPE_DESCRIPTIONS: dict[CaseType, str] = {
    CaseType.NEW_BUILDING_HOUSE: QT_TRANSLATE_NOOP("queue", "Bygglov för nybyggnad av enbostadshus"),
    CaseType.NEW_BUILDING_APARTMENTS: QT_TRANSLATE_NOOP("queue", "Bygglov för nybyggnad av flerbostadshus"),
    CaseType.NEW_BUILDING_INDUSTRY: QT_TRANSLATE_NOOP("queue", "Bygglov för nybyggnad av industribyggnad"),
    CaseType.EXTENSION: QT_TRANSLATE_NOOP("queue", "Bygglov för tillbyggnad"),
    CaseType.FACADE_CHANGE: QT_TRANSLATE_NOOP("queue", "Bygglov för fasadändring"),
    CaseType.DEMOLITION: QT_TRANSLATE_NOOP("queue", "Rivningslov"),
    CaseType.SITE_PERMIT: QT_TRANSLATE_NOOP("queue", "Marklov"),
    CaseType.PRELIMINARY: QT_TRANSLATE_NOOP("queue", "Förhandsbesked"),
    CaseType.SHORE_EXEMPTION: QT_TRANSLATE_NOOP("queue", "Dispens från strandskyddet"),
    CaseType.NOTIFICATION: QT_TRANSLATE_NOOP("queue", "Anmälan om attefallsåtgärd"),
}

DEADLINE_BAND_LABELS: dict[DeadlineBand, str] = {
    DeadlineBand.OVERDUE: QT_TRANSLATE_NOOP("queue", "Försenade"),
    DeadlineBand.WITHIN_7_DAYS: QT_TRANSLATE_NOOP("queue", "≤ 7 dagar"),
    DeadlineBand.LATER: QT_TRANSLATE_NOOP("queue", "Senare"),
    DeadlineBand.NONE: QT_TRANSLATE_NOOP("queue", "Ingen frist"),
}

DEADLINE_BAND_DESCRIPTIONS: dict[DeadlineBand, str] = {
    DeadlineBand.OVERDUE: QT_TRANSLATE_NOOP("queue", "Öppna ärenden vars tidsfrist har passerat"),
    DeadlineBand.WITHIN_7_DAYS: QT_TRANSLATE_NOOP("queue", "Öppna ärenden med tidsfrist inom 7 dagar"),
    DeadlineBand.LATER: QT_TRANSLATE_NOOP("queue", "Öppna ärenden med tidsfrist om mer än 7 dagar"),
    DeadlineBand.NONE: QT_TRANSLATE_NOOP("queue", "Fristen har inte börjat löpa, eller ärendet är avgjort"),
}


def _label(table: Mapping[Any, str], code: str, context: str) -> str:
    """The translated word for ``code``; its own name for a code a newer platform sent (no broken screen)."""
    text = table.get(code)
    return str(code) if text is None else tr(text, context)


def status_label(status: str | CaseStatus) -> str:
    return _label(STATUS, status, CASE)  # a CaseStatus is a str enum: the plain code finds it too


def event_label(kind: str | EventKind) -> str:
    return _label(EVENT, kind, CASE)


def case_type_title(case_type: str | CaseType) -> str:
    """The case view's full name of the case type: ``Bygglov, nybyggnad enbostadshus``."""
    return _label(CASE_TYPE, case_type, CASE)


def party_role_label(role: str | PartyRole) -> str:
    return _label(PARTY_ROLE, role, CASE)


def document_kind_label(kind: str | DocumentKind) -> str:
    return _label(DOCUMENT_KIND, kind, CASE)


def case_type_label(case_type: CaseType) -> str:
    """The queue's short name of the case type: ``Nybyggnad enbostadshus``."""
    return _label(CASE_TYPE_SHORT, case_type, QUEUE)


def case_type_description(case_type: CaseType) -> str:
    return _label(CASE_TYPE_DESCRIPTIONS, case_type, QUEUE)


def band_label(band: DeadlineBand) -> str:
    return tr(DEADLINE_BAND_LABELS[band], QUEUE)


def band_description(band: DeadlineBand) -> str:
    return tr(DEADLINE_BAND_DESCRIPTIONS[band], QUEUE)


# --- numbers, amounts, names --------------------------------------------------------------------------------


def number(n: int) -> str:
    """An integer with Swedish digit grouping: 1 234 567 (non-breaking spaces)."""
    return SWEDISH.toString(n)


def kronor(amount: int) -> str:
    """``8 000 kr`` in a sentence of the queue (translated, so English may place the unit its own way)."""
    return tr("{amount} kr").format(amount=number(amount))


def sek(amount: int) -> str:
    """``8000`` → ``8 000 kr`` held together by no-break spaces (the case view's fee lines); translated
    like :func:`kronor` (it said "kr" in the English case view beside "SEK" on the board)."""
    return kronor(amount).replace(" ", "\u00a0")


def case_count(n: int) -> str:
    """ "1 ärende", "1 234 ärenden"."""
    return (tr("{n} ärende") if n == 1 else tr("{n} ärenden")).format(n=number(n))


def municipality_short(name: str) -> str:
    """ "Älvdala kommun" → "Älvdala" (the column says it is a municipality)."""
    return name.removesuffix(" kommun").removesuffix(" Kommun")


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


# --- dates and sizes ----------------------------------------------------------------------------------------


def format_date(value: dt.date | dt.datetime | None) -> str:
    """``2026-11-24`` (Swedish standard format, in every UI language); empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone().date() if value.tzinfo else value.date()
    return value.isoformat()


def date_sv(day: dt.date | None) -> str:
    """``2026-11-24``; a dash where a date is not known yet (a line of the case view)."""
    return format_date(day) or "–"


def format_datetime(value: dt.datetime | None) -> str:
    """``2026-11-24 14:05`` in local time; empty for None."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo else value
    return local.strftime("%Y-%m-%d %H:%M")


def format_size(n_bytes: int) -> str:
    """``12,3 MB`` (SI units, Swedish decimal comma); under a kilobyte ``0 B``: Qt writes the Swedish word
    "byte" there, which an English screen must not show, while the SI symbols read the same in both."""
    if n_bytes < 1000:
        return f"{n_bytes} B"
    return SWEDISH.formattedDataSize(n_bytes, 1, QtCore.QLocale.DataSizeFormat.DataSizeSIFormat)
