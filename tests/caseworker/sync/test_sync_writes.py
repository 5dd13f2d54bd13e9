"""Every kind of user write: local first (optimistic, in the outbox), then exactly once on the platform."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from caseworker.domain.models import (
    AnnotationInput,
    AnnotationKind,
    Attachment,
    CasePatch,
    CaseStatus,
    DecisionInput,
    DecisionOutcome,
    EventKind,
    MessageCreate,
)
from caseworker.store import OutboxState
from caseworker.sync.engine import CURSOR_KEY
from caseworker.sync.events import CasesChanged, ConnectionChanged, OutboxChanged, SyncFinished
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OpenRig, Platform, status_is, synced
from tests.helpers.sandbox import MINIMAL_PDF
from tests.helpers.waiting import until


def marker() -> str:
    return f"[{uuid.uuid4().hex[:10]}]"


async def test_status_change_shows_at_once_then_lands(rigs: OpenRig, anna: Platform, taken: set[str]) -> None:
    (case,) = anna.pick(1, status_is("received"), taken=taken)
    rig = await rigs()
    assert (await rig.engine.sync_now()).error is None
    cached_etag = await rig.store.case_etag(case["id"])
    assert cached_etag is not None  # the delta feed carries the ETag: the case can be changed offline

    item = await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.UNDER_REVIEW))
    assert item.state is OutboxState.PENDING and item.if_match == cached_etag
    assert item.base["status"] == "received"
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.UNDER_REVIEW  # optimistic
    assert any(isinstance(e, OutboxChanged) and e.counts[OutboxState.PENDING] == 1 for e in rig.events)
    assert any(isinstance(e, CasesChanged) and case["id"] in e.case_ids for e in rig.events)

    finished = await rig.engine.sync_now()
    assert finished.error is None and finished.pushed == 1
    platform_case, etag = anna.case(case["id"])
    assert platform_case["status"] == "under_review"
    assert await rig.store.case_etag(case["id"]) == etag
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.DONE
    assert rig.engine.online and any(isinstance(e, ConnectionChanged) and e.online for e in rig.events)


async def test_note_placeholder_is_replaced_by_the_platforms_event(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received", "complete", "under_review"))
    text = "Ring sökanden om ritningarna " + marker()
    item = await rig.engine.add_note(case["id"], text)
    local = [e for e in await rig.store.list_events(case["id"]) if e.text == text]
    assert [e.id for e in local] == [f"local-{item.id}"] and local[0].kind is EventKind.NOTE

    assert (await rig.engine.sync_now()).pushed == 1
    after = [e for e in await rig.store.list_events(case["id"]) if e.text == text]
    assert len(after) == 1 and not after[0].id.startswith("local-")
    assert anna.notes(case["id"], text) == [text]


async def test_message_with_attachment_lands_once(rigs: OpenRig, anna: Platform, taken: set[str]) -> None:
    (case,) = anna.pick(1, status_is("incomplete", "received"), taken=taken)
    rig = await rigs()
    body = "Hej! Vi behöver en fasadritning. " + marker()
    message = MessageCreate(
        subject="Komplettering",
        body=body,
        attachments=[Attachment(filename="lista.txt", media_type="text/plain", content_base64="SGVq")],
    )
    await rig.engine.send_message(case["id"], message)
    await rig.engine.sync_now()
    sent = [e for e in anna.events(case["id"]) if e["kind"] == "message" and e["text"] == body]
    assert len(sent) == 1 and sent[0]["data"]["subject"] == "Komplettering"
    assert any(d["filename"] == "lista.txt" for d in anna.documents(case["id"]))
    cached = [e for e in await rig.store.list_events(case["id"]) if e.text == body]
    assert len(cached) == 1 and not cached[0].id.startswith("local-")


async def test_markup_created_changed_and_removed_offline_land_in_order(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    (case,) = anna.pick(1, lambda c: bool(anna.documents(c["id"])), taken=taken)
    document = anna.documents(case["id"])[0]
    rig = await rigs(base_url=proxy.url)
    await rig.engine.sync_now()
    assert await rig.store.get_document(document["id"]) is not None  # documents come with the feed

    proxy.cut()
    text = "Kontrollera takvinkeln " + marker()
    markup = AnnotationInput(
        page=0, kind=AnnotationKind.CLOUD, geometry={"points": [[10, 10], [90, 60]]}, text=text
    )
    created = await rig.engine.add_annotation(document["id"], markup)
    local_id = f"local-{created.id}"
    changed = markup.model_copy(update={"text": text + " (ändrad)", "color": "#1565c0"})
    updated = await rig.engine.update_annotation(local_id, changed)
    assert updated.if_match is None and updated.path.endswith(local_id)
    shown = {a.id: a for a in await rig.store.list_annotations(document["id"])}
    assert shown[local_id].text == text + " (ändrad)"
    assert (await rig.engine.sync_now()).error is not None  # offline: kept
    assert (await rig.counts())[OutboxState.PENDING] == 2

    proxy.restore()
    assert (await rig.engine.sync_now()).pushed == 2
    on_platform = [a for a in anna.annotations(document["id"]) if text in a["text"]]
    assert len(on_platform) == 1 and on_platform[0]["text"] == text + " (ändrad)"
    assert on_platform[0]["color"] == "#1565c0"
    cached = [a for a in await rig.store.list_annotations(document["id"]) if text in a.text]
    assert [a.id for a in cached] == [on_platform[0]["id"]] and cached[0].etag is not None

    await rig.engine.delete_annotation(on_platform[0]["id"])
    assert not [a for a in await rig.store.list_annotations(document["id"]) if text in a.text]
    assert (await rig.engine.sync_now()).pushed == 1
    assert not [a for a in anna.annotations(document["id"]) if text in a["text"]]


async def test_decision_with_its_letter_lands(rigs: OpenRig, anna: Platform, taken: set[str]) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("complete", "under_review"))
    decision = DecisionInput(
        outcome=DecisionOutcome.GRANTED,
        legal_ground="9 kap. 31 § PBL",
        decided_on=dt.date.today(),
        reasons="Åtgärden uppfyller kraven. " + marker(),
        fee_sek=12000,
        signed_by="Anna Lindqvist",
    )
    pdf = MINIMAL_PDF + marker().encode()
    item = await rig.engine.post_decision(case["id"], decision, pdf)
    assert item.payload["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.DECIDED

    assert (await rig.engine.sync_now()).pushed == 1
    platform_case, etag = anna.case(case["id"])
    assert platform_case["status"] == "decided"
    letters = [d for d in anna.documents(case["id"]) if d["kind"] == "decision"]
    assert [d["sha256"] for d in letters] == [hashlib.sha256(pdf).hexdigest()]
    assert await rig.store.case_etag(case["id"]) == etag
    assert (await rig.store.read_blob(letters[0]["sha256"])) == pdf  # the letter is in the blob store
    decisions = [e for e in await rig.store.list_events(case["id"]) if e.kind is EventKind.DECISION]
    assert all(not e.id.startswith("local-") for e in decisions)


async def test_several_changes_to_one_case_offline_go_out_in_order_without_conflict(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    """The second change was made on top of the first: once the first is acknowledged, the second is
    sent with the first's new ETag (it is not a conflict with ourselves)."""
    rig, case = await synced(rigs, anna, taken, status_is("received"), base_url=proxy.url)
    proxy.cut()
    tag = marker()
    await rig.engine.patch_case(case["id"], CasePatch(completion_requested=True))
    await rig.engine.add_note(case["id"], "1 " + tag)
    await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.COMPLETE))
    await rig.engine.add_note(case["id"], "2 " + tag)
    await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.UNDER_REVIEW))
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.UNDER_REVIEW
    await rig.engine.sync_now()
    proxy.restore()
    finished = await rig.engine.sync_now()
    assert finished.pushed == 5 and finished.error is None
    counts = await rig.counts()
    assert counts[OutboxState.CONFLICT] == counts[OutboxState.REJECTED] == 0
    history = anna.events(case["id"])
    changes = [(e["data"]["from"], e["data"]["to"]) for e in history if e["kind"] == "status_changed"]
    assert changes[-3:] == [
        ("received", "incomplete"),
        ("incomplete", "complete"),
        ("complete", "under_review"),
    ]
    assert [e["text"] for e in history if e["kind"] == "note" and tag in e["text"]] == [
        "1 " + tag,
        "2 " + tag,
    ]


async def test_order_per_case_is_kept(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    first, second = anna.pick(2, status_is("received", "complete", "under_review", "incomplete"), taken=taken)
    rig = await rigs(base_url=proxy.url)
    proxy.cut()
    tag = marker()
    for n in range(6):
        await rig.engine.add_note(first["id"] if n % 2 == 0 else second["id"], f"{n} {tag}")
    proxy.restore()
    await rig.engine.sync_now()
    assert anna.notes(first["id"], tag) == [f"0 {tag}", f"2 {tag}", f"4 {tag}"]
    assert anna.notes(second["id"], tag) == [f"1 {tag}", f"3 {tag}", f"5 {tag}"]


async def test_offline_writes_queue_then_land_once(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received"), base_url=proxy.url)
    assert rig.engine.online
    proxy.cut()
    tag = marker()
    await rig.engine.add_note(case["id"], "offline " + tag)
    await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.REFERRAL))
    finished = await rig.engine.sync_now()
    assert finished.error is not None and finished.pushed == 0
    assert not rig.engine.online
    assert any(isinstance(e, ConnectionChanged) and not e.online for e in rig.events)
    counts = await rig.counts()
    assert counts[OutboxState.PENDING] == 2 and counts[OutboxState.IN_FLIGHT] == 0
    attempts = [i.attempts for i in await rig.store.list_outbox()]
    assert attempts in ([1, 0], [0, 0])  # at most the first write found out the platform was gone
    await rig.engine.sync_now()  # known to be offline: the probe fails, nothing is sent
    assert [i.attempts for i in await rig.store.list_outbox()] == attempts

    proxy.restore()
    finished = await rig.engine.sync_now()
    assert finished.error is None and finished.pushed == 2 and rig.engine.online
    assert anna.notes(case["id"], tag) == ["offline " + tag]
    assert anna.case(case["id"])[0]["status"] == "referral"
    await rig.engine.sync_now()  # nothing left to send: nothing sent twice
    assert anna.notes(case["id"], tag) == ["offline " + tag]


async def test_background_loop_pushes_when_queued_and_comes_back_online(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    (case,) = anna.pick(1, status_is("received", "complete", "under_review"), taken=taken)
    rig = await rigs(base_url=proxy.url)
    await rig.engine.start(interval=30)
    await until(lambda: rig.of(SyncFinished), what="the first background sync")
    tag = marker()
    await rig.engine.add_note(case["id"], "bakgrund " + tag)
    # pushed without waiting for the interval
    await until(lambda: anna.notes(case["id"], tag), what="the note on the platform", step=0.05)
    assert anna.notes(case["id"], tag) == ["bakgrund " + tag]

    proxy.cut()
    await rig.engine.add_note(case["id"], "igen " + tag)
    await until(lambda: not rig.engine.online, what="the engine to notice it is offline")
    proxy.restore()
    # the probe finds the platform again and the note goes out
    await until(
        lambda: anna.notes(case["id"], "igen " + tag), what="the offline note on the platform", step=0.05
    )
    assert anna.notes(case["id"], "igen " + tag) == ["igen " + tag]
    # the platform has the note a moment before the engine has its answer
    await until(lambda: rig.engine.online, what="the engine to be online again")
    await rig.engine.stop()


async def test_pull_keeps_optimistic_changes_over_the_same_version(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received"), base_url=proxy.url)
    tag = marker()
    proxy.cut()
    await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.COMPLETE))
    await rig.engine.add_note(case["id"], tag)
    proxy.restore()
    await rig.store.set_state(CURSOR_KEY, None)  # the whole feed again: the case at the same version
    assert await rig.engine.pull() > 0
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.COMPLETE
    assert [e.text for e in await rig.store.list_events(case["id"]) if e.id.startswith("local-")] == [tag]
    assert (await rig.engine.sync_now()).pushed == 2
    assert anna.case(case["id"])[0]["status"] == "complete"
