"""Drawing benchmarks: the render engine (caseworker.drawings) on the dense A0 sheet and an A0 scan.

    python benchmarks/drawings.py            # 7 repeats, a long pan session
    python benchmarks/drawings.py --quick    # 3 repeats, a short pan session (same figure names)

Prints, per figure, ``figure: value | baseline: value | ratio: r`` (QUALITY.md). Data: the sandbox's dense
A0 sheet (~181 000 segments) and an A0 Group 4 scan at 300 dpi (14 043 x 9 933 pixels, made once from
the dense sheet and cached under the system temp folder). The window is 1600 x 1000 pixels; 100 % zoom is
96 dpi (scale 4/3 pixels per point), so 400 % is scale 16/3. Medians of the repeats, engine and
baseline interleaved (a comment line gives the best runs too: the machine may be shared). The engine
is created (and its spare worker started) before timing, as the application does at start-up.

* ``drawing_first_open`` -- open the PDF in the engine and get the page fitted to the window (one piece
  of exactly that size), no cache, against bare pypdfium2 in this process: open, load the page, render
  at the same pixel size.
* ``drawing_first_paint_cached`` -- open the PDF and get its preview from the encrypted disk cache
  (target 250 ms; no baseline).
* ``drawing_zoom400_sharp`` -- on the open sheet, a 1280 x 800 view zoomed to 400 % made sharp the way
  the viewer does it right after a zoom: one piece of exactly the visible area (``render_area``; a new
  place each repeat), against a bare render of only that area with the page already loaded.
  ``drawing_zoom400_tiles``: the same view as the 512-px grid tiles covering it (what panning asks for;
  3 x 2 tiles hold 1.5 times the view's pixels).
* ``drawing_ui_stall_max`` -- the longest stall of the Qt event loop (a 5 ms timer's late ticks) while
  the real viewer (``ui.drawings.DrawingViewer``, offscreen, 1600 x 1000) opens the dense sheet and
  goes through a scripted session of zooms (wheel steps up to 800 %) and pans, each step waited on
  until the view is sharp; painting included. A comment line gives the most CPU time the UI thread
  itself used between two ticks (on a loaded machine a stall is mostly waiting for a core).
* ``tiff_a0_first_paint`` -- open the scan and get it fitted to the window (decode once, pyramid level,
  downscale), against bare Pillow: open, decode, convert to grey, one BOX downscale to the window
  (a bilevel image must become grey to be downscaled legibly). ``tiff_a0_first_paint_cached``: open
  and the preview from the disk cache.
* ``drawing_pan_peak_rss`` -- peak memory (PSS: resident, shared memory counted once) of this process
  and its workers over a scripted
  session on the dense sheet (zoom 100 % to 800 %, then panning a 1920 x 1080 view across it at
  400 %), with the default tile budget (256 MB). ``drawing_loop_stall_max``: the longest stall of an
  asyncio event loop awaiting the same session's tiles through AsyncRenderEngine (the UI's own stall
  figure, with Qt painting, belongs to the viewer).
* ``compare_a1_overlay`` -- open two revisions of an A1 sheet (the sandbox's plan, revisions A and B,
  scaled onto A1), render both at 96 dpi, align, overlay and find the changed regions
  (``caseworker.drawings.compare``), against bare pypdfium2 opening and rendering the two sheets at
  the same size one after the other.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402
from pypdf import PdfReader, PdfWriter, Transformation  # noqa: E402

from benchmarks._common import CACHE_DIR, line  # noqa: E402
from caseworker.drawings import (  # noqa: E402
    AsyncRenderEngine,
    PixelRect,
    PreviewCache,
    RenderEngine,
    fit_scale,
    page_pixels,
)
from caseworker.drawings.compare import compare_pages  # noqa: E402
from caseworker.sandbox.assets import dense_a0_pdf, drawing_pdf  # noqa: E402

WINDOW = (1600, 1000)
VIEW = (1280, 800)
ZOOM_100 = 96 / 72
KEY = b"benchmark-drawings-key-32-bytes!"


def a0_scan(path: Path) -> Path:
    """An A0 bilevel Group 4 scan at 300 dpi of the dense sheet (made once, then reused)."""
    if path.exists():
        return path
    print(f"# making the A0 scan {path} ...", file=sys.stderr, flush=True)
    document = pdfium.PdfDocument(dense_a0_pdf())
    grey = document[0].render(scale=300 / 72, grayscale=True).to_pil()
    document.close()
    bilevel = grey.point(lambda v: 255 if v > 160 else 0, mode="1")
    del grey
    partial = path.with_name(path.name + ".partial")
    bilevel.save(partial, format="TIFF", compression="group4", dpi=(300, 300))
    os.replace(partial, path)
    return path


def figure(name: str, values: list[float], baselines: list[float] | None = None) -> list[str]:
    """The figure's line (medians), and a comment with the best runs (the machine may be shared)."""
    if baselines is None:
        return [line(name, statistics.median(values)), f"# {name} best: {min(values):.3f} s"]
    return [
        line(name, statistics.median(values), statistics.median(baselines)),
        "# " + line(f"{name} best", min(values), min(baselines)),
    ]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bare_pdf_first_open(path: Path) -> None:
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    scale = fit_scale(page.get_size(), *WINDOW)
    page.render(scale=scale, prefer_bgrx=True)
    page.close()
    document.close()


def bare_tiff_first_paint(path: Path) -> None:
    with Image.open(path) as image:
        image.load()
        w, h = image.size
        s = min(WINDOW[0] / w, WINDOW[1] / h)
        image.convert("L").resize((round(w * s), round(h * s)), Image.Resampling.BOX)


def engine_first_view(engine: RenderEngine, path: Path) -> None:
    document = engine.open(path).result()
    engine.first_view(document, 0, *WINDOW).result()
    engine.close_document(document)


def engine_cached_preview(engine: RenderEngine, path: Path) -> None:
    document = engine.open(path).result()
    preview = engine.preview(document, 0).result()
    assert preview is not None, "no preview in the cache"
    engine.close_document(document)


def first_figures(pdf: Path, scan: Path, repeat: int, workdir: Path) -> list[str]:
    out = []
    Image.MAX_IMAGE_PIXELS = 200_000_000  # the bare baseline opens the A0 scan (140 Mpx) too
    with RenderEngine() as engine:
        engine.expect_views(*WINDOW)  # as the viewer does when its window opens
        engine_times, bare_times = [], []
        for _ in range(repeat):
            engine.settle()  # before each run, engine or bare: no process starting meanwhile
            engine_times.append(timed(lambda: engine_first_view(engine, pdf)))
            engine.settle()
            bare_times.append(timed(lambda: bare_pdf_first_open(pdf)))
        out += figure("drawing_first_open", engine_times, bare_times)
        engine_times, bare_times = [], []
        for _ in range(repeat):
            engine.settle()
            engine_times.append(timed(lambda: engine_first_view(engine, scan)))
            engine.settle()
            bare_times.append(timed(lambda: bare_tiff_first_paint(scan)))
        out += figure("tiff_a0_first_paint", engine_times, bare_times)

    previews = PreviewCache(workdir / "previews", KEY)
    with RenderEngine(previews=previews) as engine:
        for path, name in ((pdf, "drawing_first_paint_cached"), (scan, "tiff_a0_first_paint_cached")):
            document = engine.open(path).result()
            engine.first_view(document, 0, *WINDOW).result()
            engine.close_document(document)
            deadline = time.monotonic() + 120
            while previews.load(document.sha256, 0) is None:  # stored in the background
                if time.monotonic() > deadline:
                    raise RuntimeError("the preview was not stored")
                time.sleep(0.05)
            times = []
            for _ in range(repeat):
                engine.settle()
                times.append(timed(lambda: engine_cached_preview(engine, path)))  # noqa: B023
            out += figure(name, times)
    return out


def zoom_figures(pdf: Path, repeat: int) -> list[str]:
    scale = 4 * ZOOM_100
    bare_doc = pdfium.PdfDocument(str(pdf))
    bare_page = bare_doc[0]
    size = bare_page.get_size()
    full = page_pixels(size, scale)
    bare_page.render(scale=0.2)  # loaded and parsed, like the engine's open page

    def view(i: int) -> PixelRect:  # a different place each time, across the middle of the sheet
        x = full[0] // 5 + (full[0] * 3 // 5) * i // max(1, 2 * repeat)
        y = full[1] // 3 + (full[1] // 3) * i // max(1, 2 * repeat)
        return PixelRect(x, y, *VIEW)

    def bare(rect: PixelRect) -> None:
        crop = (
            rect.x / scale, (full[1] - rect.bottom) / scale,
            (full[0] - rect.right) / scale, rect.y / scale,
        )  # fmt: skip
        bare_page.render(scale=scale, crop=crop, prefer_bgrx=True)

    out = []
    with RenderEngine() as engine:
        document = engine.open(pdf).result()
        engine.first_view(document, 0, *WINDOW).result()
        deadline = time.monotonic() + 120
        while engine.ready_workers(document) < min(2, os.cpu_count() or 1):
            if time.monotonic() > deadline:
                raise RuntimeError("the second worker did not warm up")
            time.sleep(0.01)
        tiles, areas, bares = [], [], []

        def engine_tiles(rect: PixelRect) -> None:
            for future in engine.request_tiles(document, 0, scale, rect):
                future.result()

        for i in range(repeat):
            engine.settle()
            tiles.append(timed(lambda: engine_tiles(view(2 * i))))  # noqa: B023 - called right away
            engine.settle()
            bares.append(timed(lambda: bare(view(2 * i))))  # noqa: B023
            engine.settle()
            areas.append(timed(lambda: engine.render_area(document, 0, scale, view(2 * i + 1)).result()))  # noqa: B023
            engine.settle()
            bares.append(timed(lambda: bare(view(2 * i + 1))))  # noqa: B023
        out += figure("drawing_zoom400_sharp", areas, bares)
        out += figure("drawing_zoom400_tiles", tiles, bares)
    bare_page.close()
    bare_doc.close()
    return out


def a1_sheet(revision: int) -> bytes:
    """The sandbox's A3 plan of a revision, scaled up onto an A1 sheet (twice the size each way)."""
    source = PdfReader(io.BytesIO(drawing_pdf("plan", revision))).pages[0]
    w, h = float(source.mediabox.width), float(source.mediabox.height)
    writer = PdfWriter()
    page = writer.add_blank_page(width=2 * w, height=2 * h)
    page.merge_transformed_page(source, Transformation().scale(2, 2))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def compare_figures(old: Path, new: Path, repeat: int) -> list[str]:
    scale = ZOOM_100  # 96 dpi: an A1 sheet is 3175 x 2246 pixels

    def bare() -> None:
        for path in (old, new):
            document = pdfium.PdfDocument(str(path))
            page = document[0]
            page.render(scale=scale, prefer_bgrx=True)
            page.close()
            document.close()

    times, bares, found = [], [], 0
    with RenderEngine(spare_workers=2) as engine:

        def engine_compare() -> None:
            nonlocal found
            a, b = engine.open(old).result(), engine.open(new).result()
            found = len(compare_pages(engine, a, 0, b, 0, scale=scale).changes)
            engine.close_document(a)
            engine.close_document(b)

        for _ in range(repeat):
            engine.settle()
            times.append(timed(engine_compare))
            engine.settle()
            bares.append(timed(bare))
    print(f"# compare: {found} changed regions", file=sys.stderr)
    return figure("compare_a1_overlay", times, bares)


def _tree_memory(pid: int) -> int:
    """Proportional resident bytes (PSS: shared memory counted once) of a process and its descendants,
    from Linux /proc; 0 where /proc is missing."""
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    if not rollup.exists():
        return 0
    total = 0
    try:
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += _tree_memory(int(child))
        for text in rollup.read_text().splitlines():
            if text.startswith("Pss:"):
                total += int(text.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass  # a worker went away meanwhile
    return total


def session_views(full_at: Callable[[float], tuple[int, int]], steps: int) -> list[tuple[float, PixelRect]]:
    """A scripted session: zoom in step by step at the centre, then pan across the sheet at 400 %."""
    views = []
    for zoom in (1, 2, 4, 8):
        w, h = full_at(zoom * ZOOM_100)
        views.append((zoom * ZOOM_100, PixelRect(max(0, w // 2 - 960), max(0, h // 2 - 540), 1920, 1080)))
    w, h = full_at(4 * ZOOM_100)
    for i in range(steps):
        x = (w - 1920) * i // max(1, steps - 1)
        y = (h - 1080) * ((i * 7) % steps) // max(1, steps - 1)
        views.append((4 * ZOOM_100, PixelRect(x, y, 1920, 1080)))
    return views


def session_figures(pdf: Path, steps: int) -> list[str]:
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_memory(os.getpid()))
            stop.wait(0.02)

    async def session() -> tuple[float, int]:
        with RenderEngine() as sync_engine:
            engine = AsyncRenderEngine(sync_engine)
            document = await engine.open(pdf)
            size = document.page_size(0)
            stall = 0.0
            done = asyncio.Event()

            async def ticker() -> None:
                nonlocal stall
                loop = asyncio.get_running_loop()
                while not done.is_set():
                    before = loop.time()
                    await asyncio.sleep(0.005)
                    stall = max(stall, loop.time() - before - 0.005)

            tick = asyncio.ensure_future(ticker())
            await engine.first_view(document, 0, *WINDOW)
            tiles = 0
            for scale, rect in session_views(lambda s: page_pixels(size, s), steps):
                tiles += len(await asyncio.gather(*engine.request_tiles(document, 0, scale, rect)))
            done.set()
            await tick
            return stall, tiles

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stall, tiles = asyncio.run(session())
    finally:
        stop.set()
        sampler.join()
    print(f"# pan session: {tiles} tiles", file=sys.stderr)
    out = [line("drawing_loop_stall_max", stall)]
    if peak:
        out.append(line("drawing_pan_peak_rss", peak / 2**20, unit="MB"))
    else:
        out.append("# drawing_pan_peak_rss: not measured (no /proc on this system)")
    return out


def ui_stall_figures(pdf: Path, steps: int) -> list[str]:
    """The viewer on a Qt event loop (qasync, as in the app): the longest gap between 5 ms timer ticks."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from ui.drawings import DrawingViewer
    from ui.qt import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["benchmark"])
    assert isinstance(app, QtWidgets.QApplication)

    async def until(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 120
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            await asyncio.sleep(0.005)

    async def session() -> tuple[float, float, int]:
        stall = busy = 0.0
        last, last_cpu = time.perf_counter(), time.thread_time()

        def tick() -> None:
            nonlocal stall, busy, last, last_cpu
            now, cpu = time.perf_counter(), time.thread_time()
            stall = max(stall, now - last - 0.005)
            busy = max(busy, cpu - last_cpu)
            last, last_cpu = now, cpu

        with RenderEngine() as engine:
            engine.wait_for_spares()
            viewer = DrawingViewer(engine)
            viewer.resize(*WINDOW)
            viewer.show()
            canvas = viewer.canvas
            timer = QtCore.QTimer()
            timer.setInterval(5)
            timer.timeout.connect(tick)
            last, last_cpu = time.perf_counter(), time.thread_time()
            timer.start()
            try:
                viewer.open(pdf)
                await until(lambda: viewer.document is not None or viewer.error is not None, "the open")
                if viewer.error is not None:
                    raise RuntimeError(viewer.error)
                sharp = lambda: canvas.is_sharp() and canvas.pending == 0  # noqa: E731
                await until(sharp, "the first view")
                views = 0
                for i in range(steps):
                    if i % 4 < 2 and canvas.zoom < 8:
                        at = QtCore.QPoint(WINDOW[0] * (1 + i % 3) // 4, WINDOW[1] * (1 + i % 2) // 3)
                        canvas.zoom_by(2**0.5, at)
                    else:
                        bar = canvas.horizontalScrollBar() if i % 2 else canvas.verticalScrollBar()
                        bar.setValue(bar.value() + 600)
                    await until(sharp, "a sharp view")
                    views += 1
                    await asyncio.sleep(0.05)  # a user looks before the next step
            finally:
                timer.stop()
                viewer.close_document()
                viewer.deleteLater()
        return stall, busy, views

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        stall, busy, views = loop.run_until_complete(session())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    print(f"# viewer session: {views} views made sharp", file=sys.stderr)
    return [
        line("drawing_ui_stall_max", stall),
        f"# drawing_ui_stall_max: the UI thread's own work between two ticks at most {busy:.3f} s of CPU "
        "(the rest of a stall is waiting for a core on a busy machine)",
    ]


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--repeat", type=int, help="runs per figure (median)")
    options.add_argument("--quick", action="store_true", help="3 repeats and a short pan session (seconds)")
    args = options.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 7)
    steps = 12 if args.quick else 60
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    scan = a0_scan(CACHE_DIR / "a0-scan-300dpi-group4.tif")
    lines = []
    with tempfile.TemporaryDirectory(prefix="drawings-bench-") as tmp:
        pdf = Path(tmp) / "dense-a0.pdf"
        pdf.write_bytes(dense_a0_pdf())
        lines += first_figures(pdf, scan, repeat, Path(tmp))
        lines += zoom_figures(pdf, repeat)
        lines += session_figures(pdf, steps)
        lines += ui_stall_figures(pdf, steps // 2)
        old, new = Path(tmp) / "a1-rev1.pdf", Path(tmp) / "a1-rev2.pdf"
        old.write_bytes(a1_sheet(1))
        new.write_bytes(a1_sheet(2))
        lines += compare_figures(old, new, repeat)
    for text in lines:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
