"""The sync state in the status bar: online/offline with the time, progress while syncing, the outbox.

    ● Synkad 14:32   [=====     ]   3 i utkorgen

Clicking the state syncs now (the shell binds F5 to the same); clicking the outbox count asks the shell to
show the outbox (``outboxRequested``). Everything comes from the SyncBridge's signals.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Any

from caseworker.store import OutboxState
from caseworker.store.outbox import PROBLEM_STATES, unsent_count
from caseworker.sync.events import SyncFinished
from ui.announce import announce
from ui.errors import in_ui_language
from ui.labels import QT_TRANSLATE_NOOP
from ui.ops import run_op, user_message
from ui.qt import Qt, QtCore, QtWidgets, Signal
from ui.services import Services
from ui.theme import on_theme_change, problem_text, scheme_name
from ui.widgets import Retranslated, action_button

PHASES = {
    "pull": QT_TRANSLATE_NOOP("SyncIndicator", "Hämtar ändringar"),
    "push": QT_TRANSLATE_NOOP("SyncIndicator", "Skickar"),
    "download": QT_TRANSLATE_NOOP("SyncIndicator", "Laddar ned"),
}
# The dot's colours (the text beside it says the same in words), readable on the status bar per scheme.
DOT = {
    "online": {"light": "#2e7d32", "dark": "#81c995"},
    "offline": {"light": "#c62828", "dark": "#f28b82"},
    "unknown": {"light": "#5f5f5f", "dark": "#a8adb3"},
}
ONLINE, OFFLINE, UNKNOWN = "online", "offline", "unknown"


def hhmm(at: dt.datetime) -> str:
    return (at.astimezone() if at.tzinfo else at).strftime("%H:%M")


def outbox_text(counts: dict[OutboxState, int]) -> tuple[str, bool]:
    """("3 i utkorgen", has_problems); "" when nothing is waiting."""
    waiting = unsent_count(counts)
    problems = sum(counts.get(s, 0) for s in PROBLEM_STATES)
    total = waiting + problems
    if not total:
        return "", False
    translate = QtCore.QCoreApplication.translate
    if problems:
        text = translate("SyncIndicator", "{total} i utkorgen ({problems} behöver åtgärd)")
    else:
        text = translate("SyncIndicator", "{total} i utkorgen")
    text = text.format(total=total, problems=problems)
    return text, bool(problems)


class SyncIndicator(Retranslated, QtWidgets.QWidget):
    outboxRequested = Signal()

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("syncIndicator")
        self.online: bool | None = None
        self.since: dt.datetime | None = None
        self.last_sync: dt.datetime | None = None
        self.last_error: str | None = None
        self.syncing = False
        self._task: asyncio.Task[Any] | None = None
        self._phase: str | None = None
        self._counts: dict[OutboxState, int] = {}

        self.dot = QtWidgets.QLabel("●")
        self.dot.setObjectName("syncDot")
        self.dot.setAccessibleName("")
        self.state = action_button("syncState")
        self.state.setFlat(True)
        self.state.setCursor(Qt.CursorShape.PointingHandCursor)
        self.state.clicked.connect(self.sync_now)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.outbox = action_button("outboxCount")
        self.outbox.setFlat(True)
        self.outbox.setCursor(Qt.CursorShape.PointingHandCursor)
        self.outbox.clicked.connect(self.outboxRequested)
        self.outbox.hide()
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dot)
        layout.addWidget(self.state)
        layout.addWidget(self.progress)
        layout.addWidget(self.outbox)

        self.retranslate()
        on_theme_change(self.restyle)

        bridge = services.bridge
        bridge.connectionChanged.connect(self.on_connection)
        bridge.progress.connect(self.on_progress)
        bridge.finished.connect(self.on_finished)
        bridge.outboxChanged.connect(self.on_outbox)
        if bridge.online:
            self.online = True
        self._render()
        self.on_outbox(dict(bridge.outbox_counts))

    # --- bridge signals ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.progress.setAccessibleName(self.tr("Synkronisering pågår"))
        self.outbox.setToolTip(self.tr("Visa utkorgen"))
        self.on_outbox(self._counts)
        self._render(self._phase if self.syncing else None)

    def restyle(self) -> None:
        self.on_outbox(self._counts)
        self._render(self._phase if self.syncing else None)

    def on_connection(self, online: bool, since: dt.datetime | None) -> None:
        changed = self.online is not None and online != self.online
        self.online = online
        self.since = since
        self._render()
        if changed:  # going offline interrupts; coming back is said when the reader is idle
            announce(self.state, self.state.text(), urgent=not online)

    def on_progress(self, phase: str, done: int, total: int | None) -> None:
        self.syncing = True
        self.progress.show()
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # busy
        label = self.tr(PHASES.get(phase, QT_TRANSLATE_NOOP("SyncIndicator", "Synkar")))
        self.progress.setAccessibleDescription(
            self.tr("{label}: {done} av {total}").format(label=label, done=done, total=total)
            if total
            else label
        )
        self._phase = phase
        self._render(phase)

    def on_finished(self, event: SyncFinished) -> None:
        self.syncing = False
        self.progress.hide()
        self.last_error = in_ui_language(event.error) if event.error else event.error
        self.last_sync = event.last_synced
        self._render()
        if event.error:
            failed = self.tr("Synkningen misslyckades: {error}").format(error=event.error)
            announce(self.state, failed, urgent=True)
        else:
            announce(self.state, self.state.text())

    def on_outbox(self, counts: dict[OutboxState, int]) -> None:
        self._counts = dict(counts)
        text, problems = outbox_text(counts)
        if text != self.outbox.text() and self.outbox.text():
            announce(self.outbox, text or self.tr("Utkorgen är tom"))
        self.outbox.setText(text)
        self.outbox.setAccessibleName(text or self.tr("Utkorgen är tom"))
        self.outbox.setVisible(bool(text))
        self.outbox.setProperty("problems", problems)
        self.outbox.setStyleSheet(
            f"#outboxCount {{ color: {problem_text()}; font-weight: 600; }}" if problems else ""
        )

    # --- acting ----------------------------------------------------------------------------------------

    def sync_now(self) -> asyncio.Task[Any] | None:
        return self._start(self.services.sync.sync_now)

    def reconnect(self) -> asyncio.Task[Any] | None:
        """Try the platform now ("Försök ansluta"); the engine says it is trying and what came of it."""
        return self._start(self.services.sync.reconnect)

    def _start(self, work: Callable[[], Coroutine[Any, Any, Any]]) -> asyncio.Task[Any] | None:
        """Run ``work()``, unless a sync or reconnect started here still runs: then that one's task."""
        if self._task is not None and not self._task.done():
            return self._task

        def failed(exc: BaseException) -> None:
            self.last_error = user_message(exc)
            self._render()

        self._task = run_op(self, work(), on_failure=failed)
        return self._task

    # --- drawing ---------------------------------------------------------------------------------------

    def text(self) -> str:
        return self.state.text()

    def _render(self, phase: str | None = None) -> None:
        if self.syncing:
            label = self.tr(PHASES.get(phase or "", QT_TRANSLATE_NOOP("SyncIndicator", "Synkar")))
            text, colour = f"{label} …", ONLINE if self.online else UNKNOWN
        elif self.online is False:
            if self.since:
                text = self.tr("Offline sedan {time}").format(time=hhmm(self.since))
            else:
                text = self.tr("Offline")
            colour = OFFLINE
        elif self.online is None:
            text, colour = self.tr("Ansluter …"), UNKNOWN
        elif self.last_sync is not None:
            text, colour = self.tr("Synkad {time}").format(time=hhmm(self.last_sync)), ONLINE
        else:
            text, colour = self.tr("Ansluten"), ONLINE
        self.state.setText(text)
        colour = DOT[colour][scheme_name()]
        self.dot.setStyleSheet(f"#syncDot {{ color: {colour}; }}")
        self.dot.setProperty("colour", colour)
        tip = self.tr("Synka nu (F5)")
        if self.last_error:
            tip = f"{self.last_error}\n\n{tip}"
        self.state.setToolTip(tip)
        self.state.setAccessibleName(
            self.tr("Synkstatus: {state}. Klicka för att synka nu.").format(state=text)
        )
