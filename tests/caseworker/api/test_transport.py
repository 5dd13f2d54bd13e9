"""The one HTTP client: OS trust store, timeouts, User-Agent, and no plain http off this computer."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
import truststore

from caseworker.api.client import PlatformClient
from caseworker.api.errors import InsecureURL
from caseworker.api.transport import check_url, make_http_client, tls_context
from caseworker.auth.flow import discover

Canned = Callable[[bytes], AbstractAsyncContextManager[Any]]


@pytest.mark.parametrize(
    "url",
    ["https://platform.example.se/api", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:80"],
)
def test_https_anywhere_and_http_to_loopback_are_allowed(url: str) -> None:
    assert check_url(url) == httpx.URL(url)


@pytest.mark.parametrize("url", ["http://platform.example.se", "http://10.0.0.5:8080", "ftp://127.0.0.1"])
def test_everything_else_is_refused(url: str) -> None:
    with pytest.raises(InsecureURL) as err:
        check_url(url)
    assert "https://" in err.value.user_message


async def test_the_client_refuses_plain_http_on_every_request(http: httpx.AsyncClient) -> None:
    with pytest.raises(InsecureURL):
        await http.get("http://platform.example.se/api/v1/me")
    with pytest.raises(InsecureURL):
        await discover(http, "http://platform.example.se")
    with pytest.raises(InsecureURL):
        PlatformClient("http://platform.example.se", http, None)  # type: ignore[arg-type]


def test_tls_verifies_against_the_os_trust_store() -> None:
    context = tls_context()
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


async def test_timeouts_user_agent_and_http11(canned: Canned, answer: Callable[..., bytes]) -> None:
    client = make_http_client()
    try:
        assert client.timeout.connect == 10 and client.timeout.read == 30
        async with canned(answer("200 OK", b"{}")) as server:
            response = await client.get(server.url + "/x")
        assert response.http_version == "HTTP/1.1"
        head = server.requests[0].decode().lower()
        assert "\r\nuser-agent: caseworker/" in head
    finally:
        await client.aclose()


async def test_this_computer_is_reached_directly_even_with_a_system_proxy(
    monkeypatch: pytest.MonkeyPatch, canned: Canned, answer: Callable[..., bytes]
) -> None:
    async with canned(answer("403 Forbidden", b"", "text/plain")) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        client = make_http_client()
        try:
            async with canned(answer("200 OK", b"{}")) as local:
                assert (await client.get(local.url + "/x")).status_code == 200
            assert local.requests and not proxy.requests
            with pytest.raises(httpx.ProxyError):  # everything else does go through the proxy
                await client.get("https://platform.example.se/")
            assert proxy.requests[0].startswith(b"CONNECT platform.example.se:443")
        finally:
            await client.aclose()
