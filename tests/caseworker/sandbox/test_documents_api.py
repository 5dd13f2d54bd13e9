"""Documents and markups over real HTTP: lists, bytes with ETag / Range / If-None-Match, tenants, and the
annotation lifecycle with If-Match and its tombstone in the delta feed."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest

from tests.helpers.sandbox import Sandbox

PROBLEM_JSON = "application/problem+json"


def writing(**headers: str) -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4()), **headers}


def all_cases(client: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"queue": "all", "limit": 200}
    while True:
        r = client.get("/api/v1/cases", params=params)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        if not r.json().get("next_cursor"):
            return items
        params["cursor"] = r.json()["next_cursor"]


def documents_of_some_case(client: httpx.Client, kind: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    for case in all_cases(client):
        r = client.get(f"/api/v1/cases/{case['id']}/documents")
        assert r.status_code == 200, r.text
        docs = r.json()
        if docs and (kind is None or any(d["kind"] == kind for d in docs)):
            return case["id"], docs
    raise LookupError("no case with documents")


def feed_end(client: httpx.Client) -> str:
    """The delta cursor after everything the user can see now."""
    params: dict[str, Any] = {"limit": 1000}
    while True:
        body = client.get("/api/v1/sync/changes", params=params).json()
        params["cursor"] = body["next_cursor"]
        if not body["has_more"]:
            return str(body["next_cursor"])


def pull_since(client: httpx.Client, cursor: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 1000, "cursor": cursor}
    while True:
        r = client.get("/api/v1/sync/changes", params=params)
        assert r.status_code == 200, r.text
        changes += r.json()["changes"]
        params["cursor"] = r.json()["next_cursor"]
        if not r.json()["has_more"]:
            return changes


def outsider_of(sandbox: Sandbox, account: dict[str, Any]) -> dict[str, Any]:
    """An account that serves a municipality ``account`` does not."""
    served = set(account["municipalities"])
    return next(a for a in sandbox.accounts if set(a["municipalities"]) - served)


@pytest.fixture(scope="module")
def me(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.account(role="caseworker", exclude_role="team_lead")


@pytest.fixture(scope="module")
def case_docs(client: httpx.Client) -> tuple[str, list[dict[str, Any]]]:
    return documents_of_some_case(client, kind="drawing")


@pytest.fixture(scope="module")
def drawing(case_docs: tuple[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return next(d for d in case_docs[1] if d["kind"] == "drawing")


@pytest.fixture(scope="module")
def whole(client: httpx.Client, drawing: dict[str, Any]) -> bytes:
    r = client.get(f"/api/v1/documents/{drawing['id']}/content")
    assert r.status_code == 200
    return r.content


@pytest.fixture(scope="module")
def foreign_document(sandbox: Sandbox, me: dict[str, Any]) -> dict[str, Any]:
    """A document in a municipality the signed-in caseworker does not serve."""
    with sandbox.client(outsider_of(sandbox, me)["username"]) as other:
        for case in all_cases(other):
            if case["municipality_id"] not in me["municipalities"]:
                docs = other.get(f"/api/v1/cases/{case['id']}/documents").json()
                if docs:
                    return {**docs[0], "municipality_id": case["municipality_id"]}
    raise LookupError("no foreign document")


# --- documents -------------------------------------------------------------------------------------


def test_case_documents_belong_to_the_case_and_match_one_by_one(
    client: httpx.Client, case_docs: tuple[str, list[dict[str, Any]]]
) -> None:
    case_id, docs = case_docs
    assert docs and all(d["case_id"] == case_id for d in docs)
    assert len({d["id"] for d in docs}) == len(docs)
    for d in docs:
        r = client.get(f"/api/v1/documents/{d['id']}")
        assert r.status_code == 200
        assert r.json() == d


def test_unknown_case_or_document_is_404(client: httpx.Client) -> None:
    for path in ("/api/v1/cases/nope/documents", "/api/v1/documents/nope", "/api/v1/documents/nope/content"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.headers["content-type"].startswith(PROBLEM_JSON)


def test_content_is_the_documents_bytes_with_sha256_etag(
    client: httpx.Client, drawing: dict[str, Any], whole: bytes
) -> None:
    r = client.get(f"/api/v1/documents/{drawing['id']}/content")
    assert r.status_code == 200
    assert hashlib.sha256(r.content).hexdigest() == drawing["sha256"]
    assert r.headers["etag"] == f'"{drawing["sha256"]}"'
    assert r.headers["content-type"].split(";")[0] == drawing["media_type"]
    assert int(r.headers["content-length"]) == len(r.content) == drawing["size"]
    assert r.headers["accept-ranges"] == "bytes"


def test_every_document_of_a_case_has_its_own_bytes(
    client: httpx.Client, case_docs: tuple[str, list[dict[str, Any]]]
) -> None:
    for d in case_docs[1]:
        r = client.get(f"/api/v1/documents/{d['id']}/content")
        assert hashlib.sha256(r.content).hexdigest() == d["sha256"], d["title"]


def test_ranges_concatenate_to_the_whole(client: httpx.Client, drawing: dict[str, Any], whole: bytes) -> None:
    size = len(whole)
    assert size > 100
    a, b = size // 3, 2 * size // 3
    parts = []
    for spec, first, last in ((f"0-{a - 1}", 0, a - 1), (f"{a}-{b - 1}", a, b - 1), (f"{b}-", b, size - 1)):
        r = client.get(f"/api/v1/documents/{drawing['id']}/content", headers={"Range": f"bytes={spec}"})
        assert r.status_code == 206, spec
        assert r.headers["content-range"] == f"bytes {first}-{last}/{size}"
        assert int(r.headers["content-length"]) == last - first + 1 == len(r.content)
        assert r.headers["etag"] == f'"{drawing["sha256"]}"'
        parts.append(r.content)
    assert b"".join(parts) == whole


def test_suffix_range_and_clamped_end(client: httpx.Client, drawing: dict[str, Any], whole: bytes) -> None:
    url, size = f"/api/v1/documents/{drawing['id']}/content", len(whole)
    r = client.get(url, headers={"Range": "bytes=-10"})
    assert r.status_code == 206
    assert r.content == whole[-10:]
    assert r.headers["content-range"] == f"bytes {size - 10}-{size - 1}/{size}"
    r = client.get(url, headers={"Range": f"bytes=-{size + 50}"})  # longer than the document: all of it
    assert (r.status_code, r.content) == (206, whole)
    r = client.get(url, headers={"Range": f"bytes={size - 5}-{size + 1000}"})
    assert (r.status_code, r.content) == (206, whole[-5:])
    assert r.headers["content-range"] == f"bytes {size - 5}-{size - 1}/{size}"


def test_unsatisfiable_range_is_416_with_the_size(
    client: httpx.Client, drawing: dict[str, Any], whole: bytes
) -> None:
    for spec in (f"bytes={len(whole)}-", f"bytes={len(whole) + 10}-{len(whole) + 20}", "bytes=-0"):
        r = client.get(f"/api/v1/documents/{drawing['id']}/content", headers={"Range": spec})
        assert r.status_code == 416, spec
        assert r.headers["content-range"] == f"bytes */{len(whole)}"


def test_several_or_malformed_ranges_answer_the_whole(
    client: httpx.Client, drawing: dict[str, Any], whole: bytes
) -> None:
    for spec in ("bytes=0-9,20-29", "bytes=9-0", "lines=0-9", "bytes=abc"):
        r = client.get(f"/api/v1/documents/{drawing['id']}/content", headers={"Range": spec})
        assert (r.status_code, r.content) == (200, whole), spec


def test_if_range_serves_the_range_only_for_the_current_etag(
    client: httpx.Client, drawing: dict[str, Any], whole: bytes
) -> None:
    url = f"/api/v1/documents/{drawing['id']}/content"
    r = client.get(url, headers={"Range": "bytes=0-9", "If-Range": f'"{drawing["sha256"]}"'})
    assert (r.status_code, r.content) == (206, whole[:10])
    r = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"another-version"'})
    assert (r.status_code, r.content) == (200, whole)


def test_if_none_match_with_the_etag_is_304(
    client: httpx.Client, drawing: dict[str, Any], whole: bytes
) -> None:
    url, etag = f"/api/v1/documents/{drawing['id']}/content", f'"{drawing["sha256"]}"'
    r = client.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 304
    assert r.content == b""
    assert r.headers["etag"] == etag
    r = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})  # weak comparison, lists
    assert r.status_code == 304
    r = client.get(url, headers={"If-None-Match": '"other"'})
    assert (r.status_code, r.content) == (200, whole)


def test_another_municipalitys_document_is_404(
    client: httpx.Client, foreign_document: dict[str, Any]
) -> None:
    doc_id = foreign_document["id"]
    for path in (
        f"/api/v1/documents/{doc_id}",
        f"/api/v1/documents/{doc_id}/content",
        f"/api/v1/documents/{doc_id}/annotations",
        f"/api/v1/cases/{foreign_document['case_id']}/documents",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert foreign_document["sha256"] not in r.text
    r = client.post(
        f"/api/v1/documents/{doc_id}/annotations",
        json={"page": 0, "kind": "cloud", "geometry": {"rect": [0, 0, 10, 10]}},
        headers=writing(),
    )
    assert r.status_code == 404


# --- annotations -----------------------------------------------------------------------------------


def markup(**changes: Any) -> dict[str, Any]:
    return {
        "page": 0,
        "kind": "cloud",
        "geometry": {"rect": [10.0, 20.0, 110.0, 80.0]},
        "text": "Kolla",
        **changes,
    }


def test_annotation_lifecycle_with_if_match_and_tombstone(
    client: httpx.Client, drawing: dict[str, Any]
) -> None:
    base = feed_end(client)
    url = f"/api/v1/documents/{drawing['id']}/annotations"

    r = client.post(url, json=markup(), headers=writing())
    assert r.status_code == 201, r.text
    created, etag1 = r.json(), r.headers["etag"]
    assert created["version"] == 1 and created["text"] == "Kolla" and created["document_id"] == drawing["id"]
    assert created["author_name"]
    listed = client.get(url).json()
    assert [a for a in listed if a["id"] == created["id"]] == [created]

    one = f"/api/v1/annotations/{created['id']}"
    r = client.put(one, json=markup(text="Ändrad"), headers=writing(**{"If-Match": etag1}))
    assert r.status_code == 200, r.text
    etag2 = r.headers["etag"]
    assert etag2 != etag1 and r.json()["version"] == 2 and r.json()["text"] == "Ändrad"

    r = client.put(one, json=markup(text="Min gamla"), headers=writing(**{"If-Match": etag1}))  # stale
    assert r.status_code == 412
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    problem = r.json()
    assert problem["etag"] == etag2
    assert problem["current"]["version"] == 2 and problem["current"]["text"] == "Ändrad"
    assert [a["text"] for a in client.get(url).json() if a["id"] == created["id"]] == ["Ändrad"]

    r = client.put(
        one, json=markup(text="Klar", resolved=True, page=0), headers=writing(**{"If-Match": etag2})
    )
    assert r.status_code == 200
    etag3 = r.headers["etag"]
    assert r.json()["resolved"] is True and r.json()["version"] == 3

    r = client.delete(one, headers=writing())
    assert r.status_code == 428
    r = client.delete(one, headers=writing(**{"If-Match": etag2}))
    assert r.status_code == 412 and r.json()["etag"] == etag3
    r = client.delete(one, headers=writing(**{"If-Match": etag3}))
    assert r.status_code == 204
    assert created["id"] not in {a["id"] for a in client.get(url).json()}
    assert client.put(one, json=markup(), headers=writing(**{"If-Match": etag3})).status_code == 404

    mine = [c for c in pull_since(client, base) if c["id"] == created["id"]]
    assert [(c["entity"], c["op"], c["data"]) for c in mine] == [("annotation", "delete", None)]


def test_every_role_may_annotate(sandbox: Sandbox) -> None:
    for role, exclude in (("inspector", "caseworker"), ("team_lead", None), ("caseworker", "team_lead")):
        account = sandbox.account(role=role, exclude_role=exclude)
        with sandbox.client(account["username"]) as c:
            _case, docs = documents_of_some_case(c)
            r = c.post(f"/api/v1/documents/{docs[0]['id']}/annotations", json=markup(), headers=writing())
            assert r.status_code == 201, (role, r.text)
            assert r.json()["author_id"] != "" and r.json()["author_name"] == account["display_name"]


@pytest.mark.parametrize(
    "geometry",
    [
        {},
        {"rect": "0,0,10,10"},
        {"rect": [0, 0, "x", 1]},
        {"rect": {"x": 1}},
        {"flag": True},
        {"rect": [None]},
    ],
)
def test_malformed_geometry_is_422(client: httpx.Client, drawing: dict[str, Any], geometry: Any) -> None:
    r = client.post(
        f"/api/v1/documents/{drawing['id']}/annotations", json=markup(geometry=geometry), headers=writing()
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith(PROBLEM_JSON)


def test_page_out_of_range_is_422(client: httpx.Client, drawing: dict[str, Any]) -> None:
    url = f"/api/v1/documents/{drawing['id']}/annotations"
    r = client.post(url, json=markup(page=drawing["pages"]), headers=writing())
    assert r.status_code == 422
    r = client.post(url, json=markup(page=drawing["pages"] - 1), headers=writing())
    assert r.status_code == 201
    r = client.put(
        f"/api/v1/annotations/{r.json()['id']}",
        json=markup(page=drawing["pages"] + 3),
        headers=writing(**{"If-Match": r.headers["etag"]}),
    )
    assert r.status_code == 422


def test_another_municipalitys_annotation_is_404(
    sandbox: Sandbox, me: dict[str, Any], client: httpx.Client, foreign_document: dict[str, Any]
) -> None:
    base = feed_end(client)
    with sandbox.client(outsider_of(sandbox, me)["username"]) as other:
        r = other.post(
            f"/api/v1/documents/{foreign_document['id']}/annotations", json=markup(), headers=writing()
        )
        assert r.status_code == 201
        foreign, etag = r.json(), r.headers["etag"]
    one = f"/api/v1/annotations/{foreign['id']}"
    assert client.put(one, json=markup(), headers=writing(**{"If-Match": etag})).status_code == 404
    assert client.delete(one, headers=writing(**{"If-Match": etag})).status_code == 404
    assert foreign["id"] not in {c["id"] for c in pull_since(client, base)}
