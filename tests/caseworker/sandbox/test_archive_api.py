"""E-archive search over real HTTP: former designations, drawing type and year, text, paging, tenants."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session

from caseworker.sandbox import db
from tests.helpers.sandbox import Sandbox

ARCHIVE = "/api/v1/archive/records"


def search(client: httpx.Client, limit: int = 1000, **params: Any) -> list[dict[str, Any]]:
    """Every record matching (all pages)."""
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"limit": limit, **params}
    while True:
        r = client.get(ARCHIVE, params=query)
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        if not r.json()["next_cursor"]:
            return items
        query["cursor"] = r.json()["next_cursor"]


def cases_with_former_names(client: httpx.Client) -> list[dict[str, Any]]:
    """Cases (full wire form, from the delta feed) whose property had other names."""
    found: dict[str, dict[str, Any]] = {}
    params: dict[str, Any] = {"limit": 1000}
    while True:
        page = client.get("/api/v1/sync/changes", params=params).json()
        for c in page["changes"]:
            if c["entity"] == "case" and c["data"]["property"]["former_designations"]:
                found[c["id"]] = c["data"]
        params["cursor"] = page["next_cursor"]
        if not page["has_more"]:
            return list(found.values())


def ids(records: list[dict[str, Any]]) -> set[str]:
    return {r["id"] for r in records}


@pytest.fixture(scope="module")
def everything(client: httpx.Client) -> list[dict[str, Any]]:
    records = search(client)
    assert len(records) > 20
    return records


def test_a_former_designation_finds_the_current_propertys_records(client: httpx.Client) -> None:
    cases = cases_with_former_names(client)
    pairs = [
        (c["property"]["designation"], former)
        for c in cases
        for former in c["property"]["former_designations"]
        if former.lower() not in c["property"]["designation"].lower()  # (a mother property's 4:1 is in 4:12)
    ]
    assert pairs, "the demo data has properties with former designations"
    for current, former in pairs[:8]:
        by_former = search(client, property=former)
        on_property = [r for r in by_former if r["current_designation"] == current]
        assert on_property, f"{former} (now {current}) finds nothing"
        by_current = [r for r in search(client, property=current) if r["current_designation"] == current]
        assert ids(on_property) == ids(by_current)
        assert ids(search(client, property=former.upper())) == ids(by_former)  # case-insensitive


def test_records_filed_under_an_old_name_are_found_by_the_new_one(client: httpx.Client) -> None:
    filed_under_old = [
        r for c in cases_with_former_names(client)
        for r in search(client, property=c["property"]["designation"])
        if r["property_designation"] != r["current_designation"]
    ]  # fmt: skip
    assert filed_under_old, "some records are filed under a former designation"
    for r in filed_under_old:
        assert r["id"] in ids(search(client, property=r["current_designation"]))
        assert r["id"] in ids(search(client, property=r["property_designation"]))


def test_a_property_renamed_after_filing_is_found_via_its_cases(make_sandbox: Any) -> None:
    """The archive's own name list can be out of date; the live cases know the newer names."""
    sb = make_sandbox()
    account = sb.account(role="caseworker", exclude_role="team_lead", municipality="alvdala")
    with sb.client(account["username"]) as c:
        case = cases_with_former_names(c)[0]
        current, former = case["property"]["designation"], case["property"]["former_designations"][0]
        records = [r for r in search(c, property=current) if r["current_designation"] == current]
        assert records
        engine = create_engine(sb.running.settings.db_url)
        with Session(engine) as s:
            # (1) the records forget the former name: only the case still knows it
            s.execute(
                update(db.ArchiveRecord)
                .where(db.ArchiveRecord.id.in_(ids(records)))
                .values(search_designations=current.lower(), property_designation=current)
            )
            # (2) another case's property is renamed after its records were filed
            other = s.scalars(
                select(db.Case).where(
                    db.Case.municipality_id.in_(account["municipalities"]),
                    db.Case.property_designation.in_(select(db.ArchiveRecord.current_designation)),
                    db.Case.property_designation != current,
                )
            ).first()
            assert other is not None
            old_name, new_name = other.property_designation, "Älvdala Nyplanen 99:1"
            s.execute(
                update(db.Case)
                .where(db.Case.property_designation == old_name)
                .values(property_designation=new_name, former_designations=[old_name])
            )
            s.commit()
        engine.dispose()
        assert ids(records) <= ids(search(c, property=former))
        renamed = [r for r in search(c, property="nyplanen 99:1") if r["current_designation"] == old_name]
        assert renamed
        assert ids(renamed) == ids(
            [r for r in search(c, property=old_name) if r["current_designation"] == old_name]
        )


def test_drawing_type_filter(client: httpx.Client, everything: list[dict[str, Any]]) -> None:
    types = {d["drawing_type"] for r in everything for d in r["documents"] if d["drawing_type"]}
    assert len(types) >= 2
    for drawing_type in types:
        expected = {
            r["id"] for r in everything if any(d["drawing_type"] == drawing_type for d in r["documents"])
        }
        found = search(client, drawing_type=drawing_type)
        assert expected and ids(found) == expected
    assert any(len(search(client, drawing_type=t)) < len(everything) for t in types)  # it does filter
    assert client.get(ARCHIVE, params={"drawing_type": "ZZ"}).status_code == 422


def test_year_filters_are_inclusive(client: httpx.Client, everything: list[dict[str, Any]]) -> None:
    years = sorted({r["year"] for r in everything})
    middle = years[len(years) // 2]
    assert ids(search(client, year_from=middle)) == {r["id"] for r in everything if r["year"] >= middle}
    assert ids(search(client, year_to=middle)) == {r["id"] for r in everything if r["year"] <= middle}
    exact = search(client, year_from=middle, year_to=middle)
    assert exact and ids(exact) == {r["id"] for r in everything if r["year"] == middle}
    assert search(client, year_from=middle + 1, year_to=middle - 1) == []


def test_text_search_and_combination(client: httpx.Client, everything: list[dict[str, Any]]) -> None:
    record = everything[len(everything) // 2]
    assert record["id"] in ids(search(client, q=record["registration_number"].lower()))
    for word in {w for r in everything for w in r["title"].split() if len(w) > 4}:
        titled = {r["id"] for r in everything if word.lower() in r["title"].lower()}
        found = ids(search(client, q=word.upper()))  # case-insensitive, Swedish letters included
        assert titled <= found, word
        assert len(found) < len(everything) or len(titled) == len(everything), word
    combined = search(client, q=record["registration_number"], year_from=record["year"] + 1)
    assert record["id"] not in ids(combined)


def test_paging_returns_every_record_once_in_order(
    client: httpx.Client, everything: list[dict[str, Any]]
) -> None:
    paged = search(client, limit=7)
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    keys = [(-r["year"], r["id"]) for r in everything]
    assert keys == sorted(keys)
    assert client.get(ARCHIVE, params={"cursor": "bm9wZQ"}).status_code == 400


def test_records_carry_their_documents(client: httpx.Client, everything: list[dict[str, Any]]) -> None:
    assert all(r["documents"] for r in everything)
    for r in everything[:5]:
        for d in r["documents"]:
            assert d["archive_record_id"] == r["id"] and d["kind"] == "archive_scan"
            content = client.get(f"/api/v1/documents/{d['id']}/content")
            assert content.status_code == 200 and len(content.content) == d["size"]


def test_only_the_users_municipalities(
    sandbox: Sandbox, me: dict[str, Any], client: httpx.Client, everything: list[dict[str, Any]]
) -> None:
    assert {r["municipality_id"] for r in everything} <= set(me["municipalities"])
    outsider = next(a for a in sandbox.accounts if not set(a["municipalities"]) & set(me["municipalities"]))
    with sandbox.client(outsider["username"]) as other:
        theirs = search(other)
        assert theirs and {r["municipality_id"] for r in theirs} <= set(outsider["municipalities"])
        foreign = theirs[0]
        assert search(other, property=foreign["current_designation"])
    assert search(client, property=foreign["current_designation"]) == []
    assert search(client, q=foreign["registration_number"]) == []
    assert not ids(theirs) & ids(everything)
