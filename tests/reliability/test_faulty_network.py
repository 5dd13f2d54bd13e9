"""QUALITY.md Reliability 2: a faulty network between client and platform (reset, hang, latency, slicing,
truncated answers) during a run of writes: every write lands exactly once, and the user sees the state."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from caseworker.domain.models import CasePatch, CaseStatus
from caseworker.store import OutboxState
from caseworker.sync.events import ConnectionChanged, OutboxChanged, SyncFinished
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OpenRig, Platform, status_is

WRITES = 20


@pytest.mark.slow
async def test_every_write_lands_exactly_once_through_a_faulty_network(
    rigs: OpenRig, anna: Platform, proxy: FaultyProxy, taken: set[str]
) -> None:
    cases = anna.pick(4, status_is("received"), taken=taken)
    rig = await rigs(base_url=proxy.url)
    assert (await rig.engine.sync_now()).error is None

    faults: list[tuple[str, Callable[[], None]]] = [
        ("request cut off before it was all sent", lambda: proxy.reset(after_request_bytes=60, times=2)),
        ("answer lost after the platform acted", lambda: proxy.reset(after_response_bytes=30, times=2)),
        ("answer truncated mid-body", lambda: proxy.truncate(after_body_bytes=12, times=2)),
        ("no answer at all", lambda: proxy.hang(times=1)),
        ("slow line", lambda: proxy.latency(0.03)),
        ("answer dripping in 7-byte slices", lambda: proxy.slice(7, 0.0002)),
        ("offline", proxy.cut),
    ]
    tag = f"[{uuid.uuid4().hex[:8]}]"
    notes: dict[str, list[str]] = {c["id"]: [] for c in cases}
    patched: dict[str, str] = {}
    for n in range(WRITES):
        proxy.passthrough()
        _name, arm = faults[n % len(faults)]
        arm()
        if n % 5 == 4 and len(patched) < len(cases):  # a few status changes too (If-Match writes)
            case_id = cases[len(patched)]["id"]
            await rig.engine.patch_case(case_id, CasePatch(status=CaseStatus.UNDER_REVIEW))
            patched[case_id] = "under_review"
        else:
            text = f"Anteckning {n} {tag}"
            case_id = cases[n % len(cases)]["id"]
            await rig.engine.add_note(case_id, text)
            notes[case_id].append(text)
        await rig.engine.sync_now()  # may fail: that is the point

    assert proxy.faults_struck >= 8  # the faults did hit requests
    proxy.passthrough()
    for _ in range(10):
        finished = await rig.engine.sync_now()
        counts = await rig.counts()
        if counts[OutboxState.PENDING] == counts[OutboxState.IN_FLIGHT] == 0:
            break
    assert finished.error is None
    assert counts[OutboxState.DONE] == WRITES, counts
    assert counts[OutboxState.CONFLICT] == counts[OutboxState.REJECTED] == 0

    for case_id, expected in notes.items():
        assert anna.notes(case_id, tag) == expected  # each exactly once, in the order written
    for case_id, status in patched.items():
        history = anna.events(case_id)
        changes = [e for e in history if e["kind"] == "status_changed" and e["data"]["to"] == status]
        assert len(changes) == 1 and anna.case(case_id)[0]["status"] == status

    # the user saw what happened: offline and back, the outbox draining
    online = [e.online for e in rig.of(ConnectionChanged)]
    assert False in online and online[-1] is True
    assert rig.of(OutboxChanged)[-1].counts[OutboxState.PENDING] == 0
    assert any(e.error for e in rig.of(SyncFinished))
