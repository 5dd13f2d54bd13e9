"""The user's writes as outbox items: what the cache shows while they are unsent, and how that is undone.

Each function asks the item's kind (``caseworker.sync.kinds``) and runs on the store's thread inside a
transaction (``AsyncStore.run``). The same function makes the optimistic change when the user acts and
re-makes it after a pull has overwritten the cache, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from caseworker.domain.models import Annotation, Case, CaseSummary, Document, Event
from caseworker.store import LocalChange, OfflineStore, OutboxItem
from caseworker.store.outbox import UNSENT_STATES
from caseworker.sync.kinds import Actor, kind_of


def optimistic(store: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date) -> LocalChange | None:
    """What the cache shows of ``item`` while it is unsent (None: nothing, or no longer applicable)."""
    return kind_of(item).optimistic(store, item, actor, today)


def revert(store: OfflineStore, item: OutboxItem) -> LocalChange | None:
    """Everything that undoes ``item``'s optimistic change (placeholders and its case/markup change)."""
    kind = kind_of(item)
    return merged(kind.placeholder_removal(item), kind.base_restore(store, item))


def theirs_change(item: OutboxItem, theirs: Mapping[str, Any] | None, etag: str | None) -> LocalChange | None:
    """The platform's current version from a 412 (or a fetch), as a cache change."""
    if not theirs:
        return None
    try:
        return kind_of(item).theirs_change(item, theirs, etag)
    except ValidationError:
        return None


def merged(*changes: LocalChange | None) -> LocalChange | None:
    """The changes that are there as one (None if none is)."""
    parts = [c for c in changes if c is not None]
    return merge(parts) if parts else None


def merge(changes: Iterable[LocalChange]) -> LocalChange:
    cases: list[Case | CaseSummary] = []
    documents: list[Document] = []
    annotations: list[Annotation] = []
    events: list[Event] = []
    deleted_annotations: list[str] = []
    deleted_events: list[str] = []
    etags: dict[str, str] = {}
    for c in changes:
        cases += c.cases
        documents += c.documents
        annotations += c.annotations
        events += c.events
        deleted_annotations += c.deleted_annotations
        deleted_events += c.deleted_events
        etags.update(c.etags)
    return LocalChange(
        cases=cases,
        documents=documents,
        annotations=annotations,
        events=events,
        deleted_annotations=deleted_annotations,
        deleted_events=deleted_events,
        etags=etags,
    )


@dataclass
class Touched:
    """What a page of the delta feed (or an answer) changed in the cache."""

    cases: set[str] = field(default_factory=set)
    annotations: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)

    def affects(self, item: OutboxItem) -> bool:
        mine = touched_by(item)
        return bool(
            self.cases & mine.cases or self.annotations & mine.annotations or self.documents & mine.documents
        )


def touched_by(item: OutboxItem) -> Touched:
    """What ``item`` changes in the cache: its case, its target markup, the document it adds a markup to."""
    kind = kind_of(item)
    touched = Touched(cases={item.case_id} if item.case_id else set())
    t = kind.target(item)
    if t is not None and t.kind == "annotation":
        touched.annotations.add(t.id)
    if kind.collection == "documents":
        touched.documents.add(kind.ref(item))
    return touched


def reapply(
    store: OfflineStore,
    actor: Actor,
    today: dt.date,
    touched: Touched | None = None,
    *,
    skip: str | None = None,
) -> set[str]:
    """Re-make the optimistic changes of unsent items (all, or those ``touched`` affects), oldest first.

    Returns the case ids whose cache changed. Runs inside the caller's transaction.
    """
    changed: set[str] = set()
    for item in store.list_outbox(UNSENT_STATES, limit=1_000_000):
        if item.id == skip or (touched is not None and not touched.affects(item)):
            continue
        local = optimistic(store, item, actor, today)
        if local is not None:
            store.apply(local)
            if item.case_id is not None:
                changed.add(item.case_id)
    return changed
