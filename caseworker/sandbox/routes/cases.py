"""Cases: queues, one case, its changes (status, assignee, deadline extension), history, notes, messages and
the decision.

Tenant rule: a case outside the user's municipalities does not exist (404). Conditional writes take
If-Match (428 without, 412 with the current case when stale). Notes and messages are events of their own
and do not change the case's version, so an internal note never conflicts with someone's status change.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import re
import uuid
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile
from pydantic import ValidationError
from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from caseworker.domain import clock, status
from caseworker.domain import models as wire
from caseworker.sandbox import db, inputs
from caseworker.sandbox.guard import find_hostile, load_json
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes import common
from caseworker.sandbox.routes.common import (
    CONDITIONAL_RESPONSES,
    PROBLEM,
    READ_RESPONSES,
    WRITE_RESPONSES,
)
from caseworker.sandbox.security import CurrentUser, SessionDep, SettingsDep, require_role
from caseworker.sandbox.writes import IDEMPOTENCY_RESPONSES, IdempotencyKey

router = APIRouter(tags=["cases"])

S = wire.CaseStatus
FINISHED = status.FINISHED
HANDLING_ROLES = (wire.Role.CASEWORKER.value, wire.Role.TEAM_LEAD.value)
DEFAULT_LIMIT = 100
# A filter the platform does not know must not silently widen the queue.
QUEUE_PARAMETERS = frozenset({"queue", "municipality", "status", "type", "q", "limit", "cursor"})

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of the case the change is based on. Required: 428 without it, 412 when stale.",
    ),
]
IfNoneMatch = Annotated[
    str | None, Header(alias="If-None-Match", description="An ETag the client holds; 304 when it is current.")
]

ETAG_HEADER = {"ETag": {"description": "The case's current version", "schema": {"type": "string"}}}
# FastAPI would document request validation errors as its own JSON shape; ours are problem documents.
INVALID_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {**PROBLEM, "description": "A parameter does not match the contract"},
}
BAD_QUERY_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**PROBLEM, "description": "The cursor is not one this platform handed out"},
    422: {**PROBLEM, "description": "A query parameter does not match the contract"},
}


def _invalid(detail: str, type_: str = "invalid-change") -> ProblemError:
    return ProblemError(422, "Invalid change", detail, type_=type_)


def _require_any_role(user: db.User, roles: tuple[str, ...]) -> None:
    if not any(r in user.roles for r in roles):
        raise ProblemError(
            403, "Forbidden", f"This needs one of the roles {', '.join(roles)}.", type_="forbidden"
        )


def _current(session: Session, case: db.Case) -> dict[str, Any]:
    return common.case_full(session, case).model_dump(mode="json")


def _precondition(session: Session, case: db.Case, if_match: str | None) -> None:
    common.check_if_match(if_match, common.case_etag(case), lambda: _current(session, case))


def _claim(session: Session, case: db.Case, *, changing: bool = True) -> None:
    """Take the case at the version the request was checked against, or answer 412 with the winner's case.

    Call after every check and before the first write: see ``common.claim_version``. A request that turns
    out to change nothing holds the version instead (``common.confirm_version``): a stale If-Match is 412
    even then.
    """
    hold = common.claim_version if changing else common.confirm_version
    if hold(session, db.Case, case.id, case.version):
        return
    session.rollback()
    session.refresh(case)
    raise common.stale(common.case_etag(case), _current(session, case))


def _load_case(session: Session, case_id: str, user: db.User) -> db.Case:
    return common.load(session, db.Case, case_id, user)


# --- queues ------------------------------------------------------------------------------------------


class Queue(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    TEAM = "team"
    ALL = "all"


# A cursor is the last registration number of a page, base64url without padding. Every string of that
# alphabet and shape decodes to *some* position, so the pattern in the contract says exactly what is valid.
CURSOR_PATTERN = r"^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$"
_CURSOR_RE = re.compile(CURSOR_PATTERN)


def encode_cursor(registration_number: str) -> str:
    return base64.urlsafe_b64encode(registration_number.encode()).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> str | None:
    """The position after which the page starts; None for the first page; 400 for a malformed cursor."""
    if not _CURSOR_RE.fullmatch(cursor):
        raise ProblemError(400, "Invalid cursor", "Use next_cursor exactly as returned.", type_="bad-cursor")
    if not cursor:
        return None
    position = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8", errors="replace")
    if not position.isprintable():  # registration numbers are; NUL would not even reach PostgreSQL
        raise ProblemError(400, "Invalid cursor", "Use next_cursor exactly as returned.", type_="bad-cursor")
    return position


# SQLite's lower() folds ASCII only; fold the letters of Swedish names and addresses ourselves.
_FOLD = {"Å": "å", "Ä": "ä", "Ö": "ö", "É": "é", "Ü": "ü", "Æ": "æ", "Ø": "ø"}


def _folded(column: Any) -> ColumnElement[str]:
    expr: Any = column
    for upper, lower in _FOLD.items():
        expr = func.replace(expr, upper, lower)
    return func.lower(expr)


def _queue_filter(queue: Queue, user: db.User) -> ColumnElement[bool]:
    if queue is Queue.MINE:
        return db.Case.assignee_id == user.id
    if queue is Queue.UNASSIGNED:
        return db.Case.assignee_id.is_(None)
    if queue is Queue.TEAM:
        if user.team_id is None:
            return false()
        members = select(db.User.id).where(db.User.team_id == user.team_id)
        return or_(db.Case.team_id == user.team_id, db.Case.assignee_id.in_(members))
    return db.Case.id.is_not(None)


@router.get(
    "/cases",
    response_model=wire.CasePage,
    responses={**READ_RESPONSES, **BAD_QUERY_RESPONSES},
    summary="A page of a queue (mine, unassigned, team, all), filtered; ordered by registration number",
)
def list_cases(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    queue: Annotated[Queue, Query(description="Which queue")] = Queue.ALL,
    municipality: Annotated[list[str], Query(description="Municipality ids (repeatable)")] = [],  # noqa: B006
    status: Annotated[list[wire.CaseStatus], Query(description="Statuses (repeatable)")] = [],  # noqa: B006
    case_type: Annotated[
        list[wire.CaseType], Query(alias="type", description="Case types (repeatable)")
    ] = [],  # noqa: B006
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Case-insensitive substring of registration number, title, property or applicant",
        ),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, description="Page size; capped at the platform's maximum (1000 on the sandbox)")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            description="next_cursor of the previous page (400 if it is not one)",
            json_schema_extra={"pattern": CURSOR_PATTERN},
        ),
    ] = None,
) -> wire.CasePage:
    unknown = set(request.query_params) - QUEUE_PARAMETERS
    if unknown:
        raise ProblemError(
            422,
            "Invalid request",
            f"Unknown query parameter(s): {', '.join(sorted(unknown))}.",
            type_="invalid-request",
        )
    limit = min(limit, settings.page_limit_max)
    served = list(user.municipalities)
    if municipality:
        served = [m for m in served if m in set(municipality)]
    stmt = select(db.Case).where(db.Case.municipality_id.in_(served), _queue_filter(queue, user))
    if status:
        stmt = stmt.where(db.Case.status.in_([s.value for s in status]))
    if case_type:
        stmt = stmt.where(db.Case.case_type.in_([t.value for t in case_type]))
    if q and q.strip():
        needle = q.strip().lower()
        for upper, lower in _FOLD.items():
            needle = needle.replace(upper, lower)
        stmt = stmt.where(
            or_(
                *(
                    _folded(col).contains(needle, autoescape=True)
                    for col in (
                        db.Case.registration_number,
                        db.Case.title,
                        db.Case.property_designation,
                        db.Case.applicant_name,
                    )
                )
            )
        )
    after = decode_cursor(cursor) if cursor is not None else None
    if after is not None:
        stmt = stmt.where(db.Case.registration_number > after)
    rows = session.scalars(stmt.order_by(db.Case.registration_number).limit(limit + 1)).all()
    page, more = rows[:limit], len(rows) > limit
    names = common.user_names(session, {c.assignee_id for c in page})
    return wire.CasePage(
        items=[common.case_summary(c, names) for c in page],
        next_cursor=encode_cursor(page[-1].registration_number) if more else None,
    )


# --- one case ----------------------------------------------------------------------------------------


@router.get(
    "/cases/{case_id}",
    response_model=wire.Case,
    responses={
        **READ_RESPONSES,
        **INVALID_RESPONSES,
        200: {"description": "The case", "headers": ETAG_HEADER},
        304: {"description": "Not modified: the If-None-Match ETag is current", "headers": ETAG_HEADER},
    },
    summary="One case with parties, property, deadline facts, status and assignee (with ETag)",
)
def get_case(
    case_id: str,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    if_none_match: IfNoneMatch = None,
) -> Any:
    case = _load_case(session, case_id, user)
    etag = common.case_etag(case)
    if common.if_none_match_hits(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return common.case_full(session, case)


@router.patch(
    "/cases/{case_id}",
    response_model=wire.Case,
    responses={
        **CONDITIONAL_RESPONSES,
        **IDEMPOTENCY_RESPONSES,
        200: {"description": "The changed case", "headers": ETAG_HEADER},
        403: {
            **PROBLEM,
            "description": "Assignee changes need team_lead, except a caseworker taking an unassigned "
            "case (assignee_id = own id) or giving back their own (assignee_id = null); status, completion "
            "and extension need caseworker or team_lead",
        },
        422: {
            **PROBLEM,
            "description": "Not a permitted status transition, an extension not (or no longer) allowed or "
            "longer than the case type's clock allows, an assignee who cannot take the case, a notification "
            "or publication day on a case without a decision, for another case's party or outside the "
            "decision day and today, or Idempotency-Key reused with another payload",
        },
    },
    summary="Change status, assignee (team leads; a caseworker may take an unassigned case and give back "
    "their own) or extend the deadline once (If-Match required)",
)
def patch_case(
    case_id: str,
    patch: inputs.CasePatch,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    _key: IdempotencyKey,
    if_match: IfMatch = None,
) -> wire.Case:
    case = _load_case(session, case_id, user)
    fields = patch.model_fields_set
    if "assignee_id" in fields and not _takes_or_gives_back(user, case, patch.assignee_id):
        if if_match and _takes_or_gives_back_at_some_version(user, patch.assignee_id):
            # Judged on the version the client based the change on: a stale If-Match lost a race.
            _precondition(session, case, if_match)
        require_role(user, wire.Role.TEAM_LEAD.value)
    publishing = "decision_published_on" in fields
    if (
        patch.status is not None
        or patch.deadline_extension is not None
        or patch.completion_requested
        or patch.parties_notified
        or publishing
    ):
        _require_any_role(user, HANDLING_ROLES)
    _precondition(session, case, if_match)

    today = dt.date.today()
    current = wire.CaseStatus(case.status)
    case_type = wire.CaseType(case.case_type)
    events: list[tuple[wire.EventKind, str, dict[str, Any]]] = []

    # Validate everything against the case as it is, then apply.
    if patch.deadline_extension is not None:
        if current in FINISHED:
            raise _invalid("A decided or closed case has no deadline to extend.", "extension-not-allowed")
        why_not = clock.may_extend(common.deadline_facts(case), today, case_type)
        if why_not:
            raise _invalid(why_not, "extension-not-allowed")
        period = clock.statutory_period(case_type)
        if period is not None and patch.deadline_extension.weeks > period.max_extension_weeks:
            raise _invalid(
                f"A case of type {case_type.value} may be extended by at most "
                f"{period.max_extension_weeks} weeks.",
                "extension-too-long",
            )
    notified = _notified_parties(session, case, patch.parties_notified or [], today)
    published = patch.decision_published_on
    if publishing:
        _require_decided(case)
        if published is not None:
            _check_notice_day(case, published, today, "decision_published_on")
    target = patch.status
    if patch.completion_requested:
        if target not in (None, S.INCOMPLETE):
            raise _invalid(
                "A completion request puts the case in status incomplete; do not send another status."
            )
        target = S.INCOMPLETE
    if target is not None and target != current:
        if target is S.DECIDED:
            raise _invalid(
                "A case is decided through POST /cases/{id}/decision, with the decision letter.",
                "decision-endpoint-required",
            )
        if not status.may_change(current, target):
            raise _invalid(
                f"A case in status {current.value} cannot go to {target.value}.", "invalid-transition"
            )
    new_assignee = patch.assignee_id
    if "assignee_id" in fields and new_assignee != case.assignee_id and new_assignee is not None:
        _check_assignable(session, new_assignee, case)

    publishing = publishing and published != case.decision_published_on
    changes = (
        patch.deadline_extension is not None
        or (target is not None and target != current)
        or ("assignee_id" in fields and new_assignee != case.assignee_id)
        or bool(notified)
        or publishing
    )
    _claim(session, case, changing=changes)
    if patch.deadline_extension is not None:
        ext = patch.deadline_extension
        case.extension_weeks, case.extension_reason = ext.weeks, ext.reason
        events.append((wire.EventKind.DEADLINE_EXTENDED, ext.reason, {"weeks": ext.weeks}))
    if target is not None and target != current:
        data: dict[str, Any] = {"from": current.value, "to": target.value}
        if target is S.INCOMPLETE and case.completion_requested_on is None:
            case.completion_requested_on = today
            data["completion_requested_on"] = today.isoformat()
        if target is S.COMPLETE and current is S.INCOMPLETE:
            case.completed_on = today
            data["completed_on"] = today.isoformat()
        case.status = target.value
        events.append((wire.EventKind.STATUS_CHANGED, "", data))
    if "assignee_id" in fields and new_assignee != case.assignee_id:
        events.append((wire.EventKind.ASSIGNED, "", {"from": case.assignee_id, "to": new_assignee}))
        case.assignee_id = new_assignee
    if notified or publishing:
        notice: dict[str, Any] = {}
        if notified:
            notice["parties"] = [
                {"party_id": party.id, "notified_on": day.isoformat() if day else None}
                for party, day in notified
            ]
            for party, day in notified:
                party.notified_on = day
        if publishing:
            notice["published_on"] = published.isoformat() if published else None
            case.decision_published_on = published
        events.append((wire.EventKind.DECISION_NOTIFIED, "", notice))

    if events:
        common.touch_case(session, case)
        for kind, text, event_data in events:
            common.add_event(session, case, kind, user, text, acted_at=patch.acted_at, **event_data)
        session.commit()
    response.headers["ETag"] = common.case_etag(case)
    answer = common.case_full(session, case)
    session.commit()  # a no-op's hold on the version ends once its answer is read
    return answer


def _require_decided(case: db.Case) -> dt.date:
    if case.decided_on is None:
        raise _invalid("Only a decided case has a decision to notify or publish.", "not-decided")
    return case.decided_on


def _check_notice_day(case: db.Case, day: dt.date, today: dt.date, field: str) -> None:
    decided_on = _require_decided(case)
    if day < decided_on or day > today:
        raise _invalid(
            f"`{field}` must be between the decision ({decided_on.isoformat()}) and today.",
            "invalid-notice-date",
        )


def _notified_parties(
    session: Session, case: db.Case, items: list[inputs.PartyNotified], today: dt.date
) -> list[tuple[db.Party, dt.date | None]]:
    """The parties whose notification day the patch changes, with the new day; 422 for a case without a
    decision, a party not of this case, a party named twice or a day outside [decision, today]."""
    if not items:
        return []
    _require_decided(case)
    ids = [item.party_id for item in items]
    if len(set(ids)) != len(ids):
        raise _invalid("Name each party at most once in `parties_notified`.", "invalid-notice")
    parties = {
        p.id: p
        for p in session.scalars(select(db.Party).where(db.Party.case_id == case.id, db.Party.id.in_(ids)))
    }
    changed: list[tuple[db.Party, dt.date | None]] = []
    for item in items:
        party = parties.get(item.party_id)
        if party is None:
            raise _invalid(f"The case has no party {item.party_id}.", "unknown-party")
        if item.notified_on is not None:
            _check_notice_day(case, item.notified_on, today, "notified_on")
        if party.notified_on != item.notified_on:
            changed.append((party, item.notified_on))
    return changed


def _takes_or_gives_back(user: db.User, case: db.Case, assignee_id: str | None) -> bool:
    """A caseworker (lead or not) taking an unassigned case for themself, or giving back their own: the
    one assignee change that needs no team lead. Judged on the case as it is now; when that says no, a
    stale If-Match is answered first (412: of two caseworkers taking one case, the loser sees the winner's
    case), a current one gets 403 (a case someone else has taken)."""
    if wire.Role.CASEWORKER.value not in user.roles:
        return False
    taking = assignee_id == user.id and case.assignee_id is None
    giving_back = assignee_id is None and case.assignee_id == user.id
    return taking or giving_back


def _takes_or_gives_back_at_some_version(user: db.User, assignee_id: str | None) -> bool:
    """Whether the change could be a take or a give-back on some version of the case (a caseworker naming
    themself or nobody); naming someone else needs a team lead whatever the version."""
    return wire.Role.CASEWORKER.value in user.roles and assignee_id in (user.id, None)


def _check_assignable(session: Session, user_id: str, case: db.Case) -> None:
    target = session.get(db.User, user_id)
    if (
        target is None
        or wire.Role.CASEWORKER.value not in target.roles
        or case.municipality_id not in target.municipalities
    ):
        raise _invalid(
            "The new case officer must be a caseworker who serves the case's municipality.",
            "invalid-assignee",
        )


# --- history, notes, messages ----------------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/events",
    response_model=list[wire.Event],
    responses={**READ_RESPONSES, **INVALID_RESPONSES},
    summary="The case's history (status changes, assignments, notes, messages, decisions), oldest first",
)
def list_events(case_id: str, user: CurrentUser, session: SessionDep) -> list[wire.Event]:
    case = _load_case(session, case_id, user)
    events = session.scalars(
        select(db.Event).where(db.Event.case_id == case.id).order_by(db.Event.at, db.Event.seq)
    ).all()
    names = common.user_names(session, {e.actor_id for e in events})
    return [common.event_wire(e, names) for e in events]


@router.post(
    "/cases/{case_id}/notes",
    status_code=201,
    response_model=wire.Event,
    responses={**WRITE_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Add an internal note (does not change the case's version)",
)
def add_note(
    case_id: str, body: inputs.NoteCreate, user: CurrentUser, session: SessionDep, _key: IdempotencyKey
) -> wire.Event:
    case = _load_case(session, case_id, user)
    event = common.add_event(session, case, wire.EventKind.NOTE, user, body.text, acted_at=body.acted_at)
    session.commit()
    return common.event_wire(event, {user.id: user.display_name})


@router.post(
    "/cases/{case_id}/messages",
    status_code=201,
    response_model=wire.Event,
    responses={**WRITE_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Send a message to the applicant, with attachments (base64); they become case documents",
)
def send_message(
    case_id: str, body: inputs.MessageCreate, user: CurrentUser, session: SessionDep, _key: IdempotencyKey
) -> wire.Event:
    case = _load_case(session, case_id, user)
    decoded: list[tuple[wire.Attachment, bytes]] = []
    for n, attachment in enumerate(body.attachments):
        try:
            content = base64.b64decode(attachment.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ProblemError(
                422,
                "Invalid attachment",
                f"Attachment {n} ({attachment.filename}) is not valid base64.",
                type_="invalid-attachment",
            ) from exc
        if len(content) > inputs.MAX_ATTACHMENT_BYTES:  # base64 of one byte more can be as long
            raise ProblemError(
                422,
                "Invalid attachment",
                f"Attachment {n} ({attachment.filename}) is larger than {inputs.MAX_ATTACHMENT_BYTES} bytes.",
                type_="invalid-attachment",
            )
        decoded.append((attachment, content))
    document_ids = [
        _store_document(
            session,
            case,
            content,
            title=a.filename,
            filename=a.filename,
            kind=wire.DocumentKind.ATTACHMENT,
            media_type=a.media_type,
        ).id
        for a, content in decoded
    ]
    event = common.add_event(
        session,
        case,
        wire.EventKind.MESSAGE,
        user,
        body.body,
        acted_at=body.acted_at,
        subject=body.subject,
        attachments=document_ids,
    )
    session.commit()
    return common.event_wire(event, {user.id: user.display_name})


def _count_pages(content: bytes, media_type: str) -> int:
    if content.startswith(b"%PDF-") or media_type == "application/pdf":
        try:
            from pypdf import PdfReader

            return max(1, len(PdfReader(io.BytesIO(content), strict=False).pages))
        except Exception:  # noqa: BLE001 - a damaged PDF is still stored; the client reports it on opening
            return 1
    return 1


def _store_document(
    session: Session,
    case: db.Case,
    content: bytes,
    *,
    title: str,
    filename: str,
    kind: wire.DocumentKind,
    media_type: str,
) -> db.Document:
    sha = hashlib.sha256(content).hexdigest()
    if session.get(db.Blob, sha) is None:
        db.add_blob(session, sha, content)
    document = db.Document(
        id=uuid.uuid4().hex,
        seq=db.next_seq(session),
        municipality_id=case.municipality_id,
        case_id=case.id,
        archive_record_id=None,
        title=title,
        filename=filename,
        kind=kind.value,
        drawing_type=None,
        revision=0,
        media_type=media_type,
        size=len(content),
        sha256=sha,
        pages=_count_pages(content, media_type),
        created_at=db.utcnow(),
    )
    session.add(document)
    return document


# --- the decision --------------------------------------------------------------------------------------


@router.post(
    "/cases/{case_id}/decision",
    status_code=201,
    response_model=wire.DecisionResult,
    responses={
        **CONDITIONAL_RESPONSES,
        **IDEMPOTENCY_RESPONSES,
        201: {
            "description": "Decided; the case (with its new ETag) and the stored letter",
            "headers": ETAG_HEADER,
        },
        403: {**PROBLEM, "description": "Deciding needs the role caseworker or team_lead"},
        409: {
            **PROBLEM,
            "description": "The case is already decided or closed, or a request with this Idempotency-Key "
            "is still running",
        },
        422: {
            **PROBLEM,
            "description": "`decision` is not a valid DecisionInput, `pdf` is not a PDF, or Idempotency-Key "
            "reused with another payload",
        },
    },
    summary="Decide the case: structured decision (JSON field) + the rendered letter (PDF file), multipart",
)
def decide(
    case_id: str,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    request: Request,
    decision: Annotated[
        str,
        Form(min_length=1, description="The decision's structured fields: a DecisionInput as a JSON string"),
    ],
    pdf: Annotated[
        UploadFile, File(description="The decision letter as rendered by the client (application/pdf)")
    ],
    _key: IdempotencyKey,
    if_match: IfMatch = None,
) -> wire.DecisionResult:
    case = _load_case(session, case_id, user)
    _require_any_role(user, HANDLING_ROLES)
    _precondition(session, case, if_match)
    if wire.CaseStatus(case.status) in FINISHED:
        raise ProblemError(
            409,
            "Already decided",
            f"The case is already {case.status}; a decision cannot be made again.",
            type_="already-decided",
        )
    try:
        hostile = find_hostile(load_json(decision))
    except (ValueError, RecursionError):
        hostile = None  # not JSON: model_validate_json says so, below
    if hostile is not None:
        location, reason = hostile
        raise ProblemError(
            422,
            "Invalid decision",
            f"The field `decision` {reason}.",
            type_="invalid-decision",
            errors=[{"loc": ["body", "decision", *map(str, location)], "msg": reason}],
        )
    try:
        fields = inputs.DecisionInput.model_validate_json(decision)
    except ValidationError as exc:
        errors = [{"loc": ["body", "decision", *map(str, e["loc"])], "msg": e["msg"]} for e in exc.errors()]
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise ProblemError(
            422,
            "Invalid decision",
            f"The field `decision` must be a DecisionInput as JSON: `{where}`: {first['msg']}."
            if where
            else "The field `decision` must be a DecisionInput as JSON.",
            type_="invalid-decision",
            errors=errors,
        ) from exc
    if fields.decided_on < case.received_on:
        raise _invalid(
            "The decision cannot be dated before the application was received.", "invalid-decision"
        )
    content = pdf.file.read()
    if not content.startswith(b"%PDF-"):
        raise ProblemError(
            422, "Not a PDF", "The file `pdf` must be the decision letter as a PDF.", type_="not-a-pdf"
        )
    _claim(session, case)  # a case is decided once: of two decisions on one ETag, one gets here
    safe_number = re.sub(r"[^0-9A-Za-z-]+", "-", case.registration_number).strip("-")
    document = _store_document(
        session,
        case,
        content,
        title=f"Beslut {case.registration_number}",
        filename=f"beslut-{safe_number}.pdf",
        kind=wire.DocumentKind.DECISION,
        media_type="application/pdf",
    )
    case.status = S.DECIDED.value
    case.decided_on = fields.decided_on
    common.touch_case(session, case)
    common.add_event(
        session,
        case,
        wire.EventKind.DECISION,
        user,
        fields.reasons,
        acted_at=fields.acted_at,
        outcome=fields.outcome.value,
        legal_ground=fields.legal_ground,
        decided_on=fields.decided_on.isoformat(),
        fee_sek=fields.fee_sek,
        delegation_ref=fields.delegation_ref,
        signed_by=fields.signed_by,
        document_id=document.id,
    )
    session.commit()
    etag = common.case_etag(case)
    response.headers["ETag"] = etag
    response.headers["Location"] = str(request.url_for("get_case", case_id=case.id))
    return wire.DecisionResult(case=common.case_full(session, case), document=common.document_wire(document))
