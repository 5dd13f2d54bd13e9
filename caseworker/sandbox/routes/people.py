"""People and organisation: the signed-in user, municipality profiles, team workload, bulk reassignment."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain import clock
from caseworker.domain import models as wire
from caseworker.sandbox import db, inputs
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes import common
from caseworker.sandbox.routes.common import PROBLEM, READ_RESPONSES, WRITE_RESPONSES
from caseworker.sandbox.security import CurrentUser, SessionDep, require_role
from caseworker.sandbox.writes import IDEMPOTENCY_RESPONSES, IdempotencyKey

router = APIRouter(tags=["people"])

FINISHED_STATUSES = (wire.CaseStatus.DECIDED.value, wire.CaseStatus.CLOSED.value)
DUE_SOON_DAYS = 7
# FastAPI would document request validation errors as its own JSON shape; ours are problem documents.
INVALID_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {**PROBLEM, "description": "A parameter does not match the contract"},
}


def user_wire(user: db.User) -> wire.User:
    return wire.User(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        title=user.title,
        email=user.email,
        roles=[wire.Role(r) for r in user.roles],
        municipalities=list(user.municipalities),
        team_id=user.team_id,
    )


@router.get("/me", response_model=wire.User, responses=READ_RESPONSES, summary="The signed-in user")
def me(user: CurrentUser) -> wire.User:
    return user_wire(user)


@router.get(
    "/municipalities",
    response_model=list[wire.Municipality],
    responses=READ_RESPONSES,
    summary="Profiles of the platform's municipalities (letterhead, colours, logo, appeal body)",
    description=(
        "Every municipality on the platform: a profile is the municipality's public letterhead, not case "
        "data. Which ones the user serves is in GET /me (`municipalities`); cases, documents and events of "
        "the others stay 404."
    ),
)
def municipalities(_user: CurrentUser, session: SessionDep, request: Request) -> list[wire.Municipality]:
    rows = session.scalars(select(db.Municipality).order_by(db.Municipality.name)).all()
    return [
        wire.Municipality(
            id=m.id,
            name=m.name,
            committee=m.committee,
            org_number=m.org_number,
            address=wire.Address(street=m.street, postal_code=m.postal_code, city=m.city),
            phone=m.phone,
            email=m.email,
            website=m.website,
            primary_color=m.primary_color,
            secondary_color=m.secondary_color,
            logo_url=str(request.url_for("municipality_logo", municipality_id=m.id)),
            appeal_body=m.appeal_body,
            footer=m.footer,
            registration_prefix=m.registration_prefix,
        )
        for m in rows
    ]


@router.get(
    "/municipalities/{municipality_id}/logo",
    name="municipality_logo",
    response_class=Response,
    responses={
        **READ_RESPONSES,
        **INVALID_RESPONSES,
        200: {
            "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
            "description": "PNG",
        },
        304: {"description": "Not modified (If-None-Match)"},
    },
    summary="A municipality's logo as PNG (public letterhead, like the profile)",
)
def municipality_logo(
    municipality_id: str, _user: CurrentUser, session: SessionDep, request: Request
) -> Response:
    row = session.get(db.Municipality, municipality_id)
    if row is None:
        raise ProblemError(404, "Not found", type_="not-found")
    etag = f'"{hashlib.sha256(row.logo_png).hexdigest()}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=86400"}
    if common.if_none_match_hits(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(row.logo_png, media_type="image/png", headers=headers)


# --- team lead tools ---------------------------------------------------------------------------------


def require_team_lead(user: CurrentUser) -> db.User:
    """Runs before the body is validated, so anyone else gets 403 whatever they send."""
    require_role(user, wire.Role.TEAM_LEAD.value)
    return user


TeamLead = Annotated[db.User, Depends(require_team_lead)]


@router.get(
    "/teams/{team_id}/workload",
    response_model=wire.Workload,
    responses={**READ_RESPONSES, **INVALID_RESPONSES, 403: WRITE_RESPONSES[403]},
    summary="Per team member: open cases, due within 7 days, overdue, absence, the municipalities they "
    "serve and whether they take cases (team leads, own team)",
)
def workload(team_id: str, user: TeamLead, session: SessionDep) -> wire.Workload:
    team = session.get(db.Team, team_id)
    if team is None or user.team_id != team_id:
        raise ProblemError(404, "Not found", "Workload is shown for your own team only.", type_="not-found")
    members = session.scalars(
        select(db.User).where(db.User.team_id == team_id).order_by(db.User.display_name, db.User.id)
    ).all()
    today = dt.date.today()
    counts = {m.id: [0, 0, 0] for m in members}  # open, due within 7 days, overdue
    if members:
        rows = session.execute(
            select(
                db.Case.assignee_id,
                db.Case.case_type,
                db.Case.received_on,
                db.Case.completion_requested_on,
                db.Case.completed_on,
                db.Case.extension_weeks,
                db.Case.decided_on,
            ).where(
                db.Case.assignee_id.in_(list(counts)),
                db.Case.municipality_id.in_(user.municipalities),
                db.Case.status.not_in(FINISHED_STATUSES),
            )
        ).all()
        for row in rows:
            facts = (
                wire.DeadlineFacts.model_construct(  # trusted columns: skip validation (thousands of rows)
                    received_on=row.received_on,
                    completion_requested_on=row.completion_requested_on,
                    completed_on=row.completed_on,
                    extension_weeks=row.extension_weeks,
                    decided_on=row.decided_on,
                )
            )
            days_left = clock.compute(facts, today, wire.CaseType(row.case_type)).days_left
            tally = counts[row.assignee_id]
            tally[0] += 1
            if days_left is not None and 0 <= days_left <= DUE_SOON_DAYS:
                tally[1] += 1
            elif days_left is not None and days_left < 0:
                tally[2] += 1
    return wire.Workload(
        team_id=team.id,
        team_name=team.name,
        members=[
            wire.MemberWorkload(
                user_id=m.id,
                display_name=m.display_name,
                open_cases=counts[m.id][0],
                due_within_7_days=counts[m.id][1],
                overdue=counts[m.id][2],
                absent=m.absent_until is not None and m.absent_until >= today,
                absent_until=m.absent_until,
                municipalities=list(m.municipalities),
                takes_cases=wire.Role.CASEWORKER.value in m.roles,
            )
            for m in members
        ],
    )


@router.post(
    "/reassignments",
    response_model=wire.ReassignmentResult,
    responses={**WRITE_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Move cases to other case officers (team leads); one result per item: 200, 404, 412 or 422",
)
def reassign(
    body: inputs.ReassignmentRequest, user: TeamLead, session: SessionDep, _key: IdempotencyKey
) -> wire.ReassignmentResult:
    """Each item is checked, then its case is claimed at the version its if_match names (the same case twice
    in one request: the first item wins), in id order (every request locks rows in one order, so two bulk
    moves never deadlock on PostgreSQL), then the moves are written."""
    results: list[wire.ReassignmentItemResult | None] = [None] * len(body.items)
    movable: list[tuple[int, db.Case, db.User]] = []  # checked against the version read above
    for n, item in enumerate(body.items):
        case = session.get(db.Case, item.case_id)
        if case is None or case.municipality_id not in user.municipalities:
            results[n] = wire.ReassignmentItemResult(case_id=item.case_id, status=404, detail="Not found")
            continue
        if not common.if_match_hits(item.if_match, common.case_etag(case)):
            results[n] = _changed(case.id, common.case_etag(case))
            continue
        target = session.get(db.User, item.to_user_id)
        if (
            target is None
            or wire.Role.CASEWORKER.value not in target.roles
            or case.municipality_id not in target.municipalities
        ):
            results[n] = wire.ReassignmentItemResult(
                case_id=case.id,
                status=422,
                etag=common.case_etag(case),
                detail="The new case officer must be a caseworker serving the case's municipality.",
            )
            continue
        movable.append((n, case, target))

    # case id -> its version after the first item that named it: a later item of the same case is 412, also
    # when the first found the case already there (moved nowhere, same version: it would "win" as well)
    decided: dict[str, int] = {}
    moves: list[tuple[db.Case, db.User]] = []
    for n, case, target in sorted(movable, key=lambda m: m[1].id):
        version = case.version
        etag = common.etag_for("case", case.id, version)
        if case.id in decided:
            results[n] = _changed(
                case.id,
                common.etag_for("case", case.id, decided[case.id]),
                "The case is named earlier in this request; the first item counts.",
            )
        elif case.assignee_id == target.id:
            # Already there: nothing to move, but the if_match must still be current (held to the end).
            if common.confirm_version(session, db.Case, case.id, version):
                decided[case.id] = version
                results[n] = wire.ReassignmentItemResult(case_id=case.id, status=200, etag=etag)
            else:
                results[n] = _changed_since(session, case.id)
        elif common.claim_version(session, db.Case, case.id, version):
            decided[case.id] = version + 1
            moves.append((case, target))
            results[n] = wire.ReassignmentItemResult(
                case_id=case.id, status=200, etag=common.etag_for("case", case.id, version + 1)
            )
        else:  # another request moved or changed the case since it was read
            results[n] = _changed_since(session, case.id)
    for case, target in moves:
        previous = case.assignee_id
        case.assignee_id = target.id
        common.touch_case(session, case)
        common.add_event(
            session,
            case,
            wire.EventKind.ASSIGNED,
            user,
            body.reason,
            acted_at=body.acted_at,
            **{"from": previous, "to": target.id, "to_name": target.display_name, "reassignment": True},
        )
    session.commit()
    return wire.ReassignmentResult(results=[r for r in results if r is not None])


def _changed_since(session: Session, case_id: str) -> wire.ReassignmentItemResult:
    """412 for a case another request changed after this one read it, with the case's ETag now."""
    now = session.scalar(select(db.Case.version).where(db.Case.id == case_id))
    return _changed(case_id, common.etag_for("case", case_id, int(now or 0)))


def _changed(
    case_id: str, etag: str, detail: str = "The case has changed since you read it."
) -> wire.ReassignmentItemResult:
    return wire.ReassignmentItemResult(case_id=case_id, status=412, etag=etag, detail=detail)
