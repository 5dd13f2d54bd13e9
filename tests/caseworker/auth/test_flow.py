"""Sign-in end to end through the system-browser flow with a loopback redirect, against the sandbox.

The test plays the browser (conftest.Browser): it signs in on the sandbox's page and follows the
redirect to our listener, from its own thread, as a real browser would from its own process.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from caseworker.api.errors import BadResponse, Offline
from caseworker.auth.flow import (
    AuthorizationRequest,
    SignInError,
    SignInTimeout,
    TokenRejected,
    Tokens,
    browser_sign_in,
    demo_sign_in,
    discover,
    exchange_code,
    refresh_tokens,
    revoke,
)
from caseworker.auth.loopback import DONE_TITLE
from tests.helpers import signin
from tests.helpers.sandbox import Sandbox


def user(sandbox: Sandbox) -> str:
    return str(sandbox.account(role="caseworker")["username"])


async def signed_in_as(http: httpx.AsyncClient, sandbox: Sandbox, tokens: Tokens) -> str:
    r = await http.get(sandbox.url + "/api/v1/me", headers={"Authorization": f"Bearer {tokens.access_token}"})
    r.raise_for_status()
    return str(r.json()["username"])


async def test_browser_sign_in_end_to_end(sandbox: Sandbox, http: httpx.AsyncClient, browser: Any) -> None:
    browser = browser(user(sandbox))
    tokens = await browser_sign_in(http, sandbox.url, browser)
    browser.join()
    assert await signed_in_as(http, sandbox, tokens) == browser.username
    assert browser.status == 200 and DONE_TITLE in browser.page
    (url,) = browser.urls
    assert "code_challenge_method=S256" in url and "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in url


async def test_without_a_browser_the_link_still_works(
    sandbox: Sandbox, http: httpx.AsyncClient, browser: Any
) -> None:
    browser = browser(user(sandbox), opens=False)  # the UI shows the link; the user opens it by hand
    tokens = await browser_sign_in(http, sandbox.url, browser)
    browser.join()
    assert await signed_in_as(http, sandbox, tokens) == browser.username


async def test_a_redirect_with_another_state_is_refused(
    sandbox: Sandbox, http: httpx.AsyncClient, browser: Any
) -> None:
    browser = browser(user(sandbox), state="forged")
    with pytest.raises(SignInError) as err:
        await browser_sign_in(http, sandbox.url, browser)
    browser.join()
    assert not isinstance(err.value, TokenRejected) and "state" in err.value.user_message
    assert browser.status == 400 and "misslyckades" in browser.page


async def test_a_denied_sign_in_is_reported(sandbox: Sandbox, http: httpx.AsyncClient, browser: Any) -> None:
    browser = browser(user(sandbox), error="access_denied")
    with pytest.raises(SignInError, match="avbröts"):
        await browser_sign_in(http, sandbox.url, browser)
    browser.join()


async def test_no_redirect_in_time_is_a_timeout(sandbox: Sandbox, http: httpx.AsyncClient) -> None:
    with pytest.raises(SignInTimeout):
        await browser_sign_in(http, sandbox.url, lambda url: True, timeout=0.1)


async def test_a_sign_in_can_be_cancelled(sandbox: Sandbox, http: httpx.AsyncClient) -> None:
    opened = asyncio.Event()

    def open_browser(url: str) -> bool:
        opened.set()
        return True

    task = asyncio.create_task(browser_sign_in(http, sandbox.url, open_browser))
    await opened.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_code_works_once_and_only_with_its_verifier(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    config = await discover(http, sandbox.url)
    auth = signin.authorize(sandbox.url, user(sandbox))
    wrong = AuthorizationRequest(auth.redirect_uri, state=auth.state)  # another verifier
    with pytest.raises(TokenRejected) as err:
        await exchange_code(http, config, wrong, auth.code)
    assert err.value.error_code == "invalid_grant"

    auth = signin.authorize(sandbox.url, user(sandbox))
    request = AuthorizationRequest(auth.redirect_uri, state=auth.state, code_verifier=auth.verifier)
    tokens = await exchange_code(http, config, request, auth.code)
    assert await signed_in_as(http, sandbox, tokens) == user(sandbox)
    with pytest.raises(TokenRejected):
        await exchange_code(http, config, request, auth.code)


async def test_refresh_rotates_and_revoke_ends_the_session(sandbox: Sandbox, http: httpx.AsyncClient) -> None:
    config = await discover(http, sandbox.url)
    tokens = await demo_sign_in(http, sandbox.url, user(sandbox))
    fresh = await refresh_tokens(http, config, tokens.refresh_token)
    assert fresh.refresh_token != tokens.refresh_token
    await revoke(http, config, fresh.refresh_token)
    with pytest.raises(TokenRejected):
        await refresh_tokens(http, config, fresh.refresh_token)


async def test_discovery_failures_are_typed(http: httpx.AsyncClient) -> None:
    with pytest.raises(Offline):
        await discover(http, "http://127.0.0.1:9")

    async def not_json(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nhi")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(not_json, "127.0.0.1", 0)
    try:
        with pytest.raises(BadResponse):
            await discover(http, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}")
    finally:
        server.close()
        await server.wait_closed()


def test_secrets_stay_out_of_reprs() -> None:
    import datetime as dt

    tokens = Tokens("access-secret", "refresh-secret", dt.datetime.now(dt.UTC))
    request = AuthorizationRequest("http://127.0.0.1:1/callback")
    assert "secret" not in repr(tokens)
    assert request.code_verifier not in repr(request) and request.state not in repr(request)
