"""Round trips of wire models through the encrypted cache, and the upsert rules."""

from __future__ import annotations

import datetime as dt

import pytest

from caseworker.domain.models import (
    Address,
    Annotation,
    AnnotationKind,
    CaseStatus,
    CaseSummary,
    Document,
    DocumentKind,
    DrawingType,
    Event,
    EventKind,
    Municipality,
)
from caseworker.store import OfflineStore, StoreError
from caseworker.store.store import sort_key
from tests.caseworker.store.factories import document, full_case, summary
from tests.caseworker.store.factories import user as factory_user

NOW = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)


def _document(i: int, case_id: str = "case-000001") -> Document:
    return document(
        i, case_id, title=f"Fasadritning {i}", filename=f"fasad-{i}.pdf", kind=DocumentKind.DRAWING,
        drawing_type=DrawingType.A, revision=i, created_at=NOW + dt.timedelta(minutes=i),
    )  # fmt: skip


def _annotation(i: int, version: int = 1, text: str = "Kontrollera höjd") -> Annotation:
    return Annotation(
        id=f"ann-{i}",
        document_id="doc-1",
        page=0,
        kind=AnnotationKind.CLOUD,
        geometry={"x": 1.5, "y": 2.0, "w": 10, "h": 20},
        text=text,
        author_id="u-anna",
        author_name="Anna Handläggare",
        version=version,
        created_at=NOW,
        updated_at=NOW,
    )


def test_full_case_round_trip_with_parties(store: OfflineStore) -> None:
    case = full_case(1, applicant="Zlatan Öhrström-Åkesson", personnummer="19811218-9876")
    store.upsert_cases([case], etags={case.id: '"case-1-v1"'})
    assert store.get_case(case.id) == case
    assert store.get_case_summary(case.id) == case
    assert store.case_etag(case.id) == '"case-1-v1"'
    assert store.get_case("nope") is None


def test_summary_does_not_replace_details_of_the_same_version(store: OfflineStore) -> None:
    case = full_case(1, applicant="Anna Svensson", personnummer="19811218-9876")
    store.upsert_cases([case])
    same_version = CaseSummary.model_validate(case.model_dump())
    assert store.upsert_cases([same_version]) == 0
    assert store.get_case(case.id) == case


def test_newer_summary_replaces_details_and_older_versions_are_ignored(store: OfflineStore) -> None:
    case = full_case(1, applicant="Anna Svensson", personnummer="19811218-9876", version=3)
    store.upsert_cases([case], etags={case.id: "e3"})
    older = summary(1, version=2, status=CaseStatus.RECEIVED)
    assert store.upsert_cases([older]) == 0
    assert store.get_case(case.id) == case
    newer = summary(1, version=4, status=CaseStatus.REFERRAL, applicant_name="Anna Berg")
    assert store.upsert_cases([newer]) == 1
    assert store.get_case(case.id) is None  # details must be fetched again
    assert store.get_case_summary(case.id) == newer
    assert store.case_etag(case.id) is None  # the ETag belonged to version 3
    assert store.case_versions() == {case.id: 4}


def test_delete_cases_removes_what_belongs_to_them(store: OfflineStore) -> None:
    store.upsert_cases([summary(1), summary(2)])
    store.upsert_documents([_document(1, "case-000001"), _document(2, "case-000002")])
    store.upsert_annotations([_annotation(1)])
    store.upsert_events(
        [Event(id="ev-1", case_id="case-000001", kind=EventKind.NOTE, at=NOW, text="Ring sökanden")]
    )
    assert store.delete_cases(["case-000001"]) == 1
    assert store.get_case_summary("case-000001") is None
    assert store.list_documents("case-000001") == []
    assert store.list_annotations("doc-1") == []
    assert store.list_events("case-000001") == []
    assert [d.id for d in store.list_documents("case-000002")] == ["doc-2"]
    assert store._db.execute("SELECT count(*) FROM applicant_token").fetchone()[0] > 0  # case 2's


def test_documents_annotations_events_round_trip(store: OfflineStore) -> None:
    docs = [_document(2), _document(1)]
    store.upsert_documents(docs)
    assert store.list_documents("case-000001") == [docs[1], docs[0]]
    assert store.get_document("doc-2") == docs[0]
    assert store.referenced_blobs() == {d.sha256 for d in docs}

    store.upsert_annotations([_annotation(1, version=2, text="v2")])
    store.upsert_annotations([_annotation(1, version=1, text="stale")])  # older: ignored
    assert [a.text for a in store.list_annotations("doc-1")] == ["v2"]
    store.upsert_annotations([_annotation(1, version=3, text="v3")])
    assert [a.text for a in store.list_annotations("doc-1")] == ["v3"]
    assert store.delete_annotations(["ann-1"]) == 1

    events = [
        Event(id="ev-2", case_id="c", kind=EventKind.NOTE, at=NOW + dt.timedelta(hours=1), text="två"),
        Event(id="ev-1", case_id="c", kind=EventKind.CREATED, at=NOW, data={"by": "portal"}),
    ]
    store.upsert_events(events)
    assert store.list_events("c") == [events[1], events[0]]
    assert store.delete_events(["ev-1", "ev-2", "ev-x"]) == 2
    assert store.delete_documents(["doc-1", "doc-2"]) == 2


def test_user_municipalities_state_secrets_bookmarks(store: OfflineStore) -> None:
    user = factory_user(email="anna@alvdala.se", team_id="team-1")
    store.set_user(user)
    assert store.get_user() == user
    municipality = Municipality(
        id="alvdala",
        name="Älvdala kommun",
        committee="Bygg- och miljönämnden",
        org_number="212000-0000",
        address=Address(street="Torget 1", postal_code="123 45", city="Älvdala"),
        phone="0000-12345",
        email="bygg@alvdala.se",
        website="https://alvdala.se",
        primary_color="#123456",
        secondary_color="#abcdef",
        logo_url="/logo.svg",
        appeal_body="Länsstyrelsen",
        footer="",
        registration_prefix="BN",
    )
    store.upsert_municipalities([municipality])
    assert store.list_municipalities() == [municipality]

    assert store.get_state("cursor") is None
    store.set_state("cursor", "abc")
    assert store.get_state("cursor") == "abc"
    store.set_state("cursor", None)
    assert store.get_state("cursor") is None

    store.put_secret("refresh_token", "rt-1")
    assert store.get_secret("refresh_token") == "rt-1"
    store.delete_secret("refresh_token")
    assert store.get_secret("refresh_token") is None

    store.set_bookmark("case-000001")
    store.set_bookmark("case-000001")
    assert store.bookmarks() == {"case-000001"}
    store.set_bookmark("case-000001", False)
    assert store.bookmarks() == set()


def test_clear_cache_keeps_outbox_side(store: OfflineStore) -> None:
    store.upsert_cases([summary(1)])
    store.set_state("cursor", "c1")
    store.put_secret("access_token", "at")
    store.set_bookmark("case-000001")
    store.clear_cache()
    assert store.get_case_summary("case-000001") is None
    assert store.get_state("cursor") is None
    assert store.get_secret("access_token") == "at"
    assert store.bookmarks() == {"case-000001"}


def test_swedish_sort_key() -> None:
    names = ["Östby", "Zeta", "Åby", "älvdala", "Abc", "Ärla", "Eke", "Éden"]
    assert sorted(names, key=sort_key) == ["Abc", "Éden", "Eke", "Zeta", "Åby", "älvdala", "Ärla", "Östby"]


def test_closed_store_says_so(store: OfflineStore) -> None:
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.get_state("x")
