"""The sync engine owns the sync state and rules: the retention of sent changes, refreshing one case,
"last synced" and "offline since", and typed outcomes (no Swedish text to match)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

import caseworker.store.transitions as outbox_module
from caseworker.domain.models import CasePatch, CaseStatus, DeadlineExtension
from caseworker.store import OutboxItemNotFound, OutboxState
from caseworker.sync.events import CasesChanged, ConnectionChanged, SyncFinished
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OPEN, OpenRig, Platform, extendable, status_is, synced


def marker() -> str:
    return f"[{uuid.uuid4().hex[:10]}]"


async def test_sent_changes_are_kept_as_long_as_the_user_chose_not_a_week(
    rigs: OpenRig, anna: Platform, taken: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is(*OPEN))
    item = await rig.engine.add_note(case["id"], "Skickad för tio dagar sedan " + marker())
    ten_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    with monkeypatch.context() as m:
        m.setattr(outbox_module, "_now", lambda: ten_days_ago)  # acknowledged ten days ago
        assert (await rig.engine.sync_now()).pushed == 1
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.DONE

    await rig.engine.start()  # the default retention is the settings' default: 30 days
    await rig.engine.stop()
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.DONE

    await rig.engine.start(keep_done=dt.timedelta(days=9))  # the user chose less
    await rig.engine.stop()
    with pytest.raises(OutboxItemNotFound):
        await rig.store.get_outbox_item(item.id)


async def test_refreshing_a_case_stores_the_platforms_version_and_keeps_the_users_waiting_change(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received"))
    text = "Väntar på att skickas " + marker()
    item = await rig.engine.add_note(case["id"], text)
    theirs = "Någon annans anteckning " + marker()
    assert anna.note(case["id"], theirs).status_code == 201
    rig.events.clear()

    await rig.engine.refresh_case(case["id"])

    texts = [e.text for e in await rig.store.list_events(case["id"])]
    assert theirs in texts  # the platform's history
    assert text in texts  # the user's own note, still waiting, still shown
    assert (await rig.store.get_outbox_item(item.id)).state is OutboxState.PENDING
    assert await rig.store.case_etag(case["id"]) == anna.case(case["id"])[1]
    assert any(isinstance(e, CasesChanged) and case["id"] in e.case_ids for e in rig.events)


async def test_a_waiting_status_change_stays_shown_when_its_case_is_refreshed(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, status_is("received"))
    await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.UNDER_REVIEW))
    await rig.engine.refresh_case(case["id"])
    shown = await rig.store.get_case_summary(case["id"])
    assert shown is not None and shown.status is CaseStatus.UNDER_REVIEW  # made again on the fresh copy


async def test_a_start_without_network_says_offline_since_the_last_sync(
    rigs: OpenRig, proxy: FaultyProxy, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rig = await rigs(base_url=proxy.url)
    first = await rig.engine.sync_now()
    assert first.error is None and not first.offline and first.last_synced == first.at
    await rig.close()

    proxy.cut()  # the network is gone when the app starts again
    again = await rigs(base_url=proxy.url, directory=rig.directory, key=rig.key)
    finished = await again.engine.sync_now()
    assert finished.offline and finished.error is not None  # typed, not a Swedish text to compare
    assert finished.last_synced == first.at  # remembered in the store
    (offline,) = again.of(ConnectionChanged)
    assert not offline.online and offline.since == first.at
    assert again.engine.last_synced == first.at and again.engine.offline_since == first.at


async def test_a_refusal_keeps_the_platforms_own_words_in_a_field_of_their_own(
    rigs: OpenRig, anna: Platform, taken: set[str]
) -> None:
    rig, case = await synced(rigs, anna, taken, extendable)
    extension = CasePatch(deadline_extension=DeadlineExtension(weeks=2, reason="Omfattande ärende"))
    first = await rig.engine.patch_case(case["id"], extension)
    second = await rig.engine.patch_case(case["id"], extension)
    await rig.engine.sync_now()
    assert (await rig.store.get_outbox_item(first.id)).state is OutboxState.DONE
    refused = await rig.store.get_outbox_item(second.id)
    assert refused.state is OutboxState.REJECTED
    assert refused.platform_reason is not None and "förlängts" in refused.platform_reason
    assert refused.last_error is not None and refused.platform_reason in refused.last_error
    finished = [e for e in rig.events if isinstance(e, SyncFinished)]
    assert finished and not finished[-1].offline
