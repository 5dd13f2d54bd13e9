"""The review of a markup by anyone in its municipality: its status and its reply thread.

Both are made on a markup by its id (a placeholder id while the markup is only local: the pusher moves
them onto the platform's id once it has created it). A status change is conditional like any change to a
markup (If-Match: its ETag; two reviewers changing one markup get a conflict). A reply is not: it never
makes anyone's change stale, so it names its markup only to be moved onto a created one, and is sent
without If-Match.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from pydantic import BaseModel

from caseworker.domain.models import (
    Annotation,
    AnnotationReply,
    AnnotationReplyInput,
    AnnotationStatus,
    AnnotationStatusInput,
)
from caseworker.store import LocalChange, OfflineStore, OutboxItem
from caseworker.sync.kinds.base import (
    QT_TRANSLATE_NOOP,
    Actor,
    Answer,
    Phrase,
    as_dict,
    conditional_keys,
    dump,
    placeholder_id,
    stamped,
)
from caseworker.sync.kinds.env import SendEnv
from caseworker.sync.kinds.markup import MarkupChange

_REOPENED = QT_TRANSLATE_NOOP("OutboxDescribe", "Markering öppnad igen")
_ACCEPTED = QT_TRANSLATE_NOOP("OutboxDescribe", "Markering godtagen")
_REJECTED = QT_TRANSLATE_NOOP("OutboxDescribe", "Markering avvisad")
_COMPLETED = QT_TRANSLATE_NOOP("OutboxDescribe", "Markering åtgärdad")
_STATUS_TEXTS = {
    AnnotationStatus.OPEN: _REOPENED,
    AnnotationStatus.ACCEPTED: _ACCEPTED,
    AnnotationStatus.REJECTED: _REJECTED,
    AnnotationStatus.COMPLETED: _COMPLETED,
}


class SetAnnotationStatus(MarkupChange):
    """A markup's review status: open, accepted, rejected or completed."""

    name = "set_annotation_status"
    method = "PUT"
    payload_model: ClassVar[type[BaseModel] | None] = AnnotationStatusInput
    suffix = "/status"

    def shown(self, cached: Annotation, item: OutboxItem) -> LocalChange | None:
        status = AnnotationStatusInput.model_validate(item.payload).status
        changed = {
            "status": status,
            "resolved": status != AnnotationStatus.OPEN,
            "updated_at": item.updated_at,
        }
        return LocalChange(annotations=[cached.model_copy(update=changed)])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        status = AnnotationStatusInput.model_validate(item.payload).status
        markup, etag = await env.client.set_annotation_status(
            self.ref(item), status, **conditional_keys(item, if_match)
        )
        markup = stamped(markup, etag)
        return Answer(LocalChange(annotations=[markup]), etag, dump(markup))

    def describe(self, payload: Any) -> list[Phrase]:
        status = str(as_dict(payload).get("status"))
        known = AnnotationStatus(status) if status in set(AnnotationStatus) else AnnotationStatus.OPEN
        return [Phrase(_STATUS_TEXTS[known])]

    def user_text(self, payload: Any) -> dict[str, str]:
        return {}


class ReplyToAnnotation(MarkupChange):
    """An answer in a markup's thread; shown at once as a reply with a placeholder id."""

    name = "reply_to_annotation"
    method = "POST"
    payload_model: ClassVar[type[BaseModel] | None] = AnnotationReplyInput
    suffix = "/replies"

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        cached = s.get_annotation(self.ref(item))  # whatever version: a reply is not based on one
        reply_id = placeholder_id(item.id)
        if cached is None or any(r.id == reply_id for r in cached.replies):
            return None
        reply = AnnotationReply(
            id=reply_id,
            author_id=actor.id,
            author_name=actor.name or "",
            text=AnnotationReplyInput.model_validate(item.payload).text,
            created_at=item.created_at,
        )
        return LocalChange(annotations=[cached.model_copy(update={"replies": [*cached.replies, reply]})])

    def placeholder_removal(self, item: OutboxItem) -> LocalChange | None:
        return None  # the markup's next version from the platform replaces the thread

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        text = AnnotationReplyInput.model_validate(item.payload).text
        markup, etag = await env.client.reply_to_annotation(
            self.ref(item), text, idempotency_key=item.idempotency_key
        )
        markup = stamped(markup, etag)
        return Answer(LocalChange(annotations=[markup]), etag, dump(markup))

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Svar på markering"))]

    def user_text(self, payload: Any) -> dict[str, str]:
        text = as_dict(payload).get("text")
        return {"text": str(text)} if text else {}
