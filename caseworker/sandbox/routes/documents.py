"""Documents (metadata and bytes, with conditional and range requests) and their markups (annotations)."""

from __future__ import annotations

import re
import urllib.parse
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, NoReturn, cast

from fastapi import APIRouter, Header, Response, status
from fastapi.responses import StreamingResponse
from sqlalchemy import CursorResult, LargeBinary, delete, func, select
from sqlalchemy.orm import Session

from caseworker.domain import models as wire
from caseworker.sandbox import db, inputs
from caseworker.sandbox.inputs import safe_filename, served_media_type
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes.common import (
    CONDITIONAL_RESPONSES,
    PROBLEM,
    READ_RESPONSES,
    WRITE_RESPONSES,
    annotation_etag,
    annotation_wire,
    check_if_match,
    claim_version,
    document_wire,
    if_none_match_hits,
    load,
    stale,
    user_names,
)
from caseworker.sandbox.security import CurrentUser, SessionDep
from caseworker.sandbox.writes import IDEMPOTENCY_RESPONSES, IdempotencyKey

router = APIRouter(tags=["documents"])

CHUNK = 256 * 1024  # bytes per body chunk when streaming content
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

# --- documents -------------------------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/documents",
    response_model=list[wire.Document],
    responses=READ,
    summary="The documents of a case, drawings included",
)
def case_documents(case_id: str, user: CurrentUser, session: SessionDep) -> list[wire.Document]:
    load(session, db.Case, case_id, user)
    rows = session.scalars(
        select(db.Document)
        .where(db.Document.case_id == case_id)
        .order_by(db.Document.created_at, db.Document.id)
    ).all()
    return [document_wire(d) for d in rows]


@router.get(
    "/documents/{document_id}",
    response_model=wire.Document,
    responses=READ,
    summary="One document's metadata",
)
def get_document(document_id: str, user: CurrentUser, session: SessionDep) -> wire.Document:
    return document_wire(load(session, db.Document, document_id, user))


_BINARY = {"schema": {"type": "string", "format": "binary"}}
_CONTENT_HEADERS = {
    "ETag": {"description": 'The sha256 of the bytes, quoted: "<sha256>"', "schema": {"type": "string"}},
    "Accept-Ranges": {"description": "bytes", "schema": {"type": "string"}},
    "Content-Length": {"schema": {"type": "integer"}},
}
CONTENT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"*/*": _BINARY},
        "headers": _CONTENT_HEADERS,
        "description": "The whole document (Content-Type is the document's media type)",
    },
    206: {
        "content": {"*/*": _BINARY},
        "headers": {
            **_CONTENT_HEADERS,
            "Content-Range": {"description": "bytes first-last/size", "schema": {"type": "string"}},
        },
        "description": "The requested byte range",
    },
    304: {
        "headers": {"ETag": _CONTENT_HEADERS["ETag"]},
        "description": "Not modified: If-None-Match names the ETag",
    },
    416: {
        **PROBLEM,
        "headers": {"Content-Range": {"description": "bytes */size", "schema": {"type": "string"}}},
        "description": "Range not satisfiable",
    },
    **READ,
}

# RFC 9110 §14.1.2: ``bytes=first-[last]`` or ``bytes=-suffix``, the unit case-insensitive, no spaces
# inside a range. Several ranges (a comma) and anything malformed are answered with the whole body.
_RANGE = re.compile(r"bytes=(?:(\d{1,30})-(\d{0,30})|-(\d{1,30}))", re.IGNORECASE)


class _Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """One byte range ``(first, last)`` (inclusive), or None to answer with the whole representation.

    A malformed header, an invalid range (last before first) or several ranges are ignored, as RFC 9110
    §14.2 allows; a valid range that does not overlap the content (it starts at or after its end, or a
    suffix of zero bytes) raises _Unsatisfiable (416).
    """
    m = _RANGE.fullmatch(header.strip())
    if m is None:
        return None
    first, last, suffix = m.groups()
    if suffix is not None:
        n = int(suffix)
        if n == 0 or size == 0:
            raise _Unsatisfiable
        return max(0, size - n), size - 1
    start = int(first)
    end = int(last) if last else None
    if end is not None and end < start:
        return None
    if start >= size:
        raise _Unsatisfiable
    return start, size - 1 if end is None else min(end, size - 1)


def download_headers(filename: str) -> dict[str, str]:
    """Every document is handed out as a file to save, never rendered by a browser: HTML or SVG that a
    caseworker or applicant uploaded must not run in the platform's origin."""
    name = safe_filename(filename)  # stored before names were made safe: made safe on the way out too
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    encoded = urllib.parse.quote(name, safe="")
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"}


async def _chunks(data: bytes) -> AsyncIterator[memoryview]:
    view = memoryview(data)
    for offset in range(0, len(view), CHUNK):
        yield view[offset : offset + CHUNK]


@router.get(
    "/documents/{document_id}/content",
    response_class=Response,
    responses=CONTENT_RESPONSES,
    summary="The document's bytes (ETag = sha256; Range, If-Range and If-None-Match honoured)",
)
def document_content(
    document_id: str,
    user: CurrentUser,
    session: SessionDep,
    range_: Annotated[
        str | None, Header(alias="Range", description="One range: bytes=a-b, bytes=a- or bytes=-n")
    ] = None,
    if_range: Annotated[
        str | None, Header(alias="If-Range", description="Serve the range only if this is still the ETag")
    ] = None,
    if_none_match: Annotated[
        str | None, Header(alias="If-None-Match", description="304 if the ETag is among these")
    ] = None,
) -> Response:
    document = load(session, db.Document, document_id, user)
    size = session.execute(select(db.Blob.size).where(db.Blob.sha256 == document.sha256)).scalar_one_or_none()
    if size is None:
        raise ProblemError(404, "Not found", "The document's content is missing.", type_="not-found")
    etag = f'"{document.sha256}"'
    headers = {"ETag": etag, "Accept-Ranges": "bytes", "X-Content-Type-Options": "nosniff"}
    if if_none_match_hits(if_none_match, etag):
        return Response(status_code=304, headers=headers)

    wanted: tuple[int, int] | None = None
    # If-Range compares strongly: a weak tag or a date (we send no Last-Modified) never matches
    if range_ and (if_range is None or if_range.strip() == etag):
        try:
            wanted = parse_range(range_, size)
        except _Unsatisfiable:
            raise ProblemError(
                416,
                "Range not satisfiable",
                f"The document has {size} bytes.",
                type_="range-not-satisfiable",
                headers={"Content-Range": f"bytes */{size}", **headers},
            ) from None

    if wanted is None:
        data = session.execute(select(db.Blob.data).where(db.Blob.sha256 == document.sha256)).scalar_one()
        status_code = 200
    else:
        first, last = wanted
        # only the range leaves the database (substr counts bytes of a BLOB / bytea, from 1)
        part = func.substr(db.Blob.data, first + 1, last - first + 1, type_=LargeBinary)
        data = session.execute(select(part).where(db.Blob.sha256 == document.sha256)).scalar_one()
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        status_code = 206
    data = bytes(data) if not isinstance(data, bytes) else data  # psycopg may hand back a memoryview
    headers["Content-Length"] = str(len(data))
    headers.update(download_headers(document.filename))
    return StreamingResponse(
        _chunks(data),
        status_code=status_code,
        media_type=served_media_type(document.media_type),
        headers=headers,
    )


# --- annotations -----------------------------------------------------------------------------------


def _invalid(detail: str, field: str) -> ProblemError:
    return ProblemError(
        422,
        "Invalid request",
        detail,
        type_="invalid-request",
        errors=[{"loc": ["body", field], "msg": detail}],
    )


def _check_markup(body: inputs.AnnotationInput, document: db.Document) -> None:
    problem = inputs.geometry_problem(body.geometry)
    if problem:
        raise _invalid(problem, "geometry")
    if body.page >= document.pages:
        raise _invalid(f"page {body.page} is out of range: the document has {document.pages} pages", "page")


def _require_annotating_role(user: db.User) -> None:
    if not ANNOTATING_ROLES.intersection(user.roles):
        raise ProblemError(403, "Forbidden", "This needs a casework role.", type_="forbidden")


def _wire(session: Session, annotation: db.Annotation) -> wire.Annotation:
    return annotation_wire(annotation, user_names(session, {annotation.author_id}))


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


@router.get(
    "/documents/{document_id}/annotations",
    response_model=list[wire.Annotation],
    responses=READ,
    summary="The markups of a document",
)
def list_annotations(document_id: str, user: CurrentUser, session: SessionDep) -> list[wire.Annotation]:
    load(session, db.Document, document_id, user)
    rows = session.scalars(
        select(db.Annotation)
        .where(db.Annotation.document_id == document_id)
        .order_by(db.Annotation.created_at, db.Annotation.id)
    ).all()
    names = user_names(session, {a.author_id for a in rows})
    return [annotation_wire(a, names) for a in rows]


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
        resolved=body.resolved,
        author_id=user.id,
        created_at=now,
        updated_at=now,
    )
    session.add(annotation)
    session.commit()
    response.headers["ETag"] = annotation_etag(annotation)
    response.headers["Location"] = f"/api/v1/annotations/{annotation.id}"
    return _wire(session, annotation)


@router.put(
    "/annotations/{annotation_id}",
    response_model=wire.Annotation,
    responses={200: {"headers": _ETAG}, **CONDITIONAL_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Change a markup (If-Match required)",
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
    check_if_match(if_match, annotation_etag(annotation), lambda: _current(session, annotation))
    document = session.get(db.Document, annotation.document_id)
    assert document is not None  # a foreign key
    _check_markup(body, document)
    if not claim_version(session, db.Annotation, annotation.id, annotation.version):
        _lost(session, annotation)
    annotation.page, annotation.kind, annotation.geometry = body.page, body.kind.value, body.geometry
    annotation.text, annotation.color, annotation.resolved = body.text, body.color, body.resolved
    annotation.version += 1
    annotation.seq = db.next_seq(session)
    annotation.updated_at = db.utcnow()
    session.commit()
    response.headers["ETag"] = annotation_etag(annotation)
    return _wire(session, annotation)


@router.delete(
    "/annotations/{annotation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**CONDITIONAL_RESPONSES, **IDEMPOTENCY_RESPONSES},
    summary="Remove a markup (If-Match required); the delta feed reports a tombstone",
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
    check_if_match(if_match, annotation_etag(annotation), lambda: _current(session, annotation))
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
