"""What a write kind is: one class that knows everything about one sort of user write.

A kind says where the write goes (method and path), what its If-Match names (the case, a markup, or
nothing), what the payload is, what the cache shows while the write is unsent (the optimistic change)
and how that is undone, what the platform's answer changes, and how people see it (a Qt-free
description: Swedish source texts with placeholders, which the UI translates). The sync engine and the
UI both ask the registry (``caseworker.sync.kinds``) for the kind of an outbox item; nothing else
dispatches on ``item.kind``.

Everything that touches the cache runs on the store's thread inside the caller's transaction
(``AsyncStore.run``); ``prepare`` and ``send`` are the only coroutines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ValidationError

from caseworker.domain.models import Event, EventKind
from caseworker.store import LocalChange, NewWrite, OfflineStore, OutboxItem
from caseworker.sync.kinds.env import Draft, SendEnv, WriteEnv

API = "/api/v1"
LOCAL_PREFIX = "local-"
TEXT_CONTEXT = "OutboxDescribe"  # the translation context of the texts (spelled out in each, for lupdate)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for the UI's translation catalogue (lupdate reads this package); returns it."""
    return text


def placeholder_id(item_id: str) -> str:
    """The id of the local stand-in (event or markup) of an outbox item until the platform answers."""
    return LOCAL_PREFIX + item_id


def is_local(entity_id: str | None) -> bool:
    return bool(entity_id) and str(entity_id).startswith(LOCAL_PREFIX)


def path_id(path: str, collection: str) -> str:
    """The id after ``/<collection>/`` in an outbox path (ValueError if there is none)."""
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        if part == collection and parts[i + 1]:
            return parts[i + 1]
    raise ValueError(f"no {collection} id in {path!r}")


def dump(model: BaseModel, *, exclude_unset: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_unset=exclude_unset)
    return data


M = TypeVar("M", bound=BaseModel)


def stamped(entity: M, etag: str | None) -> M:
    """``entity`` with the ETag the platform sent beside it (in its header), when it sent one."""
    return entity if etag is None else entity.model_copy(update={"etag": etag})


def as_dict(payload: Any) -> dict[str, Any]:
    return dict(payload) if isinstance(payload, Mapping) else {}


@dataclass(frozen=True)
class Target:
    """The entity a conditional write's If-Match refers to."""

    kind: str  # "case" | "annotation"
    id: str


@dataclass
class Actor:
    """Who acts (for placeholder events and markups)."""

    id: str
    name: str | None = None


@dataclass(frozen=True)
class Answer:
    """What the platform answered to a write, as a cache change, and the entity's new ETag."""

    change: LocalChange
    etag: str | None = None
    entity: dict[str, Any] | None = None  # the target's new representation (the next write's base)
    created_id: str | None = None  # the platform's id of an entity the write created


class CannotSend(Exception):
    """The item cannot be sent as it is; it is rejected with this (Swedish) reason."""


@dataclass(frozen=True)
class Phrase:
    """Text for people: Swedish source text with ``{placeholders}``, translated by the UI in the
    context ``TEXT_CONTEXT`` and then filled in with ``args`` (a ``CaseStatus`` arg is shown by its
    label)."""

    text: str
    args: Mapping[str, Any] = field(default_factory=dict)


def required(if_match: str | None) -> str:
    if if_match is None:  # the pusher resolves a missing base before sending; never send "*"
        raise CannotSend("Ändringen saknar den version den bygger på och kan inte skickas.")
    return if_match


def conditional_keys(item: OutboxItem, if_match: str | None) -> dict[str, str]:
    """The keywords of a conditional write's request: its If-Match base and its Idempotency-Key."""
    return {"if_match": required(if_match), "idempotency_key": item.idempotency_key}


class WriteKind:
    """One sort of write. Subclasses set the class attributes and override what applies to them."""

    name: ClassVar[str]  # the outbox item's ``kind``
    method: ClassVar[str] = "POST"
    collection: ClassVar[str] = "cases"  # the path segment before the id the write is about (its ref)
    conditional: ClassVar[str | None] = None  # what If-Match names: "case", "annotation" or nothing
    creates: ClassVar[str | None] = None  # what a 2xx creates ("annotation"): later writes move to its id
    event_kind: ClassVar[EventKind | None] = None  # shown at once as a placeholder event of this kind
    in_history: ClassVar[bool] = False  # the platform records it in the case's history (an event)
    payload_model: ClassVar[type[BaseModel] | None] = None
    suffix: ClassVar[str] = ""  # after the ref's path: "/notes", "/status"

    # --- where it goes ------------------------------------------------------------------------
    def path(self, ref: str) -> str:
        return f"{API}/{self.collection}/{ref}{self.suffix}"

    def ref(self, item: OutboxItem) -> str:
        """The id of what the write is about (in its path)."""
        return path_id(item.path, self.collection)

    def target(self, item: OutboxItem) -> Target | None:
        return Target(self.conditional, self.ref(item)) if self.conditional else None

    # --- making it ----------------------------------------------------------------------------
    async def prepare(self, env: WriteEnv, ref: str, data: Any) -> Draft:
        """Before the transaction: the payload and what the write belongs to (may look things up)."""
        return Draft(payload=self.payload_of(data), case_id=ref, ordering_key=None)

    def payload_of(self, data: Any) -> Any:
        return dump(data) if isinstance(data, BaseModel) else data

    def version_in(
        self, s: OfflineStore, ref: str, cached: BaseModel | None = None
    ) -> tuple[str | None, Any]:
        """(If-Match, base) for a write to ``ref`` made on what the cache holds now."""
        return None, None

    def new_write(self, s: OfflineStore, ref: str, draft: Draft) -> NewWrite:
        if_match, base = self.version_in(s, ref, draft.cached)
        return NewWrite(
            kind=self.name,
            method=self.method,
            path=self.path(ref),
            payload=draft.payload,
            if_match=if_match,
            case_id=draft.case_id,
            ordering_key=draft.ordering_key,
            base=base,
        )

    def normalise(self, item: OutboxItem, edited: Any) -> Any:
        """An edited version of ``item``'s payload (a model, a dict, or a note's text) as stored JSON.

        Raises ValueError when it is not a valid payload of this kind.
        """
        if self.payload_model is None:
            raise ValueError(f"a {self.name} write cannot be edited")
        try:
            model = (
                edited
                if isinstance(edited, self.payload_model)
                else self.payload_model.model_validate(edited)
            )
        except ValidationError as exc:
            raise ValueError(f"not a valid {self.name} payload: {exc.error_count()} problem(s)") from None
        return dump(model)

    def with_acted_at(self, payload: Any, acted_at: str) -> Any:
        """``payload`` as sent, saying when the user acted (``acted_at``, ISO 8601 with an offset).

        Bodies whose model has an ``acted_at`` field carry it at the top; a kind whose body has no such
        field (a markup, a removal) sends its payload as it is."""
        model = self.payload_model
        if model is not None and "acted_at" in model.model_fields and isinstance(payload, Mapping):
            return {**payload, "acted_at": acted_at}
        return payload

    # --- what the cache shows while it is unsent ----------------------------------------------
    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        """What the cache shows of ``item`` while it is unsent (None: nothing, or no longer applicable)."""
        return None

    def placeholder_removal(self, item: OutboxItem) -> LocalChange | None:
        """Removes the local stand-ins of ``item`` (its placeholder event or markup)."""
        if self.event_kind is not None:
            return LocalChange(deleted_events=[placeholder_id(item.id)])
        return None

    def base_restore(self, s: OfflineStore, item: OutboxItem) -> LocalChange | None:
        """Undo ``item``'s change to its target by putting back its base, when the cache still holds that
        version (otherwise a newer version from the platform has replaced it already)."""
        return None

    def theirs_change(
        self, item: OutboxItem, theirs: Mapping[str, Any], etag: str | None
    ) -> LocalChange | None:
        """The platform's current version of the target (from a 412 or a fetch), as a cache change."""
        return None

    def placeholder_event(self, item: OutboxItem, case_id: str, actor: Actor) -> Event:
        assert self.event_kind is not None
        text, data = self.event_text(as_dict(item.payload))
        data["pending"] = True  # not on the platform yet
        return Event(
            id=placeholder_id(item.id),
            case_id=case_id,
            kind=self.event_kind,
            at=item.acted,
            acted_at=item.acted,
            actor_id=actor.id,
            actor_name=actor.name,
            text=text,
            data=data,
        )

    def event_text(self, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The text and data of the placeholder event."""
        return "", {}

    # --- sending it ---------------------------------------------------------------------------
    async def current(self, env: SendEnv, item: OutboxItem) -> tuple[dict[str, Any], str | None] | None:
        """The platform's current version of the target and its ETag (None: it does not exist)."""
        return None

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        """The request of ``item``, with its Idempotency-Key and the If-Match base."""
        raise CannotSend(f"Okänd sorts ändring ({item.kind}); den kan inte skickas.")

    # --- how people see it --------------------------------------------------------------------
    def describe(self, payload: Any) -> list[Phrase]:
        """The write as a noun phrase, in parts the UI joins with commas ("Anteckning")."""
        return [Phrase("{kind}", {"kind": self.name.replace("_", " ").capitalize()})]

    def user_text(self, payload: Any) -> dict[str, str]:
        """The text the user wrote, by field ("text", "subject", "body", "reason"); empty if none."""
        return {}

    def with_user_text(self, payload: Any, fields: Mapping[str, str]) -> Any:
        """``payload`` with the user's (edited) text put back in."""
        return {**as_dict(payload), **fields}

    def changes_status(self, payload: Any) -> bool:
        """Whether the write sets the case's status (the conflict view lets the user edit it)."""
        return False

    def extends_deadline(self, payload: Any) -> bool:
        return False


class UnknownKind(WriteKind):
    """An outbox item of a kind this version does not know (a newer version wrote it): kept, never sent."""

    def __init__(self, name: str) -> None:
        self.name = name  # type: ignore[misc]

    def target(self, item: OutboxItem) -> Target | None:
        return None
