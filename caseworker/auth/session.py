"""The signed-in session: the current tokens, refreshed once at a time, persisted through a hook.

Refresh tokens rotate on every use and reusing a rotated one revokes the whole session (RFC 9700), so
two refreshes with the same refresh token must never race: every refresh happens under one lock, and a
caller that waited for the lock first looks whether someone else already replaced the token. A refresh
in flight is not abandoned when the caller that started it is cancelled (it runs as its own task, and
the next caller waits for it): a lost token response would otherwise cost a second, racing refresh.

The session does not know about the store: ``on_tokens_changed`` is called with the new tokens after
every refresh and with None when the session ends (the store encrypts and keeps them). Signing out or
being signed out never deletes anything else — the outbox stays for the next sign-in.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import logging
from collections.abc import Awaitable, Callable

import httpx

from caseworker.api.errors import Offline, PlatformError, SignedOut
from caseworker.auth import flow
from caseworker.auth.flow import TokenRejected, Tokens
from caseworker.domain.models import OidcConfiguration

log = logging.getLogger(__name__)

DEFAULT_LEEWAY = 30.0  # refresh when the access token expires within this many seconds

TokensChanged = Callable[[Tokens | None], Awaitable[None] | None]


class SessionState(enum.StrEnum):
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"


class TokenSession:
    """Owns the current tokens; hands out a valid access token; at most one refresh at a time."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        platform: OidcConfiguration | str,
        tokens: Tokens | None,
        *,
        on_tokens_changed: TokensChanged | None = None,
        leeway: float = DEFAULT_LEEWAY,
    ) -> None:
        """``platform`` is the OpenID configuration, or the platform's URL: then it is discovered when
        first needed (a refresh or a sign-out), so a session restored from the store starts offline."""
        self._http = http
        self._config = platform if isinstance(platform, OidcConfiguration) else None
        self._platform_url = platform if isinstance(platform, str) else platform.issuer
        self._tokens = tokens
        self._on_tokens_changed = on_tokens_changed
        self.leeway = leeway
        self._lock = asyncio.Lock()
        self._refreshing: asyncio.Task[Tokens] | None = None
        self.refresh_count = 0  # refreshes this session made (diagnostics)

    @property
    def config(self) -> OidcConfiguration | None:
        return self._config

    async def _configuration(self) -> OidcConfiguration:
        if self._config is None:
            self._config = await flow.discover(self._http, self._platform_url)
        return self._config

    @property
    def state(self) -> SessionState:
        return SessionState.SIGNED_IN if self._tokens is not None else SessionState.SIGNED_OUT

    @property
    def tokens(self) -> Tokens | None:
        return self._tokens

    async def signed_in(self, tokens: Tokens) -> None:
        """Start over with the tokens of a new sign-in (after SignedOut, or another user)."""
        async with self._lock:
            self._tokens = tokens
        await self._notify(tokens)

    async def access_token(self) -> str:
        """A valid access token, refreshed first when it expires within ``leeway`` seconds.

        Raises SignedOut when there is no session or the platform refused the refresh token, and the
        connection errors (Offline, ServerError, ...) when the refresh could not be made: the tokens
        are kept then, and the next call tries again.
        """
        tokens = self._require()
        if not self._expiring(tokens):
            return tokens.access_token
        async with self._lock:
            tokens = self._require()
            if not self._expiring(tokens):  # another caller refreshed while we waited
                return tokens.access_token
            return (await self._refresh(tokens)).access_token

    async def on_unauthorized(self, used_token: str) -> str:
        """The platform answered 401 to ``used_token``: refresh once (unless that already happened)."""
        async with self._lock:
            tokens = self._require()
            if tokens.access_token != used_token:  # replaced since that call was sent
                return tokens.access_token
            return (await self._refresh(tokens)).access_token

    async def signed_out_by_platform(self) -> None:
        """A freshly refreshed token was refused too: the session is over (nothing else is deleted)."""
        async with self._lock:
            had = self._tokens is not None
            self._tokens = None
        if had:
            await self._notify(None)

    async def sign_out(self) -> PlatformError | None:
        """End the session here and revoke it on the platform (best effort).

        The local session ends in any case. Returns None when the platform revoked the refresh token, or
        the error when it could not be reached (then the refresh token simply expires there); the error
        is also logged (without the token).
        """
        async with self._lock:
            tokens, self._tokens = self._tokens, None
        if tokens is None:
            return None
        await self._notify(None)
        try:
            await flow.revoke(self._http, await self._configuration(), tokens.refresh_token)
        except PlatformError as exc:
            log.warning("signed out locally, but revoking the session on the platform failed: %s", exc)
            return exc
        return None

    # --- internals -----------------------------------------------------------------------------------------

    def _expiring(self, tokens: Tokens) -> bool:
        """Due for a refresh: within ``leeway`` of expiry, or of half the lifetime if that is shorter
        (a platform with very short-lived tokens must not get a refresh before every call)."""
        leeway = self.leeway
        lifetime = tokens.lifetime()
        if lifetime is not None:
            leeway = min(leeway, lifetime / 2)
        return tokens.expires_within(leeway)

    def _require(self) -> Tokens:
        if self._tokens is None:
            raise SignedOut("no session: sign in first")
        return self._tokens

    async def _refresh(self, stale: Tokens) -> Tokens:
        """Called with the lock held. Joins the refresh in flight, if one survived a cancelled caller."""
        task = self._refreshing
        if task is None or task.done():
            task = asyncio.get_running_loop().create_task(self._do_refresh(stale))
            task.add_done_callback(_retrieve)
            self._refreshing = task
        return await asyncio.shield(task)

    async def _do_refresh(self, stale: Tokens) -> Tokens:
        try:
            config = await self._configuration()
            fresh = await flow.refresh_tokens(self._http, config, stale.refresh_token)
        except TokenRejected as exc:
            log.warning("the platform refused the refresh token (%s): signed out", exc.error_code)
            if self._tokens is stale:
                self._tokens = None
                await self._notify(None)
            raise SignedOut(f"refresh token refused ({exc.error_code or 'no error code'})") from None
        except Offline:
            log.info("could not refresh the access token: the platform is not reachable")
            raise
        self.refresh_count += 1
        if self._tokens is not stale:
            # signed out or in again meanwhile: this refresh's result is not the session's any more
            return self._require()
        self._tokens = fresh
        await self._notify(fresh)
        return fresh

    async def _notify(self, tokens: Tokens | None) -> None:
        """Tell the owner (the store) about new tokens. Its failure is the caller's error: not swallowed."""
        if self._on_tokens_changed is None:
            return
        result = self._on_tokens_changed(tokens)
        if inspect.isawaitable(result):
            await result


def _retrieve(task: asyncio.Task[Tokens]) -> None:
    """A refresh whose callers were all cancelled still ends; its outcome must not go unobserved."""
    if not task.cancelled():
        task.exception()
