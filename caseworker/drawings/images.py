"""Rendered pixels the UI can wrap without a copy, and the tile cache that bounds their memory.

A :class:`PixelImage` holds BGRx pixels (4 bytes a pixel, byte order B, G, R, 255), which is
``QImage.Format_RGB32`` on little-endian machines: ``QImage(image.pixels, image.width, image.height,
image.stride, QImage.Format_RGB32)`` wraps the memory. The QImage then refers to the buffer, so keep the
PixelImage's ``pixels`` view alive as long as the QImage (the view keeps the image, and a segment is
reused only once its image is garbage).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import mmap
import os
import secrets
import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
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


_PREFIX = "cwdraw_"


@dataclass(eq=False)
class Segment:
    """A shared-memory segment: a name a worker maps, and this process's mapping."""

    name: str
    size: int
    mapping: mmap.mmap


def create_segment(size: int, *, populate: bool = False) -> Segment:
    """A new segment. Not ``multiprocessing.shared_memory``: its resource tracker unlinks segments when a
    worker that mapped them exits. The name carries this process id so that segments a crashed run left
    behind can be removed (:func:`remove_stale_segments`). ``populate``: allocate every page now."""
    name = f"{_PREFIX}{os.getpid()}_{secrets.token_hex(6)}"
    if os.name == "nt":
        return Segment(name, size, mmap.mmap(-1, size, tagname=name))  # type: ignore[call-arg]  # Windows only
    import _posixshmem  # type: ignore[import-not-found]  # what multiprocessing.shared_memory uses

    fd = _posixshmem.shm_open("/" + name, os.O_CREAT | os.O_EXCL | os.O_RDWR, mode=0o600)
    try:
        os.ftruncate(fd, size)
        return Segment(name, size, mmap.mmap(fd, size, flags=_map_flags(populate)))
    finally:
        os.close(fd)


def _map_flags(populate: bool) -> int:
    populate_flag = getattr(mmap, "MAP_POPULATE", 0) if populate else 0  # Linux only
    return int(mmap.MAP_SHARED | populate_flag)


def unlink_segment(name: str) -> None:
    """Remove a segment's name (POSIX); mappings stay valid. Windows frees it with the last handle."""
    if os.name == "nt":
        return
    import _posixshmem

    with contextlib.suppress(FileNotFoundError):
        _posixshmem.shm_unlink("/" + name)


def remove_stale_segments() -> None:
    """Unlink segments of processes that no longer run (a killed app leaves its pool in /dev/shm)."""
    folder = Path("/dev/shm")  # noqa: S108 - where POSIX shared memory lives on Linux; names are ours
    if os.name == "nt" or not folder.is_dir():
        return
    for entry in folder.glob(_PREFIX + "*"):
        try:
            pid = int(entry.name[len(_PREFIX) :].split("_")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            unlink_segment(entry.name)
        except (ValueError, PermissionError, OSError):
            continue  # not ours, or a process we may not signal: it runs


_MB = 1 << 20
TILE_CLASS = _MB  # a 512 x 512 tile


def size_class(size: int) -> int:
    """Segments come in whole megabytes, so a view of another size can reuse one."""
    return max(_MB, -(-size // _MB) * _MB)


class SegmentPool:
    """Shared memory for rendered pixels: reused, and a few segments made ahead (thread-safe).

    Fresh shared memory is slow to write the first time (the system allocates and zeroes every page on
    first touch: ~7 ms for a 4 MB view on the test machine, more than rendering it). So segments come
    in size classes (whole MB); a segment whose image became garbage goes back to the pool; and a
    background thread keeps a *reserve* of segments made and populated ahead, of the tile class and of
    the classes asked for lately (a view of the window's size recurs). At most ``keep_bytes`` are kept
    free; the rest is unlinked, and ``on_unlink`` tells the engine, which tells the workers to unmap it.
    """

    RESERVE_TILES = 8
    RESERVE_RECENT = 2

    def __init__(self, keep_bytes: int, on_unlink: Callable[[str], None] | None = None) -> None:
        self.keep_bytes = keep_bytes
        self._on_unlink = on_unlink
        self._free: dict[int, list[Segment]] = collections.defaultdict(list)
        self._kept = 0
        self._recent: collections.deque[int] = collections.deque(maxlen=16)
        self._expected: set[int] = set()
        self._lock = threading.RLock()  # a finalizer may give back while this thread holds it
        self._wanted = threading.Condition(self._lock)
        self._closed = False
        self.idle: Callable[[], bool] = lambda: True  # blocks until making segments ahead may start
        self._filler = threading.Thread(target=self._fill, name="drawings-segment-reserve", daemon=True)
        self._filler.start()

    def take(self, size: int) -> Segment:
        size = size_class(size)
        with self._lock:
            self._recent.append(size)
            # the smallest free segment that fits, if it is not much larger (a view fitted into the
            # window is a little smaller than the window)
            fits = sorted(c for c, free in self._free.items() if free and size <= c <= size * 3 // 2)
            segment = self._free[fits[0]].pop() if fits else None
            if segment is not None:
                self._kept -= segment.size
            self._wanted.notify()
        return segment if segment is not None else create_segment(size)

    def give_back(self, segment: Segment) -> None:
        with self._lock:
            if not self._closed and self._kept + segment.size <= self.keep_bytes:
                self._free[segment.size].append(segment)
                self._kept += segment.size
                return
        self._unlink(segment)

    def _missing(self) -> int | None:
        """A size class the reserve lacks (under the lock), or None."""
        targets = {TILE_CLASS: self.RESERVE_TILES}
        for size in self._expected:
            targets.setdefault(size, self.RESERVE_RECENT)
        for size in self._recent:
            targets.setdefault(size, self.RESERVE_RECENT)
        for size, count in targets.items():
            if len(self._free.get(size, ())) < count and self._kept + size <= self.keep_bytes:
                return size
        return None

    def expect(self, size: int) -> None:
        """Keep segments for images of ``size`` bytes ready (e.g. the window's size, before any view)."""
        with self._lock:
            self._expected.add(size_class(size))
            self._wanted.notify()

    def full(self) -> bool:
        """True when the reserve holds what it aims to."""
        with self._lock:
            return self._missing() is None

    def _fill(self) -> None:
        while True:
            with self._lock:
                size = self._missing()
                while not self._closed and size is None:
                    self._wanted.wait()
                    size = self._missing()
                if self._closed or size is None:
                    return
            if not self.idle():
                return
            segment = create_segment(size, populate=True)
            self.give_back(segment)

    def _unlink(self, segment: Segment) -> None:
        unlink_segment(segment.name)  # the mapping goes with the segment object
        if self._on_unlink is not None:
            self._on_unlink(segment.name)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            segments = [s for free in self._free.values() for s in free]
            self._free.clear()
            self._kept = 0
            self._wanted.notify_all()
        self._filler.join()
        for segment in segments:
            self._unlink(segment)


class PixelImage:
    """BGRx pixels with their placement on the page; ``pixels`` is a writable memoryview, no copy.

    A shared image's segment goes back to its pool when the image is garbage; every view from
    ``pixels`` keeps the image alive, so memory a QImage still wraps is never reused."""

    def __init__(
        self,
        width: int,
        height: int,
        stride: int,
        placement: Placement,
        buffer: bytearray | None = None,
        *,
        segment: Segment | None = None,
        pool: SegmentPool | None = None,
    ) -> None:
        self.width, self.height, self.stride, self.placement = width, height, stride, placement
        self.segment = segment
        self._buffer: mmap.mmap | bytearray = (
            segment.mapping
            if segment is not None
            else (buffer if buffer is not None else bytearray(stride * height))
        )
        if segment is not None and pool is not None:
            weakref.finalize(self, pool.give_back, segment)

    @classmethod
    def shared(cls, width: int, height: int, placement: Placement, pool: SegmentPool) -> PixelImage:
        """An image in a (reused or new) shared-memory segment a worker can render into."""
        stride = width * 4
        return cls(width, height, stride, placement, segment=pool.take(max(1, stride * height)), pool=pool)

    @property
    def pixels(self) -> memoryview:
        exporter = (ctypes.c_ubyte * self.nbytes).from_buffer(self._buffer)
        exporter._owner = self  # type: ignore[attr-defined]  # a view keeps the image (and its segment)
        return memoryview(exporter).cast("B")

    @property
    def nbytes(self) -> int:
        return self.stride * self.height

    def to_pil(self) -> PILImage.Image:
        """An RGB copy as a Pillow image (for saving; the UI wraps ``pixels`` instead)."""
        from PIL import Image

        return Image.frombuffer(
            "RGB", (self.width, self.height), bytes(self.pixels), "raw", "BGRX", self.stride, 1
        )


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
        evicted: list[PixelImage] = []  # let go outside the lock: a segment given back runs callbacks
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
                evicted.append(old)
            self._items[key] = image
            self._bytes += image.nbytes
            while self._bytes > self.budget_bytes and len(self._items) > 1:
                _, gone = self._items.popitem(last=False)
                self._bytes -= gone.nbytes
                evicted.append(gone)  # freed with its last reference: a caller may still draw it
        del evicted

    def find(self, predicate: Callable[[Hashable, PixelImage], bool]) -> list[PixelImage]:
        """The cached images for which ``predicate(key, image)`` holds (without touching their age)."""
        with self._lock:
            return [image for key, image in self._items.items() if predicate(key, image)]

    def drop(self, predicate: collections.abc.Callable[[Hashable], bool]) -> None:
        dropped = []
        with self._lock:
            for key in [k for k in self._items if predicate(k)]:
                dropped.append(self._items.pop(key))
                self._bytes -= dropped[-1].nbytes
        del dropped
