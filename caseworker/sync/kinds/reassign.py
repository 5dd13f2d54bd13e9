"""A team lead's move of one case to another case officer: one outbox item per case, sent as a
one-item ``POST /reassignments`` with the If-Match of the case version the lead saw.

A bulk move (a selection, an absence cover, a balancing proposal) is one item per case made in one
store transaction, so each case succeeds, meets a conflict (412: changed meanwhile) or is refused
(422: the new officer does not serve the case's municipality; 403: not a team lead) on its own, and a
move made offline waits in the outbox like any other write. The platform records the move in the
case's history (an ``assigned`` event with who, when and the reason); until then the case shows the new
officer and a pending event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from caseworker.api.errors import Conflict, Forbidden, NotFound, Rejected
from caseworker.domain.models import EventKind, Problem, ReassignmentItem, ReassignmentRequest
from caseworker.store import LocalChange, OfflineStore, OutboxItem
from caseworker.sync.kinds.base import (
    API,
    QT_TRANSLATE_NOOP,
    Actor,
    Answer,
    CannotSend,
    Phrase,
    as_dict,
    dump,
    placeholder_id,
    required,
)
from caseworker.sync.kinds.case import CaseChange
from caseworker.sync.kinds.env import SendEnv

NOT_A_LEAD = (
    "Bara en gruppledare kan fördela om ärenden till någon annan. Du kan ta ett ej tilldelat ärende "
    "eller lämna tillbaka ett eget."
)


class Reassignment(BaseModel):
    """The payload of a move: to whom (their name for the list and the pending event) and why."""

    to_user_id: str = Field(min_length=1)
    to_name: str | None = None
    reason: str = Field(min_length=1, max_length=2000)
    acted_at: str | None = None  # set when sent (see WriteKind.with_acted_at)


class ReassignCase(CaseChange):
    name = "reassign_case"
    method = "POST"
    event_kind = EventKind.ASSIGNED
    payload_model = Reassignment

    def path(self, ref: str) -> str:
        return f"{API}/reassignments"

    def ref(self, item: OutboxItem) -> str:
        if not item.case_id:  # every move is made about one case (Draft.case_id)
            raise ValueError(f"reassignment {item.id} names no case")
        return item.case_id

    def event_text(self, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return str(payload.get("reason", "")), {
            "to": payload.get("to_user_id"),
            "to_name": payload.get("to_name"),
            "reassignment": True,
        }

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        event = self.placeholder_event(item, self.ref(item), actor)
        cached = self.still_based(s, item)
        payload = as_dict(item.payload)
        cases = []
        if cached is not None:
            update = {"assignee_id": payload.get("to_user_id"), "assignee_name": payload.get("to_name")}
            cases.append(cached.model_copy(update=update))
        return LocalChange(cases=cases, events=[event])

    async def send(self, env: SendEnv, item: OutboxItem, if_match: str | None) -> Answer:
        payload = Reassignment.model_validate(item.payload)
        case_id = self.ref(item)
        move = ReassignmentItem(case_id=case_id, to_user_id=payload.to_user_id, if_match=required(if_match))
        request = ReassignmentRequest(
            items=[move],
            reason=payload.reason,
            acted_at=dt.datetime.fromisoformat(payload.acted_at) if payload.acted_at else None,
        )
        try:
            result = await env.client.reassign(request, idempotency_key=item.idempotency_key)
        except Forbidden:
            raise CannotSend(NOT_A_LEAD) from None
        outcome = next((r for r in result.results if r.case_id == case_id), None)
        if outcome is None:
            raise Rejected(f"no result for case {case_id}", status=422)
        if outcome.status == 412:
            theirs = await self.current(env, item)
            raise Conflict(
                "reassignment: the case changed since it was read",
                current=None,
                current_data=theirs[0] if theirs else None,
                etag=theirs[1] if theirs else outcome.etag,
            )
        if outcome.status == 404:
            raise NotFound(f"reassignment: case {case_id} not found", status=404)
        if outcome.status != 200:
            problem = Problem(title="Unprocessable", status=outcome.status, detail=outcome.detail)
            raise Rejected(f"reassignment refused: {outcome.detail}", status=outcome.status, problem=problem)
        case, etag = await env.client.case(case_id)
        events = await self.events_after(env, case_id)
        change = LocalChange(
            cases=[case], events=events, deleted_events=[placeholder_id(item.id)], etags={case.id: etag}
        )
        return Answer(change, etag, dump(case))

    def describe(self, payload: Any) -> list[Phrase]:
        name = as_dict(payload).get("to_name") or as_dict(payload).get("to_user_id")
        return [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Fördelas om till {name}"), {"name": name})]

    def user_text(self, payload: Any) -> dict[str, str]:
        return {"reason": str(as_dict(payload).get("reason", ""))}
