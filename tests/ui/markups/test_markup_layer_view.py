"""How the markup layer paints on a real canvas: at ordinary zooms an outline is pre-stroked once and filled
(fast panning), and it paints the pixels Qt's own stroke of the outline paints -- also zoomed out, where a
thin pen must not break up; zoomed in past DETAIL_ZOOM the outlines are stroked exactly again, and back.
Panning scrolls what is shown and paints only what comes into view: the result is what a repaint of the whole
view shows, no markup missing at the edges. The page's calibration follows calibration markups put and
removed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from caseworker.drawings import RenderEngine
from caseworker.markups import Kind, Markup, calibration_markup
from tests.helpers.qt import LoopRunner
from tests.ui.drawings.conftest import app_stays, engine, pdf_sheet, viewing
from ui.drawings import DrawingViewer
from ui.markups.layer import DETAIL_ZOOM, MarkupLayer
from ui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["app_stays", "engine"]  # fixtures, used by name

SHEET = (800.0, 600.0)
MARKUPS = [
    Markup("cloud", 0, Kind.CLOUD, points=((60, 60), (300, 80), (260, 240), (90, 200)), width=2.0),
    Markup("rect", 0, Kind.RECTANGLE, rect=(340, 60, 520, 180), width=1.0),
    Markup("ellipse", 0, Kind.ELLIPSE, rect=(560, 60, 760, 200), width=1.0),
    Markup("ink", 0, Kind.INK, strokes=(tuple((340 + 12 * i, 300 + (i % 3) * 15) for i in range(30)),)),
    Markup("arrow", 0, Kind.ARROW, points=((60, 400), (300, 320)), width=2.0),
    Markup("stamp", 0, Kind.STAMP, rect=(60, 460, 300, 560), text="Granskad"),
    Markup("area", 0, Kind.AREA, points=((520, 420), (760, 440), (700, 560)), width=1.0),
    Markup("callout", 0, Kind.CALLOUT, rect=(380, 440, 500, 520), anchor=(340, 400), text="Mått?"),
]


@pytest.fixture
def viewer(qtbot: Any, qloop: LoopRunner, engine: RenderEngine, tmp_path: Path) -> Iterator[DrawingViewer]:
    with viewing(qtbot, engine, tmp_path / "sheet.pdf", pdf_sheet(SHEET, lambda c: None)) as v:
        yield v


def picture(layer: MarkupLayer) -> np.ndarray:
    """The markups alone (no drawing under them) at the canvas's zoom, as RGB pixels."""
    d = layer.canvas.transform().m11()
    size = QtCore.QSize(round(SHEET[0] * d), round(SHEET[1] * d))
    image = QtGui.QImage(size, QtGui.QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QtGui.QPainter(image)
    layer.canvas.scene().render(painter, QtCore.QRectF(image.rect()), QtCore.QRectF(0, 0, *SHEET))
    painter.end()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3].astype(int)


@pytest.mark.parametrize("zoom", [1.0, 0.6])
def test_pre_stroked_outlines_paint_what_the_stroke_paints(viewer: DrawingViewer, zoom: float) -> None:
    canvas = viewer.canvas
    canvas.set_zoom(zoom)
    layer = MarkupLayer(canvas)
    layer.set_markups(MARKUPS)
    assert not layer.items["cloud"].fine  # a 2 pt pen is wider than a pixel at these zooms: pre-stroked
    assert layer.items["rect"].fine == (zoom < 0.75)  # a 1 pt one is a hairline from 75 % down
    filled = picture(layer)
    for item in layer.items.values():
        item.fit_zoom(DETAIL_ZOOM * 2)  # what zooming in does: every outline stroked by Qt at each paint
    assert all(item.fine for item in layer.items.values())
    stroked = picture(layer)
    inked = (stroked.min(axis=2) < 250).sum()
    differ = (np.abs(filled - stroked).max(axis=2) > 64).sum()
    assert inked > 1000
    # the same picture but for single pixels along the edges (rounding where a pixel centre is on the edge)
    assert differ <= 0.03 * inked, f"{differ} of {inked} inked pixels differ at {zoom:.0%}"


def test_zooming_in_strokes_outlines_exactly_and_zooming_out_fills_them_again(viewer: DrawingViewer) -> None:
    canvas = viewer.canvas
    canvas.set_zoom(1.0)
    layer = MarkupLayer(canvas)
    layer.set_markups(MARKUPS)
    assert not layer.items["cloud"].fine and not layer.items["rect"].fine
    assert layer.items["area"].fine  # a filled markup keeps its stroke (its fill needs the outline)
    canvas.set_zoom(DETAIL_ZOOM * 1.5)
    assert all(item.fine for item in layer.items.values())
    canvas.set_zoom(0.5)  # a 1 pt pen is thinner than a pixel now (Qt's fast hairline), a 2 pt one is not
    assert layer.items["rect"].fine and not layer.items["cloud"].fine
    canvas.set_zoom(1.0)
    assert not layer.items["rect"].fine
    layer.put(Markup("new", 0, Kind.CLOUD, points=((400, 300), (500, 300), (450, 380)), width=2.0))
    assert not layer.items["new"].fine  # an item made later fits the zoom it is made at


def test_the_pages_calibration_follows_calibration_markups_put_and_removed(viewer: DrawingViewer) -> None:
    layer = MarkupLayer(viewer.canvas)
    distance = Markup("d", 0, Kind.DISTANCE, points=((100, 100), (300, 100)))
    layer.set_markups([distance])
    assert layer.calibration(0) is None
    assert layer.items["d"].caption == ""  # not calibrated: no value to show
    layer.put(calibration_markup("cal", 0, (100, 100), (500, 100), ratio=100))
    found = layer.calibration(0)
    assert found is not None
    layer.rebuild()
    assert layer.items["d"].caption  # the measured length shows with the page's scale
    layer.remove("cal")
    assert layer.calibration(0) is None


def shown(viewport: QtWidgets.QWidget) -> np.ndarray:
    """What the window holds for the viewport now (its backing store: what was painted and scrolled)."""
    image = viewport.window().backingStore().paintDevice()
    assert isinstance(image, QtGui.QImage)
    at = viewport.mapTo(viewport.window(), QtCore.QPoint(0, 0))
    part = image.copy(QtCore.QRect(at, viewport.size())).convertToFormat(QtGui.QImage.Format.Format_RGB32)
    rows = np.frombuffer(part.constBits(), np.uint8).reshape(part.height(), part.bytesPerLine())
    return rows[:, : part.width() * 4].reshape(part.height(), part.width(), 4)[..., :3].copy()


def test_panning_shows_what_a_whole_repaint_shows(qtbot: Any, qloop: LoopRunner, engine: RenderEngine,
                                                   tmp_path: Path) -> None:  # fmt: skip
    sheet = (2400.0, 1700.0)
    markups = [
        Markup(
            f"m{x}-{y}", 0, kind, rect=(x, y, x + 130, y + 90), text="Kontrollera måttet", width=1 + (x % 2)
        )
        for x in range(40, 2300, 170)
        for y in range(40, 1600, 120)
        for kind in [(Kind.RECTANGLE, Kind.TEXT, Kind.ELLIPSE, Kind.STAMP)[(x + y) // 10 % 4]]
    ] + [
        Markup("cloud", 0, Kind.CLOUD, points=((100, 100), (2200, 150), (2100, 1500), (200, 1400)), width=2.0)
    ]
    with viewing(qtbot, engine, tmp_path / "blank.pdf", pdf_sheet(sheet, lambda c: None)) as viewer:
        canvas = viewer.canvas
        layer = MarkupLayer(canvas)
        layer.set_markups(markups)
        canvas.set_zoom(1.0)
        canvas.viewport().repaint()
        h, v = canvas.horizontalScrollBar(), canvas.verticalScrollBar()
        for step in range(24):  # right and down, then back left: every edge brings markups into view
            h.setValue(h.value() + (37 if step < 16 else -53))
            v.setValue(v.value() + 11)
            # what the event loop does next: paint what the scroll exposed (the rest was moved)
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.UpdateRequest)
        panned = shown(canvas.viewport())
        canvas.viewport().repaint()
        whole = shown(canvas.viewport())
        assert (panned.min(axis=2) < 200).sum() > 10_000  # markups are in view
        differ = np.abs(panned.astype(int) - whole.astype(int)).max(axis=2) > 0
        assert differ.sum() == 0, f"{differ.sum()} pixels differ from a whole repaint after panning"
