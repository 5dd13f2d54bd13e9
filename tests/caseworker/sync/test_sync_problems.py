"""Conflicts (412) and refusals (403/404/422): recorded with what the user needs, never overwritten, never
lost; and each way out of them does what it says."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from caseworker.domain.models import (
    AnnotationInput,
    AnnotationKind,
    Case,
    CasePatch,
    CaseStatus,
    DeadlineExtension,
)
from caseworker.store import InvalidTransition, OutboxItemNotFound, OutboxState
from caseworker.sync.engine import ConflictChoice
from tests.helpers.rig import OpenRig, Platform, Rig, extendable, status_is, synced


def marker() -> str:
    return f"[{uuid.uuid4().hex[:10]}]"


async def _conflicted(rig: Rig, maria: Platform, case_id: str, ours: CaseStatus, theirs: str) -> str:
    """We change the case offline (not pushed yet); maria changes it meanwhile; our push meets a 412."""
    await rig.engine.sync_now()
    item = await rig.engine.patch_case(case_id, CasePatch(status=ours))
    r = maria.patch(case_id, {"status": theirs})
    assert r.status_code == 200, r.text
    finished = await rig.engine.sync_now()
    assert finished.pushed == 0
    return item.id


async def _received_case_in_conflict(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str], ours: CaseStatus
) -> tuple[dict[str, Any], Rig, str]:
    """A received case of anna's, a rig of hers, and her change to ``ours`` in conflict with maria's
    "under_review" (the outbox item's id)."""
    (case,) = anna.pick(1, status_is("received"), taken=taken)
    rig = await rigs()
    return case, rig, await _conflicted(rig, maria, case["id"], ours, "under_review")


async def test_conflict_keeps_base_theirs_and_ours_and_overwrites_nothing(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    case, rig, item_id = await _received_case_in_conflict(rigs, anna, maria, taken, CaseStatus.COMPLETE)

    item = await rig.store.get_outbox_item(item_id)
    assert item.state is OutboxState.CONFLICT and item.conflict is not None
    assert item.conflict.base["status"] == "received"
    assert item.conflict.theirs["status"] == "under_review"
    assert item.conflict.ours == {"status": "complete"}
    platform_case, etag = anna.case(case["id"])
    assert platform_case["status"] == "under_review"  # nothing overwritten
    assert item.conflict.their_etag == etag
    assert item.last_error and "ändrat" in item.last_error  # the Swedish reason
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.UNDER_REVIEW  # the cache shows theirs
    await rig.engine.sync_now()  # a conflict is not resent by itself
    assert anna.case(case["id"])[0]["status"] == "under_review"
    assert (await rig.store.get_outbox_item(item_id)).state is OutboxState.CONFLICT


async def test_keep_mine_sends_ours_on_top_of_theirs(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    case, rig, item_id = await _received_case_in_conflict(rigs, anna, maria, taken, CaseStatus.REFERRAL)
    before = await rig.store.get_outbox_item(item_id)
    await rig.engine.resolve_conflict(item_id, ConflictChoice.KEEP_MINE)
    resolved = await rig.store.get_outbox_item(item_id)
    assert resolved.state is OutboxState.PENDING
    assert resolved.idempotency_key != before.idempotency_key  # a new request
    assert resolved.if_match == before.conflict.their_etag  # type: ignore[union-attr]
    assert resolved.base["status"] == "under_review"
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.REFERRAL
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.case(case["id"])[0]["status"] == "referral"


async def test_take_theirs_drops_ours(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    case, rig, item_id = await _received_case_in_conflict(rigs, anna, maria, taken, CaseStatus.COMPLETE)
    await rig.engine.resolve_conflict(item_id, ConflictChoice.TAKE_THEIRS)
    with pytest.raises(OutboxItemNotFound):
        await rig.store.get_outbox_item(item_id)
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.UNDER_REVIEW
    await rig.engine.sync_now()
    assert anna.case(case["id"])[0]["status"] == "under_review"


async def test_edit_sends_the_edited_version_on_theirs(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    case, rig, item_id = await _received_case_in_conflict(rigs, anna, maria, taken, CaseStatus.COMPLETE)
    with pytest.raises(ValueError):
        await rig.engine.resolve_conflict(item_id, ConflictChoice.EDIT, {"status": "no-such-status"})
    await rig.engine.resolve_conflict(item_id, ConflictChoice.EDIT, CasePatch(status=CaseStatus.REFERRAL))
    item = await rig.store.get_outbox_item(item_id)
    assert item.payload == {"status": "referral"} and item.state is OutboxState.PENDING
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.case(case["id"])[0]["status"] == "referral"
    with pytest.raises(InvalidTransition):
        await rig.engine.resolve_conflict(item_id, ConflictChoice.KEEP_MINE)


async def test_markup_conflict(rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]) -> None:
    (case,) = anna.pick(1, lambda c: bool(anna.documents(c["id"])), taken=taken)
    document = anna.documents(case["id"])[0]
    rig = await rigs()
    text = "Mått saknas " + marker()
    await rig.engine.add_annotation(
        document["id"],
        AnnotationInput(page=0, kind=AnnotationKind.TEXT, geometry={"x": 1, "y": 2}, text=text),
    )
    await rig.engine.sync_now()
    (markup,) = [a for a in await rig.store.list_annotations(document["id"]) if a.text == text]
    await rig.engine.update_annotation(
        markup.id, AnnotationInput(page=0, kind=AnnotationKind.TEXT, geometry={"x": 1, "y": 2}, text="vår")
    )
    r = maria.http.put(
        f"/api/v1/annotations/{markup.id}",
        json={"page": 0, "kind": "text", "geometry": {"x": 5, "y": 5}, "text": "deras"},
        headers={"If-Match": markup.etag or "", "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 200, r.text
    await rig.engine.sync_now()
    (item,) = await rig.store.list_outbox([OutboxState.CONFLICT])
    assert item.conflict is not None
    assert item.conflict.base["text"] == text and item.conflict.theirs["text"] == "deras"
    assert item.conflict.ours["text"] == "vår"
    assert [a["text"] for a in anna.annotations(document["id"]) if a["id"] == markup.id] == ["deras"]
    await rig.engine.resolve_conflict(item.id, ConflictChoice.KEEP_MINE)
    assert (await rig.engine.sync_now()).pushed == 1
    assert [a["text"] for a in anna.annotations(document["id"]) if a["id"] == markup.id] == ["vår"]


async def test_inspector_changing_status_is_rejected_and_kept_with_reason(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    (case,) = anna.pick(1, status_is("received"), taken=taken)
    rig = await rigs("karin")  # an inspector: may note and mark up, not change the status
    await rig.engine.sync_now()
    tag = marker()
    patch_item = await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.COMPLETE))
    note_item = await rig.engine.add_note(case["id"], "Besök gjort " + tag)
    finished = await rig.engine.sync_now()
    assert finished.error is None and finished.pushed == 0  # a refusal is per item, not a sync error
    item = await rig.store.get_outbox_item(patch_item.id)
    assert item.state is OutboxState.REJECTED
    assert item.last_error is not None and "behörighet" in item.last_error
    assert item.payload == {"status": "complete"}  # what the user wanted is kept
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.RECEIVED  # the optimistic change is undone
    assert anna.case(case["id"])[0]["status"] == "received"
    # the note after it on the same case waits (per-case order) until the user decides
    assert (await rig.store.get_outbox_item(note_item.id)).state is OutboxState.PENDING

    await rig.engine.retry_rejected(item.id)  # still not allowed: rejected again, still kept
    await rig.engine.sync_now()
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.REJECTED
    await rig.engine.discard(item.id)
    with pytest.raises(OutboxItemNotFound):
        await rig.store.get_outbox_item(item.id)
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.notes(case["id"], tag) == ["Besök gjort " + tag]
    assert (await rig.counts())[OutboxState.REJECTED] == 0


async def test_second_extension_is_rejected_with_the_platforms_reason(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, extendable)
    reason = "Remiss till länsstyrelsen " + marker()
    first = await rig.engine.patch_case(
        case["id"], CasePatch(deadline_extension=DeadlineExtension(weeks=4, reason=reason))
    )
    second = await rig.engine.patch_case(
        case["id"], CasePatch(deadline_extension=DeadlineExtension(weeks=2, reason="Igen"))
    )
    await rig.engine.sync_now()
    assert (await rig.store.get_outbox_item(first.id)).state is OutboxState.DONE
    rejected = await rig.store.get_outbox_item(second.id)
    assert rejected.state is OutboxState.REJECTED
    assert rejected.last_error is not None and "förlängts" in rejected.last_error  # the platform's words
    assert rejected.payload["deadline_extension"]["reason"] == "Igen"
    platform_case, _ = anna.case(case["id"])
    assert platform_case["deadline"]["extension_weeks"] == 4
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.deadline.extension_weeks == 4


async def test_rejected_write_edited_and_retried_lands(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("incomplete"))
    item = await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.UNDER_REVIEW))  # not allowed
    await rig.engine.sync_now()
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.REJECTED
    await rig.engine.retry_rejected(item.id, CasePatch(status=CaseStatus.COMPLETE))
    retried = await rig.store.get_outbox_item(item.id)
    assert retried.state is OutboxState.PENDING and retried.payload == {"status": "complete"}
    assert (await rig.engine.sync_now()).pushed == 1
    assert anna.case(case["id"])[0]["status"] == "complete"


async def test_discarding_a_queued_write_undoes_it_locally(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received"))
    tag = marker()
    patch_item = await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.COMPLETE))
    note_item = await rig.engine.add_note(case["id"], tag)
    await rig.engine.discard(patch_item.id)
    await rig.engine.discard(note_item.id)
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.RECEIVED
    assert not [e for e in await rig.store.list_events(case["id"]) if e.text == tag]
    assert (await rig.engine.sync_now()).pushed == 0
    assert anna.case(case["id"])[0]["status"] == "received"


async def test_without_a_cached_etag_the_pusher_fetches_and_detects_a_newer_version(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    """A cache without ETags (an older platform, an older cache): the change is queued on the cached
    version, and the pusher compares versions before it sends -- a newer one is a conflict, not a
    silent overwrite."""
    unseen, seen = anna.pick(2, status_is("received"), taken=taken)
    rig = await rigs()
    data, _ = anna.case(seen["id"])
    await rig.store.upsert_cases([Case.model_validate({**data, "etag": None})])
    assert await rig.store.case_etag(seen["id"]) is None

    blind = await rig.engine.patch_case(unseen["id"], CasePatch(status=CaseStatus.COMPLETE))  # not cached
    based = await rig.engine.patch_case(seen["id"], CasePatch(status=CaseStatus.COMPLETE))
    assert blind.if_match is None and based.if_match is None and based.base["version"] == data["version"]
    assert maria.patch(seen["id"], {"status": "referral"}).status_code == 200

    await rig.engine.sync_now()
    assert (await rig.store.get_outbox_item(blind.id)).state is OutboxState.DONE
    assert anna.case(unseen["id"])[0]["status"] == "complete"
    conflict = await rig.store.get_outbox_item(based.id)
    assert conflict.state is OutboxState.CONFLICT and conflict.conflict is not None
    assert conflict.conflict.theirs["status"] == "referral" and conflict.conflict.base["status"] == "received"
    assert anna.case(seen["id"])[0]["status"] == "referral"
