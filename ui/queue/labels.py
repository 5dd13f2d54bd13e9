"""Swedish texts of the queue: case types, statuses, deadline bands, numbers and dates.

Source strings are Swedish (the app's default language); English comes from Qt translations
(``QT_TRANSLATE_NOOP`` marks the tables for lupdate, :func:`tr` translates at use time). Other screens may
import these labels so a status reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt

from caseworker.domain.models import CaseStatus, CaseType
from caseworker.store import DeadlineBand
from ui.qt import QtCore

CONTEXT = "queue"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (by this name) without translating it; :func:`tr` translates later."""
    return text


CASE_TYPE_LABELS: dict[CaseType, str] = {
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

STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.RECEIVED: QT_TRANSLATE_NOOP("queue", "Inkommen"),
    CaseStatus.INCOMPLETE: QT_TRANSLATE_NOOP("queue", "Väntar på komplettering"),
    CaseStatus.COMPLETE: QT_TRANSLATE_NOOP("queue", "Komplett"),
    CaseStatus.UNDER_REVIEW: QT_TRANSLATE_NOOP("queue", "Under handläggning"),
    CaseStatus.REFERRAL: QT_TRANSLATE_NOOP("queue", "På remiss"),
    CaseStatus.DECIDED: QT_TRANSLATE_NOOP("queue", "Beslutad"),
    CaseStatus.CLOSED: QT_TRANSLATE_NOOP("queue", "Avslutad"),
}

# Workflow order, for menus (the store sorts the status column by its own key).
STATUS_ORDER: tuple[CaseStatus, ...] = (
    CaseStatus.RECEIVED,
    CaseStatus.INCOMPLETE,
    CaseStatus.COMPLETE,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.REFERRAL,
    CaseStatus.DECIDED,
    CaseStatus.CLOSED,
)

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

_SWEDISH = QtCore.QLocale(QtCore.QLocale.Language.Swedish, QtCore.QLocale.Country.Sweden)


def tr(text: str) -> str:
    """Translate a queue text (Swedish source) into the current language."""
    return QtCore.QCoreApplication.translate(CONTEXT, text)


def case_type_label(case_type: CaseType) -> str:
    return tr(CASE_TYPE_LABELS.get(case_type, str(case_type)))


def case_type_description(case_type: CaseType) -> str:
    return tr(CASE_TYPE_DESCRIPTIONS.get(case_type, str(case_type)))


def status_label(status: CaseStatus) -> str:
    return tr(STATUS_LABELS.get(status, str(status)))


def band_label(band: DeadlineBand) -> str:
    return tr(DEADLINE_BAND_LABELS[band])


def number(n: int) -> str:
    """An integer with Swedish digit grouping: 1 234 567 (non-breaking spaces)."""
    return _SWEDISH.toString(n)


def kronor(amount: int) -> str:
    return tr("{amount} kr").format(amount=number(amount))


def day(date: dt.date) -> str:
    """A date in the Swedish standard form, 2025-05-02."""
    return date.isoformat()


def case_count(n: int) -> str:
    """ "1 ärende", "1 234 ärenden"."""
    return (tr("{n} ärende") if n == 1 else tr("{n} ärenden")).format(n=number(n))


def municipality_short(name: str) -> str:
    """ "Älvdala kommun" → "Älvdala" (the column says it is a municipality)."""
    return name.removesuffix(" kommun").removesuffix(" Kommun")
