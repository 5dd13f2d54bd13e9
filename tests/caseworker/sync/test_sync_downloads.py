""" "Make available offline" downloads: encrypted on disk from the first byte, resumed where they broke off;
a torn or damaged download is not trusted. The dense A0 sheet (1.4 MB) spans more than one blob chunk
(1 MiB), so a break after the first chunk leaves a whole chunk and a tail."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from caseworker.api.errors import Offline
from caseworker.api.transport import make_http_client
from caseworker.sandbox.seed import DENSE_A0_CASE_ID
from caseworker.store.blobs import CHUNK_SIZE
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.plaintext import files_under
from tests.helpers.rig import OpenRig, Platform, Rig

BREAK_AT = 1_200_000  # bytes into the sheet: past its first chunk


@dataclass(frozen=True)
class Sheet:
    """The dense A0 sheet of its case, and where its bytes start in the case's download progress."""

    document_id: str
    sha256: str
    content: bytes
    start: int


@pytest.fixture(scope="module")
def sheet(anna: Platform) -> Sheet:
    by_sha: dict[str, dict[str, Any]] = {}
    for d in anna.documents(DENSE_A0_CASE_ID):
        by_sha.setdefault(d["sha256"], d)
    in_order = list(by_sha.values())  # the order the engine downloads them in
    big = max(in_order, key=lambda d: d["size"])
    assert CHUNK_SIZE < BREAK_AT < big["size"] - 100_000
    response = anna.http.get(f"/api/v1/documents/{big['id']}/content")
    response.raise_for_status()
    start = sum(d["size"] for d in in_order[: in_order.index(big)])
    return Sheet(big["id"], big["sha256"], response.content, start)


@pytest.fixture
def ranges() -> list[tuple[str, str | None]]:
    return []


@pytest.fixture
async def http(ranges: list[tuple[str, str | None]]) -> AsyncIterator[httpx.AsyncClient]:
    """The rigs' HTTP client, recording the Range header of every document-content request."""

    async def record(request: httpx.Request) -> None:
        if request.url.path.endswith("/content"):
            ranges.append((request.url.path.split("/")[-2], request.headers.get("range")))

    client = make_http_client(read_timeout=5, connect_timeout=5, request_hooks=[record])
    yield client
    await client.aclose()


async def break_off(rig: Rig, proxy: FaultyProxy, sheet: Sheet) -> Path:
    """Make the case available offline; the sheet's response stops after BREAK_AT bytes, and the network
    goes away right then (so the engine gives up instead of resuming at once)."""
    armed, gone = [False], [False]

    def network_fails(done: int, total: int) -> None:
        if done == sheet.start and not armed[0]:
            armed[0] = True  # the documents before the sheet are done: its request comes next
            proxy.truncate(after_body_bytes=BREAK_AT, times=1)
        if done >= sheet.start + BREAK_AT and not gone[0]:
            gone[0] = True
            proxy.cut()

    with pytest.raises(Offline):
        await rig.engine.make_available_offline(DENSE_A0_CASE_ID, progress=network_fails)
    proxy.restore()
    path = rig.directory / "incoming" / sheet.sha256
    assert path.is_file() and not await rig.store.has_blob(sheet.sha256)
    return path


def plaintext_on_disk(root: Path, content: bytes, upto: int) -> list[str]:
    """Files under ``root`` holding the PDF header or any of a few pieces of the first ``upto`` bytes."""
    pieces = [b"%PDF"] + [content[at : at + 32] for at in range(1024, upto - 32, 100_000)]
    return [
        f"{piece[:12]!r} in {path.relative_to(root)}"
        for path, content in files_under(root)
        for piece in pieces
        if piece in content
    ]


def resumed_at(ranges: list[tuple[str, str | None]], sheet: Sheet) -> list[str | None]:
    return [r for document_id, r in ranges if document_id == sheet.document_id]


async def test_an_interrupted_download_is_sealed_on_disk_and_resumes_where_it_broke_off(
    rigs: OpenRig, proxy: FaultyProxy, sheet: Sheet, ranges: list[tuple[str, str | None]]
) -> None:
    rig = await rigs(base_url=proxy.url)
    partial = await break_off(rig, proxy, sheet)
    assert plaintext_on_disk(rig.directory, sheet.content, BREAK_AT) == []
    canary = rig.directory / "incoming" / "canary"  # the scan finds plaintext where there is some
    canary.write_bytes(sheet.content[:BREAK_AT])
    assert len(plaintext_on_disk(rig.directory, sheet.content, BREAK_AT)) >= 10
    canary.unlink()
    with rig.store.blobs.open_download(sheet.sha256, len(sheet.content)) as kept:
        assert kept.received == BREAK_AT  # every byte that arrived, not just the whole chunks
    assert partial.stat().st_size > BREAK_AT

    ranges.clear()
    await rig.engine.make_available_offline(DENSE_A0_CASE_ID)
    assert resumed_at(ranges, sheet) == [f"bytes={BREAK_AT}-"]
    assert await rig.store.read_blob(sheet.sha256) == sheet.content
    assert not any((rig.directory / "incoming").iterdir())


def _flip(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :]


DAMAGE: dict[str, tuple[Callable[[bytes, bytes], bytes], int | None]] = {
    # what happens to the partial file, and where the download resumes (None: from the start)
    "torn tail": (lambda raw, content: raw[:-1], CHUNK_SIZE),
    "damaged first chunk": (lambda raw, content: _flip(raw, 12 + 12 + 1000), None),
    "plaintext of an older version": (lambda raw, content: content[:BREAK_AT], None),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
async def test_a_torn_or_damaged_download_is_not_trusted(
    rigs: OpenRig,
    proxy: FaultyProxy,
    sheet: Sheet,
    ranges: list[tuple[str, str | None]],
    damage: str,
) -> None:
    change, resume_from = DAMAGE[damage]
    rig = await rigs(base_url=proxy.url)
    partial = await break_off(rig, proxy, sheet)
    partial.write_bytes(change(partial.read_bytes(), sheet.content))

    ranges.clear()
    await rig.engine.make_available_offline(DENSE_A0_CASE_ID)
    expected = None if resume_from is None else f"bytes={resume_from}-"
    assert resumed_at(ranges, sheet) == [expected]
    assert await rig.store.read_blob(sheet.sha256) == sheet.content
    assert not any((rig.directory / "incoming").iterdir())


async def test_a_new_run_starts_downloads_afresh(rigs: OpenRig, proxy: FaultyProxy, sheet: Sheet) -> None:
    rig = await rigs(base_url=proxy.url)
    await break_off(rig, proxy, sheet)
    (rig.directory / "incoming" / "old.part").write_bytes(sheet.content[:1000])  # an older version's
    await rig.engine.start(interval=3600)
    await rig.engine.stop()
    assert not any((rig.directory / "incoming").iterdir())


async def test_two_calls_for_the_same_documents_download_each_once(
    rigs: OpenRig, sheet: Sheet, ranges: list[tuple[str, str | None]]
) -> None:
    rig = await rigs()
    await asyncio.gather(*(rig.engine.make_available_offline(DENSE_A0_CASE_ID) for _ in range(2)))
    assert resumed_at(ranges, sheet) == [None]
    assert await rig.store.read_blob(sheet.sha256) == sheet.content
