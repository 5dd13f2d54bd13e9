"""The render engine: documents open in worker processes, pieces of pages rendered into shared memory.

Threads and processes
    Every open document has one or more *slots* (two for a PDF on a multi-core machine, one for a scan,
    whose decoded pyramid must not exist twice). A slot is a thread in this process that owns one worker
    process (:mod:`caseworker.drawings.worker`) holding the document open; it takes jobs from the
    document's queue, sends them, and waits for the answer with the engine's time limit. A second slot
    opens its worker only when there is more work than the first can take, so the first view is not
    slowed by a second parse of the file. Spare workers (Python started, PDFium and Pillow imported)
    are kept warm so opening a document does not wait for a process to start.

Results
    Every request returns a ``concurrent.futures.Future`` resolving to a :class:`PixelImage` (BGRx in
    shared memory, wrapped by the UI without a copy). The synchronous caller calls ``.result()``; the UI
    awaits ``asyncio.wrap_future(future)`` (see :class:`AsyncRenderEngine`), and cancelling that task
    cancels the render. Cancelling a future that is queued drops the job; cancelling one that is being
    rendered stops PDFium at its next pause check. Rendered pieces go to a :class:`TileCache` bounded by
    bytes.

Failures
    Bad input is a :class:`DrawingError` (reason + one plain sentence). A worker that dies (a decoder
    crash, a kill) is replaced and the job retried once; dying again fails the job as damaged. A job or
    an open that exceeds the time limit kills its worker and fails as timed out.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import hashlib
import itertools
import logging
import multiprocessing
import multiprocessing.connection
import os
import stat
import sys
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caseworker.drawings import errors, sniff, worker
from caseworker.drawings.errors import DrawingError
from caseworker.drawings.geometry import (
    TILE,
    PixelRect,
    check_scale,
    fit_scale,
    page_pixels,
    quarter_turns,
    tiles_covering,
)
from caseworker.drawings.images import PixelImage, Placement, SegmentPool, TileCache, remove_stale_segments
from caseworker.drawings.previews import PreviewCache

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 256 * 1024 * 1024  # bytes of rendered pixels kept (an A0 page at 400 % is ~1.4 GB)
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_WORKER_MEMORY = 3 * 1024 * 1024 * 1024
DEFAULT_POOL = 64 * 1024 * 1024  # shared memory kept for reuse, besides the budget
START_LIMIT = 120.0  # starting Python in a new process, on a busy machine
IDLE_DELAY = 1.0  # background work waits until requests have stopped this long
_POLL = 0.05
BATCH = 4  # jobs sent to a worker at once
MIN_BAND = 128  # rows: a view is split between workers only into bands at least this tall


class _Stuck(Exception):
    """A worker did not answer within the time limit (it was killed)."""


@dataclass(frozen=True)
class Document:
    """An open drawing. Page sizes are in points, unrotated (a scan's pixels converted with its dpi)."""

    id: int
    kind: sniff.Kind
    format: str
    sha256: str
    page_sizes: tuple[tuple[float, float], ...]

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def page_size(self, page: int) -> tuple[float, float]:
        if not 0 <= page < len(self.page_sizes):
            raise errors.no_such_page(page + 1, len(self.page_sizes))
        return self.page_sizes[page]


@dataclass
class EngineStats:
    """Counters a caller (and a test) can observe; only slot threads write them."""

    rendered: int = 0
    # cancelled before a worker started on it / stopped while a worker rendered it
    cancelled_queued: int = 0
    cancelled_rendering: int = 0

    @property
    def cancelled(self) -> int:
        return self.cancelled_queued + self.cancelled_rendering

    # workers that died and were replaced; jobs that ran past the time limit (their worker killed)
    worker_restarts: int = 0
    timeouts: int = 0


_SPAWN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a worker without it importing the program's ``__main__`` again (``spawn`` does that by
    default: the UI's main module would load Qt into every worker, a script run from stdin would fail)."""
    main = sys.modules["__main__"]
    with _SPAWN_LOCK:
        saved: dict[str, Any] = {n: main.__dict__[n] for n in ("__file__", "__spec__") if n in main.__dict__}
        main.__dict__.pop("__file__", None)
        main.__dict__["__spec__"] = None
        try:
            yield
        finally:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(saved)


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, memory_limit: int | None, quiet: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.cancelled = ctx.RawArray("q", 64)  # ids of sent jobs the parent no longer wants (a ring)
        self.cancel_slot = 0
        self.rendering = ctx.RawValue("q", 0)  # the job id the worker is rendering now
        self.process = ctx.Process(
            target=worker.main,
            args=(child, self.cancelled, self.rendering, memory_limit, quiet),
            name="caseworker-drawings-worker",
            daemon=True,
        )
        with _main_module_hidden():
            self.process.start()
        child.close()
        self.forget: list[str] = []  # segments unlinked since its last job: it unmaps them
        self.ready = False
        self._ready_lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        pid: int | None = self.process.pid
        return pid

    def receive(self, deadline: float, stop: Callable[[], None] | None = None) -> tuple[Any, ...] | None:
        """The next message, or None if the deadline passed. EOFError if the worker died."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if self.conn.poll(min(_POLL, remaining)):
                message: tuple[Any, ...] = self.conn.recv()
                return message
            if not self.process.is_alive() and not self.conn.poll(0):
                raise EOFError("the worker process exited")
            if stop is not None:
                stop()

    def wait_ready(self, deadline: float) -> None:
        with self._ready_lock:  # the pipe's first message is read once, by whoever asks first
            if not self.ready:
                if self.receive(deadline) is None:
                    raise TimeoutError
                self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass
class _Job:
    key: Hashable
    page: int
    scale: float
    rotation: int
    full: tuple[int, int]
    rect: PixelRect
    future: Future[PixelImage]
    draw_annotations: bool
    kind: str = "pixels"  # or "text" (the future's result is the page's text)
    state: str = "queued"  # queued, sent, done
    image: PixelImage | None = None
    sent_to: _Worker | None = None
    job_id: int = 0
    attempts: int = 0
    cancel_sent: bool = False

    @property
    def placement(self) -> Placement:
        return Placement(self.page, self.scale, self.rotation * 90, self.rect, self.full)


@dataclass
class _Slot:
    index: int
    worker: _Worker | None = None
    busy: bool = False
    warming: bool = False
    warmed: bool = False  # warm-up done (or given up)
    thread: threading.Thread | None = None


@dataclass
class _Open:
    """The engine's state for one open document."""

    document: Document
    source: str | bytes
    password: str | None
    slots: list[_Slot]
    queue: collections.deque[_Job] = field(default_factory=collections.deque)
    closed: bool = False
    grids: dict[tuple[int, int, float], tuple[int, int]] = field(default_factory=dict)  # tile grid origins
    first_page: int | None = None  # the page of the first piece delivered (the other slots warm up on it)


class RenderEngine:
    """Renders PDF and scanned drawings in worker processes. Thread-safe; close() when done."""

    def __init__(
        self,
        *,
        budget_bytes: int = DEFAULT_BUDGET,
        time_limit: float = DEFAULT_TIME_LIMIT,
        workers_per_document: int | None = None,
        spare_workers: int = 1,
        worker_memory: int | None = DEFAULT_WORKER_MEMORY,
        previews: PreviewCache | None = None,
        quiet_workers: bool = False,
        pool_bytes: int = DEFAULT_POOL,
    ) -> None:
        self.cache = TileCache(budget_bytes)
        remove_stale_segments()
        self._pool = SegmentPool(pool_bytes, on_unlink=self._forget)
        self.time_limit = time_limit
        self.stats = EngineStats()
        self.previews = previews
        self._per_document = workers_per_document or min(2, os.cpu_count() or 1)
        self._spare_count = spare_workers
        self._worker_memory = worker_memory
        self._quiet = quiet_workers  # decoders' own warnings on stderr silenced (the render command)
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Condition()
        self._documents: dict[int, _Open] = {}
        self._closed_entries: list[_Open] = []  # closed documents whose slot threads may still run
        self._inflight: dict[Hashable, _Job] = {}
        self._ids = itertools.count(1)
        self._job_ids = itertools.count(1)
        self._spares: list[_Worker] = []
        self._forget_lock = threading.RLock()
        self._workers_alive: weakref.WeakSet[_Worker] = weakref.WeakSet()  # told which segments went
        self._spares_scheduled = False
        self._closed = False
        self._io = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="drawings-io")
        # spare starts wait for idle time: a thread of their own, so opens and previews never wait
        self._spare_starter = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="drawings-spares")
        self._activity = time.monotonic()  # when a request came or was answered
        self._background = 0  # warm-ups and spare starts under way
        self._held = 0  # callers inside busy()
        self._pool.idle = self._wait_idle
        self._schedule_spares()

    # --- documents ---------------------------------------------------------------------------

    def open(
        self, source: Path | str | bytes, *, sha256: str | None = None, password: str | None = None
    ) -> Future[Document]:
        """Open a file (a path) or document bytes (from the encrypted store: never written to disk).

        ``password`` only if the user gave one (an encrypted PDF fails with Reason.ENCRYPTED first)."""
        return self._io.submit(self._open, source, sha256, password)

    def _open(self, source: Path | str | bytes, sha256: str | None, password: str | None) -> Document:
        data_or_path: str | bytes
        if isinstance(source, bytes):
            kind, name = sniff.sniff(source[: sniff.HEAD_BYTES], source[-sniff.TAIL_BYTES :], len(source))
            digest = sha256 or hashlib.sha256(source).hexdigest()
            data_or_path = source
        else:
            path = Path(source)
            head, tail, size = _head_and_tail(path)
            kind, name = sniff.sniff(head, tail, size)
            digest = sha256 or _file_sha256(path)
            data_or_path = str(path)
        slots = [_Slot(i) for i in range(1 if kind is sniff.Kind.RASTER else self._per_document)]
        entry = _Open(Document(0, kind, name, digest, ()), data_or_path, password, slots)
        sizes = self._start_worker(entry, slots[0])
        with self._lock:
            if self._closed:
                if slots[0].worker is not None:
                    slots[0].worker.kill()
                raise RuntimeError("the render engine is closed")
            document = Document(next(self._ids), kind, name, digest, tuple(sizes))
            entry.document = document
            self._documents[document.id] = entry
            for slot in slots:
                slot.thread = threading.Thread(
                    target=self._serve, args=(entry, slot), name=f"drawings-slot-{document.id}-{slot.index}",
                    daemon=True,
                )  # fmt: skip
                slot.thread.start()
        return document

    def close_document(self, document: Document) -> None:
        with self._lock:
            entry = self._documents.pop(document.id, None)
            if entry is None:
                return
            entry.closed = True
            # its slot threads end their workers by themselves; close() still waits for them
            self._closed_entries = [e for e in self._closed_entries if any(_alive(s) for s in e.slots)]
            self._closed_entries.append(entry)
            for job in entry.queue:
                job.future.cancel()
            entry.queue.clear()
            self._lock.notify_all()
        self.cache.drop(lambda key: isinstance(key, tuple) and key[0] == document.id)
        self._schedule_spares()

    def ready_workers(self, document: Document) -> int:
        """How many workers hold ``document`` open, warmed up."""
        with self._lock:
            entry = self._documents[document.id]
            return sum(1 for s in entry.slots if s.worker is not None and not s.warming)

    def worker_pids(self, document: Document) -> list[int]:
        """The worker processes holding ``document`` (for tests and diagnostics)."""
        with self._lock:
            entry = self._documents[document.id]
            return [s.worker.pid for s in entry.slots if s.worker is not None and s.worker.pid is not None]

    def expect_views(self, width: int, height: int) -> None:
        """The viewer's window size: shared memory for views of that size is made ahead, in idle time
        (fresh shared memory costs a page fault per 4 KB on first write)."""
        self._pool.expect(width * height * 4)

    def job_state(self, future: Future[PixelImage]) -> str | None:
        """'queued', 'sent' or 'rendering' (the worker is on it) for a request not answered, else None."""
        with self._lock:
            for job in self._inflight.values():
                if job.future is future:
                    if job.state == "sent" and job.sent_to is not None:
                        return "rendering" if job.sent_to.rendering.value == job.job_id else "sent"
                    return job.state
        return None

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            entries = list(self._documents.values())
            self._documents.clear()
            ending = entries + self._closed_entries
            self._closed_entries = []
            for entry in entries:
                entry.closed = True
                for job in entry.queue:
                    job.future.cancel()
                entry.queue.clear()
            self._lock.notify_all()
            spares, self._spares = self._spares, []
        for entry in ending:  # the workers are ended (and reaped) when close() returns
            for slot in entry.slots:
                if slot.thread is not None:
                    slot.thread.join(self.time_limit + 5)
        for spare in spares:
            spare.kill()
        self._io.shutdown(wait=True, cancel_futures=True)
        self._spare_starter.shutdown(wait=True, cancel_futures=True)
        self._pool.close()

    def __enter__(self) -> RenderEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- requests ----------------------------------------------------------------------------

    def render_page(
        self,
        document: Document,
        page: int,
        *,
        width: int | None = None,
        height: int | None = None,
        scale: float | None = None,
        rotation: int = 0,
    ) -> Future[PixelImage]:
        """The whole page as one image: at ``scale``, or fitted into width x height (either may be
        omitted). The first view of a page: one piece of exactly the window's size."""
        size = document.page_size(page)
        turns = quarter_turns(rotation)
        if scale is None:
            if width is None and height is None:
                raise ValueError("give a scale, a width or a height")
            scale = fit_scale(size, width or 1 << 30, height or 1 << 30, turns)
        full = page_pixels(size, check_scale(scale), turns)
        return self.render_area(document, page, scale, PixelRect(0, 0, *full), rotation=rotation)

    def render_area(
        self,
        document: Document,
        page: int,
        scale: float,
        rect: PixelRect,
        *,
        rotation: int = 0,
        draw_annotations: bool = True,
    ) -> Future[PixelImage]:
        """One piece of exactly ``rect`` (pixels of the page at ``scale``): e.g. the visible area."""
        return self._request(document, [self._job(document, page, scale, rect, rotation, draw_annotations)])[
            0
        ]

    def render_view(
        self, document: Document, page: int, scale: float, view: PixelRect, *, rotation: int = 0
    ) -> list[Future[PixelImage]]:
        """The visible area right after a zoom, as soon as the workers can: one horizontal band of it per
        warm worker of the document (at least MIN_BAND rows each), so they render side by side on their
        own cores; the bands are exactly ``view`` between them. One worker: one piece."""
        with self._lock:
            entry = self._documents.get(document.id)
            if entry is None:
                raise ValueError("the document is not open in this engine")
            warm = sum(1 for s in entry.slots if s.worker is not None and not s.warming)
        count = max(1, min(warm, view.h // MIN_BAND))
        edges = [view.y + view.h * i // count for i in range(count + 1)]
        jobs = [
            self._job(document, page, scale, PixelRect(view.x, top, view.w, bottom - top), rotation, True)
            for top, bottom in itertools.pairwise(edges)
        ]
        return self._request(document, jobs)

    def page_text(self, document: Document, page: int) -> Future[str]:
        """The page's text as PDFium reads it (at most 64 K characters: the start and the end); empty
        for a scan or a picture. Rendered pieces go first in the worker's queue order, like any job."""
        document.page_size(page)  # raises for a page it does not have
        job = _Job(("text", document.id, page), page, 1.0, 0, (1, 1), PixelRect(0, 0, 1, 1), Future(), False)
        job.kind = "text"
        return self._request(document, [job])[0]  # type: ignore[return-value]

    def _job(
        self,
        document: Document,
        page: int,
        scale: float,
        rect: PixelRect,
        rotation: int,
        draw_annotations: bool,
    ) -> _Job:
        """A job for one piece (not queued yet), checked."""
        turns = quarter_turns(rotation)
        full = page_pixels(document.page_size(page), check_scale(scale), turns)
        clipped = rect.intersect(PixelRect(0, 0, *full))
        if clipped is None:
            raise ValueError(f"{rect} is outside the page ({full[0]} x {full[1]} pixels)")
        if clipped.w * clipped.h * 4 > self.cache.budget_bytes:
            raise errors.too_large(
                f"one piece of {clipped.w} x {clipped.h} pixels would not fit in the memory budget "
                f"({self.cache.budget_bytes // 2**20} MB); ask for tiles"
            )
        key = (document.id, page, turns, scale, clipped, draw_annotations)
        return _Job(key, page, scale, turns, full, clipped, Future(), draw_annotations)

    def request_tiles(
        self, document: Document, page: int, scale: float, view: PixelRect, *, rotation: int = 0
    ) -> list[Future[PixelImage]]:
        """The grid tiles (``TILE`` pixels) covering ``view``, cached ones already resolved. Cancel the
        futures of tiles that left the view.

        Each zoom level of a page has its own grid, laid with a corner at the view when none of the
        level's tiles under it is cached or coming: the view right after a zoom is covered by the
        fewest tiles (3 x 2 for 1280 x 800, not up to 4 x 3), and panning from there keeps the grid
        and its cached tiles."""
        turns = quarter_turns(rotation)
        full = page_pixels(document.page_size(page), check_scale(scale), turns)
        level = (page, turns, scale)
        with self._lock:
            entry = self._documents.get(document.id)
            if entry is None:
                raise ValueError("the document is not open in this engine")
            origin = entry.grids.get(level)
            if origin is not None and not any(
                self._has((document.id, page, turns, scale, tile, True))
                for tile in tiles_covering(full, view, TILE, origin)
            ):
                origin = None  # nothing of the old grid under this view: lay a new one here
            if origin is None:
                origin = entry.grids[level] = (view.x % TILE, view.y % TILE)
        jobs = [
            self._job(document, page, scale, tile, rotation, True)
            for tile in tiles_covering(full, view, TILE, origin)
        ]
        return self._request(document, jobs)

    def _has(self, key: Hashable) -> bool:
        """Rendered or being rendered (under the lock)."""
        return key in self._inflight or self.cache.get(key) is not None

    def cached(
        self, document: Document, page: int, scale: float, rect: PixelRect, rotation: int = 0
    ) -> PixelImage | None:
        """A piece already rendered, without rendering (what the viewer can draw right now)."""
        return self.cache.get((document.id, page, quarter_turns(rotation), scale, rect, True))

    def pieces_for_view(
        self, document: Document, page: int, scale: float, view: PixelRect, *, rotation: int = 0
    ) -> list[PixelImage]:
        """What can be painted for ``view`` right now, without rendering: cached pieces of the page at
        any scale that overlap it, coarsest first (paint them in order, each scaled by
        ``scale / piece.placement.scale``: sharper pieces cover blurrier ones). The viewer's
        progressive refinement: the preview or a previous zoom at once, the sharp tiles as they come."""
        turns = quarter_turns(rotation)

        def overlaps(key: Hashable, image: PixelImage) -> bool:
            if not (isinstance(key, tuple) and key[:3] == (document.id, page, turns)):
                return False
            f = scale / image.placement.scale
            r = image.placement.rect
            shown = PixelRect(int(r.x * f), int(r.y * f), max(1, round(r.w * f)), max(1, round(r.h * f)))
            return shown.intersect(view) is not None

        return sorted(self.cache.find(overlaps), key=lambda image: image.placement.scale)

    def _request(self, document: Document, jobs: list[_Job]) -> list[Future[PixelImage]]:
        """Queue the jobs not cached or already coming, all at once (a worker then takes several)."""
        futures: list[Future[PixelImage]] = []
        with self._lock:
            entry = self._documents.get(document.id)
            if entry is None:
                raise ValueError("the document is not open in this engine")
            for job in jobs:
                cached = self.cache.get(job.key)
                running = self._inflight.get(job.key)
                if cached is not None:
                    job.future.set_result(cached)
                elif running is not None and not running.future.cancelled():
                    job = running
                else:
                    self._inflight[job.key] = job
                    entry.queue.append(job)
                futures.append(job.future)
            self._activity = time.monotonic()
            self._lock.notify_all()
        return futures

    # --- slots -------------------------------------------------------------------------------

    def _take(self, entry: _Open, slot: _Slot) -> list[_Job] | None:
        """The next jobs for this slot (a few at once: the worker renders the next while this thread
        hands the last one over), or None when the document closes."""
        with self._lock:
            while True:
                if entry.closed or self._closed:
                    return None
                while entry.queue and entry.queue[0].future.cancelled():
                    dropped = entry.queue.popleft()
                    self._inflight.pop(dropped.key, None)
                    self.stats.cancelled_queued += 1
                # a slot without a worker starts one only when the slots that have one are all busy
                others_free = any(s is not slot and s.worker is not None and not s.busy for s in entry.slots)
                if entry.queue and (slot.worker is not None or not others_free):
                    slot.busy = True
                    working = sum(1 for s in entry.slots if s.worker is not None and not s.warming) or 1
                    count = min(BATCH, max(1, -(-len(entry.queue) // working)))
                    return [entry.queue.popleft() for _ in range(min(count, len(entry.queue)))]
                self._lock.wait()

    def _warm_up(self, entry: _Open, slot: _Slot) -> None:
        """After the first view, open the document in this slot's worker and load the page shown, so
        the first zoom has every worker ready (keeps the first view free of the extra parse)."""
        with self._lock:
            while entry.first_page is None and not entry.closed:
                self._lock.wait()
            page, slot.busy, slot.warming = entry.first_page, True, True
            self._background += 1
        try:
            if page is None or entry.closed or slot.worker is not None or not self._wait_idle():
                return
            self._start_worker(entry, slot)
            assert slot.worker is not None
            slot.worker.conn.send(("load", page))
            if slot.worker.receive(time.monotonic() + self.time_limit) is None:
                raise errors.timed_out(self.time_limit)
        except (DrawingError, EOFError, OSError, RuntimeError) as exc:
            log.info("a drawing worker did not warm up (%s); it starts with its first job", exc)
            if slot.worker is not None:
                slot.worker.kill()
                slot.worker = None
        finally:
            with self._lock:
                slot.busy = slot.warming = False
                slot.warmed = True
                self._background -= 1
                self._lock.notify_all()
            self._schedule_spares()

    def _serve(self, entry: _Open, slot: _Slot) -> None:
        try:
            if slot.index > 0:
                self._warm_up(entry, slot)
            while (jobs := self._take(entry, slot)) is not None:
                try:
                    self._run(entry, slot, jobs)
                finally:
                    with self._lock:
                        slot.busy = False
                        if entry.first_page is None:  # the first answer is out: the other slots warm up
                            entry.first_page = jobs[0].page
                            if len(entry.slots) == 1:
                                self._schedule_spares()
                        for job in jobs:
                            if self._inflight.get(job.key) is job:
                                del self._inflight[job.key]
                        self._activity = time.monotonic()
                        self._lock.notify_all()
        finally:
            if slot.worker is not None:
                slot.worker.kill()
                slot.worker = None

    def _run(self, entry: _Open, slot: _Slot, jobs: list[_Job]) -> None:
        """Render ``jobs`` in the slot's worker, restarting it if it dies (each job is tried twice)."""
        pending = list(jobs)
        while pending:
            try:
                if slot.worker is None:
                    self._start_worker(entry, slot)
                self._exchange(slot, pending)
            except DrawingError as exc:  # the document cannot be opened (again): nothing here can render
                for job in pending:
                    _fail(job, exc)
                return
            except _Stuck:  # the first pending job took too long; its worker was killed
                self.stats.timeouts += 1
                _fail(pending.pop(0), errors.timed_out(self.time_limit))
            except EOFError:
                if slot.worker is not None:
                    slot.worker.kill()
                    slot.worker = None
                self.stats.worker_restarts += 1
                job = pending[0]  # the one it was rendering when it died
                job.attempts += 1
                log.warning("a drawing worker died (attempt %d of 2 for a tile)", job.attempts)
                if job.attempts >= 2:
                    pending.pop(0)
                    _fail(
                        job,
                        errors.damaged("the renderer stopped twice on this page (it may crash the decoder)"),
                    )

    def _exchange(self, slot: _Slot, pending: list[_Job]) -> None:
        """Send the pending jobs to the slot's worker and take its answers in order, removing each job
        from ``pending`` as it is answered. Raises EOFError if the worker died, _Stuck on a timeout."""
        assert slot.worker is not None
        w = slot.worker
        requests = []
        for job in pending:
            job.state = "queued"
            if job.future.cancelled():
                continue  # not sent; counted as dropped below
            job.job_id, job.sent_to, job.state, job.cancel_sent = next(self._job_ids), w, "sent", False
            if job.kind == "text":
                requests.append(
                    worker.RenderJob(job.job_id, job.page, 1.0, 0, (1, 1), job.rect, "", 0, kind="text")
                )
                continue
            image = PixelImage.shared(job.rect.w, job.rect.h, job.placement, self._pool)
            assert image.segment is not None
            job.image = image
            requests.append(
                worker.RenderJob(
                    job.job_id,
                    job.page,
                    job.scale,
                    job.rotation,
                    job.full,
                    job.rect,
                    image.segment.name,
                    image.stride,
                    job.draw_annotations,
                )
            )

        def cancel_left_views() -> None:
            for job in pending:
                if job.future.cancelled() and job.state == "sent" and not job.cancel_sent:
                    w.cancelled[w.cancel_slot % len(w.cancelled)] = job.job_id
                    w.cancel_slot += 1
                    job.cancel_sent = True

        with self._forget_lock:
            forget, w.forget = w.forget, []
        try:
            w.conn.send(("render", requests, forget))
        except (OSError, BrokenPipeError):
            raise EOFError("the worker is gone") from None
        while pending:
            job = pending[0]
            if job.state != "sent":  # cancelled before it was sent
                pending.pop(0)
                self.stats.cancelled_queued += 1
                continue
            try:
                message = w.receive(time.monotonic() + self.time_limit, cancel_left_views)
            except (EOFError, OSError):
                raise EOFError("the worker died") from None
            if message is None:
                w.kill()
                slot.worker = None
                raise _Stuck
            status = message[0]
            if message[1] != job.job_id:
                raise EOFError("the worker answered out of order")  # cannot happen; restart it
            pending.pop(0)
            job.state = "done"
            rendered, job.image = job.image, None
            if status == "ok" and job.kind == "text":
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    job.future.set_result(message[2])
            elif status == "ok" and rendered is not None:
                self.stats.rendered += 1
                self.cache.put(job.key, rendered)
                _resolve(job.future, rendered)  # if it was cancelled meanwhile, it stays in the cache
            elif status == "cancelled":
                self.stats.cancelled_rendering += 1
            elif status == "skipped":
                self.stats.cancelled_queued += 1
            else:
                error = message[2]
                _fail(job, error if isinstance(error, DrawingError) else errors.damaged("unknown problem"))

    def _start_worker(self, entry: _Open, slot: _Slot) -> list[tuple[float, float]]:
        """Give the slot a warm worker with the document open; the page sizes it read."""
        w = self._take_spare()
        try:
            w.wait_ready(time.monotonic() + max(self.time_limit, START_LIMIT))
        except (EOFError, OSError, TimeoutError):
            w.kill()
            raise RuntimeError("a drawing worker process did not start") from None
        deadline = time.monotonic() + self.time_limit
        try:
            w.conn.send(("open", entry.source, entry.document.kind.value, entry.password))
            message = w.receive(deadline)
        except (EOFError, OSError, TimeoutError):
            w.kill()
            raise errors.damaged("opening it stopped the renderer (it may crash the decoder)") from None
        if message is None:
            w.kill()
            raise errors.timed_out(self.time_limit)
        if message[0] == "error":
            w.kill()
            error = message[1]
            if not isinstance(error, DrawingError):
                error = errors.damaged("the renderer reported an unknown problem")
            if error.reason is errors.Reason.DAMAGED:
                log.info("drawing refused: %s", error)
            raise error
        slot.worker = w
        with self._forget_lock:
            self._workers_alive.add(w)
        sizes: list[tuple[float, float]] = message[1]
        return sizes

    def _take_spare(self) -> _Worker:
        """A started worker: a spare, or a new one. Not topped up now: starting Python would compete
        with this document's first render."""
        with self._lock:
            spare = self._spares.pop(0) if self._spares else None
        if spare is None or not spare.process.is_alive():
            spare = _Worker(self._ctx, self._worker_memory, self._quiet)
        return spare

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Hold background work back while the caller works hard on this machine's cores (e.g. a
        revision compare): it counts as a request being rendered."""
        with self._lock:
            self._held += 1
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1
                self._activity = time.monotonic()
                self._lock.notify_all()

    def _forget(self, name: str) -> None:
        # Called when a segment is unlinked, from whatever thread let go of its last image (a garbage
        # collection may run it anywhere): never under the engine's lock, only the small re-entrant one.
        with self._forget_lock:
            for worker_ in list(self._workers_alive):
                worker_.forget.append(name)

    def _wait_idle(self, quiet: float = IDLE_DELAY) -> bool:
        """Block until no request has come or been answered for ``quiet`` seconds (background work --
        a second worker parsing the page, a spare Python starting, shared memory made ahead -- must not
        take the CPU from a view being rendered). False if the engine closed meanwhile."""
        with self._lock:
            while not self._closed:
                idle_for = time.monotonic() - self._activity
                working = bool(self._inflight) or self._held > 0
                if not working and idle_for >= quiet:
                    return True
                self._lock.wait(0.1 if working else quiet - idle_for)
            return False

    def settle(self, timeout: float = START_LIMIT) -> None:
        """Block until the background work is done: spares started, second workers warm, shared memory
        made ahead (benchmarks call it between runs; an application never needs to)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                spares = list(self._spares)
                pending = (
                    self._background > 0
                    or len(spares) < self._spare_count
                    or any(
                        e.first_page is not None and s.index > 0 and s.worker is None and not s.warmed
                        for e in self._documents.values()
                        for s in e.slots
                    )
                )
            for spare in spares:
                spare.wait_ready(deadline)
            if not pending and self._pool.full():
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the drawing engine did not settle")
            time.sleep(0.01)

    def wait_for_spares(self, timeout: float = START_LIMIT) -> None:
        """Block until the spare workers are started and ready."""
        self._top_up_spares(when_idle=False)
        deadline = time.monotonic() + timeout
        with self._lock:
            spares = list(self._spares)
        for spare in spares:
            spare.wait_ready(deadline)

    def _schedule_spares(self) -> None:
        with self._lock:
            if self._closed or self._spares_scheduled:
                return
            self._spares_scheduled = True
        self._spare_starter.submit(self._top_up_spares)

    def _top_up_spares(self, when_idle: bool = True) -> None:
        with self._lock:
            self._background += 1
        try:
            while True:
                with self._lock:
                    if self._closed or len(self._spares) >= self._spare_count:
                        return
                if when_idle and not self._wait_idle():
                    return
                spare = _Worker(self._ctx, self._worker_memory, self._quiet)
                with self._lock:
                    if self._closed:
                        spare.kill()
                        return
                    self._spares.append(spare)
        finally:
            with self._lock:
                self._background -= 1
                if when_idle:
                    self._spares_scheduled = False

    # --- previews ----------------------------------------------------------------------------

    def preview(self, document: Document, page: int, rotation: int = 0) -> Future[PixelImage | None]:
        """The page's preview from the encrypted disk cache, or None (no cache, or not there yet)."""
        return self.preview_of(document.sha256, page, rotation)

    def preview_of(self, sha256: str, page: int, rotation: int = 0) -> Future[PixelImage | None]:
        """The same by the document's sha256, before (or while) the document opens: the store knows
        the sha256 of every document, so the viewer can paint the preview first."""
        if self.previews is None:
            done: Future[PixelImage | None] = Future()
            done.set_result(None)
            return done
        return self._io.submit(self.previews.load, sha256, page, rotation)

    def first_view(
        self, document: Document, page: int, width: int, height: int, *, rotation: int = 0
    ) -> Future[PixelImage]:
        """The page fitted into width x height, also kept as the page's preview on disk."""
        future = self.render_page(document, page, width=width, height=height, rotation=rotation)
        if self.previews is not None:
            previews = self.previews

            def keep(done: Future[PixelImage]) -> None:
                if not done.cancelled() and done.exception() is None:
                    self._io.submit(previews.store, document.sha256, page, rotation, done.result())

            future.add_done_callback(keep)
        return future


def _alive(slot: _Slot) -> bool:
    return slot.thread is not None and slot.thread.is_alive()


def _resolve(future: Future[PixelImage], image: PixelImage) -> bool:
    try:
        future.set_result(image)
        return True
    except concurrent.futures.InvalidStateError:
        return False  # cancelled meanwhile


def _fail(job: _Job, error: DrawingError) -> None:
    with contextlib.suppress(concurrent.futures.InvalidStateError):  # cancelled: nobody waits for it
        job.future.set_exception(error)


def _head_and_tail(path: Path) -> tuple[bytes, bytes, int]:
    """The first and last kilobyte of a regular file and its size. Anything else (a FIFO, /dev/zero, a
    socket, a symlink to one) is refused before a byte is read: reading it could block or never end.
    O_NONBLOCK: opening a FIFO does not wait for a writer (and changes nothing for a regular file)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise errors.unreadable("the file does not exist") from None
    except IsADirectoryError:
        raise errors.not_a_drawing("it is a folder") from None
    except PermissionError:
        raise errors.unreadable("the file cannot be read (permission denied)") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise errors.not_a_drawing("it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise errors.not_a_drawing("it is not a file (a device, a pipe or a socket)")
        sniff.check_file_size(info.st_size)
        head = f.read(sniff.HEAD_BYTES)
        f.seek(max(0, info.st_size - sniff.TAIL_BYTES))
        tail = f.read(sniff.TAIL_BYTES)
    return head, tail, info.st_size


def _file_sha256(path: Path) -> str:
    """The file's sha256, read to at most the size limit (a file still growing is refused, not followed)."""
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            read += len(chunk)
            sniff.check_file_size(read)
            digest.update(chunk)
    return digest.hexdigest()


class AsyncRenderEngine:
    """The engine for asyncio code (the UI runs qasync): the same calls, awaitable on the event loop.

    Cancelling an awaiting task cancels its render."""

    def __init__(self, engine: RenderEngine) -> None:
        self.engine = engine

    async def open(self, source: Path | str | bytes, *, sha256: str | None = None) -> Document:
        return await asyncio.wrap_future(self.engine.open(source, sha256=sha256))

    async def preview(self, document: Document, page: int, rotation: int = 0) -> PixelImage | None:
        return await asyncio.wrap_future(self.engine.preview(document, page, rotation))

    async def first_view(
        self, document: Document, page: int, width: int, height: int, *, rotation: int = 0
    ) -> PixelImage:
        return await asyncio.wrap_future(
            self.engine.first_view(document, page, width, height, rotation=rotation)
        )

    async def render_area(
        self, document: Document, page: int, scale: float, rect: PixelRect, *, rotation: int = 0
    ) -> PixelImage:
        return await asyncio.wrap_future(
            self.engine.render_area(document, page, scale, rect, rotation=rotation)
        )

    def request_tiles(
        self, document: Document, page: int, scale: float, view: PixelRect, *, rotation: int = 0
    ) -> list[asyncio.Future[PixelImage]]:
        """asyncio futures of the tiles covering ``view``; ``cancel()`` one to stop its render."""
        return [
            asyncio.wrap_future(f)
            for f in self.engine.request_tiles(document, page, scale, view, rotation=rotation)
        ]
