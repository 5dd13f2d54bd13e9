"""Markup benchmarks: hit-testing a sheet with 5 000 markups, and exporting 500 markups into a PDF.

    python benchmarks/markups.py            # 9 runs per figure (seconds)
    python benchmarks/markups.py --quick    # 3 runs, fewer probes

Prints, per figure, ``figure: value | baseline: value | ratio: r`` (QUALITY.md):

* ``drawing_markups_5000_hit`` -- the median time of one hit test (``MarkupIndex.hits`` at a point,
  4 pt tolerance) on an A0 sheet holding 5 000 markups of every kind (target <= 5 ms); baseline: testing
  every markup at the same points (``brute_force_hits``), what a view without an index would do.
  ``drawing_markups_5000_index`` is the time to build the index once (opening the sheet).
* ``markups_export_500`` -- ``export_pdf`` of 500 markups (every kind, with replies, review states and a
  calibration per page) into a 10-page A1 drawing, the annotated PDF's bytes in hand (target <= 1 s);
  baseline: pikepdf writing 500 bare /Square annotations (no appearance, no replies) into the same PDF,
  so the ratio is the price of drawing the appearances and writing the threads.
* ``markups_5000_pan_frame`` -- the median time of one repaint of a 1280 x 800 drawing view at 100 %
  while panning across an A0 sheet with 5 000 markups on the markup layer (``ui/markups``; Qt offscreen,
  the real render engine and canvas; target <= 16 ms); baseline: the same pan without markups.
  ``markups_5000_pan_frame_cpu`` is the same frames' CPU time on the GUI thread (``time.thread_time``):
  on a busy machine the wall time is mostly waiting for a core, the CPU time is what the frame costs.
  ``markups_5000_pan_step`` (and ``_cpu``) is a pan step as the app paints it: the view scrolled by the
  same 37 pixels (its pixels moved) and only the strip that came into view painted, as the event loop
  does next. ``markups_5000_open`` is the time to put the 5 000 markups on the layer (opening the sheet).
  Bare and marked runs alternate, so both see the same load.
Medians of the runs, each after a warm-up.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))

import argparse  # noqa: E402
import io  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import pikepdf  # noqa: E402

from benchmarks._common import line, median_time  # noqa: E402
from caseworker.markups import (  # noqa: E402
    Kind,
    Markup,
    MarkupIndex,
    Reply,
    Status,
    brute_force_hits,
    calibration_markup,
    export_pdf,
)

A0 = (3370.0, 2384.0)
A1 = (2384.0, 1684.0)
KINDS = [k for k in Kind if k not in (Kind.CALIBRATION, Kind.MEASUREMENT)]


def random_markup(rng: random.Random, i: int, page: int, sheet: tuple[float, float]) -> Markup:
    kind = KINDS[i % len(KINDS)]
    x, y = rng.uniform(0, sheet[0] - 320), rng.uniform(0, sheet[1] - 320)
    w, h = rng.uniform(20, 300), rng.uniform(15, 200)
    common: dict[str, Any] = {
        "id": f"m{page}-{i:05d}",
        "page": page,
        "kind": kind,
        "width": rng.choice([1.0, 2.0]),
    }
    if kind in (Kind.RECTANGLE, Kind.ELLIPSE, Kind.HIGHLIGHT, Kind.STAMP):
        return Markup(**common, rect=(x, y, x + w, y + h), text="Granskad" if kind == Kind.STAMP else "")
    if kind in (Kind.TEXT, Kind.CALLOUT):
        anchor = (x - 30, y - 30) if kind == Kind.CALLOUT else None
        return Markup(
            **common, rect=(x, y, x + w, y + h), anchor=anchor, text="Kontrollera måttet mot planen."
        )
    if kind == Kind.INK:
        stroke = tuple((x + j * w / 8, y + rng.uniform(0, h)) for j in range(9))
        return Markup(**common, strokes=(stroke,))
    count = 2 if kind in (Kind.LINE, Kind.ARROW, Kind.DISTANCE) else rng.randint(3, 8)
    points = tuple((x + rng.uniform(0, w), y + rng.uniform(0, h)) for _ in range(count))
    return Markup(**common, points=points)


def hit_lines(runs: int, probes: int) -> list[str]:
    rng = random.Random(13)
    sheet = [random_markup(rng, i, 0, A0) for i in range(5000)]
    started = time.perf_counter()
    index = MarkupIndex(sheet)
    built = time.perf_counter() - started
    points = [(rng.uniform(0, A0[0]), rng.uniform(0, A0[1])) for _ in range(probes)]
    hit_times, brute_times = [], []
    for _ in range(runs):
        for p in points:
            t0 = time.perf_counter()
            index.hits(p, 4.0)
            t1 = time.perf_counter()
            hit_times.append(t1 - t0)
        for p in points[: max(10, probes // 10)]:
            t0 = time.perf_counter()
            brute_force_hits(sheet, p, 4.0)
            brute_times.append(time.perf_counter() - t0)
    ms = 1000.0
    return [
        line(
            "drawing_markups_5000_hit",
            statistics.median(hit_times) * ms,
            statistics.median(brute_times) * ms,
            "ms",
        ),
        line("drawing_markups_5000_index", built * ms, unit="ms"),
    ]


def drawing(pages: int, size: tuple[float, float]) -> bytes:
    """A vector drawing of ``pages`` pages: a grid of lines on each, like a plan's walls and axes."""
    pdf = pikepdf.new()
    grid = (
        b"0.3 w\n"
        + b"\n".join(f"{x} 0 m {x} {size[1]} l S".encode() for x in range(0, int(size[0]), 40))
        + b"\n"
        + b"\n".join(f"0 {y} m {size[0]} {y} l S".encode() for y in range(0, int(size[1]), 40))
    )
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=size)
        page.obj.Contents = pdf.make_stream(grid)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def export_lines(runs: int) -> list[str]:
    rng = random.Random(17)
    source = drawing(10, A1)
    markups: list[Markup] = []
    for i in range(500):
        m = random_markup(rng, i, i % 10, A1)
        if i % 7 == 0:
            m = Markup(
                **{**m.__dict__, "status": Status.ACCEPTED, "replies": (Reply(f"r{i}", "Anna", "Åtgärdat."),)}
            )
        markups.append(m)
    markups += [
        calibration_markup(f"cal{p}", p, (100.0, 100.0), (500.0, 100.0), ratio=100) for p in range(10)
    ]

    def bare() -> None:
        """500 bare /Square annotations (no appearance, no thread) written the same way."""
        with pikepdf.open(io.BytesIO(source)) as pdf:
            for number, page in enumerate(pdf.pages):
                annots = pikepdf.Array()
                for m in (m for m in markups if m.page == number):
                    box = pikepdf.Array([float(v) for v in m.bbox()])
                    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=box)
                    annots.append(pdf.make_indirect(annot))
                page.obj.Annots = annots
            pdf.save(io.BytesIO())

    return [
        line(
            "markups_export_500",
            median_time(lambda: export_pdf(source, markups), runs),
            median_time(bare, runs),
        )
    ]


def pan_lines(runs: int) -> list[str]:
    """Frames of the real viewer and markup layer on a qasync loop (Qt offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import asyncio
    import tempfile
    from pathlib import Path

    import qasync

    from caseworker.drawings import RenderEngine
    from ui.drawings.viewer import DrawingViewer
    from ui.markups.layer import MarkupLayer
    from ui.qt import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    rng = random.Random(19)
    sheet = [random_markup(rng, i, 0, A0) for i in range(5000)]
    steps = 20 if runs <= 3 else 60

    async def frames(engine: RenderEngine, path: Path, with_markups: bool) -> dict[str, list[float]]:
        viewer = DrawingViewer(engine)
        viewer.resize(1280, 840)
        viewer.show()
        await viewer.open(path)
        canvas = viewer.canvas
        canvas.set_zoom(1.0)
        layer = MarkupLayer(canvas)
        started = time.perf_counter()
        layer.set_markups(sheet if with_markups else [])
        opened.append(time.perf_counter() - started)
        bar = canvas.horizontalScrollBar()
        times: dict[str, list[float]] = {"wall": [], "cpu": [], "step wall": [], "step cpu": []}
        for whole in (True, False):
            for step in range(steps):
                move = 37 if step % 40 < 20 else -37
                if whole:  # a repaint of the whole view after the move
                    bar.setValue(bar.value() + move)
                    started, used = time.perf_counter(), time.thread_time()
                    canvas.viewport().repaint()
                else:  # the move itself: the pixels scrolled, the strip that came into view painted
                    started, used = time.perf_counter(), time.thread_time()
                    bar.setValue(bar.value() + move)
                    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.UpdateRequest)
                prefix = "" if whole else "step "
                times[prefix + "cpu"].append(time.thread_time() - used)
                times[prefix + "wall"].append(time.perf_counter() - started)
                await asyncio.sleep(0)  # tiles that came in are painted in the next frame
        viewer.close_document()
        viewer.deleteLater()
        return times

    opened: list[float] = []
    found: dict[tuple[bool, str], list[float]] = {}

    async def measure_both() -> None:
        with tempfile.TemporaryDirectory() as folder, RenderEngine(time_limit=120) as engine:
            path = Path(folder) / "a0.pdf"
            path.write_bytes(drawing(1, A0))
            await frames(engine, path, True)  # warm-up: workers started, tiles cached
            opened.clear()
            for _ in range(max(1, runs // 3)):
                for with_markups in (False, True):  # alternating: both under the same load
                    for key, times in (await frames(engine, path, with_markups)).items():
                        found.setdefault((with_markups, key), []).extend(times)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(measure_both())
    ms = 1000.0
    figure = {key: statistics.median(times) * ms for key, times in found.items()}
    return [
        line("markups_5000_pan_frame", figure[True, "wall"], figure[False, "wall"], "ms"),
        line("markups_5000_pan_frame_cpu", figure[True, "cpu"], figure[False, "cpu"], "ms"),
        line("markups_5000_pan_step", figure[True, "step wall"], figure[False, "step wall"], "ms"),
        line("markups_5000_pan_step_cpu", figure[True, "step cpu"], figure[False, "step cpu"], "ms"),
        line("markups_5000_open", statistics.median(opened[1::2]) * ms, unit="ms"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 runs per figure, 200 probe points")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 9
    for text in [*hit_lines(runs, 200 if args.quick else 1000), *export_lines(runs)]:
        print(text, flush=True)
    for text in pan_lines(runs):
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
