"""The markup review contract over real HTTP: every kind with its geometry, colour, width and status,
replies, the document sha256 binding, the limits, and who may do what (anyone in the municipality may
reply and set the status; only the author or a team lead may change or remove the markup)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.caseworker.sandbox.test_documents_api import documents_of_some_case, feed_end, pull_since
from tests.helpers.sandbox import Sandbox, signed_in_client, writing

SQUARE = [[10.0, 10.0], [110.0, 10.0], [110.0, 90.0], [10.0, 90.0]]
EVERY_KIND: dict[str, dict[str, Any]] = {
    "rectangle": {"geometry": {"rect": [10, 10, 120, 80]}},
    "ellipse": {"geometry": {"rect": [10, 10, 120, 80]}},
    "cloud": {"geometry": {"points": SQUARE}},
    "line": {"geometry": {"points": [[10, 10], [200, 40]]}},
    "arrow": {"geometry": {"points": [[10, 10], [200, 40]]}},
    "polyline": {"geometry": {"points": [[10, 10], [50, 60], [90, 10]]}},
    "polygon": {"geometry": {"points": SQUARE}},
    "ink": {"geometry": {"strokes": [[[10, 10], [12, 14], [15, 19]], [[30, 30], [31, 35]]]}},
    "text": {"geometry": {"rect": [10, 10, 200, 40]}, "text": "Textruta"},
    "callout": {"geometry": {"rect": [100, 100, 220, 140], "anchor": [40, 40]}, "text": "Varför?"},
    "highlight": {"geometry": {"rect": [10, 10, 200, 24]}, "color": "#ffeb3b"},
    "stamp": {"geometry": {"rect": [300, 300, 420, 340]}, "text": "Granskad"},
    "distance": {"geometry": {"points": [[10, 10], [300, 10]]}},
    "area": {"geometry": {"points": SQUARE}},
    "calibration": {"geometry": {"points": [[0, 0], [72, 0]]}, "scale": {"length": 2.5, "unit": "m"}},
}


def body(kind: str, **changes: Any) -> dict[str, Any]:
    return {"page": 0, "kind": kind, "color": "#1565c0", "width": 2.0, **EVERY_KIND[kind], **changes}


anna = signed_in_client("anna", of="sandbox")


# An inspector of anna's municipalities: reviews anna's markups.
karin = signed_in_client("karin", of="sandbox")


# The team lead of anna's team.
maria = signed_in_client("maria", of="sandbox")


@pytest.fixture(scope="module")
def drawing(anna: httpx.Client) -> dict[str, Any]:
    _, docs = documents_of_some_case(anna, kind="drawing")
    return next(d for d in docs if d["kind"] == "drawing")


def create(client: httpx.Client, drawing: dict[str, Any], data: dict[str, Any]) -> httpx.Response:
    return client.post(f"/api/v1/documents/{drawing['id']}/annotations", json=data, headers=writing())


def created(client: httpx.Client, drawing: dict[str, Any], kind: str = "cloud") -> tuple[dict[str, Any], str]:
    r = create(client, drawing, body(kind, document_sha256=drawing["sha256"]))
    assert r.status_code == 201, r.text
    return r.json(), r.headers["etag"]


@pytest.mark.parametrize("kind", sorted(EVERY_KIND))
def test_every_kind_round_trips_with_colour_width_status_and_sha256(
    anna: httpx.Client, drawing: dict[str, Any], kind: str
) -> None:
    sent = body(kind, status="accepted", document_sha256=drawing["sha256"])
    r = create(anna, drawing, sent)
    assert r.status_code == 201, r.text
    listed = anna.get(f"/api/v1/documents/{drawing['id']}/annotations").json()
    (back,) = [a for a in listed if a["id"] == r.json()["id"]]
    for field in ("kind", "geometry", "color", "width", "status", "text", "document_sha256"):
        assert back[field] == sent.get(field, back[field]), field
    assert back["document_sha256"] == drawing["sha256"] and back["replies"] == []
    assert back["resolved"] is True  # a first-contract client reads a reviewed markup as resolved
    if kind == "calibration":
        assert back["scale"] == {"length": 2.5, "ratio": None, "unit": "m"}


def test_a_first_contract_markup_reads_resolved_as_completed(
    anna: httpx.Client, drawing: dict[str, Any]
) -> None:
    old = {"page": 0, "kind": "text", "geometry": {"x": 1, "y": 2}, "text": "gammal klient", "resolved": True}
    r = create(anna, drawing, old)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "completed" and r.json()["width"] == 1.0


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        ("rectangle", {"geometry": {"points": SQUARE}}),
        ("ellipse", {"geometry": {"rect": [1, 2, 3]}}),
        ("line", {"geometry": {"points": [[1, 2], [3, 4], [5, 6]]}}),
        ("distance", {"geometry": {"points": [[1, 2]]}}),
        ("polygon", {"geometry": {"points": [[1, 2], [3, 4]]}}),
        ("area", {"geometry": {"points": [1, 2, 3, 4, 5, 6]}}),
        ("ink", {"geometry": {"strokes": []}}),
        ("ink", {"geometry": {"strokes": [[[1, 2, 3]]]}}),
        ("calibration", {"scale": None}),
        ("calibration", {"scale": {"length": 2.0, "ratio": 100, "unit": "m"}}),
        ("calibration", {"scale": {"ratio": 0.5, "unit": "m"}}),
        # a known length over one point twice is no scale (every client skips it; it was stored)
        ("calibration", {"geometry": {"points": [[5, 5], [5, 5]]}}),
        ("calibration", {"geometry": {"points": [[5, 5], [5.5, 5.5]]}}),
        ("distance", {"scale": {"ratio": 100, "unit": "m"}}),
        ("line", {"width": 0}),
        ("line", {"width": 51}),
        ("line", {"status": "maybe"}),
        ("line", {"color": "red"}),
        ("text", {"text": "x" * 4001}),
        ("line", {"document_sha256": "ABC"}),
    ],
)
def test_geometry_and_limits_that_do_not_suit_the_kind_are_422(
    anna: httpx.Client, drawing: dict[str, Any], kind: str, changes: dict[str, Any]
) -> None:
    r = create(anna, drawing, body(kind, **changes))
    assert r.status_code == 422, r.text


def test_a_markup_for_another_revision_is_refused_not_moved(
    anna: httpx.Client, drawing: dict[str, Any]
) -> None:
    r = create(anna, drawing, body("cloud", document_sha256="0" * 64))
    assert r.status_code == 422 and r.json()["type"].endswith("document-changed"), r.text
    mine, etag = created(anna, drawing)
    r = anna.put(
        f"/api/v1/annotations/{mine['id']}",
        json=body("cloud", document_sha256="1" * 64),
        headers=writing(**{"If-Match": etag}),
    )
    assert r.status_code == 422 and r.json()["type"].endswith("document-changed")


def test_only_the_author_or_a_team_lead_changes_or_removes_a_markup(
    anna: httpx.Client, karin: httpx.Client, maria: httpx.Client, drawing: dict[str, Any]
) -> None:
    mine, etag = created(anna, drawing)
    one = f"/api/v1/annotations/{mine['id']}"
    for stale_or_not in (etag, '"annotation-x-v9"'):
        r = karin.put(one, json=body("cloud", text="karins"), headers=writing(**{"If-Match": stale_or_not}))
        assert r.status_code == 403 and r.json()["type"].endswith("not-author"), r.text
        assert karin.delete(one, headers=writing(**{"If-Match": stale_or_not})).status_code == 403
    assert [a["text"] for a in anna.get(f"/api/v1/documents/{drawing['id']}/annotations").json()
            if a["id"] == mine["id"]] == [mine["text"]]  # fmt: skip
    r = maria.put(one, json=body("cloud", text="chefens"), headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200 and r.json()["text"] == "chefens", r.text
    assert maria.delete(one, headers=writing(**{"If-Match": r.headers["etag"]})).status_code == 204


def test_anyone_in_the_municipality_replies_and_sets_the_status(
    anna: httpx.Client, karin: httpx.Client, drawing: dict[str, Any]
) -> None:
    mine, etag = created(anna, drawing)
    one = f"/api/v1/annotations/{mine['id']}"
    base = feed_end(anna)

    r = karin.post(f"{one}/replies", json={"text": "Åtgärdat i rev B?"}, headers=writing())
    assert r.status_code == 201, r.text
    assert r.headers["etag"] == etag  # a reply never makes anyone's edit stale
    r = anna.post(f"{one}/replies", json={"text": "Ja, se rev B."}, headers=writing())
    thread = r.json()["replies"]
    assert [(x["author_name"], x["text"]) for x in thread] == [
        ("Karin Björk", "Åtgärdat i rev B?"),
        ("Anna Lindqvist", "Ja, se rev B."),
    ]
    fed = [c for c in pull_since(anna, base) if c["id"] == mine["id"]]
    assert fed and fed[-1]["data"]["replies"] == thread  # the feed carries the thread

    r = karin.put(f"{one}/status", json={"status": "accepted"}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["version"] == 2, r.text
    accepted_etag = r.headers["etag"]
    r = anna.put(f"{one}/status", json={"status": "rejected"}, headers=writing(**{"If-Match": etag}))  # stale
    assert r.status_code == 412 and r.json()["current"]["status"] == "accepted"
    assert anna.put(f"{one}/status", json={"status": "done"}, headers=writing(**{"If-Match": accepted_etag})
                    ).status_code == 422  # fmt: skip
    assert anna.put(f"{one}/status", json={"status": "accepted"}, headers=writing()).status_code == 428
    assert karin.post(f"{one}/replies", json={"text": ""}, headers=writing()).status_code == 422

    r = anna.delete(one, headers=writing(**{"If-Match": accepted_etag}))
    assert r.status_code == 204
    assert karin.post(f"{one}/replies", json={"text": "sen"}, headers=writing()).status_code == 404


def test_status_and_reply_are_404_outside_the_municipality(
    sandbox: Sandbox, anna: httpx.Client, drawing: dict[str, Any]
) -> None:
    mine, etag = created(anna, drawing)
    with sandbox.client("sara") as outsider:  # vanerby only
        one = f"/api/v1/annotations/{mine['id']}"
        assert outsider.post(f"{one}/replies", json={"text": "hej"}, headers=writing()).status_code == 404
        r = outsider.put(f"{one}/status", json={"status": "accepted"}, headers=writing(**{"If-Match": etag}))
        assert r.status_code == 404
