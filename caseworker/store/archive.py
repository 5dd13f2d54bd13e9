"""E-archive records the user has fetched, kept for searching offline (``caseworker.archive``).

A record is stored as its sealed wire JSON (designations, titles and its documents' file names); its
documents go into ``documents`` too, so the scans' blobs count as referenced and are released like a
case's documents. Nothing here is personal data about applicants, but it is sealed like the rest of
the cache: one rule for everything the platform sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from caseworker.domain.models import ArchiveRecord
from caseworker.store.base import StoreBase, _now


class ArchiveCache(StoreBase):
    def upsert_archive_records(self, records: Iterable[ArchiveRecord]) -> int:
        """Keep ``records`` (and their documents) for searching offline; returns how many."""
        wanted = list(records)
        fetched_at = _now().isoformat()
        rows = [
            (
                r.id,
                r.year,
                fetched_at,
                self._seal(r.model_dump_json().encode("utf-8"), "archive_records", r.id),
            )
            for r in wanted
        ]
        with self.transaction() as conn:
            conn.executemany(
                """
                INSERT INTO archive_records (id, year, fetched_at, data) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET year = excluded.year, fetched_at = excluded.fetched_at,
                    data = excluded.data
                """,
                rows,
            )
            self._upsert_documents(conn, [d for r in wanted for d in r.documents])  # type: ignore[attr-defined]
        return len(rows)

    def list_archive_records(self) -> list[ArchiveRecord]:
        """Every stored record, newest year first (the platform's order)."""
        fetched = self._read(
            lambda c: c.execute("SELECT id, data FROM archive_records ORDER BY year DESC, id").fetchall()
        )
        return [
            ArchiveRecord.model_validate_json(self._open(data, "archive_records", record_id))
            for record_id, data in fetched
        ]
