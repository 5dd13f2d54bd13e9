"""Drafts of the user's unfinished work (a decision letter being written), kept as the user types.

A draft is user work that cannot be fetched again, so it lives in ``outbox.db`` beside the outbox and
survives a damaged cache; its content is sealed like every other piece of user data (AES-GCM with the
store's field key, bound to its kind and key). One draft per (kind, key), e.g. ("decision", case id).

    store.run(lambda s: save_draft(s, "decision", case_id, fields))
    store.run(lambda s: load_draft(s, "decision", case_id))   # dict or None
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from caseworker.store.errors import StoreError
from caseworker.store.store import OfflineStore


def _where(kind: str, key: str) -> tuple[str, ...]:
    return ("draft", kind, key)


def save_draft(store: OfflineStore, kind: str, key: str, data: Mapping[str, Any]) -> None:
    """Keep ``data`` (JSON-serialisable) as the draft of (kind, key), replacing an earlier one."""
    plaintext = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    sealed = store._seal(plaintext, *_where(kind, key))
    now = dt.datetime.now(dt.UTC).isoformat()
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO ob.draft (kind, key, updated_at, data) VALUES (?, ?, ?, ?)",
            (kind, key, now, sealed),
        )


def load_draft(store: OfflineStore, kind: str, key: str) -> dict[str, Any] | None:
    """The draft of (kind, key), or None if there is none."""
    row = store._read(
        lambda c: c.execute("SELECT data FROM ob.draft WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    )
    if row is None:
        return None
    data = json.loads(store._open(row[0], *_where(kind, key)))
    if not isinstance(data, dict):
        raise StoreError(f"the {kind} draft is not a mapping")
    return data


def delete_draft(store: OfflineStore, kind: str, key: str) -> None:
    """Forget the draft of (kind, key) (once the work is sent or discarded)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM ob.draft WHERE kind = ? AND key = ?", (kind, key))


def draft_keys(store: OfflineStore, kind: str) -> list[str]:
    """The keys that have a draft of ``kind`` (e.g. the cases with a decision being written)."""
    rows = store._read(lambda c: c.execute("SELECT key FROM ob.draft WHERE kind = ?", (kind,)).fetchall())
    return [str(r[0]) for r in rows]
