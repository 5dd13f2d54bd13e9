"""Outbox items in plain Swedish: what the write is, on which case, and where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from caseworker.store import OutboxItem, OutboxState
from ui.case.labels import QT_TRANSLATE_NOOP, status_label
from ui.core_texts import in_ui_language
from ui.qt import QtCore

CONTEXT = "OutboxDescribe"


def tr(text: str) -> str:
    """``text`` in the UI language (context "OutboxDescribe")."""
    return QtCore.QCoreApplication.translate(CONTEXT, text)


KIND_NOUN = {
    "add_note": QT_TRANSLATE_NOOP("OutboxDescribe", "Anteckning"),
    "send_message": QT_TRANSLATE_NOOP("OutboxDescribe", "Meddelande till sökande"),
    "add_annotation": QT_TRANSLATE_NOOP("OutboxDescribe", "Ny markering på ritning"),
    "update_annotation": QT_TRANSLATE_NOOP("OutboxDescribe", "Ändrad markering på ritning"),
    "delete_annotation": QT_TRANSLATE_NOOP("OutboxDescribe", "Borttagen markering på ritning"),
    "post_decision": QT_TRANSLATE_NOOP("OutboxDescribe", "Beslut"),
}


def what(item: OutboxItem) -> str:
    """The write as a noun phrase: "Statusändring (Komplett)", "Anteckning", "Förlängd tidsfrist"."""
    if item.kind == "patch_case":
        return patch_noun(item.payload)
    noun = KIND_NOUN.get(item.kind)
    return tr(noun) if noun else item.kind.replace("_", " ").capitalize()


def patch_noun(payload: Any) -> str:
    p = payload if isinstance(payload, dict) else {}
    parts = []
    if p.get("completion_requested"):
        parts.append(tr("Begäran om komplettering"))
    elif p.get("status"):
        parts.append(tr("Statusändring ({status})").format(status=status_label(p["status"])))
    if p.get("deadline_extension"):
        weeks = p["deadline_extension"].get("weeks") if isinstance(p["deadline_extension"], dict) else None
        parts.append(
            tr("Förlängd tidsfrist ({weeks} veckor)").format(weeks=weeks)
            if weeks
            else tr("Förlängd tidsfrist")
        )
    if "assignee_id" in p:
        parts.append(tr("Ny handläggare"))
    return ", ".join(parts) or tr("Ändring av ärendet")


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


_PLATFORM_SAYS = re.compile(r"\(Plattformens svar: (?P<reason>.+)\)\s*$", re.DOTALL)


def short_reason(error: str | None) -> str:
    """The heart of a refusal: the platform's own explanation when the sync engine quoted it
    ("… (Plattformens svar: Tidsfristen har redan förlängts en gång.)"), else the whole text."""
    if not error:
        return tr("plattformen godtog inte ändringen.")
    m = _PLATFORM_SAYS.search(error)
    return m.group("reason").strip() if m else in_ui_language(error)


def describe(item: OutboxItem, registration_number: str | None, online: bool = True) -> str:
    """One line: "Statusändring (Komplett) på BYGG 2026-000123 – väntar på nätverk".

    A rejected item reads "Avvisad: <the platform's reason>" after the write's name.
    """
    if registration_number:
        head = tr("{what} på {number}").format(what=what(item), number=registration_number)
    else:
        head = what(item)
    if item.state is OutboxState.REJECTED:
        return tr("{head} – Avvisad: {reason}").format(head=head, reason=short_reason(item.last_error))
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
    p = item.payload if isinstance(item.payload, dict) else {}
    if item.kind == "add_note":
        return UserText({"text": str(p.get("text", ""))})
    if item.kind == "send_message":
        return UserText({"subject": str(p.get("subject", "")), "body": str(p.get("body", ""))})
    if item.kind == "patch_case" and isinstance(p.get("deadline_extension"), dict):
        return UserText({"reason": str(p["deadline_extension"].get("reason", ""))})
    if item.kind in ("add_annotation", "update_annotation") and p.get("text"):
        return UserText({"text": str(p.get("text", ""))})
    return UserText({})


def with_user_text(item: OutboxItem, fields: dict[str, str]) -> Any:
    """The item's payload with the user's (edited) text put back in."""
    p = dict(item.payload) if isinstance(item.payload, dict) else {}
    if item.kind == "patch_case" and isinstance(p.get("deadline_extension"), dict):
        p["deadline_extension"] = {**p["deadline_extension"], "reason": fields.get("reason", "")}
        return p
    for key, value in fields.items():
        p[key] = value
    return p
