"""Writes on a case: a change of its fields (status, extension, assignee), a note, a message to the
applicant, a decision with its letter.

A note, message or decision shows at once as an event with the placeholder id ``local-<outbox item
id>``. A status change (or decision) shows on the cached case *only while the cache still holds the
version it was based on* (cached ETag == the item's If-Match): once another user's newer version arrives,
the change will meet a 412 and it is the platform's version the user should see, next to the conflict.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from caseworker.api.client import PlatformClient
from caseworker.api.errors import NotFound, PlatformError
from caseworker.domain.models import (
    Case,
    CasePatch,
    CaseStatus,
    CaseSummary,
    DecisionInput,
    Event,
    EventKind,
    MessageCreate,
    NoteCreate,
)
from caseworker.store import BlobError, LocalChange, OfflineStore, OutboxItem
from caseworker.sync.kinds.base import (
    QT_TRANSLATE_NOOP,
    Actor,
    Answer,
    CannotSend,
    Phrase,
    WriteKind,
    as_dict,
    conditional_keys,
    dump,
    placeholder_id,
    stamped,
)
from caseworker.sync.kinds.env import Draft, SendEnv, WriteEnv

log = logging.getLogger(__name__)


class CaseEntry(WriteKind):
    """A new entry in a case's history (a note, a message): no If-Match, since it changes no version."""

    in_history = True

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        return LocalChange(events=[self.placeholder_event(item, self.ref(item), actor)])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        event = await self.post(env.client, self.ref(item), item.payload, item.idempotency_key)
        return Answer(LocalChange(events=[event], deleted_events=[placeholder_id(item.id)]))

    async def post(self, client: PlatformClient, case_id: str, payload: Any, key: str) -> Event:
        """The platform's call that adds the entry; returns the event it made."""
        raise NotImplementedError


class AddNote(CaseEntry):
    name, suffix, event_kind, payload_model = "add_note", "/notes", EventKind.NOTE, NoteCreate

    def payload_of(self, data: Any) -> Any:
        return dump(NoteCreate(text=data) if isinstance(data, str) else data)

    def normalise(self, item: OutboxItem, edited: Any) -> Any:
        return super().normalise(item, NoteCreate(text=edited) if isinstance(edited, str) else edited)

    def event_text(self, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return str(payload.get("text", "")), {}

    async def post(self, client: PlatformClient, case_id: str, payload: Any, key: str) -> Event:
        return await client.add_note(case_id, NoteCreate.model_validate(payload), idempotency_key=key)

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Anteckning"))]

    def user_text(self, payload: Any) -> dict[str, str]:
        return {"text": str(as_dict(payload).get("text", ""))}


class SendMessage(CaseEntry):
    name, suffix, event_kind, payload_model = "send_message", "/messages", EventKind.MESSAGE, MessageCreate

    def event_text(self, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return str(payload.get("body", "")), {"subject": payload.get("subject", ""), "attachments": []}

    async def post(self, client: PlatformClient, case_id: str, payload: Any, key: str) -> Event:
        return await client.send_message(case_id, MessageCreate.model_validate(payload), idempotency_key=key)

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Meddelande till sökande"))]

    def user_text(self, payload: Any) -> dict[str, str]:
        p = as_dict(payload)
        return {"subject": str(p.get("subject", "")), "body": str(p.get("body", ""))}


class CaseChange(WriteKind):
    """A change to the case itself, made on the version the user saw (If-Match: the case's ETag)."""

    conditional = "case"
    in_history = True

    async def events_after(self, env: SendEnv, case_id: str) -> list[Event]:
        """The case's history once the platform has made the change, so that the acknowledgement stores
        the events it recorded together with the change: the user's pending entry turns into the event
        in one step, not after the next pull. Empty when that fails: the change has landed, the pull brings
        its events."""
        try:
            return await env.client.events(case_id)
        except PlatformError as exc:
            log.info("history not fetched after a change (%s); the next pull brings it", type(exc).__name__)
            return []

    async def prepare(self, env: WriteEnv, ref: str, data: Any) -> Draft:
        draft = await super().prepare(env, ref, data)
        await env.ensure_case_etag(ref)
        return draft

    def version_in(
        self, s: OfflineStore, ref: str, cached: BaseModel | None = None
    ) -> tuple[str | None, Any]:
        summary = s.get_case_summary(ref)
        return s.case_etag(ref), None if summary is None else dump(summary)

    def still_based(self, s: OfflineStore, item: OutboxItem) -> CaseSummary | None:
        """The cached case if ``item``'s change still applies to it (same version as its base), else None."""
        case_id = self.ref(item)
        cached = s.get_case_summary(case_id)
        if cached is None:
            return None
        etag = s.case_etag(case_id)
        if item.if_match is not None and etag is not None and etag != item.if_match:
            return None
        return cached

    def base_restore(self, s: OfflineStore, item: OutboxItem) -> LocalChange | None:
        base = item.base
        if not isinstance(base, Mapping):
            return None
        cached = s.get_case_summary(self.ref(item))
        if cached is None or cached.version != base.get("version"):
            return None
        restored: CaseSummary = (
            Case.model_validate(base) if "parties" in base else CaseSummary.model_validate(base)
        )
        return LocalChange(cases=[restored])

    def theirs_change(
        self, item: OutboxItem, theirs: Mapping[str, Any], etag: str | None
    ) -> LocalChange | None:
        case = stamped(Case.model_validate(theirs), etag)
        return LocalChange(cases=[case], etags={case.id: etag} if etag else {})

    async def current(self, env: SendEnv, item: OutboxItem) -> tuple[dict[str, Any], str | None] | None:
        try:
            case, etag = await env.client.case(self.ref(item))
        except NotFound:
            return None
        return dump(case), etag


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


class PatchCase(CaseChange):
    name = "patch_case"
    method = "PATCH"
    payload_model = CasePatch

    def payload_of(self, data: Any) -> Any:
        return dump(data, exclude_unset=True) if isinstance(data, BaseModel) else data

    def normalise(self, item: OutboxItem, edited: Any) -> Any:
        try:
            patch = edited if isinstance(edited, CasePatch) else CasePatch.model_validate(edited)
        except ValidationError as exc:
            raise ValueError(f"not a valid {self.name} payload: {exc.error_count()} problem(s)") from None
        return dump(patch, exclude_unset=True)

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        cached = self.still_based(s, item)
        return (
            None if cached is None else LocalChange(cases=[patched_case(cached, item.payload or {}, today)])
        )

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        case, etag = await env.client.patch_case(
            self.ref(item),
            CasePatch.model_validate(item.payload),
            **conditional_keys(item, if_match),
        )
        events = await self.events_after(env, case.id)
        return Answer(LocalChange(cases=[case], events=events, etags={case.id: etag}), etag, dump(case))

    def describe(self, payload: Any) -> list[Phrase]:
        p = as_dict(payload)
        parts = []
        if p.get("completion_requested"):
            parts.append(Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Begäran om komplettering")))
        elif p.get("status"):
            status = p["status"]
            with contextlib.suppress(ValueError):  # an unknown status is shown as it is
                status = CaseStatus(status)
            parts.append(
                Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Statusändring ({status})"), {"status": status})
            )
        extension = p.get("deadline_extension")
        if extension:
            weeks = extension.get("weeks") if isinstance(extension, dict) else None
            parts.append(
                Phrase(
                    QT_TRANSLATE_NOOP("OutboxDescribe", "Förlängd tidsfrist ({weeks} veckor)"),
                    {"weeks": weeks},
                )
                if weeks
                else Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Förlängd tidsfrist"))
            )
        if "assignee_id" in p:
            parts.append(Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Ny handläggare")))
        return parts or [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Ändring av ärendet"))]

    def user_text(self, payload: Any) -> dict[str, str]:
        extension = as_dict(payload).get("deadline_extension")
        return {"reason": str(extension.get("reason", ""))} if isinstance(extension, dict) else {}

    def with_user_text(self, payload: Any, fields: Mapping[str, str]) -> Any:
        p = as_dict(payload)
        if isinstance(p.get("deadline_extension"), dict):
            p["deadline_extension"] = {**p["deadline_extension"], "reason": fields.get("reason", "")}
            return p
        return super().with_user_text(p, fields)

    def changes_status(self, payload: Any) -> bool:
        return "status" in as_dict(payload)

    def extends_deadline(self, payload: Any) -> bool:
        return isinstance(payload, dict) and "deadline_extension" in payload


class PostDecision(CaseChange):
    """The decision with its letter: the PDF goes to the blob store, the outbox names its sha256."""

    name = "post_decision"
    event_kind = EventKind.DECISION
    suffix = "/decision"

    async def prepare(self, env: WriteEnv, ref: str, data: Any) -> Draft:
        decision, pdf = data
        sha256 = await env.store.put_blob(pdf)
        return await super().prepare(env, ref, {"decision": dump(decision), "pdf_sha256": sha256})

    def with_acted_at(self, payload: Any, acted_at: str) -> Any:
        p = as_dict(payload)  # the moment goes with the decision's fields; the letter is a file beside
        return {**p, "decision": {**as_dict(p.get("decision")), "acted_at": acted_at}} if p else payload

    def normalise(self, item: OutboxItem, edited: Any) -> Any:
        try:
            if isinstance(edited, DecisionInput):
                return {"decision": dump(edited), "pdf_sha256": item.payload["pdf_sha256"]}
            if isinstance(edited, Mapping) and "decision" in edited:
                DecisionInput.model_validate(edited["decision"])
                return {
                    "decision": dict(edited["decision"]),
                    "pdf_sha256": edited.get("pdf_sha256", item.payload["pdf_sha256"]),
                }
            decision = DecisionInput.model_validate(edited)
        except ValidationError as exc:
            raise ValueError(f"not a valid {self.name} payload: {exc.error_count()} problem(s)") from None
        return {"decision": dump(decision), "pdf_sha256": item.payload["pdf_sha256"]}

    def event_text(self, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        decision = payload.get("decision", {})
        fields = ("outcome", "legal_ground", "decided_on", "fee_sek", "signed_by")
        return str(decision.get("reasons", "")), {k: decision.get(k) for k in fields}

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        event = self.placeholder_event(item, self.ref(item), actor)
        cached = self.still_based(s, item)
        cases = [] if cached is None else [decided_case(cached, item.payload["decision"])]
        return LocalChange(cases=cases, events=[event])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        payload = item.payload
        try:
            pdf = await env.store.read_blob(str(payload["pdf_sha256"]))
        except BlobError:
            raise CannotSend(
                "Beslutsbrevet (PDF) finns inte längre i den lokala lagringen. Skapa beslutet igen."
            ) from None
        result, decision_etag = await env.client.post_decision(
            self.ref(item),
            DecisionInput.model_validate(payload["decision"]),
            pdf,
            **conditional_keys(item, if_match),
        )
        case = stamped(result.case, decision_etag)
        change = LocalChange(
            cases=[case],
            documents=[result.document],
            events=await self.events_after(env, case.id),
            deleted_events=[placeholder_id(item.id)],
            etags={case.id: decision_etag} if decision_etag else {},
        )
        return Answer(change, decision_etag or case.etag, dump(case))

    def describe(self, payload: Any) -> list[Phrase]:
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Beslut"))]
