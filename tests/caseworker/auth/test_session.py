"""TokenSession: one refresh at a time, rotation, reuse detection, expiry, sign-out — against the sandbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from caseworker.api.client import PlatformClient, RetryPolicy
from caseworker.api.errors import Offline, SignedOut
from caseworker.auth.flow import Tokens, demo_sign_in, discover
from caseworker.auth.session import SessionState, TokenSession
from caseworker.domain.models import OidcConfiguration
from tests.helpers import signin
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import finished

NOW = dt.datetime.now


def expired(tokens: Tokens) -> Tokens:
    """The same tokens, but the session believes they expire now."""
    return Tokens(tokens.access_token, tokens.refresh_token, NOW(dt.UTC) - dt.timedelta(seconds=1))


def user(sandbox: Sandbox) -> str:
    return str(sandbox.account(role="caseworker")["username"])


async def start(
    sandbox: Sandbox, http: httpx.AsyncClient, calls: Any, **kwargs: object
) -> tuple[TokenSession, Tokens]:
    tokens = await demo_sign_in(http, sandbox.url, user(sandbox))
    session = TokenSession(http, await discover(http, sandbox.url), expired(tokens), **kwargs)  # type: ignore[arg-type]
    calls.count = 0
    return session, tokens


async def test_twenty_callers_with_an_expiring_token_cause_one_refresh(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    changes: list[Tokens | None] = []
    session, old = await start(sandbox, http, token_calls, on_tokens_changed=changes.append)
    tokens = await asyncio.gather(*(session.access_token() for _ in range(20)))
    assert token_calls.count == 1 and session.refresh_count == 1
    assert len(set(tokens)) == 1 and tokens[0] != old.access_token
    assert changes == [session.tokens] and session.state is SessionState.SIGNED_IN


async def test_twenty_api_calls_at_expiry_cause_one_refresh(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    session, _ = await start(sandbox, http, token_calls)
    client = PlatformClient(sandbox.url, http, session)
    users = await asyncio.gather(*(client.me() for _ in range(20)))
    assert {u.username for u in users} == {user(sandbox)}
    assert token_calls.count == 1


async def test_a_401_for_an_already_replaced_token_does_not_refresh_again(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    session, old = await start(sandbox, http, token_calls)
    fresh = await session.access_token()
    assert await session.on_unauthorized(old.access_token) == fresh
    assert token_calls.count == 1
    newer = await session.on_unauthorized(fresh)  # the current token refused: refresh
    assert newer != fresh and token_calls.count == 2


async def test_a_cancelled_caller_does_not_abandon_the_refresh(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    session, _ = await start(sandbox, http, token_calls)
    gate = asyncio.Event()

    async def slow_token_endpoint(request: httpx.Request) -> None:
        if request.url.path == "/oauth/token":
            await gate.wait()

    http.event_hooks["request"].append(slow_token_endpoint)
    first = asyncio.create_task(session.access_token())
    while token_calls.count == 0:
        await asyncio.sleep(0.001)
    first.cancel()  # the caller that started the refresh goes away while it is in flight
    with pytest.raises(asyncio.CancelledError):
        await first
    second = asyncio.create_task(session.access_token())
    await asyncio.sleep(0.01)
    gate.set()
    assert await second
    assert token_calls.count == 1 and session.refresh_count == 1


async def test_reusing_a_rotated_refresh_token_signs_out_and_keeps_nothing(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    changes: list[Tokens | None] = []
    session, tokens = await start(sandbox, http, token_calls, on_tokens_changed=changes.append)
    # Elsewhere the refresh token was used, and its successor too: ours is a reused, rotated token.
    second = signin.refresh(sandbox.url, tokens.refresh_token).json()["refresh_token"]
    signin.refresh(sandbox.url, second).raise_for_status()
    with pytest.raises(SignedOut) as err:
        await session.access_token()
    assert session.state is SessionState.SIGNED_OUT and changes == [None]
    assert tokens.refresh_token not in str(err.value) and "Logga in igen" in err.value.user_message
    with pytest.raises(SignedOut):
        await session.access_token()


async def test_a_lost_refresh_answer_is_forgiven(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    """The refresh went through but its answer was lost: presenting the old token again still works."""
    session, tokens = await start(sandbox, http, token_calls)
    signin.refresh(sandbox.url, tokens.refresh_token).raise_for_status()  # the answer we "never got"
    assert await session.access_token()
    assert session.state is SessionState.SIGNED_IN


async def test_calls_keep_working_across_expiry(
    make_sandbox: Callable[..., Sandbox], http: httpx.AsyncClient
) -> None:
    short = make_sandbox(access_token_ttl=5)
    config = await discover(http, short.url)
    # one session refreshes ahead of expiry, the other only learns of it from a 401
    first = await demo_sign_in(http, short.url, user(short))
    ahead = TokenSession(http, config, first, leeway=1)
    real = await demo_sign_in(http, short.url, user(short))
    unaware = TokenSession(
        http, config, Tokens(real.access_token, real.refresh_token, NOW(dt.UTC) + dt.timedelta(days=1))
    )
    clients = [PlatformClient(short.url, http, s, retry=RetryPolicy(attempts=1)) for s in (ahead, unaware)]
    for client in clients:
        assert await client.me()

    async def expired(access_token: str) -> None:
        bearer = {"Authorization": f"Bearer {access_token}"}
        while (await http.get(short.url + "/api/v1/me", headers=bearer)).status_code != 401:
            await asyncio.sleep(0.1)  # a poll step: the wait is bounded by finished()

    for token in (first.access_token, real.access_token):
        await finished(expired(token), what="the access token to expire on the platform")
    for client in clients:
        assert (await client.me()).username == user(short)
        assert await client.me()
    # on a very busy machine a renewed token may expire again between calls: then it renews again
    assert ahead.refresh_count >= 1 and unaware.refresh_count >= 1


async def test_sign_out_revokes_and_clears(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    changes: list[Tokens | None] = []
    tokens = await demo_sign_in(http, sandbox.url, user(sandbox))

    async def persist(new: Tokens | None) -> None:  # an async hook, as the store's is
        changes.append(new)

    session = TokenSession(http, await discover(http, sandbox.url), tokens, on_tokens_changed=persist)
    assert await session.sign_out() is None
    assert session.state is SessionState.SIGNED_OUT and changes == [None]
    assert signin.refresh(sandbox.url, tokens.refresh_token).status_code == 400  # revoked on the platform
    with pytest.raises(SignedOut):
        await session.access_token()


async def test_sign_out_offline_still_signs_out_and_reports(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = OidcConfiguration(
        issuer="http://127.0.0.1:9",
        authorization_endpoint="http://127.0.0.1:9/a",
        token_endpoint="http://127.0.0.1:9/t",
        revocation_endpoint="http://127.0.0.1:9/r",
    )
    session = TokenSession(
        http, nowhere, Tokens("acc-secret", "ref-secret", NOW(dt.UTC) + dt.timedelta(hours=1))
    )
    with caplog.at_level(logging.DEBUG):
        error = await session.sign_out()
    assert isinstance(error, Offline) and session.state is SessionState.SIGNED_OUT
    assert "revoking" in caplog.text and "secret" not in caplog.text


async def test_a_refresh_while_offline_keeps_the_session(http: httpx.AsyncClient) -> None:
    nowhere = OidcConfiguration(
        issuer="http://127.0.0.1:9",
        authorization_endpoint="http://127.0.0.1:9/a",
        token_endpoint="http://127.0.0.1:9/t",
        revocation_endpoint="http://127.0.0.1:9/r",
    )
    session = TokenSession(http, nowhere, Tokens("a", "r", NOW(dt.UTC)))
    with pytest.raises(Offline):
        await session.access_token()
    assert session.state is SessionState.SIGNED_IN  # nothing is thrown away for being offline


async def test_a_restored_session_needs_no_network_until_it_refreshes(
    sandbox: Sandbox, http: httpx.AsyncClient, token_calls: Any
) -> None:
    cached = Tokens("cached-access", "cached-refresh", NOW(dt.UTC) + dt.timedelta(minutes=4))
    offline = TokenSession(http, "http://127.0.0.1:9", cached)  # the platform is not reachable
    assert await offline.access_token() == "cached-access" and offline.config is None

    tokens = await demo_sign_in(http, sandbox.url, user(sandbox))
    restored = TokenSession(http, sandbox.url, expired(tokens))  # discovered when the refresh needs it
    assert await restored.access_token() != tokens.access_token
    assert restored.config is not None and restored.refresh_count == 1
