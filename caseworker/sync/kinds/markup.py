"""Writes on a document's markups (annotations): a new one, a changed one, a removed one.

A new markup shows at once with the placeholder id ``local-<outbox item id>``. A changed or removed
markup shows so only while the cache holds the version the change was based on (like a case change). A
write made on a markup that exists only locally names it by that id; when the platform has created it,
later writes are moved onto the real id and ETag (``OfflineStore.rebase_pending``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel

from caseworker.api.errors import NotFound
from caseworker.domain.models import Annotation, AnnotationInput
from caseworker.store import LocalChange, OfflineStore, OutboxItem
from caseworker.sync.kinds.base import (
    QT_TRANSLATE_NOOP,
    Actor,
    Answer,
    Phrase,
    WriteKind,
    as_dict,
    conditional_keys,
    dump,
    is_local,
    placeholder_id,
    stamped,
)
from caseworker.sync.kinds.env import Draft, SendEnv, WriteEnv


async def _case_of_document(env: WriteEnv, document_id: str) -> str | None:
    doc = await env.store.get_document(document_id)
    return doc.case_id if doc is not None else None


class MarkupWrite(WriteKind):
    payload_model: ClassVar[type[BaseModel] | None] = AnnotationInput

    def user_text(self, payload: Any) -> dict[str, str]:
        text = as_dict(payload).get("text")
        return {"text": str(text)} if text else {}


class AddAnnotation(MarkupWrite):
    name = "add_annotation"
    collection = "documents"
    creates = "annotation"
    suffix = "/annotations"

    async def prepare(self, env: WriteEnv, ref: str, data: Any) -> Draft:
        case_id = await _case_of_document(env, ref)
        return Draft(self.payload_of(data), case_id, ordering_key=case_id or f"document:{ref}")

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        markup = Annotation.model_validate(
            {
                **item.payload,
                "id": placeholder_id(item.id),
                "document_id": self.ref(item),
                "author_id": actor.id,
                "author_name": actor.name or "",
                "version": 0,
                "created_at": item.created_at,
                "updated_at": item.created_at,
                "etag": None,
            }
        )
        return LocalChange(annotations=[markup])

    def placeholder_removal(self, item: OutboxItem) -> LocalChange | None:
        return LocalChange(deleted_annotations=[placeholder_id(item.id)])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        markup, etag = await env.client.create_annotation(
            self.ref(item), AnnotationInput.model_validate(item.payload), idempotency_key=item.idempotency_key
        )
        markup = stamped(markup, etag)
        change = LocalChange(annotations=[markup], deleted_annotations=[placeholder_id(item.id)])
        return Answer(change, etag, dump(markup), created_id=markup.id)

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Ny markering på ritning"))]


class MarkupChange(MarkupWrite):
    """A change to an existing markup, made on the version the user saw (If-Match: the markup's ETag)."""

    collection = "annotations"
    conditional = "annotation"

    async def prepare(self, env: WriteEnv, ref: str, data: Any) -> Draft:
        cached = await env.store.get_annotation(ref)
        if cached is None:
            raise ValueError("the markup is not in the local store: open its document first")
        case_id = await _case_of_document(env, cached.document_id)
        ordering_key = case_id or f"document:{cached.document_id}"
        return Draft(self.payload_of(data), case_id, ordering_key=ordering_key, cached=cached)

    def version_in(
        self, s: OfflineStore, ref: str, cached: BaseModel | None = None
    ) -> tuple[str | None, Any]:
        if is_local(ref):
            return None, None  # made on a markup the platform has not created yet (see rebase_pending)
        now = s.get_annotation(ref) or cached
        if not isinstance(now, Annotation):
            return None, None
        return now.etag, dump(now)

    def still_based(self, s: OfflineStore, item: OutboxItem) -> Annotation | None:
        cached = s.get_annotation(self.ref(item))
        if cached is None:
            return None
        if item.if_match is not None and cached.etag is not None and cached.etag != item.if_match:
            return None
        return cached

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        cached = self.still_based(s, item)
        if cached is None:
            return None  # a newer version is cached: theirs shows
        return self.shown(cached, item)

    def shown(self, cached: Annotation, item: OutboxItem) -> LocalChange | None:
        """What the cache shows of ``item`` on the markup version it is still based on."""
        return None

    def base_restore(self, s: OfflineStore, item: OutboxItem) -> LocalChange | None:
        if not isinstance(item.base, Mapping):
            return None
        markup = Annotation.model_validate(item.base)
        cached = s.get_annotation(markup.id)
        if cached is not None and cached.version != markup.version:
            return None
        return LocalChange(annotations=[markup])

    def theirs_change(
        self, item: OutboxItem, theirs: Mapping[str, Any], etag: str | None
    ) -> LocalChange | None:
        return LocalChange(annotations=[stamped(Annotation.model_validate(theirs), etag)])

    async def current(self, env: SendEnv, item: OutboxItem) -> tuple[dict[str, Any], str | None] | None:
        annotation_id = self.ref(item)
        document_id = item.base.get("document_id") if isinstance(item.base, Mapping) else None
        if document_id is None:
            cached = await env.store.get_annotation(annotation_id)
            document_id = cached.document_id if cached is not None else None
        if document_id is None:
            return None
        try:
            markups = await env.client.annotations(str(document_id))
        except NotFound:
            return None
        for markup in markups:
            if markup.id == annotation_id:
                return dump(markup), markup.etag
        return None


class UpdateAnnotation(MarkupChange):
    name = "update_annotation"
    method = "PUT"

    def shown(self, cached: Annotation, item: OutboxItem) -> LocalChange | None:
        changed = AnnotationInput.model_validate(item.payload).model_dump()
        # validated again so that a payload without a status shows the one its `resolved` means
        shown = Annotation.model_validate({**cached.model_dump(), **changed, "updated_at": item.updated_at})
        return LocalChange(annotations=[shown])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        markup, etag = await env.client.update_annotation(
            self.ref(item),
            AnnotationInput.model_validate(item.payload),
            **conditional_keys(item, if_match),
        )
        markup = stamped(markup, etag)
        return Answer(LocalChange(annotations=[markup]), etag, dump(markup))

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Ändrad markering på ritning"))]


class DeleteAnnotation(MarkupChange):
    name = "delete_annotation"
    method = "DELETE"
    payload_model = None

    def shown(self, cached: Annotation, item: OutboxItem) -> LocalChange | None:
        return LocalChange(deleted_annotations=[self.ref(item)])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        annotation_id = self.ref(item)
        await env.client.delete_annotation(annotation_id, **conditional_keys(item, if_match))
        return Answer(LocalChange(deleted_annotations=[annotation_id]))

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Borttagen markering på ritning"))]

    def user_text(self, payload: Any) -> dict[str, str]:
        return {}
