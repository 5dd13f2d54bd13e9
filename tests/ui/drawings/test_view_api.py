"""The canvas's public view API (the compare windows and the markup layer build on it): page coordinates
are PDF points with y up, the scene is the page as shown turned; viewChanged follows every zoom, pan,
turn and page change; set_view shows a page point in the middle; two canvases linked both ways agree."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas as pdf_canvas

from caseworker.drawings import RenderEngine
from tests.ui.conftest import LoopRunner
from tests.ui.drawings.conftest import WAIT_MS, open_sharp, wait_sharp
from ui.drawings import DrawingViewer
from ui.qt import QtCore, QtGui

MARK = (60.0, 240.0)  # page points, y up: a black square near the top left of the sheet


def marked_pdf() -> bytes:
    """A 600 x 300 pt sheet, two pages, with a 40-pt black square around MARK (nothing else)."""
    out = io.BytesIO()
    c = pdf_canvas.Canvas(out, pagesize=(600, 300))
    for _ in range(2):
        c.rect(MARK[0] - 20, MARK[1] - 20, 40, 40, stroke=0, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def viewer(qtbot: Any, qloop: LoopRunner, engine: RenderEngine, tmp_path: Path) -> Iterator[DrawingViewer]:
    path = tmp_path / "marked.pdf"
    path.write_bytes(marked_pdf())
    v = DrawingViewer(engine)
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    v.open(path)
    open_sharp(qtbot, v)
    yield v
    v.close_document()


def dark_at(viewer: DrawingViewer, page_point: tuple[float, float]) -> bool:
    canvas = viewer.canvas
    at = canvas.mapFromScene(canvas.page_to_scene(page_point))
    image = canvas.viewport().grab().toImage()
    return QtGui.QColor(image.pixel(at)).lightness() < 80


def test_page_points_map_to_where_the_sheet_is_drawn_at_every_turn(qtbot: Any, viewer: DrawingViewer) -> None:
    canvas = viewer.canvas
    for turn in range(4):
        assert canvas.rotation == turn
        assert dark_at(viewer, MARK), f"the mark is where page_to_scene says, turned {turn * 90}°"
        assert not dark_at(viewer, (MARK[0], 300 - MARK[1])), "y is up: the mirrored point is blank"
        assert not dark_at(viewer, (600 - MARK[0], MARK[1]))
        back = canvas.scene_to_page(canvas.page_to_scene(QtCore.QPointF(123.5, 45.25)))
        assert (back.x(), back.y()) == pytest.approx((123.5, 45.25))
        canvas.turn_clockwise()
        wait_sharp(qtbot, viewer)


def test_view_changed_follows_zoom_pan_turn_and_page(qtbot: Any, viewer: DrawingViewer) -> None:
    canvas = viewer.canvas
    seen: list[tuple[float, QtCore.QPointF, int, int]] = []
    canvas.viewChanged.connect(lambda *args: seen.append(args))
    canvas.set_zoom(4.0)
    zoom, centre, rotation, page = seen[-1]
    assert (zoom, rotation, page) == (4.0, 0, 0)
    assert (centre.x(), centre.y()) == pytest.approx((300, 150), abs=1), "zoomed about the middle"
    count = len(seen)
    canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value() + 200)
    assert len(seen) == count + 1 and seen[-1][1].x() > centre.x(), "panning right moves the centre right"
    assert seen[-1][1].y() == pytest.approx(centre.y())
    canvas.turn_clockwise()
    assert seen[-1][2] == 90
    viewer.go_to_page(1)
    assert seen[-1][3] == 1 and canvas.current_page() == 1
    count = len(seen)
    canvas.set_view(canvas.zoom, canvas.view_centre())
    assert len(seen) == count, "nothing is sent when the view did not change"


def test_set_view_centres_a_page_point_and_linked_canvases_agree(
    qtbot: Any, engine: RenderEngine, viewer: DrawingViewer, tmp_path: Path
) -> None:
    other = DrawingViewer(engine)
    qtbot.addWidget(other)
    other.resize(900, 600)
    other.show()
    other.open(tmp_path / "marked.pdf")
    open_sharp(qtbot, other)
    a, b = viewer.canvas, other.canvas
    a.viewChanged.connect(lambda zoom, centre, *_: b.set_view(zoom, centre))
    b.viewChanged.connect(lambda zoom, centre, *_: a.set_view(zoom, centre))
    a.set_view(3.0, (120, 220))  # 225 x 150 pt around it fit on the sheet
    assert b.zoom == 3.0
    for canvas in (a, b):
        middle = canvas.view_centre()
        assert (middle.x(), middle.y()) == pytest.approx((120, 220), abs=1)
    wait_sharp(qtbot, viewer)
    assert dark_at(viewer, MARK)
    b.verticalScrollBar().setValue(b.verticalScrollBar().value() + 150)
    assert a.view_centre().y() == pytest.approx(b.view_centre().y(), abs=0.5), "pan follows"
    assert a.view_centre().y() < 220, "scrolling down shows lower parts of the sheet (smaller y)"
    qtbot.waitUntil(lambda: other.canvas.pending == 0, timeout=WAIT_MS)
    other.close_document()
