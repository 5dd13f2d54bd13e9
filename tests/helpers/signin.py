"""Complete the sandbox's PKCE sign-in programmatically, as a browser would for a demo user."""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse
from dataclasses import dataclass

import httpx

CLIENT_ID = "caseworker-desktop"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


@dataclass
class AuthorizeResult:
    code: str
    state: str
    redirect_uri: str
    verifier: str


def authorize(base_url: str, username: str, password: str = "demo", port: int = 53117) -> AuthorizeResult:
    """Walk the sign-in page and form; return the code the platform redirected with."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(12)
    redirect = f"http://127.0.0.1:{port}/callback"
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": redirect,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
        "scope": "openid",
    }
    with httpx.Client(base_url=base_url, timeout=30) as c:
        disco = c.get("/.well-known/openid-configuration").json()
        page = c.get(disco["authorization_endpoint"], params=params)
        page.raise_for_status()
        r = c.post(
            disco["authorization_endpoint"] + "?" + urllib.parse.urlencode(params),
            data={**params, "username": username, "password": password},
            follow_redirects=False,
        )
    if r.status_code not in (302, 303):
        raise AssertionError(f"sign-in form answered {r.status_code}: {r.text[:200]}")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(r.headers["location"]).query)
    assert query["state"] == [state], "the platform must carry state back unchanged"
    return AuthorizeResult(query["code"][0], state, redirect, verifier)


def exchange(base_url: str, auth: AuthorizeResult, verifier: str | None = None) -> httpx.Response:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        return c.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": auth.code,
                "redirect_uri": auth.redirect_uri,
                "client_id": CLIENT_ID,
                "code_verifier": verifier or auth.verifier,
            },
        )


def sign_in(base_url: str, username: str, password: str = "demo") -> dict[str, str]:
    """The token response (access_token, refresh_token, ...) for a demo user."""
    r = exchange(base_url, authorize(base_url, username, password))
    r.raise_for_status()
    tokens: dict[str, str] = r.json()
    return tokens


def refresh(base_url: str, refresh_token: str) -> httpx.Response:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        return c.post(
            "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": CLIENT_ID,
            },
        )


def bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
