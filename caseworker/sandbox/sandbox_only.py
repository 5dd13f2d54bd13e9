"""Sandbox-only endpoints (not part of a real platform): demo accounts and training/test knobs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from caseworker.domain.models import Problem, SandboxAccount
from caseworker.sandbox import db
from caseworker.sandbox.admin import AdminOnly
from caseworker.sandbox.problems import problem_response
from caseworker.sandbox.security import SessionDep

router = APIRouter(prefix="/sandbox", tags=["sandbox"])
PROBLEM = {"model": Problem, "content": {"application/problem+json": {}}}


@router.get("/accounts", response_model=list[SandboxAccount], summary="The demo accounts (password: demo)")
def accounts(session: SessionDep) -> list[SandboxAccount]:
    users = session.scalars(select(db.User).order_by(db.User.username)).all()
    return [
        SandboxAccount(
            username=u.username,
            display_name=u.display_name,
            roles=u.roles,
            municipalities=u.municipalities,
            team=u.team_id,
        )
        for u in users
    ]


# The overload and failure answers a client must cope with; Retry-After goes with 429 and 503 only
# (RFC 9110 §10.2.3, RFC 6585 §4), the others are plain server errors.
FAULT_TITLES = {
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}
WITH_RETRY_AFTER = frozenset({429, 503})
FaultStatus = Literal[429, 500, 502, 503, 504]


class FaultPlan(BaseModel):
    """Answer the next ``count`` API calls with ``status`` (and Retry-After for 429 and 503)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(ge=0, le=10_000)
    status: FaultStatus = 503
    retry_after: int = Field(default=1, ge=0, le=3600)


@dataclass
class FaultState:
    fail_rate: float = 0.0
    pending: int = 0
    status: int = 503
    retry_after: int = 1
    rng: random.Random = field(default_factory=random.Random)


ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {**PROBLEM, "description": "Without the admin secret, or sent by a browser"},
    404: {**PROBLEM, "description": "The admin knobs are off (no admin secret configured)"},
}


@router.post(
    "/admin/faults",
    status_code=204,
    dependencies=[AdminOnly],
    responses=ADMIN_RESPONSES,
    summary="Fail the next API calls with 429, 500, 502, 503 or 504 (admin secret required)",
)
def set_faults(plan: FaultPlan, request: Request) -> Response:
    state: FaultState = request.app.state.faults
    state.pending, state.status, state.retry_after = plan.count, plan.status, plan.retry_after
    return Response(status_code=204)


class Horizon(BaseModel):
    horizon: int


@router.post(
    "/admin/expire-cursors",
    response_model=Horizon,
    dependencies=[AdminOnly],
    responses=ADMIN_RESPONSES,
    summary="Make every earlier sync cursor too old (admin secret required)",
)
def expire_cursors(session: SessionDep) -> Horizon:
    current = db.read_counter(session, "seq")
    if session.get(db.Counter, "horizon") is None:
        session.add(db.Counter(name="horizon", value=current))
    else:
        session.execute(update(db.Counter).where(db.Counter.name == "horizon").values(value=current))
    session.commit()
    return Horizon(horizon=current)


class _FaultMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        state: FaultState = request.app.state.faults
        if request.url.path.startswith("/api/"):
            injected = state.pending > 0 or (state.fail_rate and state.rng.random() < state.fail_rate)
            if injected:
                state.pending = max(0, state.pending - 1)
                retry = state.status in WITH_RETRY_AFTER
                return problem_response(
                    state.status,
                    FAULT_TITLES.get(state.status, "Service unavailable"),
                    "The sandbox is simulating overload."
                    if retry
                    else "The sandbox is simulating a failure.",
                    headers={"Retry-After": str(state.retry_after)} if retry else None,
                )
        return await call_next(request)


def install_fault_injection(app: FastAPI, fail_rate: float) -> None:
    app.state.faults = FaultState(fail_rate=fail_rate)
    app.add_middleware(_FaultMiddleware)
