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
