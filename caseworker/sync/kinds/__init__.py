"""The registry of write kinds: every sort of user write is one class (``base.WriteKind``), registered here.

The sync engine sends, shows and undoes a write through its kind; the UI describes it through its kind
(``describe``, ``user_text``). Kinds, paths and payloads (paths are the platform's)::

    patch_case         PATCH  /api/v1/cases/{case}                 CasePatch (fields set)   If-Match: case
    add_note           POST   /api/v1/cases/{case}/notes           NoteCreate
    send_message       POST   /api/v1/cases/{case}/messages        MessageCreate
    post_decision      POST   /api/v1/cases/{case}/decision        {"decision": ...,        If-Match: case
                                                                     "pdf_sha256": ...}
    add_annotation     POST   /api/v1/documents/{doc}/annotations  AnnotationInput
    update_annotation  PUT    /api/v1/annotations/{annotation}     AnnotationInput          If-Match: markup
    delete_annotation  DELETE /api/v1/annotations/{annotation}     null                     If-Match: markup
    record_notices     PATCH  /api/v1/cases/{case}                 CasePatch (notices only) If-Match: case
    reassign_case      POST   /api/v1/reassignments               one item per case        item if_match: case
    set_annotation_status  PUT   /api/v1/annotations/{a}/status   AnnotationStatusInput  If-Match: markup
    reply_to_annotation    POST  /api/v1/annotations/{a}/replies  AnnotationReplyInput

A new kind: a subclass of ``WriteKind`` (or of ``CaseEntry`` / ``CaseChange`` / ``MarkupChange``) in a
module of this package, and one ``register(...)`` line below (see docs/architecture.md).
"""

from __future__ import annotations

from caseworker.store import OutboxItem
from caseworker.sync.kinds.base import (
    LOCAL_PREFIX,
    TEXT_CONTEXT,
    Actor,
    Answer,
    CannotSend,
    Phrase,
    Target,
    UnknownKind,
    WriteKind,
    is_local,
    placeholder_id,
)
from caseworker.sync.kinds.case import AddNote, CaseChange, CaseEntry, PatchCase, PostDecision, SendMessage
from caseworker.sync.kinds.env import SendEnv
from caseworker.sync.kinds.markup import AddAnnotation, DeleteAnnotation, MarkupChange, UpdateAnnotation
from caseworker.sync.kinds.notices import RecordNotices
from caseworker.sync.kinds.reassign import ReassignCase, Reassignment
from caseworker.sync.kinds.review import ReplyToAnnotation, SetAnnotationStatus

KINDS: dict[str, WriteKind] = {}


def register(kind: WriteKind) -> WriteKind:
    if kind.name in KINDS:
        raise ValueError(f"write kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


PATCH_CASE = register(PatchCase())
ADD_NOTE = register(AddNote())
SEND_MESSAGE = register(SendMessage())
POST_DECISION = register(PostDecision())
ADD_ANNOTATION = register(AddAnnotation())
UPDATE_ANNOTATION = register(UpdateAnnotation())
DELETE_ANNOTATION = register(DeleteAnnotation())
RECORD_NOTICES = register(RecordNotices())
REASSIGN_CASE = register(ReassignCase())
SET_ANNOTATION_STATUS = register(SetAnnotationStatus())
REPLY_TO_ANNOTATION = register(ReplyToAnnotation())


def kind_of(item: OutboxItem | str) -> WriteKind:
    """The kind of an outbox item (or of a kind name); an unknown name gets a kind that is never sent."""
    name = item if isinstance(item, str) else item.kind
    return KINDS.get(name) or UnknownKind(name)


__all__ = [
    "ADD_ANNOTATION",
    "ADD_NOTE",
    "DELETE_ANNOTATION",
    "KINDS",
    "LOCAL_PREFIX",
    "PATCH_CASE",
    "POST_DECISION",
    "REASSIGN_CASE",
    "RECORD_NOTICES",
    "REPLY_TO_ANNOTATION",
    "SEND_MESSAGE",
    "SET_ANNOTATION_STATUS",
    "TEXT_CONTEXT",
    "UPDATE_ANNOTATION",
    "Actor",
    "Answer",
    "CannotSend",
    "CaseChange",
    "CaseEntry",
    "MarkupChange",
    "Phrase",
    "Reassignment",
    "SendEnv",
    "Target",
    "WriteKind",
    "is_local",
    "kind_of",
    "placeholder_id",
]
