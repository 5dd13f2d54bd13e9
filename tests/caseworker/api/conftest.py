"""Fixtures of the platform-client tests: signed-in clients, a sandbox of their own, canned servers."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

import httpx
import pytest

from caseworker.api.client import PlatformClient, RetryPolicy
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens, demo_sign_in, discover
from caseworker.auth.session import TokenSession
from caseworker.domain.models import OidcConfiguration
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.sandbox import Sandbox, own_sandbox

# Fast but real: backoff waits are tiny; Retry-After waits are recorded by RecordingSleep, not slept.
NOWHERE = "http://127.0.0.1:9/oauth/token"  # the discard port: nothing answers there
FAST = RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.01, max_retry_after=60, total=30)


@dataclass
class RecordingSleep:
    """Stands in for asyncio.sleep in the client: remembers each wait, yields once, waits no longer."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


# A sandbox of this package's own: the client tests change cases, markups and faults freely.
sb = own_sandbox("api-client")


@pytest.fixture
def proxy(sb: Sandbox) -> Iterator[FaultyProxy]:
    with FaultyProxy(sb.url) as p:
        yield p


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = make_http_client(read_timeout=10)
    yield client
    await client.aclose()


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


Connect = Callable[..., Awaitable[PlatformClient]]


@pytest.fixture
def connect(sb: Sandbox, http: httpx.AsyncClient, sleeps: RecordingSleep) -> Connect:
    """``await connect(username, base_url=..., retry=..., http=...)``: a signed-in PlatformClient."""

    async def make(
        username: str,
        *,
        base_url: str | None = None,
        retry: RetryPolicy = FAST,
        client: httpx.AsyncClient | None = None,
    ) -> PlatformClient:
        use = client or http
        tokens = await demo_sign_in(use, sb.url, username)
        config = await discover(use, base_url or sb.url)
        session = TokenSession(use, config, tokens)
        return PlatformClient(base_url or sb.url, use, session, retry=retry, sleep=sleeps)

    return make


@pytest.fixture
def caseworker_name(sb: Sandbox) -> str:
    return str(sb.account(role="caseworker", exclude_role="team_lead")["username"])


@pytest.fixture
def lead_name(sb: Sandbox) -> str:
    return str(sb.account(role="team_lead")["username"])


def offline_session(http: httpx.AsyncClient, token_endpoint: str = NOWHERE) -> TokenSession:
    """A session with a token that needs no refresh, for talking to canned servers."""
    config = OidcConfiguration(
        issuer="http://127.0.0.1:9",
        authorization_endpoint="http://127.0.0.1:9/oauth/authorize",
        token_endpoint=token_endpoint,
        revocation_endpoint="http://127.0.0.1:9/oauth/revoke",
    )
    tokens = Tokens(
        "access-token-for-tests", "refresh-token-for-tests", dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    )
    return TokenSession(http, config, tokens)


@dataclass
class CannedServer:
    """An HTTP server on loopback that answers every request with the same raw bytes, then closes."""

    answer: bytes
    url: str = ""
    requests: list[bytes] = field(default_factory=list)


@asynccontextmanager
async def canned_server(answer: bytes) -> AsyncIterator[CannedServer]:
    canned = CannedServer(answer)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            canned.requests.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(canned.answer)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    canned.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        yield canned
    finally:
        server.close()
        await server.wait_closed()


def http_answer(status: str, body: bytes, content_type: str = "application/json", **headers: str) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items())
    return (head + "Connection: close\r\n\r\n").encode() + body


# Test modules reach the helpers above through fixtures (conftest modules are not importable by name).


@pytest.fixture
def canned() -> Callable[[bytes], AbstractAsyncContextManager[CannedServer]]:
    return canned_server


@pytest.fixture
def answer() -> Callable[..., bytes]:
    return http_answer


@pytest.fixture
def canned_client(http: httpx.AsyncClient, sleeps: RecordingSleep) -> Callable[..., PlatformClient]:
    """``canned_client(base_url, token_endpoint=..., retry=...)``: a client whose token needs no refresh."""

    def make(base_url: str, *, token_endpoint: str = NOWHERE, retry: RetryPolicy = FAST) -> PlatformClient:
        return PlatformClient(
            base_url, http, offline_session(http, token_endpoint), retry=retry, sleep=sleeps
        )

    return make
