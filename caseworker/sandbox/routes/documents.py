"""Documents: metadata and bytes, with conditional and range requests (their markups: ``markups.py``)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import LargeBinary, func, select

from caseworker.domain import models as wire
from caseworker.sandbox import db
from caseworker.sandbox.inputs import safe_filename, served_media_type
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes.common import (
    PROBLEM,
    READ_RESPONSES,
    document_wire,
    if_none_match_hits,
    load,
)
from caseworker.sandbox.security import CurrentUser, SessionDep

router = APIRouter(tags=["documents"])

CHUNK = 256 * 1024  # bytes per body chunk when streaming content

READ: dict[int | str, dict[str, Any]] = {
    **READ_RESPONSES,
    422: {**PROBLEM, "description": "A parameter does not match the contract"},
}
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
