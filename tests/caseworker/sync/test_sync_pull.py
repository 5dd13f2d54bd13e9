"""The delta pull (cursor, 410 full resync), sessions that end, overload, and "make available offline"."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import httpx

from caseworker.auth.flow import Tokens, demo_sign_in
from caseworker.domain.models import CaseStatus
from caseworker.store import CaseQuery, OfflineStore, OutboxState, QueueKind
from caseworker.sync.engine import CURSOR_KEY
from caseworker.sync.events import CasesChanged, SignedOut, SyncProgress
from tests.helpers import signin
from tests.helpers.rig import TOKENS_SECRET, OpenRig, Platform, status_is, synced
from tests.helpers.sandbox import Sandbox


def marker() -> str:
    return f"[{uuid.uuid4().hex[:10]}]"


async def test_first_pull_fills_the_store_and_later_pulls_bring_only_changes(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    (case,) = anna.pick(1, status_is("received", "complete"), taken=taken)
    rig = await rigs()
    first = await rig.engine.pull()
    assert first > 0 and await rig.store.get_state(CURSOR_KEY)
    everyone = await rig.store.count(CaseQuery(queue=QueueKind.ALL))
    assert everyone == len(anna.cases("all"))
    assert any(isinstance(e, CasesChanged) and e.everything for e in rig.events)
    assert any(isinstance(e, SyncProgress) and e.phase == "pull" for e in rig.events)
    cached = await rig.store.get_case(case["id"])
    assert cached is not None and cached.parties  # the feed carries whole cases
    assert cached.etag == anna.case(case["id"])[1]

    tag = marker()
    assert anna.note(case["id"], tag).status_code == 201
    assert anna.patch(case["id"], {"status": "under_review"}).status_code == 200
    assert await rig.engine.pull() >= 2  # the note and the case (and its status event)
    assert [e.text for e in await rig.store.list_events(case["id"]) if e.text == tag] == [tag]
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.UNDER_REVIEW
    assert await rig.store.case_etag(case["id"]) == anna.case(case["id"])[1]
    assert await rig.engine.pull() == 0


async def test_cursor_too_old_means_full_resync_and_the_outbox_is_kept(
    rigs: OpenRig, sb: Sandbox, anna: Platform, taken: set[str]
) -> None:
    (case,) = anna.pick(1, status_is("received", "complete", "under_review"), taken=taken)
    rig = await rigs()
    await rig.engine.pull()
    assert anna.note(case["id"], "newer than the cursor").status_code == 201
    httpx.post(
        sb.url + "/sandbox/admin/expire-cursors", headers=sb.admin_headers, timeout=10
    ).raise_for_status()
    tag = marker()
    item = await rig.engine.add_note(case["id"], tag)  # queued, not sent yet
    rig.events.clear()

    assert await rig.engine.pull() > 0  # 410, then the whole feed again
    assert any(isinstance(e, CasesChanged) and e.everything for e in rig.events)
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.PENDING
    local = [e for e in await rig.store.list_events(case["id"]) if e.id.startswith("local-")]
    assert [e.text for e in local] == [tag]  # the optimistic change came back with the case
    assert await rig.store.count(CaseQuery(queue=QueueKind.ALL)) == len(anna.cases("all"))
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.notes(case["id"], tag) == [tag]


async def test_revoked_session_signs_out_and_keeps_the_outbox(
    rigs: OpenRig, sb: Sandbox, anna: Platform, taken: set[str], http: httpx.AsyncClient
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received", "complete", "under_review"))
    tag = marker()
    item = await rig.engine.add_note(case["id"], tag)

    # A refresh token that was rotated twice since: using it again revokes the whole sign-in.
    first = signin.sign_in(sb.url, "anna")
    second = signin.refresh(sb.url, first["refresh_token"]).json()
    assert signin.refresh(sb.url, second["refresh_token"]).status_code == 200
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    await rig.session.signed_in(Tokens(first["access_token"], first["refresh_token"], past))

    finished = await rig.engine.sync_now()
    assert finished.error is not None and "utloggad" in finished.error
    assert len(rig.of(SignedOut)) == 1
    assert await rig.store.get_secret(TOKENS_SECRET) is None  # the dead tokens are gone ...
    kept = await rig.store.get_outbox_item(item.id)  # ... the user's work is not
    assert kept.state is OutboxState.PENDING and kept.idempotency_key == item.idempotency_key
    assert await rig.engine.push() == 0 and len(rig.of(SignedOut)) == 1  # no pushing while signed out

    await rig.session.signed_in(await demo_sign_in(http, sb.url, "anna"))
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.notes(case["id"], tag) == [tag]


async def test_overload_keeps_the_write_for_later(
    rigs: OpenRig, sb: Sandbox, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received", "complete", "under_review"))
    tag = marker()
    await rig.engine.add_note(case["id"], tag)
    faults = {"count": 50, "status": 503, "retry_after": 0}
    httpx.post(
        sb.url + "/sandbox/admin/faults", json=faults, headers=sb.admin_headers, timeout=10
    ).raise_for_status()
    try:
        finished = await rig.engine.sync_now()
        assert finished.pushed == 0 and finished.error is not None
        assert (await rig.counts())[OutboxState.PENDING] == 1
        assert rig.engine.online  # the platform answered: it is busy, not gone
    finally:
        httpx.post(
            sb.url + "/sandbox/admin/faults", json={"count": 0}, headers=sb.admin_headers, timeout=10
        ).raise_for_status()
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.notes(case["id"], tag) == [tag]


async def test_make_available_offline_downloads_every_document_with_progress(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    (case,) = anna.pick(1, lambda c: len(anna.documents(c["id"])) >= 2, taken=taken)
    documents = anna.documents(case["id"])
    rig = await rigs()
    calls: list[tuple[int, int]] = []
    await rig.engine.make_available_offline(
        case["id"], progress=lambda done, total: calls.append((done, total))
    )

    total = sum(d["size"] for d in {d["sha256"]: d for d in documents}.values())
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)  # never backwards
    for d in documents:
        data = await rig.store.read_blob(d["sha256"])  # verified against its sha256 on read
        assert hashlib.sha256(data).hexdigest() == d["sha256"] and len(data) == d["size"]
    cached = await rig.store.get_case(case["id"])
    assert cached is not None and await rig.store.case_etag(case["id"]) == anna.case(case["id"])[1]
    assert len(await rig.store.list_events(case["id"])) == len(anna.events(case["id"]))
    assert {d.id for d in await rig.store.list_documents(case["id"])} == {d["id"] for d in documents}
    assert not list((rig.directory / "incoming").iterdir())  # no plaintext left behind
    assert any(isinstance(e, SyncProgress) and e.phase == "download" for e in rig.events)

    again: list[tuple[int, int]] = []
    await rig.engine.make_available_offline(
        case["id"], progress=lambda done, total: again.append((done, total))
    )
    assert again == [(0, 0)]  # everything is there already

    # Asked for offline again, the documents count as recently used: a retention sweep keeps them.
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=100)

    def age_every_use(s: OfflineStore) -> None:
        s.record_blob_uses()
        with s.transaction() as conn:
            conn.execute("UPDATE blob_use SET last_used = ?", (long_ago.isoformat(),))

    await rig.store.run(age_every_use)
    await rig.engine.make_available_offline(case["id"])
    released = await rig.store.release_documents(unused_since=long_ago + dt.timedelta(days=1))
    assert released.removed == 0
    assert all([await rig.store.has_blob(d["sha256"]) for d in documents])
