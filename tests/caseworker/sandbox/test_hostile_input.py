"""Hostile input to every write and query endpoint (QUALITY.md reliability 11), over real HTTP.

Never a 5xx; a refusal is a 4xx problem+json that names the field; and nothing stored breaks a later read
for anyone (the issue's findings: a media type that breaks the Content-Type header, NUL, lone surrogates,
integers beyond 64 bits, bodies of megabytes). The generated part puts one hostile value (hypothesis) into
one place of a valid request of each endpoint; schemathesis adds its own negative data from the contract.
"""

from __future__ import annotations

import base64
import json
import socket
import urllib.parse
import uuid
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks
from sqlalchemy import create_engine, update

from caseworker.sandbox import db
from tests.helpers.sandbox import (
    Sandbox,
    decision_fields,
    own_sandbox,
    send_decision,
    signed_in_client,
    writing,
)

pytestmark = pytest.mark.postgres

PROBLEM_JSON = "application/problem+json"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
MiB = 1024 * 1024


sb = own_sandbox("hostile")


cw = signed_in_client("anna")


lead = signed_in_client(role="team_lead")


def raw_json(value: Any) -> bytes:
    """JSON as a hostile client may send it: lone surrogates as \\u escapes, NaN as NaN."""
    return json.dumps(value).encode("ascii")


def send_json(client: httpx.Client, method: str, path: str, body: Any, **headers: str) -> httpx.Response:
    return client.request(
        method,
        path,
        content=body if isinstance(body, bytes) else raw_json(body),
        headers={"Content-Type": "application/json", **writing(**headers)},
    )


def refused(r: httpx.Response, *field: str) -> None:
    """A 4xx problem document; with ``field``, one whose errors name it."""
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith(PROBLEM_JSON), r.headers["content-type"]
    if field:
        locations = [tuple(str(p) for p in e["loc"]) for e in r.json().get("errors", [])]
        assert any(all(f in loc for f in field) for loc in locations), (field, r.json())


def open_case(client: httpx.Client) -> dict[str, Any]:
    items = client.get("/api/v1/cases", params={"queue": "mine", "limit": 200}).json()["items"]
    return next(c for c in items if c["status"] not in ("decided", "closed"))


def case_etag(client: httpx.Client, case_id: str) -> str:
    return client.get(f"/api/v1/cases/{case_id}").headers["ETag"]


def a_document(client: httpx.Client, case_id: str) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/cases/{case_id}/messages",
        json={"subject": "Bilaga", "body": "Se bilaga.", "attachments": [attachment("text/plain")]},
        headers=writing(),
    )
    assert r.status_code == 201, r.text
    documents = client.get(f"/api/v1/cases/{case_id}/documents").json()
    return next(d for d in documents if d["id"] == r.json()["data"]["attachments"][0])


def attachment(media_type: str, content: bytes = b"hej") -> dict[str, str]:
    return {
        "filename": "bilaga.txt",
        "media_type": media_type,
        "content_base64": base64.b64encode(content).decode(),
    }


def markup(**overrides: Any) -> dict[str, Any]:
    return {"page": 0, "kind": "cloud", "geometry": {"rect": [10, 10, 120, 80]}, "text": "ok", **overrides}


def new_markup(client: httpx.Client, document_id: str) -> httpx.Response:
    r = client.post(f"/api/v1/documents/{document_id}/annotations", json=markup(), headers=writing())
    assert r.status_code == 201, r.text
    return r


def every_read_succeeds(client: httpx.Client, case_ids: set[str]) -> None:
    """What a client reads after a sync: the whole feed, and each case's history, documents and bytes."""
    params: dict[str, Any] = {"limit": 1000}
    while True:
        r = client.get("/api/v1/sync/changes", params=params)
        assert r.status_code == 200, r.text[:300]
        params["cursor"] = r.json()["next_cursor"]
        if not r.json()["has_more"]:
            break
    for case_id in case_ids:
        assert client.get(f"/api/v1/cases/{case_id}").status_code == 200
        assert client.get(f"/api/v1/cases/{case_id}/events").status_code == 200
        documents = client.get(f"/api/v1/cases/{case_id}/documents")
        assert documents.status_code == 200
        for d in documents.json():
            content = client.get(f"/api/v1/documents/{d['id']}/content")
            assert content.status_code == 200, (d, content.status_code)
            assert client.get(f"/api/v1/documents/{d['id']}/annotations").status_code == 200


# --- the findings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "media_type",
    [
        "text/plain; charset=中文",
        "text/plain\r\nX-Injected: yes",
        "text/plain\n",
        "text/\x00plain",
        "text",
        "text/plain; charset",
        "/plain",
        "t" * 200 + "/plain",
        "\ud800/plain",
    ],
)
def test_a_media_type_that_would_break_the_content_type_header_is_refused(
    cw: httpx.Client, media_type: str
) -> None:
    case = open_case(cw)
    body = {"subject": "Bilaga", "body": "Se bilaga.", "attachments": [attachment(media_type)]}
    refused(send_json(cw, "POST", f"/api/v1/cases/{case['id']}/messages", body), "media_type")
    every_read_succeeds(cw, {case["id"]})


def test_a_usual_media_type_with_parameters_is_kept(cw: httpx.Client) -> None:
    case = open_case(cw)
    body = {"subject": "Bilaga", "body": "Text.", "attachments": [attachment('text/plain; charset="utf-8"')]}
    r = send_json(cw, "POST", f"/api/v1/cases/{case['id']}/messages", body)
    assert r.status_code == 201, r.text
    content = cw.get(f"/api/v1/documents/{r.json()['data']['attachments'][0]}/content")
    assert content.status_code == 200 and content.headers["content-type"] == 'text/plain; charset="utf-8"'


@pytest.mark.parametrize(
    "stored", ["text/plain; charset=中文", "text/plain\r\nX-Injected: yes", "", "x" * 100]
)
def test_a_document_stored_with_a_bad_media_type_is_served_as_octet_stream(
    sb: Sandbox, cw: httpx.Client, stored: str
) -> None:
    """Data stored before the check (or by another system) still reads, for everyone."""
    case = open_case(cw)
    document = a_document(cw, case["id"])
    engine = create_engine(sb.running.settings.db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(db.Document).where(db.Document.id == document["id"]).values(media_type=stored)
            )
    finally:
        engine.dispose()
    content = cw.get(f"/api/v1/documents/{document['id']}/content")
    assert content.status_code == 200 and content.content == b"hej"
    assert content.headers["content-type"] == "application/octet-stream"
    ranged = cw.get(f"/api/v1/documents/{document['id']}/content", headers={"Range": "bytes=0-0"})
    assert ranged.status_code == 206 and ranged.headers["content-type"] == "application/octet-stream"
    listed = [d for d in cw.get(f"/api/v1/cases/{case['id']}/documents").json() if d["id"] == document["id"]]
    assert listed[0]["media_type"] == "application/octet-stream"
    every_read_succeeds(cw, {case["id"]})


@pytest.mark.parametrize(
    "params",
    [
        {"year_from": "9223372036854775808"},
        {"year_from": "-9223372036854775809"},
        {"year_to": "1e20"},
        {"year_to": "-1e20"},
        {"year_from": "99999999999999999999999999"},
        {"q": "a\x00b"},
        {"property": "\x00"},
        {"cursor": base64.urlsafe_b64encode(b"v1:2020:\x00").decode().rstrip("=")},
    ],
)
def test_archive_query_out_of_range_is_a_4xx(cw: httpx.Client, params: dict[str, str]) -> None:
    refused(cw.get("/api/v1/archive/records", params=params))


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x\x00"},
        {"limit": "9223372036854775808"},
        {"limit": "18446744073709551616"},
        {"cursor": base64.urlsafe_b64encode(b"BYGG\x00").decode().rstrip("=")},
        {"municipality": "\x00"},
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/archive/records", "/api/v1/sync/changes"])
def test_queries_out_of_range_are_a_4xx_or_capped(
    cw: httpx.Client, path: str, params: dict[str, str]
) -> None:
    r = cw.get(path, params=params)
    assert r.status_code < 500, r.text[:300]
    if r.status_code != 200:
        refused(r)


def test_geometry_with_a_4000_digit_integer_is_refused(cw: httpx.Client) -> None:
    case = open_case(cw)
    document = a_document(cw, case["id"])
    body = raw_json(markup()).replace(b"[10, 10, 120, 80]", b"[10, " + b"9" * 4000 + b", 120, 80]")
    r = send_json(cw, "POST", f"/api/v1/documents/{document['id']}/annotations", body)
    refused(r, "geometry")
    every_read_succeeds(cw, {case["id"]})


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"1e300"])
def test_geometry_numbers_must_be_finite_and_in_range(cw: httpx.Client, number: bytes) -> None:
    case = open_case(cw)
    document = a_document(cw, case["id"])
    body = raw_json(markup()).replace(b"120", number)
    refused(send_json(cw, "POST", f"/api/v1/documents/{document['id']}/annotations", body))


def test_geometry_is_bounded_in_points_and_nesting(cw: httpx.Client) -> None:
    case = open_case(cw)
    document = a_document(cw, case["id"])
    path = f"/api/v1/documents/{document['id']}/annotations"
    refused(send_json(cw, "POST", path, markup(geometry={f"k{i}": 1 for i in range(200)})), "geometry")
    refused(send_json(cw, "POST", path, markup(geometry={"points": [[1.0, 2.0]] * 20_000})), "geometry")
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    refused(send_json(cw, "POST", path, markup(geometry={"deep": deep})))
    refused(send_json(cw, "POST", path, markup(geometry={"\ud800": [1, 2]})))
    ok = send_json(cw, "POST", path, markup(geometry={"points": [[1.5, 2.5]] * 500}))
    assert ok.status_code == 201, ok.text


def test_lone_surrogates_are_refused_naming_the_field(cw: httpx.Client, lead: httpx.Client) -> None:
    case = open_case(cw)
    document = a_document(cw, case["id"])
    refused(
        send_json(cw, "POST", f"/api/v1/documents/{document['id']}/annotations", markup(text="a\ud800")),
        "text",
    )
    refused(send_json(cw, "POST", f"/api/v1/cases/{case['id']}/notes", {"text": "\udfff"}), "text")
    refused(
        send_json(
            cw,
            "POST",
            f"/api/v1/cases/{case['id']}/messages",
            {"subject": "\ud83d", "body": "x", "attachments": []},
        ),
        "subject",
    )
    team_case = lead.get("/api/v1/cases", params={"queue": "team", "limit": 1}).json()["items"][0]
    etag = case_etag(lead, team_case["id"])
    refused(
        send_json(
            lead, "PATCH", f"/api/v1/cases/{team_case['id']}", {"assignee_id": "\ud800"}, **{"If-Match": etag}
        ),
        "assignee_id",
    )
    body = {"items": [{"case_id": "\ud800", "to_user_id": "x", "if_match": etag}], "reason": "Test"}
    refused(send_json(lead, "POST", "/api/v1/reassignments", body), "case_id")
    every_read_succeeds(cw, {case["id"]})


def test_nul_is_refused_in_notes_and_decisions(cw: httpx.Client) -> None:
    case = open_case(cw)
    refused(send_json(cw, "POST", f"/api/v1/cases/{case['id']}/notes", {"text": "före\x00efter"}), "text")
    for field, value in (("legal_ground", "9 kap.\x00 31 § PBL"), ("fee_sek", 2**64)):
        fields = decision_fields(**{field: value})
        refused(send_decision(cw, case["id"], case_etag(cw, case["id"]), MINIMAL_PDF, fields), field)
    every_read_succeeds(cw, {case["id"]})


def test_nul_in_a_path_or_key_is_a_4xx(cw: httpx.Client) -> None:
    assert cw.get("/api/v1/cases/abc%00def").status_code in (400, 404, 422)
    case = open_case(cw)
    r = cw.post(
        f"/api/v1/cases/{case['id']}/notes", json={"text": "hej"}, headers={"Idempotency-Key": "nyckel\x7f"}
    )
    refused(r)


def test_bodies_are_bounded(cw: httpx.Client) -> None:
    """The issue's sizes: a 1 MB markup text, a 3.4 MiB geometry of 200 000 keys, an 8 MB attachment."""
    case = open_case(cw)
    document = a_document(cw, case["id"])
    path = f"/api/v1/documents/{document['id']}/annotations"
    refused(send_json(cw, "POST", path, markup(text="x" * 1_000_000)))
    refused(send_json(cw, "POST", path, markup(geometry={f"key{i:06d}": 1 for i in range(200_000)})))
    big = {
        "subject": "Stor",
        "body": "x",
        "attachments": [attachment("application/pdf", b"%PDF-" * (8 * MiB // 5))],
    }
    r = send_json(cw, "POST", f"/api/v1/cases/{case['id']}/messages", body=big)
    assert r.status_code == 413, r.status_code
    refused(r)
    big_pdf = send_decision(cw, case["id"], case_etag(cw, case["id"]), MINIMAL_PDF + b"0" * (12 * MiB), "{}")
    assert big_pdf.status_code == 413
    refused(send_json(cw, "POST", path, markup(text="x" * 4001)), "text")
    every_read_succeeds(cw, {case["id"]})


def raw_exchange(sb: Sandbox, head: str, body: bytes = b"") -> tuple[bytes, bool]:
    """Send a hand-made request on a raw connection; the response's start and whether the server closed
    the connection after it. A server that never answers fails the test on the socket's timeout."""
    port = int(sb.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=120) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        received = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return received, True
            received += chunk
            if b"\r\n\r\n" in received and b'"status"' in received and received.rstrip().endswith(b"}"):
                try:
                    closed = conn.recv(65536) == b""
                except TimeoutError:
                    closed = False
                return received, closed


def test_an_over_long_content_length_is_413_before_the_body_is_sent(sb: Sandbox) -> None:
    """Content-Length alone decides: the 413 comes while the client has sent no byte of the body."""
    port = int(sb.url.rsplit(":", 1)[1])
    head = (
        "POST /api/v1/cases/x/notes HTTP/1.1\n"
        f"Host: 127.0.0.1:{port}\n"
        "Content-Type: application/json\n"
        f"Content-Length: {1024**3}\n\n"
    )
    answer, _ = raw_exchange(sb, head)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_stalled_body_is_408_and_the_connection_closed(make_sandbox: Any) -> None:
    sb = make_sandbox(body_read_timeout=1.0)
    port = int(sb.url.rsplit(":", 1)[1])
    for path in ("/api/v1/cases/x/notes", "/oauth/token"):
        head = (
            f"POST {path} HTTP/1.1\n"
            f"Host: 127.0.0.1:{port}\n"
            "Content-Type: application/json\n"
            "Content-Length: 100\n\n"
        )
        answer, closed = raw_exchange(sb, head, b'{"text": "')  # and then nothing more
        assert answer.startswith(b"HTTP/1.1 408"), (path, answer[:200])
        assert closed


def test_the_contract_states_the_body_limits(sb: Sandbox) -> None:
    spec = httpx.get(sb.url + "/openapi.json", timeout=30).json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation and path.startswith("/api/v1/"):
                assert operation["x-maximum-body-bytes"] > 0, (method, path)
                assert "413" in operation["responses"], (method, path)
    annotation = spec["components"]["schemas"]["AnnotationInput"]["properties"]
    assert annotation["text"]["maxLength"] == 4000


# --- generated: one hostile value in one place of a valid request ------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "\ud800",
        "a\udfffb",
        "\x00",
        "nul\x00in the middle",
        "text/plain\r\nX-Injected: yes",
        "x" * 70_000,
        "中文" * 3,
        "\u202e\u0000",
        "",
        " ",
        'W/"case-x-v1"',
    ]
)
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**80),
    st.integers(min_value=-(2**80), max_value=-(2**63) + 2),
    st.just(int("9" * 4000)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-1, 0, 10**6, 10**12]),
)
HOSTILE: st.SearchStrategy[Any] = st.one_of(
    HOSTILE_TEXT,
    HOSTILE_NUMBER,
    st.none(),
    st.booleans(),
    st.lists(st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER), max_size=3),
    st.dictionaries(HOSTILE_TEXT, HOSTILE_NUMBER, max_size=3),
    st.text(st.characters(categories=["Cs", "Cc", "Co"]), max_size=20),
)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value a hostile value can go (the value itself included)."""
    places = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            places += leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            places += leaves(v, (*path, i))
    return places


def put_at(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = put_at(copy[path[0]], path[1:], new)
    return copy


def query_text(value: Any) -> str:
    """A hostile value as it would appear in a query string, percent-encoded byte for byte."""
    text = value if isinstance(value, str) else json.dumps(value)
    # 8 000 characters: longer URLs are refused by servers and by httpx itself (64 KiB) alike
    return urllib.parse.quote(text[:8000].encode("utf-8", "surrogatepass"), safe="")


class World:
    """Valid requests to every write and query endpoint, against things the test made."""

    def __init__(self, sb: Sandbox, cw: httpx.Client, lead: httpx.Client) -> None:
        self.cw, self.lead = cw, lead
        self.case = open_case(cw)
        self.document = a_document(cw, self.case["id"])
        self.markup_id = new_markup(cw, self.document["id"]).json()["id"]
        self.team_case = lead.get("/api/v1/cases", params={"queue": "team", "limit": 1}).json()["items"][0]

    def markup_etag(self) -> str:
        for a in self.cw.get(f"/api/v1/documents/{self.document['id']}/annotations").json():
            if a["id"] == self.markup_id:
                return str(a["etag"])
        self.markup_id = new_markup(self.cw, self.document["id"]).json()["id"]
        return self.markup_etag()

    def bodies(self) -> dict[str, tuple[httpx.Client, str, str, Any, dict[str, str]]]:
        case_path, doc_id = f"/api/v1/cases/{self.case['id']}", self.document["id"]
        return {
            "patch": (self.cw, "PATCH", case_path, {"status": "under_review"}, {}),
            "assign": (self.lead, "PATCH", f"/api/v1/cases/{self.team_case['id']}", {"assignee_id": "x"}, {}),
            "note": (self.cw, "POST", case_path + "/notes", {"text": "Anteckning"}, {}),
            "message": (
                self.cw,
                "POST",
                case_path + "/messages",
                {"subject": "Hej", "body": "Text", "attachments": [attachment("text/plain")]},
                {},
            ),
            "markup": (self.cw, "POST", f"/api/v1/documents/{doc_id}/annotations", markup(), {}),
            "markup-put": (self.cw, "PUT", f"/api/v1/annotations/{self.markup_id}", markup(), {}),
            "reassign": (
                self.lead,
                "POST",
                "/api/v1/reassignments",
                {
                    "items": [{"case_id": self.team_case["id"], "to_user_id": "x", "if_match": "y"}],
                    "reason": "R",
                },
                {},
            ),
        }


@pytest.fixture(scope="module")
def world(sb: Sandbox, cw: httpx.Client, lead: httpx.Client) -> World:
    return World(sb, cw, lead)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_generated_hostile_bodies_never_5xx(world: World, data: st.DataObject) -> None:
    bodies = world.bodies()
    name = data.draw(st.sampled_from(sorted(bodies)), label="endpoint")
    client, method, path, body, headers = bodies[name]
    place = data.draw(st.sampled_from(leaves(body)), label="place")
    hostile = data.draw(HOSTILE, label="value")
    if method == "PATCH":
        headers = {"If-Match": case_etag(client, path.rsplit("/", 1)[-1])}
    elif method == "PUT":
        headers = {"If-Match": world.markup_etag()}
    try:
        content = raw_json(put_at(body, place, hostile))
    except ValueError:  # an integer too long for Python's own JSON writer: send its digits by hand
        content = raw_json(put_at(body, place, "§")).replace(b'"\\u00a7"', str(hostile).encode())
    r = send_json(client, method, path, content, **headers)
    assert r.status_code < 500, (name, place, r.status_code, r.text[:300])
    if r.status_code >= 400:
        refused(r)


QUERIES = {
    "/api/v1/cases": ["queue", "municipality", "status", "type", "q", "limit", "cursor"],
    "/api/v1/archive/records": ["property", "drawing_type", "year_from", "year_to", "q", "limit", "cursor"],
    "/api/v1/sync/changes": ["cursor", "limit"],
}


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_generated_hostile_queries_never_5xx(world: World, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(QUERIES)), label="path")
    name = data.draw(st.sampled_from(QUERIES[path]), label="parameter")
    value = data.draw(HOSTILE, label="value")
    r = world.cw.get(f"{path}?{name}={query_text(value)}")
    assert r.status_code < 500, (path, name, r.status_code, r.text[:300])
    if r.status_code >= 400:
        refused(r)


def test_after_the_generated_input_every_read_succeeds(world: World) -> None:
    every_read_succeeds(world.cw, {world.case["id"]})
    every_read_succeeds(world.lead, {world.team_case["id"]})


# --- schemathesis' negative data from the contract ---------------------------------------------------


@pytest.fixture(scope="module")
def negative_schema(sb: Sandbox) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(sb.url + "/openapi.json")
    schema.config.generation.update(
        modes=[GenerationMode.NEGATIVE],
        with_security_parameters=False,
        allow_extra_parameters=False,
        max_examples=15,
        deterministic=True,
    )
    return schema


negative = schemathesis.pytest.from_fixture("negative_schema")


@pytest.fixture(scope="module")
def token(sb: Sandbox) -> str:
    return sb.sign_in("anna")["access_token"]


# Operations whose input can be made invalid at all: the writes, and the reads that take a query.
@negative.include(path_regex=r"^/api/v1/(cases|archive/records|sync/changes)$", method="GET").parametrize()
@pytest.mark.slow
def test_negative_queries_from_the_contract_never_5xx(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[checks.not_a_server_error])


@negative.include(path_regex=r"^/api/v1/", method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@pytest.mark.slow
def test_negative_data_from_the_contract_never_5xx(case: schemathesis.Case, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    if case.method.lower() in ("post", "put", "patch", "delete"):
        headers["Idempotency-Key"] = str(uuid.uuid4())
    case.call_and_validate(headers=headers, checks=[checks.not_a_server_error])
