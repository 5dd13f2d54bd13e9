"""Content-addressed, encrypted blob store for document bytes (drawings can be 50+ MB).

Layout: ``blobs/<first two hex>/<sha256>`` under the user's store folder; temporary files in
``blobs/.tmp/``; damaged blobs go to the store's ``quarantine/`` folder.

File format (version 1)::

    header  = b"CWBLOB1\\n" || chunk_size (uint32 big-endian)
    record* = nonce (12) || AES-256-GCM(chunk) || tag (16)

Every chunk holds ``chunk_size`` plaintext bytes (1 MiB) except the last, which may be shorter (or empty
for an empty blob). Each chunk's associated data is ``header || sha256 || chunk index (uint64) ||
final flag (1 byte)``, so chunks cannot be reordered, moved to another blob, dropped from the end
(truncation: the new last chunk was sealed with final=0) or extended.

Reading decrypts chunk by chunk and checks the SHA-256 of the plaintext against the file name. Any
failure moves the file to quarantine and raises :class:`CorruptBlob`; the caller downloads it again.

Writes are atomic: a temporary file in the same folder, flushed and fsynced, then renamed over the
final name (and the folder fsynced), so a crash leaves either no blob or a whole one.

The blob store is thread-safe (no shared mutable state besides the file system) and is meant to run
off the UI thread (``asyncio.to_thread``) and off the store's database thread, so decrypting a 50 MB
drawing does not hold up queue queries.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseworker.store.crypto import NONCE_BYTES, TAG_BYTES
from caseworker.store.errors import BlobMismatch, BlobNotFound, CorruptBlob
from caseworker.store.files import fsync_dir, quarantine

MAGIC = b"CWBLOB1\n"
CHUNK_SIZE = 1 << 20
MAX_CHUNK_SIZE = 16 << 20  # a damaged header must not make the reader allocate gigabytes
_HEADER = struct.Struct(">I")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_sha256(sha256: str) -> str:
    """Validate a lower-case hex SHA-256 (it becomes a file name: no path tricks)."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a lower-case hex sha256: {sha256!r}")
    return sha256


def _chunk_aad(header: bytes, sha256: str, index: int, final: bool) -> bytes:
    return header + bytes.fromhex(sha256) + struct.pack(">QB", index, 1 if final else 0)


class BlobWriter:
    """Streams plaintext in, encrypted chunks out; :meth:`commit` verifies the sha256 and publishes.

    Use as a context manager: leaving the block without ``commit()`` (or with an exception) discards the
    temporary file.
    """

    def __init__(self, store: BlobStore, sha256: str) -> None:
        self._store = store
        self._sha256 = check_sha256(sha256)
        self._aead = AESGCM(store._key)
        self._header = MAGIC + _HEADER.pack(store.chunk_size)
        self._hash = hashlib.sha256()
        self._pending = bytearray()
        self._index = 0
        self._size = 0
        self._tmp = store._tmp_dir / f"{uuid.uuid4().hex}.part"
        store._tmp_dir.mkdir(parents=True, exist_ok=True)
        self._file: BinaryIO | None = open(self._tmp, "wb")  # noqa: SIM115 - closed in commit/abort
        self._file.write(self._header)
        self._done = False

    @property
    def size(self) -> int:
        """Plaintext bytes written so far."""
        return self._size

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._file is None:
            raise ValueError("blob writer is closed")
        self._hash.update(data)
        self._size += len(data)
        self._pending += data
        chunk = self._store.chunk_size
        # Keep at least one byte back: only commit() knows which chunk is the final one.
        while len(self._pending) > chunk:
            self._emit(bytes(self._pending[:chunk]), final=False)
            del self._pending[:chunk]

    def _emit(self, plaintext: bytes, final: bool) -> None:
        assert self._file is not None
        nonce = os.urandom(NONCE_BYTES)
        associated = _chunk_aad(self._header, self._sha256, self._index, final)
        self._file.write(nonce + self._aead.encrypt(nonce, plaintext, associated))
        self._index += 1

    def commit(self) -> Path:
        """Check the sha256, make the file durable and move it into place; returns its path."""
        if self._file is None:
            raise ValueError("blob writer is closed")
        self._emit(bytes(self._pending), final=True)
        self._pending.clear()
        actual = self._hash.hexdigest()
        if actual != self._sha256:
            self.abort()
            raise BlobMismatch(f"content has sha256 {actual}, expected {self._sha256}; nothing was stored")
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        target = self._store.path_for(self._sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._tmp, target)
        fsync_dir(target.parent)
        self._done = True
        return target

    def abort(self) -> None:
        """Discard what was written (idempotent)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if not self._done:
            self._tmp.unlink(missing_ok=True)
            self._done = True

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.abort()


class BlobStore:
    """Encrypted, content-addressed files: ``put_*`` by content, read back by sha256."""

    def __init__(self, root: Path, key: bytes, quarantine_dir: Path, *, chunk_size: int = CHUNK_SIZE) -> None:
        if not 0 < chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk_size out of range")
        self.root = root
        self.quarantine_dir = quarantine_dir
        self.chunk_size = chunk_size
        self._key = key
        self._tmp_dir = root / ".tmp"

    # --- writing -----------------------------------------------------------------------------------

    def open_writer(self, sha256: str) -> BlobWriter:
        """A streaming writer for content announced with ``sha256`` (e.g. a download)."""
        return BlobWriter(self, sha256)

    def put_bytes(self, data: bytes, sha256: str | None = None) -> str:
        """Store ``data``; returns its sha256. Raises :class:`BlobMismatch` if ``sha256`` is wrong."""
        actual = hashlib.sha256(data).hexdigest()
        if sha256 is not None and check_sha256(sha256) != actual:
            raise BlobMismatch(f"content has sha256 {actual}, expected {sha256}; nothing was stored")
        if self.path_for(actual).exists():
            return actual
        with self.open_writer(actual) as writer:
            view = memoryview(data)
            for start in range(0, len(data), self.chunk_size):
                writer.write(view[start : start + self.chunk_size])
            writer.commit()
        return actual

    def put_file(self, source: Path, sha256: str | None = None) -> str:
        """Store a plaintext file's content (streamed); returns its sha256."""
        if sha256 is None:
            digest = hashlib.sha256()
            with open(source, "rb") as f:
                while block := f.read(self.chunk_size):
                    digest.update(block)
            sha256 = digest.hexdigest()
        if self.path_for(check_sha256(sha256)).exists():
            return sha256
        with self.open_writer(sha256) as writer, open(source, "rb") as f:
            while block := f.read(self.chunk_size):
                writer.write(block)
            writer.commit()
        return sha256

    # --- reading -----------------------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        check_sha256(sha256)
        return self.root / sha256[:2] / sha256

    def contains(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def iter_chunks(self, sha256: str) -> Iterator[bytes]:
        """Yield the plaintext chunk by chunk; each chunk is authenticated before it is yielded.

        The whole-content sha256 is checked after the last chunk; on any failure the file is quarantined
        and :class:`CorruptBlob` raised (possibly after some chunks were yielded: discard them).
        """
        path = self.path_for(sha256)
        try:
            f = open(path, "rb")  # noqa: SIM115 - closed in finally
        except FileNotFoundError:
            raise BlobNotFound(f"blob {sha256} is not stored") from None
        problem: str | None = None
        try:
            header = f.read(len(MAGIC) + _HEADER.size)
            if len(header) != len(MAGIC) + _HEADER.size or not header.startswith(MAGIC):
                problem = "bad header"
            elif not 0 < _HEADER.unpack(header[len(MAGIC) :])[0] <= MAX_CHUNK_SIZE:
                problem = "bad chunk size"
            else:
                (chunk_size,) = _HEADER.unpack(header[len(MAGIC) :])
                record = NONCE_BYTES + chunk_size + TAG_BYTES
                aead = AESGCM(self._key)
                digest = hashlib.sha256()
                index = 0
                current = f.read(record)
                while True:
                    following = f.read(record)
                    final = not following
                    if len(current) < NONCE_BYTES + TAG_BYTES or (not final and len(current) != record):
                        problem = f"chunk {index} truncated"
                        break
                    try:
                        plain = aead.decrypt(
                            current[:NONCE_BYTES],
                            current[NONCE_BYTES:],
                            _chunk_aad(header, sha256, index, final),
                        )
                    except InvalidTag:
                        problem = f"chunk {index} did not authenticate"
                        break
                    digest.update(plain)
                    yield plain
                    if final:
                        break
                    current = following
                    index += 1
                if problem is None and digest.hexdigest() != sha256:
                    problem = "sha256 of the content does not match"
        finally:
            f.close()
        if problem is not None:
            moved = quarantine([path], self.quarantine_dir, f"blob-{sha256[:12]}")
            raise CorruptBlob(
                f"Stored document {sha256[:12]}… is damaged ({problem}); it was moved to quarantine. "
                "Download it again.",
                sha256,
                moved[0] if moved else None,
            )

    def read_bytes(self, sha256: str) -> bytes:
        """The whole verified plaintext (raises :class:`CorruptBlob` / :class:`BlobNotFound`)."""
        return b"".join(self.iter_chunks(sha256))

    def verify(self, sha256: str) -> None:
        """Decrypt and hash without keeping the content; raises like :meth:`read_bytes`."""
        for _ in self.iter_chunks(sha256):
            pass

    # --- housekeeping ------------------------------------------------------------------------------

    def delete(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

    def all(self) -> Iterator[str]:
        """The sha256 of every stored blob."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                for f in sorted(sub.iterdir()):
                    if _SHA256.match(f.name):
                        yield f.name

    def remove_unreferenced(self, keep: set[str]) -> int:
        """Delete every blob not in ``keep`` and leftover temporary files; returns blobs deleted."""
        removed = 0
        for sha in list(self.all()):
            if sha not in keep:
                self.delete(sha)
                removed += 1
        if self._tmp_dir.is_dir():
            for leftover in self._tmp_dir.iterdir():
                leftover.unlink(missing_ok=True)
        return removed
