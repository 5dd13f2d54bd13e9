"""A database made by an older sandbox gets the columns added since (a demo database in a user's data
folder outlives an upgrade), on SQLite and on the external server when the tests run against one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from caseworker.sandbox import db
from tests.helpers.sandbox import _fresh_external, external_db_url

ADDED_SINCE = {"parties": "notified_on", "cases": "decision_published_on"}


def test_columns_added_since_a_database_was_made_are_added(tmp_path: Path) -> None:
    url = external_db_url()
    engine = db.make_engine(_fresh_external(url) if url else f"sqlite:///{tmp_path / 'old.db'}")
    try:
        db.create_schema(engine)
        with engine.begin() as conn:
            for table, column in ADDED_SINCE.items():
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        assert all(
            column not in {c["name"] for c in inspect(engine).get_columns(table)}
            for table, column in ADDED_SINCE.items()
        )

        assert sorted(db.add_missing_columns(engine)) == sorted(f"{t}.{c}" for t, c in ADDED_SINCE.items())
        for table, column in ADDED_SINCE.items():
            assert column in {c["name"] for c in inspect(engine).get_columns(table)}
        assert db.add_missing_columns(engine) == []  # nothing left to add
        db.create_schema(engine)  # and starting again is harmless
    finally:
        engine.dispose()
