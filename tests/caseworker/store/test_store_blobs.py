"""Encrypted content-addressed blobs: round trips, verification, quarantine, atomic writes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.store import BlobMismatch, BlobNotFound, BlobStore, CorruptBlob
from caseworker.store.blobs import MAGIC

KEY = b"b" * 32


def _store(tmp_path: Path, chunk_size: int = 1 << 20) -> BlobStore:
    return BlobStore(tmp_path / "blobs", KEY, tmp_path / "quarantine", chunk_size=chunk_size)


def _quarantined(tmp_path: Path) -> list[Path]:
    q = tmp_path / "quarantine"
    return sorted(p for p in q.rglob("*") if p.is_file()) if q.exists() else []


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), chunk_size=st.integers(min_value=1, max_value=64))
def test_round_trip_any_size_and_chunking(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, chunk_size: int
) -> None:
    store = _store(tmp_path_factory.mktemp("b"), chunk_size)
    sha = store.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.read_bytes(sha) == data
    raw = store.path_for(sha).read_bytes()
    assert raw.startswith(MAGIC)
    if len(data) >= 8:
        assert data not in raw[len(MAGIC) + 4 :]  # after the header: ciphertext only


def test_large_blob_round_trip_streamed(tmp_path: Path) -> None:
    data = os.urandom(20 * 1024 * 1024 + 12345)
    source = tmp_path / "drawing.pdf"
    source.write_bytes(data)
    store = _store(tmp_path)
    sha = store.put_file(source)
    assert sha == hashlib.sha256(data).hexdigest()
    chunks = list(store.iter_chunks(sha))
    assert len(chunks) == 21 and all(len(c) == 1 << 20 for c in chunks[:-1])
    assert b"".join(chunks) == data
    assert store.put_file(source, sha) == sha  # already there: no rewrite
    assert set(store.all()) == {sha}


def test_streaming_writer_checks_announced_sha_and_leaves_nothing_on_mismatch(tmp_path: Path) -> None:
    store = _store(tmp_path, chunk_size=10)
    wrong = hashlib.sha256(b"other").hexdigest()
    with store.open_writer(wrong) as writer:
        writer.write(b"some document bytes")
        with pytest.raises(BlobMismatch):
            writer.commit()
    assert not store.contains(wrong)
    assert not any((tmp_path / "blobs" / ".tmp").iterdir())
    with pytest.raises(BlobMismatch):
        store.put_bytes(b"abc", sha256=wrong)


def test_abandoned_writer_leaves_no_blob(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sha = hashlib.sha256(b"x" * 100).hexdigest()
    with pytest.raises(RuntimeError), store.open_writer(sha) as writer:
        writer.write(b"x" * 50)
        raise RuntimeError("download interrupted")
    assert not store.contains(sha)
    assert not any((tmp_path / "blobs" / ".tmp").iterdir())


def _tamper_flip(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _tamper_truncate_last_chunk(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - (12 + 100 + 16)])  # drop the final chunk (chunk_size 100)


def _tamper_header(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(b"XXXX" + raw[4:])


def _tamper_chunk_size(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[:8] + b"\xff\xff\xff\xff" + raw[12:])


def _tamper_swap(path: Path) -> None:
    raw = path.read_bytes()
    header, rec = 12, 12 + 100 + 16
    first, second = raw[header : header + rec], raw[header + rec : header + 2 * rec]
    path.write_bytes(raw[:header] + second + first + raw[header + 2 * rec :])


@pytest.mark.parametrize(
    "tamper", [_tamper_flip, _tamper_truncate_last_chunk, _tamper_header, _tamper_chunk_size, _tamper_swap]
)
def test_tampered_blob_is_corrupt_and_quarantined(tmp_path: Path, tamper) -> None:  # type: ignore[no-untyped-def]
    store = _store(tmp_path, chunk_size=100)
    data = os.urandom(1000)  # exactly 10 chunks: truncation at a chunk boundary must still be caught
    sha = store.put_bytes(data)
    tamper(store.path_for(sha))
    with pytest.raises(CorruptBlob) as caught:
        store.read_bytes(sha)
    assert caught.value.sha256 == sha
    assert not store.contains(sha)
    moved = _quarantined(tmp_path)
    assert moved == [caught.value.quarantined_to]
    with pytest.raises(BlobNotFound):
        store.read_bytes(sha)
    assert store.put_bytes(data) == sha and store.read_bytes(sha) == data  # downloaded again


def test_blob_under_the_wrong_name_is_corrupt(tmp_path: Path) -> None:
    store = _store(tmp_path)
    a, b = store.put_bytes(b"plan A"), store.put_bytes(b"plan B")
    store.path_for(a).write_bytes(store.path_for(b).read_bytes())
    with pytest.raises(CorruptBlob):
        store.verify(a)
    store.verify(b)


def test_blob_sealed_with_another_key_is_corrupt(tmp_path: Path) -> None:
    sha = _store(tmp_path).put_bytes(b"drawing")
    other = BlobStore(tmp_path / "blobs", b"o" * 32, tmp_path / "quarantine")
    with pytest.raises(CorruptBlob):
        other.read_bytes(sha)


def test_names_are_validated_and_housekeeping(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")
    with pytest.raises(ValueError):
        store.path_for("A" * 64)
    keep = store.put_bytes(b"keep")
    drop = store.put_bytes(b"drop")
    (tmp_path / "blobs" / ".tmp").mkdir(exist_ok=True)
    (tmp_path / "blobs" / ".tmp" / "left.part").write_bytes(b"x")
    assert store.remove_unreferenced({keep}) == 1
    assert set(store.all()) == {keep} and not store.contains(drop)
    assert not any((tmp_path / "blobs" / ".tmp").iterdir())


# --- downloads: encrypted from the first byte, resumable --------------------------------------------------


def _download_store(tmp_path: Path, chunk_size: int = 100, key: bytes = KEY) -> BlobStore:
    return BlobStore(
        tmp_path / "blobs",
        key,
        tmp_path / "quarantine",
        chunk_size=chunk_size,
        downloads_dir=tmp_path / "incoming",
    )


def _everything_on_disk(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file())


@settings(max_examples=80, deadline=None)
@given(
    data=st.binary(max_size=400),
    chunk_size=st.integers(min_value=1, max_value=64),
    stops=st.lists(st.integers(min_value=0, max_value=400), max_size=4),
)
def test_a_download_resumes_exactly_where_it_stopped_and_is_never_plaintext(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, chunk_size: int, stops: list[int]
) -> None:
    tmp_path = tmp_path_factory.mktemp("d")
    store = _download_store(tmp_path, chunk_size)
    sha = hashlib.sha256(data).hexdigest()
    received = 0
    for stop in sorted(min(s, len(data)) for s in stops):  # the app quits (or the line drops) here
        with store.open_download(sha, len(data)) as download:
            assert download.received == received  # every byte that arrived was kept
            download.write(data[received:stop])
            received = max(received, stop)
        if received >= 8:  # the last bytes that arrived are on disk, but not as they are
            assert data[received - 8 : received] not in _everything_on_disk(tmp_path)[len(MAGIC) + 4 :]
    with store.open_download(sha, len(data)) as download:
        assert download.received == received
        download.write(data[received:])
        assert download.hexdigest() == sha
        download.commit()
    assert store.read_bytes(sha) == data
    assert not any((tmp_path / "incoming").glob("*"))


def _interrupted(store: BlobStore, data: bytes, at: int) -> Path:
    sha = hashlib.sha256(data).hexdigest()
    with store.open_download(sha, len(data)) as download:
        download.write(data[:at])
    return download.path


def _record(index: int) -> slice:
    """Where record ``index`` is in a download file of chunk size 100."""
    start = 12 + index * (12 + 100 + 16)
    return slice(start, start + 12 + 100 + 16)


def _flip(raw: bytearray, at: int) -> bytes:
    raw[at] ^= 0x01
    return bytes(raw)


TAMPERS = {
    "torn tail": (lambda raw: raw[:-1], 400),
    "torn chunk (crash while writing)": (lambda raw: raw[: _record(3).start + 50], 300),
    "damaged chunk": (lambda raw: _flip(bytearray(raw), _record(1).start + 40), 100),
    "damaged tail": (lambda raw: _flip(bytearray(raw), len(raw) - 20), 400),
    "chunks swapped": (lambda raw: raw[:12] + raw[_record(1)] + raw[_record(0)] + raw[_record(2).start :], 0),
    "bad header": (lambda raw: b"XXXX" + raw[4:], 0),
    "plaintext of an older version": (lambda raw: DATA[:450], 0),
}
DATA = os.urandom(1000)


@pytest.mark.parametrize("tamper", list(TAMPERS), ids=list(TAMPERS))
def test_a_torn_or_damaged_download_keeps_only_the_whole_chunks_before_the_damage(
    tmp_path: Path, tamper: str
) -> None:
    change, kept = TAMPERS[tamper]
    store = _download_store(tmp_path)
    path = _interrupted(store, DATA, 450)  # 4 chunks of 100 and a tail of 50
    assert path.stat().st_size == 12 + 4 * (12 + 100 + 16) + 12 + 50 + 16
    path.write_bytes(change(path.read_bytes()))
    sha = hashlib.sha256(DATA).hexdigest()
    with store.open_download(sha, len(DATA)) as download:
        assert download.received == kept
        download.write(DATA[kept:])
        download.commit()
    assert store.read_bytes(sha) == DATA


def test_a_download_under_another_key_or_document_is_not_trusted(tmp_path: Path) -> None:
    store = _download_store(tmp_path)
    path = _interrupted(store, DATA, 450)
    sha = hashlib.sha256(DATA).hexdigest()
    with _download_store(tmp_path, key=b"o" * 32).open_download(sha, len(DATA)) as download:
        assert download.received == 0
    path = _interrupted(store, DATA, 450)
    other = DATA[:999] + b"?"
    other_sha = hashlib.sha256(other).hexdigest()
    path.rename(path.with_name(other_sha))  # the same bytes under another document's name
    with store.open_download(other_sha, len(other)) as download:
        assert download.received == 0


def test_a_download_left_behind_can_never_pass_for_a_blob(tmp_path: Path) -> None:
    store = _download_store(tmp_path)
    data = DATA[:950]
    sha = hashlib.sha256(data).hexdigest()
    path = _interrupted(store, data, 950)  # every byte arrived, but the last 50 are still a tail
    target = store.path_for(sha)
    target.parent.mkdir(parents=True)
    target.write_bytes(path.read_bytes())
    with pytest.raises(CorruptBlob):
        store.read_bytes(sha)


@pytest.mark.parametrize("size", [0, 100, 300, 301])
def test_a_complete_download_kept_before_its_commit_is_committed_later(tmp_path: Path, size: int) -> None:
    store = _download_store(tmp_path)
    data = DATA[:size]
    _interrupted(store, data, size)
    sha = hashlib.sha256(data).hexdigest()
    with store.open_download(sha, size) as download:
        assert download.received == size and download.hexdigest() == sha
        download.commit()
    assert store.read_bytes(sha) == data
    assert [len(c) for c in store.iter_chunks(sha)] == [100] * (size // 100) + (
        [size % 100] if size % 100 or not size else []
    )


def test_a_download_that_is_not_the_announced_document_is_not_stored(tmp_path: Path) -> None:
    store = _download_store(tmp_path)
    sha = hashlib.sha256(b"the real one").hexdigest()
    download = store.open_download(sha, 20)
    download.write(b"something else, 20b.")
    assert download.hexdigest() != sha
    with pytest.raises(BlobMismatch):
        download.commit()
    assert not store.contains(sha) and not any((tmp_path / "incoming").glob("*"))
    with pytest.raises(ValueError):
        download.write(b"x")  # closed


def test_a_download_refuses_more_bytes_than_announced_and_can_start_over(tmp_path: Path) -> None:
    store = _download_store(tmp_path)
    sha = hashlib.sha256(DATA).hexdigest()
    with store.open_download(sha, len(DATA)) as download:
        download.write(DATA[:500])
        with pytest.raises(ValueError):
            download.write(DATA)
        download.discard()
        assert download.received == 0 and not download.path.exists()
        download.write(DATA)
        download.commit()
    assert store.read_bytes(sha) == DATA


def test_downloads_left_behind_are_removed(tmp_path: Path) -> None:
    store = _download_store(tmp_path)
    _interrupted(store, DATA, 450)
    (tmp_path / "incoming" / "old.part").write_bytes(b"%PDF-1.4 from an older version")
    assert store.remove_downloads() == 2
    assert not any((tmp_path / "incoming").iterdir())
    assert _download_store(tmp_path / "none").remove_downloads() == 0
