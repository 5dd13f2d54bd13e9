"""Opening a store, and what happens when a file is damaged.

Opening (:meth:`OfflineStore.open`) checks each file (``PRAGMA quick_check``; the outbox always, the
cache unless ``check_integrity=False``). A damaged file is moved with its journal to ``quarantine/``
and created afresh; the result says so (:class:`StoreOpenResult`), and the caller resyncs. The app opens
the cache unchecked -- a quick_check reads the whole file, ~0.3 s for 30 000 cases, on every start --
and checks it in the background with :func:`check_cache_file`; damage found there is remembered with
:func:`request_check_at_open`, and the next open checks (and quarantines) as if asked to. The two
files are checked separately, so a damaged cache never costs the outbox. Then the data key is checked
against a sealed marker in each file: a wrong key raises :class:`WrongDataKey` and changes nothing.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path
from typing import Self

from caseworker.paths import make_private, private_dir
from caseworker.store import schema
from caseworker.store.base import (
    _KEY_CHECK,
    BLOBS_DIR,
    BUSY_TIMEOUT_S,
    CACHE_FILE,
    CHECK_AT_OPEN_FILE,
    DOWNLOADS_DIR,
    JOURNAL_MODE,
    OUTBOX_FILE,
    OUTBOX_SCHEMA,
    PREVIEWS_DIR,
    QUARANTINE_DIR,
    StoreBase,
    StoreBusy,
    StoreOpenResult,
    _db_files,
    _is_busy,
    _is_corruption,
    _translate_errors,
)
from caseworker.store.crypto import FieldCipher, StoreKeys, aad
from caseworker.store.errors import (
    DecryptionFailed,
    StoreError,
    WrongDataKey,
)
from caseworker.store.files import quarantine


class Opening(StoreBase):
    """Opening (with integrity checks and quarantine), closing and wiping a store."""

    @classmethod
    def open(cls, directory: Path, data_key: bytes, *, user_id: str, check_integrity: bool = True) -> Self:
        """Open (or create) the store in ``directory``; ``store.open_result`` says what was recovered."""
        private_dir(directory)
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
            make_private(path)  # its journals take its mode (SQLite)

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

    def __enter__(self) -> Self:
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
        for sub in (BLOBS_DIR, DOWNLOADS_DIR, QUARANTINE_DIR, PREVIEWS_DIR):
            shutil.rmtree(directory / sub, ignore_errors=True)
        if not keep_outbox:
            for f in [*_db_files(directory / OUTBOX_FILE), *directory.glob(f"{OUTBOX_FILE}-mj*")]:
                f.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                directory.rmdir()


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
