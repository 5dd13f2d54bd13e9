"""Document downloads: progress, resume with Range/If-Range from a .part file or an encrypted download in the
store, sha256 check, atomic rename."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from caseworker.api.client import PlatformClient, RetryPolicy
from caseworker.api.errors import BadResponse, Offline
from caseworker.api.transport import make_http_client
from caseworker.domain.models import Document
from caseworker.store import BlobStore
from tests.helpers.faulty_proxy import FaultyProxy

Connect = Callable[..., Awaitable[PlatformClient]]


async def a_big_document(client: PlatformClient, at_least: int = 20_000) -> Document:
    async for page in client.case_pages("all", limit=100):
        for summary in page.items:
            for document in await client.documents(summary.id):
                if document.size >= at_least:
                    return document
    pytest.fail(f"the demo data has no document of {at_least} bytes or more")


class Recorder:
    """Request hook: the Range header of every document-content request."""

    def __init__(self) -> None:
        self.ranges: list[str | None] = []

    async def __call__(self, request: httpx.Request) -> None:
        if request.url.path.endswith("/content"):
            self.ranges.append(request.headers.get("range"))


Recorded = tuple[Recorder, httpx.AsyncClient]
Big = tuple[PlatformClient, Document]


@pytest.fixture
async def big(connect: Connect, caseworker_name: str) -> Big:
    """A caseworker's platform client and a document big enough to download in parts."""
    client = await connect(caseworker_name)
    return client, await a_big_document(client)


async def test_download_verifies_and_reports_progress(big: Big, tmp_path: Path) -> None:
    client, document = big
    calls: list[tuple[int, int]] = []
    dest = await client.download_document(
        document, tmp_path / "doc.pdf", lambda done, total: calls.append((done, total))
    )
    data = dest.read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.sha256 and len(data) == document.size
    assert calls[0] == (0, document.size) and calls[-1] == (document.size, document.size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert not (tmp_path / "doc.pdf.part").exists()


@pytest.fixture
async def recorded() -> AsyncIterator[Recorded]:
    """An HTTP client whose requests' Range headers are recorded: (the recorder, the client)."""
    recorder = Recorder()
    http = make_http_client(request_hooks=[recorder])
    yield recorder, http
    await http.aclose()


async def test_a_truncated_download_resumes_from_the_part_file(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str, tmp_path: Path, recorded: Recorded
) -> None:
    recorder, http = recorded
    client = await connect(caseworker_name, base_url=proxy.url, client=http, retry=RetryPolicy(attempts=1))
    document = await a_big_document(client)
    dest, part = tmp_path / "ritning.pdf", tmp_path / "ritning.pdf.part"

    def network_goes_away(done: int, total: int) -> None:
        if done >= 5000:
            proxy.cut()  # right when the truncated body has arrived: the retry finds no network

    proxy.truncate(after_body_bytes=5000, times=1)
    with pytest.raises(Offline):
        await client.download_document(document, dest, network_goes_away)
    assert part.stat().st_size == 5000 and not dest.exists()

    proxy.restore()
    calls: list[tuple[int, int]] = []
    await client.download_document(document, dest, lambda done, total: calls.append((done, total)))
    assert recorder.ranges[0] is None and recorder.ranges[-1] == "bytes=5000-"
    assert calls[0] == (5000, document.size) and calls[-1] == (document.size, document.size)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == document.sha256 and not part.exists()


async def test_a_cancelled_download_leaves_a_part_to_resume(big: Big, tmp_path: Path) -> None:
    client, document = big
    dest, part = tmp_path / "doc", tmp_path / "doc.part"

    def quit_midway(done: int, total: int) -> None:
        if done > 0:
            task = asyncio.current_task()
            assert task is not None
            task.cancel()  # the user closes the drawing (or the app) mid-download

    with pytest.raises(asyncio.CancelledError):
        await client.download_document(document, dest, quit_midway)
    assert 0 < part.stat().st_size <= document.size and not dest.exists()
    await client.download_document(document, dest)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == document.sha256


async def test_one_call_resumes_by_itself_when_retries_are_allowed(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str, tmp_path: Path, recorded: Recorded
) -> None:
    recorder, http = recorded
    client = await connect(caseworker_name, base_url=proxy.url, client=http)
    document = await a_big_document(client)
    proxy.truncate(after_body_bytes=3000, times=1)
    dest = await client.download_document(document, tmp_path / "doc")
    assert recorder.ranges == [None, "bytes=3000-"]
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == document.sha256


async def test_a_checksum_mismatch_leaves_no_file(big: Big, tmp_path: Path) -> None:
    client, document = big
    wrong = document.model_copy(update={"sha256": "0" * 64})
    with pytest.raises(BadResponse) as err:
        await client.download_document(wrong, tmp_path / "doc")
    assert "sha256" in str(err.value)
    assert list(tmp_path.iterdir()) == []


async def test_a_corrupt_part_file_is_caught_and_the_next_call_starts_over(big: Big, tmp_path: Path) -> None:
    client, document = big
    (tmp_path / "doc.part").write_bytes(b"\0" * 1000)  # not the document's first 1000 bytes
    with pytest.raises(BadResponse):
        await client.download_document(document, tmp_path / "doc")
    assert list(tmp_path.iterdir()) == []
    dest = await client.download_document(document, tmp_path / "doc")
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == document.sha256


async def test_more_bytes_than_announced_are_refused(big: Big, tmp_path: Path) -> None:
    client, document = big
    with pytest.raises(BadResponse):
        await client.download_document(document.model_copy(update={"size": 100}), tmp_path / "doc")
    assert list(tmp_path.iterdir()) == []


async def test_a_download_into_the_store_is_encrypted_from_the_first_byte_and_resumes(
    proxy: FaultyProxy, connect: Connect, caseworker_name: str, tmp_path: Path
) -> None:
    recorder = Recorder()
    http = make_http_client(request_hooks=[recorder])
    blobs = BlobStore(tmp_path / "blobs", os.urandom(32), tmp_path / "q", downloads_dir=tmp_path / "in")
    try:
        client = await connect(
            caseworker_name, base_url=proxy.url, client=http, retry=RetryPolicy(attempts=1)
        )
        document = await a_big_document(client)
        content = await _content(client, document)

        def network_goes_away(done: int, total: int) -> None:
            if done >= 5000:
                proxy.cut()

        proxy.truncate(after_body_bytes=5000, times=1)
        with pytest.raises(Offline), blobs.open_download(document.sha256, document.size) as download:
            await client.download_to(document, download, network_goes_away)
        on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
        assert len(on_disk) > 5000 and b"%PDF" not in on_disk and content[1000:1032] not in on_disk

        proxy.restore()
        with blobs.open_download(document.sha256, document.size) as download:
            assert download.received == 5000
            await client.download_to(document, download)
            download.commit()
        assert recorder.ranges[0] is None and recorder.ranges[-1] == "bytes=5000-"
        assert blobs.read_bytes(document.sha256) == content
        assert not any((tmp_path / "in").iterdir())
    finally:
        await http.aclose()


async def _content(client: PlatformClient, document: Document) -> bytes:
    class Memory:
        def __init__(self) -> None:
            self.data = bytearray()

        @property
        def received(self) -> int:
            return len(self.data)

        def write(self, data: bytes) -> None:
            self.data += data

        def discard(self) -> None:
            self.data.clear()

        def hexdigest(self) -> str:
            return hashlib.sha256(self.data).hexdigest()

    sink = Memory()
    await client.download_to(document, sink)  # any DownloadSink will do
    return bytes(sink.data)
