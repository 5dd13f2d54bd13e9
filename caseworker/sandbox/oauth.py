"""Sign-in: OIDC discovery, authorization code + PKCE with a sign-in page, tokens and revocation.

The rules are PLATFORM-API.md's "Sign-in" section. One public client (``caseworker-desktop``) that
receives the code on a loopback ``/callback`` (RFC 8252); PKCE with S256 only; a code lives 60 s and
works once. Refresh tokens rotate on every use, and reusing a rotated one revokes the whole token family
(RFC 9700), except for a short grace: the immediately previous token may be presented again while its
successor was never used, so that a dropped response does not sign anyone out.

Codes and tokens are stored only as their SHA-256 (``hash_token``); none of them, nor a verifier or a
password, is ever logged. Errors of the token and revocation endpoints use the OAuth JSON shape
(RFC 6749 5.2), not problem+json; the authorize endpoint answers errors with an HTML page while the
redirect_uri is not trusted, and by redirecting back to the client once it is (RFC 6749 4.1.2.1).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html
import re
import secrets
import string
import urllib.parse
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any, cast

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.orm import Session

from caseworker.domain.models import OAuthError, OidcConfiguration, TokenResponse
from caseworker.sandbox import db
from caseworker.sandbox.config import SandboxSettings
from caseworker.sandbox.passwords import needs_rehash, password_hash, verify_password
from caseworker.sandbox.security import SessionDep, SettingsDep, hash_token
from caseworker.sandbox.throttle import SignInThrottle

router = APIRouter(tags=["sign-in"])

CLIENT_ID = "caseworker-desktop"
AUTH_CODE_LIFETIME = dt.timedelta(seconds=60)
# RFC 8252 7.3: loopback redirect on any port; 127.0.0.1, [::1] and (not recommended) localhost.
_LOOPBACK_REDIRECT = re.compile(r"http://(?:127\.0\.0\.1|\[::1\]|localhost):(\d{1,5})/callback")
_CODE_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43,128}")  # a base64url challenge
_PKCE_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")  # RFC 7636 4.1
_MAX_STATE = 1024
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_ROLE_LABELS = {"caseworker": "handläggare", "inspector": "inspektör", "team_lead": "teamledare"}
_NOBODYS_HASH = password_hash(secrets.token_urlsafe(16))
_PAGE = string.Template(
    resources.files("caseworker.sandbox").joinpath("templates/page.html").read_text(encoding="utf-8")
)


DEFAULT_ISSUER = "http://127.0.0.1"  # only for an app built without a server (the contract generator)


def issuer_of(settings: SandboxSettings) -> str:
    return (settings.issuer or DEFAULT_ISSUER).rstrip("/")


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# --- discovery --------------------------------------------------------------------------------------


@router.get(
    "/.well-known/openid-configuration",
    response_model=OidcConfiguration,
    summary="OpenID Provider metadata: where to sign in, get, refresh and revoke tokens",
)
def openid_configuration(settings: SettingsDep) -> OidcConfiguration:
    # From configuration, never from the request's Host header: a forged Host must not move sign-in.
    issuer = issuer_of(settings)
    return OidcConfiguration(
        issuer=issuer,
        authorization_endpoint=f"{issuer}/oauth/authorize",
        token_endpoint=f"{issuer}/oauth/token",
        revocation_endpoint=f"{issuer}/oauth/revoke",
        userinfo_endpoint=f"{issuer}/api/v1/me",
    )


# --- the authorization request ----------------------------------------------------------------------


class AuthorizeParams(BaseModel):
    """The authorization request (RFC 6749 4.1.1 with RFC 7636 PKCE)."""

    response_type: str | None = Field(None, description="Must be `code`.")
    client_id: str | None = Field(None, description=f"Must be `{CLIENT_ID}`.")
    redirect_uri: str | None = Field(
        None, description="`http://127.0.0.1:{port}/callback` (also `[::1]` or `localhost`; any port)."
    )
    code_challenge: str | None = Field(None, description="BASE64URL(SHA256(code_verifier)).")
    code_challenge_method: str | None = Field(None, description="Must be `S256`.")
    state: str | None = Field(None, description="Opaque; returned unchanged with the code.")
    scope: str | None = Field(None, description="Optional; the sandbox grants `openid`.")


class SignInForm(AuthorizeParams):
    """The sign-in form: the credentials plus the authorize parameters carried along as hidden fields."""

    username: str | None = Field(None, description="A demo account's username (see /sandbox/accounts).")
    password: str | None = Field(None, description="Every demo account's password is `demo`.")


@dataclass(frozen=True)
class AuthorizeRequest:
    """A validated authorization request."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    state: str
    scope: str | None

    def hidden_fields(self) -> dict[str, str]:
        fields = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "code_challenge": self.code_challenge,
            "code_challenge_method": "S256",
            "state": self.state,
        }
        return fields | ({"scope": self.scope} if self.scope is not None else {})


class _Untrusted(Exception):
    """The client or its redirect_uri is not valid: answer with a page, never redirect."""


class _Refused(Exception):
    """A bad request from a trusted client: redirect back with ``error`` (RFC 6749 4.1.2.1)."""

    def __init__(self, redirect_uri: str, error: str, description: str, state: str | None) -> None:
        super().__init__(error)
        self.redirect_uri, self.error, self.description, self.state = redirect_uri, error, description, state


def is_loopback_redirect(uri: str) -> bool:
    match = _LOOPBACK_REDIRECT.fullmatch(uri)
    return match is not None and 0 < int(match.group(1)) <= 65535


def validate_authorize(params: AuthorizeParams) -> AuthorizeRequest:
    if params.client_id != CLIENT_ID:
        raise _Untrusted("Okänd klient (client_id).")
    redirect_uri = params.redirect_uri or ""
    if not is_loopback_redirect(redirect_uri):
        raise _Untrusted("Ogiltig återadress (redirect_uri): bara http://127.0.0.1:{port}/callback godtas.")

    def refuse(error: str, description: str) -> _Refused:
        return _Refused(redirect_uri, error, description, params.state)

    if not params.response_type:
        raise refuse("invalid_request", "response_type is required")
    if params.response_type != "code":
        raise refuse("unsupported_response_type", "only response_type=code is supported")
    if not params.code_challenge or not _CODE_CHALLENGE.fullmatch(params.code_challenge):
        raise refuse("invalid_request", "code_challenge is required (43-128 base64url characters)")
    if params.code_challenge_method != "S256":
        raise refuse("invalid_request", "code_challenge_method must be S256")
    if not params.state or len(params.state) > _MAX_STATE:
        raise refuse("invalid_request", f"state is required (at most {_MAX_STATE} characters)")
    return AuthorizeRequest(CLIENT_ID, redirect_uri, params.code_challenge, params.state, params.scope)


def _validated_or_refusal(params: AuthorizeParams) -> AuthorizeRequest | Response:
    """The validated request, or the answer refusing it: an error page, or a redirect with ``error``."""
    try:
        return validate_authorize(params)
    except _Untrusted as exc:
        return _error_page(str(exc))
    except _Refused as exc:
        return _redirect(
            exc.redirect_uri, error=exc.error, error_description=exc.description, state=exc.state
        )


def _redirect(redirect_uri: str, **query: str | None) -> RedirectResponse:
    location = redirect_uri + "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
    return RedirectResponse(location, status_code=302, headers={"Cache-Control": "no-store"})


# --- HTML pages -------------------------------------------------------------------------------------


def _html_page(title: str, content: str, status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    """``content`` must already be escaped; the nonce lets only our own style and script run."""
    nonce = secrets.token_urlsafe(16)
    body = _PAGE.substitute(title=html.escape(title), content=content, nonce=nonce)
    csp = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    headers = {
        **(headers or {}),
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    return HTMLResponse(body, status_code=status, headers=headers)


def _error_page(message: str) -> HTMLResponse:
    content = (
        f'<p class="error" role="alert">{html.escape(message)}</p>'
        "<p>Starta inloggningen igen från programmet.</p>"
    )
    return _html_page("Inloggningen kan inte fortsätta – Sandlådeplattform", content, 400)


def _account_list(session: Session) -> str:
    names: dict[str, str] = dict(session.execute(select(db.Municipality.id, db.Municipality.name)).all())
    items = []
    for user in session.scalars(select(db.User).order_by(db.User.username)):
        roles = ", ".join(_ROLE_LABELS.get(r, r) for r in user.roles)
        municipalities = ", ".join(names.get(m, m) for m in user.municipalities)
        items.append(
            f'<li><button type="button" data-username="{html.escape(user.username)}">'
            f"<strong>{html.escape(user.display_name)}</strong> ({html.escape(user.username)})"
            f'<span class="meta">Roller: {html.escape(roles)}</span>'
            f'<span class="meta">Kommuner: {html.escape(municipalities)}</span></button></li>'
        )
    return '<ul class="accounts">' + "".join(items) + "</ul>"


def _sign_in_form(auth: AuthorizeRequest, action: str, username: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in auth.hidden_fields().items()
    )
    return f"""<form method="post" action="{html.escape(action)}">{hidden}
<label for="username">Användarnamn</label>
<input type="text" id="username" name="username" autocomplete="username" required
       value="{html.escape(username)}">
<label for="password">Lösenord</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Logga in</button>
</form>"""


def _sign_in_page(
    session: Session,
    request: Request,
    auth: AuthorizeRequest,
    *,
    username: str = "",
    error: str | None = None,
    retry_after: int = 0,
) -> HTMLResponse:
    """The sign-in page; with ``error`` the answer to a failed attempt (401), or to one refused by the
    throttle (429 with Retry-After)."""
    parts = [
        f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "",
        f"<p>Programmet <strong>{html.escape(auth.client_id)}</strong> begär inloggning.</p>",
        "<h2>Demokonton</h2>",
        '<p class="hint">Välj ett konto för att fylla i användarnamnet. '
        "Alla demokonton har lösenordet <code>demo</code>.</p>",
        _account_list(session),
        _sign_in_form(auth, request.url.path, username),
    ]
    if retry_after:
        return _html_page(
            "Logga in – Sandlådeplattform", "\n".join(parts), 429, {"Retry-After": str(retry_after)}
        )
    return _html_page("Logga in – Sandlådeplattform", "\n".join(parts), 401 if error else 200)


# --- the authorize endpoint -------------------------------------------------------------------------

_HTML: dict[str, Any] = {"text/html": {"schema": {"type": "string"}}}
_LOCATION = {"Location": {"description": "redirect_uri with the result", "schema": {"type": "string"}}}
_AUTHORIZE_ERRORS: dict[int | str, dict[str, Any]] = {
    302: {
        "description": "Back to redirect_uri with `error` and `state` (RFC 6749 4.1.2.1)",
        "headers": _LOCATION,
    },
    400: {
        "description": "Unknown client_id or invalid redirect_uri: an HTML page, never a redirect",
        "content": _HTML,
    },
}


@router.get(
    "/oauth/authorize",
    summary="The sign-in page of an authorization request (code flow with PKCE S256)",
    response_class=HTMLResponse,
    responses={200: {"description": "The sign-in page", "content": _HTML}, **_AUTHORIZE_ERRORS},
)
def authorize_page(
    params: Annotated[AuthorizeParams, Query()], request: Request, session: SessionDep
) -> Response:
    auth = _validated_or_refusal(params)
    if isinstance(auth, Response):
        return auth
    return _sign_in_page(session, request, auth)


@router.post(
    "/oauth/authorize",
    summary="Sign in: check the password and redirect to redirect_uri with `code` and `state`",
    status_code=302,
    response_class=RedirectResponse,
    responses={
        **_AUTHORIZE_ERRORS,
        302: {
            "description": "Signed in (`code`, `state`) or refused (`error`, `state`)",
            "headers": _LOCATION,
        },
        401: {"description": "Wrong username or password: the sign-in page again", "content": _HTML},
        429: {
            "description": "Too many failed attempts for this account or from this address: the sign-in "
            "page with the wait, and Retry-After",
            "content": _HTML,
            "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
        },
    },
)
def authorize_sign_in(form: Annotated[SignInForm, Form()], request: Request, session: SessionDep) -> Response:
    # The authorize parameters may also travel in the query string; form fields take precedence.
    sent = form.model_dump(exclude_none=True)
    params = AuthorizeParams.model_validate({**dict(request.query_params), **sent})
    auth = _validated_or_refusal(params)
    if isinstance(auth, Response):
        return auth
    throttle: SignInThrottle = request.app.state.signin_throttle
    username, address = form.username or "", request.client.host if request.client else ""
    wait = throttle.retry_after(username, address)
    if wait:
        error = f"För många misslyckade inloggningsförsök. Vänta {wait} sekunder och försök sedan igen."
        return _sign_in_page(session, request, auth, username=username, error=error, retry_after=wait)
    user = _check_password(session, form.username, form.password)
    if user is None:
        throttle.failed(username, address)
        error = "Fel användarnamn eller lösenord."
        return _sign_in_page(session, request, auth, username=username, error=error)
    throttle.succeeded(username)
    if needs_rehash(user.password_hash):  # made by an older sandbox, or at a lower cost than today's
        user.password_hash = password_hash(form.password or "")
    code = secrets.token_urlsafe(32)
    session.add(
        db.AuthCode(
            code_hash=hash_token(code),
            user_id=user.id,
            client_id=auth.client_id,
            redirect_uri=auth.redirect_uri,
            code_challenge=auth.code_challenge,
            expires_at=db.utcnow() + AUTH_CODE_LIFETIME,
            used=False,
        )
    )
    session.commit()
    return _redirect(auth.redirect_uri, code=code, state=auth.state)


def _check_password(session: Session, username: str | None, password: str | None) -> db.User | None:
    if not username or not password:
        return None
    user = session.scalars(select(db.User).where(db.User.username == username)).first()
    # an unknown user costs the same hashing as a known one, so timing does not tell which names exist
    stored = user.password_hash if user is not None else _NOBODYS_HASH
    return user if verify_password(password, stored) and user is not None else None


# --- tokens -----------------------------------------------------------------------------------------


class TokenForm(BaseModel):
    """A token request (RFC 6749 4.1.3 and 6); a public client, so ``client_id`` and no secret."""

    grant_type: str | None = Field(None, description="`authorization_code` or `refresh_token`.")
    client_id: str | None = Field(None, description=f"Must be `{CLIENT_ID}`.")
    code: str | None = Field(None, description="authorization_code: the code from the redirect.")
    redirect_uri: str | None = Field(None, description="authorization_code: as in the authorize request.")
    code_verifier: str | None = Field(None, description="authorization_code: the PKCE verifier.")
    refresh_token: str | None = Field(None, description="refresh_token: the current refresh token.")


class RevokeForm(BaseModel):
    """A revocation request (RFC 7009)."""

    token: str | None = Field(
        None, description="A refresh token (revokes its whole family) or an access token."
    )
    token_type_hint: str | None = Field(None, description="Optional; `refresh_token` or `access_token`.")
    client_id: str | None = Field(None, description=f"Must be `{CLIENT_ID}`.")


class OAuthFailure(Exception):
    """An error answer of the token or revocation endpoint (RFC 6749 5.2)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(error)
        self.error, self.description, self.status = error, description, status

    def response(self) -> JSONResponse:
        body = OAuthError(error=self.error, error_description=self.description).model_dump()
        return JSONResponse(body, status_code=self.status, headers=_NO_STORE)


def _invalid_grant(description: str) -> OAuthFailure:
    return OAuthFailure("invalid_grant", description)


def _check_client(client_id: str | None) -> None:
    if not client_id:
        raise OAuthFailure("invalid_request", "client_id is required")
    if client_id != CLIENT_ID:
        raise OAuthFailure("invalid_client", "unknown client", status=401)


def _family_of_code(code_hash: str) -> str:
    """The id of the token family a code starts: derived from the code, so a reused code finds it."""
    return code_hash[:40]


def _issue(
    session: Session, settings: SandboxSettings, family: db.TokenFamily, parent_hash: str | None
) -> TokenResponse:
    now = db.utcnow()  # one instant for the pair: see _revoke_access_issued_since
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        db.AccessToken(
            token_hash=hash_token(access),
            family_id=family.id,
            user_id=family.user_id,
            expires_at=now + dt.timedelta(seconds=settings.access_token_ttl),
            revoked=False,
        )
    )
    session.add(
        db.RefreshToken(
            token_hash=hash_token(refresh),
            family_id=family.id,
            parent_hash=parent_hash,
            created_at=now,
            expires_at=now + dt.timedelta(seconds=settings.refresh_token_ttl),
            revoked=False,
        )
    )
    return TokenResponse(access_token=access, expires_in=settings.access_token_ttl, refresh_token=refresh)


def _claim(session: Session, conditional_update: Update) -> bool:
    """Run an UPDATE whose WHERE holds only while the row is unclaimed; True if this request got it.

    The check and the write are one statement, so two concurrent requests cannot both win.
    """
    result = cast("CursorResult[Any]", session.execute(conditional_update))
    return result.rowcount == 1


def _revoke_family(session: Session, family_id: str) -> None:
    """Revoke a sign-in entirely: the family, its refresh tokens and its access tokens."""
    session.execute(update(db.TokenFamily).where(db.TokenFamily.id == family_id).values(revoked=True))
    session.execute(
        update(db.RefreshToken).where(db.RefreshToken.family_id == family_id).values(revoked=True)
    )
    session.execute(update(db.AccessToken).where(db.AccessToken.family_id == family_id).values(revoked=True))


def _pkce_matches(verifier: str | None, challenge: str) -> bool:
    if not verifier or not _PKCE_VERIFIER.fullmatch(verifier):
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(computed, challenge)


def _code_mismatch(grant: db.AuthCode, form: TokenForm) -> str | None:
    """Why the code may not be redeemed with this request, or None."""
    if grant.client_id != form.client_id:
        return "the code was issued to another client"
    if grant.redirect_uri != form.redirect_uri:
        return "redirect_uri differs from the authorization request"
    if _aware(grant.expires_at) <= db.utcnow():
        return "the code has expired"
    if not _pkce_matches(form.code_verifier, grant.code_challenge):
        return "code_verifier is missing or does not match the code_challenge"
    return None


def _redeem_code(session: Session, settings: SandboxSettings, form: TokenForm) -> TokenResponse:
    if not form.code or not form.redirect_uri:
        raise OAuthFailure("invalid_request", "code and redirect_uri are required")
    code_hash = hash_token(form.code)
    grant = session.get(db.AuthCode, code_hash)
    if grant is None:
        raise _invalid_grant("unknown code")
    claim = update(db.AuthCode).where(db.AuthCode.code_hash == code_hash, db.AuthCode.used.is_(False))
    if not _claim(session, claim.values(used=True)):
        # RFC 6749 10.5: a code used twice revokes the tokens it was exchanged for.
        _revoke_family(session, _family_of_code(code_hash))
        session.commit()
        raise _invalid_grant("the code has already been used")
    mismatch = _code_mismatch(grant, form)
    if mismatch:
        session.commit()  # the code stays spent
        raise _invalid_grant(mismatch)
    family = db.TokenFamily(id=_family_of_code(code_hash), user_id=grant.user_id, created_at=db.utcnow())
    session.add(family)
    session.flush()
    return _issue(session, settings, family, parent_hash=None)


def _grace_successor(
    session: Session, settings: SandboxSettings, presented: db.RefreshToken
) -> db.RefreshToken | None:
    """The successor of an already rotated token, if presenting that token again is still forgiven.

    Forgiven when (a) the successor is the newest refresh token of the family, (b) it was never used,
    and (c) the rotation happened less than ``refresh_grace_seconds`` ago.
    """
    if presented.rotated_at is None:
        return None
    if db.utcnow() - _aware(presented.rotated_at) >= dt.timedelta(seconds=settings.refresh_grace_seconds):
        return None
    newest = session.scalars(
        select(db.RefreshToken)
        .where(db.RefreshToken.family_id == presented.family_id)
        .order_by(db.RefreshToken.created_at.desc())
        .limit(1)
    ).first()
    if newest is None or newest.parent_hash != presented.token_hash:
        return None
    if newest.revoked or newest.rotated_at is not None:
        return None
    return newest


def _refresh(session: Session, settings: SandboxSettings, form: TokenForm) -> TokenResponse:
    if not form.refresh_token:
        raise OAuthFailure("invalid_request", "refresh_token is required")
    presented = session.get(db.RefreshToken, hash_token(form.refresh_token))
    if presented is None:
        raise _invalid_grant("unknown refresh token")
    family = session.get(db.TokenFamily, presented.family_id)
    if family is None or family.revoked:
        raise _invalid_grant("the refresh token has been revoked")
    if presented.revoked:  # revoked on reuse, or replaced after a lost response: not our client's
        raise _reuse_detected(session, family)
    if _aware(presented.expires_at) <= db.utcnow():
        raise _invalid_grant("the refresh token has expired")
    rotation = update(db.RefreshToken).where(
        db.RefreshToken.token_hash == presented.token_hash, db.RefreshToken.rotated_at.is_(None)
    )
    if _claim(session, rotation.values(rotated_at=db.utcnow())):
        return _issue(session, settings, family, parent_hash=presented.token_hash)
    session.refresh(presented)  # rotated before (perhaps just now, by a concurrent request)
    successor = _grace_successor(session, settings, presented)
    if successor is not None and _retire_unused(session, successor):
        # The response that carried the successor was lost: it goes, with the access token issued beside it.
        _revoke_access_issued_since(session, settings, successor)
        return _issue(session, settings, family, parent_hash=presented.token_hash)
    raise _reuse_detected(session, family)


def _reuse_detected(session: Session, family: db.TokenFamily) -> OAuthFailure:
    """RFC 9700 4.14.2: an invalidated refresh token came back, so every refresh token of the family goes.

    Access tokens already issued stay valid until they expire (at most ``access_token_ttl``), as RFC 9700
    accepts: the outside contract probe goes on using one after it has provoked a reuse.
    """
    session.execute(
        update(db.RefreshToken).where(db.RefreshToken.family_id == family.id).values(revoked=True)
    )
    session.commit()
    return _invalid_grant("the refresh token was already used; sign in again")


def _revoke_access_issued_since(
    session: Session, settings: SandboxSettings, refresh: db.RefreshToken
) -> None:
    """Revoke the access tokens of ``refresh``'s family issued together with it or later.

    ``_issue`` gives a pair one instant, so the access token issued with ``refresh`` expires exactly
    ``access_token_ttl`` after the refresh token's ``created_at``.
    """
    issued_with = _aware(refresh.created_at) + dt.timedelta(seconds=settings.access_token_ttl)
    session.execute(
        update(db.AccessToken)
        .where(db.AccessToken.family_id == refresh.family_id, db.AccessToken.expires_at >= issued_with)
        .values(revoked=True)
    )


def _retire_unused(session: Session, token: db.RefreshToken) -> bool:
    """Revoke ``token`` if it is still unused and unrevoked (atomically; False if someone came first)."""
    retire = update(db.RefreshToken).where(
        db.RefreshToken.token_hash == token.token_hash,
        db.RefreshToken.revoked.is_(False),
        db.RefreshToken.rotated_at.is_(None),
    )
    return _claim(session, retire.values(revoked=True))


_UNKNOWN_CLIENT = {"model": OAuthError, "description": "invalid_client: client_id is not caseworker-desktop"}
_TOKEN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "New tokens (Cache-Control: no-store)"},
    400: {"model": OAuthError, "description": "invalid_request, invalid_grant or unsupported_grant_type"},
    401: _UNKNOWN_CLIENT,
}
_REVOKE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Revoked, or the token was not known (RFC 7009 2.2)"},
    400: {"model": OAuthError, "description": "invalid_request: token or client_id missing"},
    401: _UNKNOWN_CLIENT,
}
_GRANTS = {"authorization_code": _redeem_code, "refresh_token": _refresh}


@router.post(
    "/oauth/token",
    response_model=TokenResponse,
    summary="Exchange a code (with its PKCE verifier) or a refresh token for new tokens",
    responses=_TOKEN_RESPONSES,
)
def token(form: Annotated[TokenForm, Form()], session: SessionDep, settings: SettingsDep) -> Response:
    try:
        if not form.grant_type:
            raise OAuthFailure("invalid_request", "grant_type is required")
        _check_client(form.client_id)
        grant = _GRANTS.get(form.grant_type)
        if grant is None:
            raise OAuthFailure("unsupported_grant_type", "use authorization_code or refresh_token")
        tokens = grant(session, settings, form)
    except OAuthFailure as exc:
        return exc.response()
    session.commit()
    return JSONResponse(tokens.model_dump(), headers=_NO_STORE)


@router.post(
    "/oauth/revoke",
    summary="Revoke a refresh token (and its whole family) or an access token (RFC 7009)",
    response_class=Response,
    responses=_REVOKE_RESPONSES,
)
def revoke(form: Annotated[RevokeForm, Form()], session: SessionDep) -> Response:
    try:
        if not form.token:
            raise OAuthFailure("invalid_request", "token is required")
        _check_client(form.client_id)
    except OAuthFailure as exc:
        return exc.response()
    token_hash = hash_token(form.token)  # token_type_hint is not needed: both kinds are looked up
    refresh = session.get(db.RefreshToken, token_hash)
    if refresh is not None:
        _revoke_family(session, refresh.family_id)
    else:
        session.execute(
            update(db.AccessToken).where(db.AccessToken.token_hash == token_hash).values(revoked=True)
        )
    session.commit()
    return Response(status_code=200, headers=_NO_STORE)
