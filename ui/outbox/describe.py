"""Outbox items in plain Swedish: what the write is, on which case, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caseworker.domain.models import CaseStatus
from caseworker.store import OutboxItem, OutboxState
from caseworker.sync.kinds import TEXT_CONTEXT, Phrase, kind_of
from ui.errors import in_ui_language
from ui.labels import QT_TRANSLATE_NOOP, status_label
from ui.qt import QtCore

CONTEXT = "OutboxDescribe"


def tr(text: str) -> str:
    """``text`` in the UI language (context "OutboxDescribe")."""
    return QtCore.QCoreApplication.translate(CONTEXT, text)


def phrase(p: Phrase) -> str:
    """A core text (a write kind's description) in the UI language, its placeholders filled in."""
    args = {k: status_label(v) if isinstance(v, CaseStatus) else v for k, v in p.args.items()}
    return QtCore.QCoreApplication.translate(TEXT_CONTEXT, p.text).format(**args)


def what(item: OutboxItem) -> str:
    """The write as a noun phrase: "Statusändring (Komplett)", "Anteckning", "Förlängd tidsfrist"."""
    return ", ".join(phrase(p) for p in kind_of(item).describe(item.payload))


def state_text(item: OutboxItem, online: bool = True) -> str:
    """Where the item stands, for people: "väntar på nätverk", "Avvisad: …"."""
    match item.state:
        case OutboxState.PENDING:
            if not online:
                return tr("väntar på nätverk")
            if item.attempts:
                return tr("väntar – försöker igen")
            return tr("väntar på att skickas")
        case OutboxState.IN_FLIGHT:
            return tr("skickas nu")
        case OutboxState.CONFLICT:
            return tr("konflikt: någon annan har ändrat ärendet")
        case OutboxState.REJECTED:
            return tr("avvisad")
        case OutboxState.DONE:
            return tr("skickad")
    return str(item.state)


def short_reason(item: OutboxItem) -> str:
    """The heart of a refusal: the platform's own explanation when it gave one ("Tidsfristen har redan
    förlängts en gång."), else the whole text, in the UI language."""
    if item.platform_reason:
        return item.platform_reason
    if item.last_error:
        return in_ui_language(item.last_error)
    return tr("plattformen godtog inte ändringen.")


def describe(item: OutboxItem, registration_number: str | None, online: bool = True) -> str:
    """One line: "Statusändring (Komplett) på BYGG 2026-000123 – väntar på nätverk".

    A rejected item reads "Avvisad: <the platform's reason>" after the write's name.
    """
    if registration_number:
        head = tr("{what} på {number}").format(what=what(item), number=registration_number)
    else:
        head = what(item)
    if item.state is OutboxState.REJECTED:
        return tr("{head} – Avvisad: {reason}").format(head=head, reason=short_reason(item))
    return tr("{head} – {state}").format(head=head, state=state_text(item, online))


@dataclass(frozen=True)
class UserText:
    """The text the user wrote in a write, by field, for showing and editing (notes, messages,
    extension reasons). Empty for writes without free text."""

    fields: dict[str, str]

    @property
    def joined(self) -> str:
        return "\n\n".join(v for v in self.fields.values() if v)


FIELD_LABELS = {
    "text": QT_TRANSLATE_NOOP("OutboxDescribe", "Anteckning"),
    "subject": QT_TRANSLATE_NOOP("OutboxDescribe", "Ämne"),
    "body": QT_TRANSLATE_NOOP("OutboxDescribe", "Meddelande"),
    "reason": QT_TRANSLATE_NOOP("OutboxDescribe", "Skäl"),
}


def field_label(key: str) -> str:
    """The name of a free-text field in the UI language."""
    label = FIELD_LABELS.get(key)
    return tr(label) if label else key


def user_text(item: OutboxItem) -> UserText:
    return UserText(kind_of(item).user_text(item.payload))


def with_user_text(item: OutboxItem, fields: dict[str, str]) -> Any:
    """The item's payload with the user's (edited) text put back in."""
    return kind_of(item).with_user_text(item.payload, fields)
