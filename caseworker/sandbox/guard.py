"""What every request passes before any route: the Host check, the body limit, hostile values, no-store.

* Host: only the configured host names (loopback by default) are answered, so a DNS-rebinding page cannot
  talk to a sandbox on a trainee's machine through the browser (400 otherwise).
* Body limit: every request body is bounded (``body_limit``; the contract states it per operation as
  ``x-maximum-body-bytes``); a longer one is 413 before any route or database sees it — up front, before
  any of it is read, when Content-Length says so.
* Stalled bodies: a body whose next bytes do not arrive within ``body_read_timeout`` is answered 408 and the
  connection closed, so a slow client cannot hold a worker for ever.
* Hostile values: JSON bodies, form bodies and query strings may carry no NUL and no lone surrogate (neither
  survives the trip into PostgreSQL, and SQLite keeps what no client can read back), and JSON numbers must
  be finite and within 64 bits. A refusal is 422 problem+json naming the field.
* Cache-Control: every answer under /api/v1 and /sandbox carries personal data or may, so it is
  ``no-store`` unless the route says otherwise (municipality logos are public and cached).
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import urllib.parse
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caseworker.sandbox.config import SandboxSettings
from caseworker.sandbox.problems import PROBLEM_TYPE_BASE, problem_response

KiB, MiB = 1024, 1024 * 1024
DEFAULT_BODY_LIMIT = 256 * KiB
# Operations whose bodies carry files: a message's attachments (base64 in JSON) and the decision letter.
BODY_LIMITS: dict[tuple[str, str], int] = {
    ("post", "/api/v1/cases/{case_id}/messages"): 8 * MiB,
    ("post", "/api/v1/cases/{case_id}/decision"): 6 * MiB,
}
# How much of an over-long body is read (and dropped) so the client sees the 413 rather than a reset.
_DRAIN_LIMIT = 64 * MiB
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_NO_STORE_PREFIXES = ("/api/", "/sandbox/")
API_PREFIX = "/api/"
MAX_JSON_DEPTH = 32
_INT_RANGE = 2**63
_MAX_INT_DIGITS = 20


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


_LIMITS = [(method.upper(), _template_regex(t), limit) for (method, t), limit in BODY_LIMITS.items()]


def body_limit(method: str, path: str) -> int:
    for m, pattern, limit in _LIMITS:
        if m == method and pattern.fullmatch(path):
            return limit
    return DEFAULT_BODY_LIMIT


# --- hostile values -----------------------------------------------------------------------------------


class _TooLong:
    """An integer literal with more digits than any field takes (parsed lazily: never turned into an int)."""


class _NotFinite:
    """NaN, Infinity or -Infinity: Python's JSON reader accepts them, JSON does not."""


def _parse_int(text: str) -> int | _TooLong:
    return _TooLong() if len(text.lstrip("-")) > _MAX_INT_DIGITS else int(text)


def _parse_float(text: str) -> float | _NotFinite:
    value = float(text)
    return value if math.isfinite(value) else _NotFinite()


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain NUL characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "must not contain lone surrogates (not valid Unicode)"
    return None


def find_hostile(
    value: Any, path: tuple[str | int, ...] = (), depth: int = 0
) -> tuple[list[Any], str] | None:
    """The location and reason of the first value no field may hold, or None."""
    if depth > MAX_JSON_DEPTH:
        return list(path), f"is nested deeper than {MAX_JSON_DEPTH} levels"
    if isinstance(value, str):
        reason = _bad_text(value)
        return (list(path), reason) if reason else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, _TooLong):
        return list(path), f"is an integer of more than {_MAX_INT_DIGITS} digits"
    if isinstance(value, _NotFinite):
        return list(path), "must be a finite number"
    if isinstance(value, int):
        return (
            None if -_INT_RANGE <= value < _INT_RANGE else (list(path), "is out of the 64-bit integer range")
        )
    if isinstance(value, float):
        return None if math.isfinite(value) else (list(path), "must be a finite number")
    if isinstance(value, dict):
        for key, item in value.items():
            reason = _bad_text(key)
            if reason:
                return [*path, key.encode("utf-8", "backslashreplace").decode()], "a key " + reason
            found = find_hostile(item, (*path, key), depth + 1)
            if found:
                return found
        return None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = find_hostile(item, (*path, i), depth + 1)
            if found:
                return found
    return None


def load_json(body: bytes | str) -> Any:
    """JSON as the guard reads it: too-long integers and non-finite numbers kept as markers, for
    ``find_hostile`` to report with their location. Raises ValueError for text that is not JSON."""
    return json.loads(
        body, parse_int=_parse_int, parse_float=_parse_float, parse_constant=lambda _: _NotFinite()
    )


def _printable_location(location: list[Any]) -> list[str]:
    return [str(p).encode("utf-8", "backslashreplace").decode() for p in location]


def _invalid(location: list[Any], reason: str) -> Any:
    where = ".".join(_printable_location(location[1:])) or location[0]
    return problem_response(
        422,
        "Invalid request",
        f"{where} {reason}.",
        type_=PROBLEM_TYPE_BASE + "invalid-request",
        errors=[{"loc": _printable_location(location), "msg": reason}],
    )


def hostile_query(query_string: bytes) -> tuple[list[Any], str] | None:
    for name, value in urllib.parse.parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        decoded_name = urllib.parse.unquote(name)  # parse_qsl already unquoted; NUL survives either way
        if "\x00" in name or "\x00" in value:
            return ["query", decoded_name.replace("\x00", "\\x00")], "must not contain NUL characters"
    return None


def _hostile_form(body: bytes) -> tuple[list[Any], str] | None:
    found = hostile_query(body)
    return (["body", *found[0][1:]], found[1]) if found else None


# --- the middleware -----------------------------------------------------------------------------------


# Host = uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986 §3.2.2): a DNS name or IPv4 address, or an IPv6
# literal in brackets, then at most a port of digits. Nothing else: no userinfo ("…@evil"), no path, no
# percent-encoding, no empty port.
_HOST = re.compile(
    r"(?:(?P<name>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?)"
    r"|\[(?P<ipv6>[0-9a-f:.]+)\])"
    r"(?::(?P<port>[0-9]{1,5}))?"
)


def host_name(host_header: str) -> str | None:
    """The name of a Host header value, without port and (IPv6) brackets; None when the value is not a
    well-formed host with an optional port in 1-65535."""
    match = _HOST.fullmatch(host_header.strip().lower())
    if match is None:
        return None
    port = match.group("port")
    if port is not None and not 0 < int(port) <= 65535:
        return None
    return match.group("ipv6") or match.group("name").rstrip(".")


class RequestGuard:
    """Pure ASGI, outermost: nothing behind it sees a request it refuses."""

    def __init__(self, app: ASGIApp, settings: SandboxSettings) -> None:
        self.app = app
        self.allowed_hosts = frozenset(h.lower().strip("[]") for h in settings.allowed_hosts)
        self.body_read_timeout = settings.body_read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if host_name(headers.get("host", "")) not in self.allowed_hosts:
            response = problem_response(
                400,
                "Invalid Host header",
                "This server does not answer to that host name.",
                type_=PROBLEM_TYPE_BASE + "invalid-host",
            )
            await response(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(_NO_STORE_PREFIXES):
            send = _no_store(send)
        if "\x00" in path:
            response = problem_response(
                404, "Not found", "No resource has that name.", type_=PROBLEM_TYPE_BASE + "not-found"
            )
            await response(scope, receive, send)
            return
        found = hostile_query(scope.get("query_string", b""))
        if found:
            await _invalid(*found)(scope, receive, send)
            return
        if scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["method"], path)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            # Answered before the body is read; the server discards what the client still sends (and a
            # client that sends nothing more is closed after the keep-alive timeout).
            await _too_large(limit)(scope, receive, send)
            return
        receive = _within_time(receive, self.body_read_timeout)
        if path.startswith(API_PREFIX):
            # Streamed through: the write semantics record the Idempotency-Key before the body arrives
            # (writes.py) and check the body for hostile values once they have it (hostile_body).
            await _streamed_within(limit, self.app, scope, receive, send)
            return
        try:
            body = await _read(receive, limit)
        except _BodyStalled:
            await _stalled()(scope, receive, send)
            return
        if body is None:
            await _too_large(limit)(scope, receive, send)
            return
        refusal = hostile_body(headers.get("content-type", ""), body)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, replay_body(body, receive), send)


async def _streamed_within(limit: int, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Pass the body through; past ``limit`` the app is told the client left, and the client gets 413."""
    size = 0
    over = False
    stalled = False

    async def counted() -> Message:
        nonlocal size, over, stalled
        if over or stalled:
            return {"type": "http.disconnect"}
        try:
            message = await receive()
        except _BodyStalled:
            stalled = True
            return {"type": "http.disconnect"}
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                over = True
                if message.get("more_body", False):
                    await _drain(receive, size)
                return {"type": "http.disconnect"}
        return message

    async def unless_over(message: Message) -> None:
        if not (over or stalled):
            await send(message)

    try:
        await app(scope, counted, unless_over)
    except Exception:
        if not (over or stalled):
            raise
    if over:
        await _too_large(limit)(scope, receive, send)
    elif stalled:
        await _stalled()(scope, receive, send)


class _BodyStalled(Exception):
    """No bytes of the request body arrived within the read timeout."""


def _within_time(receive: Receive, timeout: float) -> Receive:
    """A receive that raises _BodyStalled when the next part of the body is not there within ``timeout``
    seconds; once the body is complete (waiting for a disconnect, say) it waits as long as it takes."""
    complete = False

    async def timed() -> Message:
        nonlocal complete
        if complete:
            return await receive()
        try:
            message = await asyncio.wait_for(receive(), timeout)
        except TimeoutError:
            raise _BodyStalled from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            complete = True
        return message

    return timed


def hostile_body(content_type: str, body: bytes) -> Any | None:
    """The 422 answer to a JSON or form body holding a value no field may hold, or None."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        found = _hostile_form(body)
    elif media_type == "application/json" or media_type.endswith("+json"):
        try:
            value = load_json(body)
        except (ValueError, RecursionError):
            return None  # not JSON at all: the route's own validation answers 422
        found = find_hostile(value)
        found = (["body", *found[0]], found[1]) if found else None
    else:
        return None  # multipart: the routes check the fields they read
    return _invalid(*found) if found else None


def _no_store(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(name.lower() == b"cache-control" for name, _ in headers):
                headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when it is longer than ``limit`` (drained) or the client went away."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None  # nobody is left to answer
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            if message.get("more_body", False):
                await _drain(receive, size)
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _drain(receive: Receive, already: int = 0) -> None:
    size = already
    while size <= _DRAIN_LIMIT:
        try:
            message = await receive()
        except _BodyStalled:
            return
        if message["type"] != "http.request":
            return
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def replay_body(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app ``body`` (already read) first, then whatever the client sends next."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _too_large(limit: int) -> Any:
    return problem_response(
        413,
        "Content too large",
        f"The request body may be at most {limit} bytes.",
        type_=PROBLEM_TYPE_BASE + "content-too-large",
    )


def _stalled() -> Any:
    return problem_response(
        408,
        "Request timeout",
        "The request body stopped arriving.",
        type_=PROBLEM_TYPE_BASE + "request-timeout",
        headers={"Connection": "close"},
    )
