"""A document's markups (annotations), their review status and their reply threads.

Who may do what: anyone in the markup's municipality may add markups, reply and set a markup's status;
only its author or a team lead may change or remove the markup itself (403 otherwise, whatever the
If-Match). A markup is bound to the sha256 of the document it was made on: one sent for another revision
is refused (422 ``document-changed``), never moved. A reply moves the markup in the delta feed (its
``seq``) but not its version: a reply never makes someone's edit of the markup stale.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, NoReturn, cast

from fastapi import APIRouter, Header, Response, status
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from caseworker.domain import models as wire
from caseworker.sandbox import db, inputs
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes.common import (
    CONDITIONAL_RESPONSES,
    PROBLEM,
    READ_RESPONSES,
    WRITE_RESPONSES,
    annotation_etag,
    annotation_wires,
    check_if_match,
    claim_version,
    confirm_version,
    load,
    stale,
)
from caseworker.sandbox.security import CurrentUser, SessionDep
from caseworker.sandbox.writes import IDEMPOTENCY_RESPONSES, IdempotencyKey

router = APIRouter(tags=["documents"])

ANNOTATING_ROLES = frozenset(r.value for r in wire.Role)  # every role may mark up a document

READ: dict[int | str, dict[str, Any]] = {
    **READ_RESPONSES,
    422: {**PROBLEM, "description": "A parameter does not match the contract"},
}
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="The ETag the change is based on (required: 428 without)"),
]
_ETAG = {"ETag": {"description": "The entity tag to send as If-Match", "schema": {"type": "string"}}}
OWN_MARKUP: dict[int | str, dict[str, Any]] = {
    403: {**PROBLEM, "description": "Only the markup's author or a team lead may change or remove it"}
}


def _invalid(detail: str, field: str, type_: str = "invalid-request") -> ProblemError:
    return ProblemError(
        422, "Invalid request", detail, type_=type_, errors=[{"loc": ["body", field], "msg": detail}]
    )


def _check_markup(body: inputs.AnnotationInput, document: db.Document) -> None:
    problem = inputs.geometry_problem(body.geometry) or inputs.kind_geometry_problem(
        body.kind.value, body.geometry, body.scale
    )
    if problem:
        raise _invalid(problem, "geometry")
    if body.page >= document.pages:
        raise _invalid(f"page {body.page} is out of range: the document has {document.pages} pages", "page")
    if body.document_sha256 is not None and body.document_sha256 != document.sha256:
        raise _invalid(
            "the markup was made on another revision of the document (document_sha256 differs)",
            "document_sha256",
            type_="document-changed",
        )


def _require_annotating_role(user: db.User) -> None:
    if not ANNOTATING_ROLES.intersection(user.roles):
        raise ProblemError(403, "Forbidden", "This needs a casework role.", type_="forbidden")


def _require_own_or_lead(user: db.User, annotation: db.Annotation) -> None:
    if annotation.author_id != user.id and wire.Role.TEAM_LEAD.value not in user.roles:
        raise ProblemError(
            403,
            "Forbidden",
            "Only the markup's author or a team lead may change or remove it; anyone may reply or set its "
            "status.",
            type_="not-author",
        )


def _wire(session: Session, annotation: db.Annotation) -> wire.Annotation:
    (one,) = annotation_wires(session, [annotation])
    return one


def _current(session: Session, annotation: db.Annotation) -> dict[str, Any]:
    return _wire(session, annotation).model_dump(mode="json")


def _lost(session: Session, annotation: db.Annotation) -> NoReturn:
    """Another request changed or removed the markup first: 412 with it as it is now, 404 if it is gone
    (as the same request would get from now on)."""
    annotation_id = annotation.id
    session.rollback()
    session.expunge(annotation)
    now = session.get(db.Annotation, annotation_id)
    if now is None:
        raise ProblemError(404, "Not found", "The markup has been removed.", type_="not-found")
    raise stale(annotation_etag(now), _current(session, now))


def _status_of(body: inputs.AnnotationInput) -> wire.AnnotationStatus:
    if body.status is not None:
        return body.status
    return wire.AnnotationStatus.COMPLETED if body.resolved else wire.AnnotationStatus.OPEN


def _set_status(annotation: db.Annotation, value: wire.AnnotationStatus) -> None:
    annotation.status = value.value
    annotation.resolved = value != wire.AnnotationStatus.OPEN


def _answer(session: Session, annotation: db.Annotation, response: Response) -> wire.Annotation:
    response.headers["ETag"] = annotation_etag(annotation)
    return _wire(session, annotation)


def _commit_new_version(session: Session, annotation: db.Annotation, response: Response) -> wire.Annotation:
    """A change to the markup itself (its shape, text or status): a new version, in the delta feed."""
    annotation.version += 1
    annotation.seq = db.next_seq(session)
    annotation.updated_at = db.utcnow()
    session.commit()
    return _answer(session, annotation, response)


@router.get(
    "/documents/{document_id}/annotations",
    response_model=list[wire.Annotation],
    responses=READ,
    summary="The markups of a document, with their status and replies",
)
def list_annotations(document_id: str, user: CurrentUser, session: SessionDep) -> list[wire.Annotation]:
    load(session, db.Document, document_id, user)
    rows = session.scalars(
        select(db.Annotation)
        .where(db.Annotation.document_id == document_id)
        .order_by(db.Annotation.created_at, db.Annotation.id)
    ).all()
    return annotation_wires(session, list(rows))


@router.post(
    "/documents/{document_id}/annotations",
    response_model=wire.Annotation,
    status_code=status.HTTP_201_CREATED,
    responses={201: {"headers": _ETAG}, **WRITE_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Add a markup to a document (answers with its ETag)",
)
def create_annotation(
    document_id: str,
    body: inputs.AnnotationInput,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    _key: IdempotencyKey,
) -> wire.Annotation:
    _require_annotating_role(user)
    document = load(session, db.Document, document_id, user)
    _check_markup(body, document)
    now = db.utcnow()
    annotation = db.Annotation(
        id=uuid.uuid4().hex,
        seq=db.next_seq(session),
        version=1,
        municipality_id=document.municipality_id,
        document_id=document.id,
        page=body.page,
        kind=body.kind.value,
        geometry=body.geometry,
        text=body.text,
        color=body.color,
        width=body.width,
        document_sha256=document.sha256,
        scale=body.scale.model_dump(mode="json") if body.scale else None,
        author_id=user.id,
        created_at=now,
        updated_at=now,
    )
    _set_status(annotation, _status_of(body))
    session.add(annotation)
    session.commit()
    response.headers["Location"] = f"/api/v1/annotations/{annotation.id}"
    return _answer(session, annotation, response)


@router.put(
    "/annotations/{annotation_id}",
    response_model=wire.Annotation,
    responses={200: {"headers": _ETAG}, **CONDITIONAL_RESPONSES, **IDEMPOTENCY_RESPONSES, **OWN_MARKUP},
    summary="Change a markup (If-Match required; its author or a team lead)",
)
def update_annotation(
    annotation_id: str,
    body: inputs.AnnotationInput,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    _key: IdempotencyKey,
    if_match: IfMatch = None,
) -> wire.Annotation:
    _require_annotating_role(user)
    annotation = load(session, db.Annotation, annotation_id, user)
    _require_own_or_lead(user, annotation)
    check_if_match(if_match, annotation_etag(annotation), lambda: _current(session, annotation))
    document = session.get(db.Document, annotation.document_id)
    assert document is not None  # a foreign key
    _check_markup(body, document)
    if not claim_version(session, db.Annotation, annotation.id, annotation.version):
        _lost(session, annotation)
    annotation.page, annotation.kind, annotation.geometry = body.page, body.kind.value, body.geometry
    annotation.text, annotation.color, annotation.width = body.text, body.color, body.width
    annotation.scale = body.scale.model_dump(mode="json") if body.scale else None
    _set_status(annotation, _status_of(body))
    return _commit_new_version(session, annotation, response)


@router.put(
    "/annotations/{annotation_id}/status",
    response_model=wire.Annotation,
    responses={200: {"headers": _ETAG}, **CONDITIONAL_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Set a markup's review status (If-Match required; anyone in its municipality)",
)
def set_annotation_status(
    annotation_id: str,
    body: wire.AnnotationStatusInput,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    _key: IdempotencyKey,
    if_match: IfMatch = None,
) -> wire.Annotation:
    _require_annotating_role(user)
    annotation = load(session, db.Annotation, annotation_id, user)
    check_if_match(if_match, annotation_etag(annotation), lambda: _current(session, annotation))
    if (annotation.status or ("completed" if annotation.resolved else "open")) == body.status.value:
        if not confirm_version(session, db.Annotation, annotation.id, annotation.version):
            _lost(session, annotation)
        session.commit()
        return _answer(session, annotation, response)
    if not claim_version(session, db.Annotation, annotation.id, annotation.version):
        _lost(session, annotation)
    _set_status(annotation, body.status)
    return _commit_new_version(session, annotation, response)


@router.post(
    "/annotations/{annotation_id}/replies",
    response_model=wire.Annotation,
    status_code=status.HTTP_201_CREATED,
    responses={201: {"headers": _ETAG}, **WRITE_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Reply to a markup (anyone in its municipality); answers with the markup and its thread",
)
def reply_to_annotation(
    annotation_id: str,
    body: inputs.AnnotationReplyInput,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    _key: IdempotencyKey,
) -> wire.Annotation:
    _require_annotating_role(user)
    annotation = load(session, db.Annotation, annotation_id, user)
    # lock the markup first (rows before the change counter), then count its thread under the lock
    locked = session.execute(
        update(db.Annotation)
        .where(db.Annotation.id == annotation.id)
        .values(seq=db.Annotation.seq)
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", locked).rowcount != 1:
        _lost(session, annotation)
    replies = session.scalar(select(func.count()).where(db.AnnotationReply.annotation_id == annotation.id))
    if (replies or 0) >= inputs.MAX_REPLIES:
        raise _invalid(
            f"a markup takes at most {inputs.MAX_REPLIES} replies", "text", type_="too-many-replies"
        )
    # the markup moves in the delta feed so every client gets the thread; its version (ETag) stays
    annotation.seq = db.next_seq(session)
    session.add(
        db.AnnotationReply(
            id=uuid.uuid4().hex,
            annotation_id=annotation.id,
            author_id=user.id,
            text=body.text,
            created_at=db.utcnow(),
        )
    )
    session.commit()
    session.refresh(annotation)
    return _answer(session, annotation, response)


@router.delete(
    "/annotations/{annotation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**CONDITIONAL_RESPONSES, **IDEMPOTENCY_RESPONSES, **OWN_MARKUP},
    summary="Remove a markup and its replies (If-Match required; its author or a team lead); the delta "
    "feed reports a tombstone",
)
def delete_annotation(
    annotation_id: str,
    user: CurrentUser,
    session: SessionDep,
    _key: IdempotencyKey,
    if_match: IfMatch = None,
) -> Response:
    _require_annotating_role(user)
    annotation = load(session, db.Annotation, annotation_id, user)
    _require_own_or_lead(user, annotation)
    check_if_match(if_match, annotation_etag(annotation), lambda: _current(session, annotation))
    # the thread first (foreign key); a lost race below rolls this back too
    session.execute(delete(db.AnnotationReply).where(db.AnnotationReply.annotation_id == annotation.id))
    removed = session.execute(
        delete(db.Annotation).where(
            db.Annotation.id == annotation.id, db.Annotation.version == annotation.version
        )
    )
    if cast("CursorResult[Any]", removed).rowcount != 1:  # compared and removed in one statement
        _lost(session, annotation)
    session.expunge(annotation)
    session.add(
        db.Tombstone(
            seq=db.next_seq(session),
            entity=wire.ChangeEntity.ANNOTATION.value,
            entity_id=annotation.id,
            municipality_id=annotation.municipality_id,
        )
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
