"""What the sync engine tells its listeners (the UI adapts these to Qt signals in one place)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from caseworker.store.outbox import OutboxState


@dataclass(frozen=True)
class ConnectionChanged:
    """Online means the platform answered the last call; offline since ``since`` otherwise."""

    online: bool
    since: dt.datetime


@dataclass(frozen=True)
class Reconnecting:
    """The user asked to try the platform now ("Försök ansluta"): ``trying`` while the engine tries, then
    what came of it (``reached``); a sync round follows when it was reached."""

    trying: bool
    reached: bool | None = None


@dataclass(frozen=True)
class SyncProgress:
    """A pull or push under way: ``done`` of ``total`` (None when the total is not known yet)."""

    phase: str  # "pull" | "push" | "download"
    done: int
    total: int | None = None


@dataclass(frozen=True)
class SyncFinished:
    """A sync round ended; ``error`` is a user message (Swedish) when it ended early, ``offline`` says
    that it ended because the platform could not be reached, ``last_synced`` is when the user's data
    last synced completely (``at`` when this round did)."""

    at: dt.datetime
    pulled: int
    pushed: int
    error: str | None = None
    offline: bool = False
    last_synced: dt.datetime | None = None


@dataclass(frozen=True)
class OutboxChanged:
    counts: dict[OutboxState, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CasesChanged:
    """Cases whose cached data changed (pulled, written locally, or answered by the platform)."""

    case_ids: frozenset[str]
    everything: bool = False  # a full resync or a large pull: reload the whole view


@dataclass(frozen=True)
class SignedOut:
    """The platform no longer accepts the session (refresh revoked); the outbox is kept."""

    reason: str


SyncEvent = (
    ConnectionChanged | Reconnecting | SyncProgress | SyncFinished | OutboxChanged | CasesChanged | SignedOut
)
