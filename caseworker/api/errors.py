"""Typed errors of the platform client: each one a situation the UI can act on.

Every error has a Swedish ``user_message`` (what happened and what to do) and a technical ``str()`` for
logs. Neither ever carries a token or a personnummer: the technical text names the operation (method and
path, never the query string, which may hold a search for a person) and is scrubbed once more on the way
out, because a server's ``detail`` is text we do not control.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from caseworker.domain.models import Problem

# A Swedish personnummer or samordningsnummer (YYMMDD-NNNN, YYYYMMDDNNNN, with - or + or nothing).
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
_BEARER = re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+")
_MAX_DETAIL = 300


def scrub(text: str) -> str:
    """Remove what must never reach a log: bearer tokens and anything shaped like a personnummer."""
    text = _BEARER.sub("Bearer [token]", text)
    return _PERSONAL_NUMBER.sub("[personnummer]", text)


class PlatformError(Exception):
    """Base of every error the platform client raises."""

    user_message: ClassVar[str] = "Något gick fel i kontakten med plattformen. Försök igen."

    def __init__(self, technical: str, *, status: int | None = None, problem: Problem | None = None) -> None:
        super().__init__(technical)
        self.technical = technical
        self.status = status
        self.problem = problem

    def __str__(self) -> str:
        text = self.technical
        if self.problem is not None:
            detail = self.problem.title + (f": {self.problem.detail}" if self.problem.detail else "")
            text += f" ({detail[:_MAX_DETAIL]})"
        return scrub(text)


class InsecureURL(PlatformError):
    """A plain-http address that is not on this computer: refused, tokens must never travel in clear."""

    user_message = (
        "Plattformens adress måste börja med https://. Okrypterad http tillåts bara till den egna datorn."
    )


class Offline(PlatformError):
    """The platform could not be reached: no connection, a timeout or a connection reset."""

    user_message = (
        "Plattformen går inte att nå just nu (ingen anslutning eller nätverksfel). "
        "Det som inte har skickats ligger kvar och skickas när anslutningen är tillbaka."
    )


class SignedOut(PlatformError):
    """The sign-in is no longer valid (refresh token refused or revoked): the user must sign in again."""

    user_message = (
        "Du har blivit utloggad. Logga in igen för att fortsätta; ändringar som väntar på att skickas "
        "finns kvar."
    )


class Forbidden(PlatformError):
    """403: the user's role does not allow this."""

    user_message = "Du har inte behörighet att göra det här."


class NotFound(PlatformError):
    """404: it does not exist, or is outside the user's municipalities (the platform does not say which)."""

    user_message = "Det finns inte, eller så har du inte tillgång till det."


class Conflict(PlatformError):
    """412: someone changed it since we read it; ``current`` is their version, ``etag`` its ETag.

    ``current`` is parsed into the operation's wire model (Case, Annotation) when it validates;
    ``current_data`` is the raw representation in any case.
    """

    user_message = (
        "Någon annan har ändrat detta sedan du hämtade det. "
        "Jämför deras version med din innan du fortsätter; din ändring är kvar."
    )

    def __init__(
        self,
        technical: str,
        *,
        current: BaseModel | None,
        current_data: dict[str, Any] | None,
        etag: str | None,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(technical, status=412, problem=problem)
        self.current = current
        self.current_data = current_data
        self.etag = etag


class Rejected(PlatformError):
    """400/409/422/428 and other 4xx: the platform refused the request as sent."""

    user_message = "Plattformen godtog inte begäran. Kontrollera uppgifterna och försök igen."


class Gone(PlatformError):
    """410: the sync cursor is too old; a full resync is needed (the outbox is not affected)."""

    user_message = "Den lokala kopian behöver hämtas om från början. Ändringar som väntar finns kvar."


class ServerError(PlatformError):
    """5xx (after retries where retrying was safe)."""

    user_message = "Plattformen har ett tekniskt fel just nu. Försök igen senare."


class Overloaded(PlatformError):
    """429/503 after retries; ``retry_after`` (seconds) is the platform's hint, when it gave one."""

    user_message = "Plattformen är hårt belastad just nu. Försök igen om en stund."

    def __init__(
        self,
        technical: str,
        *,
        status: int | None = None,
        problem: Problem | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(technical, status=status, problem=problem)
        self.retry_after = retry_after


class BadResponse(PlatformError):
    """The answer was not what the contract says: malformed JSON, wrong content type, schema mismatch,
    an incomplete body, or a document whose checksum does not match."""

    user_message = (
        "Plattformen svarade på ett oväntat sätt. Försök igen senare; kvarstår felet, kontakta support."
    )


# --- building errors from answers ----------------------------------------------------------------------


def is_json(response: httpx.Response) -> bool:
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return bool(media == "application/json") or (media.startswith("application/") and media.endswith("+json"))


def problem_of(response: httpx.Response) -> Problem | None:
    """The problem document of an error answer, or None if there is none (or it is malformed)."""
    if not is_json(response):
        return None
    try:
        return Problem.model_validate_json(response.content)
    except ValidationError:
        return None


def validation_summary(exc: ValidationError, limit: int = 5) -> str:
    """Where and how a body failed validation, without any of the values (they may be personal data)."""
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['type']}" for e in exc.errors()[:limit]]
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def require_json(response: httpx.Response, operation: str) -> None:
    if not is_json(response):
        media = response.headers.get("content-type") or "no content type"
        raise BadResponse(f"{operation}: expected JSON, got {media!r}")


T = TypeVar("T")


def validated(response: httpx.Response, operation: str, validate: Callable[[bytes], T]) -> T:
    """A JSON answer's body through ``validate`` (a model's or adapter's validate_json); BadResponse when the
    answer is not JSON or does not match the contract (where and how, never the values)."""
    require_json(response, operation)
    try:
        return validate(response.content)
    except ValidationError as exc:
        raise BadResponse(
            f"{operation}: the answer does not match the contract: {validation_summary(exc)}"
        ) from None


def error_for_status(
    response: httpx.Response, operation: str, conflict_model: type[BaseModel] | None = None
) -> PlatformError:
    """The typed error for a non-success answer (401 and retries are the caller's business)."""
    status = response.status_code
    problem = problem_of(response)
    technical = f"{operation} answered {status}"
    if status == 403:
        return Forbidden(technical, status=status, problem=problem)
    if status == 404:
        return NotFound(technical, status=status, problem=problem)
    if status == 410:
        return Gone(technical, status=status, problem=problem)
    if status == 412:
        return _conflict(response, technical, problem, conflict_model)
    if status in (429, 503):
        return Overloaded(technical, status=status, problem=problem, retry_after=None)
    if status == 401:
        return SignedOut(technical, status=status, problem=problem)
    if 400 <= status < 500:
        return Rejected(technical, status=status, problem=problem)
    if status >= 500:
        return ServerError(technical, status=status, problem=problem)
    return BadResponse(f"{operation}: unexpected status {status}", status=status)


def _conflict(
    response: httpx.Response, technical: str, problem: Problem | None, model: type[BaseModel] | None
) -> Conflict:
    current_data = problem.current if problem is not None else None
    etag = (problem.etag if problem is not None else None) or response.headers.get("etag")
    current: BaseModel | None = None
    if model is not None and current_data is not None:
        try:
            current = model.model_validate(current_data)
        except ValidationError:
            current = None
    return Conflict(technical, current=current, current_data=current_data, etag=etag, problem=problem)


def network_error(operation: str, exc: httpx.TransportError) -> PlatformError:
    """A transport failure: an incomplete or unparsable answer is a BadResponse, anything else Offline.

    A connection closed before any answer began (httpcore: "Server disconnected without sending a
    response") is a network failure like a reset, not a malformed answer.
    """
    name = type(exc).__name__
    if isinstance(exc, httpx.RemoteProtocolError) and "without sending a response" not in str(exc):
        return BadResponse(f"{operation}: the answer was incomplete or not HTTP ({name})")
    reason = str(exc)
    return Offline(f"{operation}: {name}" + (f": {reason}" if reason else ""))
