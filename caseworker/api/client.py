"""The platform client: one typed async method per operation of the contract (caseworker/api/openapi.yaml).

Every answer is validated into its wire model (caseworker.domain.models); anything else is a typed error
from caseworker.api.errors — never a raw httpx or pydantic exception.

Retries are made only where they are safe: reads, and writes that carry an ``Idempotency-Key``. Every
write method requires the key as a parameter: the caller (the outbox) makes it when the user acts and
stores it with the write, so a retry here, a retry after a restart, and a replay on the platform are all
the same write. Retried: network failures, 429, 502, 503 and 504 — with exponential backoff and full
jitter, honouring ``Retry-After``, within a bounded number of attempts and time. A 401 refreshes the
session once and tries again; a second 401 means the session is over (SignedOut).

Nothing here logs a body (personal data), a query string (searches may name people) or a header.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import functools
import hashlib
import logging
import os
import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from caseworker.api.errors import (
    BadResponse,
    Forbidden,
    Offline,
    Overloaded,
    PlatformError,
    SignedOut,
    error_for_status,
    network_error,
    validated,
)
from caseworker.api.transport import check_url
from caseworker.auth.session import TokenSession
from caseworker.domain.models import (
    Annotation,
    AnnotationInput,
    AnnotationReplyInput,
    AnnotationStatus,
    AnnotationStatusInput,
    ArchivePage,
    Case,
    CasePage,
    CasePatch,
    CaseStatus,
    CaseType,
    ChangePage,
    DecisionInput,
    DecisionResult,
    Document,
    DrawingType,
    Event,
    MessageCreate,
    Municipality,
    NoteCreate,
    ReassignmentRequest,
    ReassignmentResult,
    User,
    Workload,
)
from caseworker.listeners import Listeners

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
PROBE_TIMEOUT = 5.0  # seconds a reachability probe may take: a platform slower than this counts as gone
RETRY_STATUSES = frozenset({429, 502, 503, 504})

Queue = Literal["mine", "unassigned", "team", "all"]
ProgressCallback = Callable[[int, int], None]
Sleep = Callable[[float], Awaitable[None]]
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one call tries. ``total`` bounds the time of all attempts of a call, waits included
    (None: no bound, e.g. for a big download on a slow line); a ``Retry-After`` longer than
    ``max_retry_after`` is not waited for: the call fails at once with Overloaded(retry_after=...)."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    total: float | None = 120.0

    def backoff(self, failed_attempts: int, rng: random.Random) -> float:
        """Exponential backoff with full jitter (a random wait between 0 and the exponential cap)."""
        cap = min(self.max_delay, self.base_delay * 2 ** max(0, failed_attempts - 1))
        return rng.uniform(0.0, cap)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delay-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class DownloadSink(Protocol):
    """Where :meth:`PlatformClient.download_to` puts a document's bytes. It keeps what it received across
    attempts and calls, so a download continues at ``received``.

    ``caseworker.store.PartialDownload`` seals the bytes into the offline store, encrypted; a plaintext
    ``.part`` file serves :meth:`PlatformClient.download_document`.
    """

    @property
    def received(self) -> int:
        """Bytes held: the offset the download continues from."""
        ...

    def write(self, data: bytes) -> None:
        """The next bytes of the document."""
        ...

    def discard(self) -> None:
        """Drop every byte held; the next write is byte 0 again."""
        ...

    def hexdigest(self) -> str:
        """The sha256 of the bytes held."""
        ...


class _PartFile:
    """A plaintext ``.part`` file as a :class:`DownloadSink` (:meth:`PlatformClient.download_document`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.received = 0
        self._hash = hashlib.sha256()
        self._file: BinaryIO | None = None

    @classmethod
    def resume(cls, path: Path) -> _PartFile:
        """The part file at ``path`` with what it holds already (read to hash it: off the event loop)."""
        part = cls(path)
        if path.exists():
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1024 * 1024), b""):
                    part._hash.update(block)
                    part.received += len(block)
        return part

    def write(self, data: bytes) -> None:
        if self._file is None:
            self._file = self.path.open("ab")
        self._file.write(data)
        self._hash.update(data)
        self.received += len(data)

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)
        self.received, self._hash = 0, hashlib.sha256()

    def hexdigest(self) -> str:
        return str(self._hash.hexdigest())

    def finish(self) -> None:
        """Make the whole file durable (before it is renamed into place)."""
        if self._file is None:
            self._file = self.path.open("ab")  # also creates the file of an empty document
        self._file.flush()
        os.fsync(self._file.fileno())
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass(frozen=True)
class CaseFilters:
    """Filters of a queue; an empty sequence means no filter on that field."""

    municipalities: Sequence[str] = ()
    statuses: Sequence[CaseStatus] = ()
    case_types: Sequence[CaseType] = ()
    q: str | None = None  # a search term; may name a person: never logged

    def params(self) -> list[tuple[str, str]]:
        out = [("municipality", m) for m in self.municipalities]
        out += [("status", s.value) for s in self.statuses]
        out += [("type", t.value) for t in self.case_types]
        if self.q:
            out.append(("q", self.q))
        return out


# --- internal signals of one attempt ---------------------------------------------------------------------


class _Unauthorized(Exception):
    """401: the access token was refused."""


class _Retryable(Exception):
    """A failure worth another attempt; ``error`` is what the caller gets if none is left."""

    def __init__(self, error: PlatformError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


@functools.cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)


class PlatformClient:
    """Typed access to the platform API for one signed-in session."""

    def __init__(
        self,
        base_url: str,
        http: httpx.AsyncClient,
        session: TokenSession,
        *,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = str(check_url(base_url.rstrip("/")))
        self._api = self.base_url + API_PREFIX
        self._http = http
        self._session = session
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()  # jitter only, not a secret
        self._reachability: Listeners[bool] = Listeners("a reachability listener")

    @property
    def session(self) -> TokenSession:
        return self._session

    def watch_reachability(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        """Call ``listener(True)`` whenever the platform answers a request, ``listener(False)`` as soon as
        a request cannot reach it (before any retry: the network is down now); returns an unsubscribe."""
        return self._reachability.add(listener)

    def _reached(self, reachable: bool) -> None:
        self._reachability.tell(reachable)

    async def reachable(self, timeout: float = PROBE_TIMEOUT) -> bool:
        """A cheap probe: one unauthenticated request to the API root, no retries, a short timeout. Any
        answer (whatever its status) means the platform can be reached."""
        try:
            await self._http.get(self._api, timeout=timeout)
        except httpx.TransportError as exc:
            log.info("platform not reachable (%s)", type(exc).__name__)
            self._reached(False)
            return False
        self._reached(True)
        return True

    @property
    def http(self) -> httpx.AsyncClient:
        """The one HTTP client every call goes through (for event hooks, e.g. the sync engine's test hook)."""
        return self._http

    # --- identity and organisation ---------------------------------------------------------------------

    async def me(self) -> User:
        return await self._get_model("/me", User)

    async def municipalities(self) -> list[Municipality]:
        return await self._get_list("/municipalities", Municipality)

    async def municipality_logo(self, municipality: Municipality) -> bytes:
        """The logo's bytes (an image). The bearer token goes only to the platform's own origin."""
        url = httpx.URL(self.base_url + "/").join(municipality.logo_url)
        check_url(url)
        operation = f"GET /municipalities/{municipality.id}/logo"
        own = (url.scheme, url.host, url.port) == _origin(httpx.URL(self.base_url))
        response = await self._exchange("GET", str(url), operation, authorized=own)
        media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if not media.startswith("image/"):
            raise BadResponse(f"{operation}: expected an image, got {media or 'no content type'!r}")
        return response.content

    async def workload(self, team_id: str) -> Workload:
        return await self._get_model(f"/teams/{_seg(team_id)}/workload", Workload)

    async def reassign(self, request: ReassignmentRequest, *, idempotency_key: str) -> ReassignmentResult:
        """Bulk move (team leads): per-item results (200/404/412/422) are in the answer, not errors."""
        response = await self._write("POST", "/reassignments", idempotency_key, body=request)
        return self._model(response, "POST /reassignments", ReassignmentResult)

    # --- cases -----------------------------------------------------------------------------------------

    async def cases(
        self,
        queue: Queue = "mine",
        filters: CaseFilters | None = None,
        *,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> CasePage:
        params: list[tuple[str, str]] = [("queue", queue), *(filters or CaseFilters()).params()]
        if limit is not None:
            params.append(("limit", str(limit)))
        if cursor is not None:
            params.append(("cursor", cursor))
        return await self._get_model("/cases", CasePage, params=params)

    async def case_pages(
        self, queue: Queue = "mine", filters: CaseFilters | None = None, *, limit: int | None = None
    ) -> AsyncIterator[CasePage]:
        """Every page of a queue, in order."""
        cursor: str | None = None
        while True:
            page = await self.cases(queue, filters, limit=limit, cursor=cursor)
            yield page
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    async def case(self, case_id: str) -> tuple[Case, str]:
        """One case and its ETag (the If-Match of a later change)."""
        operation = f"GET /cases/{case_id}"
        response = await self._exchange("GET", self._url(f"/cases/{_seg(case_id)}"), operation)
        return self._model(response, operation, Case), _etag(response, operation)

    async def patch_case(
        self, case_id: str, patch: CasePatch, *, if_match: str, idempotency_key: str
    ) -> tuple[Case, str]:
        """Change status / assignee / deadline; 412 → Conflict carrying the current Case and its ETag."""
        path = f"/cases/{_seg(case_id)}"
        body = patch.model_dump_json(exclude_unset=True).encode()
        response = await self._write(
            "PATCH", path, idempotency_key, content=body, if_match=if_match, conflict_model=Case
        )
        operation = f"PATCH /cases/{case_id}"
        return self._model(response, operation, Case), _etag(response, operation)

    async def events(self, case_id: str) -> list[Event]:
        return await self._get_list(f"/cases/{_seg(case_id)}/events", Event)

    async def add_note(self, case_id: str, note: NoteCreate, *, idempotency_key: str) -> Event:
        path = f"/cases/{_seg(case_id)}/notes"
        response = await self._write("POST", path, idempotency_key, body=note)
        return self._model(response, f"POST /cases/{case_id}/notes", Event)

    async def send_message(self, case_id: str, message: MessageCreate, *, idempotency_key: str) -> Event:
        path = f"/cases/{_seg(case_id)}/messages"
        response = await self._write("POST", path, idempotency_key, body=message)
        return self._model(response, f"POST /cases/{case_id}/messages", Event)

    async def post_decision(
        self, case_id: str, decision: DecisionInput, pdf: bytes, *, if_match: str, idempotency_key: str
    ) -> tuple[DecisionResult, str | None]:
        """The decision: its fields as the JSON form field ``decision`` plus the letter as file ``pdf``.

        Returns the result and the case's new ETag (None if the platform sent none)."""
        path = f"/cases/{_seg(case_id)}/decision"
        # The multipart boundary is derived from the key, not random: a resend (here or after a restart)
        # must be byte for byte the same request, or the platform refuses the key as reused (422).
        boundary = hashlib.sha256(b"caseworker-multipart:" + idempotency_key.encode()).hexdigest()[:40]
        response = await self._write(
            "POST",
            path,
            idempotency_key,
            data={"decision": decision.model_dump_json()},
            files={"pdf": ("beslut.pdf", pdf, "application/pdf")},
            if_match=if_match,
            conflict_model=Case,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        result = self._model(response, f"POST /cases/{case_id}/decision", DecisionResult)
        return result, response.headers.get("etag")

    # --- documents and markups -------------------------------------------------------------------------

    async def documents(self, case_id: str) -> list[Document]:
        return await self._get_list(f"/cases/{_seg(case_id)}/documents", Document)

    async def document(self, document_id: str) -> Document:
        return await self._get_model(f"/documents/{_seg(document_id)}", Document)

    async def annotations(self, document_id: str) -> list[Annotation]:
        return await self._get_list(f"/documents/{_seg(document_id)}/annotations", Annotation)

    async def create_annotation(
        self, document_id: str, markup: AnnotationInput, *, idempotency_key: str
    ) -> tuple[Annotation, str]:
        operation = f"POST /documents/{document_id}/annotations"
        path = f"/documents/{_seg(document_id)}/annotations"
        response = await self._write("POST", path, idempotency_key, body=markup)
        return self._model(response, operation, Annotation), _etag(response, operation)

    async def update_annotation(
        self, annotation_id: str, markup: AnnotationInput, *, if_match: str, idempotency_key: str
    ) -> tuple[Annotation, str]:
        return await self._write_annotation(
            "PUT", annotation_id, "", idempotency_key, markup, if_match=if_match
        )

    async def set_annotation_status(
        self, annotation_id: str, status: AnnotationStatus, *, if_match: str, idempotency_key: str
    ) -> tuple[Annotation, str]:
        """A markup's review status (anyone in its municipality may set it)."""
        body = AnnotationStatusInput(status=status)
        return await self._write_annotation(
            "PUT", annotation_id, "/status", idempotency_key, body, if_match=if_match
        )

    async def reply_to_annotation(
        self, annotation_id: str, text: str, *, idempotency_key: str
    ) -> tuple[Annotation, str]:
        """A reply in a markup's thread; the answer is the markup with its whole thread (same ETag)."""
        body = AnnotationReplyInput(text=text)
        return await self._write_annotation("POST", annotation_id, "/replies", idempotency_key, body)

    async def delete_annotation(self, annotation_id: str, *, if_match: str, idempotency_key: str) -> None:
        await self._write(
            "DELETE",
            f"/annotations/{_seg(annotation_id)}",
            idempotency_key,
            if_match=if_match,
            conflict_model=Annotation,
        )

    async def _write_annotation(
        self,
        method: str,
        annotation_id: str,
        suffix: str,
        idempotency_key: str,
        body: BaseModel,
        *,
        if_match: str | None = None,
    ) -> tuple[Annotation, str]:
        """A write to one markup (``suffix``: "", "/status", "/replies"), answered by the markup and its ETag;
        a conditional one (``if_match``) that lost a race carries the platform's markup in its conflict."""
        operation = f"{method} /annotations/{annotation_id}{suffix}"
        response = await self._write(
            method,
            f"/annotations/{_seg(annotation_id)}{suffix}",
            idempotency_key,
            body=body,
            if_match=if_match,
            conflict_model=Annotation if if_match is not None else None,
        )
        return self._model(response, operation, Annotation), _etag(response, operation)

    async def download_document(
        self, doc: Document, dest: Path, progress: ProgressCallback | None = None
    ) -> Path:
        """Fetch a document's bytes to the plaintext file ``dest``, resuming a previous partial download.

        For handing a document to another program. To keep a document offline, download it into the
        offline store instead (:meth:`download_to` with ``AsyncStore.open_blob_download``): encrypted on
        disk from the first byte.

        The bytes go to ``dest`` + ".part" first; a later call (or a retry here) continues from its size
        (see :meth:`download_to`). At the end the sha256 must equal ``doc.sha256`` -- otherwise the part
        is deleted and BadResponse raised -- and the file is renamed into place atomically. Two downloads
        to the same ``dest`` at once are the caller's to avoid.
        """
        dest = Path(dest)
        part = await asyncio.to_thread(_PartFile.resume, dest.with_name(dest.name + ".part"))
        try:
            await self.download_to(doc, part, progress)
            await asyncio.to_thread(part.finish)
        finally:
            part.close()
        os.replace(part.path, dest)
        return dest

    async def download_to(
        self, doc: Document, sink: DownloadSink, progress: ProgressCallback | None = None
    ) -> None:
        """Fetch a document's bytes into ``sink``, continuing after the ``sink.received`` it already holds.

        A resumed request carries ``Range`` and ``If-Range`` (the ETag, which is the sha256: if the
        document changed, the platform sends it whole and the sink starts over). What arrived before a
        failure stays in the sink, for the retry here and for a later call. At the end the sink holds
        the whole document: if its sha256 is not ``doc.sha256`` the sink is discarded and BadResponse
        raised. ``progress(done, total)`` is called as bytes arrive.
        """
        operation = f"GET /documents/{doc.id}/content"
        url = self._url(f"/documents/{_seg(doc.id)}/content")
        # The furthest this call got into the document: a failure after getting further is not held
        # against the attempts (a flaky line still finishes), one that got no further is.
        reached = [0]

        async def attempt(token: str) -> None:
            if sink.received > doc.size:
                sink.discard()
            offset = sink.received
            if offset == doc.size and offset > 0:
                return  # complete already: only the checksum is left
            headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
            if offset:
                headers["Range"] = f"bytes={offset}-"
                headers["If-Range"] = f'"{doc.sha256}"'
            response = await self._http.send(
                self._http.build_request("GET", url, headers=headers), stream=True
            )
            self._reached(True)
            try:
                if response.status_code == 416:  # what we hold does not fit the document: start over
                    sink.discard()
                    raise _Retryable(BadResponse(f"{operation}: range not satisfiable"))
                if not response.is_success:
                    await response.aread()
                    _raise_for_status(response, operation, None)
                if response.status_code == 206:
                    start = _range_start(response.headers.get("content-range"))
                    if start != offset:  # not the range we asked for: start over rather than guess
                        sink.discard()
                        raise _Retryable(BadResponse(f"{operation}: unexpected Content-Range"))
                elif sink.received:
                    sink.discard()  # the platform sends the whole document
                await self._receive(response, sink, doc.size, progress, reached, operation)
            finally:
                await response.aclose()

        await self._retrying(operation, attempt, progress_made=lambda: reached[0], total=None)
        if sink.hexdigest() != doc.sha256.lower():
            sink.discard()
            raise BadResponse(
                f"{operation}: the content does not match its sha256; the download was discarded"
            )

    async def _receive(
        self,
        response: httpx.Response,
        sink: DownloadSink,
        size: int,
        progress: ProgressCallback | None,
        reached: list[int],
        operation: str,
    ) -> None:
        done = sink.received
        if progress:
            progress(done, size)
        # as the bytes arrive (no re-chunking: what arrived before a break must reach the sink)
        async for chunk in response.aiter_bytes():
            done += len(chunk)
            if done > size:
                sink.discard()
                raise BadResponse(f"{operation}: more bytes than the document's size; discarded")
            sink.write(chunk)
            reached[0] = max(reached[0], done)
            if progress:
                progress(done, size)

    # --- archive and sync ------------------------------------------------------------------------------

    async def archive_search(
        self,
        *,
        property: str | None = None,  # the contract's name
        drawing_type: DrawingType | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        q: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> ArchivePage:
        """E-archive records; ``property`` matches current and former designations."""
        raw: dict[str, str | int | None] = {
            "property": property,
            "drawing_type": drawing_type.value if drawing_type else None,
            "year_from": year_from,
            "year_to": year_to,
            "q": q,
            "limit": limit,
            "cursor": cursor,
        }
        params = [(k, str(v)) for k, v in raw.items() if v is not None]
        return await self._get_model("/archive/records", ArchivePage, params=params)

    async def archive_pages(self, **search: Any) -> AsyncIterator[ArchivePage]:
        """Every page of an archive search (same keywords as archive_search, without cursor)."""
        cursor: str | None = None
        while True:
            page = await self.archive_search(**search, cursor=cursor)
            yield page
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    async def changes(self, cursor: str | None = None, limit: int | None = None) -> ChangePage:
        """The delta feed since ``cursor`` (None: from the start). 410 → Gone: resync from no cursor."""
        return await self.changes_as(ChangePage, cursor, limit)

    async def changes_as(self, model: type[M], cursor: str | None = None, limit: int | None = None) -> M:
        """A page of the delta feed validated into ``model``: a model of ChangePage's shape whose
        ``data`` is typed per entity (the sync engine validates a page in one pass that way)."""
        params = [("cursor", cursor)] if cursor is not None else []
        if limit is not None:
            params.append(("limit", str(limit)))
        return await self._get_model("/sync/changes", model, params=params)

    # --- the machinery ---------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self._api + path

    async def _get_model(self, path: str, model: type[M], params: list[tuple[str, str]] | None = None) -> M:
        operation = f"GET {path}"
        query = httpx.QueryParams(tuple(params)) if params else None
        response = await self._exchange("GET", self._url(path), operation, params=query)
        return self._model(response, operation, model)

    async def _get_list(self, path: str, model: type[M]) -> list[M]:
        operation = f"GET {path}"
        response = await self._exchange("GET", self._url(path), operation)
        items: list[M] = validated(response, operation, _list_adapter(model).validate_json)
        return items

    def _model(self, response: httpx.Response, operation: str, model: type[M]) -> M:
        return validated(response, operation, model.model_validate_json)

    async def _write(
        self,
        method: str,
        path: str,
        idempotency_key: str,
        *,
        body: BaseModel | None = None,
        content: bytes | None = None,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        if_match: str | None = None,
        conflict_model: type[BaseModel] | None = None,
        content_type: str | None = None,
    ) -> httpx.Response:
        if not idempotency_key:
            raise ValueError("every write needs the Idempotency-Key its caller stored with it")
        headers = {"Idempotency-Key": idempotency_key}
        if if_match is not None:
            headers["If-Match"] = if_match
        if body is not None:
            content = body.model_dump_json().encode()
        if content is not None:
            headers["Content-Type"] = "application/json"
        if content_type is not None:
            headers["Content-Type"] = content_type
        return await self._exchange(
            method,
            self._url(path),
            f"{method} {path}",
            headers=headers,
            content=content,
            data=data,
            files=files,
            conflict_model=conflict_model,
        )

    async def _exchange(
        self,
        method: str,
        url: str,
        operation: str,
        *,
        params: httpx.QueryParams | None = None,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        conflict_model: type[BaseModel] | None = None,
        authorized: bool = True,
    ) -> httpx.Response:
        """One request, with retries; the whole (successful) answer read into memory."""

        async def attempt(token: str) -> httpx.Response:
            request = self._http.build_request(
                method,
                url,
                params=params,
                content=content,
                data=data,
                files=files,
                headers={
                    "Accept": "application/json, application/problem+json;q=0.9, */*;q=0.1",
                    **(headers or {}),
                    **({"Authorization": f"Bearer {token}"} if authorized else {}),
                },
            )
            response = await self._http.send(request)
            self._reached(True)
            _raise_for_status(response, operation, conflict_model, authorized)
            return response

        return await self._retrying(operation, attempt, authorized=authorized)

    async def _retrying(
        self,
        operation: str,
        attempt: Callable[[str], Awaitable[T]],
        *,
        authorized: bool = True,
        progress_made: Callable[[], int] | None = None,
        total: float | Literal["policy"] | None = "policy",
    ) -> T:
        policy = self.retry
        budget = policy.total if total == "policy" else total
        loop = asyncio.get_running_loop()
        started = loop.time()
        failures = 0
        refreshed = False
        progress_seen = progress_made() if progress_made else 0
        while True:
            token = ""
            try:
                if authorized:
                    token = await self._session.access_token()
                return await attempt(token)
            except _Unauthorized:
                if refreshed:
                    await self._session.signed_out_by_platform()
                    raise SignedOut(f"{operation}: the platform refused a freshly refreshed token") from None
                refreshed = True
                await self._session.on_unauthorized(token)
                continue
            except httpx.TransportError as exc:
                cause: BaseException | None = exc
                failure, retry_after = network_error(operation, exc), None
                if isinstance(failure, Offline):
                    self._reached(False)
            except _Retryable as exc:
                failure, retry_after, cause = exc.error, exc.retry_after, None
            except Offline as exc:  # the session could not refresh: the same as any network failure
                failure, retry_after, cause = exc, None, exc.__cause__
                self._reached(False)

            if progress_made is not None and progress_made() > progress_seen:
                progress_seen = progress_made()  # it got further before it failed: not a wasted attempt
            else:
                failures += 1
            if isinstance(failure, Overloaded):
                failure.retry_after = retry_after
            if failures >= policy.attempts:
                raise failure from cause
            if retry_after is not None and retry_after > policy.max_retry_after:
                raise failure from cause
            delay = retry_after if retry_after is not None else policy.backoff(failures, self._rng)
            if budget is not None and loop.time() - started + delay > budget:
                raise failure from cause
            log.info(
                "%s failed (%s); attempt %d again in %.1f s",
                operation,
                type(failure).__name__,
                failures + 1,
                delay,
            )
            await self._sleep(delay)


# --- helpers -------------------------------------------------------------------------------------------


def _raise_for_status(
    response: httpx.Response,
    operation: str,
    conflict_model: type[BaseModel] | None,
    authorized: bool = True,
) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if status == 401:
        if not authorized:  # a resource elsewhere that wants credentials we do not send there
            raise Forbidden(f"{operation} answered 401 (no credentials are sent there)", status=401)
        raise _Unauthorized
    error = error_for_status(response, operation, conflict_model)
    if status in RETRY_STATUSES:
        raise _Retryable(error, parse_retry_after(response.headers.get("retry-after")))
    raise error


def _etag(response: httpx.Response, operation: str) -> str:
    etag = response.headers.get("etag")
    if not etag:
        raise BadResponse(f"{operation}: the answer carries no ETag")
    return str(etag)


def _seg(value: str) -> str:
    """An id as one path segment: ids are opaque, but never let one reach another path."""
    if not value or "/" in value or value in (".", "..") or any(c in value for c in "?#"):
        raise ValueError("not a valid id")
    return value


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _range_start(content_range: str | None) -> int | None:
    m = _CONTENT_RANGE.match(content_range or "")
    return int(m.group(1)) if m else None
