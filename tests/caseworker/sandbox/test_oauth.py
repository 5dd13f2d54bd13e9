"""Sign-in against a live sandbox over HTTP: discovery, sign-in page, PKCE, codes, rotation, revocation."""

from __future__ import annotations

import datetime as dt
import html
import secrets
import time
import urllib.parse
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import create_engine, select

from caseworker.sandbox import db, oauth
from caseworker.sandbox.security import hash_token
from tests.helpers import signin
from tests.helpers.sandbox import Sandbox

pytestmark = pytest.mark.postgres

REDIRECT = "http://127.0.0.1:53117/callback"


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, timeout=30, follow_redirects=False) as client:
        yield client


@pytest.fixture
def username(sandbox: Sandbox) -> str:
    return str(sandbox.account(role="caseworker", exclude_role="team_lead")["username"])


def authorize_params(redirect_uri: str = REDIRECT, **overrides: str | None) -> dict[str, str]:
    _, challenge = signin.pkce_pair()
    params: dict[str, str | None] = {
        "response_type": "code",
        "client_id": signin.CLIENT_ID,
        "redirect_uri": redirect_uri,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": secrets.token_urlsafe(12),
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def post_sign_in(
    http: httpx.Client,
    params: dict[str, str],
    username: str,
    password: str = "demo",
) -> httpx.Response:
    return http.post("/oauth/authorize", data={**params, "username": username, "password": password})


def location_query(response: httpx.Response) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(response.headers["location"]).query)


def me(sandbox: Sandbox, tokens: dict[str, str]) -> httpx.Response:
    return httpx.get(sandbox.url + "/api/v1/me", headers=signin.bearer(tokens), timeout=30)


def refresh_ok(sandbox: Sandbox, refresh_token: str) -> dict[str, str]:
    r = signin.refresh(sandbox.url, refresh_token)
    assert r.status_code == 200, r.text
    tokens: dict[str, str] = r.json()
    return tokens


def assert_oauth_error(response: httpx.Response, error: str, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"] == error
    assert response.headers["cache-control"] == "no-store"


def revoke(sandbox: Sandbox, token: str, **extra: str) -> httpx.Response:
    data = {"token": token, "client_id": signin.CLIENT_ID, **extra}
    return httpx.post(sandbox.url + "/oauth/revoke", data=data, timeout=30)


# --- discovery and the sign-in page -----------------------------------------------------------------


def test_discovery_names_every_endpoint_under_the_request_base_url(
    http: httpx.Client, sandbox: Sandbox
) -> None:
    r = http.get("/.well-known/openid-configuration")
    assert r.status_code == 200
    disco = r.json()
    assert disco["issuer"] == sandbox.url
    assert disco["authorization_endpoint"] == sandbox.url + "/oauth/authorize"
    assert disco["token_endpoint"] == sandbox.url + "/oauth/token"
    assert disco["revocation_endpoint"] == sandbox.url + "/oauth/revoke"
    assert disco["userinfo_endpoint"] == sandbox.url + "/api/v1/me"
    assert disco["code_challenge_methods_supported"] == ["S256"]


def test_sign_in_page_is_html_listing_every_demo_account(http: httpx.Client, sandbox: Sandbox) -> None:
    params = authorize_params()
    r = http.get("/oauth/authorize", params=params)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-frame-options"] == "DENY"
    page = r.text
    assert "Logga in – Sandlådeplattform" in page
    assert 'name="username"' in page and 'type="password"' in page
    assert "demo" in page
    for account in sandbox.accounts:
        assert f'data-username="{html.escape(account["username"])}"' in page
        assert html.escape(account["display_name"]) in page
    # the authorize parameters travel along with the form
    assert f'name="state" value="{html.escape(params["state"])}"' in page
    assert f'name="code_challenge" value="{params["code_challenge"]}"' in page


def test_sign_in_page_escapes_what_it_echoes(http: httpx.Client) -> None:
    state = '"><script>alert(1)</script>'
    r = http.get("/oauth/authorize", params=authorize_params(state=state))
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text
    assert html.escape(state) in r.text


def test_wrong_password_shows_the_page_again_with_401_and_no_code(http: httpx.Client, username: str) -> None:
    r = post_sign_in(http, authorize_params(), username, password="not-demo")
    assert r.status_code == 401
    assert "location" not in r.headers
    assert r.headers["content-type"].startswith("text/html")
    assert "Fel användarnamn eller lösenord" in r.text
    assert "code=" not in r.text


def test_unknown_user_is_refused_like_a_wrong_password(http: httpx.Client) -> None:
    r = post_sign_in(http, authorize_params(), "nobody-" + secrets.token_hex(4))
    assert r.status_code == 401
    assert "location" not in r.headers


def test_state_comes_back_unchanged_with_the_code(http: httpx.Client, username: str) -> None:
    state = "a b&c=d/é?" + secrets.token_urlsafe(8)
    r = post_sign_in(http, authorize_params(state=state), username)
    assert r.status_code == 302
    assert r.headers["location"].startswith(REDIRECT + "?")
    query = location_query(r)
    assert query["state"] == [state]
    assert len(query["code"][0]) >= 32


def test_parameters_in_the_query_string_count_but_the_form_wins(http: httpx.Client, username: str) -> None:
    params = authorize_params()
    r = http.post(
        "/oauth/authorize?" + urllib.parse.urlencode(params),
        data={"username": username, "password": "demo", "state": "from-the-form"},
    )
    assert r.status_code == 302
    assert location_query(r)["state"] == ["from-the-form"]


# --- redirect_uri and client validation -------------------------------------------------------------

BAD_REDIRECTS = [
    "http://example.com:53117/callback",
    "http://127.0.0.1.example.com:53117/callback",
    "http://evil.example@127.0.0.1:53117/callback",
    "https://127.0.0.1:53117/callback",
    "http://127.0.0.1:53117/other",
    "http://127.0.0.1:53117/callback/extra",
    "http://127.0.0.1:53117/callback?next=https://evil.example",
    "http://127.0.0.1:53117/callback#fragment",
    "http://127.0.0.1/callback",
    "http://127.0.0.1:0/callback",
    "http://127.0.0.1:70000/callback",
    "http://10.0.0.1:53117/callback",
    "",
]


@pytest.mark.parametrize("redirect_uri", BAD_REDIRECTS)
def test_an_invalid_redirect_uri_gets_an_html_page_and_never_a_redirect(
    http: httpx.Client, username: str, redirect_uri: str
) -> None:
    params = authorize_params(redirect_uri=redirect_uri)
    # even with an otherwise broken request, the untrusted redirect_uri must not be used for the error
    for response in (
        http.get("/oauth/authorize", params=params),
        http.get("/oauth/authorize", params={**params, "code_challenge_method": "plain"}),
        post_sign_in(http, params, username),
    ):
        assert response.status_code == 400
        assert "location" not in response.headers
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("client_id", ["other-client", "", None])
def test_an_unknown_client_gets_an_html_page_and_never_a_redirect(
    http: httpx.Client, username: str, client_id: str | None
) -> None:
    params = authorize_params(client_id=client_id)
    for response in (http.get("/oauth/authorize", params=params), post_sign_in(http, params, username)):
        assert response.status_code == 400
        assert "location" not in response.headers


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://127.0.0.1:1024/callback",
        "http://127.0.0.1:65535/callback",
        "http://[::1]:40000/callback",
        "http://localhost:8123/callback",
    ],
)
def test_any_loopback_host_and_port_works(
    http: httpx.Client, sandbox: Sandbox, username: str, redirect_uri: str
) -> None:
    verifier, challenge = signin.pkce_pair()
    params = authorize_params(redirect_uri=redirect_uri, code_challenge=challenge)
    assert http.get("/oauth/authorize", params=params).status_code == 200
    r = post_sign_in(http, params, username)
    assert r.status_code == 302
    assert r.headers["location"].startswith(redirect_uri + "?")
    auth = signin.AuthorizeResult(location_query(r)["code"][0], params["state"], redirect_uri, verifier)
    assert signin.exchange(sandbox.url, auth).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": None}, "invalid_request"),
        ({"code_challenge": None}, "invalid_request"),
        ({"code_challenge": "too-short"}, "invalid_request"),
        ({"code_challenge": "x" * 42 + "!"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"response_type": None}, "invalid_request"),
    ],
)
def test_a_bad_request_from_a_valid_client_is_redirected_with_error_and_state(
    http: httpx.Client, username: str, overrides: dict[str, str | None], error: str
) -> None:
    params = authorize_params(**overrides)
    for response in (http.get("/oauth/authorize", params=params), post_sign_in(http, params, username)):
        assert response.status_code == 302
        assert response.headers["location"].startswith(REDIRECT + "?")
        query = location_query(response)
        assert query["error"] == [error]
        assert query["state"] == [params["state"]]
        assert "code" not in query


def test_a_missing_state_is_an_invalid_request(http: httpx.Client) -> None:
    r = http.get("/oauth/authorize", params=authorize_params(state=None))
    assert r.status_code == 302
    assert location_query(r)["error"] == ["invalid_request"]


# --- the code and PKCE ------------------------------------------------------------------------------


def test_a_code_exchange_returns_tokens_that_are_not_cached(sandbox: Sandbox, username: str) -> None:
    r = signin.exchange(sandbox.url, signin.authorize(sandbox.url, username))
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    tokens = r.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == sandbox.running.settings.access_token_ttl
    assert tokens["access_token"] != tokens["refresh_token"]
    assert me(sandbox, tokens).json()["username"] == username


@pytest.mark.parametrize(
    "verifier",
    [
        "wrong-" + secrets.token_urlsafe(40),
        "",
        "short",
        "ä" * 50,
    ],
)
def test_pkce_refuses_a_wrong_or_missing_verifier(sandbox: Sandbox, username: str, verifier: str) -> None:
    auth = signin.authorize(sandbox.url, username)
    data = {
        "grant_type": "authorization_code",
        "code": auth.code,
        "redirect_uri": auth.redirect_uri,
        "client_id": signin.CLIENT_ID,
    }
    if verifier:
        data["code_verifier"] = verifier
    r = httpx.post(sandbox.url + "/oauth/token", data=data, timeout=30)
    assert_oauth_error(r, "invalid_grant")
    # a failed attempt spends the code: the right verifier cannot be tried afterwards
    assert_oauth_error(signin.exchange(sandbox.url, auth), "invalid_grant")


def test_the_verifier_of_another_sign_in_does_not_fit(sandbox: Sandbox, username: str) -> None:
    first, second = signin.authorize(sandbox.url, username), signin.authorize(sandbox.url, username)
    assert_oauth_error(signin.exchange(sandbox.url, first, verifier=second.verifier), "invalid_grant")


def test_a_code_works_once_and_its_reuse_revokes_what_it_gave(sandbox: Sandbox, username: str) -> None:
    auth = signin.authorize(sandbox.url, username)
    first = signin.exchange(sandbox.url, auth)
    assert first.status_code == 200
    tokens = first.json()
    assert me(sandbox, tokens).status_code == 200
    assert_oauth_error(signin.exchange(sandbox.url, auth), "invalid_grant")
    refused = me(sandbox, tokens)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert_oauth_error(signin.refresh(sandbox.url, tokens["refresh_token"]), "invalid_grant")


def test_a_code_is_bound_to_its_redirect_uri(sandbox: Sandbox, username: str) -> None:
    auth = signin.authorize(sandbox.url, username, port=50001)
    other = signin.AuthorizeResult(auth.code, auth.state, "http://127.0.0.1:50002/callback", auth.verifier)
    assert_oauth_error(signin.exchange(sandbox.url, other), "invalid_grant")


def test_an_unknown_code_is_an_invalid_grant(sandbox: Sandbox, username: str) -> None:
    auth = signin.authorize(sandbox.url, username)
    forged = signin.AuthorizeResult(secrets.token_urlsafe(32), auth.state, auth.redirect_uri, auth.verifier)
    assert_oauth_error(signin.exchange(sandbox.url, forged), "invalid_grant")


def test_an_expired_code_is_refused(sandbox: Sandbox, username: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the sandbox runs in this process, so the code lifetime can be shortened to "already over"
    monkeypatch.setattr(oauth, "AUTH_CODE_LIFETIME", dt.timedelta(seconds=-1))
    auth = signin.authorize(sandbox.url, username)
    assert_oauth_error(signin.exchange(sandbox.url, auth), "invalid_grant")


def test_codes_and_tokens_are_stored_only_as_hashes(make_sandbox: Callable[..., Sandbox]) -> None:
    sb = make_sandbox()
    username = sb.account(role="caseworker")["username"]
    auth = signin.authorize(sb.url, username)
    tokens = signin.exchange(sb.url, auth).json()
    rotated = refresh_ok(sb, tokens["refresh_token"])
    engine = create_engine(sb.running.settings.db_url)
    try:
        with engine.connect() as conn:
            codes = set(conn.scalars(select(db.AuthCode.code_hash)))
            refresh = set(conn.scalars(select(db.RefreshToken.token_hash)))
            access = set(conn.scalars(select(db.AccessToken.token_hash)))
    finally:
        engine.dispose()
    assert hash_token(auth.code) in codes and auth.code not in codes
    for t in (tokens, rotated):
        assert hash_token(t["refresh_token"]) in refresh and t["refresh_token"] not in refresh
        assert hash_token(t["access_token"]) in access and t["access_token"] not in access


# --- the token endpoint's errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error", "status"),
    [
        ({"grant_type": "password", "client_id": signin.CLIENT_ID}, "unsupported_grant_type", 400),
        ({"client_id": signin.CLIENT_ID}, "invalid_request", 400),
        ({"grant_type": "refresh_token"}, "invalid_request", 400),
        ({"grant_type": "refresh_token", "client_id": signin.CLIENT_ID}, "invalid_request", 400),
        ({"grant_type": "authorization_code", "client_id": signin.CLIENT_ID}, "invalid_request", 400),
        ({"grant_type": "refresh_token", "client_id": "other", "refresh_token": "x"}, "invalid_client", 401),
        (
            {"grant_type": "refresh_token", "client_id": signin.CLIENT_ID, "refresh_token": "x"},
            "invalid_grant",
            400,
        ),
    ],
)
def test_token_endpoint_errors_use_the_oauth_shape(
    sandbox: Sandbox, data: dict[str, str], error: str, status: int
) -> None:
    r = httpx.post(sandbox.url + "/oauth/token", data=data, timeout=30)
    assert_oauth_error(r, error, status)


# --- refresh: rotation, reuse and grace -------------------------------------------------------------


def test_refresh_rotates_the_refresh_token(sandbox: Sandbox, username: str) -> None:
    t1 = sandbox.sign_in(username)
    t2 = refresh_ok(sandbox, t1["refresh_token"])
    assert t2["refresh_token"] != t1["refresh_token"]
    assert t2["access_token"] != t1["access_token"]
    assert me(sandbox, t2).status_code == 200
    t3 = refresh_ok(sandbox, t2["refresh_token"])
    assert me(sandbox, t3).status_code == 200


def test_reuse_of_a_rotated_token_revokes_the_family(make_sandbox: Callable[..., Sandbox]) -> None:
    sb = make_sandbox(refresh_grace_seconds=0)  # no grace: any second use is a reuse
    t1 = sb.sign_in(sb.account(role="caseworker")["username"])
    t2 = refresh_ok(sb, t1["refresh_token"])
    assert_oauth_error(signin.refresh(sb.url, t1["refresh_token"]), "invalid_grant")
    # every refresh token of the family is gone, the legitimate newer one too
    assert_oauth_error(signin.refresh(sb.url, t2["refresh_token"]), "invalid_grant")
    assert_oauth_error(signin.refresh(sb.url, t1["refresh_token"]), "invalid_grant")
    # access tokens already issued live out their few minutes (the outside contract probe relies on it)
    assert me(sb, t1).status_code == 200
    assert me(sb, t2).status_code == 200


def test_grace_forgives_a_dropped_refresh_response(sandbox: Sandbox, username: str) -> None:
    t1 = sandbox.sign_in(username)
    dropped = refresh_ok(sandbox, t1["refresh_token"])  # the client never saw this answer
    retry = refresh_ok(sandbox, t1["refresh_token"])
    assert retry["refresh_token"] not in (t1["refresh_token"], dropped["refresh_token"])
    assert me(sandbox, retry).status_code == 200
    assert me(sandbox, dropped).status_code == 401  # whoever holds the lost answer cannot use it
    after = refresh_ok(sandbox, retry["refresh_token"])  # the session goes on as usual
    assert me(sandbox, after).status_code == 200
    # presenting the lost refresh token means someone else has it: refused, and the session revoked
    assert_oauth_error(signin.refresh(sandbox.url, dropped["refresh_token"]), "invalid_grant")
    assert_oauth_error(signin.refresh(sandbox.url, after["refresh_token"]), "invalid_grant")


def test_grace_forgives_repeated_retries_of_the_same_token(sandbox: Sandbox, username: str) -> None:
    t1 = sandbox.sign_in(username)
    for _ in range(3):
        latest = refresh_ok(sandbox, t1["refresh_token"])
    assert me(sandbox, latest).status_code == 200
    assert me(sandbox, refresh_ok(sandbox, latest["refresh_token"])).status_code == 200


def test_grace_ends_once_the_new_token_was_used(sandbox: Sandbox, username: str) -> None:
    t1 = sandbox.sign_in(username)
    t2 = refresh_ok(sandbox, t1["refresh_token"])
    t3 = refresh_ok(sandbox, t2["refresh_token"])
    assert_oauth_error(signin.refresh(sandbox.url, t1["refresh_token"]), "invalid_grant")
    assert_oauth_error(signin.refresh(sandbox.url, t3["refresh_token"]), "invalid_grant")


def test_grace_covers_only_the_immediately_previous_token(sandbox: Sandbox, username: str) -> None:
    t1 = sandbox.sign_in(username)
    t2 = refresh_ok(sandbox, t1["refresh_token"])
    refresh_ok(sandbox, t2["refresh_token"])  # t3: its answer is dropped
    t3_again = refresh_ok(sandbox, t2["refresh_token"])  # t2 is the immediately previous token
    assert_oauth_error(signin.refresh(sandbox.url, t1["refresh_token"]), "invalid_grant")  # t1 is older
    assert_oauth_error(signin.refresh(sandbox.url, t3_again["refresh_token"]), "invalid_grant")


def test_no_grace_after_the_grace_period(make_sandbox: Callable[..., Sandbox]) -> None:
    sb = make_sandbox(refresh_grace_seconds=1)
    t1 = sb.sign_in(sb.account(role="caseworker")["username"])
    t2 = refresh_ok(sb, t1["refresh_token"])
    time.sleep(1.5)
    assert_oauth_error(signin.refresh(sb.url, t1["refresh_token"]), "invalid_grant")
    assert_oauth_error(signin.refresh(sb.url, t2["refresh_token"]), "invalid_grant")


# --- revocation and expiry --------------------------------------------------------------------------


def test_revoking_a_refresh_token_ends_the_session(sandbox: Sandbox, username: str) -> None:
    tokens = sandbox.sign_in(username)
    r = revoke(sandbox, tokens["refresh_token"], token_type_hint="refresh_token")
    assert r.status_code == 200
    assert_oauth_error(signin.refresh(sandbox.url, tokens["refresh_token"]), "invalid_grant")
    assert me(sandbox, tokens).status_code == 401


def test_revoking_an_access_token_refuses_it_with_www_authenticate(sandbox: Sandbox, username: str) -> None:
    tokens = sandbox.sign_in(username)
    assert me(sandbox, tokens).status_code == 200
    assert revoke(sandbox, tokens["access_token"]).status_code == 200
    r = me(sandbox, tokens)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    # only that access token: the refresh token still gives a working new one
    assert me(sandbox, refresh_ok(sandbox, tokens["refresh_token"])).status_code == 200


def test_revoking_an_unknown_token_still_answers_200(sandbox: Sandbox) -> None:
    assert revoke(sandbox, secrets.token_urlsafe(32)).status_code == 200


@pytest.mark.parametrize(
    ("data", "error", "status"),
    [
        ({"client_id": signin.CLIENT_ID}, "invalid_request", 400),
        ({"token": "x"}, "invalid_request", 400),
        ({"token": "x", "client_id": "other"}, "invalid_client", 401),
    ],
)
def test_revocation_errors_use_the_oauth_shape(
    sandbox: Sandbox, data: dict[str, str], error: str, status: int
) -> None:
    assert_oauth_error(httpx.post(sandbox.url + "/oauth/revoke", data=data, timeout=30), error, status)


def test_tokens_expire(make_sandbox: Callable[..., Sandbox]) -> None:
    sb = make_sandbox(access_token_ttl=1, refresh_token_ttl=1)
    tokens = sb.sign_in(sb.account(role="caseworker")["username"])
    assert tokens["expires_in"] == 1
    time.sleep(2.1)
    r = me(sb, tokens)
    assert r.status_code == 401
    assert 'error="invalid_token"' in r.headers["www-authenticate"]
    assert_oauth_error(signin.refresh(sb.url, tokens["refresh_token"]), "invalid_grant")
