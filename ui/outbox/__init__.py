"""Sync state: the outbox view, the conflict dialog and the status-bar indicator."""

from ui.outbox.conflict import ConflictDialog
from ui.outbox.indicator import SyncIndicator
from ui.outbox.view import OutboxView

__all__ = ["ConflictDialog", "OutboxView", "SyncIndicator"]
