"""Outbox types: the user's writes waiting for (or being sent to) the platform.

Life of an item (the store enforces these transitions, anything else raises ``InvalidTransition``)::

    enqueue ─► pending ──mark_in_flight──► in_flight ──mark_done──────► done
                 ▲  ▲                          │ ├─────mark_conflict──► conflict ──resolve_conflict──┐
                 │  └────────mark_retry────────┘ └─────mark_rejected──► rejected ──retry────────┐   │
                 └──────────────────────────────────────────────────────────────────────────────┴───┘
    discard: conflict / rejected / pending-never-sent ─► removed

* ``in_flight`` items found when the store opens (the app died while sending) go back to ``pending`` with
  the same Idempotency-Key: resending them is safe, the platform replays its first answer.
* ``resolve_conflict`` and ``retry`` give the item a new Idempotency-Key: it is a new request (new
  payload or base ETag), and the platform must not replay the old refusal.
* ``release`` puts an item claimed ahead of time (in flight, never sent) back to pending, uncounted.
* ``rebase_pending`` moves a pending item onto a newer ETag (or path) of the same entity, keeping its key:
  the sync engine does this when an earlier write of the same user to that entity was acknowledged
  (the later write was made on top of it) or created the entity it refers to.
* Items with the same ``ordering_key`` (by default the case id) go out strictly in order: an item waits
  while an earlier one with the same key is pending, in flight, in conflict or rejected. Items for other
  cases are not held up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class OutboxState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    CONFLICT = "conflict"
    REJECTED = "rejected"


UNSENT_STATES = (OutboxState.PENDING, OutboxState.IN_FLIGHT)  # on their way: not sent, or no answer yet
PROBLEM_STATES = (OutboxState.CONFLICT, OutboxState.REJECTED)  # waiting for the user
BLOCKING_STATES = (*UNSENT_STATES, *PROBLEM_STATES)  # hold back later writes with the same ordering key


def unsent_count(counts: Mapping[OutboxState, int]) -> int:
    """How many writes of ``counts`` (an ``outbox_counts()``) are still on their way."""
    return sum(counts.get(state, 0) for state in UNSENT_STATES)


@dataclass(frozen=True)
class NewWrite:
    """A write the user made, as it will be sent: ``method path`` with a JSON ``payload``.

    ``kind`` is for people and the UI ("patch_case", "add_note", "add_annotation", ...). Large binary
    content (a decision PDF) goes into the blob store; the payload names its sha256.
    """

    kind: str
    method: str
    path: str
    payload: Any = None
    if_match: str | None = None
    case_id: str | None = None
    ordering_key: str | None = None  # defaults to case_id
    base: Any = None  # the cached entity the change was based on (JSON; kept sealed for a conflict's "base")
    acted_at: dt.datetime | None = None  # when the user acted (aware); the store's clock if not given

    def __post_init__(self) -> None:
        if self.method.upper() not in {"POST", "PUT", "PATCH", "DELETE"}:
            raise ValueError(f"not a write method: {self.method}")
        if not self.path.startswith("/"):
            raise ValueError(f"path must start with '/': {self.path}")


@dataclass(frozen=True)
class Conflict:
    """A 412: what the change was based on, what the platform has now, and what the user wanted."""

    base: Any
    theirs: Any
    ours: Any
    their_etag: str | None = None


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    kind: str
    method: str
    path: str
    case_id: str | None
    ordering_key: str | None
    payload: Any
    idempotency_key: str
    if_match: str | None
    state: OutboxState
    attempts: int
    last_error: str | None
    conflict: Conflict | None
    base: Any = None  # what the change was based on (see NewWrite.base); theirs after a resolved conflict
    platform_reason: str | None = None  # a refusal in the platform's own words (part of last_error too)
    acted_at: dt.datetime | None = None  # when the user acted (NULL in items from before outbox schema 5)

    @property
    def acted(self) -> dt.datetime:
        """When the user acted: ``acted_at``, else (an older item) when it was queued, the same moment."""
        return self.acted_at or self.created_at
