"""Core sync events → Qt signals, in one place (screens connect to signals, never to the engine)."""

from __future__ import annotations

from collections.abc import Callable

from caseworker.store.outbox import OutboxState
from caseworker.sync import events
from ui.qt import QtCore, Signal


class SyncBridge(QtCore.QObject):
    connectionChanged = Signal(bool, object)  # online, since (datetime)
    reconnecting = Signal(bool, object)  # trying, reached (bool | None): "Försök ansluta" and its outcome
    progress = Signal(str, int, object)  # phase, done, total (int | None)
    finished = Signal(object)  # events.SyncFinished
    outboxChanged = Signal(object)  # dict[OutboxState, int]
    casesChanged = Signal(object, bool)  # frozenset[str], everything
    signedOut = Signal(str)  # reason (Swedish)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.online = False
        self.outbox_counts: dict[OutboxState, int] = {}
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, subscribe: Callable[[Callable[[events.SyncEvent], None]], Callable[[], None]]) -> None:
        """Listen to an engine (``engine.subscribe``); events arrive on the event loop's (Qt's) thread."""
        self.detach()
        self._unsubscribe = subscribe(self.dispatch)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def dispatch(self, event: events.SyncEvent) -> None:
        match event:
            case events.ConnectionChanged(online=online, since=since):
                self.online = online
                self.connectionChanged.emit(online, since)
            case events.Reconnecting(trying=trying, reached=reached):
                self.reconnecting.emit(trying, reached)
            case events.SyncProgress(phase=phase, done=done, total=total):
                self.progress.emit(phase, done, total)
            case events.SyncFinished():
                self.finished.emit(event)
            case events.OutboxChanged(counts=counts):
                self.outbox_counts = dict(counts)
                self.outboxChanged.emit(dict(counts))
            case events.CasesChanged(case_ids=ids, everything=everything):
                self.casesChanged.emit(ids, everything)
            case events.SignedOut(reason=reason):
                self.signedOut.emit(reason)
