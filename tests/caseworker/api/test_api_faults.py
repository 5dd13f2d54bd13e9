"""Bad networks and bad answers: retried where safe, otherwise a typed error — never a raw exception.

Overload comes from the sandbox's fault knob (/sandbox/admin/faults), network faults from the TCP proxy,
malformed answers from tiny canned servers. Waits for Retry-After are recorded, not slept.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest

from caseworker.api.client import PlatformClient, RetryPolicy
from caseworker.api.errors import (
    BadResponse,
    Offline,
    Overloaded,
    PlatformError,
    ServerError,
    SignedOut,
)
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens, demo_sign_in, discover
from caseworker.auth.session import SessionState, TokenSession
from caseworker.domain.models import EventKind, Municipality, NoteCreate, User
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.sandbox import Sandbox

Connect = Callable[..., Awaitable[PlatformClient]]
Canned = Callable[[bytes], AbstractAsyncContextManager[Any]]
ONE_TRY = RetryPolicy(attempts=1)


@pytest.fixture
def faults(sb: Sandbox) -> Iterator[Callable[..., None]]:
    def plan(count: int, status: int = 503, retry_after: int = 1) -> None:
        body = {"count": count, "status": status, "retry_after": retry_after}
        httpx.post(
            sb.url + "/sandbox/admin/faults", json=body, headers=sb.admin_headers, timeout=10
        ).raise_for_status()

    yield plan
    plan(0)


# --- overload: 429 / 503 with Retry-After ------------------------------------------------------------------


@pytest.mark.parametrize("status", [503, 429])
async def test_overload_is_retried_after_the_platforms_delay(
    connect: Connect, caseworker_name: str, faults: Callable[..., None], sleeps: Any, status: int
) -> None:
    client = await connect(caseworker_name)
    faults(2, status=status, retry_after=1)
    assert isinstance(await client.me(), User)
    assert sleeps.delays == [1.0, 1.0]  # Retry-After honoured, not the (tiny) backoff


async def test_overload_beyond_the_attempts_is_overloaded(
    connect: Connect, caseworker_name: str, faults: Callable[..., None], sleeps: Any
) -> None:
    client = await connect(caseworker_name)
    faults(10, status=503, retry_after=2)
    with pytest.raises(Overloaded) as err:
        await client.me()
    assert err.value.retry_after == 2.0 and err.value.status == 503
    assert len(sleeps.delays) == client.retry.attempts - 1


async def test_a_long_retry_after_is_not_waited_for(
    connect: Connect, caseworker_name: str, faults: Callable[..., None], sleeps: Any
) -> None:
    client = await connect(caseworker_name)
    faults(1, status=429, retry_after=3600)
    with pytest.raises(Overloaded) as err:
        await client.me()
    assert err.value.retry_after == 3600.0 and sleeps.delays == []


async def test_a_write_is_retried_with_its_key_and_lands_once(
    connect: Connect, caseworker_name: str, faults: Callable[..., None]
) -> None:
    client = await connect(caseworker_name)
    case_id = (await client.cases("all", limit=1)).items[0].id
    text = f"Anteckning {uuid.uuid4()}"
    faults(2, status=503, retry_after=0)
    await client.add_note(case_id, NoteCreate(text=text), idempotency_key=str(uuid.uuid4()))
    notes = [e for e in await client.events(case_id) if e.kind is EventKind.NOTE and e.text == text]
    assert len(notes) == 1


async def test_a_lost_answer_to_a_write_is_replayed_not_repeated(
    sb: Sandbox, proxy: FaultyProxy, connect: Connect, caseworker_name: str
) -> None:
    """The platform did the write, the answer was reset on the way back: the retry (same key) replays."""
    client = await connect(caseworker_name, base_url=proxy.url)
    case_id = (await client.cases("all", limit=1)).items[0].id
    text = f"Anteckning {uuid.uuid4()}"
    proxy.reset(after_response_bytes=5, times=1)
    event = await client.add_note(case_id, NoteCreate(text=text), idempotency_key=str(uuid.uuid4()))
    assert proxy.faults_struck == 1
    notes = [e for e in await client.events(case_id) if e.kind is EventKind.NOTE and e.text == text]
    assert [n.id for n in notes] == [event.id]


# --- sessions: 401 ----------------------------------------------------------------------------------------


async def test_a_refused_token_is_refreshed_once_and_the_call_repeated(
    sb: Sandbox, http: httpx.AsyncClient, caseworker_name: str
) -> None:
    real = await demo_sign_in(http, sb.url, caseworker_name)
    far = real.expires_at.replace(year=real.expires_at.year + 1)
    session = TokenSession(
        http, await discover(http, sb.url), Tokens("revoked-or-unknown", real.refresh_token, far)
    )
    client = PlatformClient(sb.url, http, session, retry=ONE_TRY)
    assert (await client.me()).username == caseworker_name
    assert session.refresh_count == 1 and session.tokens is not None
    assert session.tokens.access_token != "revoked-or-unknown"


async def test_a_second_401_signs_out(
    sb: Sandbox, http: httpx.AsyncClient, canned: Canned, answer: Callable[..., bytes], caseworker_name: str
) -> None:
    real = await demo_sign_in(http, sb.url, caseworker_name)
    unauthorized = answer(
        "401 Unauthorized", b'{"title":"Unauthorized","status":401}', "application/problem+json"
    )
    async with canned(unauthorized) as server:
        session = TokenSession(http, await discover(http, sb.url), real)
        client = PlatformClient(server.url, http, session, retry=ONE_TRY)
        with pytest.raises(SignedOut) as err:
            await client.me()
    assert len(server.requests) == 2 and session.refresh_count == 1
    assert session.state is SessionState.SIGNED_OUT
    assert real.refresh_token not in str(err.value) and "utloggad" in err.value.user_message


# --- the network ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_nobody_listening_is_offline(canned_client: Callable[..., PlatformClient], sleeps: Any) -> None:
    client = canned_client(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Offline) as err:
        await client.me()
    assert len(sleeps.delays) == client.retry.attempts - 1  # retried first
    assert "ConnectError" in str(err.value) and "nå" in err.value.user_message


async def test_a_cut_network_is_offline_and_comes_back(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str
) -> None:
    client = await connect(caseworker_name, base_url=proxy.url)
    assert await client.me()
    proxy.cut()
    with pytest.raises(Offline):
        await client.me()
    proxy.restore()
    assert await client.me()


async def test_a_hanging_platform_is_offline_after_the_timeout(
    sb: Sandbox, proxy: FaultyProxy, connect: Connect, caseworker_name: str
) -> None:
    # Short enough to keep the test quick, long enough that a busy machine's real answers (the sign-in and
    # the request after the hang) still come within it: only the hung request may time out.
    impatient = make_http_client(read_timeout=3.0)
    try:
        client = await connect(caseworker_name, base_url=proxy.url, client=impatient, retry=ONE_TRY)
        proxy.hang(times=1)
        with pytest.raises(Offline) as err:
            await client.me()
        assert "Timeout" in str(err.value)
        assert await client.me()  # the next connection is not hung
    finally:
        await impatient.aclose()


@pytest.mark.parametrize("fault", ["reset_request", "reset_response", "truncate"])
async def test_a_broken_connection_is_retried(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str, fault: str
) -> None:
    client = await connect(caseworker_name, base_url=proxy.url)
    if fault == "reset_request":
        proxy.reset(after_request_bytes=10)
    elif fault == "reset_response":
        proxy.reset(after_response_bytes=30)
    else:
        proxy.truncate(after_body_bytes=20)
    page = await client.cases("all", limit=30)
    assert len(page.items) == 30 and proxy.faults_struck == 1


async def test_a_truncated_answer_without_retries_is_a_bad_response(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str
) -> None:
    client = await connect(caseworker_name, base_url=proxy.url, retry=ONE_TRY)
    proxy.truncate(after_body_bytes=20)
    with pytest.raises(BadResponse) as err:
        await client.cases("all", limit=30)
    assert "incomplete" in str(err.value)


async def test_a_slow_drip_still_arrives_whole(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str
) -> None:
    client = await connect(caseworker_name, base_url=proxy.url)
    direct = await client.me()
    proxy.slice(size=16, delay=0.0005)
    proxy.latency(0.001)
    assert await client.me() == direct


# --- malformed answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"this is not HTTP at all\r\n\r\n", "not HTTP"),
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\n<h1/>", "expected JSON"),
        (b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 6\r\n\r\n{"id":', "contract"),
    ],
)
async def test_malformed_answers_are_bad_responses(
    canned: Canned, canned_client: Callable[..., PlatformClient], raw: bytes, expected: str
) -> None:
    async with canned(raw) as server:
        with pytest.raises(BadResponse) as err:
            await canned_client(server.url).me()
    assert expected in str(err.value)


async def test_a_schema_mismatch_names_the_field_but_never_the_value(
    canned: Canned, canned_client: Callable[..., PlatformClient], answer: Callable[..., bytes]
) -> None:
    body = b'{"id": "u1", "username": "x", "display_name": "19121212-1212", "title": 5}'
    async with canned(answer("200 OK", body)) as server:
        with pytest.raises(BadResponse) as err:
            await canned_client(server.url).me()
    text = str(err.value)
    assert "title" in text and "email" in text
    assert "1212" not in text and "19121212" not in repr(err.value.args)


async def test_server_errors(
    canned: Canned, canned_client: Callable[..., PlatformClient], answer: Callable[..., bytes], sleeps: Any
) -> None:
    async with canned(answer("500 Internal Server Error", b"boom", "text/plain")) as server:
        with pytest.raises(ServerError):
            await canned_client(server.url).me()
    assert len(server.requests) == 1 and sleeps.delays == []  # a 500 is not retried
    async with canned(answer("502 Bad Gateway", b"", "text/plain")) as server:
        with pytest.raises(ServerError):
            await canned_client(server.url).me()
    assert len(server.requests) == 4  # 502 is


async def test_every_failure_is_a_platform_error(
    canned: Canned, canned_client: Callable[..., PlatformClient], answer: Callable[..., bytes]
) -> None:
    for raw in (
        b"",
        b"HTTP/1.1 999 Odd\r\n\r\n",
        answer("302 Found", b"", Location="https://elsewhere.example"),
    ):
        async with canned(raw) as server:
            with pytest.raises(PlatformError):
                await canned_client(server.url, retry=ONE_TRY).me()


async def test_the_bearer_token_goes_only_to_the_platform(
    canned: Canned, canned_client: Callable[..., PlatformClient], answer: Callable[..., bytes]
) -> None:
    png = b"\x89PNG\r\n\x1a\nlogo"
    async with (
        canned(answer("200 OK", png, "image/png")) as elsewhere,
        canned(answer("200 OK", png, "image/png")) as platform,
    ):
        client = canned_client(platform.url)
        own = Municipality.model_construct(id="m1", logo_url="/api/v1/municipalities/m1/logo")
        other = Municipality.model_construct(id="m2", logo_url=elsewhere.url + "/logo.png")
        assert await client.municipality_logo(own) == png
        assert await client.municipality_logo(other) == png
    assert b"\r\nauthorization: bearer " in platform.requests[0].lower()
    assert b"authorization" not in elsewhere.requests[0].lower()
