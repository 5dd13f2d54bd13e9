"""What the canvas paints: after zooming and panning (a piece of the view, then grid tiles for the parts
panned into), the view shows exactly what one render of the whole visible area shows, pixel for pixel:
no seams where pieces meet and no resampling blur, at any zoom."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from reportlab.pdfgen import canvas as pdf_canvas

from caseworker.drawings import RenderEngine
from tests.caseworker.drawings.conftest import WAIT
from tests.ui.conftest import LoopRunner
from tests.ui.drawings.conftest import open_sharp, wait_sharp
from ui.drawings import DrawingViewer
from ui.qt import QtCore, QtGui


def hatched_pdf() -> bytes:
    """An 800 x 600 pt sheet of thin diagonal lines 3 pt apart: every seam or blur would show."""
    out = io.BytesIO()
    c = pdf_canvas.Canvas(out, pagesize=(800, 600))
    c.setLineWidth(0.6)
    for x in range(-600, 800, 3):
        c.line(x, 0, x + 600, 600)
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def viewer(qtbot: Any, qloop: LoopRunner, engine: RenderEngine, tmp_path: Path) -> Iterator[DrawingViewer]:
    path = tmp_path / "hatched.pdf"
    path.write_bytes(hatched_pdf())
    v = DrawingViewer(engine)
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    v.open(path)
    open_sharp(qtbot, v)
    yield v
    v.close_document()


def shown_and_expected(viewer: DrawingViewer, engine: RenderEngine) -> tuple[np.ndarray, np.ndarray]:
    """The viewport's pixels over the visible page, and one render of that area at the shown scale."""
    canvas = viewer.canvas
    assert viewer.document is not None
    scale = canvas.render_scale()
    view = canvas.visible_pixels(scale)
    assert view is not None
    origin = canvas.viewportTransform().map(QtCore.QPointF(0, 0))
    ox, oy = round(origin.x()), round(origin.y())
    image = canvas.viewport().grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    shown = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    x0, y0 = max(view.x, -ox), max(view.y, -oy)
    x1, y1 = min(view.right, image.width() - ox), min(view.bottom, image.height() - oy)
    part = shown[y0 + oy : y1 + oy, (x0 + ox) * 4 : (x1 + ox) * 4].reshape(y1 - y0, x1 - x0, 4)[..., :3]
    piece = engine.render_area(viewer.document, canvas.page, scale, view).result(WAIT)
    rows = np.frombuffer(piece.pixels, np.uint8).reshape(piece.height, piece.stride)
    whole = rows[:, : piece.width * 4].reshape(piece.height, piece.width, 4)[..., :3]
    return part.astype(int), whole[y0 - view.y : y1 - view.y, x0 - view.x : x1 - view.x].astype(int)


@pytest.mark.parametrize("zoom", [1.0, 1.17, 1.23, 1.41, 1.56, 3.3])
def test_the_view_is_one_render_of_it_pixel_for_pixel_after_zooming_and_panning(
    qtbot: Any, viewer: DrawingViewer, engine: RenderEngine, zoom: float
) -> None:
    canvas = viewer.canvas
    canvas.set_zoom(zoom)
    wait_sharp(qtbot, viewer)
    for dx, dy in [(700, 0), (0, 450), (-300, 200)]:  # the parts panned into come as grid tiles
        canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value() + dx)
        canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().value() + dy)
        wait_sharp(qtbot, viewer)
        shown, expected = shown_and_expected(viewer, engine)
        assert shown.size > 0
        differ = np.abs(shown - expected).max(axis=2) > 8
        assert differ.sum() == 0, f"{differ.sum()} pixels differ at {zoom:.0%} (seams or blur)"
