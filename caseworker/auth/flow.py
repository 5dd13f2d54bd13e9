"""The OIDC authorization-code + PKCE exchange (RFC 6749, 7636, 8252), transport-agnostic.

authlib does the protocol parts (URIs, PKCE challenge, response parsing); the HTTP goes through the
app's one httpx client so it uses the OS trust store and proxy like every other call.

Failures are typed: ``SignInError`` (and its ``TokenRejected``, ``SignInTimeout``) for what went wrong
in the sign-in itself, and the platform client's errors (``Offline``, ``ServerError``, ``Overloaded``,
``BadResponse``, ``InsecureURL`` from caseworker.api.errors) for the connection. No token, code or
verifier is ever put in a message or a log.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import ModuleType
from urllib.parse import urlencode

import httpx
from pydantic import ValidationError

from caseworker.api.errors import (
    BadResponse,
    Overloaded,
    PlatformError,
    ServerError,
    is_json,
    network_error,
    validated,
)
from caseworker.api.transport import check_url
from caseworker.auth.loopback import DEFAULT_TIMEOUT, LoopbackListener
from caseworker.domain.models import OAuthError, OidcConfiguration, TokenResponse

log = logging.getLogger(__name__)

CLIENT_ID = "caseworker-desktop"
SCOPE = "openid"


class SignInError(Exception):
    """Sign-in did not complete; the message is for the user (Swedish)."""

    @property
    def user_message(self) -> str:
        return str(self)


class TokenRejected(SignInError):
    """The platform refused a code or refresh token (invalid_grant): the user must sign in again."""

    def __init__(self, message: str, error_code: str | None = None) -> None:
        super().__init__(message)
        self.error_code = error_code  # the OAuth ``error``, e.g. "invalid_grant" (never a token)


class SignInTimeout(SignInError):
    """The browser never came back with a redirect within the time allowed."""


# authlib takes ~0.2 s to import: it is loaded when a sign-in or a token refresh first needs it, not on
# every start (a remembered user opens offline without it).
def _oauth() -> ModuleType:
    from authlib.oauth2.rfc6749 import parameters

    module: ModuleType = parameters
    return module


def generate_token(length: int) -> str:
    from authlib.common.security import generate_token as authlib_token

    return str(authlib_token(length))


@dataclass(frozen=True)
class AuthorizationRequest:
    """One sign-in attempt: its PKCE verifier and state never leave this process."""

    redirect_uri: str
    state: str = field(default_factory=lambda: generate_token(24), repr=False)
    code_verifier: str = field(default_factory=lambda: generate_token(64), repr=False)

    @property
    def code_challenge(self) -> str:
        from authlib.oauth2.rfc7636 import create_s256_code_challenge

        return str(create_s256_code_challenge(self.code_verifier))

    def params(self) -> dict[str, str]:
        return {
            "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": self.redirect_uri,
            "scope": SCOPE, "state": self.state, "code_challenge": self.code_challenge,
            "code_challenge_method": "S256",
        }  # fmt: skip

    def url(self, config: OidcConfiguration) -> str:
        return f"{config.authorization_endpoint}?{urlencode(self.params())}"

    def code_from_redirect(self, redirected_to: str) -> str:
        """The authorization code from the redirect, after checking ``state`` (CSRF) and errors."""
        oauth = _oauth()
        try:
            params = oauth.parse_authorization_code_response(redirected_to, state=self.state)
        except oauth.MismatchingStateException as exc:
            raise SignInError("Inloggningen kom inte från den här appen (fel state). Försök igen.") from exc
        except oauth.MissingCodeException as exc:
            raise SignInError("Inloggningen avbröts eller nekades av plattformen.") from exc
        return str(params["code"])


@dataclass(frozen=True)
class Tokens:
    """The tokens of a sign-in. Never printed: ``repr`` leaves the secrets out."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: dt.datetime
    issued_at: dt.datetime | None = None  # when known, a refresh leeway never exceeds half the lifetime

    @classmethod
    def from_response(cls, response: TokenResponse, now: dt.datetime | None = None) -> Tokens:
        now = now or dt.datetime.now(dt.UTC)
        expires_at = now + dt.timedelta(seconds=response.expires_in)
        return cls(response.access_token, response.refresh_token, expires_at, issued_at=now)

    def lifetime(self) -> float | None:
        """Seconds the access token was issued for, if known."""
        if self.issued_at is None:
            return None
        return (self.expires_at - self.issued_at).total_seconds()

    def expires_within(self, seconds: float, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return self.expires_at - now <= dt.timedelta(seconds=seconds)


# --- the HTTP of the flow ------------------------------------------------------------------------------


async def _send(
    client: httpx.AsyncClient,
    operation: str,
    method: str,
    url: str,
    *,
    content: str | None = None,
    data: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    try:
        return await client.request(
            method, url, content=content, data=data, headers=headers, follow_redirects=False
        )
    except httpx.TransportError as exc:
        raise network_error(operation, exc) from exc


def _server_trouble(response: httpx.Response, operation: str) -> PlatformError:
    status = response.status_code
    if status in (429, 503):
        return Overloaded(f"{operation} answered {status}", status=status)
    if status >= 500:
        return ServerError(f"{operation} answered {status}", status=status)
    return BadResponse(f"{operation}: unexpected status {status}", status=status)


async def discover(client: httpx.AsyncClient, platform_url: str) -> OidcConfiguration:
    """The platform's OpenID configuration; its endpoints must be https (or loopback http) too."""
    url = str(check_url(platform_url.rstrip("/") + "/.well-known/openid-configuration"))
    r = await _send(client, "GET openid-configuration", "GET", url)
    if r.status_code != 200:
        raise _server_trouble(r, "GET openid-configuration")
    config = validated(r, "GET openid-configuration", OidcConfiguration.model_validate_json)
    for endpoint in (config.authorization_endpoint, config.token_endpoint, config.revocation_endpoint):
        check_url(endpoint)
    return config


async def exchange_code(
    client: httpx.AsyncClient, config: OidcConfiguration, request: AuthorizationRequest, code: str
) -> Tokens:
    body = _oauth().prepare_token_request(
        "authorization_code", code=code, redirect_uri=request.redirect_uri, client_id=CLIENT_ID,
        code_verifier=request.code_verifier,
    )  # fmt: skip
    return await _token_call(client, config, body, "POST token (authorization_code)")


async def refresh_tokens(client: httpx.AsyncClient, config: OidcConfiguration, refresh_token: str) -> Tokens:
    body = _oauth().prepare_token_request("refresh_token", refresh_token=refresh_token, client_id=CLIENT_ID)
    return await _token_call(client, config, body, "POST token (refresh_token)")


async def _token_call(
    client: httpx.AsyncClient, config: OidcConfiguration, body: str, operation: str
) -> Tokens:
    r = await _send(
        client, operation, "POST", config.token_endpoint, content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    if r.status_code in (400, 401):
        error = _oauth_error(r)
        log.info("%s refused: %s", operation, error or "no OAuth error code")
        raise TokenRejected("Plattformen godtog inte inloggningen. Logga in igen.", error)
    if r.status_code != 200:
        raise _server_trouble(r, operation)
    return Tokens.from_response(validated(r, operation, TokenResponse.model_validate_json))


def _oauth_error(response: httpx.Response) -> str | None:
    if not is_json(response):
        return None
    try:
        return OAuthError.model_validate_json(response.content).error
    except ValidationError:
        return None


async def revoke(client: httpx.AsyncClient, config: OidcConfiguration, token: str) -> None:
    """Revoke a refresh token (and with it its whole family) or an access token (RFC 7009)."""
    operation = "POST revoke"
    r = await _send(
        client, operation, "POST", config.revocation_endpoint, data={"token": token, "client_id": CLIENT_ID}
    )
    if r.status_code == 200:
        return
    if 400 <= r.status_code < 500:
        raise BadResponse(f"{operation} refused: {_oauth_error(r) or r.status_code}", status=r.status_code)
    raise _server_trouble(r, operation)


# --- whole sign-ins ---------------------------------------------------------------------------------------

OpenBrowser = Callable[[str], bool | Awaitable[bool]]


async def browser_sign_in(
    client: httpx.AsyncClient,
    platform_url: str,
    open_browser: OpenBrowser,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Tokens:
    """Sign in through the system browser with a loopback redirect (RFC 8252).

    ``open_browser(url)`` is called once the listener is up; it returns False when no browser could be
    opened, and the UI then shows ``url`` as a link to copy: the sign-in keeps waiting either way, until
    ``timeout`` (SignInTimeout) or until the caller cancels. A redirect with another ``state`` or an
    ``error`` raises SignInError; a refused code raises TokenRejected.
    """
    config = await discover(client, platform_url)
    async with LoopbackListener(timeout=timeout) as listener:
        request = AuthorizationRequest(redirect_uri=listener.redirect_uri)
        listener.expected_state = request.state
        opened = open_browser(request.url(config))
        if inspect.isawaitable(opened):
            opened = await opened
        if not opened:
            log.info("no browser could be opened; waiting for the user to open the sign-in link")
        try:
            redirected = await listener.wait()
        except TimeoutError:
            minutes = max(1, round(timeout / 60))
            raise SignInTimeout(
                f"Ingen inloggning kom tillbaka från webbläsaren inom {minutes} min. Försök igen."
            ) from None
    code = request.code_from_redirect(redirected)
    return await exchange_code(client, config, request, code)


async def demo_sign_in(
    client: httpx.AsyncClient,
    platform_url: str,
    username: str,
    password: str = "demo",  # noqa: S107
) -> Tokens:
    """Sandbox only: complete the same PKCE flow by posting the sign-in form, without a browser.

    Used by `caseworker --demo`, where choosing a demo account should not need a browser round trip.
    """
    config = await discover(client, platform_url)
    request = AuthorizationRequest(redirect_uri="http://127.0.0.1:1/callback")  # never contacted
    form = {**request.params(), "username": username, "password": password}
    r = await _send(client, "POST authorize", "POST", config.authorization_endpoint, data=form)
    if r.status_code not in (302, 303):
        raise SignInError("Demokontot kunde inte logga in.")
    code = request.code_from_redirect(r.headers["location"])
    return await exchange_code(client, config, request, code)
