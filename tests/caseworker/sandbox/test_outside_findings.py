"""Low findings of an outside attack on the sandbox, each closed over real HTTP: the admin knobs refuse
what a browser or a non-JSON body brings and offer only real failure statuses; the Host header is parsed
strictly; attachment names are made safe and their size limit is exact; every document is handed out as a
download that no browser sniffs or renders; Range follows RFC 9110; a fast computer clock's acted_at is
kept as the platform's now instead of refusing the write."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from caseworker.sandbox.inputs import MAX_ATTACHMENT_BYTES
from tests.helpers.sandbox import Sandbox, signed_in_client

pytestmark = pytest.mark.postgres

MakeSandbox = Callable[..., Sandbox]


anna = signed_in_client("anna", of="sandbox")


def writing() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def open_case(c: httpx.Client) -> dict[str, Any]:
    items = c.get("/api/v1/cases", params={"queue": "mine", "limit": 200}).json()["items"]
    return next(k for k in items if k["status"] in ("complete", "under_review", "referral"))


BINARY = "application/octet-stream"


def send_attachment(
    c: httpx.Client, filename: str, content: bytes, media_type: str = "text/plain"
) -> httpx.Response:
    attachment = {
        "filename": filename,
        "media_type": media_type,
        "content_base64": base64.b64encode(content).decode(),
    }
    body = {"subject": "Bilaga", "body": "Se bilaga.", "attachments": [attachment]}
    return c.post(f"/api/v1/cases/{open_case(c)['id']}/messages", json=body, headers=writing())


def stored_document(c: httpx.Client, message: httpx.Response) -> dict[str, Any]:
    assert message.status_code == 201, message.text
    [document_id] = message.json()["data"]["attachments"]
    return dict(c.get(f"/api/v1/documents/{document_id}").raise_for_status().json())


# --- admin knobs -------------------------------------------------------------------------------------


def test_admin_knobs_take_only_json_bodies_and_nothing_a_browser_sent(sandbox: Sandbox) -> None:
    url = sandbox.url + "/sandbox/admin/expire-cursors"
    for content, content_type in [
        ("x=1", "application/x-www-form-urlencoded"),
        ("expire", "text/plain"),
        ("--b--\r\n", "multipart/form-data; boundary=b"),
    ]:
        r = httpx.post(
            url, content=content, headers={**sandbox.admin_headers, "Content-Type": content_type}, timeout=30
        )
        assert r.status_code == 415, (content_type, r.status_code)
    for browser in (
        {"Sec-Fetch-Mode": "no-cors"},
        {"Sec-Fetch-Dest": "document"},
        {"Referer": "http://evil.example/page"},
    ):
        r = httpx.post(url, headers={**sandbox.admin_headers, **browser}, timeout=30)
        assert r.status_code == 403, browser
    assert sandbox.admin("expire-cursors").status_code == 200  # a script, no body
    r = httpx.post(url, json={}, headers=sandbox.admin_headers, timeout=30)
    assert r.status_code == 200  # a JSON body is fine


def test_the_fault_knob_offers_only_real_failures_and_retry_after_where_it_belongs(
    make_sandbox: MakeSandbox,
) -> None:
    sb = make_sandbox()
    for status in (430, 451, 499, 501, 505, 200):
        assert sb.admin("faults", {"count": 1, "status": status}).status_code == 422, status
    with sb.client("anna") as c:
        for status in (429, 500, 502, 503, 504):
            assert sb.admin("faults", {"count": 1, "status": status, "retry_after": 7}).status_code == 204
            r = c.get("/api/v1/me")
            assert r.status_code == status
            assert r.headers["content-type"].startswith("application/problem+json")
            if status in (429, 503):
                assert r.headers["retry-after"] == "7"
            else:
                assert "retry-after" not in r.headers
        assert c.get("/api/v1/me").status_code == 200


# --- Host ------------------------------------------------------------------------------------------------


def test_the_host_header_is_parsed_strictly(sandbox: Sandbox) -> None:
    port = sandbox.running.port
    for host in (
        f"127.0.0.1:{port}@evil.example",
        f"user@127.0.0.1:{port}",
        "127.0.0.1:",
        "127.0.0.1:0",
        "127.0.0.1:99999",
        f"127.0.0.1:{port}:{port}",
        "127.0.0.1/x",
        "127.0.0.1%2e",
        "localhost:80x",
    ):
        r = httpx.get(sandbox.url + "/api/v1/me", headers={"Host": host}, timeout=30)
        assert r.status_code == 400, (host, r.status_code)
    for host in (f"127.0.0.1:{port}", "127.0.0.1", f"localhost:{port}", f"LOCALHOST:{port}"):
        r = httpx.get(sandbox.url + "/.well-known/openid-configuration", headers={"Host": host}, timeout=30)
        assert r.status_code == 200, host


# --- attachments and downloads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../../etc/passwd", "passwd"),
        ("C:\\Users\\anna\\ritning.pdf", "ritning.pdf"),
        ("faktura\u202efdp.exe", "fakturafdp.exe"),  # a right-to-left override hid the real extension
        ("bil\u200baga.txt", "bilaga.txt"),
        ("..", "bilaga"),
        ("NUL.txt", "_NUL.txt"),
        ("svar<1>.txt", "svar_1_.txt"),
        ("x" * 250 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_hostile_attachment_names_are_stored_safe(anna: httpx.Client, sent: str, stored: str) -> None:
    document = stored_document(anna, send_attachment(anna, sent, "innehåll".encode()))
    assert document["filename"] == stored and document["title"] == stored


def test_the_attachment_size_limit_is_exact(anna: httpx.Client) -> None:
    at_limit = send_attachment(anna, "stor.bin", b"\0" * MAX_ATTACHMENT_BYTES, BINARY)
    assert at_limit.status_code == 201
    over = send_attachment(anna, "för-stor.bin", b"\0" * (MAX_ATTACHMENT_BYTES + 1), BINARY)
    assert over.status_code == 422 and over.json()["type"].endswith("invalid-attachment")


def test_documents_are_downloads_that_no_browser_sniffs(anna: httpx.Client) -> None:
    page = b"<html><script>alert(document.cookie)</script></html>"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    for name, content, media_type in (("sida.html", page, "text/html"), ("bild.svg", svg, "image/svg+xml")):
        document = stored_document(anna, send_attachment(anna, name, content, media_type))
        url = f"/api/v1/documents/{document['id']}/content"
        for headers in ({}, {"Range": "bytes=0-9"}):
            r = anna.get(url, headers=headers)
            assert r.status_code in (200, 206)
            assert r.headers["x-content-type-options"] == "nosniff"
            disposition = r.headers["content-disposition"]
            assert disposition.startswith("attachment;") and f'filename="{name}"' in disposition
        unchanged = anna.get(url, headers={"If-None-Match": f'"{document["sha256"]}"'})
        assert unchanged.status_code == 304 and unchanged.headers["x-content-type-options"] == "nosniff"
    named = stored_document(anna, send_attachment(anna, "räkning.txt", b"1"))
    r = anna.get(f"/api/v1/documents/{named['id']}/content")
    assert "filename*=UTF-8''r%C3%A4kning.txt" in r.headers["content-disposition"]


def test_range_follows_rfc_9110(anna: httpx.Client) -> None:
    content = bytes(range(100))
    document = stored_document(anna, send_attachment(anna, "siffror.bin", content, BINARY))
    url = f"/api/v1/documents/{document['id']}/content"
    for spec in ("bytes = 0-9", "bytes=0 -9", "bytes=0-9,20-29", "bytes=0-9 ,", "bytes=9-0", "lines=0-9",
                 "bytes=0-" + "9" * 40, "bytes=", "bytes=-"):  # fmt: skip
        r = anna.get(url, headers={"Range": spec})
        assert (r.status_code, r.content) == (200, content), spec
    r = anna.get(url, headers={"Range": "BYTES=10-19"})  # the unit is case-insensitive
    assert (r.status_code, r.content) == (206, content[10:20])
    for spec in ("bytes=100-", "bytes=-0"):
        r = anna.get(url, headers={"Range": spec})
        assert r.status_code == 416 and r.headers["content-range"] == "bytes */100", spec


# --- acted_at from a computer whose clock runs fast ----------------------------------------------------


def test_a_fast_clocks_acted_at_is_kept_as_the_platforms_now(anna: httpx.Client) -> None:
    case = open_case(anna)
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)
    before = dt.datetime.now(dt.UTC)
    r = anna.post(
        f"/api/v1/cases/{case['id']}/notes",
        json={"text": "datorns klocka går före", "acted_at": ahead.isoformat()},
        headers=writing(),
    )
    assert r.status_code == 201, r.text
    kept = dt.datetime.fromisoformat(r.json()["acted_at"])
    assert before <= kept <= dt.datetime.fromisoformat(r.json()["at"]) < ahead
    too_far = anna.post(
        f"/api/v1/cases/{case['id']}/notes",
        json={"text": "x", "acted_at": (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()},
        headers=writing(),
    )
    assert too_far.status_code == 422 and too_far.json()["errors"][0]["loc"][-1] == "acted_at"
