"""The decision's notices as an outbox kind (what the outbox says, what it accepts as an edit), and a
computer whose clock runs fast: its writes still land, their `acted_at` kept as the platform's now."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from caseworker.domain.models import CasePatch, CaseStatus
from caseworker.store import OutboxItem, OutboxState
from caseworker.sync.kinds import RECORD_NOTICES, kind_of
from caseworker.sync.kinds.notices import notices_patch
from tests.caseworker.sync.conftest import OpenRig
from tests.helpers.rig import Platform, status_is, synced


def item_of(payload: dict[str, object]) -> OutboxItem:
    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    return OutboxItem(
        seq=1, id="i1", created_at=now, updated_at=now, kind="record_notices", method="PATCH",
        path="/api/v1/cases/c1", case_id="c1", ordering_key="c1", payload=payload, idempotency_key="k",
        if_match='"c1-v3"', state=OutboxState.PENDING, attempts=0, last_error=None, conflict=None,
    )  # fmt: skip


def test_the_notices_kind_describes_itself_and_accepts_only_notices() -> None:
    patch = notices_patch({"p1": dt.date(2026, 12, 1), "p2": None}, dt.date(2026, 12, 2), publishing=True)
    payload = RECORD_NOTICES.payload_of(patch)
    assert payload == {
        "parties_notified": [
            {"party_id": "p1", "notified_on": "2026-12-01"},
            {"party_id": "p2", "notified_on": None},
        ],
        "decision_published_on": "2026-12-02",
    }
    item = item_of(payload)
    assert kind_of(item) is RECORD_NOTICES and RECORD_NOTICES.target(item) is not None  # If-Match: the case
    assert [p.text for p in RECORD_NOTICES.describe(payload)] == [
        "Delgivning av beslutet ({n} parter)",
        "Kungörelse i PoIT",
    ]
    # not publishing: the PoIT day is left as it is (absent, not null)
    assert "decision_published_on" not in RECORD_NOTICES.payload_of(
        notices_patch({"p1": None}, None, publishing=False)
    )
    with pytest.raises(ValueError):
        RECORD_NOTICES.normalise(item, CasePatch(status=CaseStatus.CLOSED))


async def test_a_fast_computer_clock_does_not_strand_a_write(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received", "complete", "under_review"))
    rig.engine.clock = lambda: dt.datetime.now(dt.UTC).astimezone() + dt.timedelta(minutes=20)
    tag = f"[{uuid.uuid4().hex[:10]}]"
    before = dt.datetime.now(dt.UTC)
    item = await rig.engine.add_note(case["id"], "klockan går före " + tag)
    finished = await rig.engine.sync_now()
    assert finished.error is None and finished.pushed == 1
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.DONE
    [noted] = [e for e in anna.events(case["id"]) if e["kind"] == "note" and tag in e["text"]]
    kept = dt.datetime.fromisoformat(noted["acted_at"])
    assert before <= kept <= dt.datetime.fromisoformat(noted["at"])  # the platform's now, not 20 min ahead
