"""Markup review through the outbox: offline markups with status and replies land once in order; a reviewer
replies and sets the status of another's markup but cannot change it (rejected, kept); two people changing
one markup get a conflict with both versions."""

from __future__ import annotations

import uuid
from typing import Any

from caseworker.domain.models import AnnotationInput, AnnotationKind, AnnotationStatus
from caseworker.store import OutboxState
from caseworker.sync.engine import ConflictChoice
from tests.caseworker.sync.conftest import OpenRig
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import Platform


def marker() -> str:
    return f"[{uuid.uuid4().hex[:10]}]"


def a_drawing(anna: Platform, taken: set[str]) -> dict[str, Any]:
    (case,) = anna.pick(1, lambda c: bool(anna.documents(c["id"])), taken=taken)
    return anna.documents(case["id"])[0]


def distance(document: dict[str, Any], text: str) -> AnnotationInput:
    return AnnotationInput(
        page=0,
        kind=AnnotationKind.DISTANCE,
        geometry={"points": [[10.0, 10.0], [300.0, 10.0]]},
        text=text,
        width=1.5,
        status=AnnotationStatus.OPEN,
        document_sha256=document["sha256"],
    )


def platform_markup(anna: Platform, document: dict[str, Any], text: str) -> dict[str, Any]:
    (found,) = [a for a in anna.annotations(document["id"]) if a["text"] == text]
    return found


async def test_offline_markup_status_and_reply_land_once_in_order(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    document = a_drawing(anna, taken)
    rig = await rigs(base_url=proxy.url)
    await rig.engine.sync_now()

    proxy.cut()
    text = "Avstånd till tomtgräns " + marker()
    created = await rig.engine.add_annotation(document["id"], distance(document, text))
    local_id = f"local-{created.id}"
    await rig.engine.set_annotation_status(local_id, AnnotationStatus.COMPLETED)
    await rig.engine.reply_to_annotation(local_id, "Mätt på plats: 4,6 m.")
    (shown,) = [a for a in await rig.store.list_annotations(document["id"]) if a.id == local_id]
    assert shown.status is AnnotationStatus.COMPLETED and shown.resolved  # shown at once, offline
    assert [r.text for r in shown.replies] == ["Mätt på plats: 4,6 m."]
    assert (await rig.engine.sync_now()).error is not None
    assert (await rig.counts())[OutboxState.PENDING] == 3

    proxy.restore()
    assert (await rig.engine.sync_now()).pushed == 3
    on_platform = platform_markup(anna, document, text)
    assert on_platform["kind"] == "distance" and on_platform["status"] == "completed"
    assert on_platform["document_sha256"] == document["sha256"] and on_platform["width"] == 1.5
    assert [(r["author_name"], r["text"]) for r in on_platform["replies"]] == [
        ("Anna Lindqvist", "Mätt på plats: 4,6 m.")
    ]
    (cached,) = [a for a in await rig.store.list_annotations(document["id"]) if a.text == text]
    assert cached.id == on_platform["id"] and [r.id for r in cached.replies] == [
        r["id"] for r in on_platform["replies"]
    ]  # the placeholder reply is replaced by the platform's, never shown twice
    assert (await rig.engine.sync_now()).pushed == 0  # exactly once


async def test_a_reviewer_replies_and_sets_status_but_cannot_change_anothers_markup(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    document = a_drawing(anna, taken)
    text = "Annas moln " + marker()
    r = anna.http.post(
        f"/api/v1/documents/{document['id']}/annotations",
        json={"page": 0, "kind": "cloud", "geometry": {"rect": [10, 10, 90, 90]}, "text": text},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    markup_id = r.json()["id"]
    rig = await rigs("karin")
    await rig.engine.sync_now()
    assert await rig.store.get_annotation(markup_id) is not None

    await rig.engine.reply_to_annotation(markup_id, "Granskat, ok.")
    await rig.engine.set_annotation_status(markup_id, AnnotationStatus.ACCEPTED)
    assert (await rig.engine.sync_now()).pushed == 2
    on_platform = platform_markup(anna, document, text)
    assert on_platform["status"] == "accepted"
    assert [r["author_name"] for r in on_platform["replies"]] == ["Karin Björk"]

    edit = await rig.engine.update_annotation(
        markup_id,
        AnnotationInput(page=0, kind=AnnotationKind.CLOUD, geometry={"rect": [0, 0, 50, 50]}, text="karins"),
    )
    assert (await rig.engine.sync_now()).pushed == 0
    item = await rig.store.get_outbox_item(edit.id)
    assert item.state is OutboxState.REJECTED and item.last_error  # kept with the reason
    assert item.payload["text"] == "karins"
    assert platform_markup(anna, document, text)["geometry"] == {"rect": [10, 10, 90, 90]}
    cached = await rig.store.get_annotation(markup_id)
    assert cached is not None and cached.text == text  # the optimistic change is undone


async def test_a_status_set_meanwhile_conflicts_with_an_offline_edit(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    document = a_drawing(anna, taken)
    rig = await rigs(base_url=proxy.url)
    text = "Ändra fönster " + marker()
    await rig.engine.add_annotation(document["id"], distance(document, text))
    assert (await rig.engine.sync_now()).pushed == 1
    (mine,) = [a for a in await rig.store.list_annotations(document["id"]) if a.text == text]

    proxy.cut()
    await rig.engine.update_annotation(mine.id, distance(document, text + " (ändrad)"))
    karin = Platform(anna.url, "karin")  # meanwhile a reviewer rejects it
    try:
        r = karin.http.put(
            f"/api/v1/annotations/{mine.id}/status",
            json={"status": "rejected"},
            headers={"If-Match": mine.etag or "", "Idempotency-Key": str(uuid.uuid4())},
        )
        assert r.status_code == 200, r.text
    finally:
        karin.close()
    proxy.restore()
    await rig.engine.sync_now()
    (item,) = [
        i for i in await rig.store.list_outbox([OutboxState.CONFLICT]) if i.payload["text"].startswith(text)
    ]
    assert item.conflict is not None
    assert item.conflict.theirs["status"] == "rejected" and item.conflict.ours["text"] == text + " (ändrad)"
    assert platform_markup(anna, document, text)["status"] == "rejected"  # never overwritten
    await rig.engine.resolve_conflict(item.id, ConflictChoice.KEEP_MINE)
    assert (await rig.engine.sync_now()).pushed == 1
    assert platform_markup(anna, document, text + " (ändrad)")["version"] == 3
