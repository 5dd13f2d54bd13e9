"""Conditional writes under concurrency (QUALITY.md reliability 10), over real HTTP.

In every round N clients, each on its own connection, are released together by a barrier and send a
different change based on the same ETag, each with its own Idempotency-Key. Exactly one may succeed; the
others get 412 with the winner's representation (or 404 when the winner removed the markup), and the stored
history shows one change. Runs on SQLite and, with CASEWORKER_TEST_DB_URL, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from caseworker.domain.status import TRANSITIONS
from tests.helpers.sandbox import MINIMAL_PDF, Sandbox, own_sandbox, send_decision

pytestmark = pytest.mark.postgres

CLIENTS = 6
ROUNDS = int(os.environ.get("CASEWORKER_RACE_ROUNDS", "12"))
PROBLEM_JSON = "application/problem+json"

Send = Callable[[httpx.Client], httpx.Response]


@dataclass
class Tally:
    """What the rounds of one race saw, for the report at the end of a test."""

    rounds: int = 0
    winners: int = 0
    refused: dict[int, int] = field(default_factory=dict)

    def add(self, responses: list[httpx.Response]) -> None:
        self.rounds += 1
        for r in responses:
            if r.is_success:
                self.winners += 1
            else:
                self.refused[r.status_code] = self.refused.get(r.status_code, 0) + 1


sb = own_sandbox("races")


def clients_for(sb: Sandbox, username: str, stack: ExitStack) -> list[httpx.Client]:
    """CLIENTS signed-in clients of one user, each with its own (already opened) connection."""
    tokens = sb.sign_in(username)
    out = []
    for _ in range(CLIENTS):
        c = stack.enter_context(
            httpx.Client(
                base_url=sb.url, headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=120
            )
        )
        assert c.get("/api/v1/me").status_code == 200  # opens the connection before the race
        out.append(c)
    return out


@pytest.fixture(scope="module")
def caseworkers(sb: Sandbox) -> Iterator[list[httpx.Client]]:
    with ExitStack() as stack:
        yield clients_for(sb, "anna", stack)


@pytest.fixture(scope="module")
def leads(sb: Sandbox) -> Iterator[list[httpx.Client]]:
    lead = sb.account(role="team_lead")
    with ExitStack() as stack:
        yield clients_for(sb, lead["username"], stack)


def race(clients: list[httpx.Client], sends: list[Send]) -> list[httpx.Response]:
    """Release every send at once (a barrier), each on its own client; the responses in order."""
    barrier = threading.Barrier(len(sends))

    def run(i: int) -> httpx.Response:
        barrier.wait(timeout=120)
        return sends[i](clients[i])

    with ThreadPoolExecutor(len(sends)) as pool:
        return list(pool.map(run, range(len(sends)), timeout=300))


def writing(**headers: str) -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4()), **headers}


def sending(method: str, path: str, body: dict[str, Any] | None, etag: str | None = None) -> Send:
    """One client's request of a race: its own Idempotency-Key, and If-Match when given."""
    headers = writing(**({"If-Match": etag} if etag else {}))
    return lambda c: c.request(method, path, json=body, headers=headers)


def only_winner(responses: list[httpx.Response]) -> httpx.Response:
    winners = [r for r in responses if r.is_success]
    assert len(winners) == 1, [(r.status_code, r.text[:200]) for r in responses]
    return winners[0]


def assert_lost_to(responses: list[httpx.Response], winner: httpx.Response, current: dict[str, Any]) -> None:
    """Every other response is 412 carrying the winner's representation and ETag."""
    for r in responses:
        if r is winner:
            continue
        assert r.status_code == 412, (r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith(PROBLEM_JSON)
        problem = r.json()
        assert problem["etag"] == winner.headers["ETag"] == r.headers["ETag"]
        assert problem["current"] == current


def case_and_etag(client: httpx.Client, case_id: str) -> tuple[dict[str, Any], str]:
    r = client.get(f"/api/v1/cases/{case_id}")
    assert r.status_code == 200, r.text
    return r.json(), r.headers["ETag"]


def events_of(client: httpx.Client, case_id: str, kind: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/cases/{case_id}/events")
    assert r.status_code == 200, r.text
    return [e for e in r.json() if e["kind"] == kind]


def my_open_cases(client: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"queue": "mine", "limit": 200}
    while True:
        body = client.get("/api/v1/cases", params=params).json()
        items += [c for c in body["items"] if c["status"] not in ("decided", "closed")]
        if not body["next_cursor"]:
            return items
        params["cursor"] = body["next_cursor"]


def patch_for(status: str, i: int) -> dict[str, Any]:
    """The i-th of the changes a case in ``status`` may take (closing left out, so the race goes on)."""
    targets = sorted(t.value for t in TRANSITIONS[status] if t.value != "closed")  # type: ignore[index]
    choices: list[dict[str, Any]] = [{"status": t} for t in targets]
    if "incomplete" in targets:
        choices.append({"completion_requested": True})
    return choices[i % len(choices)]


def test_case_patch_race_has_one_winner(caseworkers: list[httpx.Client]) -> None:
    client = caseworkers[0]
    case = next(c for c in my_open_cases(client) if c["status"] in ("complete", "under_review", "referral"))
    tally = Tally()
    for _ in range(ROUNDS):
        current, etag = case_and_etag(client, case["id"])
        before = len(events_of(client, case["id"], "status_changed"))
        sends = [
            sending("PATCH", f"/api/v1/cases/{case['id']}", patch_for(current["status"], i), etag)
            for i in range(CLIENTS)
        ]
        responses = race(caseworkers, sends)
        tally.add(responses)
        winner = only_winner(responses)
        assert winner.status_code == 200
        assert_lost_to(responses, winner, winner.json())
        assert len(events_of(client, case["id"], "status_changed")) == before + 1
        assert case_and_etag(client, case["id"]) == (winner.json(), winner.headers["ETag"])
    assert tally.refused == {412: ROUNDS * (CLIENTS - 1)}
    print(f"case PATCH: {tally}")


def decide(case_id: str, etag: str, outcome: str) -> Send:
    fields = {
        "outcome": outcome,
        "legal_ground": "9 kap. 31 § PBL",
        "decided_on": dt.date.today().isoformat(),
        "reasons": f"Beslut {outcome}",
        "fee_sek": 1000,
        "signed_by": "Test Handläggare",
    }
    return lambda c: send_decision(c, case_id, etag, MINIMAL_PDF + outcome.encode(), json.dumps(fields))


def test_decision_race_decides_a_case_once(caseworkers: list[httpx.Client]) -> None:
    client = caseworkers[0]
    cases = my_open_cases(client)[:ROUNDS]
    assert len(cases) == ROUNDS, "not enough open cases to race decisions on"
    tally = Tally()
    for case in cases:
        _, etag = case_and_etag(client, case["id"])
        outcomes = ["granted", "refused"]
        responses = race(caseworkers, [decide(case["id"], etag, outcomes[i % 2]) for i in range(CLIENTS)])
        tally.add(responses)
        winner = only_winner(responses)
        assert winner.status_code == 201
        assert_lost_to(responses, winner, winner.json()["case"])
        [decision] = events_of(client, case["id"], "decision")
        assert decision["data"]["document_id"] == winner.json()["document"]["id"]
        documents = client.get(f"/api/v1/cases/{case['id']}/documents").json()
        assert [d["id"] for d in documents if d["kind"] == "decision"] == [winner.json()["document"]["id"]]
    assert tally.refused == {412: ROUNDS * (CLIENTS - 1)}
    print(f"decision: {tally}")


def a_document(client: httpx.Client) -> str:
    for case in my_open_cases(client):
        documents = client.get(f"/api/v1/cases/{case['id']}/documents").json()
        if documents:
            return str(documents[0]["id"])
    raise LookupError("no document to mark up")


def markup(text: str) -> dict[str, Any]:
    return {"page": 0, "kind": "cloud", "geometry": {"rect": [10, 10, 120, 80]}, "text": text}


def new_markup(client: httpx.Client, document_id: str) -> httpx.Response:
    r = client.post(f"/api/v1/documents/{document_id}/annotations", json=markup("ny"), headers=writing())
    assert r.status_code == 201, r.text
    return r


def test_markup_put_race_has_one_winner(caseworkers: list[httpx.Client]) -> None:
    client = caseworkers[0]
    created = new_markup(client, a_document(client))
    annotation_id, etag, version = created.json()["id"], created.headers["ETag"], created.json()["version"]
    tally = Tally()
    for n in range(ROUNDS):
        sends = [
            sending("PUT", f"/api/v1/annotations/{annotation_id}", markup(f"runda {n} klient {i}"), etag)
            for i in range(CLIENTS)
        ]
        responses = race(caseworkers, sends)
        tally.add(responses)
        winner = only_winner(responses)
        assert_lost_to(responses, winner, winner.json())
        assert winner.json()["version"] == version + 1
        etag, version = winner.headers["ETag"], version + 1
    assert tally.refused == {412: ROUNDS * (CLIENTS - 1)}
    print(f"markup PUT: {tally}")


def test_markup_delete_race_removes_once(caseworkers: list[httpx.Client]) -> None:
    """Half the clients remove the markup, half change it: one wins; after a removal the markup is gone
    (404), after a change the others lost to it (412 with the changed markup)."""
    client = caseworkers[0]
    document_id = a_document(client)
    tally = Tally()
    removed = 0
    for n in range(ROUNDS):
        created = new_markup(client, document_id)
        annotation_id, etag = created.json()["id"], created.headers["ETag"]
        path = f"/api/v1/annotations/{annotation_id}"
        sends = [
            sending("DELETE", path, None, etag)
            if i % 2 == 0 or n % 3 == 0  # every third round only removals
            else sending("PUT", path, markup(f"ändrad {i}"), etag)
            for i in range(CLIENTS)
        ]
        responses = race(caseworkers, sends)
        tally.add(responses)
        winner = only_winner(responses)
        listed = client.get(f"/api/v1/documents/{document_id}/annotations").json()
        if winner.status_code == 204:
            removed += 1
            assert annotation_id not in {a["id"] for a in listed}
            assert all(r.status_code == 404 for r in responses if r is not winner)
        else:
            assert_lost_to(responses, winner, winner.json())
            [kept] = [a for a in listed if a["id"] == annotation_id]
            assert kept["version"] == 2
    assert removed >= ROUNDS // 3
    print(f"markup DELETE: {tally}, removed in {removed} rounds")


def test_reassignment_race_moves_a_case_once(sb: Sandbox, leads: list[httpx.Client]) -> None:
    client = leads[0]
    team_cases = client.get("/api/v1/cases", params={"queue": "team", "limit": 200}).json()["items"]
    case = next(c for c in team_cases if c["status"] not in ("decided", "closed"))
    officers = [
        a["username"]
        for a in sb.accounts
        if "caseworker" in a["roles"] and case["municipality_id"] in a["municipalities"]
    ]
    ids = _user_ids(sb, officers)
    assert len(ids) >= 2, "the race needs two case officers serving the municipality"
    tally = Tally()
    for n in range(ROUNDS):
        current, etag = case_and_etag(client, case["id"])
        targets = [u for u in ids if u != current["assignee_id"]]
        before = len(events_of(client, case["id"], "assigned"))
        sends = [
            sending(
                "POST",
                "/api/v1/reassignments",
                {
                    "items": [
                        {
                            "case_id": case["id"],
                            "to_user_id": targets[(n + i) % len(targets)],
                            "if_match": etag,
                        }
                    ],
                    "reason": "Kapplöpning",
                },
            )
            for i in range(CLIENTS)
        ]
        responses = race(leads, sends)
        assert all(r.status_code == 200 for r in responses), [r.text[:200] for r in responses]
        items = [r.json()["results"][0] for r in responses]
        won = [i for i in items if i["status"] == 200]
        assert len(won) == 1, items
        assert sorted(i["status"] for i in items) == [200] + [412] * (CLIENTS - 1)
        assert {i["etag"] for i in items} == {won[0]["etag"]}
        tally.rounds += 1
        tally.winners += 1
        tally.refused[412] = tally.refused.get(412, 0) + CLIENTS - 1
        assert len(events_of(client, case["id"], "assigned")) == before + 1
        assert case_and_etag(client, case["id"])[1] == won[0]["etag"]
    print(f"reassignment items: {tally}")


def test_one_request_moving_a_case_twice_with_one_etag_moves_it_once(
    sb: Sandbox, leads: list[httpx.Client]
) -> None:
    client = leads[0]
    team_cases = client.get("/api/v1/cases", params={"queue": "team", "limit": 200}).json()["items"]
    case = [c for c in team_cases if c["status"] not in ("decided", "closed")][-1]
    officers = [
        a["username"]
        for a in sb.accounts
        if "caseworker" in a["roles"] and case["municipality_id"] in a["municipalities"]
    ]
    current, etag = case_and_etag(client, case["id"])
    first, second = [u for u in _user_ids(sb, officers) if u != current["assignee_id"]][:2]
    items = [{"case_id": case["id"], "to_user_id": to, "if_match": etag} for to in (first, second)]
    r = client.post("/api/v1/reassignments", json={"items": items, "reason": "Två gånger"}, headers=writing())
    assert [i["status"] for i in r.json()["results"]] == [200, 412]
    assert case_and_etag(client, case["id"])[0]["assignee_id"] == first


def _user_ids(sb: Sandbox, usernames: list[str]) -> list[str]:
    """User ids of demo accounts (each signs in once and asks /me)."""
    ids = []
    for username in usernames:
        with sb.client(username) as c:
            ids.append(c.get("/api/v1/me").json()["id"])
    return ids


def test_take_a_case_race_loser_gets_412_with_the_winners_case(sb: Sandbox) -> None:
    """Caseworkers (no team lead) taking one unassigned case with the same ETag: one takes it, the others
    lost a race (412 with the taken case), not a forbidden change (403); a stale ETag is judged first."""
    officers = [a for a in sb.accounts if a["roles"] == ["caseworker"]]
    municipality = next(
        m for m in officers[0]["municipalities"] if sum(m in a["municipalities"] for a in officers) >= 2
    )
    takers = [a["username"] for a in officers if municipality in a["municipalities"]][:2]
    ids = _user_ids(sb, takers)
    with ExitStack() as stack:
        per_user = [clients_for(sb, u, stack) for u in takers]
        clients = [per_user[i % 2][i] for i in range(CLIENTS)]
        unassigned = clients[0].get("/api/v1/cases", params={"queue": "unassigned", "limit": 200}).json()
        cases = [
            c
            for c in unassigned["items"]
            if c["municipality_id"] == municipality and c["status"] not in ("decided", "closed")
        ][: ROUNDS // 2 or 1]
        assert cases, "no unassigned case to take"
        tally = Tally()
        for case in cases:
            _, etag = case_and_etag(clients[0], case["id"])
            path = f"/api/v1/cases/{case['id']}"
            responses = race(
                clients, [sending("PATCH", path, {"assignee_id": ids[i % 2]}, etag) for i in range(CLIENTS)]
            )
            tally.add(responses)
            winner = only_winner(responses)
            assert_lost_to(responses, winner, winner.json())
            assert len(events_of(clients[0], case["id"], "assigned")) == 1
        # With the case's current ETag, taking someone else's case stays forbidden.
        current, etag = case_and_etag(clients[1], cases[0]["id"])
        other = clients[0] if current["assignee_id"] == ids[1] else clients[1]
        me = other.get("/api/v1/me").json()["id"]
        r = other.patch(
            f"/api/v1/cases/{cases[0]['id']}", json={"assignee_id": me}, headers=writing(**{"If-Match": etag})
        )
        assert r.status_code == 403, r.text
    print(f"take a case: {tally}")


def test_notification_race_with_one_change_has_one_winner(caseworkers: list[httpx.Client]) -> None:
    """Every client records the same notification day on one ETag: the first changes the case; for the
    others the change is a no-op by then, yet their If-Match is stale, so they get 412 (not 200)."""
    client = caseworkers[0]
    tally = Tally()
    for case in my_open_cases(client)[: ROUNDS // 2 or 1]:
        _, etag = case_and_etag(client, case["id"])
        decided = race(caseworkers[:1], [decide(case["id"], etag, "granted")])[0]
        assert decided.status_code == 201, decided.text
        party = decided.json()["case"]["parties"][0]["id"]
        body = {"parties_notified": [{"party_id": party, "notified_on": dt.date.today().isoformat()}]}
        etag = decided.headers["ETag"]
        responses = race(
            caseworkers, [sending("PATCH", f"/api/v1/cases/{case['id']}", body, etag) for _ in range(CLIENTS)]
        )
        tally.add(responses)
        winner = only_winner(responses)
        assert_lost_to(responses, winner, winner.json())
        assert len(events_of(client, case["id"], "decision_notified")) == 1
    assert tally.refused == {412: tally.rounds * (CLIENTS - 1)}
    print(f"notification PATCH: {tally}")
