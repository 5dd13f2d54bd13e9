"""What every resource router shares: row → wire conversion, ETags, If-Match, tenant-checked loading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from caseworker.domain import models as wire
from caseworker.sandbox import db
from caseworker.sandbox.inputs import served_media_type
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.security import require_municipality

# Status codes that every protected operation may answer; merged into each route's OpenAPI responses.
PROBLEM = {"model": wire.Problem, "content": {"application/problem+json": {}}}
READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {**PROBLEM, "description": "Missing, expired or revoked access token"},
    404: {**PROBLEM, "description": "Not found (or outside the user's municipalities)"},
    429: {**PROBLEM, "description": "Overloaded; see Retry-After"},
    503: {**PROBLEM, "description": "Unavailable; see Retry-After"},
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **READ_RESPONSES,
    403: {**PROBLEM, "description": "The user's role does not allow this"},
    409: {**PROBLEM, "description": "A request with this Idempotency-Key is still running"},
    422: {**PROBLEM, "description": "Invalid request, or Idempotency-Key reused with another payload"},
}
CONDITIONAL_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WRITE_RESPONSES,
    412: {**PROBLEM, "description": "If-Match is stale; the body carries `current` and `etag`"},
    428: {**PROBLEM, "description": "If-Match is required"},
}

T = TypeVar("T", bound=db.Base)


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def etag_for(kind: str, entity_id: str, version: int) -> str:
    return f'"{kind}-{entity_id}-v{version}"'


def case_etag(case: db.Case) -> str:
    return etag_for("case", case.id, case.version)


def annotation_etag(annotation: db.Annotation) -> str:
    return etag_for("annotation", annotation.id, annotation.version)


def _tags(header: str) -> list[str]:
    return [t.strip() for t in header.split(",") if t.strip()]


def if_match_hits(header: str, etag: str) -> bool:
    """If-Match compares strongly (RFC 9110 13.1.1): a weak tag (W/"…") never matches."""
    tags = _tags(header)
    return "*" in tags or etag in tags


def if_none_match_hits(header: str | None, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x"."""
    if not header:
        return False
    tags = {t.removeprefix("W/") for t in _tags(header)}
    return "*" in tags or etag.removeprefix("W/") in tags


def stale(current_etag: str, current: dict[str, Any]) -> ProblemError:
    """412 with the current representation and its ETag."""
    return ProblemError(
        412,
        "Precondition failed",
        "The resource has changed since you read it.",
        type_="precondition-failed",
        current=current,
        etag=current_etag,
        headers={"ETag": current_etag},
    )


def check_if_match(if_match: str | None, current_etag: str, current: Callable[[], dict[str, Any]]) -> None:
    """428 without If-Match, 412 (with the current representation) when it is stale.

    This only answers early: the write itself must still claim the version it read (``claim_version``),
    since another request may change the row between this check and the write.
    """
    if not if_match:
        raise ProblemError(
            428,
            "Precondition required",
            "Send If-Match with the ETag your change is based on.",
            type_="precondition-required",
        )
    if not if_match_hits(if_match, current_etag):
        raise stale(current_etag, current())


Versioned = type[db.Case] | type[db.Annotation]


def claim_version(session: Session, model: Versioned, entity_id: str, version: int) -> bool:
    """Move the row from ``version`` to the next one if it still is at ``version``; False if not.

    The compare and the write are one statement, so of two requests holding the same ETag exactly one
    gets the row (on SQLite the statement waits for the database's write lock and then sees the winner's
    commit; on PostgreSQL it waits for the row lock and re-checks the new row). Claim before taking a
    change number (``db.next_seq``): every transaction then locks rows before the counter, which keeps
    PostgreSQL free of deadlocks.
    """
    claimed = session.execute(
        update(model).where(model.id == entity_id, model.version == version).values(version=version + 1),
        execution_options={"synchronize_session": False},  # the caller moves its object along itself
    )
    return cast("CursorResult[Any]", claimed).rowcount == 1


def confirm_version(session: Session, model: Versioned, entity_id: str, version: int) -> bool:
    """Hold the row at ``version`` for a write that changes nothing; False if it has moved on.

    A no-op under If-Match is still judged against the version the client named: without this, a request
    that read the row before a concurrent winner committed (and judged "nothing to change" on the winner's
    data) would answer 2xx with a stale ETag. The row lock (PostgreSQL) or write lock (SQLite) lasts until
    the caller's transaction ends, so the answer is read at that version.
    """
    held = session.execute(
        update(model).where(model.id == entity_id, model.version == version).values(version=version),
        execution_options={"synchronize_session": False},
    )
    return cast("CursorResult[Any]", held).rowcount == 1


def load(session: Session, model: type[T], entity_id: str, user: db.User) -> T:
    """A row by id, or 404 if missing or in a municipality the user does not serve."""
    row = session.get(model, entity_id)
    if row is None:
        raise ProblemError(404, "Not found", type_="not-found")
    require_municipality(user, row.municipality_id)  # type: ignore[attr-defined]
    return row


def user_names(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(select(db.User.id, db.User.display_name).where(db.User.id.in_(wanted))).all()
    return {r.id: r.display_name for r in rows}


def deadline_facts(case: db.Case) -> wire.DeadlineFacts:
    return wire.DeadlineFacts(
        received_on=case.received_on,
        completion_requested_on=case.completion_requested_on,
        completed_on=case.completed_on,
        extension_weeks=case.extension_weeks,
        extension_reason=case.extension_reason,
        decided_on=case.decided_on,
    )


def case_summary(case: db.Case, names: dict[str, str]) -> wire.CaseSummary:
    return wire.CaseSummary(
        id=case.id,
        registration_number=case.registration_number,
        municipality_id=case.municipality_id,
        title=case.title,
        case_type=wire.CaseType(case.case_type),
        status=wire.CaseStatus(case.status),
        assignee_id=case.assignee_id,
        assignee_name=names.get(case.assignee_id or ""),
        team_id=case.team_id,
        property_designation=case.property_designation,
        applicant_name=case.applicant_name,
        deadline=deadline_facts(case),
        fee_sek=case.fee_sek,
        version=case.version,
        updated_at=aware(case.updated_at),
        etag=case_etag(case),
    )


def case_full(session: Session, case: db.Case) -> wire.Case:
    names = user_names(session, {case.assignee_id})
    parties = session.scalars(select(db.Party).where(db.Party.case_id == case.id).order_by(db.Party.id)).all()
    return case_wire(case, [party_wire(p) for p in parties], names)


def case_wire(case: db.Case, parties: list[wire.Party], names: dict[str, str]) -> wire.Case:
    """wire.Case of ``case`` with its parties and the assignee's name already loaded (one or in bulk)."""
    return wire.Case(
        **case_summary(case, names).model_dump(),
        description=case.description,
        property=wire.Property(
            designation=case.property_designation,
            former_designations=list(case.former_designations or []),
            municipality_id=case.municipality_id,
            area_m2=case.area_m2,
        ),
        parties=parties,
        fee_basis=case.fee_basis,
        decision_published_on=case.decision_published_on,
    )


def party_wire(p: db.Party) -> wire.Party:
    address = (
        wire.Address(street=p.street, postal_code=p.postal_code or "", city=p.city or "")
        if p.street
        else None
    )
    return wire.Party(
        id=p.id,
        role=wire.PartyRole(p.role),
        name=p.name,
        personal_number=p.personal_number,
        org_number=p.org_number,
        address=address,
        email=p.email,
        phone=p.phone,
        notified_on=p.notified_on,
    )


def document_wire(d: db.Document) -> wire.Document:
    return wire.Document(
        id=d.id,
        case_id=d.case_id,
        archive_record_id=d.archive_record_id,
        title=d.title,
        filename=d.filename,
        kind=wire.DocumentKind(d.kind),
        drawing_type=wire.DrawingType(d.drawing_type) if d.drawing_type else None,
        revision=d.revision,
        media_type=served_media_type(d.media_type),
        size=d.size,
        sha256=d.sha256,
        pages=d.pages,
        created_at=aware(d.created_at),
    )


def annotation_replies(
    session: Session, annotations: list[db.Annotation]
) -> dict[str, list[db.AnnotationReply]]:
    """The threads of ``annotations`` in one query, oldest reply first."""
    threads: dict[str, list[db.AnnotationReply]] = {a.id: [] for a in annotations}
    for chunk in range(0, len(annotations), 500):
        ids = [a.id for a in annotations[chunk : chunk + 500]]
        for reply in session.scalars(
            select(db.AnnotationReply)
            .where(db.AnnotationReply.annotation_id.in_(ids))
            .order_by(db.AnnotationReply.created_at, db.AnnotationReply.id)
        ):
            threads[reply.annotation_id].append(reply)
    return threads


def reply_authors(threads: dict[str, list[db.AnnotationReply]]) -> set[str | None]:
    return {r.author_id for replies in threads.values() for r in replies}


def annotation_wire(
    a: db.Annotation, names: dict[str, str], replies: list[db.AnnotationReply] | None = None
) -> wire.Annotation:
    status = wire.AnnotationStatus(a.status) if a.status else None
    return wire.Annotation(
        id=a.id,
        document_id=a.document_id,
        page=a.page,
        kind=wire.AnnotationKind(a.kind),
        geometry=a.geometry,
        text=a.text,
        color=a.color,
        resolved=a.resolved,
        status=status or (wire.AnnotationStatus.COMPLETED if a.resolved else wire.AnnotationStatus.OPEN),
        width=a.width if a.width is not None else 1.0,
        document_sha256=a.document_sha256,
        scale=wire.MarkupScale.model_validate(a.scale) if a.scale else None,
        author_id=a.author_id,
        author_name=names.get(a.author_id, ""),
        version=a.version,
        created_at=aware(a.created_at),
        updated_at=aware(a.updated_at),
        replies=[
            wire.AnnotationReply(
                id=r.id,
                author_id=r.author_id,
                author_name=names.get(r.author_id, ""),
                text=r.text,
                created_at=aware(r.created_at),
            )
            for r in replies or ()
        ],
        etag=annotation_etag(a),
    )


def annotation_wires(session: Session, annotations: list[db.Annotation]) -> list[wire.Annotation]:
    """Markups as the API answers them, with their threads and names loaded in bulk."""
    threads = annotation_replies(session, annotations)
    authors: set[str | None] = {a.author_id for a in annotations}
    names = user_names(session, authors | reply_authors(threads))
    return [annotation_wire(a, names, threads[a.id]) for a in annotations]


ACTED_AT = "acted_at"  # kept in the event's data, shown beside `at` on the wire


def event_wire(e: db.Event, names: dict[str, str]) -> wire.Event:
    data = dict(e.data or {})
    acted_at = data.pop(ACTED_AT, None)
    return wire.Event(
        id=e.id,
        case_id=e.case_id,
        kind=wire.EventKind(e.kind),
        at=aware(e.at),
        actor_id=e.actor_id,
        actor_name=names.get(e.actor_id or ""),
        text=e.text,
        data=data,
        acted_at=dt.datetime.fromisoformat(acted_at) if acted_at else None,
    )


def add_event(
    session: Session,
    case: db.Case,
    kind: wire.EventKind,
    actor: db.User,
    text: str = "",
    *,
    acted_at: dt.datetime | None = None,
    **data: Any,
) -> db.Event:
    """Record a history event for ``case`` under a new change number; ``acted_at`` is when the user acted,
    if the write said so (the event's ``at`` is always the platform's own time)."""
    import uuid

    if acted_at is not None:
        data[ACTED_AT] = acted_at.isoformat()

    event = db.Event(
        id=uuid.uuid4().hex,
        seq=db.next_seq(session),
        municipality_id=case.municipality_id,
        case_id=case.id,
        kind=kind.value,
        at=db.utcnow(),
        actor_id=actor.id,
        text=text,
        data=data,
    )
    session.add(event)
    return event


def touch_case(session: Session, case: db.Case) -> None:
    """A change to the case, after ``claim_version`` took it: the new version (so its ETag changes; the
    database has it already) and a new change number for the delta feed."""
    case.version += 1
    case.seq = db.next_seq(session)
    case.updated_at = db.utcnow()
