"""The user's writes as outbox items: what each kind sends, what it changes in the cache meanwhile, and
what the platform's answer changes.

Everything here is a pure function of an :class:`OutboxItem` (its ``kind``, ``path``, ``payload``,
``if_match`` and ``base``) and the cache as it is now, run on the store's thread inside a transaction
(``AsyncStore.run``). The same function makes the optimistic change when the user acts and re-makes it
after a pull has overwritten the cache, so the two can never disagree.

Kinds, paths and payloads (paths are the platform's, ids are opaque path segments)::

    patch_case         PATCH  /api/v1/cases/{case}                 CasePatch (fields set)   If-Match: case
    add_note           POST   /api/v1/cases/{case}/notes           NoteCreate
    send_message       POST   /api/v1/cases/{case}/messages        MessageCreate
    post_decision      POST   /api/v1/cases/{case}/decision        {"decision": ...,        If-Match: case
                                                                     "pdf_sha256": ...}
    add_annotation     POST   /api/v1/documents/{doc}/annotations  AnnotationInput
    update_annotation  PUT    /api/v1/annotations/{annotation}     AnnotationInput          If-Match: markup
    delete_annotation  DELETE /api/v1/annotations/{annotation}     null                     If-Match: markup

Optimistic changes: a note, message or decision shows at once as an event with the placeholder id
``local-<outbox item id>``; a new markup as an annotation with that id. A status change (or decision)
shows on the cached case *only while the cache still holds the version it was based on* (cached ETag ==
the item's If-Match): once another user's newer version arrives, the change will meet a 412 and it is
the platform's version that the user should see, next to the conflict. The same rule holds for changed
or removed markups. A write made on a markup that exists only locally (``local-…``) names it by that
id; when the platform has created it, later writes are moved onto the real id and ETag
(``OfflineStore.rebase_pending``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from caseworker.domain.models import (
    Annotation,
    AnnotationInput,
    Case,
    CasePatch,
    CaseStatus,
    CaseSummary,
    DecisionInput,
    Document,
    Event,
    EventKind,
    MessageCreate,
    NoteCreate,
)
from caseworker.store import LocalChange, OfflineStore, OutboxItem, OutboxState

API = "/api/v1"
LOCAL_PREFIX = "local-"

PATCH_CASE = "patch_case"
ADD_NOTE = "add_note"
SEND_MESSAGE = "send_message"
POST_DECISION = "post_decision"
ADD_ANNOTATION = "add_annotation"
UPDATE_ANNOTATION = "update_annotation"
DELETE_ANNOTATION = "delete_annotation"

CASE_CONDITIONAL = frozenset({PATCH_CASE, POST_DECISION})  # If-Match is the case's ETag
ANNOTATION_CONDITIONAL = frozenset({UPDATE_ANNOTATION, DELETE_ANNOTATION})  # If-Match is the markup's ETag
EVENT_KINDS = {ADD_NOTE: EventKind.NOTE, SEND_MESSAGE: EventKind.MESSAGE, POST_DECISION: EventKind.DECISION}
UNSENT = (OutboxState.PENDING, OutboxState.IN_FLIGHT)


def placeholder_id(item_id: str) -> str:
    """The id of the local stand-in (event or markup) of an outbox item until the platform answers."""
    return LOCAL_PREFIX + item_id


def is_local(entity_id: str | None) -> bool:
    return bool(entity_id) and str(entity_id).startswith(LOCAL_PREFIX)


# --- paths -------------------------------------------------------------------------------------------


def case_path(case_id: str, suffix: str = "") -> str:
    return f"{API}/cases/{case_id}{suffix}"


def document_annotations_path(document_id: str) -> str:
    return f"{API}/documents/{document_id}/annotations"


def annotation_path(annotation_id: str) -> str:
    return f"{API}/annotations/{annotation_id}"


def path_id(path: str, collection: str) -> str:
    """The id after ``/<collection>/`` in an outbox path (ValueError if there is none)."""
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        if part == collection and parts[i + 1]:
            return parts[i + 1]
    raise ValueError(f"no {collection} id in {path!r}")


@dataclass(frozen=True)
class Target:
    """The entity a conditional write's If-Match refers to."""

    kind: str  # "case" | "annotation"
    id: str


def target(item: OutboxItem) -> Target | None:
    if item.kind in CASE_CONDITIONAL:
        return Target("case", path_id(item.path, "cases"))
    if item.kind in ANNOTATION_CONDITIONAL:
        return Target("annotation", path_id(item.path, "annotations"))
    return None


# --- payloads ------------------------------------------------------------------------------------------


def dump(model: BaseModel, *, exclude_unset: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_unset=exclude_unset)
    return data


def normalise_payload(item: OutboxItem, edited: Any) -> Any:
    """An edited version of ``item``'s payload (a model, a dict, or a note's text) as stored JSON.

    Raises ValueError when it is not a valid payload of the item's kind.
    """
    try:
        if item.kind == PATCH_CASE:
            patch = edited if isinstance(edited, CasePatch) else CasePatch.model_validate(edited)
            return dump(patch, exclude_unset=True)
        if item.kind == ADD_NOTE:
            note = (
                edited
                if isinstance(edited, NoteCreate)
                else NoteCreate(text=edited)
                if isinstance(edited, str)
                else NoteCreate.model_validate(edited)
            )
            return dump(note)
        if item.kind == SEND_MESSAGE:
            message = edited if isinstance(edited, MessageCreate) else MessageCreate.model_validate(edited)
            return dump(message)
        if item.kind in (ADD_ANNOTATION, UPDATE_ANNOTATION):
            markup = edited if isinstance(edited, AnnotationInput) else AnnotationInput.model_validate(edited)
            return dump(markup)
        if item.kind == POST_DECISION:
            if isinstance(edited, DecisionInput):
                return {"decision": dump(edited), "pdf_sha256": item.payload["pdf_sha256"]}
            if isinstance(edited, Mapping) and "decision" in edited:
                DecisionInput.model_validate(edited["decision"])
                return {
                    "decision": dict(edited["decision"]),
                    "pdf_sha256": edited.get("pdf_sha256", item.payload["pdf_sha256"]),
                }
            decision = DecisionInput.model_validate(edited)
            return {"decision": dump(decision), "pdf_sha256": item.payload["pdf_sha256"]}
    except ValidationError as exc:
        raise ValueError(f"not a valid {item.kind} payload: {exc.error_count()} problem(s)") from None
    raise ValueError(f"a {item.kind} write cannot be edited")


# --- what the cache shows while a write is unsent -------------------------------------------------------


@dataclass
class Actor:
    """Who acts (for placeholder events and markups)."""

    id: str
    name: str | None = None


def patched_case(case: CaseSummary, patch: Mapping[str, Any], today: dt.date) -> CaseSummary:
    """``case`` as the platform will have it after ``patch`` (status, completion, extension, assignee)."""
    deadline_changes: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    status = patch.get("status")
    if patch.get("completion_requested"):
        status = CaseStatus.INCOMPLETE.value
    if status is not None and status != case.status:
        new = CaseStatus(status)
        if new is CaseStatus.INCOMPLETE and case.deadline.completion_requested_on is None:
            deadline_changes["completion_requested_on"] = today
        if new is CaseStatus.COMPLETE and case.status is CaseStatus.INCOMPLETE:
            deadline_changes["completed_on"] = today
        changes["status"] = new
    extension = patch.get("deadline_extension")
    if extension:
        deadline_changes["extension_weeks"] = int(extension["weeks"])
        deadline_changes["extension_reason"] = str(extension["reason"])
    if "assignee_id" in patch and patch["assignee_id"] != case.assignee_id:
        changes["assignee_id"] = patch["assignee_id"]
        changes["assignee_name"] = None  # the platform's answer names them
    if deadline_changes:
        changes["deadline"] = case.deadline.model_copy(update=deadline_changes)
    return case.model_copy(update=changes) if changes else case


def decided_case(case: CaseSummary, decision: Mapping[str, Any]) -> CaseSummary:
    decided_on = dt.date.fromisoformat(str(decision["decided_on"]))
    return case.model_copy(
        update={
            "status": CaseStatus.DECIDED,
            "deadline": case.deadline.model_copy(update={"decided_on": decided_on}),
        }
    )


def _case_still_based(store: OfflineStore, case_id: str, item: OutboxItem) -> CaseSummary | None:
    """The cached case if ``item``'s change still applies to it (same version as its base), else None."""
    cached = store.get_case_summary(case_id)
    if cached is None:
        return None
    etag = store.case_etag(case_id)
    if item.if_match is not None and etag is not None and etag != item.if_match:
        return None
    return cached


def _annotation_still_based(store: OfflineStore, annotation_id: str, item: OutboxItem) -> Annotation | None:
    cached = store.get_annotation(annotation_id)
    if cached is None:
        return None
    if item.if_match is not None and cached.etag is not None and cached.etag != item.if_match:
        return None
    return cached


def _placeholder_event(item: OutboxItem, case_id: str, actor: Actor) -> Event:
    kind = EVENT_KINDS[item.kind]
    payload = item.payload or {}
    text, data = "", {}
    if item.kind == ADD_NOTE:
        text = str(payload.get("text", ""))
    elif item.kind == SEND_MESSAGE:
        text = str(payload.get("body", ""))
        data = {"subject": payload.get("subject", ""), "attachments": []}
    elif item.kind == POST_DECISION:
        decision = payload.get("decision", {})
        text = str(decision.get("reasons", ""))
        data = {k: decision.get(k) for k in ("outcome", "legal_ground", "decided_on", "fee_sek", "signed_by")}
    data["pending"] = True  # not on the platform yet
    return Event(
        id=placeholder_id(item.id),
        case_id=case_id,
        kind=kind,
        at=item.created_at,
        actor_id=actor.id,
        actor_name=actor.name,
        text=text,
        data=data,
    )


def optimistic(store: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date) -> LocalChange | None:
    """What the cache shows of ``item`` while it is unsent (None: nothing, or no longer applicable)."""
    kind = item.kind
    payload = item.payload
    if kind in (ADD_NOTE, SEND_MESSAGE):
        return LocalChange(events=[_placeholder_event(item, path_id(item.path, "cases"), actor)])
    if kind == PATCH_CASE:
        case_id = path_id(item.path, "cases")
        cached = _case_still_based(store, case_id, item)
        if cached is None:
            return None
        return LocalChange(cases=[patched_case(cached, payload or {}, today)])
    if kind == POST_DECISION:
        case_id = path_id(item.path, "cases")
        event = _placeholder_event(item, case_id, actor)
        cached = _case_still_based(store, case_id, item)
        cases = [] if cached is None else [decided_case(cached, payload["decision"])]
        return LocalChange(cases=cases, events=[event])
    if kind == ADD_ANNOTATION:
        document_id = path_id(item.path, "documents")
        markup = Annotation.model_validate(
            {
                **payload,
                "id": placeholder_id(item.id),
                "document_id": document_id,
                "author_id": actor.id,
                "author_name": actor.name or "",
                "version": 0,
                "created_at": item.created_at,
                "updated_at": item.created_at,
                "etag": None,
            }
        )
        return LocalChange(annotations=[markup])
    if kind == UPDATE_ANNOTATION:
        annotation_id = path_id(item.path, "annotations")
        cached_markup = _annotation_still_based(store, annotation_id, item)
        if cached_markup is None:
            return None
        changed = cached_markup.model_copy(
            update={**AnnotationInput.model_validate(payload).model_dump(), "updated_at": item.updated_at}
        )
        return LocalChange(annotations=[changed])
    if kind == DELETE_ANNOTATION:
        annotation_id = path_id(item.path, "annotations")
        if _annotation_still_based(store, annotation_id, item) is None:
            return None
        return LocalChange(deleted_annotations=[annotation_id])
    return None


def placeholder_removal(item: OutboxItem) -> LocalChange | None:
    """Removes the local stand-ins of ``item`` (its placeholder event or markup)."""
    if item.kind in EVENT_KINDS:
        return LocalChange(deleted_events=[placeholder_id(item.id)])
    if item.kind == ADD_ANNOTATION:
        return LocalChange(deleted_annotations=[placeholder_id(item.id)])
    return None


def base_restore(store: OfflineStore, item: OutboxItem) -> LocalChange | None:
    """Undo ``item``'s optimistic change to a case or markup by putting back its base, when the cache
    still holds that version (otherwise a newer version from the platform has replaced it already)."""
    base = item.base
    if not isinstance(base, Mapping):
        return None
    if item.kind in CASE_CONDITIONAL:
        cached = store.get_case_summary(path_id(item.path, "cases"))
        if cached is None or cached.version != base.get("version"):
            return None
        restored: CaseSummary = (
            Case.model_validate(base) if "parties" in base else CaseSummary.model_validate(base)
        )
        return LocalChange(cases=[restored])
    if item.kind in ANNOTATION_CONDITIONAL:
        markup = Annotation.model_validate(base)
        cached_markup = store.get_annotation(markup.id)
        if cached_markup is not None and cached_markup.version != markup.version:
            return None
        return LocalChange(annotations=[markup])
    return None


def revert(store: OfflineStore, item: OutboxItem) -> LocalChange | None:
    """Everything that undoes ``item``'s optimistic change (placeholders and its case/markup change)."""
    parts = [c for c in (placeholder_removal(item), base_restore(store, item)) if c is not None]
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


# --- what the platform's version changes -----------------------------------------------------------------


def theirs_change(item: OutboxItem, theirs: Mapping[str, Any] | None, etag: str | None) -> LocalChange | None:
    """The platform's current version from a 412 (or a fetch), as a cache change."""
    if not theirs:
        return None
    try:
        if item.kind in CASE_CONDITIONAL:
            case = Case.model_validate(theirs)
            if etag is not None:
                case = case.model_copy(update={"etag": etag})
            return LocalChange(cases=[case], etags={case.id: etag} if etag else {})
        if item.kind in ANNOTATION_CONDITIONAL:
            markup = Annotation.model_validate(theirs)
            if etag is not None:
                markup = markup.model_copy(update={"etag": etag})
            return LocalChange(annotations=[markup])
    except ValidationError:
        return None
    return None


@dataclass
class Touched:
    """What a page of the delta feed (or an answer) changed in the cache."""

    cases: set[str] = field(default_factory=set)
    annotations: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)

    def affects(self, item: OutboxItem) -> bool:
        if item.case_id is not None and item.case_id in self.cases:
            return True
        t = target(item)
        if t is not None and t.kind == "annotation" and t.id in self.annotations:
            return True
        return item.kind == ADD_ANNOTATION and path_id(item.path, "documents") in self.documents


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
    for item in store.list_outbox(UNSENT, limit=1_000_000):
        if item.id == skip or (touched is not None and not touched.affects(item)):
            continue
        local = optimistic(store, item, actor, today)
        if local is not None:
            store.apply(local)
            if item.case_id is not None:
                changed.add(item.case_id)
    return changed
