"""The e-archive search core against a live sandbox: a former designation finds the record and says so,
what a search brought in is kept sealed in the store, and offline the same search runs over it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.api.errors import Rejected
from caseworker.api.transport import make_http_client
from caseworker.archive import ArchiveQuery, ArchiveSearch, MatchedBy
from caseworker.domain.models import DrawingType
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import FAST, Rig, open_rig
from tests.helpers.sandbox import Sandbox


def renamed_record(sandbox: Sandbox) -> dict[str, Any]:
    """An archive record filed under a designation the property no longer has."""
    with sandbox.client("anna") as c:
        records = c.get("/api/v1/archive/records", params={"limit": 200}).raise_for_status().json()["items"]
    return next(
        r for r in records if r["property_designation"] != r["current_designation"] and r["documents"]
    )


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultyProxy]:
    with FaultyProxy(sandbox.url) as p:
        yield p


@pytest.fixture
async def rig(sandbox: Sandbox, proxy: FaultyProxy, tmp_path: Path) -> AsyncIterator[Rig]:
    http = make_http_client(read_timeout=10, connect_timeout=5)
    rig = await open_rig(http, sandbox.url, "anna", tmp_path / "store", base_url=proxy.url, retry=FAST)
    yield rig
    await rig.close()
    await http.aclose()


async def test_a_former_designation_finds_the_record_and_says_it_was_a_former_one(
    rig: Rig, sandbox: Sandbox
) -> None:
    record = renamed_record(sandbox)
    search = ArchiveSearch(rig.client, rig.store)
    result = await search.search(ArchiveQuery(property=record["property_designation"].upper()))
    assert not result.offline
    hit = next(h for h in result.hits if h.record.id == record["id"])
    assert hit.matched is MatchedBy.FORMER
    assert hit.filed_under == record["property_designation"]
    by_current = await search.search(ArchiveQuery(property=record["current_designation"]))
    assert next(h for h in by_current.hits if h.record.id == record["id"]).matched is MatchedBy.CURRENT


async def test_offline_the_search_runs_over_the_records_fetched_before(
    rig: Rig, sandbox: Sandbox, proxy: FaultyProxy
) -> None:
    record = renamed_record(sandbox)
    search = ArchiveSearch(rig.client, rig.store)
    online = await search.search(ArchiveQuery(year_from=1900))
    assert record["id"] in {h.record.id for h in online.hits}
    # the documents came in with the records: their blobs count as the cache's
    assert await rig.store.get_document(record["documents"][0]["id"]) is not None

    proxy.cut()
    offline = await search.search(ArchiveQuery(property=record["property_designation"]))
    assert offline.offline and offline.reason is not None
    assert offline.stored == len(online.hits)
    hit = next(h for h in offline.hits if h.record.id == record["id"])
    assert hit.matched is MatchedBy.FORMER
    # filters hold offline as they do online: a year outside the record's excludes it
    later = await search.search(
        ArchiveQuery(property=record["property_designation"], year_from=record["year"] + 1)
    )
    assert record["id"] not in {h.record.id for h in later.hits}
    kind = DrawingType(record["documents"][0]["drawing_type"])
    typed = await search.search(ArchiveQuery(drawing_type=kind))
    assert typed.hits and all(any(d.drawing_type == kind for d in h.record.documents) for h in typed.hits)


async def test_a_refused_query_is_an_error_not_an_offline_result(rig: Rig) -> None:
    with pytest.raises(Rejected):
        await ArchiveSearch(rig.client, rig.store).search(ArchiveQuery(year_from=0))
