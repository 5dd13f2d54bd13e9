"""Write semantics of the platform: every POST/PUT/PATCH/DELETE under /api/v1 takes an Idempotency-Key.

The key is scoped to the signed-in user. The first request with a key is recorded as ``in_flight`` and
committed *before* its body is read or its handler runs, so a duplicate arriving meanwhile (a retry after a
timeout, a second outbox worker) answers 409 instead of running twice. When the handler has answered, its
status, a few headers and the body are stored; the same key with the same request (method, path, query and
body bytes) then replays that response byte for byte with ``Idempotent-Replayed: true``, and the same key with
another request answers 422. Answers that say "try again" (5xx, 429, 401) and crashed handlers are not stored,
so a retry executes anew. Records are kept ``idempotency_retention_days`` (the contract promises at least 30).

Routes declare the header with :data:`IdempotencyKey` so the OpenAPI contract documents it; the middleware
enforces it (a missing key is 400 — unless the bearer token is bad, which the route answers with 401).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, Header
from fastapi.openapi.utils import get_openapi
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caseworker.domain.models import Problem
from caseworker.sandbox import db
from caseworker.sandbox.guard import hostile_body, replay_body
from caseworker.sandbox.problems import PROBLEM_TYPE_BASE, problem_response
from caseworker.sandbox.security import hash_token

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200  # the column's width
_KEY = re.compile(rf"[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}")  # visible ASCII: a UUID or the like
STORED_HEADERS = ("content-type", "etag", "location", "retry-after")
REPLAYED_HEADER = "Idempotent-Replayed"
# A record still in flight after this long belongs to a request that died with its process.
IN_FLIGHT_TIMEOUT = dt.timedelta(minutes=10)
PURGE_INTERVAL_SECONDS = 3600.0
# Answers that mean "not done, try again" (besides 5xx) are not kept: 429 overload, and 401 from a token
# that expired between our look-up and the route's (the retry comes with a refreshed token).
RETRYABLE = frozenset({401, 429})


# --- the header in the contract ------------------------------------------------------------------------


def idempotency_key(
    key: Annotated[
        str,
        Header(
            alias=HEADER,
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            description=(
                "A unique key (a UUID) the client made when the user acted and keeps until the write is "
                "acknowledged. The same key with the same request replays the first response "
                f"(`{REPLAYED_HEADER}: true`); with another request it is 422; while the first request "
                "is still running it is 409. Keys are kept at least 30 days."
            ),
            examples=["5f0c6b8e-3f0a-4c1e-9a57-2d8d7c1e4b21"],
        ),
    ],
) -> str:
    return key


IdempotencyKey = Annotated[str, Depends(idempotency_key)]
"""Declare on every write route (``_key: IdempotencyKey``) so the contract documents the header."""

# (The problem shape of routes.common.PROBLEM; not imported from there, as the routes import this module.)
IDEMPOTENCY_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "model": Problem,
        "content": {"application/problem+json": {}},
        "description": "The Idempotency-Key header is missing or malformed",
    },
}


# --- the middleware ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stored:
    request_hash: str
    status: int
    headers: dict[str, str]
    body: bytes


class _Busy:
    """Another request with this key is running (or just won the race to record it)."""


class _Owner:
    """This request recorded the key and runs the handler."""


def _problem(status: int, title: str, detail: str, type_: str) -> Any:
    return problem_response(status, title, detail, type_=PROBLEM_TYPE_BASE + type_)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class IdempotencyMiddleware:
    """Pure ASGI, so request bodies stream through and nothing is buffered outside /api/v1 writes."""

    def __init__(self, app: ASGIApp, state: State, api: FastAPI | None = None) -> None:
        self.app = app
        self.state = state
        self.api = api  # whose contract says which method and path a route takes
        self._operations: list[tuple[re.Pattern[str], frozenset[str]]] | None = None
        self.started_at = db.utcnow()
        self.last_purge = -PURGE_INTERVAL_SECONDS  # the first write purges

    @property
    def sessions(self) -> sessionmaker[Session]:
        maker: sessionmaker[Session] = self.state.sessionmaker
        return maker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        routed, allowed = self._route(scope)
        if not routed and allowed:
            await _method_not_allowed(allowed)(scope, receive, send)
            return
        if not routed or scope["method"] not in WRITE_METHODS:  # 404 from the router, or a read
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        user_id = await anyio.to_thread.run_sync(self._user_id, headers.get("authorization", ""))
        if user_id is None:  # no or bad token: the route answers 401 with WWW-Authenticate
            await self.app(scope, receive, send)
            return
        key = headers.get(HEADER.lower(), "").strip()
        if not _KEY.fullmatch(key):
            response = _problem(
                400,
                "Idempotency-Key required",
                f"Every write needs an {HEADER} header (a UUID; at most {MAX_KEY_LENGTH} visible ASCII "
                "characters) that stays the same when the request is retried.",
                "idempotency-key-required",
            )
            await response(scope, receive, send)
            return
        await self._maybe_purge()
        method, path = scope["method"], scope["path"]
        claim = await anyio.to_thread.run_sync(self._claim, user_id, key, method, path)
        if isinstance(claim, _Busy):
            await _busy(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:  # the client went away before it had sent its request
            if isinstance(claim, _Owner):
                await self._release(user_id, key)
            # Nobody reads this answer; outer middleware (BaseHTTPMiddleware) still needs one.
            await _problem(400, "Incomplete request", "The request body was cut off.", "incomplete-request")(
                scope, receive, send
            )
            return
        if isinstance(claim, _Owner):
            refusal = hostile_body(headers.get("content-type", ""), body)
            if refusal is not None:  # answered before the handler runs; not kept, like any refusal here
                await self._release(user_id, key)
                await refusal(scope, receive, send)
                return
        request_hash = _request_hash(method, path, scope.get("query_string", b""), body)
        if isinstance(claim, _Stored):
            if claim.request_hash != request_hash:
                response = _problem(
                    422,
                    "Idempotency-Key reused",
                    f"This {HEADER} was already used for a different request. Use a new key for a new "
                    "change.",
                    "idempotency-key-reused",
                )
                await response(scope, receive, send)
            else:
                await _replay(claim, send)
            return
        await self._execute(scope, receive, send, user_id, key, body, request_hash)

    async def _execute(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        user_id: str,
        key: str,
        body: bytes,
        request_hash: str,
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, replay_body(body, receive), capture)
        except BaseException:
            await self._release(user_id, key)
            raise
        if start is None:  # the handler answered nothing: let a retry run it again
            await self._release(user_id, key)
            return
        status = int(start["status"])
        response_body = b"".join(chunks)
        if status >= 500 or status in RETRYABLE:
            await self._release(user_id, key)
        else:
            kept = {
                name.decode("latin-1").lower(): value.decode("latin-1")
                for name, value in start.get("headers", [])
                if name.decode("latin-1").lower() in STORED_HEADERS
            }
            stored = _Stored(request_hash, status, kept, response_body)
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self._complete, user_id, key, stored)
        await send(start)
        await send({"type": "http.response.body", "body": response_body, "more_body": False})

    def _route(self, scope: Scope) -> tuple[bool, set[str]]:
        """Whether a route takes this method and path; if not, the methods the path does take.

        No key is needed where no route answers. A path served by several routes (GET and PATCH of one case)
        gets one 405 with every method in Allow, which the router alone would not give.
        """
        if self.api is None:
            return True, set()
        if self._operations is None:
            self._operations = _operations(self.api)
        allowed: set[str] = set()
        for pattern, methods in self._operations:
            if pattern.fullmatch(scope["path"]):
                if scope["method"] in methods:
                    return True, set()
                allowed |= methods
        return False, allowed

    # --- database work (runs in worker threads) --------------------------------------------------------

    def _user_id(self, authorization: str) -> str | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self.sessions() as session:
            row = session.execute(
                select(
                    db.AccessToken.user_id,
                    db.AccessToken.expires_at,
                    db.AccessToken.revoked,
                    db.TokenFamily.revoked,
                )
                .join(db.TokenFamily, db.TokenFamily.id == db.AccessToken.family_id)
                .where(db.AccessToken.token_hash == hash_token(token.strip()))
            ).first()
        if row is None:
            return None
        user_id, expires_at, revoked, family_revoked = row
        if revoked or family_revoked or _aware(expires_at) <= db.utcnow():
            return None
        return str(user_id)

    def _claim(self, user_id: str, key: str, method: str, path: str) -> _Stored | _Busy | _Owner:
        with self.sessions() as session:
            record = session.get(db.IdempotencyRecord, (user_id, key))
            if record is not None:
                if record.state == "done":
                    return _Stored(
                        record.request_hash,
                        int(record.status_code or 500),
                        dict(record.response_headers or {}),
                        bytes(record.response_body or b""),
                    )
                return self._take_over_if_abandoned(session, record)
            session.add(
                db.IdempotencyRecord(
                    user_id=user_id,
                    key=key,
                    method=method,
                    path=path[:500],
                    request_hash="",
                    state="in_flight",
                    created_at=db.utcnow(),
                )
            )
            try:
                session.commit()
            except IntegrityError:  # a concurrent duplicate recorded it first
                session.rollback()
                return _Busy()
        return _Owner()

    def _take_over_if_abandoned(self, session: Session, record: db.IdempotencyRecord) -> _Busy | _Owner:
        """An in-flight record older than this process or than IN_FLIGHT_TIMEOUT has no request behind it."""
        created = _aware(record.created_at)
        now = db.utcnow()
        if created >= self.started_at and now - created < IN_FLIGHT_TIMEOUT:
            return _Busy()
        taken = session.execute(
            update(db.IdempotencyRecord)
            .where(
                db.IdempotencyRecord.user_id == record.user_id,
                db.IdempotencyRecord.key == record.key,
                db.IdempotencyRecord.state == "in_flight",
                db.IdempotencyRecord.created_at == record.created_at,
            )
            .values(created_at=now)
        )
        session.commit()
        return _Owner() if taken.rowcount == 1 else _Busy()  # type: ignore[attr-defined]

    def _complete(self, user_id: str, key: str, stored: _Stored) -> None:
        with self.sessions() as session:
            session.execute(
                update(db.IdempotencyRecord)
                .where(db.IdempotencyRecord.user_id == user_id, db.IdempotencyRecord.key == key)
                .values(
                    state="done",
                    request_hash=stored.request_hash,
                    status_code=stored.status,
                    response_headers=stored.headers,
                    response_body=stored.body,
                )
            )
            session.commit()

    async def _release(self, user_id: str, key: str) -> None:
        def release() -> None:
            with self.sessions() as session:
                session.execute(
                    delete(db.IdempotencyRecord).where(
                        db.IdempotencyRecord.user_id == user_id,
                        db.IdempotencyRecord.key == key,
                        db.IdempotencyRecord.state == "in_flight",
                    )
                )
                session.commit()

        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(release)

    async def _maybe_purge(self) -> None:
        now = time.monotonic()
        if now - self.last_purge < PURGE_INTERVAL_SECONDS:
            return
        self.last_purge = now
        try:
            await anyio.to_thread.run_sync(self.purge)
        except Exception:  # purging is housekeeping: never fail a write over it
            log.exception("purging old idempotency records failed")

    def purge(self) -> int:
        """Forget keys older than the retention period; returns how many were removed."""
        days: int = self.state.settings.idempotency_retention_days
        cutoff = db.utcnow() - dt.timedelta(days=days)
        with self.sessions() as session:
            removed = session.execute(
                delete(db.IdempotencyRecord).where(db.IdempotencyRecord.created_at < cutoff)
            ).rowcount  # type: ignore[attr-defined]
            session.commit()
        return int(removed or 0)


def _operations(api: FastAPI) -> list[tuple[re.Pattern[str], frozenset[str]]]:
    """Path patterns and methods of the API's operations, from its OpenAPI document."""
    table = []
    document = get_openapi(
        title=api.title, version=api.version, routes=api.routes
    )  # not api.openapi(): no caching
    for template, operations in document.get("paths", {}).items():
        if _is_api(template):
            parts = re.split(r"(\{[^}]+\})", template)
            regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
            methods = frozenset(m.upper() for m in operations if m.upper() in _HTTP_METHODS)
            table.append((re.compile(regex), methods))
    return table


_HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def _is_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}


def _request_hash(method: str, path: str, query: bytes, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query):
        digest.update(part)
        digest.update(b"\n")
    digest.update(body)
    return digest.hexdigest()


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _method_not_allowed(allowed: set[str]) -> Any:
    response = _problem(
        405, "Method Not Allowed", "This resource does not take this method.", "method-not-allowed"
    )
    response.headers["Allow"] = ", ".join(sorted(allowed))
    return response


async def _busy(scope: Scope, receive: Receive, send: Send) -> None:
    response = _problem(
        409,
        "Request in progress",
        f"A request with this {HEADER} is still running. Retry later to get its response.",
        "idempotency-key-in-flight",
    )
    response.headers["Retry-After"] = "1"
    await response(scope, receive, send)


async def _replay(stored: _Stored, send: Send) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in stored.headers.items()]
    headers.append((b"content-length", str(len(stored.body)).encode()))
    headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})


def install_write_semantics(app: FastAPI) -> None:
    app.add_middleware(IdempotencyMiddleware, state=app.state, api=app)
