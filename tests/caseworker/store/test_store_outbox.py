"""The outbox: state machine, ordering, restart behaviour, and atomicity with the cache change."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from caseworker.domain.models import CaseStatus, Event, EventKind
from caseworker.store import (
    CaseQuery,
    Conflict,
    InvalidTransition,
    LocalChange,
    NewWrite,
    OfflineStore,
    OutboxItemNotFound,
    OutboxState,
    SortKey,
)
from tests.caseworker.store.factories import full_case, summary

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def _note(case_id: str = "case-000001", text: str = "Ring sökanden") -> NewWrite:
    return NewWrite(
        kind="add_note",
        method="POST",
        path=f"/api/v1/cases/{case_id}/notes",
        payload={"text": text},
        case_id=case_id,
    )


def test_enqueue_records_everything_the_engine_needs(store: OfflineStore) -> None:
    write = NewWrite(
        kind="patch_case",
        method="patch",
        path="/api/v1/cases/case-000001",
        payload={"status": "under_review"},
        if_match='"v1"',
        case_id="case-000001",
    )
    item = store.enqueue(write)
    assert item.state is OutboxState.PENDING and item.attempts == 0
    assert item.method == "PATCH" and item.if_match == '"v1"' and item.payload == {"status": "under_review"}
    assert item.ordering_key == "case-000001"
    assert len(item.idempotency_key) == 36 and item.idempotency_key != item.id
    assert store.get_outbox_item(item.id) == item
    assert store.next_pending() == item


def test_happy_path_transitions(store: OfflineStore) -> None:
    item = store.enqueue(_note())
    flying = store.mark_in_flight(item.id)
    assert flying.state is OutboxState.IN_FLIGHT and flying.attempts == 1
    assert store.next_pending() is None
    store.mark_retry(item.id, "connection reset")
    again = store.get_outbox_item(item.id)
    assert again.state is OutboxState.PENDING and again.last_error == "connection reset"
    assert again.idempotency_key == item.idempotency_key  # a resend must replay, not duplicate
    assert store.mark_in_flight(item.id).attempts == 2
    server_event = Event(id="ev-9", case_id="case-000001", kind=EventKind.NOTE, at=NOW, text="Ring sökanden")
    store.mark_done(item.id, server=LocalChange(events=[server_event]))
    done = store.get_outbox_item(item.id)
    assert done.state is OutboxState.DONE and done.last_error is None
    assert store.list_events("case-000001") == [server_event]
    assert store.outbox_counts()[OutboxState.DONE] == 1
    assert store.purge_done() == 1
    with pytest.raises(OutboxItemNotFound):
        store.get_outbox_item(item.id)


def test_conflict_keeps_base_theirs_ours_and_resolves_with_a_new_key(store: OfflineStore) -> None:
    item = store.enqueue(_note(text="Min text"))
    store.mark_in_flight(item.id)
    conflict = Conflict(
        base={"status": "received"}, theirs={"status": "complete"}, ours={"text": "Min text"}, their_etag="v2"
    )
    store.mark_conflict(item.id, conflict, error="412 Precondition Failed")
    stored = store.get_outbox_item(item.id)
    assert stored.state is OutboxState.CONFLICT and stored.conflict == conflict
    assert store.next_pending() is None
    resolved = store.resolve_conflict(item.id, {"text": "Min text, igen"}, "v2")
    assert resolved.state is OutboxState.PENDING and resolved.conflict is None
    assert resolved.payload == {"text": "Min text, igen"} and resolved.if_match == "v2"
    assert resolved.idempotency_key != item.idempotency_key


def test_rejected_can_be_retried_or_discarded(store: OfflineStore) -> None:
    case = full_case(1, applicant="Anna Svensson", personnummer="19811218-9876")
    store.upsert_cases([case])
    changed = case.model_copy(update={"status": CaseStatus.REFERRAL})
    item = store.enqueue(_note(), LocalChange(cases=[changed]))
    store.mark_in_flight(item.id)
    store.mark_rejected(item.id, "403 Forbidden", revert=LocalChange(cases=[case]))
    assert store.get_case(case.id) == case  # optimistic change undone
    retried = store.retry(item.id)
    assert retried.state is OutboxState.PENDING and retried.idempotency_key != item.idempotency_key
    store.mark_in_flight(item.id)
    store.mark_rejected(item.id, "403 Forbidden")
    store.discard(item.id)
    assert store.list_outbox() == []


@pytest.mark.parametrize(
    ("prepare", "action"),
    [
        ([], "mark_done"),
        ([], "mark_conflict"),
        ([], "mark_rejected"),
        ([], "mark_retry"),
        ([], "retry"),
        ([], "resolve_conflict"),
        (["mark_in_flight"], "mark_in_flight"),
        (["mark_in_flight"], "discard"),  # may have reached the platform
        (["mark_in_flight", "mark_retry"], "discard"),  # sent once: may have reached the platform
        (["mark_in_flight", "mark_done"], "mark_retry"),
        (["mark_in_flight", "mark_done"], "discard"),
    ],
)
def test_invalid_transitions_are_refused(store: OfflineStore, prepare: list[str], action: str) -> None:
    item = store.enqueue(_note())
    calls = {
        "mark_in_flight": lambda: store.mark_in_flight(item.id),
        "mark_done": lambda: store.mark_done(item.id),
        "mark_conflict": lambda: store.mark_conflict(item.id, Conflict(None, None, None)),
        "mark_rejected": lambda: store.mark_rejected(item.id, "x"),
        "mark_retry": lambda: store.mark_retry(item.id, "x"),
        "retry": lambda: store.retry(item.id),
        "resolve_conflict": lambda: store.resolve_conflict(item.id, {}, None),
        "discard": lambda: store.discard(item.id),
    }
    for step in prepare:
        calls[step]()
    before = store.get_outbox_item(item.id)
    with pytest.raises(InvalidTransition):
        calls[action]()
    assert store.get_outbox_item(item.id) == before


def test_unsent_pending_item_may_be_discarded(store: OfflineStore) -> None:
    item = store.enqueue(_note())
    store.discard(item.id)
    assert store.outbox_counts()[OutboxState.PENDING] == 0
    with pytest.raises(OutboxItemNotFound):
        store.mark_in_flight("no-such-item")


def test_per_case_order_and_other_cases_not_blocked(store: OfflineStore) -> None:
    a1 = store.enqueue(_note("case-A", "1"))
    a2 = store.enqueue(_note("case-A", "2"))
    b1 = store.enqueue(_note("case-B", "1"))
    free = store.enqueue(NewWrite(kind="x", method="POST", path="/api/v1/x", payload=None))
    assert store.next_pending() == a1
    store.mark_in_flight(a1.id)
    assert store.next_pending() == b1  # a2 waits for a1
    store.mark_conflict(a1.id, Conflict(None, None, None))
    assert store.next_pending() == b1  # a conflict holds up later writes of the same case only
    store.mark_in_flight(b1.id)
    assert store.next_pending().id == free.id  # type: ignore[union-attr]
    store.mark_in_flight(free.id)
    assert store.next_pending() is None
    store.resolve_conflict(a1.id, {"text": "1b"}, None)
    assert store.next_pending().id == a1.id  # type: ignore[union-attr]
    store.mark_in_flight(a1.id)
    store.mark_done(a1.id)
    assert store.next_pending().id == a2.id  # type: ignore[union-attr]
    counts = store.outbox_counts()
    assert counts == {
        OutboxState.PENDING: 1,
        OutboxState.IN_FLIGHT: 2,
        OutboxState.DONE: 1,
        OutboxState.CONFLICT: 0,
        OutboxState.REJECTED: 0,
    }
    assert [i.id for i in store.list_outbox({OutboxState.IN_FLIGHT})] == [b1.id, free.id]
    assert [i.id for i in store.list_outbox(case_id="case-A")] == [a1.id, a2.id]


def test_in_flight_items_are_pending_again_after_restart(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        item = store.enqueue(_note())
        store.mark_in_flight(item.id)
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.open_result.requeued_in_flight == 1
        again = store.get_outbox_item(item.id)
        assert again.state is OutboxState.PENDING
        assert again.idempotency_key == item.idempotency_key and again.attempts == 1


def test_queue_rows_show_outbox_state(store: OfflineStore) -> None:
    store.upsert_cases([summary(1), summary(2)])
    first = store.enqueue(_note("case-000001"))
    store.enqueue(_note("case-000001"))
    store.mark_in_flight(first.id)
    store.mark_conflict(first.id, Conflict(None, None, None))
    rows = {r.id: r for r in store.rows(CaseQuery(sort=SortKey.REGISTRATION_NUMBER), 0, 10)}
    assert (rows["case-000001"].pending_writes, rows["case-000001"].problem_writes) == (1, 1)
    assert (rows["case-000002"].pending_writes, rows["case-000002"].problem_writes) == (0, 0)


# --- atomicity ------------------------------------------------------------------------------------


def test_enqueue_and_cache_change_commit_together(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        case = full_case(1, applicant="Anna Svensson", personnummer="19811218-9876")
        store.upsert_cases([case])
        changed = case.model_copy(update={"status": CaseStatus.UNDER_REVIEW})
        store.enqueue(_note(), LocalChange(cases=[changed]))
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.get_case(case.id) == changed
        assert store.outbox_counts()[OutboxState.PENDING] == 1


def test_failure_between_outbox_insert_and_cache_change_leaves_neither(
    store_dir: Path, data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = full_case(1, applicant="Anna Svensson", personnummer="19811218-9876")
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        store.upsert_cases([case])
        calls: list[str] = []
        real_upsert = OfflineStore._upsert_cases

        def failing_upsert(self: OfflineStore, conn, cases, etags):  # type: ignore[no-untyped-def]
            # the outbox row is already inserted in this transaction when the cache write starts
            calls.append(str(conn.execute("SELECT count(*) FROM ob.outbox").fetchone()[0]))
            real_upsert(self, conn, cases, etags)  # the cache row is changed too ...
            raise OSError("disk full")  # ... and then the transaction fails

        monkeypatch.setattr(OfflineStore, "_upsert_cases", failing_upsert)
        changed = case.model_copy(update={"status": CaseStatus.UNDER_REVIEW})
        with pytest.raises(OSError, match="disk full"):
            store.enqueue(_note(), LocalChange(cases=[changed]))
        assert calls == ["1"]
        monkeypatch.undo()
        assert store.list_outbox() == []
        assert store.get_case(case.id) == case
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.list_outbox() == []
        assert store.get_case(case.id) == case


CHILD = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from caseworker.domain.models import Event, EventKind
    from caseworker.store import LocalChange, NewWrite, OfflineStore
    store = OfflineStore.open(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), user_id="u")
    print("ready", flush=True)
    n = int(sys.argv[3])
    while True:
        n += 1
        store.enqueue(
            NewWrite(kind="note", method="POST", path="/api/v1/cases/c/notes", payload={"n": n}, case_id="c"),
            LocalChange(events=[Event(id=f"ev-{n}", case_id="c", kind=EventKind.NOTE,
                                      at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), text=str(n))]),
        )
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_process_never_leaves_one_file_without_the_other(store_dir: Path, data_key: bytes) -> None:
    """SIGKILL a process that enqueues in a tight loop, many times; after each restart outbox == cache.

    Probabilistic: a kill lands inside a commit now and then. With WAL (each file committing on its own)
    this finds mismatches; with the rollback journal's super-journal it must never.
    """
    OfflineStore.open(store_dir, data_key, user_id="u").close()
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    n = 0
    for round_ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(store_dir), data_key.hex(), str(n * 1000 + round_ * 100_000)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(0.05 + 0.02 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with OfflineStore.open(store_dir, data_key, user_id="u") as store:
            outbox = {item.payload["n"] for item in store.list_outbox(limit=1_000_000)}
            events = {int(e.text) for e in store.list_events("c")}
            assert outbox == events
            n = len(outbox)
    assert n > 12  # the children did write
