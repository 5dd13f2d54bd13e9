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
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from caseworker.store.base import StoreBase, _chunks, _now

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


class DocumentRelease(StoreBase):
    """Documents kept offline: when each was last used, their size, releasing them."""

    def record_blob_uses(self) -> int:
        """Record the uses the blob store noted (stored, downloaded, read -- on any thread) in
        ``blob_use``; returns how many blobs. Runs on the store's thread: the async facade calls it after
        its blob calls, and every release and :meth:`close` does first."""
        uses = self.blobs.take_uses()
        if not uses:
            return 0
        try:
            with self.transaction() as conn:
                conn.executemany(
                    "INSERT INTO blob_use (sha256, last_used) VALUES (?, ?)"
                    " ON CONFLICT(sha256) DO UPDATE SET last_used = excluded.last_used",
                    [(sha, at.isoformat()) for sha, at in uses.items()],
                )
        except BaseException:
            self.blobs.return_uses(uses)  # kept for the next try
            raise
        return len(uses)

    def document_bytes(self) -> int:
        """Bytes on disk of the documents kept offline that a release may remove (see
        :meth:`release_documents`: a cached document's bytes that no unsent write needs)."""
        return total_size(self._document_blobs()[0])

    def release_documents(
        self, *, unused_since: dt.datetime | None = None, max_bytes: int | None = None
    ) -> ReleaseResult:
        """Remove the bytes of documents kept offline: those not used since ``unused_since``, then, while
        the rest total more than ``max_bytes``, the least recently used (``caseworker.store.release``).

        Only a blob that is a cached document's bytes is removed -- the platform sends it again when the
        document is opened -- and never one an unsent outbox write names (a decision letter waiting to be
        uploaded). With ``unused_since``, blobs that neither a cached document nor an unsent write refers
        to any more go too when unused since then. The documents stay listed, as not available offline.
        """
        if max_bytes is not None and max_bytes < 0:
            raise ValueError("max_bytes must not be negative")
        blobs, cases, recorded, orphans = self._document_blobs()
        chosen = plan(blobs, unused_since=unused_since, max_bytes=max_bytes)
        # Bytes no cached document lists any more (deleted on the platform) and no unsent write names:
        # gone after the same time unused. Not sooner: a resync in progress may list them again.
        if unused_since is not None:
            chosen += [o for o in orphans if o.last_used < unused_since]
        return self._release(blobs, chosen, cases, recorded)

    def release_all_documents(self) -> ReleaseResult:
        """Remove the bytes of every document kept offline (same protection as :meth:`release_documents`)."""
        blobs, cases, recorded, _orphans = self._document_blobs()
        return self._release(blobs, blobs, cases, recorded)

    def _document_blobs(
        self,
    ) -> tuple[list[DocumentBlob], dict[str, set[str]], set[str], list[DocumentBlob]]:
        """The releasable blobs stored now (size, last use); the cases of each one's documents; the
        sha256 of every recorded use; the orphans (stored blobs that neither a cached document nor an
        unsent write refers to)."""
        self.record_blob_uses()

        def query(conn: sqlite3.Connection) -> tuple[list[Any], dict[str, str], list[Any]]:
            documents = conn.execute("SELECT sha256, case_id FROM documents").fetchall()
            uses = dict(conn.execute("SELECT sha256, last_used FROM blob_use").fetchall())
            unsent = conn.execute("SELECT id, payload FROM ob.outbox WHERE state != 'done'").fetchall()
            return documents, uses, unsent

        documents, uses, unsent = self._read(query)
        needed: set[str] = set()  # named by a write the platform has not accepted yet: never released
        for item_id, payload in unsent:
            needed.update(named_blobs(json.loads(self._open(payload, "outbox", item_id, "payload"))))
        cases: dict[str, set[str]] = {}
        for sha, case_id in documents:
            if sha not in needed:
                cases.setdefault(sha, set()).update([case_id] if case_id else [])

        now = _now()
        first_seen: list[str] = []

        def stored(shas: Iterable[str]) -> list[DocumentBlob]:
            found: list[DocumentBlob] = []
            for sha in shas:
                try:
                    size = self.blobs.path_for(sha).stat().st_size
                except (OSError, ValueError):  # not stored (or not a sha256 at all)
                    continue
                try:
                    last_used = parse_time(uses[sha])
                except (KeyError, ValueError):
                    # No use on record: a store from before uses were kept, or a cache repaired (the
                    # record went with it). When it was last opened is unknown, so it counts as used
                    # now: nothing is released on the spot that the user may have opened yesterday.
                    last_used = now
                    first_seen.append(sha)
                found.append(DocumentBlob(sha, size, last_used))
            return found

        listed = {sha for sha, _case_id in documents}
        orphans = stored(sha for sha in self.blobs.all() if sha not in listed and sha not in needed)
        found = stored(cases)
        if first_seen:
            with self.transaction() as conn:
                conn.executemany(
                    "INSERT OR IGNORE INTO blob_use (sha256, last_used) VALUES (?, ?)",
                    [(sha, now.isoformat()) for sha in first_seen],
                )
        return found, cases, set(uses) | set(first_seen), orphans

    def _release(
        self,
        blobs: Sequence[DocumentBlob],
        chosen: Sequence[DocumentBlob],
        cases: Mapping[str, set[str]],
        recorded: set[str],
    ) -> ReleaseResult:
        removed: list[DocumentBlob] = []
        for blob in chosen:
            try:
                if not self.blobs.release(blob.sha256):
                    continue  # used again since the uses were read: kept
            except OSError:  # held open by another program (Windows): stays for the next release
                continue
            removed.append(blob)
        # forget the removed ones' uses, and those of blobs gone otherwise (quarantined, wiped)
        forget = {b.sha256 for b in removed} | {
            sha for sha in recorded - {b.sha256 for b in blobs} if not self.blobs.contains(sha)
        }
        if forget:
            with self.transaction() as conn:
                for chunk in _chunks(sorted(forget), 500):
                    conn.execute(
                        f"DELETE FROM blob_use WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk
                    )
        freed = total_size(removed)
        documents = {b.sha256 for b in blobs}
        return ReleaseResult(
            removed=len(removed),
            freed_bytes=freed,
            remaining_bytes=total_size(blobs) - total_size(b for b in removed if b.sha256 in documents),
            case_ids=frozenset(c for b in removed for c in cases.get(b.sha256, ())),
        )
