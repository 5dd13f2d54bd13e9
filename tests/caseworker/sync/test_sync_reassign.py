"""A team lead's bulk move through the outbox: one item per case with its If-Match, each settling on its
own (moved, a conflict for a case changed meanwhile, refused for a member outside the municipality), the
move in the case's history; a caseworker's move of someone else's case refused as "only a team lead"."""

from __future__ import annotations

from caseworker.domain.models import EventKind
from caseworker.store import OutboxState
from caseworker.sync.kinds.reassign import NOT_A_LEAD
from tests.caseworker.sync.conftest import OpenRig
from tests.helpers.rig import Platform


def member(lead: Platform, name: str) -> str:
    team = lead.http.get(f"/api/v1/teams/{lead.me()['team_id']}/workload").json()
    return str(next(m["user_id"] for m in team["members"] if m["display_name"] == name))


async def test_a_bulk_move_settles_per_case(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    anna_id = anna.me()["id"]
    erik, reza = member(maria, "Erik Sandberg"), member(maria, "Reza Karimi")

    def annas_in_alvdala(c: dict) -> bool:
        open_ = c["status"] not in ("decided", "closed")
        return c["assignee_id"] == anna_id and c["municipality_id"] == "alvdala" and open_

    (changed,) = maria.pick(1, lambda c: annas_in_alvdala(c) and c["status"] == "received", taken=taken)
    moved, elsewhere = maria.pick(2, annas_in_alvdala, taken=taken)
    rig = await rigs("maria")
    assert (await rig.engine.sync_now()).error is None
    anna.patch(changed["id"], {"status": "under_review"}).raise_for_status()  # changed meanwhile

    items = await rig.engine.reassign(
        [(moved["id"], erik, "Erik Sandberg"), (changed["id"], erik, "Erik Sandberg"),
         (elsewhere["id"], reza, "Reza Karimi")],
        "Jämnar ut",
    )  # fmt: skip
    cached = await rig.store.get_case_summary(moved["id"])
    assert cached is not None and cached.assignee_id == erik  # shown moved at once
    await rig.engine.sync_now()
    states = [(await rig.store.get_outbox_item(i.id)).state for i in items]
    assert states == [OutboxState.DONE, OutboxState.CONFLICT, OutboxState.REJECTED]

    case, _ = maria.case(moved["id"])
    assert case["assignee_id"] == erik
    event = [e for e in maria.events(moved["id"]) if e["kind"] == EventKind.ASSIGNED.value][-1]
    assert event["text"] == "Jämnar ut" and event["actor_name"] == "Maria Engström"
    assert event["data"]["to_name"] == "Erik Sandberg"
    assert maria.case(changed["id"])[0]["assignee_id"] == anna_id
    assert maria.case(elsewhere["id"])[0]["assignee_id"] == anna_id  # Reza serves Norrsjö only (422)


async def test_a_caseworkers_move_of_anothers_case_is_refused_as_not_a_lead(
    rigs: OpenRig, anna: Platform, maria: Platform, taken: set[str]
) -> None:
    anna_id = anna.me()["id"]
    (case,) = maria.pick(1, lambda c: c["assignee_id"] not in (None, anna_id), taken=taken)
    rig = await rigs("anna")
    await rig.engine.sync_now()
    (item,) = await rig.engine.reassign([(case["id"], anna_id, "Anna Lindqvist")], "Tar över")
    await rig.engine.sync_now()
    item = await rig.store.get_outbox_item(item.id)
    assert item.state is OutboxState.REJECTED and item.last_error == NOT_A_LEAD
    assert maria.case(case["id"])[0]["assignee_id"] == case["assignee_id"]
