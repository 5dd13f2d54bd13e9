"""Every operation of the contract through PlatformClient against a live sandbox: validated models back,
and the platform's refusals as typed errors (412 Conflict with the current version, 403, 404, 422, 428)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest

from caseworker.api.client import CaseFilters, PlatformClient
from caseworker.api.errors import Conflict, Forbidden, Gone, NotFound, Rejected
from caseworker.domain.models import (
    Annotation,
    AnnotationInput,
    AnnotationKind,
    ArchivePage,
    Attachment,
    Case,
    CasePage,
    CasePatch,
    CaseStatus,
    ChangePage,
    DecisionInput,
    DecisionOutcome,
    DecisionResult,
    Document,
    EventKind,
    MessageCreate,
    Municipality,
    NoteCreate,
    ReassignmentItem,
    ReassignmentRequest,
    Role,
    User,
    Workload,
)
from tests.helpers.sandbox import MINIMAL_PDF, Sandbox

Connect = Callable[..., Awaitable[PlatformClient]]


def key() -> str:
    return str(uuid.uuid4())


async def a_case(client: PlatformClient, *statuses: CaseStatus, mine: bool = False) -> str:
    page = await client.cases("mine" if mine else "all", CaseFilters(statuses=statuses), limit=50)
    assert page.items, f"the demo data has no case in {statuses}"
    return page.items[0].id


async def a_document(client: PlatformClient) -> Document:
    page = await client.cases("all", limit=100)
    for summary in page.items:
        documents = await client.documents(summary.id)
        if documents:
            return documents[0]
    pytest.fail("the demo data has no case with documents")


# --- identity, organisation ---------------------------------------------------------------------------


async def test_me_municipalities_and_logo(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    me = await client.me()
    assert isinstance(me, User) and me.username == caseworker_name and Role.CASEWORKER in me.roles
    municipalities = await client.municipalities()
    assert municipalities and all(isinstance(m, Municipality) for m in municipalities)
    # every profile is public letterhead data; the user serves a subset of them
    assert set(me.municipalities) < {m.id for m in municipalities}
    logo = await client.municipality_logo(municipalities[0])
    assert logo.startswith(b"\x89PNG")


async def test_workload_and_reassignment_for_a_team_lead(
    connect: Connect, sb: Sandbox, lead_name: str
) -> None:
    lead = await connect(lead_name)
    me = await lead.me()
    assert me.team_id is not None
    workload = await lead.workload(me.team_id)
    assert isinstance(workload, Workload) and workload.team_id == me.team_id and workload.members

    accounts = {a["display_name"]: a for a in sb.accounts}
    page = await lead.cases("team", CaseFilters(statuses=[CaseStatus.RECEIVED, CaseStatus.UNDER_REVIEW]))
    case, colleague = next(
        (c, m.user_id)
        for c in page.items
        for m in workload.members
        if m.user_id != c.assignee_id
        and "caseworker" in accounts[m.display_name]["roles"]
        and c.municipality_id in accounts[m.display_name]["municipalities"]
    )
    _, etag = await lead.case(case.id)
    request = ReassignmentRequest(
        items=[
            ReassignmentItem(case_id=case.id, to_user_id=colleague, if_match=etag),
            ReassignmentItem(case_id="no-such-case", to_user_id=colleague, if_match='"x"'),
        ],
        reason="Semester",
    )
    result = await lead.reassign(request, idempotency_key=key())
    by_case = {r.case_id: r for r in result.results}
    assert by_case["no-such-case"].status == 404  # per-item results, never an exception
    assert by_case[case.id].status == 200 and by_case[case.id].etag != etag
    assert (await lead.case(case.id))[0].assignee_id == colleague


async def test_a_caseworker_may_not_reassign_or_see_workload(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    me = await client.me()
    request = ReassignmentRequest(
        items=[ReassignmentItem(case_id="x", to_user_id=me.id, if_match='"x"')], reason="Test"
    )
    with pytest.raises(Forbidden) as err:
        await client.reassign(request, idempotency_key=key())
    assert err.value.status == 403 and err.value.user_message
    with pytest.raises(Forbidden):
        await client.workload(me.team_id or "team")


# --- cases -------------------------------------------------------------------------------------------------


async def test_queues_page_through_with_cursors(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    pages = [page async for page in client.case_pages("all", limit=40)]
    assert len(pages) >= 2 and all(isinstance(p, CasePage) for p in pages)
    assert pages[-1].next_cursor is None
    ids = [item.id for page in pages for item in page.items]
    assert len(ids) == len(set(ids))
    mine = await client.cases("mine", limit=1000)
    me = await client.me()
    assert mine.items and {c.assignee_id for c in mine.items} == {me.id}
    received = await client.cases("all", CaseFilters(statuses=[CaseStatus.RECEIVED]), limit=20)
    assert received.items and {c.status for c in received.items} == {CaseStatus.RECEIVED}


async def test_case_patch_and_conflict(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    case_id = await a_case(client, CaseStatus.RECEIVED)
    case, etag = await client.case(case_id)
    assert isinstance(case, Case) and etag

    changed, new_etag = await client.patch_case(
        case_id, CasePatch(status=CaseStatus.UNDER_REVIEW), if_match=etag, idempotency_key=key()
    )
    assert changed.status is CaseStatus.UNDER_REVIEW and new_etag != etag

    with pytest.raises(Conflict) as err:  # based on the old version: someone (we) changed it since
        await client.patch_case(
            case_id, CasePatch(status=CaseStatus.REFERRAL), if_match=etag, idempotency_key=key()
        )
    assert err.value.status == 412 and err.value.etag == new_etag
    assert isinstance(err.value.current, Case) and err.value.current.status is CaseStatus.UNDER_REVIEW
    assert err.value.current_data is not None


async def test_patch_without_if_match_is_rejected_428(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    case_id = await a_case(client, CaseStatus.RECEIVED, CaseStatus.UNDER_REVIEW)
    with pytest.raises(Rejected) as err:
        await client.patch_case(
            case_id, CasePatch(status=CaseStatus.REFERRAL), if_match="", idempotency_key=key()
        )
    assert err.value.status == 428


async def test_an_impossible_transition_is_rejected_422(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    case_id = await a_case(client, CaseStatus.RECEIVED, CaseStatus.UNDER_REVIEW)
    _, etag = await client.case(case_id)
    with pytest.raises(Rejected) as err:
        await client.patch_case(
            case_id, CasePatch(status=CaseStatus.DECIDED), if_match=etag, idempotency_key=key()
        )
    assert err.value.status == 422 and err.value.problem is not None


async def test_outside_the_users_municipalities_is_not_found(
    connect: Connect, sb: Sandbox, caseworker_name: str
) -> None:
    client = await connect(caseworker_name)
    served = set((await client.me()).municipalities)
    other = next(a for a in sb.accounts if set(a["municipalities"]) - served)
    foreign_client = await connect(other["username"])
    foreign = next(
        c for c in (await foreign_client.cases("all", limit=200)).items if c.municipality_id not in served
    )
    with pytest.raises(NotFound):
        await client.case(foreign.id)
    with pytest.raises(NotFound):
        await client.case("no-such-case")


async def test_events_notes_and_messages(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    case_id = await a_case(client, CaseStatus.RECEIVED, CaseStatus.UNDER_REVIEW, CaseStatus.COMPLETE)
    note_key = key()
    note = await client.add_note(
        case_id, NoteCreate(text="Ring sökanden om ritningen."), idempotency_key=note_key
    )
    assert note.kind is EventKind.NOTE and note.case_id == case_id
    again = await client.add_note(
        case_id, NoteCreate(text="Ring sökanden om ritningen."), idempotency_key=note_key
    )
    assert again.id == note.id  # the same key replays the first answer: one note
    with pytest.raises(Rejected) as err:  # the same key with another payload
        await client.add_note(case_id, NoteCreate(text="Något annat"), idempotency_key=note_key)
    assert err.value.status == 422

    attachment = Attachment(
        filename="komplettering.txt",
        media_type="text/plain",
        content_base64=base64.b64encode(b"hej").decode(),
    )
    message = await client.send_message(
        case_id,
        MessageCreate(subject="Komplettering", body="Vi behöver en fasadritning.", attachments=[attachment]),
        idempotency_key=key(),
    )
    assert message.kind is EventKind.MESSAGE
    events = await client.events(case_id)
    assert [e.id for e in events].count(note.id) == 1 and message.id in {e.id for e in events}
    assert "komplettering.txt" in {d.filename for d in await client.documents(case_id)}


async def test_decision_multipart(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    case_id = await a_case(client, CaseStatus.COMPLETE, CaseStatus.UNDER_REVIEW)
    case, etag = await client.case(case_id)
    decision = DecisionInput(
        outcome=DecisionOutcome.GRANTED,
        legal_ground="9 kap. 30 § plan- och bygglagen (2010:900)",
        decided_on=dt.date.today(),
        conditions=["Kontrollansvarig ska finnas."],
        fee_sek=case.fee_sek,
        signed_by="Testhandläggare",
    )
    result, new_etag = await client.post_decision(
        case_id, decision, MINIMAL_PDF, if_match=etag, idempotency_key=key()
    )
    assert isinstance(result, DecisionResult) and result.case.status is CaseStatus.DECIDED
    assert result.document.media_type == "application/pdf" and new_etag and new_etag != etag
    with pytest.raises(Conflict) as err:
        await client.post_decision(case_id, decision, MINIMAL_PDF, if_match=etag, idempotency_key=key())
    assert isinstance(err.value.current, Case) and err.value.current.status is CaseStatus.DECIDED


# --- documents and markups ---------------------------------------------------------------------------------


async def test_documents_and_markups(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    document = await a_document(client)
    assert isinstance(document, Document)
    assert (await client.document(document.id)) == document
    before = await client.annotations(document.id)
    assert all(isinstance(a, Annotation) for a in before)

    markup = AnnotationInput(
        page=0, kind=AnnotationKind.CLOUD, geometry={"rect": [10, 10, 120, 80]}, text="Mått?"
    )
    created, etag = await client.create_annotation(document.id, markup, idempotency_key=key())
    assert created.text == "Mått?" and etag
    moved = markup.model_copy(update={"geometry": {"rect": [20, 20, 130, 90]}})
    updated, etag2 = await client.update_annotation(created.id, moved, if_match=etag, idempotency_key=key())
    assert updated.geometry == {"rect": [20, 20, 130, 90]} and etag2 != etag

    with pytest.raises(Conflict) as err:
        await client.update_annotation(created.id, markup, if_match=etag, idempotency_key=key())
    assert isinstance(err.value.current, Annotation) and err.value.etag == etag2
    with pytest.raises(Conflict):
        await client.delete_annotation(created.id, if_match=etag, idempotency_key=key())
    await client.delete_annotation(created.id, if_match=etag2, idempotency_key=key())
    assert created.id not in {a.id for a in await client.annotations(document.id)}

    bad = AnnotationInput(page=0, kind=AnnotationKind.TEXT, geometry={"at": "somewhere"})
    with pytest.raises(Rejected) as rejected:
        await client.create_annotation(document.id, bad, idempotency_key=key())
    assert rejected.value.status == 422


# --- archive and sync ------------------------------------------------------------------------------


async def test_archive_search_pages(connect: Connect, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    first = await client.archive_search(limit=3)
    assert isinstance(first, ArchivePage) and first.items
    pages = [page async for page in client.archive_pages(limit=5)]
    assert pages[-1].next_cursor is None
    designation = first.items[0].current_designation
    hits = await client.archive_search(property=designation, year_from=1900, year_to=2100)
    assert designation in {r.current_designation for r in hits.items}


async def test_delta_feed_and_gone(connect: Connect, sb: Sandbox, caseworker_name: str) -> None:
    client = await connect(caseworker_name)
    first = await client.changes(limit=50)
    assert isinstance(first, ChangePage) and first.has_more and len(first.changes) == 50
    second = await client.changes(first.next_cursor, limit=50)
    assert second.changes[0].seq > first.changes[-1].seq
    # the platform moves on and forgets its older deletions: our cursor is too old now
    case_id = (await client.cases("all", limit=1)).items[0].id
    await client.add_note(case_id, NoteCreate(text="Ny händelse"), idempotency_key=key())
    httpx.post(
        sb.url + "/sandbox/admin/expire-cursors", headers=sb.admin_headers, timeout=10
    ).raise_for_status()
    with pytest.raises(Gone) as err:
        await client.changes(first.next_cursor)
    assert err.value.status == 410 and "hämtas om" in err.value.user_message
