"""The loopback redirect listener (RFC 8252): 127.0.0.1 only, /callback only, bounded, cancellable."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from caseworker.auth.loopback import DONE_TITLE, LoopbackListener


async def raw(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return answer


def non_loopback_address() -> str | None:
    """An address of this machine on a real interface, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


async def test_binds_the_ipv4_loopback_address_only() -> None:
    async with LoopbackListener() as listener:
        assert listener.redirect_uri == f"http://127.0.0.1:{listener.port}/callback"
        server = listener._server
        assert server is not None
        assert [(s.family, s.getsockname()[0]) for s in server.sockets] == [(socket.AF_INET, "127.0.0.1")]
        other = non_loopback_address()
        if other is not None:
            with pytest.raises(OSError):
                await asyncio.wait_for(asyncio.open_connection(other, listener.port), 2)


async def test_answers_the_callback_and_returns_the_full_redirect() -> None:
    async with LoopbackListener() as listener:
        listener.expected_state = "s1"
        async with httpx.AsyncClient() as browser:
            page = await browser.get(listener.redirect_uri, params={"code": "c1", "state": "s1"})
        assert page.status_code == 200 and DONE_TITLE in page.text
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert await listener.wait() == f"{listener.redirect_uri}?code=c1&state=s1"


async def test_other_paths_methods_and_oversized_requests_are_refused() -> None:
    async with LoopbackListener(max_request_bytes=2048) as listener:
        base = f"http://127.0.0.1:{listener.port}"
        async with httpx.AsyncClient() as c:
            assert (await c.get(base + "/favicon.ico")).status_code == 404
            assert (await c.get(base + "/callbackx?code=1")).status_code == 404
            assert (await c.post(base + "/callback?code=1&state=x")).status_code == 405
            huge = await c.get(base + "/callback", params={"code": "c"}, headers={"X-Big": "a" * 5000})
            assert huge.status_code == 431
        assert b"400 Bad Request" in await raw(listener.port, b"garbage\r\n\r\n")
        # none of those counted as the redirect
        async with httpx.AsyncClient() as c:
            assert (await c.get(listener.redirect_uri, params={"code": "c", "state": "s"})).status_code == 200
        assert (await listener.wait()).endswith("/callback?code=c&state=s")


async def test_a_silent_connection_does_not_hold_up_the_sign_in() -> None:
    async with LoopbackListener(request_read_timeout=1.0) as listener:
        _reader, idle = await asyncio.open_connection("127.0.0.1", listener.port)  # a browser's preconnect
        async with httpx.AsyncClient() as c:
            assert (await c.get(listener.redirect_uri, params={"code": "c", "state": "s"})).status_code == 200
        assert await listener.wait()
        idle.close()


async def test_a_forged_or_failed_redirect_gets_a_failure_page() -> None:
    async with LoopbackListener() as listener:
        listener.expected_state = "mine"
        async with httpx.AsyncClient() as c:
            forged = await c.get(listener.redirect_uri, params={"code": "c", "state": "theirs"})
            assert forged.status_code == 400 and "misslyckades" in forged.text
            second = await c.get(listener.redirect_uri, params={"code": "c2", "state": "mine"})
            assert second.status_code == 409  # the first redirect is the one the flow checks
        assert "state=theirs" in await listener.wait()


async def test_times_out() -> None:
    async with LoopbackListener(timeout=0.05) as listener:
        with pytest.raises(TimeoutError):
            await listener.wait()


async def test_cancelling_the_wait_and_closing_stops_listening() -> None:
    listener = LoopbackListener()
    await listener.start()
    port = listener.port
    waiting = asyncio.create_task(listener.wait())
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await listener.close()
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)
