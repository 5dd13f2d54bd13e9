"""THE one httpx.AsyncClient of the app: OS trust store, system proxy, timeouts, no plain http off-host.

Every platform call (sign-in, API, downloads) goes through the client made here, so that a municipal
network with its own CA and proxy works everywhere at once. It lives as long as the app: close it on
shutdown (``await client.aclose()``).
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import ssl
from collections.abc import Awaitable, Callable
from importlib import metadata
from typing import Any

import httpx

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
    import truststore  # with the first connection, not at start

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class _FirstUseTransport(httpx.AsyncBaseTransport):
    """A transport built when the first request goes out.

    httpx builds its transports with the client, and the first one imports httpcore, which imports anyio
    (and trio, when installed): ~0.1 s that a remembered user's offline start does not need before the
    main window shows. The client is made at start; its connections only when the app first talks.
    """

    def __init__(self, build: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._build: Callable[[], httpx.AsyncBaseTransport] | None = build
        self._transport: httpx.AsyncBaseTransport | None = None

    def _built(self) -> httpx.AsyncBaseTransport:
        if self._transport is None:
            assert self._build is not None
            self._transport, self._build = self._build(), None
        return self._transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._built().handle_async_request(request)

    async def aclose(self) -> None:
        self._build = None  # closed: a request after this fails, as on a closed httpx client
        if self._transport is not None:
            await self._transport.aclose()


class _AppClient(httpx.AsyncClient):
    """httpx's client with the transports it makes itself (the default one, the system proxy's) built at
    their first request, each with the one TLS context (also made then)."""

    def __init__(self, *, tls: Callable[[], ssl.SSLContext], **options: Any) -> None:
        self._tls = tls
        super().__init__(**options)

    def _init_transport(self, *args: Any, **options: Any) -> httpx.AsyncBaseTransport:
        if options.get("transport") is not None:  # a test's own transport
            return super()._init_transport(*args, **options)
        build = super()._init_transport
        return _FirstUseTransport(lambda: build(*args, **{**options, "verify": self._tls()}))

    def _init_proxy_transport(self, *args: Any, **options: Any) -> httpx.AsyncBaseTransport:
        build = super()._init_proxy_transport
        return _FirstUseTransport(lambda: build(*args, **{**options, "verify": self._tls()}))


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
    context = functools.cache(tls_context)  # one for every transport, made with the first of them
    mounts: dict[str, httpx.AsyncBaseTransport | None] | None = None
    if transport is None:
        mounts = {
            f"all://{host}": _FirstUseTransport(
                lambda: httpx.AsyncHTTPTransport(verify=context(), http1=True, http2=False, trust_env=False)
            )
            for host in LOOPBACK_HOSTS
        }
    return _AppClient(
        tls=context,
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
