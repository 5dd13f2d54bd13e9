"""Migrations: versioned, idempotent, refuse newer files; journal and sync settings."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from caseworker.store import OfflineStore, StoreTooNew
from caseworker.store import schema as schema_module
from caseworker.store.schema import CACHE_MIGRATIONS, OUTBOX_MIGRATIONS, migrate, user_version


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}


def test_migrations_apply_once_and_set_user_version(tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(tmp_path / "c.db", isolation_level=None)) as conn:
        assert migrate(conn, CACHE_MIGRATIONS) == len(CACHE_MIGRATIONS)
        assert user_version(conn) == len(CACHE_MIGRATIONS)
        before = _tables(conn)
        assert {"cases", "applicant_token", "case_fts", "documents", "annotations", "events"} <= before
        assert migrate(conn, CACHE_MIGRATIONS) == 0  # idempotent
        assert _tables(conn) == before


def test_a_new_step_is_applied_on_top(tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(tmp_path / "o.db", isolation_level=None)) as conn:
        migrate(conn, OUTBOX_MIGRATIONS)
        steps = (*OUTBOX_MIGRATIONS, "CREATE TABLE extra (x INTEGER);")
        assert migrate(conn, steps) == 1
        assert user_version(conn) == len(steps)
        assert "extra" in _tables(conn)


def test_failed_step_leaves_the_previous_version(tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(tmp_path / "o.db", isolation_level=None)) as conn:
        migrate(conn, OUTBOX_MIGRATIONS)
        broken = (*OUTBOX_MIGRATIONS, "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;")
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, broken)
        assert user_version(conn) == len(OUTBOX_MIGRATIONS)
        assert "half" not in _tables(conn)
        assert not conn.in_transaction


def test_store_refuses_a_newer_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = b"k" * 32
    OfflineStore.open(tmp_path, key, user_id="u").close()
    monkeypatch.setattr(schema_module, "CACHE_MIGRATIONS", (*CACHE_MIGRATIONS, "CREATE TABLE later (x);"))
    OfflineStore.open(tmp_path, key, user_id="u").close()  # upgrades
    monkeypatch.setattr(schema_module, "CACHE_MIGRATIONS", CACHE_MIGRATIONS)
    with pytest.raises(StoreTooNew, match="Update Caseworker"):
        OfflineStore.open(tmp_path, key, user_id="u")


def test_connection_settings(store: OfflineStore) -> None:
    conn = store._db
    for schema_name in ("main", "ob"):
        # rollback journal: the only mode in which a commit over both files is atomic (see store.py)
        assert conn.execute(f"PRAGMA {schema_name}.journal_mode").fetchone()[0] == "truncate"
        assert conn.execute(f"PRAGMA {schema_name}.synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
