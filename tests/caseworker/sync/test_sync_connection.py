"""Noticing the network: a failed request flips the engine to offline at once, an idle engine notices by a
cheap probe (its interval set short here), and "Försök ansluta" says it is trying and what came of it.

Each test waits on the engine's events (never on the clock) and fails loudly when they do not come."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from caseworker.api.errors import Offline
from caseworker.sync.events import ConnectionChanged, Reconnecting, SyncEvent, SyncFinished
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OpenRig, Platform, Rig, status_is

PATIENCE = 60.0  # seconds to wait for an event before failing: the machine may be busy


async def event(rig: Rig, wanted: Callable[[SyncEvent], bool]) -> SyncEvent:
    """The first event (already heard, or to come) that ``wanted`` accepts."""
    arrived = asyncio.Event()
    unsubscribe = rig.engine.subscribe(lambda e: arrived.set() if wanted(e) else None)
    try:
        async with asyncio.timeout(PATIENCE):
            while not any(wanted(e) for e in rig.events):
                await arrived.wait()
                arrived.clear()
    finally:
        unsubscribe()
    return next(e for e in rig.events if wanted(e))


def offline(e: SyncEvent) -> bool:
    return isinstance(e, ConnectionChanged) and not e.online


def online(e: SyncEvent) -> bool:
    return isinstance(e, ConnectionChanged) and e.online


async def test_a_failed_request_anywhere_flips_the_engine_to_offline_at_once(
    rigs: OpenRig, proxy: FaultyProxy, anna: Platform, taken: set[str]
) -> None:
    (case,) = anna.pick(1, status_is("received"), taken=taken)
    rig = await rigs(base_url=proxy.url)
    await rig.engine.sync_now()
    assert rig.engine.online
    proxy.cut()
    with pytest.raises(Offline):
        await rig.client.case(case["id"])  # a screen's own request, not the engine's
    assert not rig.engine.online and any(offline(e) for e in rig.events)
    proxy.restore()
    await rig.client.case(case["id"])
    assert rig.engine.online


async def test_an_idle_engine_notices_the_network_going_and_coming_back(
    rigs: OpenRig, proxy: FaultyProxy
) -> None:
    rig = await rigs(base_url=proxy.url, probe_every=0.2)
    await rig.engine.start(interval=3600)  # no sync round for an hour: only the probe can notice
    await event(rig, lambda e: isinstance(e, SyncFinished))
    assert rig.engine.online
    proxy.cut()
    await event(rig, offline)
    assert rig.engine.offline_since is not None
    rig.events.clear()
    proxy.restore()
    await event(rig, online)
    await event(rig, lambda e: isinstance(e, SyncFinished) and e.error is None)  # and it syncs again


async def test_retry_now_says_it_is_trying_and_what_came_of_it(rigs: OpenRig, proxy: FaultyProxy) -> None:
    rig = await rigs(base_url=proxy.url)
    await rig.engine.sync_now()
    proxy.cut()
    assert not await rig.engine.reconnect()
    assert [e for e in rig.events if isinstance(e, Reconnecting)] == [
        Reconnecting(trying=True),
        Reconnecting(trying=False, reached=False),
    ]
    assert not rig.engine.online
    rig.events.clear()
    proxy.restore()
    assert await rig.engine.reconnect()
    assert [e for e in rig.events if isinstance(e, Reconnecting)] == [
        Reconnecting(trying=True),
        Reconnecting(trying=False, reached=True),
    ]
    assert rig.engine.online and any(online(e) for e in rig.events)
    assert any(isinstance(e, SyncFinished) and e.error is None for e in rig.events)  # synced at once
