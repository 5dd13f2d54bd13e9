"""The offline store: one user's cases, documents, outbox and tokens on one platform, encrypted at rest.

Files, in the user's store folder (``AppPaths.store_dir(platform, user)``)::

    cache.db      what the platform can send again (cases, documents, annotations, events, cursor)
    outbox.db     what it cannot: the outbox, bookmarks, sealed tokens
    blobs/        document bytes, encrypted and content-addressed (caseworker.store.blobs)
    incoming/     downloads in progress, already encrypted (``BlobStore.open_download``)
    quarantine/   damaged files moved aside, never read again

One connection (owned by one thread, see ``caseworker.store.aio``) opens ``cache.db`` and ATTACHes
``outbox.db`` as ``ob``, so a user's write and its optimistic change to the cache commit in ONE
transaction (:meth:`OfflineStore.enqueue`).

Journal mode: both files use a rollback journal (``TRUNCATE``), not WAL, on purpose. SQLite commits a
transaction over several ATTACHed files atomically -- also across a crash or power loss -- only in
rollback-journal mode, through its super-journal. In WAL mode each file commits on its own, so a crash
between the two could keep the outbox item without the cache change or the reverse (SQLite docs on
ATTACH and on WAL: "atomic for each individual database, but not atomic across all databases as a
set"). ``test_killed_process_never_leaves_one_file_without_the_other`` SIGKILLs a writer repeatedly and
fails within a few rounds if ``JOURNAL_MODE`` is switched to WAL. With a single connection WAL's
concurrent readers bring nothing here. ``synchronous=FULL`` on both files, foreign keys on.

Queue speed: every sort column has an index (text columns through a Swedish-order sort key), so a page
is an index walk. Search words are resolved once per text into an in-memory temp table of row ids and
reused for the count and every page until the text changes or anything is written. The store refreshes
SQLite's planner statistics (ANALYZE) when the number of cases doubles or halves.

Opening (:meth:`OfflineStore.open`) checks each file (``PRAGMA quick_check``; the outbox always, the
cache unless ``check_integrity=False``). A damaged file is moved with its journal to ``quarantine/``
and created afresh; the result says so (:class:`StoreOpenResult`), and the caller resyncs. The app opens
the cache unchecked -- a quick_check reads the whole file, ~0.3 s for 30 000 cases, on every start --
and checks it in the background with :func:`check_cache_file`; damage found there is remembered with
:func:`request_check_at_open`, and the next open checks (and quarantines) as if asked to. The two
files are checked separately, so a damaged cache never costs the outbox. Then the data key is checked
against a sealed marker in each file: a wrong key raises :class:`WrongDataKey` and changes nothing.

Encryption: see ``caseworker.store.crypto`` (sealed columns, searchable name tokens) and
``caseworker.store.schema`` (which columns are plaintext and why). No personnummer, name of an applicant
or party, token or note text is ever written in plaintext, so neither the database, its journal, nor a
quarantined copy holds one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import sqlite3
import unicodedata
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from caseworker.auth.secrets import SERVICE, SecretStore, data_key_account
from caseworker.domain import clock
from caseworker.domain.models import (
    Annotation,
    Case,
    CaseStatus,
    CaseSummary,
    CaseType,
    Document,
    Event,
    Municipality,
    User,
)
from caseworker.paths import AppPaths
from caseworker.store import schema
from caseworker.store.blobs import BlobStore
from caseworker.store.crypto import FieldCipher, NameTokens, StoreKeys, aad, dump_json
from caseworker.store.errors import (
    DecryptionFailed,
    InvalidTransition,
    OutboxItemNotFound,
    StoreCorrupted,
    StoreError,
    WrongDataKey,
)
from caseworker.store.files import quarantine
from caseworker.store.outbox import (
    BLOCKING_STATES,
    PROBLEM_STATES,
    UNSENT_STATES,
    Conflict,
    NewWrite,
    OutboxItem,
    OutboxState,
)
from caseworker.store.queue import (
    NO_DEADLINE_SORT,
    CaseQuery,
    CaseRow,
    order_clause,
    query_words,
    where_clause,
    word_match_sql,
)
from caseworker.store.release import (
    DocumentBlob,
    ReleaseResult,
    named_blobs,
    parse_time,
    plan,
    total_size,
)

CACHE_FILE = "cache.db"
OUTBOX_FILE = "outbox.db"
BLOBS_DIR = "blobs"
DOWNLOADS_DIR = "incoming"
QUARANTINE_DIR = "quarantine"
CHECK_AT_OPEN_FILE = "check-at-open"  # damage was seen: the next open checks fully, whatever it is asked
OUTBOX_SCHEMA = "ob"
JOURNAL_MODE = "TRUNCATE"
BUSY_TIMEOUT_S = 5.0

_KEY_CHECK = b"caseworker offline store key check v1"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_PROBE_SEARCH_HITS = 2000  # more search hits than this: walk the sort index, probe the hits
_ANALYZE_MIN_ROWS = 1000  # refresh planner statistics when the case count doubles or halves past this
_CLOSED_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED})
_SV_SORT = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})

T = TypeVar("T")


class _Keep:
    """Sentinel: leave ``last_error`` as it is."""


_KEEP = _Keep()


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


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    _configure_schema(conn, "main")
    return conn


def _configure_schema(conn: sqlite3.Connection, name: str) -> None:
    mode = conn.execute(f"PRAGMA {name}.journal_mode = {JOURNAL_MODE}").fetchone()[0]
    if str(mode).upper() != JOURNAL_MODE:
        raise StoreError(f"could not set journal_mode={JOURNAL_MODE} on {name} (got {mode})")
    conn.execute(f"PRAGMA {name}.synchronous = FULL")


def _healthy(path: Path, *, full_check: bool) -> bool:
    """False when the file is damaged (not a database, malformed, failing quick_check)."""
    if not path.exists():
        return True
    try:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if full_check:
                rows = conn.execute("PRAGMA quick_check").fetchall()
                return [r[0] for r in rows] == ["ok"]
            return True
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            return False
        if _is_busy(exc):
            raise StoreBusy("The offline store is in use by another Caseworker process.") from exc
        raise


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sort_key(text: str | None) -> str:
    """A case- and accent-insensitive key in Swedish alphabetical order (å, ä, ö after z)."""
    if not text:
        return ""
    folded = text.casefold().translate(_SV_SORT)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def case_deadline(case: CaseSummary) -> dt.date | None:
    """The statutory deadline of a case (caseworker.domain.clock), independent of today."""
    return clock.compute(case.deadline, case.deadline.received_on, case.case_type).deadline


class OfflineStore:
    """Synchronous store API, bound to the thread that opened it (see ``AsyncStore`` for asyncio).

    Construct with :meth:`open`. All methods raise :class:`StoreError` subclasses for problems the caller
    can act on (:class:`StoreCorrupted`, :class:`StoreBusy`, :class:`WrongDataKey`, ...).
    """

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
        self._depth = 0
        self._generation = 0  # bumped by every committed write: invalidates the search hits
        self._search_key: tuple[tuple[str, ...], int] | None = None
        self._search_hits = 0

    # --- opening and closing -----------------------------------------------------------------------

    @classmethod
    def open(
        cls, directory: Path, data_key: bytes, *, user_id: str, check_integrity: bool = True
    ) -> OfflineStore:
        """Open (or create) the store in ``directory``; ``store.open_result`` says what was recovered."""
        directory.mkdir(parents=True, exist_ok=True)
        keys = StoreKeys.derive(data_key)
        cipher = FieldCipher(keys.fields)
        cache_path, outbox_path = directory / CACHE_FILE, directory / OUTBOX_FILE
        quarantine_dir = directory / QUARANTINE_DIR
        created = not cache_path.exists() and not outbox_path.exists()
        moved: list[Path] = []
        outbox_bad = not _healthy(outbox_path, full_check=True)
        if outbox_bad:
            moved += quarantine(_db_files(outbox_path), quarantine_dir, "outbox")
        check_marker = directory / CHECK_AT_OPEN_FILE
        requested = check_marker.exists()
        cache_bad = not _healthy(cache_path, full_check=check_integrity or requested)
        if cache_bad:
            moved += quarantine(_db_files(cache_path), quarantine_dir, "cache")

        for path, steps in ((outbox_path, schema.OUTBOX_MIGRATIONS), (cache_path, schema.CACHE_MIGRATIONS)):
            with contextlib.closing(_connect(path)) as conn, _translate_errors():
                schema.migrate(conn, steps)
                _check_key(conn, cipher, path.name)

        conn = _connect(cache_path)
        try:
            with _translate_errors():
                conn.execute(f"ATTACH DATABASE ? AS {OUTBOX_SCHEMA}", (str(outbox_path),))
                _configure_schema(conn, OUTBOX_SCHEMA)
                requeued = conn.execute(
                    "UPDATE ob.outbox SET state = 'pending' WHERE state = 'in_flight'"
                ).rowcount
                # Stores from before the user moved to outbox.db: copy it over while the cache has it,
                # so a later repair of the cache still finds who is signed in.
                conn.execute(
                    "INSERT OR IGNORE INTO ob.meta (key, value) SELECT key, value FROM main.meta"
                    " WHERE key = 'user'"
                )
        except BaseException:
            conn.close()
            raise
        if requested:
            check_marker.unlink(missing_ok=True)  # checked now (and quarantined if it had to be)
        result = StoreOpenResult(
            recovered_from_corruption=cache_bad,
            outbox_recovered_from_corruption=outbox_bad,
            quarantined=tuple(moved),
            requeued_in_flight=requeued,
            created=created,
        )
        return cls(conn, directory, keys, user_id, result)

    def close(self) -> None:
        """Close the connection (idempotent). Everything committed is already durable; blob uses still
        only noted in memory are recorded first."""
        if self._conn is not None:
            with contextlib.suppress(StoreError, sqlite3.Error):
                self.record_blob_uses()
            self._conn.close()
            self._conn = None

    def __enter__(self) -> OfflineStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_integrity(self) -> bool:
        """Run ``PRAGMA quick_check`` on both files now (for a store opened with ``check_integrity=False``).

        False means: close the store and open it again with ``check_integrity=True`` to quarantine the
        damaged file.
        """
        with _translate_errors():
            return all(
                [r[0] for r in self._db.execute(f"PRAGMA {name}.quick_check").fetchall()] == ["ok"]
                for name in ("main", OUTBOX_SCHEMA)
            )

    @property
    def closed(self) -> bool:
        return self._conn is None

    @staticmethod
    def wipe(directory: Path, *, keep_outbox: bool = True) -> None:
        """Delete a (closed) store's cache, blobs, downloads and quarantine; the outbox and tokens too
        unless kept.

        For sign-out ("remove local data") and for starting over after :class:`WrongDataKey`.
        """
        for f in [*_db_files(directory / CACHE_FILE), *directory.glob(f"{CACHE_FILE}-mj*")]:
            f.unlink(missing_ok=True)
        for sub in (BLOBS_DIR, DOWNLOADS_DIR, QUARANTINE_DIR):
            shutil.rmtree(directory / sub, ignore_errors=True)
        if not keep_outbox:
            for f in [*_db_files(directory / OUTBOX_FILE), *directory.glob(f"{OUTBOX_FILE}-mj*")]:
                f.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                directory.rmdir()

    # --- transactions ------------------------------------------------------------------------------

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

    # --- sealing helpers ---------------------------------------------------------------------------

    def _seal(self, plaintext: bytes, *where: str) -> bytes:
        return self._cipher.seal(plaintext, aad(*where))

    def _open(self, sealed: bytes, *where: str) -> bytes:
        return self._cipher.open(sealed, aad(*where))

    # --- cases -------------------------------------------------------------------------------------

    def upsert_cases(
        self, cases: Iterable[Case | CaseSummary], *, etags: Mapping[str, str] | None = None
    ) -> int:
        """Store cases from the platform; returns how many rows were written.

        Rules: an older ``version`` than the stored one is ignored (late page); at the same version a
        summary never replaces a full :class:`Case` (the details stay). A newer summary replaces a full
        case, whose details then count as missing (:meth:`get_case` returns None until fetched again).
        ``etags`` maps case id to the ETag the platform sent with it; without an entry the case's own
        ``etag`` field is used (the platform fills it in queue pages, case answers and the delta feed).
        """
        with self.transaction() as conn:
            written = self._upsert_cases(conn, cases, etags or {})
        self._maybe_analyze()
        return written

    def _upsert_cases(
        self, conn: sqlite3.Connection, cases: Iterable[Case | CaseSummary], etags: Mapping[str, str]
    ) -> int:
        written = 0
        for batch in _batches(cases, 500):
            marks = ",".join("?" * len(batch))
            known: dict[str, tuple[int, int, int, int]] = {
                r[0]: (r[1], r[2], r[3], r[4])
                for r in conn.execute(
                    f"SELECT id, rid, version, has_detail, name_fingerprint FROM cases WHERE id IN ({marks})",
                    [c.id for c in batch],
                )
            }
            for case in batch:
                if self._upsert_case(conn, case, known.get(case.id), etags, known):
                    written += 1
        return written

    def _upsert_case(
        self,
        conn: sqlite3.Connection,
        case: Case | CaseSummary,
        existing: tuple[int, int, int, int] | None,
        etags: Mapping[str, str],
        known: dict[str, tuple[int, int, int, int]],
    ) -> bool:
        full = isinstance(case, Case)
        if existing is not None:
            _, version, has_detail, _ = existing
            if case.version < version or (case.version == version and has_detail and not full):
                return False
        deadline = case_deadline(case)
        is_open = case.status not in _CLOSED_STATUSES and case.deadline.decided_on is None
        fingerprint = self._tokens.fingerprint(case.applicant_name)
        private = self._seal(dump_json({"applicant_name": case.applicant_name}), "cases", case.id, "private")
        data = self._seal(case.model_dump_json().encode("utf-8"), "cases", case.id, "data")
        rid = conn.execute(
            """
            INSERT INTO cases (
                id, registration_number, municipality_id, title, title_sort, case_type, status,
                assignee_id, assignee_name, assignee_sort, team_id, property_designation, property_sort,
                received_on, deadline_on, deadline_sort, is_open, fee_sek, version, etag, updated_at,
                has_detail, name_fingerprint, private, data
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                registration_number = excluded.registration_number,
                municipality_id = excluded.municipality_id,
                title = excluded.title, title_sort = excluded.title_sort,
                case_type = excluded.case_type, status = excluded.status,
                assignee_id = excluded.assignee_id, assignee_name = excluded.assignee_name,
                assignee_sort = excluded.assignee_sort, team_id = excluded.team_id,
                property_designation = excluded.property_designation,
                property_sort = excluded.property_sort,
                received_on = excluded.received_on, deadline_on = excluded.deadline_on,
                deadline_sort = excluded.deadline_sort, is_open = excluded.is_open,
                fee_sek = excluded.fee_sek,
                etag = CASE WHEN excluded.etag IS NOT NULL THEN excluded.etag
                            WHEN excluded.version = cases.version THEN cases.etag END,
                version = excluded.version, updated_at = excluded.updated_at,
                has_detail = excluded.has_detail, name_fingerprint = excluded.name_fingerprint,
                private = excluded.private, data = excluded.data
            RETURNING rid
            """,
            (
                case.id,
                case.registration_number,
                case.municipality_id,
                case.title,
                sort_key(case.title),
                str(case.case_type),
                str(case.status),
                case.assignee_id,
                case.assignee_name,
                sort_key(case.assignee_name),
                case.team_id,
                case.property_designation,
                sort_key(case.property_designation),
                case.deadline.received_on.isoformat(),
                deadline.isoformat() if deadline else None,
                deadline.isoformat() if deadline and is_open else NO_DEADLINE_SORT,  # decided: sorts last
                int(is_open),
                case.fee_sek,
                case.version,
                etags.get(case.id) or case.etag,
                case.updated_at.isoformat(),
                int(full),
                fingerprint,
                private,
                data,
            ),
        ).fetchone()[0]
        if existing is None or existing[3] != fingerprint:
            if existing is not None:
                conn.execute("DELETE FROM applicant_token WHERE rid = ?", (rid,))
            conn.executemany(
                "INSERT OR IGNORE INTO applicant_token (token, rid) VALUES (?, ?)",
                [(token, rid) for token in self._tokens.tokens(case.applicant_name)],
            )
        known[case.id] = (rid, case.version, int(full), fingerprint)
        return True

    def delete_cases(self, ids: Iterable[str]) -> int:
        """Remove cases and everything cached about them (documents, annotations, events)."""
        wanted = list(ids)
        removed = 0
        with self.transaction() as conn:
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f"DELETE FROM annotations WHERE document_id IN "
                    f"(SELECT id FROM documents WHERE case_id IN ({marks}))",
                    chunk,
                )
                conn.execute(f"DELETE FROM documents WHERE case_id IN ({marks})", chunk)
                conn.execute(f"DELETE FROM events WHERE case_id IN ({marks})", chunk)
                removed += conn.execute(f"DELETE FROM cases WHERE id IN ({marks})", chunk).rowcount
        self._maybe_analyze()
        return removed

    def get_case(self, case_id: str) -> Case | None:
        """The full case (parties, property, ...) if its details are cached, else None (fetch it)."""
        row = self._read(
            lambda c: c.execute("SELECT has_detail, data FROM cases WHERE id = ?", (case_id,)).fetchone()
        )
        if row is None or not row[0]:
            return None
        return Case.model_validate_json(self._open(row[1], "cases", case_id, "data"))

    def get_case_summary(self, case_id: str) -> CaseSummary | None:
        """What is cached of a case: a :class:`Case` when details are cached, else the summary."""
        row = self._read(
            lambda c: c.execute("SELECT has_detail, data FROM cases WHERE id = ?", (case_id,)).fetchone()
        )
        if row is None:
            return None
        plain = self._open(row[1], "cases", case_id, "data")
        return Case.model_validate_json(plain) if row[0] else CaseSummary.model_validate_json(plain)

    def case_etag(self, case_id: str) -> str | None:
        row = self._read(lambda c: c.execute("SELECT etag FROM cases WHERE id = ?", (case_id,)).fetchone())
        return None if row is None else cast(str | None, row[0])

    def case_versions(self) -> dict[str, int]:
        """Every cached case id with its version (for sync bookkeeping)."""
        return dict(self._read(lambda c: c.execute("SELECT id, version FROM cases").fetchall()))

    def optimize(self) -> None:
        """Refresh the query planner's statistics (ANALYZE, ~0.1 s for 50 000 cases).

        Called by the store itself when the number of cases has doubled or halved since the last run
        (from 1 000 cases on): without statistics SQLite may sort a whole filtered set instead of walking
        the sort column's index.
        """
        conn = self._db
        with _translate_errors():
            conn.execute("ANALYZE main")
            n = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('analyzed_cases', ?)", (str(n),))

    def _maybe_analyze(self) -> None:
        if self._depth:
            return  # inside a caller's transaction: the next write outside one will check
        conn = self._db
        with _translate_errors():
            n = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            row = conn.execute("SELECT value FROM meta WHERE key = 'analyzed_cases'").fetchone()
        last = int(row[0]) if row is not None else None
        if max(n, last or 0) < _ANALYZE_MIN_ROWS:
            return
        if last is None or n >= 2 * last or 2 * n <= last:
            self.optimize()

    # --- the queue ---------------------------------------------------------------------------------

    def _where(self, query: CaseQuery, *, ordered: bool = False) -> tuple[str, list[Any]]:
        """The query's condition; search words are resolved once into ``temp.search_hits``.

        Counting, every page while scrolling and the next filter change with the same text all reuse
        the hits, until the text changes or anything is written. The temp table holds row ids only,
        in memory (``temp_store = MEMORY``).
        """
        found = query_words(query)
        if found and self._search_key != (found, self._generation):
            conn = self._db
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (rid INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.search_hits")
            first, params = word_match_sql(found[0], self._tokens)
            conn.execute(f"INSERT INTO temp.search_hits (rid) {first}", params)
            for word in found[1:]:
                sql, params = word_match_sql(word, self._tokens)
                conn.execute(f"DELETE FROM temp.search_hits WHERE rid NOT IN ({sql})", params)
            self._search_hits = conn.execute("SELECT count(*) FROM temp.search_hits").fetchone()[0]
            self._search_key = (found, self._generation)
        probe = ordered and self._search_hits > _PROBE_SEARCH_HITS
        return where_clause(query, self.user_id, self._tokens, "temp.search_hits", probe)

    def count(self, query: CaseQuery) -> int:
        """How many cases the query matches."""
        where, params = self._read(lambda c: self._where(query))
        if query_words(query) and not query.has_filters:
            return self._search_hits  # text only: the hits are the answer
        return int(
            self._read(
                # no WHERE at all when unfiltered: lets SQLite count from its smallest index
                lambda c: c.execute(
                    "SELECT count(*) FROM cases c" + ("" if where == "1" else f" WHERE {where}"), params
                ).fetchone()[0]
            )
        )

    def rows(self, query: CaseQuery, offset: int, limit: int) -> list[CaseRow]:
        """One page of the queue, sorted stably; decrypts the applicant name of these rows only."""
        if offset < 0 or limit < 0:
            raise ValueError("offset and limit must not be negative")
        where, params = self._read(lambda c: self._where(query, ordered=True))
        sql = f"""
            SELECT c.id, c.registration_number, c.municipality_id, c.title, c.case_type, c.status,
                   c.property_designation, c.assignee_id, c.assignee_name, c.received_on, c.deadline_on,
                   c.is_open, c.fee_sek, c.version, c.updated_at, c.private,
                   EXISTS (SELECT 1 FROM ob.bookmark b WHERE b.case_id = c.id),
                   (SELECT count(*) FROM ob.outbox o WHERE o.case_id = c.id AND o.state IN (?, ?)),
                   (SELECT count(*) FROM ob.outbox o WHERE o.case_id = c.id AND o.state IN (?, ?))
            FROM cases c
            WHERE {where}
            ORDER BY {order_clause(query)}
            LIMIT ? OFFSET ?
        """
        args = [*UNSENT_STATES, *PROBLEM_STATES, *params, limit, offset]
        fetched = self._read(lambda c: c.execute(sql, args).fetchall())
        out = []
        for r in fetched:
            private = json.loads(self._open(r[15], "cases", r[0], "private").decode("utf-8"))
            out.append(
                CaseRow(
                    id=r[0],
                    registration_number=r[1],
                    municipality_id=r[2],
                    title=r[3],
                    case_type=CaseType(r[4]),
                    status=CaseStatus(r[5]),
                    property_designation=r[6],
                    applicant_name=private["applicant_name"],
                    assignee_id=r[7],
                    assignee_name=r[8],
                    received_on=dt.date.fromisoformat(r[9]),
                    deadline=dt.date.fromisoformat(r[10]) if r[10] else None,
                    is_open=bool(r[11]),
                    fee_sek=r[12],
                    version=r[13],
                    updated_at=dt.datetime.fromisoformat(r[14]),
                    bookmarked=bool(r[16]),
                    pending_writes=r[17],
                    problem_writes=r[18],
                )
            )
        return out

    def ids(self, query: CaseQuery) -> list[str]:
        """The ids of every matching case in query order (for "select all" and bulk actions)."""
        where, params = self._read(lambda c: self._where(query, ordered=True))
        sql = f"SELECT c.id FROM cases c WHERE {where} ORDER BY {order_clause(query)}"
        return [r[0] for r in self._read(lambda c: c.execute(sql, params).fetchall())]

    # --- bookmarks ---------------------------------------------------------------------------------

    def set_bookmark(self, case_id: str, bookmarked: bool = True) -> None:
        with self.transaction() as conn:
            if bookmarked:
                conn.execute(
                    "INSERT OR IGNORE INTO ob.bookmark (case_id, created_at) VALUES (?, ?)",
                    (case_id, _now().isoformat()),
                )
            else:
                conn.execute("DELETE FROM ob.bookmark WHERE case_id = ?", (case_id,))

    def bookmarks(self) -> set[str]:
        return {r[0] for r in self._read(lambda c: c.execute("SELECT case_id FROM ob.bookmark").fetchall())}

    # --- documents, annotations, events, municipalities, the user ----------------------------------

    def upsert_documents(self, documents: Iterable[Document]) -> int:
        with self.transaction() as conn:
            return self._upsert_documents(conn, documents)

    def _upsert_documents(self, conn: sqlite3.Connection, documents: Iterable[Document]) -> int:
        rows = [
            (
                d.id,
                d.case_id,
                d.archive_record_id,
                str(d.kind),
                d.sha256,
                d.size,
                d.created_at.isoformat(),
                self._seal(d.model_dump_json().encode("utf-8"), "documents", d.id, "data"),
            )
            for d in documents
        ]
        conn.executemany(
            """
            INSERT INTO documents (id, case_id, archive_record_id, kind, sha256, size, created_at, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET case_id = excluded.case_id,
                archive_record_id = excluded.archive_record_id, kind = excluded.kind,
                sha256 = excluded.sha256, size = excluded.size, created_at = excluded.created_at,
                data = excluded.data
            """,
            rows,
        )
        return len(rows)

    def get_document(self, document_id: str) -> Document | None:
        row = self._read(
            lambda c: c.execute("SELECT data FROM documents WHERE id = ?", (document_id,)).fetchone()
        )
        if row is None:
            return None
        return Document.model_validate_json(self._open(row[0], "documents", document_id, "data"))

    def list_documents(self, case_id: str) -> list[Document]:
        fetched = self._read(
            lambda c: c.execute(
                "SELECT id, data FROM documents WHERE case_id = ? ORDER BY created_at, id", (case_id,)
            ).fetchall()
        )
        return [Document.model_validate_json(self._open(d, "documents", i, "data")) for i, d in fetched]

    def delete_documents(self, ids: Iterable[str]) -> int:
        wanted = list(ids)
        removed = 0
        with self.transaction() as conn:
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                conn.execute(f"DELETE FROM annotations WHERE document_id IN ({marks})", chunk)
                removed += conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk).rowcount
        return removed

    def referenced_blobs(self) -> set[str]:
        """sha256 of every cached document (keep these blobs; see ``BlobStore.remove_unreferenced``)."""
        return {
            r[0] for r in self._read(lambda c: c.execute("SELECT DISTINCT sha256 FROM documents").fetchall())
        }

    # --- documents kept offline: last use, size, release ------------------------------------------

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

    def upsert_annotations(self, annotations: Iterable[Annotation]) -> int:
        """Store markups; one with a lower version than the stored one is ignored."""
        with self.transaction() as conn:
            return self._upsert_annotations(conn, annotations)

    def _upsert_annotations(self, conn: sqlite3.Connection, annotations: Iterable[Annotation]) -> int:
        written = 0
        for a in annotations:
            cursor = conn.execute(
                """
                INSERT INTO annotations (id, document_id, version, updated_at, data) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id, version = excluded.version,
                    updated_at = excluded.updated_at, data = excluded.data
                WHERE excluded.version >= annotations.version
                """,
                (
                    a.id,
                    a.document_id,
                    a.version,
                    a.updated_at.isoformat(),
                    self._seal(a.model_dump_json().encode("utf-8"), "annotations", a.id, "data"),
                ),
            )
            written += cursor.rowcount
        return written

    def get_annotation(self, annotation_id: str) -> Annotation | None:
        row = self._read(
            lambda c: c.execute("SELECT data FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
        )
        if row is None:
            return None
        return Annotation.model_validate_json(self._open(row[0], "annotations", annotation_id, "data"))

    def list_annotations(self, document_id: str) -> list[Annotation]:
        fetched = self._read(
            lambda c: c.execute(
                "SELECT id, data FROM annotations WHERE document_id = ? ORDER BY id", (document_id,)
            ).fetchall()
        )
        return [Annotation.model_validate_json(self._open(d, "annotations", i, "data")) for i, d in fetched]

    def delete_annotations(self, ids: Iterable[str]) -> int:
        with self.transaction() as conn:
            return self._delete_by_id(conn, "annotations", ids)

    def upsert_events(self, events: Iterable[Event]) -> int:
        with self.transaction() as conn:
            return self._upsert_events(conn, events)

    def _upsert_events(self, conn: sqlite3.Connection, events: Iterable[Event]) -> int:
        rows = [
            (
                e.id,
                e.case_id,
                str(e.kind),
                e.at.isoformat(),
                self._seal(e.model_dump_json().encode("utf-8"), "events", e.id, "data"),
            )
            for e in events
        ]
        conn.executemany(
            """
            INSERT INTO events (id, case_id, kind, at, data) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET case_id = excluded.case_id, kind = excluded.kind,
                at = excluded.at, data = excluded.data
            """,
            rows,
        )
        return len(rows)

    def list_events(self, case_id: str) -> list[Event]:
        fetched = self._read(
            lambda c: c.execute(
                "SELECT id, data FROM events WHERE case_id = ? ORDER BY at, id", (case_id,)
            ).fetchall()
        )
        return [Event.model_validate_json(self._open(d, "events", i, "data")) for i, d in fetched]

    def delete_events(self, ids: Iterable[str]) -> int:
        with self.transaction() as conn:
            return self._delete_by_id(conn, "events", ids)

    @staticmethod
    def _delete_by_id(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> int:
        removed = 0
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            removed += conn.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk).rowcount
        return removed

    def upsert_municipalities(self, municipalities: Iterable[Municipality]) -> None:
        """Municipality profiles are public information: stored as plain JSON."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO municipalities (id, data) VALUES (?, ?)",
                [(m.id, m.model_dump_json()) for m in municipalities],
            )

    def list_municipalities(self) -> list[Municipality]:
        fetched = self._read(lambda c: c.execute("SELECT data FROM municipalities ORDER BY id").fetchall())
        return [Municipality.model_validate_json(r[0]) for r in fetched]

    def set_user(self, user: User) -> None:
        """The signed-in user (/me), sealed: needed to start offline. Kept in outbox.db, so a user whose
        damaged cache was quarantined still starts offline and reaches the outbox."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ob.meta (key, value) VALUES ('user', ?)",
                (self._seal(user.model_dump_json().encode("utf-8"), "meta", "user"),),
            )

    def get_user(self) -> User | None:
        def query(c: sqlite3.Connection) -> Any:
            found = c.execute("SELECT value FROM ob.meta WHERE key = 'user'").fetchone()
            # Stores written before the user moved to outbox.db have it in the cache only.
            return found or c.execute("SELECT value FROM main.meta WHERE key = 'user'").fetchone()

        row = self._read(query)
        return None if row is None else User.model_validate_json(self._open(row[0], "meta", "user"))

    # --- sync state --------------------------------------------------------------------------------

    def get_state(self, key: str) -> str | None:
        """A sync bookkeeping value (e.g. the delta cursor); lives in the cache, so it resets with it."""
        row = self._read(lambda c: c.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone())
        return None if row is None else cast(str, row[0])

    def set_state(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (key, value))

    def clear_cache(self) -> None:
        """Forget every cached entity and the sync state (for a full resync after 410); the outbox stays."""
        with self.transaction() as conn:
            for table in ("applicant_token", "annotations", "documents", "events", "cases", "sync_state"):
                conn.execute(f"DELETE FROM {table}")

    # --- secrets (tokens) --------------------------------------------------------------------------

    def put_secret(self, name: str, value: str) -> None:
        """Keep a secret (access/refresh token) sealed in outbox.db, which survives a damaged cache."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ob.secret (name, value) VALUES (?, ?)",
                (name, self._seal(value.encode("utf-8"), "secret", name)),
            )

    def get_secret(self, name: str) -> str | None:
        row = self._read(
            lambda c: c.execute("SELECT value FROM ob.secret WHERE name = ?", (name,)).fetchone()
        )
        return None if row is None else self._open(row[0], "secret", name).decode("utf-8")

    def delete_secret(self, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM ob.secret WHERE name = ?", (name,))

    # --- the outbox --------------------------------------------------------------------------------

    def apply(self, change: LocalChange) -> None:
        """Apply cache changes in one transaction (same rules as the ``upsert_*`` methods)."""
        with self.transaction() as conn:
            self._apply(conn, change)

    def _apply(self, conn: sqlite3.Connection, change: LocalChange) -> None:
        if change.cases:
            self._upsert_cases(conn, change.cases, change.etags)
        if change.documents:
            self._upsert_documents(conn, change.documents)
        if change.annotations:
            self._upsert_annotations(conn, change.annotations)
        if change.events:
            self._upsert_events(conn, change.events)
        if change.deleted_annotations:
            self._delete_by_id(conn, "annotations", change.deleted_annotations)
        if change.deleted_events:
            self._delete_by_id(conn, "events", change.deleted_events)

    def enqueue(self, write: NewWrite, local: LocalChange | None = None) -> OutboxItem:
        """Record a user's write and its optimistic cache change in ONE transaction; both or neither.

        A new Idempotency-Key (UUID) is made here, at the moment the user acted.
        """
        item_id = str(uuid.uuid4())
        now = _now().isoformat()
        with self.transaction() as conn:
            conn.execute(
                """
                INSERT INTO ob.outbox (id, created_at, updated_at, kind, method, path, case_id, ordering_key,
                    payload, idempotency_key, if_match, state, attempts, base)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)
                """,
                (
                    item_id,
                    now,
                    now,
                    write.kind,
                    write.method.upper(),
                    write.path,
                    write.case_id,
                    write.ordering_key if write.ordering_key is not None else write.case_id,
                    self._seal(dump_json(write.payload), "outbox", item_id, "payload"),
                    str(uuid.uuid4()),
                    write.if_match,
                    self._seal_base(item_id, write.base),
                ),
            )
            if local is not None:
                self._apply(conn, local)
            return self._get_item(conn, item_id)

    def next_pending(self) -> OutboxItem | None:
        """The oldest pending item not held up by an earlier unfinished item with the same ordering key."""
        marks = ",".join("?" * len(BLOCKING_STATES))

        def query(conn: sqlite3.Connection) -> OutboxItem | None:
            row = conn.execute(
                f"""
                SELECT o.id FROM ob.outbox o
                WHERE o.state = 'pending' AND (o.ordering_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM ob.outbox p
                    WHERE p.ordering_key = o.ordering_key AND p.seq < o.seq AND p.state IN ({marks})))
                ORDER BY o.seq LIMIT 1
                """,
                [*BLOCKING_STATES],
            ).fetchone()
            return None if row is None else self._get_item(conn, row[0])

        return self._read(query)

    def get_outbox_item(self, item_id: str) -> OutboxItem:
        return self._read(lambda c: self._get_item(c, item_id))

    def mark_in_flight(self, item_id: str) -> OutboxItem:
        """About to send: counts an attempt."""
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.PENDING}, OutboxState.IN_FLIGHT, attempts=True)
            return self._get_item(conn, item_id)

    def mark_done(self, item_id: str, server: LocalChange | None = None) -> None:
        """The platform accepted the write; ``server`` (its answer) is applied in the same transaction."""
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.IN_FLIGHT}, OutboxState.DONE, error=None)
            if server is not None:
                self._apply(conn, server)

    def release(self, item_id: str) -> None:
        """Back to pending, as never sent: the sender claimed (marked in flight) an item ahead of time and
        then did not send it (the one before it hit a network failure). Undoes that attempt's count."""
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.IN_FLIGHT}, OutboxState.PENDING)
            conn.execute("UPDATE ob.outbox SET attempts = max(0, attempts - 1) WHERE id = ?", (item_id,))

    def mark_retry(self, item_id: str, error: str) -> None:
        """A transient failure (network, 5xx, 429): back to pending with the same Idempotency-Key."""
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.IN_FLIGHT}, OutboxState.PENDING, error=error)

    def mark_conflict(self, item_id: str, conflict: Conflict, error: str | None = None) -> None:
        """412: keep base, theirs and ours (sealed) for the user to resolve."""
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.IN_FLIGHT}, OutboxState.CONFLICT, error=error)
            sealed = self._seal(
                dump_json(
                    {
                        "base": conflict.base,
                        "theirs": conflict.theirs,
                        "ours": conflict.ours,
                        "their_etag": conflict.their_etag,
                    }
                ),
                "outbox",
                item_id,
                "conflict",
            )
            conn.execute("UPDATE ob.outbox SET conflict = ? WHERE id = ?", (sealed, item_id))

    def mark_rejected(
        self,
        item_id: str,
        error: str,
        revert: LocalChange | None = None,
        *,
        platform_reason: str | None = None,
    ) -> None:
        """The platform refused for good (4xx other than 412); ``revert`` undoes the optimistic change.

        ``error`` is the whole text for the user; ``platform_reason`` the platform's own words, if any."""
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.IN_FLIGHT}, OutboxState.REJECTED, error=error)
            if platform_reason is not None:
                sealed = self._seal(platform_reason.encode("utf-8"), "outbox", item_id, "platform_reason")
                conn.execute("UPDATE ob.outbox SET platform_reason = ? WHERE id = ?", (sealed, item_id))
            if revert is not None:
                self._apply(conn, revert)

    def resolve_conflict(
        self, item_id: str, payload: Any, if_match: str | None, local: LocalChange | None = None
    ) -> OutboxItem:
        """The user resolved a conflict: send ``payload`` based on ``if_match`` (new Idempotency-Key).

        The item's ``base`` becomes the conflict's ``theirs``: the version the user resolved against.
        """
        with self.transaction() as conn:
            before = self._get_item(conn, item_id)
            self._transition(conn, item_id, {OutboxState.CONFLICT}, OutboxState.PENDING, error=None)
            theirs = before.conflict.theirs if before.conflict is not None else before.base
            conn.execute(
                "UPDATE ob.outbox SET payload = ?, if_match = ?, idempotency_key = ?, conflict = NULL,"
                " base = ? WHERE id = ?",
                (
                    self._seal(dump_json(payload), "outbox", item_id, "payload"),
                    if_match,
                    str(uuid.uuid4()),
                    self._seal_base(item_id, theirs),
                    item_id,
                ),
            )
            if local is not None:
                self._apply(conn, local)
            return self._get_item(conn, item_id)

    def retry(
        self,
        item_id: str,
        *,
        payload: Any = _KEEP,
        if_match: str | _Keep | None = _KEEP,
        base: Any = _KEEP,
        local: LocalChange | None = None,
    ) -> OutboxItem:
        """The user asks to send a rejected write again (new Idempotency-Key: a new request).

        ``payload`` (an edited write), ``if_match`` and ``base`` replace the stored ones when given;
        ``local`` is applied in the same transaction (the optimistic change of the new attempt).
        """
        with self.transaction() as conn:
            self._transition(conn, item_id, {OutboxState.REJECTED}, OutboxState.PENDING)
            conn.execute(
                "UPDATE ob.outbox SET idempotency_key = ? WHERE id = ?", (str(uuid.uuid4()), item_id)
            )
            if not isinstance(payload, _Keep):
                conn.execute(
                    "UPDATE ob.outbox SET payload = ? WHERE id = ?",
                    (self._seal(dump_json(payload), "outbox", item_id, "payload"), item_id),
                )
            if not isinstance(if_match, _Keep):
                conn.execute("UPDATE ob.outbox SET if_match = ? WHERE id = ?", (if_match, item_id))
            if not isinstance(base, _Keep):
                conn.execute(
                    "UPDATE ob.outbox SET base = ? WHERE id = ?", (self._seal_base(item_id, base), item_id)
                )
            if local is not None:
                self._apply(conn, local)
            return self._get_item(conn, item_id)

    def rebase_pending(
        self, item_id: str, *, if_match: str | None, path: str | None = None, base: Any = _KEEP
    ) -> OutboxItem:
        """Move a pending item onto a newer ETag (and path, base) of its entity, keeping its key.

        For the sync engine: an earlier write of this user to the same entity was acknowledged (so the
        later one, made on top of it, is based on the answer's ETag), or created the entity the later
        write refers to by a local placeholder id. Only pending items can be rebased.
        """
        with self.transaction() as conn:
            row = conn.execute("SELECT state FROM ob.outbox WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                raise OutboxItemNotFound(f"no outbox item {item_id}")
            if OutboxState(row[0]) is not OutboxState.PENDING:
                raise InvalidTransition(f"outbox item {item_id} is {row[0]}; only pending items are rebased")
            conn.execute(
                "UPDATE ob.outbox SET if_match = ?, path = coalesce(?, path), updated_at = ? WHERE id = ?",
                (if_match, path, _now().isoformat(), item_id),
            )
            if not isinstance(base, _Keep):
                conn.execute(
                    "UPDATE ob.outbox SET base = ? WHERE id = ?", (self._seal_base(item_id, base), item_id)
                )
            return self._get_item(conn, item_id)

    def _seal_base(self, item_id: str, base: Any) -> bytes | None:
        return None if base is None else self._seal(dump_json(base), "outbox", item_id, "base")

    def discard(self, item_id: str, revert: LocalChange | None = None) -> None:
        """The user drops a write: allowed in conflict, rejected, or pending and never sent."""
        with self.transaction() as conn:
            item = self._get_item(conn, item_id)
            never_sent = item.state is OutboxState.PENDING and item.attempts == 0
            if item.state not in PROBLEM_STATES and not never_sent:
                raise InvalidTransition(
                    f"outbox item {item_id} is {item.state} after {item.attempts} attempt(s); it may have "
                    "reached the platform and cannot be discarded"
                )
            conn.execute("DELETE FROM ob.outbox WHERE id = ?", (item_id,))
            if revert is not None:
                self._apply(conn, revert)

    def outbox_counts(self) -> dict[OutboxState, int]:
        """Number of items in each state (every state present, zero when empty)."""
        counts = dict.fromkeys(OutboxState, 0)
        for state, n in self._read(
            lambda c: c.execute("SELECT state, count(*) FROM ob.outbox GROUP BY state").fetchall()
        ):
            counts[OutboxState(state)] = n
        return counts

    def list_outbox(
        self,
        states: Collection[OutboxState] | None = None,
        *,
        case_id: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[OutboxItem]:
        """Items for the outbox view, oldest first."""
        conditions: list[str] = []
        params: list[str] = []
        if states:
            conditions.append(f"state IN ({','.join('?' * len(states))})")
            params.extend(str(s) for s in states)
        if case_id is not None:
            conditions.append("case_id = ?")
            params.append(case_id)
        where = " AND ".join(conditions) or "1"

        def query(conn: sqlite3.Connection) -> list[OutboxItem]:
            ids = conn.execute(
                f"SELECT id FROM ob.outbox WHERE {where} ORDER BY seq LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            return [self._get_item(conn, r[0]) for r in ids]

        return self._read(query)

    def purge_done(self, before: dt.datetime | None = None) -> int:
        """Delete done items (older than ``before``, if given); returns how many."""
        with self.transaction() as conn:
            if before is None:
                return conn.execute("DELETE FROM ob.outbox WHERE state = 'done'").rowcount
            return conn.execute(
                "DELETE FROM ob.outbox WHERE state = 'done' AND updated_at < ?", (before.isoformat(),)
            ).rowcount

    def _transition(
        self,
        conn: sqlite3.Connection,
        item_id: str,
        allowed: set[OutboxState],
        target: OutboxState,
        *,
        attempts: bool = False,
        error: str | _Keep | None = _KEEP,
    ) -> None:
        row = conn.execute("SELECT state FROM ob.outbox WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise OutboxItemNotFound(f"no outbox item {item_id}")
        current = OutboxState(row[0])
        if current not in allowed:
            raise InvalidTransition(f"outbox item {item_id} is {current}; cannot become {target}")
        sets = ["state = ?", "updated_at = ?"]
        params: list[str | bytes | None] = [str(target), _now().isoformat()]
        if attempts:
            sets.append("attempts = attempts + 1")
        if not isinstance(error, _Keep):
            sets.append("platform_reason = NULL")  # goes with the error it explained
            sets.append("last_error = ?")
            params.append(
                None
                if error is None
                else self._seal(str(error).encode("utf-8"), "outbox", item_id, "last_error")
            )
        conn.execute(f"UPDATE ob.outbox SET {', '.join(sets)} WHERE id = ?", [*params, item_id])

    def _get_item(self, conn: sqlite3.Connection, item_id: str) -> OutboxItem:
        row = conn.execute(
            """
            SELECT seq, id, created_at, updated_at, kind, method, path, case_id, ordering_key, payload,
                   idempotency_key, if_match, state, attempts, last_error, conflict, base, platform_reason
            FROM ob.outbox WHERE id = ?
            """,
            (item_id,),
        ).fetchone()
        if row is None:
            raise OutboxItemNotFound(f"no outbox item {item_id}")
        conflict = None
        if row[15] is not None:
            c = json.loads(self._open(row[15], "outbox", item_id, "conflict"))
            conflict = Conflict(
                base=c["base"], theirs=c["theirs"], ours=c["ours"], their_etag=c["their_etag"]
            )
        return OutboxItem(
            seq=row[0],
            id=row[1],
            created_at=dt.datetime.fromisoformat(row[2]),
            updated_at=dt.datetime.fromisoformat(row[3]),
            kind=row[4],
            method=row[5],
            path=row[6],
            case_id=row[7],
            ordering_key=row[8],
            payload=json.loads(self._open(row[9], "outbox", item_id, "payload")),
            idempotency_key=row[10],
            if_match=row[11],
            state=OutboxState(row[12]),
            attempts=row[13],
            last_error=None
            if row[14] is None
            else self._open(row[14], "outbox", item_id, "last_error").decode(),
            conflict=conflict,
            base=None if row[16] is None else json.loads(self._open(row[16], "outbox", item_id, "base")),
            platform_reason=None
            if row[17] is None
            else self._open(row[17], "outbox", item_id, "platform_reason").decode(),
        )


def _check_key(conn: sqlite3.Connection, cipher: FieldCipher, file_name: str) -> None:
    """Create the sealed key marker in a new file, or prove the key opens an existing one."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
    if row is None:
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'meta'").fetchone()[0]:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('key_check', ?)",
                (cipher.seal(_KEY_CHECK, aad("meta", "key_check")),),
            )
        return
    try:
        ok = cipher.open(row[0], aad("meta", "key_check")) == _KEY_CHECK
    except DecryptionFailed:
        ok = False
    if not ok:
        raise WrongDataKey(
            f"The encryption key from the keystore does not open this offline store ({file_name}). "
            "Nothing was changed. The local cache can be wiped and downloaded again; unsent changes in it "
            "cannot be read with this key."
        )


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


def check_cache_file(directory: Path) -> bool | None:
    """``PRAGMA quick_check`` of the store's cache on a connection of its own, from any thread, while the
    store stays open (rollback-journal readers share the file; the store's writes wait for the check).

    True: healthy. False: damaged -- call :func:`request_check_at_open` and reopen the store (or wait for
    the next start). None: could not look now (the file is locked or gone).
    """
    try:
        return _healthy(directory / CACHE_FILE, full_check=True)
    except (StoreBusy, sqlite3.Error, OSError):
        return None


def request_check_at_open(directory: Path) -> None:
    """Make the next :meth:`OfflineStore.open` of ``directory`` check the cache fully (and quarantine it)."""
    (directory / CHECK_AT_OPEN_FILE).touch()


def open_user_store(
    paths: AppPaths,
    secret_store: SecretStore,
    platform_url: str,
    user_id: str,
    *,
    check_integrity: bool = True,
) -> OfflineStore:
    """Open the store of ``user_id`` on ``platform_url``: its own folder, its own data key."""
    key = secret_store.get_or_create_data_key(SERVICE, data_key_account(platform_url, user_id))
    return OfflineStore.open(
        paths.store_dir(platform_url, user_id), key, user_id=user_id, check_integrity=check_integrity
    )
