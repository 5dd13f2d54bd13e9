"""A hostile tester against the markup contract over real HTTP: bodies beyond every limit are refused with
problem JSON (never a 500) and store nothing; every markup route keeps another municipality's markups
unseen (404, never 403); racing writers on one ETag leave exactly one winner and lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.caseworker.sandbox.test_documents_api import documents_of_some_case, feed_end, pull_since
from tests.caseworker.sandbox.test_markups_api import body, created
from tests.helpers.sandbox import Sandbox, signed_in_client, writing
from tests.helpers.waiting import PATIENCE

anna = signed_in_client("anna", of="sandbox")
karin = signed_in_client("karin", of="sandbox")  # an inspector of anna's municipality
maria = signed_in_client("maria", of="sandbox")  # anna's team lead
sara = signed_in_client("sara", of="sandbox")  # of Vänerby only


@pytest.fixture(scope="module")
def drawing(anna: httpx.Client) -> dict[str, Any]:
    _, docs = documents_of_some_case(anna, kind="drawing")
    return next(d for d in docs if d["kind"] == "drawing")


def is_problem(r: httpx.Response, status: int) -> bool:
    return r.status_code == status and r.headers["content-type"].startswith("application/problem+json")


def markups_of(client: httpx.Client, document: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/documents/{document['id']}/annotations")
    assert r.status_code == 200, r.text
    return list(r.json())


def whole_feed(client: httpx.Client) -> list[dict[str, Any]]:
    first = client.get("/api/v1/sync/changes", params={"limit": 1000})
    assert first.status_code == 200, first.text
    return list(first.json()["changes"]) + pull_since(client, first.json()["next_cursor"])


def raw_json(text: str) -> dict[str, Any]:
    """What httpx sends as-is: JSON that Python's encoder would never write (NaN, deep nesting, ...)."""
    return {
        "content": text.encode("utf-8", "surrogatepass"),
        "headers": writing(**{"Content-Type": "application/json"}),
    }


def cloud_with(number: str) -> str:
    return (
        '{"page": 0, "kind": "polygon", "geometry": {"points": [[10, 10], [%s, 10], [110, 90]]}}' % number  # noqa: UP031
    )


HOSTILE_BODIES: dict[str, dict[str, Any]] = {
    "5001 points": {"json": body("polyline", geometry={"points": [[i, i] for i in range(5001)]})},
    "ink of 10001 numbers": {"json": body("ink", geometry={"strokes": [[[1, 2]] * 5000, [[1, 2], [3]]]})},
    "NaN": raw_json(cloud_with("NaN")),
    "Infinity": raw_json(cloud_with("Infinity")),
    "-Infinity": raw_json(cloud_with("-Infinity")),
    "1e308": raw_json(cloud_with("1e308")),
    "1e999": raw_json(cloud_with("1e999")),
    "an integer of 400 digits": raw_json(cloud_with("9" * 400)),
    "width NaN": raw_json(
        '{"page": 0, "kind": "line", "geometry": {"points": [[0, 0], [9, 9]]}, "width": NaN}'
    ),
    "width 0": {"json": body("line", width=0)},
    "width -1": {"json": body("line", width=-1)},
    "width 1e308": {"json": body("line", width=1e308)},
    "page -1": {"json": body("line", page=-1)},
    "page 10**20": {"json": body("line", page=10**20)},
    "page past the document": {"json": body("line", page=99_999)},
    "a sha256 in capitals": {"json": body("line", document_sha256="A" * 64)},
    "a sha256 too short": {"json": body("line", document_sha256="a" * 63)},
    "a sha256 of another revision": {"json": body("line", document_sha256="b" * 64)},
    "text of 4001 characters": {"json": body("text", text="x" * 4001)},
    "text with NUL": {"json": body("text", text="a\x00b")},
    "text with ESC": {"json": body("text", text="a\x1b[31mb")},
    "text with C1 control": {"json": body("text", text="a\x85b")},
    "text with a lone surrogate": raw_json(
        '{"page": 0, "kind": "text", "geometry": {"rect": [1, 1, 50, 20]}, "text": "a\\ud800b"}'
    ),
    "kind unknown": {"json": {**body("line"), "kind": "hexagon"}},
    "status unknown": {"json": body("line", status="done")},
    "colour by name": {"json": body("line", color="red")},
    "colour not hex": {"json": body("line", color="#12345g")},
    "an id of its own": {"json": body("line", id="mine")},
    "an author of its own": {"json": body("line", author_id="maria")},
    "geometry empty": {"json": body("line", geometry={})},
    "geometry nested 5 deep": {"json": body("cloud", geometry={"rect": [[[[[1]]]]]})},
    "geometry of 33 names": {"json": body("cloud", geometry={f"k{i}": 1 for i in range(33)})},
    "geometry name with a slash": {"json": body("cloud", geometry={"a/b": 1})},
    "geometry of booleans": {"json": body("rectangle", geometry={"rect": [True, 0, 1, 1]})},
    "geometry of text": {"json": body("rectangle", geometry={"rect": ["0", 0, 1, 1]})},
    "geometry of null": {"json": body("rectangle", geometry={"rect": [None, 0, 1, 1]})},
    "geometry of a mapping": {"json": body("cloud", geometry={"rect": {"x": 1}})},
    "a line of one point": {"json": body("line", geometry={"points": [[1, 1]]})},
    "a line of three coordinates a point": {
        "json": body("line", geometry={"points": [[1, 1, 1], [2, 2, 2]]})
    },
    "a polygon of two points": {"json": body("polygon", geometry={"points": [[1, 1], [2, 2]]})},
    "ink of no strokes": {"json": body("ink", geometry={"strokes": []})},
    "a scale on a rectangle": {"json": body("rectangle", scale={"ratio": 100})},
    "a calibration of one point twice": {"json": body("calibration", geometry={"points": [[5, 5], [5, 5]]})},
    "a calibration of scale NaN": raw_json(
        '{"page": 0, "kind": "calibration", "geometry": {"points": [[0, 0], [72, 0]]},'
        ' "scale": {"length": NaN, "unit": "m"}}'
    ),
    "JSON nested 100 000 deep": raw_json(
        '{"page": 0, "kind": "cloud", "geometry": {"rect": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    ),
    "not JSON": raw_json("{page: 0"),
    "a JSON list": raw_json("[]"),
    "a JSON string of 1 MB": raw_json('"' + "x" * 1_000_000 + '"'),
}


@pytest.mark.parametrize("hostile", sorted(HOSTILE_BODIES))
def test_a_hostile_markup_is_refused_with_problem_json_and_nothing_stored(
    anna: httpx.Client, drawing: dict[str, Any], hostile: str
) -> None:
    before = markups_of(anna, drawing)
    cursor = feed_end(anna)
    r = anna.post(f"/api/v1/documents/{drawing['id']}/annotations", **HOSTILE_BODIES[hostile])
    assert 400 <= r.status_code < 500, (hostile, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json"), r.text[:300]
    assert markups_of(anna, drawing) == before
    assert [c for c in pull_since(anna, cursor) if c["entity"] == "annotation"] == []


@pytest.mark.parametrize("hostile", sorted(HOSTILE_BODIES))
def test_a_hostile_change_of_a_markup_is_refused_and_leaves_it_as_it_was(
    anna: httpx.Client, drawing: dict[str, Any], hostile: str
) -> None:
    mine, etag = created(anna, drawing, "polygon")
    request = dict(HOSTILE_BODIES[hostile])
    request["headers"] = {**request.get("headers", writing()), "If-Match": etag}
    r = anna.put(f"/api/v1/annotations/{mine['id']}", **request)
    assert 400 <= r.status_code < 500, (hostile, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json"), r.text[:300]
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert now == mine


HOSTILE_REPLIES: dict[str, dict[str, Any]] = {
    "empty": {"json": {"text": ""}, "headers": writing()},
    "4001 characters": {"json": {"text": "x" * 4001}, "headers": writing()},
    "NUL": {"json": {"text": "a\x00b"}, "headers": writing()},
    "a lone surrogate": raw_json('{"text": "a\\udfffb"}'),
    "a reply to a reply": {"json": {"text": "svar", "in_reply_to": "some-reply"}, "headers": writing()},
    "an author of its own": {"json": {"text": "svar", "author_id": "maria"}, "headers": writing()},
    "text not text": {"json": {"text": ["a"]}, "headers": writing()},
}


@pytest.mark.parametrize("hostile", sorted(HOSTILE_REPLIES))
def test_a_hostile_reply_is_refused_and_the_thread_stays(
    anna: httpx.Client, karin: httpx.Client, drawing: dict[str, Any], hostile: str
) -> None:
    mine, _ = created(anna, drawing)
    r = karin.post(f"/api/v1/annotations/{mine['id']}/replies", **HOSTILE_REPLIES[hostile])
    assert is_problem(r, 422), (r.status_code, r.text[:300])
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert now["replies"] == [] and now == mine


@pytest.mark.parametrize(
    "status_body",
    [{"status": "done"}, {"status": None}, {}, {"status": "accepted", "text": "x"}, {"status": ["open"]}],
)
def test_a_status_outside_the_review_states_is_refused(
    anna: httpx.Client, karin: httpx.Client, drawing: dict[str, Any], status_body: dict[str, Any]
) -> None:
    mine, etag = created(anna, drawing)
    r = karin.put(
        f"/api/v1/annotations/{mine['id']}/status", json=status_body, headers=writing(**{"If-Match": etag})
    )
    assert is_problem(r, 422), r.text
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert now == mine


def test_every_markup_route_hides_another_municipalitys_markup(
    anna: httpx.Client, sara: httpx.Client, drawing: dict[str, Any]
) -> None:
    mine, etag = created(anna, drawing)
    r = anna.post(
        f"/api/v1/annotations/{mine['id']}/replies", json={"text": "Hemligt svar"}, headers=writing()
    )
    assert r.status_code == 201
    one = f"/api/v1/annotations/{mine['id']}"
    missing = f"/api/v1/annotations/{'0' * 32}"
    answers: dict[str, Callable[[str], httpx.Response]] = {
        "put": lambda path: sara.put(
            path, json=body("cloud", text="saras"), headers=writing(**{"If-Match": etag})
        ),
        "put, stale": lambda path: sara.put(path, json=body("cloud"), headers=writing(**{"If-Match": '"x"'})),
        "put, no If-Match": lambda path: sara.put(path, json=body("cloud"), headers=writing()),
        "delete": lambda path: sara.delete(path, headers=writing(**{"If-Match": etag})),
        "delete, no If-Match": lambda path: sara.delete(path, headers=writing()),
        "status": lambda path: sara.put(
            f"{path}/status", json={"status": "rejected"}, headers=writing(**{"If-Match": etag})
        ),
        "status, no If-Match": lambda path: sara.put(
            f"{path}/status", json={"status": "rejected"}, headers=writing()
        ),
        "reply": lambda path: sara.post(f"{path}/replies", json={"text": "hej"}, headers=writing()),
    }
    for route, send in answers.items():
        theirs, nobodys = send(one), send(missing)
        # the same answer as for an id nobody has: nothing tells that the markup exists
        assert (theirs.status_code, theirs.json()["type"]) == (nobodys.status_code, nobodys.json()["type"]), (
            route
        )
        assert is_problem(theirs, 404), (route, theirs.status_code, theirs.text)
    for path in (f"/api/v1/documents/{drawing['id']}/annotations",):
        assert is_problem(sara.get(path), 404)
        r = sara.post(path, json=body("cloud"), headers=writing())
        assert is_problem(r, 404), r.text
    assert all(c["id"] != mine["id"] for c in whole_feed(sara))
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert now["text"] == mine["text"] and now["status"] == "open" and len(now["replies"]) == 1


def test_their_own_markup_is_as_hidden_from_anna(anna: httpx.Client, sara: httpx.Client) -> None:
    _, docs = documents_of_some_case(sara)
    theirs = docs[0]
    r = sara.post(
        f"/api/v1/documents/{theirs['id']}/annotations",
        json=body("rectangle", document_sha256=theirs["sha256"]),
        headers=writing(),
    )
    assert r.status_code == 201, r.text
    one, etag = f"/api/v1/annotations/{r.json()['id']}", r.headers["etag"]
    assert is_problem(anna.get(f"/api/v1/documents/{theirs['id']}/annotations"), 404)
    assert is_problem(anna.put(one, json=body("rectangle"), headers=writing(**{"If-Match": etag})), 404)
    assert is_problem(
        anna.put(f"{one}/status", json={"status": "accepted"}, headers=writing(**{"If-Match": etag})), 404
    )
    assert is_problem(anna.post(f"{one}/replies", json={"text": "x"}, headers=writing()), 404)
    assert is_problem(anna.delete(one, headers=writing(**{"If-Match": etag})), 404)
    assert sara.get(f"/api/v1/documents/{theirs['id']}/annotations").json()[0]["replies"] == []


def test_a_reviewer_may_not_change_or_delete_but_a_team_lead_may_on_every_route(
    anna: httpx.Client, karin: httpx.Client, maria: httpx.Client, drawing: dict[str, Any]
) -> None:
    mine, etag = created(anna, drawing, "polygon")
    one = f"/api/v1/annotations/{mine['id']}"
    r = karin.put(one, json=body("polygon", text="karins"), headers=writing())  # no If-Match either
    assert is_problem(r, 403), r.text
    assert is_problem(karin.delete(one, headers=writing()), 403)
    r = karin.put(f"{one}/status", json={"status": "accepted"}, headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200, r.text
    etag = r.headers["etag"]
    assert karin.post(f"{one}/replies", json={"text": "ok"}, headers=writing()).status_code == 201
    r = maria.put(one, json=body("polygon", text="chefens"), headers=writing(**{"If-Match": etag}))
    assert r.status_code == 200 and r.json()["author_id"] == mine["author_id"], r.text  # still anna's
    assert maria.delete(one, headers=writing(**{"If-Match": r.headers["etag"]})).status_code == 204


# --- races ----------------------------------------------------------------------------------------------


def at_once(*sends: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Run every send on its own thread, released together, and wait for all of them."""
    start = threading.Barrier(len(sends))
    answers: list[httpx.Response | None] = [None] * len(sends)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait(PATIENCE)
            answers[i] = sends[i]()
        except BaseException as exc:  # re-raised on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(PATIENCE)
        assert not t.is_alive(), "a request did not finish"
    if errors:
        raise errors[0]
    return [a for a in answers if a is not None]


@pytest.fixture(scope="module")
def anna_again(sandbox: Sandbox) -> Any:
    with sandbox.client("anna") as second:  # a second session of anna (another computer)
        yield second


@pytest.mark.parametrize("round_", range(4))
def test_two_changes_on_one_etag_leave_exactly_one_winner(
    anna: httpx.Client, anna_again: httpx.Client, maria: httpx.Client, drawing: dict[str, Any], round_: int
) -> None:
    mine, etag = created(anna, drawing, "polygon")
    one = f"/api/v1/annotations/{mine['id']}"
    other = maria if round_ % 2 else anna_again
    answers = at_once(
        lambda: anna.put(one, json=body("polygon", text="first"), headers=writing(**{"If-Match": etag})),
        lambda: other.put(one, json=body("polygon", text="second"), headers=writing(**{"If-Match": etag})),
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 412], [a.text for a in answers]
    (won,) = [a for a in answers if a.status_code == 200]
    (lost,) = [a for a in answers if a.status_code == 412]
    assert lost.json()["current"]["text"] == won.json()["text"]  # the loser sees the winner's version
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert now["text"] == won.json()["text"] and now["version"] == 2


def test_replies_at_once_are_all_kept(
    anna: httpx.Client,
    anna_again: httpx.Client,
    karin: httpx.Client,
    maria: httpx.Client,
    drawing: dict[str, Any],
) -> None:
    mine, etag = created(anna, drawing)
    one = f"/api/v1/annotations/{mine['id']}/replies"
    senders = [anna, anna_again, karin, maria]
    answers = at_once(
        *[
            lambda c=c, i=i: c.post(one, json={"text": f"svar {i}"}, headers=writing())
            for i, c in enumerate(senders)
        ]
    )
    assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
    assert all(a.headers["etag"] == etag for a in answers)
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert sorted(r["text"] for r in now["replies"]) == [f"svar {i}" for i in range(4)]


@pytest.mark.parametrize("round_", range(4))
def test_a_status_racing_a_delete_leaves_one_consistent_outcome(
    anna: httpx.Client, karin: httpx.Client, drawing: dict[str, Any], round_: int
) -> None:
    mine, etag = created(anna, drawing)
    one = f"/api/v1/annotations/{mine['id']}"
    cursor = feed_end(anna)
    status, removal = at_once(
        lambda: karin.put(
            f"{one}/status", json={"status": "accepted"}, headers=writing(**{"If-Match": etag})
        ),
        lambda: anna.delete(one, headers=writing(**{"If-Match": etag})),
    )
    left = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    fed = [c for c in pull_since(anna, cursor) if c["id"] == mine["id"]]
    if removal.status_code == 204:
        assert status.status_code in (404, 412), status.text
        assert left == []
        assert fed and fed[-1]["op"] == "delete", fed
    else:
        assert (status.status_code, removal.status_code) == (200, 412), (status.text, removal.text)
        assert removal.json()["current"]["status"] == "accepted"
        assert [m["status"] for m in left] == ["accepted"]


def test_one_idempotency_key_is_never_replayed_onto_another_markup(
    anna: httpx.Client, karin: httpx.Client, drawing: dict[str, Any]
) -> None:
    first, _ = created(anna, drawing)
    second, _ = created(anna, drawing)
    key = writing()
    r = karin.post(f"/api/v1/annotations/{first['id']}/replies", json={"text": "till första"}, headers=key)
    assert r.status_code == 201, r.text
    r = karin.post(f"/api/v1/annotations/{second['id']}/replies", json={"text": "till första"}, headers=key)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), r.text
    threads = {
        m["id"]: m["replies"] for m in markups_of(anna, drawing) if m["id"] in (first["id"], second["id"])
    }
    assert [len(threads[first["id"]]), len(threads[second["id"]])] == [1, 0]


def test_the_last_reply_a_markup_takes_goes_to_exactly_one_of_two_at_once(
    anna: httpx.Client, karin: httpx.Client, maria: httpx.Client, drawing: dict[str, Any]
) -> None:
    mine, _ = created(anna, drawing)
    one = f"/api/v1/annotations/{mine['id']}/replies"
    for i in range(499):  # MAX_REPLIES is 500
        assert anna.post(one, json={"text": f"{i}"}, headers=writing()).status_code == 201
    answers = at_once(
        lambda: karin.post(one, json={"text": "karins"}, headers=writing()),
        lambda: maria.post(one, json={"text": "marias"}, headers=writing()),
    )
    assert sorted(a.status_code for a in answers) == [201, 422], [a.text for a in answers]
    (now,) = [m for m in markups_of(anna, drawing) if m["id"] == mine["id"]]
    assert len(now["replies"]) == 500
