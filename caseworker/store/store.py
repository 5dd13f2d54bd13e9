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

Opening, checking and quarantining damaged files: ``caseworker.store.opening``.

Encryption: see ``caseworker.store.crypto`` (sealed columns, searchable name tokens) and
``caseworker.store.schema`` (which columns are plaintext and why). No personnummer, name of an applicant
or party, token or note text is ever written in plaintext, so neither the database, its journal, nor a
quarantined copy holds one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, cast

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
from caseworker.store.archive import ArchiveCache
from caseworker.store.base import (  # the file layout and the types callers use, from here as before
    CACHE_FILE,
    CHECK_AT_OPEN_FILE,
    OUTBOX_FILE,
    QUARANTINE_DIR,
    LocalChange,
    StoreBase,
    StoreBusy,
    StoreOpenResult,
    _batches,
    _chunks,
    _now,
    _translate_errors,
)
from caseworker.store.crypto import dump_json
from caseworker.store.opening import Opening, check_cache_file, request_check_at_open
from caseworker.store.outbox import (
    PROBLEM_STATES,
    UNSENT_STATES,
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
    DocumentRelease,
)
from caseworker.store.transitions import OutboxTransitions

_PROBE_SEARCH_HITS = 2000  # more search hits than this: walk the sort index, probe the hits
_ANALYZE_MIN_ROWS = 1000  # refresh planner statistics when the case count doubles or halves past this
_CLOSED_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED})
_SV_SORT = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


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


class OfflineStore(Opening, OutboxTransitions, DocumentRelease, ArchiveCache, StoreBase):
    """Synchronous store API, bound to the thread that opened it (see ``AsyncStore`` for asyncio).

    Construct with :meth:`open`. All methods raise :class:`StoreError` subclasses for problems the caller
    can act on (:class:`StoreCorrupted`, :class:`StoreBusy`, :class:`WrongDataKey`, ...).

    Its parts, one module each: ``base`` (the connection, transactions, sealing), ``opening`` (open,
    quarantine, close, wipe), ``transitions`` (the outbox), ``release`` (documents kept offline), ``archive``
    (e-archive records fetched); here:
    the cache (cases, the queue, documents, markups, events), bookmarks, sync state and secrets.
    """

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
            for table in (
                "applicant_token",
                "annotations",
                "documents",
                "events",
                "cases",
                "sync_state",
                "archive_records",
            ):
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

    # --- cache changes that go with the outbox -------------------------------------------------------

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


__all__ = [
    "CACHE_FILE",
    "CHECK_AT_OPEN_FILE",
    "OUTBOX_FILE",
    "QUARANTINE_DIR",
    "LocalChange",
    "OfflineStore",
    "StoreBusy",
    "StoreOpenResult",
    "case_deadline",
    "check_cache_file",
    "request_check_at_open",
    "sort_key",
]
