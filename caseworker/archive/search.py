"""E-archive search: on the platform when it answers, over the records fetched before when it does not.

Every record the platform returns is kept in the encrypted store (``store/archive.py``), so a search made
offline finds what earlier searches brought in; a result says whether it came from the platform or from
the store (``ArchiveResult.offline``) and why. A scan opened once is in the blob store, so it opens
offline too.

Which designation matched: the platform matches a property under its current and its former names. A
hit says which (:func:`matched_by`): the current designation, or a former one -- the designation the
record was filed under, or one the platform knows from the property's history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum

from caseworker.api.client import PlatformClient
from caseworker.api.errors import Offline, Overloaded, PlatformError, ServerError
from caseworker.domain.models import ArchiveRecord, DrawingType
from caseworker.store import AsyncStore

log = logging.getLogger(__name__)

MAX_RESULTS = 200  # records one search brings in (four pages of the platform's default)
# Failures for which the records fetched before are the best answer: the platform cannot be reached or
# cannot answer now. Anything else (signed out, a refused query) is the user's to see.
UNREACHABLE = (Offline, ServerError, Overloaded)


class MatchedBy(StrEnum):
    CURRENT = "current"  # the property's current designation
    FORMER = "former"  # a former designation
    NONE = "none"  # no property was searched for


@dataclass(frozen=True)
class ArchiveQuery:
    property: str = ""  # part of a designation, current or former
    drawing_type: DrawingType | None = None
    year_from: int | None = None
    year_to: int | None = None
    text: str = ""  # title, registration number or designation

    def is_empty(self) -> bool:
        return not (
            self.property.strip()
            or self.drawing_type
            or self.year_from is not None
            or self.year_to is not None
            or self.text.strip()
        )


@dataclass(frozen=True)
class ArchiveHit:
    record: ArchiveRecord
    matched: MatchedBy

    @property
    def filed_under(self) -> str:
        """The designation the record was filed under (may be a former one)."""
        return self.record.property_designation


@dataclass
class ArchiveResult:
    hits: list[ArchiveHit]
    offline: bool = False  # searched over the records fetched before, not on the platform
    reason: PlatformError | None = None  # why the platform was not asked (offline)
    more: bool = False  # the platform had more than MAX_RESULTS
    stored: int = field(default=0)  # records in the store (offline: what the search could cover)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def matched_by(record: ArchiveRecord, property_text: str) -> MatchedBy:
    """Whether ``property_text`` found ``record`` by the property's current designation or a former one."""
    needle = _fold(property_text)
    if not needle:
        return MatchedBy.NONE
    if needle in _fold(record.current_designation):
        return MatchedBy.CURRENT
    return MatchedBy.FORMER  # the recorded name, or one the platform knows from the property's history


def matches(record: ArchiveRecord, query: ArchiveQuery) -> bool:
    """The platform's filter, over a stored record (offline). A property is found under the two names
    the record carries: the one it was filed under and the current one."""
    needle = _fold(query.property)
    if needle and not any(
        needle in _fold(n) for n in (record.property_designation, record.current_designation)
    ):
        return False
    if query.drawing_type is not None and not any(
        d.drawing_type == query.drawing_type for d in record.documents
    ):
        return False
    if query.year_from is not None and record.year < query.year_from:
        return False
    if query.year_to is not None and record.year > query.year_to:
        return False
    text = _fold(query.text)
    if text:
        haystack = (
            record.title,
            record.registration_number,
            record.property_designation,
            record.current_designation,
        )
        if not any(text in _fold(h) for h in haystack):
            return False
    return True


class ArchiveSearch:
    """Searches the platform's e-archive and keeps what it finds for searching offline."""

    def __init__(self, client: PlatformClient, store: AsyncStore) -> None:
        self.client = client
        self.store = store

    async def search(self, query: ArchiveQuery, *, offline: bool = False) -> ArchiveResult:
        """Records matching ``query``, newest first. ``offline=True`` searches only the store (the app
        knows it is offline); a platform that cannot be reached gives the same, saying why."""
        if not offline:
            try:
                records, more = await self._online(query)
            except UNREACHABLE as exc:
                log.info("archive search offline: %s", type(exc).__name__)
                return await self._stored(query, exc)
            await self.store.upsert_archive_records(records)
            return ArchiveResult([ArchiveHit(r, matched_by(r, query.property)) for r in records], more=more)
        return await self._stored(query, None)

    async def _online(self, query: ArchiveQuery) -> tuple[list[ArchiveRecord], bool]:
        records: list[ArchiveRecord] = []
        async for page in self.client.archive_pages(
            property=query.property.strip() or None,
            drawing_type=query.drawing_type,
            year_from=query.year_from,
            year_to=query.year_to,
            q=query.text.strip() or None,
        ):
            records.extend(page.items)
            if len(records) >= MAX_RESULTS:
                return records[:MAX_RESULTS], bool(page.next_cursor) or len(records) > MAX_RESULTS
        return records, False

    async def _stored(self, query: ArchiveQuery, reason: PlatformError | None) -> ArchiveResult:
        stored = await self.store.list_archive_records()
        hits = [ArchiveHit(r, matched_by(r, query.property)) for r in stored if matches(r, query)]
        return ArchiveResult(hits, offline=True, reason=reason, stored=len(stored))
