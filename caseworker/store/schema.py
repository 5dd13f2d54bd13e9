"""Versioned schema of the two database files.

Each file has a list of migration steps; step ``n`` (1-based) takes the file from ``PRAGMA user_version``
``n-1`` to ``n``, in one transaction together with the new ``user_version``, so a crash leaves the file
at a whole version. Steps are append-only: never edit a released step, add a new one.

``cache.db``
    Everything the platform can send again: cases, documents, annotations, events, municipalities, the
    signed-in user, the sync cursor, and when each blob was last used. If damaged it is quarantined and
    rebuilt by a full resync (the blobs then count as last used when their files were written).

    Plaintext columns are only those the queue sorts and filters on and that are not personal data about
    applicants or parties. The full wire JSON of each entity (parties, personnummer, addresses, the
    applicant's name, notes, annotation texts, file names) is sealed in ``data``; the applicant's name,
    which the queue shows on every row, is sealed separately in ``private`` so a visible row decrypts a
    few dozen bytes, not the whole case. ``assignee_name`` is in plaintext: it is a staff member acting
    in office (as on every decision letter), and the queue sorts by it.

``outbox.db``
    What cannot be fetched again: the outbox of the user's pending writes, bookmarks, drafts of unfinished
    work, and the sealed session tokens. Small, separate, so a damaged cache never takes the user's work
    with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from caseworker.store.errors import StoreTooNew

CACHE_MIGRATIONS: tuple[str, ...] = (
    # 1: initial schema
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE cases (
        rid                  INTEGER PRIMARY KEY,
        id                   TEXT NOT NULL UNIQUE,
        registration_number  TEXT NOT NULL,
        municipality_id      TEXT NOT NULL,
        title                TEXT NOT NULL,
        title_sort           TEXT NOT NULL,
        case_type            TEXT NOT NULL,
        status               TEXT NOT NULL,
        assignee_id          TEXT,
        assignee_name        TEXT,
        assignee_sort        TEXT NOT NULL,
        team_id              TEXT,
        property_designation TEXT NOT NULL,
        property_sort        TEXT NOT NULL,
        received_on          TEXT NOT NULL,
        deadline_on          TEXT,
        deadline_sort        TEXT NOT NULL,
        is_open              INTEGER NOT NULL,
        fee_sek              INTEGER NOT NULL,
        version              INTEGER NOT NULL,
        etag                 TEXT,
        updated_at           TEXT NOT NULL,
        has_detail           INTEGER NOT NULL,
        name_fingerprint     INTEGER NOT NULL,
        private              BLOB NOT NULL,
        data                 BLOB NOT NULL
    );
    CREATE INDEX cases_registration ON cases(registration_number);
    CREATE INDEX cases_municipality ON cases(municipality_id);
    CREATE INDEX cases_title ON cases(title_sort);
    CREATE INDEX cases_type ON cases(case_type);
    CREATE INDEX cases_status ON cases(status);
    CREATE INDEX cases_assignee_sort ON cases(assignee_sort);
    CREATE INDEX cases_assignee ON cases(assignee_id, deadline_sort);
    CREATE INDEX cases_team ON cases(team_id, deadline_sort);
    CREATE INDEX cases_property ON cases(property_sort);
    CREATE INDEX cases_received ON cases(received_on);
    CREATE INDEX cases_deadline ON cases(deadline_sort);
    CREATE INDEX cases_fee ON cases(fee_sek);
    CREATE INDEX cases_updated ON cases(updated_at);

    -- Plaintext, non-personal fields: full-text prefix search.
    CREATE VIRTUAL TABLE case_fts USING fts5(
        registration_number, property_designation, title,
        content='cases', content_rowid='rid',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
    );
    CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
        INSERT INTO case_fts(rowid, registration_number, property_designation, title)
        VALUES (new.rid, new.registration_number, new.property_designation, new.title);
    END;
    CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
        INSERT INTO case_fts(case_fts, rowid, registration_number, property_designation, title)
        VALUES ('delete', old.rid, old.registration_number, old.property_designation, old.title);
    END;
    CREATE TRIGGER cases_fts_update AFTER UPDATE OF registration_number, property_designation, title
    ON cases BEGIN
        INSERT INTO case_fts(case_fts, rowid, registration_number, property_designation, title)
        VALUES ('delete', old.rid, old.registration_number, old.property_designation, old.title);
        INSERT INTO case_fts(rowid, registration_number, property_designation, title)
        VALUES (new.rid, new.registration_number, new.property_designation, new.title);
    END;

    -- Personal names: keyed prefix tokens only (caseworker.store.crypto.NameTokens).
    CREATE TABLE applicant_token (
        token INTEGER NOT NULL,
        rid   INTEGER NOT NULL REFERENCES cases(rid) ON DELETE CASCADE,
        PRIMARY KEY (token, rid)
    ) WITHOUT ROWID;
    CREATE INDEX applicant_token_rid ON applicant_token(rid);

    CREATE TABLE documents (
        id                TEXT PRIMARY KEY,
        case_id           TEXT,
        archive_record_id TEXT,
        kind              TEXT NOT NULL,
        sha256            TEXT NOT NULL,
        size              INTEGER NOT NULL,
        created_at        TEXT NOT NULL,
        data              BLOB NOT NULL
    );
    CREATE INDEX documents_case ON documents(case_id, created_at);
    CREATE INDEX documents_sha ON documents(sha256);

    CREATE TABLE annotations (
        id          TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        version     INTEGER NOT NULL,
        updated_at  TEXT NOT NULL,
        data        BLOB NOT NULL
    );
    CREATE INDEX annotations_document ON annotations(document_id);

    CREATE TABLE events (
        id      TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        kind    TEXT NOT NULL,
        at      TEXT NOT NULL,
        data    BLOB NOT NULL
    );
    CREATE INDEX events_case ON events(case_id, at);

    CREATE TABLE municipalities (
        id   TEXT PRIMARY KEY,
        data TEXT NOT NULL
    );
    """,
    # 2: when each blob was last used (stored, downloaded or read), for releasing documents kept offline
    # (OfflineStore.release_documents); a blob without a row counts as used at its file's mtime
    """
    CREATE TABLE blob_use (
        sha256    TEXT PRIMARY KEY,
        last_used TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 3: the team lead's workload board reads every open case of the team grouped by assignee: a covering
    # index answers it without a row lookup per case (caseworker.workload.query; 50 000 cases in < 100 ms)
    """
    CREATE INDEX cases_workload ON cases(
        assignee_id, is_open, municipality_id, case_type, deadline_on, fee_sek, assignee_name
    );
    """,
    # 4: e-archive records the user has fetched (sealed wire JSON with their documents), searched offline
    # (caseworker.archive); the scans' bytes are blobs of rows in ``documents`` like a case's
    """
    CREATE TABLE archive_records (
        id         TEXT PRIMARY KEY,
        year       INTEGER NOT NULL,
        fetched_at TEXT NOT NULL,
        data       BLOB NOT NULL
    );
    """,
)

OUTBOX_MIGRATIONS: tuple[str, ...] = (
    # 1: initial schema
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT NOT NULL UNIQUE,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        kind            TEXT NOT NULL,
        method          TEXT NOT NULL,
        path            TEXT NOT NULL,
        case_id         TEXT,
        ordering_key    TEXT,
        payload         BLOB NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        if_match        TEXT,
        state           TEXT NOT NULL
            CHECK (state IN ('pending', 'in_flight', 'done', 'conflict', 'rejected')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      BLOB,
        conflict        BLOB
    );
    CREATE INDEX outbox_state ON outbox(state, seq);
    CREATE INDEX outbox_case ON outbox(case_id, state);
    CREATE INDEX outbox_ordering ON outbox(ordering_key, seq);

    CREATE TABLE bookmark (
        case_id    TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
    );

    CREATE TABLE secret (
        name  TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    """,
    # 2: what a write was based on (the cached entity when the user acted, sealed): the "base" of a
    # conflict record, which a later pull may already have replaced in the cache
    """
    ALTER TABLE outbox ADD COLUMN base BLOB;
    """,
    # 3: the platform's own explanation of a refusal (sealed), beside the user's text in last_error
    """
    ALTER TABLE outbox ADD COLUMN platform_reason BLOB;
    """,
    # 4: drafts of the user's unfinished work (a decision being written), sealed; see store/drafts.py
    """
    CREATE TABLE draft (
        kind       TEXT NOT NULL,
        key        TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data       BLOB NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    """,
    # 5: when the user acted (ISO 8601 with the local offset), sent with the write as `acted_at`; plain
    # like created_at. NULL for items written before: their created_at is that moment
    """
    ALTER TABLE outbox ADD COLUMN acted_at TEXT;
    """,
)


def user_version(conn: sqlite3.Connection, schema: str = "main") -> int:
    return int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, steps: Sequence[str]) -> int:
    """Bring the connection's main database to ``len(steps)``; returns the number of steps applied.

    The connection must be in autocommit mode (``isolation_level=None``). Raises :class:`StoreTooNew`
    when the file is newer than this code.
    """
    current = user_version(conn)
    if current > len(steps):
        raise StoreTooNew(
            f"This offline store has schema version {current}; this Caseworker knows up to {len(steps)}. "
            "Update Caseworker, or wipe the local cache."
        )
    for number in range(current + 1, len(steps) + 1):
        # executescript runs the whole step, BEGIN to COMMIT, as one transaction.
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{steps[number - 1]}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return len(steps) - current
