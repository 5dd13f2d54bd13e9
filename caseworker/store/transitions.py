"""The outbox in the store: enqueueing a write with its optimistic change in one transaction, and every
transition of an item's state (``caseworker.store.outbox`` draws the life of an item).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Collection
from typing import Any

from caseworker.store.base import LocalChange, StoreBase, _now
from caseworker.store.crypto import dump_json
from caseworker.store.errors import (
    InvalidTransition,
    OutboxItemNotFound,
)
from caseworker.store.outbox import (
    BLOCKING_STATES,
    PROBLEM_STATES,
    Conflict,
    NewWrite,
    OutboxItem,
    OutboxState,
)


class _Keep:
    """Sentinel: leave ``last_error`` as it is."""


_KEEP = _Keep()


class OutboxTransitions(StoreBase):
    """The outbox's items and the transitions between their states (``outbox.py`` draws them)."""

    def enqueue(self, write: NewWrite, local: LocalChange | None = None) -> OutboxItem:
        """Record a user's write and its optimistic cache change in ONE transaction; both or neither.

        A new Idempotency-Key (UUID) is made here, at the moment the user acted.
        """
        item_id = str(uuid.uuid4())
        now = _now().isoformat()
        acted_at = (write.acted_at or _now().astimezone()).isoformat()
        with self.transaction() as conn:
            conn.execute(
                """
                INSERT INTO ob.outbox (id, created_at, updated_at, kind, method, path, case_id, ordering_key,
                    payload, idempotency_key, if_match, state, attempts, base, acted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
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
                    acted_at,
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
        self, item_id: str, error: str, revert: LocalChange | None = None, platform_reason: str | None = None
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
                   idempotency_key, if_match, state, attempts, last_error, conflict, base, platform_reason,
                   acted_at
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
            acted_at=None if row[18] is None else dt.datetime.fromisoformat(row[18]),
        )
