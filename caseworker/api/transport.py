"""THE one httpx.AsyncClient of the app: OS trust store, system proxy, timeouts, no plain http off-host.

Every platform call (sign-in, API, downloads) goes through the client made here, so that a municipal
network with its own CA and proxy works everywhere at once. It lives as long as the app: close it on
shutdown (``await client.aclose()``).
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
from collections.abc import Awaitable, Callable
from importlib import metadata

import httpx
import truststore

from caseworker.api.errors import InsecureURL

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0

RequestHook = Callable[[httpx.Request], Awaitable[None]]
ResponseHook = Callable[[httpx.Response], Awaitable[None]]


def app_version() -> str:
    try:
        return metadata.version("caseworker")
    except metadata.PackageNotFoundError:
        return "0+unknown"


USER_AGENT = f"Caseworker/{app_version()}"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str | httpx.URL) -> httpx.URL:
    """``url`` if it may carry our traffic: https anywhere, plain http only to this computer."""
    parsed = httpx.URL(url)
    if parsed.scheme == "https":
        return parsed
    if parsed.scheme == "http" and is_loopback_host(parsed.host):
        return parsed
    # the URL itself is not personal data, but keep only scheme and host in the message
    raise InsecureURL(
        f"refusing {parsed.scheme}://{parsed.host}: only https (or http to loopback) is allowed"
    )


async def _refuse_insecure(request: httpx.Request) -> None:
    """Request hook: checked on every request, redirects included, so nothing slips past."""
    check_url(request.url)


def tls_context() -> ssl.SSLContext:
    """TLS verification against the operating system's trust store (always on)."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def make_http_client(
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    request_hooks: list[RequestHook] | None = None,
    response_hooks: list[ResponseHook] | None = None,
) -> httpx.AsyncClient:
    """The app's HTTP client. ``transport`` and hooks are for tests (e.g. counting token calls).

    The system proxy comes from the environment (``trust_env``; on Windows urllib also reads the
    registry's proxy settings) — but this computer itself (the embedded demo sandbox, the sign-in
    redirect) is always reached directly: Windows' "bypass for local addresses" lives in a registry
    value that httpx does not read. httpx logs every request URL at INFO, and URLs carry search terms
    that may be personal data, so its logger is kept at WARNING or quieter.
    """
    httpx_log = logging.getLogger("httpx")
    httpx_log.setLevel(max(httpx_log.level, logging.WARNING))
    context = tls_context()
    mounts: dict[str, httpx.AsyncBaseTransport | None] | None = None
    if transport is None:
        mounts = {
            f"all://{host}": httpx.AsyncHTTPTransport(
                verify=context, http1=True, http2=False, trust_env=False
            )
            for host in LOOPBACK_HOSTS
        }
    return httpx.AsyncClient(
        verify=context,
        trust_env=True,
        http1=True,
        http2=False,
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,
        transport=transport,
        mounts=mounts,
        event_hooks={
            "request": [_refuse_insecure, *(request_hooks or [])],
            "response": list(response_hooks or []),
        },
    )
