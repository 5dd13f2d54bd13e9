"""Content-addressed, encrypted blob store for document bytes (drawings can be 50+ MB).

Layout: ``blobs/<first two hex>/<sha256>`` under the user's store folder; temporary files in
``blobs/.tmp/``; downloads in progress in ``incoming/<sha256>``; damaged blobs go to the store's
``quarantine/`` folder.

File format (version 1)::

    header  = b"CWBLOB1\\n" || chunk_size (uint32 big-endian)
    record* = nonce (12) || AES-256-GCM(chunk) || tag (16)

Every chunk holds ``chunk_size`` plaintext bytes (1 MiB) except the last, which may be shorter (or empty
for an empty blob). Each chunk's associated data is ``header || sha256 || chunk index (uint64) ||
kind (1 byte: 0 middle, 1 final, 2 download tail)``, so chunks cannot be reordered, moved to another
blob, dropped from the end (truncation: the new last chunk was sealed as a middle one) or extended.
A finished blob never holds a download tail (see below), so one can never pass for a final chunk.

Downloads (:class:`PartialDownload`, from :meth:`BlobStore.open_download`) are encrypted from the first
byte: the file in ``incoming/`` is already in this format, sealed with the blob key, for the sha256
and size the platform announced. Each chunk is sealed and written as soon as it is complete (the one
that ends at the announced size as the final chunk); the bytes of the incomplete chunk are held in
memory, and when the download stops before the end (``close()``) they are sealed as one *tail* record.
Reopening keeps the longest run of records that authenticate in their place, takes the tail back into
memory and truncates the file after the last whole chunk: a torn record (a crash mid-write), a damaged
or foreign record (another key, another document) and everything after it are dropped and fetched
again; a header that does not match starts the download over. The download resumes at exactly the
bytes kept. ``commit()`` seals the rest as the final chunk, checks the sha256 (hashed as the bytes
arrived) and renames the file into ``blobs/`` -- no plaintext on disk at any moment and no second pass.

Reading decrypts chunk by chunk and checks the SHA-256 of the plaintext against the file name. Any
failure moves the file to quarantine and raises :class:`CorruptBlob`; the caller downloads it again.

Writes are atomic: a temporary file (``blobs/.tmp/``, or the download in ``incoming/``), flushed and
fsynced, then renamed over the final name (and the folder fsynced), so a crash leaves either no blob
or a whole one.

Every store, commit and read notes the blob's use in memory (:meth:`BlobStore.note_use`, thread-safe);
the offline store records the notes in its database on its own thread and releases documents kept
offline by them (``caseworker.store.release``).

The blob store is thread-safe (no shared mutable state besides the file system and the lock-guarded
use notes) and is meant to run off the UI thread (``asyncio.to_thread``) and off the store's database
thread, so decrypting a 50 MB drawing does not hold up queue queries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import struct
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseworker.paths import private_dir, private_opener
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


# the kind of a chunk (its last byte of associated data)
_MIDDLE, _FINAL, _TAIL = 0, 1, 2


def _chunk_aad(header: bytes, sha256: str, index: int, kind: int) -> bytes:
    return header + bytes.fromhex(sha256) + struct.pack(">QB", index, kind)


def _header(chunk_size: int) -> bytes:
    return MAGIC + _HEADER.pack(chunk_size)


class BlobWriter:
    """Streams plaintext in, encrypted chunks out; :meth:`commit` verifies the sha256 and publishes.

    Use as a context manager: leaving the block without ``commit()`` (or with an exception) discards the
    temporary file.
    """

    def __init__(self, store: BlobStore, sha256: str) -> None:
        self._store = store
        self._sha256 = check_sha256(sha256)
        self._aead = AESGCM(store._key)
        self._header = _header(store.chunk_size)
        self._hash = hashlib.sha256()
        self._pending = bytearray()
        self._index = 0
        self._size = 0
        self._tmp = store._tmp_dir / f"{uuid.uuid4().hex}.part"
        private_dir(store._tmp_dir)
        self._file: BinaryIO | None = open(self._tmp, "wb", opener=private_opener)  # noqa: SIM115 - closed in commit/abort
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
        associated = _chunk_aad(self._header, self._sha256, self._index, _FINAL if final else _MIDDLE)
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
        private_dir(target.parent)
        os.replace(self._tmp, target)
        fsync_dir(target.parent)
        self._done = True
        self._store.note_use(self._sha256)
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


class PartialDownload:
    """A document being downloaded into the blob store: encrypted on disk from the first byte, resumable.

    Made by :meth:`BlobStore.open_download`, which keeps what an interrupted download of the same
    document left (see the module docstring). ``received`` is where the download continues;
    :meth:`write` takes the next bytes, :meth:`discard` drops all of them (the next byte written is byte
    0 again), :meth:`hexdigest` is the sha256 of the bytes received so far -- the platform client's
    ``DownloadSink``. :meth:`commit` publishes the blob; :meth:`close` (also on leaving a ``with``
    block) seals what arrived and keeps it for the next try.

    One download of a document at a time (the caller's to ensure). ``close()`` may be called from
    another thread while ``commit()`` runs: it waits, then does nothing.
    """

    def __init__(self, store: BlobStore, path: Path, sha256: str, size: int) -> None:
        if size < 0:
            raise ValueError("size must not be negative")
        self.path = path
        self.sha256 = check_sha256(sha256)
        self.size = size
        self._store = store
        self._chunk = store.chunk_size
        self._header = _header(store.chunk_size)
        self._aead = AESGCM(store._key)
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._closed = False
        self._restart()

    def _restart(self) -> None:
        self._hash = hashlib.sha256()
        self._pending = bytearray()  # received, not yet sealed: less than one chunk
        self._index = 0  # chunks in the file
        self._final_sealed = False
        self.received = 0

    # --- the download's side ------------------------------------------------------------------------

    def write(self, data: bytes | bytearray | memoryview) -> None:
        with self._lock:
            self._check_open()
            if self.received + len(data) > self.size:
                raise ValueError("more bytes than the announced size")
            self._hash.update(data)
            self.received += len(data)
            self._pending += data
            chunk = self._chunk
            while len(self._pending) >= chunk:
                end = (self._index + 1) * chunk
                self._seal(bytes(self._pending[:chunk]), _FINAL if end == self.size else _MIDDLE)
                del self._pending[:chunk]

    def discard(self) -> None:
        """Drop everything received (file included); the download starts over at byte 0."""
        with self._lock:
            self._check_open()
            self._close_file()
            self.path.unlink(missing_ok=True)
            self._restart()

    def hexdigest(self) -> str:
        """The sha256 of the bytes received so far."""
        return self._hash.hexdigest()

    # --- the end -------------------------------------------------------------------------------------

    def commit(self) -> Path:
        """Check the sha256, seal the last chunk, make the file durable and move it into the blob store.

        Raises :class:`BlobMismatch` (and deletes the download) if the bytes are not the announced ones.
        """
        with self._lock:
            self._check_open()
            self._closed = True
            try:
                actual = self._hash.hexdigest()
                if actual != self.sha256:
                    self._close_file()
                    self.path.unlink(missing_ok=True)
                    raise BlobMismatch(
                        f"content has sha256 {actual}, expected {self.sha256}; nothing was stored"
                    )
                if not self._final_sealed:
                    self._seal(bytes(self._pending), _FINAL)
                    self._pending.clear()
                f = self._open_file()
                f.flush()
                os.fsync(f.fileno())
                self._close_file()
                target = self._store.path_for(self.sha256)
                private_dir(target.parent)
                os.replace(self.path, target)
                fsync_dir(target.parent)
                self._store.note_use(self.sha256)
                return target
            finally:
                self._close_file()  # after a failure the file stays for the next try (it may be whole)

    def close(self) -> None:
        """Stop here: seal the bytes of the incomplete chunk as the tail and keep the file (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if self._pending:
                    self._seal(bytes(self._pending), _TAIL)
            finally:
                self._close_file()

    def __enter__(self) -> PartialDownload:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- the file ------------------------------------------------------------------------------------

    def _resume(self) -> None:
        """Keep what an earlier download left at ``path``: whole chunks and the tail that authenticate."""
        try:
            f = open(self.path, "r+b")  # noqa: SIM115 - kept open for appending, closed in close/commit
        except FileNotFoundError:
            return
        try:
            kept = self._read_back(f)
            if kept is None:  # not ours (an older format, another chunk size): start over
                f.close()
                self.path.unlink(missing_ok=True)
                return
            f.seek(kept)
            f.truncate()  # the tail (now in memory) and whatever did not authenticate
        except BaseException:
            f.close()
            self._restart()
            raise
        self._file = f

    def _read_back(self, f: BinaryIO) -> int | None:
        """Read the records back into the hash (and the tail into memory); the bytes of the file to keep."""
        if f.read(len(self._header)) != self._header:
            return None
        kept = len(self._header)
        record = NONCE_BYTES + self._chunk + TAG_BYTES
        while True:
            data = f.read(record)
            end = (self._index + 1) * self._chunk
            if len(data) == record and end <= self.size:
                kind = _FINAL if end == self.size else _MIDDLE
            else:
                kind = _TAIL  # shorter than a whole chunk: only the tail can be, if it authenticates
            plain = self._unseal(data, kind)
            if plain is None or (kind == _TAIL and self.received + len(plain) > self.size):
                return kept  # torn, damaged or foreign: this record and everything after it go
            self._hash.update(plain)
            self.received += len(plain)
            if kind == _TAIL:
                self._pending += plain
                return kept
            self._index += 1
            kept += len(data)
            if kind == _FINAL:
                self._final_sealed = True
                return kept

    def _unseal(self, data: bytes, kind: int) -> bytes | None:
        if len(data) < NONCE_BYTES + TAG_BYTES:
            return None
        associated = _chunk_aad(self._header, self.sha256, self._index, kind)
        try:
            return self._aead.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], associated)
        except InvalidTag:
            return None

    def _seal(self, plaintext: bytes, kind: int) -> None:
        f = self._open_file()
        nonce = os.urandom(NONCE_BYTES)
        associated = _chunk_aad(self._header, self.sha256, self._index, kind)
        f.write(nonce + self._aead.encrypt(nonce, plaintext, associated))
        if kind != _TAIL:
            self._index += 1
            self._final_sealed = kind == _FINAL

    def _open_file(self) -> BinaryIO:
        if self._file is None:
            private_dir(self.path.parent)
            self._file = open(self.path, "wb", opener=private_opener)  # noqa: SIM115 - closed in close/commit/discard
            self._file.write(self._header)
        return self._file

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the download is closed")


class BlobStore:
    """Encrypted, content-addressed files: ``put_*`` by content, read back by sha256."""

    def __init__(
        self,
        root: Path,
        key: bytes,
        quarantine_dir: Path,
        *,
        chunk_size: int = CHUNK_SIZE,
        downloads_dir: Path | None = None,
    ) -> None:
        if not 0 < chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk_size out of range")
        self.root = root
        self.quarantine_dir = quarantine_dir
        self.downloads_dir = downloads_dir if downloads_dir is not None else root / ".incoming"
        self.chunk_size = chunk_size
        self._key = key
        self._tmp_dir = root / ".tmp"
        self._uses: dict[str, dt.datetime] = {}  # noted, not yet recorded by the offline store
        self._uses_lock = threading.Lock()

    # --- writing -----------------------------------------------------------------------------------

    def open_writer(self, sha256: str) -> BlobWriter:
        """A streaming writer for content announced with ``sha256`` (e.g. a download)."""
        return BlobWriter(self, sha256)

    def open_download(self, sha256: str, size: int) -> PartialDownload:
        """Start the download of a blob announced with ``sha256`` and ``size``, or resume one.

        What an earlier download of it kept is read back and checked (decrypting it): call this off
        the event loop. Leaves nothing behind until the first byte is written.
        """
        partial = PartialDownload(self, self.downloads_dir / check_sha256(sha256), sha256, size)
        partial._resume()
        return partial

    def remove_downloads(self) -> int:
        """Delete every download in progress (whatever is in the downloads folder); returns how many."""
        removed = 0
        if self.downloads_dir.is_dir():
            for leftover in self.downloads_dir.iterdir():
                with contextlib.suppress(OSError):
                    leftover.unlink()
                    removed += 1
        return removed

    def put_bytes(self, data: bytes, sha256: str | None = None) -> str:
        """Store ``data``; returns its sha256. Raises :class:`BlobMismatch` if ``sha256`` is wrong."""
        actual = hashlib.sha256(data).hexdigest()
        if sha256 is not None and check_sha256(sha256) != actual:
            raise BlobMismatch(f"content has sha256 {actual}, expected {sha256}; nothing was stored")
        if self._use_if_stored(actual):
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
        if self._use_if_stored(check_sha256(sha256)):
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
        and :class:`CorruptBlob` raised (possibly after some chunks were yielded: discard them). A read
        is a use of the blob (:meth:`note_use`).
        """
        return self._chunks(sha256, use=True)

    def _chunks(self, sha256: str, *, use: bool) -> Iterator[bytes]:
        path = self.path_for(sha256)
        try:
            f = open(path, "rb")  # noqa: SIM115 - closed in finally
        except FileNotFoundError:
            raise BlobNotFound(f"blob {sha256} is not stored") from None
        if use:
            self.note_use(sha256)
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
                            _chunk_aad(header, sha256, index, _FINAL if final else _MIDDLE),
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
        """Decrypt and hash without keeping the content; raises like :meth:`read_bytes`. A check, not a
        use: the blob's last use stays as it was."""
        for _ in self._chunks(sha256, use=False):
            pass

    # --- use (what the offline store's release policy goes by) ------------------------------------

    def note_use(self, sha256: str, at: dt.datetime | None = None) -> None:
        """Remember that ``sha256`` was used (stored, committed or read) now, or at ``at``.

        Kept in memory (any thread may call this) until the offline store records it in its database
        (:meth:`take_uses`), on the store's own thread.
        """
        when = at if at is not None else dt.datetime.now(dt.UTC)
        with self._uses_lock:
            self._note(sha256, when)

    def _note(self, sha256: str, when: dt.datetime) -> None:  # with _uses_lock held
        before = self._uses.get(sha256)
        if before is None or when > before:
            self._uses[sha256] = when

    def _use_if_stored(self, sha256: str) -> bool:
        """Note a use of ``sha256`` if it is stored; False if not. Under the lock :meth:`release` deletes
        with, so bytes found here are not deleted by a release running at the same moment."""
        with self._uses_lock:
            if not self.path_for(sha256).exists():
                return False
            self._note(sha256, dt.datetime.now(dt.UTC))
            return True

    def release(self, sha256: str) -> bool:
        """Delete a blob for the offline store's release, unless a use was noted since the store last
        took the uses (it is wanted again: stored anew, read, committed). True if it was deleted."""
        with self._uses_lock:
            if sha256 in self._uses:
                return False
            self.path_for(sha256).unlink(missing_ok=True)
            return True

    def has_uses(self) -> bool:
        """True when uses were noted that :meth:`take_uses` has not handed out yet."""
        return bool(self._uses)

    def take_uses(self) -> dict[str, dt.datetime]:
        """The uses noted since the last call (sha256 -> latest use), forgotten here."""
        with self._uses_lock:
            uses, self._uses = self._uses, {}
        return uses

    def return_uses(self, uses: dict[str, dt.datetime]) -> None:
        """Give back uses that could not be recorded (kept for the next :meth:`take_uses`)."""
        for sha256, at in uses.items():
            self.note_use(sha256, at)

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
