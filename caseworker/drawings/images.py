"""Rendered pixels the UI can wrap without a copy, and the tile cache that bounds their memory.

A :class:`PixelImage` holds BGRx pixels (4 bytes a pixel, byte order B, G, R, 255), which is
``QImage.Format_RGB32`` on little-endian machines: ``QImage(image.pixels, image.width, image.height,
image.stride, QImage.Format_RGB32)`` wraps the memory. The QImage then refers to the buffer, so keep the
PixelImage alive as long as the QImage (its buffer is never reused for other pixels: each render has its
own segment, and evicting it from the cache only drops the cache's reference).
"""

from __future__ import annotations

import collections
import contextlib
import mmap
import os
import secrets
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caseworker.drawings.geometry import PixelRect

if TYPE_CHECKING:
    from PIL import Image as PILImage


@dataclass(frozen=True)
class Placement:
    """Where pixels belong: a rectangle of a page rendered at a scale and rotation."""

    page: int  # from 0
    scale: float  # pixels per point
    rotation: int  # degrees clockwise
    rect: PixelRect  # inside the whole page at this scale
    page_pixels: tuple[int, int]  # the whole page at this scale


def create_segment(size: int) -> tuple[str, mmap.mmap]:
    """A new shared-memory segment (a name a worker can map, and this process's mapping).

    Not ``multiprocessing.shared_memory``: its resource tracker and ``close()`` fight with buffers the UI
    still wraps. Here the name is removed as soon as the worker has written (:func:`unlink_segment`); the
    memory then lives exactly as long as this mapping, which Python frees with its last reference."""
    name = "cwdraw_" + secrets.token_hex(8)
    if os.name == "nt":
        return name, mmap.mmap(-1, size, tagname=name)  # type: ignore[call-arg]  # Windows only
    import _posixshmem  # type: ignore[import-not-found]  # what multiprocessing.shared_memory uses

    fd = _posixshmem.shm_open("/" + name, os.O_CREAT | os.O_EXCL | os.O_RDWR, mode=0o600)
    try:
        os.ftruncate(fd, size)
        return name, mmap.mmap(fd, size)
    finally:
        os.close(fd)


def unlink_segment(name: str) -> None:
    """Remove a segment's name (POSIX); mappings stay valid. Windows frees it with the last handle."""
    if os.name == "nt":
        return
    import _posixshmem

    with contextlib.suppress(FileNotFoundError):
        _posixshmem.shm_unlink("/" + name)


class PixelImage:
    """BGRx pixels with their placement on the page; ``pixels`` is a writable memoryview, no copy."""

    def __init__(
        self, width: int, height: int, stride: int, placement: Placement, buffer: mmap.mmap | bytearray
    ) -> None:
        self.width, self.height, self.stride, self.placement = width, height, stride, placement
        self._buffer = buffer
        self.segment_name: str | None = None

    @classmethod
    def shared(cls, width: int, height: int, placement: Placement) -> PixelImage:
        """A new image in a shared-memory segment a worker can render into (``segment_name``)."""
        stride = width * 4
        name, buffer = create_segment(max(1, stride * height))
        image = cls(width, height, stride, placement, buffer)
        image.segment_name = name
        return image

    def unlink(self) -> None:
        """The worker is done with the segment: remove its name (the pixels stay)."""
        if self.segment_name is not None:
            unlink_segment(self.segment_name)
            self.segment_name = None

    @property
    def pixels(self) -> memoryview:
        return memoryview(self._buffer)[: self.nbytes]

    @property
    def nbytes(self) -> int:
        return self.stride * self.height

    def to_pil(self) -> PILImage.Image:
        """An RGB copy as a Pillow image (for saving; the UI wraps ``pixels`` instead)."""
        from PIL import Image

        return Image.frombuffer(
            "RGB", (self.width, self.height), bytes(self.pixels), "raw", "BGRX", self.stride, 1
        )

    def release(self) -> None:
        """Free the memory now if nothing wraps it any more (else it goes with the last wrapper)."""
        self.unlink()
        if isinstance(self._buffer, mmap.mmap):
            with contextlib.suppress(BufferError):
                self._buffer.close()


class TileCache:
    """Least recently used rendered pieces, bounded by their bytes (thread-safe)."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._items: collections.OrderedDict[Hashable, PixelImage] = collections.OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> PixelImage | None:
        with self._lock:
            image = self._items.get(key)
            if image is not None:
                self._items.move_to_end(key)
            return image

    def put(self, key: Hashable, image: PixelImage) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._items[key] = image
            self._bytes += image.nbytes
            while self._bytes > self.budget_bytes and len(self._items) > 1:
                _, evicted = self._items.popitem(last=False)
                self._bytes -= evicted.nbytes
                # not released here: a caller may still be drawing it; it goes with its last reference

    def drop(self, predicate: collections.abc.Callable[[Hashable], bool]) -> None:
        with self._lock:
            for key in [k for k in self._items if predicate(k)]:
                self._bytes -= self._items.pop(key).nbytes
