"""The e-archive: search older records and their scanned drawings, online and over what was fetched."""

from caseworker.archive.search import (
    ArchiveHit,
    ArchiveQuery,
    ArchiveResult,
    ArchiveSearch,
    MatchedBy,
    matched_by,
)

__all__ = ["ArchiveHit", "ArchiveQuery", "ArchiveResult", "ArchiveSearch", "MatchedBy", "matched_by"]
