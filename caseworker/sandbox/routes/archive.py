"""E-archive search: older records (with their scanned drawings) by property, drawing type, year and text.

A property is found under every name it has had. Two sources know those names:

* the archive record itself: ``search_designations`` holds the lower-cased designation as recorded, the
  current one and the former ones known when the record was filed — one substring match covers them;
* the live cases: a property renamed (subdivided, merged) after a record was filed is known by its new
  and old names only to the cases on it. So every case in the user's municipalities that has former
  designations and carries the searched text in any of its names contributes all of its names, and a
  record whose current or recorded designation is one of them matches as well.

Results are ordered newest year first (then by id) and paged with an opaque keyset cursor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from caseworker.domain import models as wire
from caseworker.sandbox import db
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes.cases import _folded  # lower() that folds Swedish letters on SQLite too
from caseworker.sandbox.routes.common import document_wire
from caseworker.sandbox.routes.sync import PAGED_RESPONSES, decode_token, encode_token
from caseworker.sandbox.security import CurrentUser, SessionDep, SettingsDep

router = APIRouter(tags=["archive"])

DEFAULT_LIMIT = 50
_CURSOR = re.compile(r"v1:(-?\d{1,9}):([!-~]{1,40})")  # record ids are visible ASCII
Record = db.ArchiveRecord


def _cursor(record: db.ArchiveRecord) -> str:
    return encode_token(f"v1:{record.year}:{record.id}")


def _after(cursor: str) -> ColumnElement[bool]:
    """Records after the cursor's record in the order (year descending, id)."""
    m = _CURSOR.fullmatch(decode_token(cursor) or "")
    if m is None:
        raise ProblemError(400, "Invalid cursor", "Use next_cursor exactly as returned.", type_="bad-cursor")
    year, record_id = int(m.group(1)), m.group(2)
    return or_(Record.year < year, and_(Record.year == year, Record.id > record_id))


def _names_via_cases(session: Session, munis: list[str], needle: str) -> set[str]:
    """Every name of the properties whose current or former designation (per a case) contains ``needle``."""
    rows = session.execute(
        select(db.Case.property_designation, db.Case.former_designations).where(
            db.Case.municipality_id.in_(munis), func.json_array_length(db.Case.former_designations) > 0
        )
    ).all()
    names: set[str] = set()
    for current, former in rows:
        all_names = [current, *(former or [])]
        if any(needle in name.lower() for name in all_names):
            names.update(all_names)
    return names


@router.get(
    "/archive/records",
    response_model=wire.ArchivePage,
    responses=PAGED_RESPONSES,
    summary="Search the e-archive (a property matches under its current and former designations)",
)
def search_archive(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    property_: Annotated[
        str | None,
        Query(
            alias="property",
            min_length=1,
            max_length=200,
            description="Part of a property designation, current or former (case-insensitive)",
        ),
    ] = None,
    drawing_type: Annotated[
        wire.DrawingType | None, Query(description="Only records with a document of this drawing type")
    ] = None,
    year_from: Annotated[int | None, Query(ge=1, le=9999, description="First year (inclusive)")] = None,
    year_to: Annotated[int | None, Query(ge=1, le=9999, description="Last year (inclusive)")] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1, max_length=200, description="Text in the title, registration number or designation"
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, description="Records per page (at most the platform's page limit)")] = (
        DEFAULT_LIMIT
    ),
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> wire.ArchivePage:
    munis = list(user.municipalities)
    limit = min(limit, settings.page_limit_max)
    stmt = select(Record).where(Record.municipality_id.in_(munis))
    if property_ and property_.strip():
        needle = property_.strip().lower()
        matches = Record.search_designations.contains(needle, autoescape=True)
        names = _names_via_cases(session, munis, needle)
        if names:
            matches = or_(
                matches, Record.current_designation.in_(names), Record.property_designation.in_(names)
            )
        stmt = stmt.where(matches)
    if drawing_type is not None:
        stmt = stmt.where(
            exists().where(
                db.Document.archive_record_id == Record.id, db.Document.drawing_type == drawing_type.value
            )
        )
    if year_from is not None:
        stmt = stmt.where(Record.year >= year_from)
    if year_to is not None:
        stmt = stmt.where(Record.year <= year_to)
    if q and q.strip():
        text = q.strip().lower()
        stmt = stmt.where(
            or_(
                *(
                    _folded(column).contains(text, autoescape=True)
                    for column in (Record.title, Record.registration_number)
                ),
                Record.search_designations.contains(text, autoescape=True),
            )
        )
    if cursor is not None:
        stmt = stmt.where(_after(cursor))
    records = list(session.scalars(stmt.order_by(Record.year.desc(), Record.id).limit(limit + 1)))
    has_more = len(records) > limit
    records = records[:limit]

    documents: dict[str, list[wire.Document]] = defaultdict(list)
    if records:
        for d in session.scalars(
            select(db.Document)
            .where(db.Document.archive_record_id.in_([r.id for r in records]))
            .order_by(db.Document.created_at, db.Document.id)
        ):
            documents[d.archive_record_id or ""].append(document_wire(d))
    return wire.ArchivePage(
        items=[
            wire.ArchiveRecord(
                id=r.id,
                municipality_id=r.municipality_id,
                property_designation=r.property_designation,
                current_designation=r.current_designation,
                title=r.title,
                year=r.year,
                registration_number=r.registration_number,
                documents=documents[r.id],
            )
            for r in records
        ],
        next_cursor=_cursor(records[-1]) if has_more else None,
    )
