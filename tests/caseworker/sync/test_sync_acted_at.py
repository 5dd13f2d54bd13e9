"""When the user acted (issue 9 item 5): every write keeps the moment of the action and sends it as
`acted_at`, so a write made offline is recorded on the platform at the time the user made it, not when it
was synced. "Now" is the engine's injectable clock, never a sleep."""

from __future__ import annotations

import datetime as dt
import uuid

from caseworker.domain.models import CasePatch, CaseStatus, DecisionInput, DecisionOutcome, EventKind
from caseworker.store import OutboxState
from caseworker.sync.kinds import is_local
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OpenRig, Platform, status_is, synced
from tests.helpers.sandbox import MINIMAL_PDF

STOCKHOLM_WINTER = dt.timezone(dt.timedelta(hours=1))


def marker() -> str:
    return f"[{uuid.uuid4().hex[:10]}]"


def moment(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def earlier(**delta: float) -> dt.datetime:
    """A past moment on a Swedish winter clock, whole seconds (as a user's action would be)."""
    return (
        (dt.datetime.now(dt.UTC) - dt.timedelta(**delta)).astimezone(STOCKHOLM_WINTER).replace(microsecond=0)
    )


async def test_writes_made_offline_land_with_the_moment_the_user_acted(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("complete"), base_url=proxy.url)
    proxy.cut()
    noted_at, reviewed_at, decided_at = earlier(days=3, hours=2), earlier(days=3, hours=1), earlier(days=3)
    tag = marker()
    rig.engine.clock = lambda: noted_at
    note = await rig.engine.add_note(case["id"], "skrivet offline " + tag)
    rig.engine.clock = lambda: reviewed_at
    review = await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.UNDER_REVIEW))
    rig.engine.clock = lambda: decided_at
    decision = DecisionInput(
        outcome=DecisionOutcome.GRANTED,
        legal_ground="9 kap. 31 § PBL",
        decided_on=dt.date.today(),
        reasons="Beviljas. " + tag,
        fee_sek=1000,
        signed_by="Anna Lindqvist",
    )
    await rig.engine.post_decision(case["id"], decision, MINIMAL_PDF + tag.encode())
    assert note.acted_at == noted_at and review.acted_at == reviewed_at  # kept with the local offset
    assert note.acted_at is not None and note.acted_at.utcoffset() == dt.timedelta(hours=1)
    assert (await rig.engine.sync_now()).pushed == 0

    proxy.restore()
    rig.engine.clock = lambda: dt.datetime.now(dt.UTC).astimezone()  # three days later, back online
    assert await rig.engine.push() == 3

    on_platform = anna.events(case["id"])
    [noted] = [e for e in on_platform if e["kind"] == "note" and tag in e["text"]]
    [reviewed] = [
        e for e in on_platform if e["kind"] == "status_changed" and e["data"].get("to") == "under_review"
    ]
    [decided] = [e for e in on_platform if e["kind"] == "decision"]
    assert moment(noted["acted_at"]) == noted_at
    assert moment(reviewed["acted_at"]) == reviewed_at
    assert moment(decided["acted_at"]) == decided_at
    assert moment(noted["at"]) > noted_at + dt.timedelta(days=2)  # the platform's own time is kept beside

    # the push alone brought the platform's events into the history: no placeholders, nothing twice
    cached = await rig.store.list_events(case["id"])
    assert not [e for e in cached if is_local(e.id)]
    assert [e.acted_at for e in cached if e.id == reviewed["id"]] == [reviewed_at]
    assert [e.acted_at for e in cached if e.id == decided["id"]] == [decided_at]
    assert sum(1 for e in cached if e.kind is EventKind.NOTE and tag in e.text) == 1


async def test_a_write_that_waited_over_a_year_still_lands_without_acted_at(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received", "complete"), base_url=proxy.url)
    proxy.cut()
    tag = marker()
    long_ago = earlier(days=400)
    rig.engine.clock = lambda: long_ago
    item = await rig.engine.add_note(case["id"], "glömd på en laptop " + tag)
    assert item.acted_at == long_ago
    assert (await rig.engine.sync_now()).pushed == 0

    proxy.restore()
    rig.engine.clock = lambda: dt.datetime.now(dt.UTC).astimezone()
    finished = await rig.engine.sync_now()
    assert finished.error is None and finished.pushed == 1
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.DONE
    [noted] = [e for e in anna.events(case["id"]) if e["kind"] == "note" and tag in e["text"]]
    assert noted["acted_at"] is None  # the platform keeps no moment older than a year: its own time only
