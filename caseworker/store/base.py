"""The offline store's shared ground: its file layout, one connection with its transactions over both
files, sealing, and translating SQLite's errors into the store's own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from caseworker.domain.models import (
    Annotation,
    Case,
    CaseSummary,
    Document,
    Event,
)
from caseworker.store.blobs import BlobStore
from caseworker.store.crypto import FieldCipher, NameTokens, StoreKeys, aad
from caseworker.store.errors import (
    StoreCorrupted,
    StoreError,
)

CACHE_FILE = "cache.db"


OUTBOX_FILE = "outbox.db"


BLOBS_DIR = "blobs"


DOWNLOADS_DIR = "incoming"


QUARANTINE_DIR = "quarantine"


PREVIEWS_DIR = "previews"  # the drawing viewer's encrypted page previews (a cache, sealed with keys.previews)


CHECK_AT_OPEN_FILE = "check-at-open"  # damage was seen: the next open checks fully, whatever it is asked


OUTBOX_SCHEMA = "ob"


JOURNAL_MODE = "TRUNCATE"


BUSY_TIMEOUT_S = 5.0


_KEY_CHECK = b"caseworker offline store key check v1"


_SQLITE_CORRUPT = 11


_SQLITE_NOTADB = 26


T = TypeVar("T")


class StoreBusy(StoreError):
    """Another process holds the store (is Caseworker already running?)."""


@dataclass(frozen=True)
class StoreOpenResult:
    """What happened while opening: tell the user and resync when a file had to be replaced."""

    recovered_from_corruption: bool = False  # cache.db was damaged: quarantined, now empty -> full resync
    outbox_recovered_from_corruption: bool = False  # outbox.db was damaged: unsent writes may be lost
    quarantined: tuple[Path, ...] = ()
    requeued_in_flight: int = 0  # writes that were being sent when the app stopped; will be resent
    created: bool = False  # a new, empty store


@dataclass(frozen=True)
class LocalChange:
    """Changes to the cache that go with an outbox write (optimistic) or its outcome (server answer)."""

    cases: Sequence[Case | CaseSummary] = ()
    documents: Sequence[Document] = ()
    annotations: Sequence[Annotation] = ()
    events: Sequence[Event] = ()
    deleted_annotations: Sequence[str] = ()
    deleted_events: Sequence[str] = ()
    etags: Mapping[str, str] = field(default_factory=dict)  # case id -> ETag


def _db_files(path: Path) -> list[Path]:
    return [path] + [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    return "locked" in str(exc).lower() or "busy" in str(exc).lower()


@contextlib.contextmanager
def _translate_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            raise StoreCorrupted(
                "The offline store is damaged. Close and reopen it: the damaged file is quarantined and "
                "the cases are downloaded again; unsent changes are kept."
            ) from exc
        if _is_busy(exc):
            raise StoreBusy("The offline store is in use by another Caseworker process.") from exc
        raise


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StoreBase:
    """The connection, its transactions and sealing, which every part of the store shares."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        directory: Path,
        keys: StoreKeys,
        user_id: str,
        open_result: StoreOpenResult,
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.directory = directory
        self.user_id = user_id
        self.open_result = open_result
        self._cipher = FieldCipher(keys.fields)
        self._tokens = NameTokens(keys.search)
        self.blobs = BlobStore(
            directory / BLOBS_DIR,
            keys.blobs,
            directory / QUARANTINE_DIR,
            downloads_dir=directory / DOWNLOADS_DIR,
        )
        self.preview_key = keys.previews
        self.previews_dir = directory / PREVIEWS_DIR
        self._depth = 0
        self._generation = 0  # bumped by every committed write: invalidates the search hits
        self._search_key: tuple[tuple[str, ...], int] | None = None
        self._search_hits = 0

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the offline store is closed")
        return self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction over both files (nested calls join the outer one)."""
        conn = self._db
        self._generation += 1  # any write may change search results
        with _translate_errors():
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                self._generation += 1
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self._generation += 1
            conn.execute("COMMIT")

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with _translate_errors():
            return fn(self._db)

    def _seal(self, plaintext: bytes, *where: str) -> bytes:
        return self._cipher.seal(plaintext, aad(*where))

    def _open(self, sealed: bytes, *where: str) -> bytes:
        return self._cipher.open(sealed, aad(*where))

    @staticmethod
    def _delete_by_id(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> int:
        removed = 0
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            removed += conn.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk).rowcount
        return removed

    def _apply(self, conn: sqlite3.Connection, change: LocalChange) -> None:
        """Apply a cache change inside the caller's transaction (``OfflineStore``)."""
        raise NotImplementedError

    def record_blob_uses(self) -> int:
        """Record the blob uses noted in memory (``release.DocumentRelease``)."""
        raise NotImplementedError
