"""An encrypted disk cache of page previews, per document sha256 (previews are pictures of personal data).

A preview is the page as first shown (fitted to the window), kept so the next open paints at once.
File ``<dir>/<sha256[:2]>/<sha256>-<page>-<rotation>.cwprev``::

    b"CWPREV1\\n" || AES-256-GCM sealed ( zlib ( header || BGRx pixels ) )

sealed with :class:`caseworker.store.crypto.FieldCipher` (random nonce, tag) under a key the caller
gives (e.g. derived from the store's data key), with the document's sha256, page and rotation as
associated data: a preview copied onto another document's name does not open. A preview that does not
open or decode is deleted (it is only a cache) and the page is rendered again. Writes are atomic
(temporary file, then rename). The folder is kept under ``max_bytes`` by deleting the least recently
used previews.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import uuid
import zlib
from pathlib import Path

from caseworker.drawings.geometry import PixelRect
from caseworker.drawings.images import PixelImage, Placement
from caseworker.store.crypto import FieldCipher, aad
from caseworker.store.errors import DecryptionFailed

log = logging.getLogger(__name__)

MAGIC = b"CWPREV1\n"
_HEADER = struct.Struct(">IIIId")  # width, height, full width, full height, scale
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
MAX_PREVIEW_PIXELS = 40_000_000  # a damaged header must not make the reader allocate gigabytes


class PreviewCache:
    def __init__(self, directory: Path, key: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._cipher = FieldCipher(key)
        self._lock = threading.Lock()

    def _path(self, sha256: str, page: int, rotation: int) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a lower-case hex sha256")
        return self.directory / sha256[:2] / f"{sha256}-{page}-{rotation}.cwprev"

    @staticmethod
    def _associated(sha256: str, page: int, rotation: int) -> bytes:
        return aad("drawing-preview", sha256, str(page), str(rotation))

    def load(self, sha256: str, page: int, rotation: int = 0) -> PixelImage | None:
        path = self._path(sha256, page, rotation)
        try:
            sealed = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            if not sealed.startswith(MAGIC):
                raise ValueError("not a preview file")
            plain = self._cipher.open(sealed[len(MAGIC) :], self._associated(sha256, page, rotation))
            decompressor = zlib.decompressobj()
            header = decompressor.decompress(plain, _HEADER.size)
            width, height, full_w, full_h, scale = _HEADER.unpack(header)
            if width * height > MAX_PREVIEW_PIXELS or width == 0 or height == 0:
                raise ValueError("implausible preview size")
            data = bytearray(decompressor.decompress(decompressor.unconsumed_tail, width * height * 4 + 1))
            if len(data) != width * height * 4 or not decompressor.eof:
                raise ValueError("preview pixels do not match its size")
        except (DecryptionFailed, ValueError, zlib.error, struct.error) as exc:
            log.warning("a drawing preview in the cache was unreadable (%s); it is rendered again", exc)
            path.unlink(missing_ok=True)
            return None
        os.utime(path)  # recently used
        placement = Placement(page, scale, rotation, PixelRect(0, 0, width, height), (full_w, full_h))
        return PixelImage(width, height, width * 4, placement, data)

    def store(self, sha256: str, page: int, rotation: int, image: PixelImage) -> None:
        path = self._path(sha256, page, rotation)
        full_w, full_h = image.placement.page_pixels
        header = _HEADER.pack(image.width, image.height, full_w, full_h, image.placement.scale)
        compressor = zlib.compressobj(1)
        packed = compressor.compress(header)
        row = image.width * 4
        pixels = image.pixels
        if image.stride == row:
            packed += compressor.compress(pixels)
        else:
            for y in range(image.height):
                packed += compressor.compress(pixels[y * image.stride : y * image.stride + row])
        packed += compressor.flush()
        sealed = MAGIC + self._cipher.seal(packed, self._associated(sha256, page, rotation))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{uuid.uuid4().hex}.part")
        try:
            tmp.write_bytes(sealed)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        self._prune()

    def _prune(self) -> None:
        with self._lock:
            files = []
            for f in self.directory.glob("*/*.cwprev"):
                try:
                    st = f.stat()
                except FileNotFoundError:
                    continue
                files.append((st.st_mtime, st.st_size, f))
            total = sum(size for _, size, _ in files)
            for _, size, f in sorted(files):
                if total <= self.max_bytes:
                    break
                f.unlink(missing_ok=True)
                total -= size
