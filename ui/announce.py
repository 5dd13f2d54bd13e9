"""Tell a screen reader about changes the user did not move the focus to.

A result count that changes while the user types, going offline, a sync that ends, a confirmation in the
status bar: a sighted user sees them; a screen reader user hears them only if the app sends an
accessibility event. Qt sends none by itself for a label's text, so every such change goes through here:

    announce(self.count_label, text)                  # polite: said when the reader is idle
    announce(self.state, text, urgent=True)           # assertive: interrupts (offline, a failure)
    name_changed(self.count_label)                    # the widget's accessible name now says more

Each sends a real ``QAccessibleEvent`` through ``QAccessible.updateAccessibility`` (Qt forwards it to the
platform's bridge: UI Automation, AT-SPI, NSAccessibility). ``listeners`` see the same event objects;
the tests use them to hear what a screen reader would.
"""

from __future__ import annotations

from collections.abc import Callable

from ui.qt import QtCore, QtGui

QAccessible = QtGui.QAccessible
listeners: list[Callable[[QtGui.QAccessibleEvent], None]] = []


def _send(event: QtGui.QAccessibleEvent) -> None:
    QAccessible.updateAccessibility(event)
    for listener in list(listeners):
        listener(event)


def announce(source: QtCore.QObject, text: str, *, urgent: bool = False) -> None:
    """Say ``text`` (an announcement event from ``source``; assertive when ``urgent``)."""
    if not text:
        return
    event = QtGui.QAccessibleAnnouncementEvent(source, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
    _send(event)


def name_changed(source: QtCore.QObject) -> None:
    """The accessible name of ``source`` changed (a reader on it says the new one)."""
    _send(QtGui.QAccessibleEvent(source, QAccessible.Event.NameChanged))


def alert(source: QtCore.QObject) -> None:
    """``source`` (a banner, a message) appeared and matters now."""
    _send(QtGui.QAccessibleEvent(source, QAccessible.Event.Alert))


def event_text(event: QtGui.QAccessibleEvent) -> str:
    """What the event makes a reader say: the announcement, or the source's accessible name."""
    if isinstance(event, QtGui.QAccessibleAnnouncementEvent):
        return event.message()
    source = event.object()
    name = source.property("accessibleName") if source is not None else None
    return str(name or "")
