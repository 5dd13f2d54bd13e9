"""The delta feed: every change to cases, documents, annotations and events since a cursor, in change order.

Every syncable row carries ``seq``, the global change counter at its last write, and deletions leave a
``Tombstone`` with its own ``seq``. A cursor is the ``seq`` of the last change a client has seen, made
opaque (urlsafe base64 of ``v1:<seq>``). A page is read in two steps that both walk the ``seq`` indexes:

1. from each table, the ``seq`` of at most ``limit + 1`` rows after the cursor in the user's
   municipalities; merged, they tell where the page ends (and whether more follows);
2. the rows up to that end, loaded whole, with their parties and user names fetched in one query each.

Everything is bounded by the change counter read first: rows with a higher ``seq`` may belong to a
transaction that is still running (or committed between two of our statements), and handing them out
could move a client's cursor past a lower ``seq`` it has not seen yet.

Too old (410): tombstones older than the ``horizon`` counter may be gone, so a cursor that still needs
them is refused and the client starts over without one. A full pull needs no deletion from before it
began (it starts from an empty store, and whatever was deleted earlier is simply not in the tables), so
its cursors carry the counter at its first page, ``v1:<seq>:<start>``, until the pull has passed that
point; the cursor then needs the tombstones after ``max(seq, start)``. That is what lets a full resync
page through a feed whose horizon is newer than most of its rows.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from operator import attrgetter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain import models as wire
from caseworker.sandbox import db
from caseworker.sandbox.problems import ProblemError
from caseworker.sandbox.routes.common import (
    PROBLEM,
    READ_RESPONSES,
    annotation_replies,
    annotation_wire,
    case_wire,
    document_wire,
    event_wire,
    party_wire,
    reply_authors,
    user_names,
)
from caseworker.sandbox.security import CurrentUser, SessionDep, SettingsDep

router = APIRouter(tags=["sync"])

DEFAULT_LIMIT = 500
_CURSOR = re.compile(r"v1:(\d{1,18})(?::(\d{1,18}))?")

Syncable = type[db.Case | db.Document | db.Annotation | db.Event | db.Tombstone]
# the tables of the feed, in the order a client applies changes that share a seq (none do today)
_TABLES: list[tuple[wire.ChangeEntity, Syncable]] = [
    (wire.ChangeEntity.CASE, db.Case),
    (wire.ChangeEntity.DOCUMENT, db.Document),
    (wire.ChangeEntity.ANNOTATION, db.Annotation),
    (wire.ChangeEntity.EVENT, db.Event),
]
_ENTITIES = [e.value for e in wire.ChangeEntity]


def encode_token(text: str) -> str:
    """An opaque paging token (urlsafe base64 without padding)."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_token(token: str) -> str | None:
    """The text inside a token from encode_token, or None if it is not one."""
    if len(token) > 400:
        return None
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, ValueError):
        return None


def encode_cursor(seq: int, start: int = 0) -> str:
    """The cursor after ``seq``; ``start`` is where a full pull began while it is still behind that point."""
    return encode_token(f"v1:{seq}:{start}" if start > seq else f"v1:{seq}")


def decode_cursor(cursor: str) -> tuple[int, int]:
    """``(seq, needs)``: the last change seen and the seq after which its tombstones are needed; 400 if
    the cursor is not one of ours."""
    m = _CURSOR.fullmatch(decode_token(cursor) or "")
    if m is None:
        raise ProblemError(400, "Invalid cursor", "Use next_cursor exactly as returned.", type_="bad-cursor")
    seq = int(m.group(1))
    return seq, max(seq, int(m.group(2) or 0))


def _gone(detail: str) -> ProblemError:
    return ProblemError(
        410, "Cursor too old", detail + " Do a full resync (start without a cursor).", type_="cursor-gone"
    )


PAGED_RESPONSES: dict[int | str, dict[str, Any]] = {
    **READ_RESPONSES,
    400: {**PROBLEM, "description": "The cursor is not one this platform handed out"},
    422: {**PROBLEM, "description": "A query parameter does not match the contract"},
}
SYNC_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PAGED_RESPONSES,
    410: {**PROBLEM, "description": "The cursor is too old: do a full resync from no cursor"},
}


@router.get(
    "/sync/changes",
    response_model=wire.ChangePage,
    responses=SYNC_RESPONSES,
    summary="Changes (upserts and tombstones) since a cursor, in change order",
)
def changes(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    cursor: Annotated[
        str | None, Query(description="next_cursor of the previous page; absent = everything from the start")
    ] = None,
    limit: Annotated[
        int, Query(ge=1, description="Changes per page (at most the platform's page limit, 1000)")
    ] = DEFAULT_LIMIT,
) -> Response:
    upto = db.read_counter(session, "seq")  # first: see the module docstring
    if cursor is None:
        after, start = 0, upto  # a full pull: it needs the deletions from now on
    else:
        after, start = decode_cursor(cursor)
        if start < db.read_counter(session, "horizon"):
            raise _gone("The changes after this cursor are no longer kept.")
        if start > upto:
            raise _gone("The cursor is from a later state of the platform than this one (was it reset?).")
    limit = min(limit, settings.page_limit_max)
    munis = list(user.municipalities)

    # step 1: where does this page end?
    found = {entity: _seqs(session, model, after, upto, munis, limit + 1) for entity, model in _TABLES}
    deletes = _seqs(session, db.Tombstone, after, upto, munis, limit + 1)
    seqs = sorted([s for entity_seqs in found.values() for s in entity_seqs] + deletes)
    has_more = len(seqs) > limit
    end = seqs[limit - 1] if has_more else upto

    # step 2: the rows of the page (tables with nothing in it are not asked again)
    rows: dict[wire.ChangeEntity, list[Any]] = {}
    for entity, model in _TABLES:
        rows[entity] = (
            _rows(session, model, after, end, munis) if found[entity] and found[entity][0] <= end else []
        )
    tombstones = _rows(session, db.Tombstone, after, end, munis) if deletes and deletes[0] <= end else []

    out = _upserts(session, rows)
    out += [
        wire.Change(entity=wire.ChangeEntity(t.entity), op="delete", id=t.entity_id, seq=t.seq, data=None)
        for t in tombstones
    ]
    out.sort(key=attrgetter("seq"))
    # the end of the page is the last change returned, or (on the last page) the counter read at the start
    page = wire.ChangePage(changes=out, next_cursor=encode_cursor(end, start), has_more=has_more)
    # already validated models: skip FastAPI's second validation pass over a page of up to 1000 entities
    return Response(content=page.model_dump_json(), media_type="application/json")


def _where(model: Syncable, after: int, upto: int, munis: list[str]) -> list[Any]:
    # `municipality_id || ''` keeps SQLite's planner off the municipality index: walking the seq index
    # in order (and skipping other tenants' rows) beats reading a whole municipality and sorting it for
    # every page, which turns a 50 000-case pull quadratic. PostgreSQL plans by statistics either way.
    clauses = [model.seq > after, model.seq <= upto, (model.municipality_id + "").in_(munis)]
    if model is db.Tombstone:
        clauses.append(db.Tombstone.entity.in_(_ENTITIES))
    return clauses


def _seqs(session: Session, model: Syncable, after: int, upto: int, munis: list[str], n: int) -> list[int]:
    """The first ``n`` change numbers of ``model`` in (after, upto] that the user may see."""
    stmt = select(model.seq).where(*_where(model, after, upto, munis)).order_by(model.seq).limit(n)
    return list(session.scalars(stmt))


def _rows(session: Session, model: Syncable, after: int, end: int, munis: list[str]) -> list[Any]:
    return list(session.scalars(select(model).where(*_where(model, after, end, munis)).order_by(model.seq)))


def _upserts(session: Session, rows: dict[wire.ChangeEntity, list[Any]]) -> list[wire.Change]:
    cases: list[db.Case] = rows[wire.ChangeEntity.CASE]
    annotations: list[db.Annotation] = rows[wire.ChangeEntity.ANNOTATION]
    events: list[db.Event] = rows[wire.ChangeEntity.EVENT]
    threads = annotation_replies(session, annotations)
    names = user_names(
        session,
        {c.assignee_id for c in cases}
        | {a.author_id for a in annotations}
        | reply_authors(threads)
        | {e.actor_id for e in events},
    )
    parties: dict[str, list[wire.Party]] = defaultdict(list)
    if cases:
        for p in session.scalars(
            select(db.Party).where(db.Party.case_id.in_([c.id for c in cases])).order_by(db.Party.id)
        ):
            parties[p.case_id].append(party_wire(p))

    def upsert(entity: wire.ChangeEntity, row: Any, data: wire.Wire) -> wire.Change:
        return wire.Change(
            entity=entity, op="upsert", id=row.id, seq=row.seq, data=data.model_dump(mode="json")
        )

    kinds = wire.ChangeEntity
    out = [upsert(kinds.CASE, c, case_wire(c, parties[c.id], names)) for c in cases]
    out += [upsert(kinds.DOCUMENT, d, document_wire(d)) for d in rows[kinds.DOCUMENT]]
    out += [upsert(kinds.ANNOTATION, a, annotation_wire(a, names, threads[a.id])) for a in annotations]
    out += [upsert(kinds.EVENT, e, event_wire(e, names)) for e in events]
    return out
