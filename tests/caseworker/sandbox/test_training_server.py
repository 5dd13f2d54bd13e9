"""The sandbox as a shared training server (QUALITY.md, Security): admin knobs behind a secret that no
browser simple request can carry, the Host header checked, the issuer from configuration, sign-in
throttled per account and per address, passwords hashed at OWASP cost, no caching of personal data and
strong ETag comparison for If-Match. All over real HTTP."""

from __future__ import annotations

import urllib.parse
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, update

from caseworker.sandbox import db
from caseworker.sandbox.admin import ADMIN_HEADER
from caseworker.sandbox.cli import parse_args, settings_from
from caseworker.sandbox.config import FORWARDED_ALLOW_IPS_ENV
from caseworker.sandbox.passwords import ARGON2_MEMORY_KIB, ARGON2_TIME_COST, legacy_pbkdf2_hash
from caseworker.sandbox.server import proxy_options
from tests.helpers import signin
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.postgres

MakeSandbox = Callable[..., Sandbox]
FEED = "/api/v1/sync/changes"


def feed_end(client: httpx.Client) -> str:
    params: dict[str, Any] = {"limit": 1000}
    while True:
        body = client.get(FEED, params=params).json()
        params["cursor"] = body["next_cursor"]
        if not body["has_more"]:
            return str(body["next_cursor"])


# --- admin knobs ------------------------------------------------------------------------------------


def test_admin_knobs_need_the_secret(sandbox: Sandbox) -> None:
    faults = sandbox.url + "/sandbox/admin/faults"
    assert httpx.post(faults, json={"count": 0}, timeout=30).status_code == 403
    wrong = {ADMIN_HEADER: "not-the-secret"}
    assert httpx.post(faults, json={"count": 0}, headers=wrong, timeout=30).status_code == 403
    refused = httpx.post(sandbox.url + "/sandbox/admin/expire-cursors", timeout=30)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith(
        "application/problem+json"
    )
    assert sandbox.admin("faults", {"count": 0}).status_code == 204


def test_a_cross_origin_form_post_cannot_expire_cursors(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox()
    with sb.client("anna") as c:
        cursor = feed_end(c)
        case_id = c.get("/api/v1/cases", params={"queue": "mine", "limit": 1}).json()["items"][0]["id"]
        note = c.post(
            f"/api/v1/cases/{case_id}/notes",
            json={"text": "efter markören"},
            headers={"Idempotency-Key": "n1"},
        )
        assert note.status_code == 201  # a change after the cursor, so expiring would make it too old
        # What a web page a trainee opens can send without a preflight: a form post, no custom header.
        for body, content_type in [
            ("x=1", "application/x-www-form-urlencoded"),
            ("", "text/plain"),
            ("--b--\r\n", "multipart/form-data; boundary=b"),
        ]:
            r = httpx.post(
                sb.url + "/sandbox/admin/expire-cursors",
                content=body,
                headers={"Content-Type": content_type, "Origin": "http://evil.example"},
                timeout=30,
            )
            assert r.status_code == 403, r.status_code
        # Even the secret does not help a request that a browser sent from another origin.
        r = httpx.post(
            sb.url + "/sandbox/admin/expire-cursors",
            headers={**sb.admin_headers, "Origin": "http://evil.example"},
            timeout=30,
        )
        assert r.status_code == 403
        assert c.get(FEED, params={"cursor": cursor}).status_code == 200  # nobody was forced to resync
        assert sb.admin("expire-cursors").status_code == 200
        assert c.get(FEED, params={"cursor": cursor}).status_code == 410


def test_without_a_configured_secret_the_knobs_are_off(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(admin_token=None)
    for knob in ("faults", "expire-cursors"):
        r = httpx.post(
            f"{sb.url}/sandbox/admin/{knob}", json={"count": 0}, headers={ADMIN_HEADER: ""}, timeout=30
        )
        assert r.status_code == 404


# --- Host header and issuer --------------------------------------------------------------------------


def test_a_wrong_host_is_refused(sandbox: Sandbox) -> None:
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", ""):
        r = httpx.get(sandbox.url + "/.well-known/openid-configuration", headers={"Host": host}, timeout=30)
        assert r.status_code == 400, (host, r.status_code)
        r = httpx.get(sandbox.url + "/api/v1/me", headers={"Host": host}, timeout=30)
        assert r.status_code == 400


def test_the_issuer_comes_from_configuration_not_from_the_request(sandbox: Sandbox) -> None:
    port = sandbox.running.port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        r = httpx.get(sandbox.url + "/.well-known/openid-configuration", headers={"Host": host}, timeout=30)
        assert r.status_code == 200
        assert r.json()["issuer"] == sandbox.url
        assert r.json()["token_endpoint"] == sandbox.url + "/oauth/token"


def test_a_training_server_takes_its_own_host_names(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(allowed_hosts=("training.example",), issuer="https://training.example")
    r = httpx.get(
        sb.url + "/.well-known/openid-configuration", headers={"Host": "training.example"}, timeout=30
    )
    assert r.status_code == 200 and r.json()["issuer"] == "https://training.example"
    assert httpx.get(sb.url + "/sandbox/accounts", timeout=30).status_code == 400  # loopback not listed


# --- sign-in throttling and password hashing ----------------------------------------------------------


def attempt(sb: Sandbox, username: str, password: str, forwarded_for: str | None = None) -> httpx.Response:
    _, challenge = signin.pkce_pair()
    params = {
        "response_type": "code",
        "client_id": signin.CLIENT_ID,
        "redirect_uri": "http://127.0.0.1:53117/callback",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": uuid.uuid4().hex,
    }
    return httpx.post(
        sb.url + "/oauth/authorize?" + urllib.parse.urlencode(params),
        data={**params, "username": username, "password": password},
        headers={"X-Forwarded-For": forwarded_for} if forwarded_for else {},
        timeout=30,
    )


def test_sign_in_is_throttled_per_account_and_the_throttle_lifts(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(signin_lockout_seconds=2)
    limit = sb.running.settings.signin_failures_per_account
    for _ in range(limit):
        assert attempt(sb, "anna", "fel").status_code == 401
    throttled = attempt(sb, "anna", "demo")  # even the right password, while throttled
    assert throttled.status_code == 429
    retry_after = int(throttled.headers["Retry-After"])
    assert 1 <= retry_after <= 2
    assert "För många misslyckade inloggningsförsök" in throttled.text
    assert throttled.headers["content-type"].startswith("text/html")
    assert attempt(sb, "erik", "demo").status_code == 302  # another account is not affected
    # it lifts: wait for the server's own Retry-After, then the right password works
    wait_until(lambda: attempt(sb, "anna", "demo").status_code == 302, what="the throttle to lift")
    assert attempt(sb, "anna", "fel").status_code == 401  # and a success started the count anew


def test_sign_in_is_throttled_per_address(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(signin_lockout_seconds=60)
    per_address = sb.running.settings.signin_failures_per_address
    names = [f"nobody{i}" for i in range(per_address)]
    for name in names:
        assert attempt(sb, name, "fel").status_code == 401
    r = attempt(sb, "anna", "demo")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_a_forwarded_address_does_not_escape_the_throttle(make_sandbox: MakeSandbox) -> None:
    """X-Forwarded-For from loopback is not believed unless a proxy is configured: a script cannot rotate
    the address it is throttled as."""
    sb = make_sandbox(signin_lockout_seconds=60)
    per_address = sb.running.settings.signin_failures_per_address
    for i in range(per_address):
        assert attempt(sb, f"nobody{i}", "fel", forwarded_for=f"198.51.100.{i + 1}").status_code == 401
    r = attempt(sb, "anna", "demo", forwarded_for="203.0.113.9")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_a_configured_proxy_is_believed(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox(signin_lockout_seconds=60, forwarded_allow_ips=("127.0.0.1",))
    per_address = sb.running.settings.signin_failures_per_address
    for i in range(per_address):
        assert attempt(sb, f"nobody{i}", "fel", forwarded_for="198.51.100.1").status_code == 401
    assert attempt(sb, "anna", "demo", forwarded_for="198.51.100.1").status_code == 429
    assert attempt(sb, "anna", "demo", forwarded_for="198.51.100.2").status_code == 302


def test_the_cli_believes_no_proxy_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FORWARDED_ALLOW_IPS_ENV, raising=False)
    assert settings_from(parse_args([])).forwarded_allow_ips == ()
    told = settings_from(parse_args(["--forwarded-allow-ips", "10.0.0.5"]))
    assert told.forwarded_allow_ips == ("10.0.0.5",)
    assert proxy_options(told) == {"proxy_headers": True, "forwarded_allow_ips": ["10.0.0.5"]}
    assert proxy_options(settings_from(parse_args([]))) == {"proxy_headers": False}


def test_passwords_are_hashed_with_argon2id_at_owasp_cost(sandbox: Sandbox) -> None:
    engine = create_engine(sandbox.running.settings.db_url)
    try:
        with engine.connect() as conn:
            hashes = list(conn.execute(select(db.User.password_hash)).scalars())
    finally:
        engine.dispose()
    for hashed in hashes:
        scheme, _version, params, _salt, _digest = hashed.lstrip("$").split("$")
        costs = dict(p.split("=") for p in params.split(","))
        assert scheme == "argon2id"
        assert int(costs["m"]) >= ARGON2_MEMORY_KIB >= 19456 and int(costs["t"]) >= ARGON2_TIME_COST >= 2


def test_an_old_pbkdf2_hash_still_signs_in_and_is_upgraded(make_sandbox: MakeSandbox) -> None:
    sb = make_sandbox()
    engine = create_engine(sb.running.settings.db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(db.User)
                .where(db.User.username == "anna")
                .values(password_hash=legacy_pbkdf2_hash("demo"))
            )
        assert attempt(sb, "anna", "demo").status_code == 302
        with engine.connect() as conn:
            upgraded = conn.execute(
                select(db.User.password_hash).where(db.User.username == "anna")
            ).scalar_one()
    finally:
        engine.dispose()
    assert upgraded.startswith("$argon2id$")
    assert attempt(sb, "anna", "demo").status_code == 302


# --- caching and ETags -------------------------------------------------------------------------------


def test_personal_data_is_never_stored_by_caches(sandbox: Sandbox) -> None:
    with sandbox.client("anna") as c:
        case = c.get("/api/v1/cases", params={"queue": "mine", "limit": 1})
        case_id = case.json()["items"][0]["id"]
        responses = [
            case,
            c.get("/api/v1/me"),
            c.get(f"/api/v1/cases/{case_id}"),
            c.get(f"/api/v1/cases/{case_id}/events"),
            c.get(f"/api/v1/cases/{case_id}/documents"),
            c.get(FEED, params={"limit": 5}),
            c.get("/api/v1/cases/no-such-case"),
        ]
        documents = responses[4].json()
        if documents:
            responses.append(c.get(f"/api/v1/documents/{documents[0]['id']}/content"))
    for r in responses:
        assert r.headers.get("cache-control") == "no-store", (r.url, r.headers.get("cache-control"))


def test_if_match_compares_strongly(sandbox: Sandbox) -> None:
    with sandbox.client("anna") as c:
        case = next(
            x
            for x in c.get("/api/v1/cases", params={"queue": "mine", "limit": 100}).json()["items"]
            if x["status"] not in ("decided", "closed")
        )
        r = c.get(f"/api/v1/cases/{case['id']}")
        etag = r.headers["ETag"]
        weak = {"If-Match": "W/" + etag, "Idempotency-Key": str(uuid.uuid4())}
        stale = c.patch(f"/api/v1/cases/{case['id']}", json={}, headers=weak)
        assert stale.status_code == 412 and stale.json()["etag"] == etag
        # If-None-Match compares weakly (RFC 9110 13.1.2): a weak tag of the current version is a hit
        assert c.get(f"/api/v1/cases/{case['id']}", headers={"If-None-Match": "W/" + etag}).status_code == 304
        ok = c.patch(
            f"/api/v1/cases/{case['id']}",
            json={},
            headers={"If-Match": etag, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert ok.status_code == 200
