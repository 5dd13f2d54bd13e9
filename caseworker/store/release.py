"""Which documents kept offline to release: the plan, apart from the files and the database.

A *document blob* is a blob whose sha256 is a cached document's (the ``documents`` table): the platform
can send those bytes again. A blob that an unsent outbox write names (a decision letter waiting to be
uploaded) is never released: it may be the only copy. A blob nothing refers to any more (its document
was deleted on the platform) goes in the retention sweep once unused as long as a document would be.

The policy (:func:`plan`): first every document blob not used since ``unused_since``, then, while the
rest total more than ``max_bytes``, the least recently used ones. A blob's last use is when it was
stored, downloaded or read (``blob_use`` in ``cache.db``), else its file's modification time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class ReleaseResult:
    """What a release did: blobs removed, bytes freed, document bytes left; the cases they belong to."""

    removed: int = 0
    freed_bytes: int = 0
    remaining_bytes: int = 0
    case_ids: frozenset[str] = frozenset()  # cases with a document no longer available offline


@dataclass(frozen=True)
class DocumentBlob:
    """A releasable blob: its size on disk and when it was last used."""

    sha256: str
    size: int
    last_used: dt.datetime


def plan(
    blobs: Iterable[DocumentBlob], *, unused_since: dt.datetime | None, max_bytes: int | None
) -> list[DocumentBlob]:
    """The blobs to release, oldest use first (ties by sha256, so the order is stable)."""
    ordered = sorted(blobs, key=lambda b: (b.last_used, b.sha256))
    if unused_since is not None:
        stale = [b for b in ordered if b.last_used < unused_since]
        ordered = ordered[len(stale) :]  # sorted by last use: the stale ones are the first
    else:
        stale = []
    over: list[DocumentBlob] = []
    if max_bytes is not None:
        total = sum(b.size for b in ordered)
        for blob in ordered:
            if total <= max_bytes:
                break
            over.append(blob)
            total -= blob.size
    return stale + over


def parse_time(text: str) -> dt.datetime:
    """A stored ISO time (UTC when it names no zone)."""
    at = dt.datetime.fromisoformat(text)
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def named_blobs(value: Any) -> Iterator[str]:
    """Every sha256 (64 lower-case hex characters) among the strings of a JSON value, at any depth."""
    if isinstance(value, str):
        if _SHA256.match(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from named_blobs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from named_blobs(item)


def total_size(blobs: Iterable[DocumentBlob]) -> int:
    return sum(b.size for b in blobs)
