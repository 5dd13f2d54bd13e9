"""The case's history, newest first, with the user's own writes that have not reached the platform yet.

Each entry is dated when the user acted: an event's ``acted_at`` when its write said so, else the
platform's time. The user's own writes show at once (marked "Ej skickad ännu", or their problem): a
note, message or decision through the placeholder event the sync engine puts in the cache, any other
change to the case (status, completion request, extension, ...) from the outbox. The acknowledgement
stores the platform's events in the same transaction that ends the write, so the view (which reads
events and outbox together) turns the pending entry into the event in one step, never twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from dataclasses import dataclass, replace

from caseworker.domain.models import Event, EventKind
from caseworker.store import OutboxItem, OutboxState
from caseworker.sync.kinds import is_local, kind_of, placeholder_id
from ui.labels import event_label, format_datetime, status_label
from ui.outbox.describe import user_text, what
from ui.qt import QtCore, QtWidgets
from ui.theme import muted_text, on_theme_change, tone
from ui.widgets import Retranslated


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    label: str
    actor: str
    text: str
    badge: str = ""  # "Ej skickad ännu", "Konflikt", "Avvisad"
    badge_kind: str = ""  # "pending" | "problem"
    subject: str = ""


def _weeks(n: int) -> str:
    if abs(n) == 1:
        return QtCore.QCoreApplication.translate("Timeline", "{n} vecka.").format(n=n)
    return QtCore.QCoreApplication.translate("Timeline", "{n} veckor.").format(n=n)


def event_entry(e: Event) -> Entry:
    """An event as the history shows it, in the UI language of the moment (the case view makes the
    entries again after a language switch). The event's own text is the platform's and stays as it is."""
    text = e.text
    if e.kind == EventKind.STATUS_CHANGED and not text and e.data.get("to"):
        text = f"{status_label(str(e.data.get('from', '')))} → {status_label(str(e.data['to']))}"
    elif e.kind == EventKind.DEADLINE_EXTENDED and e.data.get("weeks"):
        with contextlib.suppress(TypeError, ValueError):  # not a number of weeks: the event's text alone
            text = f"{_weeks(int(e.data['weeks']))} {text}".strip()
    elif e.kind == EventKind.ASSIGNED and e.data.get("to_name"):  # a move: to whom, then why
        to_whom = QtCore.QCoreApplication.translate("Timeline", "Till {name}.").format(name=e.data["to_name"])
        text = f"{to_whom} {text}".strip()
    subject = str(e.data.get("subject", "")) if e.kind == EventKind.MESSAGE else ""
    actor = e.actor_name or QtCore.QCoreApplication.translate("Timeline", "Systemet")  # no person acted
    return Entry(e.acted_at or e.at, event_label(e.kind), actor, text, subject=subject)


def badge_for(item: OutboxItem | None) -> tuple[str, str]:
    """The mark of the user's own entry that is not on the platform yet: its text and tone."""
    if item is not None and item.state is OutboxState.CONFLICT:
        return QtCore.QCoreApplication.translate("Timeline", "Konflikt"), "problem"
    if item is not None and item.state is OutboxState.REJECTED:
        return QtCore.QCoreApplication.translate("Timeline", "Avvisad"), "problem"
    return QtCore.QCoreApplication.translate("Timeline", "Ej skickad ännu"), "pending"


def outbox_entry(item: OutboxItem, me: str) -> Entry:
    """A write of the user's that the history shows from the outbox, like the event it will become."""
    event_kind = kind_of(item).event_kind
    fields = user_text(item).fields
    badge, badge_kind = badge_for(item)
    return Entry(
        at=item.acted,
        label=event_label(event_kind) if event_kind is not None else what(item),
        actor=me,
        text=fields.get("text") or fields.get("body") or fields.get("reason") or "",
        badge=badge,
        badge_kind=badge_kind,
        subject=fields.get("subject", ""),
    )


def history(events: list[Event], outbox: list[OutboxItem], me: str) -> list[Entry]:
    """The case's entries: its events, and the user's writes of this case not done yet (``outbox``:
    unsent, in conflict or refused) that the platform will record in its history. ``me`` names the user.

    A write with a placeholder event in the cache shows as that event; one without (a change to the
    case, or a refused note whose placeholder the engine took away) from the outbox, so the user's
    text stays in view until they deal with it."""
    by_placeholder = {placeholder_id(i.id): i for i in outbox}
    entries = []
    for e in events:
        entry = event_entry(e)
        item = by_placeholder.get(e.id)
        if item is not None or is_local(e.id):
            badge, badge_kind = badge_for(item)
            entry = replace(entry, badge=badge, badge_kind=badge_kind)
        entries.append(entry)
    shown = {e.id for e in events}
    entries += [
        outbox_entry(item, me)
        for item in outbox
        if kind_of(item).in_history and placeholder_id(item.id) not in shown
    ]
    return entries


class Timeline(Retranslated, QtWidgets.QTextBrowser):
    """Read-only, selectable and copyable rich text; a screen reader reads it as a document.

    Its entries carry their texts already translated: after a live language switch the owner shows them
    again (the case view re-reads the case); the timeline itself redoes its own texts."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setOpenLinks(False)
        self.setMinimumHeight(160)
        self.entries: list[Entry] = []
        self.retranslate()
        on_theme_change(self.restyle)

    def restyle(self) -> None:
        """The badges' and timestamps' colours follow the scheme."""
        self.show_entries(self.entries)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Händelser"))
        if not self.entries and self.toPlainText():
            self.show_entries([])  # the "no history" line; entries are the owner's to make again

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries = sorted(entries, key=lambda e: e.at, reverse=True)
        parts = []
        muted = muted_text()
        for e in self.entries:
            badge = ""
            if e.badge:
                bg, fg = tone("problem" if e.badge_kind == "problem" else "pending")
                badge = (
                    f' &nbsp;<span style="background:{bg}; color:{fg}; font-weight:600; white-space:nowrap">'
                    f"&nbsp;{html.escape(e.badge)}&nbsp;</span>"
                )
            subject = f"<i>{html.escape(e.subject)}</i><br>" if e.subject else ""
            body = html.escape(e.text).replace("\n", "<br>")
            parts.append(
                '<p style="margin-bottom:8px">'
                f'<span style="color:{muted}">{html.escape(format_datetime(e.at))}</span> · '
                f"<b>{html.escape(e.label)}</b> · {html.escape(e.actor)}{badge}<br>"
                f"{subject}{body}</p>"
            )
        self.setHtml(
            "".join(parts) or "<p><i>{}</i></p>".format(html.escape(self.tr("Inga händelser sparade.")))
        )

    def plain(self) -> str:
        return self.toPlainText()
