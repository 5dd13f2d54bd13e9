"""The fault-injecting proxy itself, used from synchronous code (it runs its own loop in a thread)."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.sandbox import Sandbox


def test_passes_through_and_injects_faults_for_sync_clients(sb: Sandbox) -> None:
    with FaultyProxy(sb.url) as proxy, httpx.Client(base_url=proxy.url, timeout=5) as c:
        direct = httpx.get(sb.url + "/sandbox/accounts", timeout=5).json()
        assert c.get("/sandbox/accounts").json() == direct

        proxy.reset(after_response_bytes=10)
        with pytest.raises(httpx.ReadError):  # a reset, not an orderly close
            c.get("/sandbox/accounts")
        assert c.get("/sandbox/accounts").json() == direct  # times=1: the next one passes

        proxy.truncate(after_body_bytes=10)
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/sandbox/accounts")

        proxy.slice(size=3, delay=0)
        assert c.get("/sandbox/accounts").json() == direct

        proxy.cut()
        with pytest.raises(httpx.ConnectError):
            c.get("/sandbox/accounts")
        proxy.passthrough()  # also restores a cut proxy
        assert c.get("/sandbox/accounts").json() == direct
        assert proxy.faults_struck == 2 and proxy.connections_accepted >= 3


def test_hang_holds_the_request_until_the_client_gives_up(sb: Sandbox) -> None:
    # Only the hung reads may time out: connecting and the answer after passthrough get a busy machine's time.
    patient_but_not_forever = httpx.Timeout(30.0, read=0.5)
    with FaultyProxy(sb.url) as proxy, httpx.Client(base_url=proxy.url, timeout=patient_but_not_forever) as c:
        proxy.hang(times=None)
        for _ in range(2):
            with pytest.raises(httpx.ReadTimeout):
                c.get("/sandbox/accounts")
        proxy.passthrough()
        assert c.get("/sandbox/accounts", timeout=30.0).status_code == 200
