"""The compare window on real widgets and a real render engine: two revisions side by side with zoom and
pan linked both ways; the overlay finds the region changed on purpose (and not the hatching or the title
block, which did not change), lists it, and a click zooms to it; two points picked on each sheet align a
turned scan; revisions from the demo platform open from the archive side of the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A3, landscape

from caseworker.drawings import RenderEngine
from tests.caseworker.drawings.test_compare import _sheet
from tests.helpers.qt import LoopRunner
from tests.helpers.screenshots import shots_dir
from tests.ui.drawings.conftest import WAIT_MS, open_sharp
from ui.drawings.compare_window import CompareWindow
from ui.qt import Qt, QtCore, QtGui, QtWidgets

PAGE_W, PAGE_H = landscape(A3)
NEW_ROOM = (650.0, 200.0, 850.0, 350.0)  # page points (x0, y0, x1, y1), y up: only in the new revision
HATCHING = (105.0, 100.0, 600.0, 112.0)  # in both revisions
TITLE = (PAGE_W - 300, 55.0, PAGE_W - 200, 72.0)


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture
def sheets(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "plan-rev-a.pdf", tmp_path / "plan-rev-b.pdf"
    old.write_bytes(_sheet(extra_room=False, moved_door=False))
    new.write_bytes(_sheet(extra_room=True, moved_door=False))
    return old, new


@pytest.fixture
def window(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, sheets: tuple[Path, Path]
) -> Iterator[CompareWindow]:
    w = CompareWindow(engine, "Plan, rev A", "Plan, rev B")
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    w.open(*sheets)
    yield w
    w.close()


def compared(qtbot: Any, window: CompareWindow) -> None:
    qtbot.waitUntil(lambda: window.error is not None or window.comparison is not None, timeout=WAIT_MS)
    assert window.error is None, window.error


def test_zoom_and_pan_are_linked_both_ways(qtbot: Any, window: CompareWindow) -> None:
    old, new = window.old_viewer, window.new_viewer
    open_sharp(qtbot, old)
    open_sharp(qtbot, new)
    old.canvas.setFocus()
    for _ in range(4):
        qtbot.keyClick(old.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert new.canvas.zoom == pytest.approx(old.canvas.zoom)
    old.canvas.horizontalScrollBar().setValue(old.canvas.horizontalScrollBar().value() + 150)
    old.canvas.verticalScrollBar().setValue(old.canvas.verticalScrollBar().value() + 90)
    tolerance = 1 / (old.canvas.zoom * 96 / 72)  # a screen pixel in points
    for a, b in ((old, new),):
        assert a.canvas.view_centre().x() == pytest.approx(b.canvas.view_centre().x(), abs=tolerance)
        assert a.canvas.view_centre().y() == pytest.approx(b.canvas.view_centre().y(), abs=tolerance)
    # the other way round: zooming out the new sheet takes the old one along
    new.canvas.setFocus()
    qtbot.keyClick(new.canvas, Qt.Key.Key_Minus)
    assert old.canvas.zoom == pytest.approx(new.canvas.zoom)
    # unlinked, each keeps its own view
    window.link_box.setChecked(False)
    qtbot.keyClick(new.canvas, Qt.Key.Key_Minus)
    assert old.canvas.zoom != pytest.approx(new.canvas.zoom)


def test_the_overlay_finds_the_region_changed_on_purpose_and_zooms_to_it(
    qtbot: Any, window: CompareWindow, tmp_path: Path
) -> None:
    compared(qtbot, window)
    regions = window.changed_regions()
    boxes = [(r.x0, r.y0, r.x1, r.y1) for r in regions]
    assert len(regions) == 1, boxes  # the new room with its name, nothing else
    assert overlaps(boxes[0], NEW_ROOM)
    assert not any(overlaps(b, HATCHING) or overlaps(b, TITLE) for b in boxes)
    assert regions[0].added > 0 and regions[0].removed == 0  # only new ink
    assert window.regions.count() == 1
    assert "tillagt" in window.regions.item(0).text()
    assert window.status.text().startswith("Ändrade områden: 1.")

    window.tabs.setCurrentIndex(1)
    window.overlay.fit()
    whole = window.overlay.visible_scene_rect()
    item = window.regions.item(0)
    qtbot.mouseClick(
        window.regions.viewport(), Qt.MouseButton.LeftButton, pos=window.regions.visualItemRect(item).center()
    )
    shown = window.overlay.visible_scene_rect()
    change = window.comparison.changes[0].rect  # type: ignore[union-attr]
    assert shown.width() < whole.width() / 2, "zoomed in"
    assert shown.contains(QtCore.QRectF(change.x, change.y, change.w, change.h)), "the whole region in view"
    window.overlay.fit()
    window.grab().save(str(shots_dir(tmp_path) / "compare.png"))


def _turned_scan(path: Path, degrees: float) -> tuple[Path, np.ndarray]:
    """The old revision 'scanned' at 108 dpi, turned by ``degrees`` about a point: a TIFF, and the
    matrix that took the render's pixels to the scan's."""
    document = pdfium.PdfDocument(str(path))
    grey = np.array(document[0].render(scale=1.5, grayscale=True).to_pil())
    document.close()
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((300.0, 200.0), degrees, 1.0)
    turned = cv2.warpAffine(grey, matrix, (w, h), borderValue=255)
    out = path.with_name("scan.tif")
    Image.fromarray(turned).save(out, format="TIFF", dpi=(108, 108))
    return out, matrix


def test_two_points_on_each_sheet_align_a_turned_scan(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, sheets: tuple[Path, Path]
) -> None:
    old_pdf, new_pdf = sheets
    scan, matrix = _turned_scan(old_pdf, 2.0)
    window = CompareWindow(engine, "Skanning", "Plan, rev B")
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    window.open(scan, new_pdf)
    compared(qtbot, window)
    automatic = window.changed_regions()
    assert sum(r.removed for r in automatic) > 2000, "turned: the automatic shift cannot lay it on"

    # the house's lower corners (page points, y up) on the new sheet, and where they lie on the scan
    corners = [(100.0, 100.0), (600.0, 100.0)]

    def on_scan(x: float, y: float) -> QtCore.QPointF:
        px, py = matrix @ np.array([x * 1.5, (PAGE_H - y) * 1.5, 1.0])  # render pixels -> scan pixels
        return QtCore.QPointF(px / 1.5, PAGE_H - py / 1.5)  # the scan at 108 dpi: 1.5 px a point

    window.align_button.click()
    assert window.pick_hint.text()
    for x, y in corners:
        window.pick(window.old_viewer, on_scan(x, y))
        window.pick(window.new_viewer, QtCore.QPointF(x, y))
    assert window.transform is not None
    qtbot.waitUntil(lambda: not window.busy and window.comparison is not None, timeout=WAIT_MS)
    assert window.error is None, window.error
    aligned = window.changed_regions()
    assert sum(r.removed for r in aligned) < 300, "aligned on the two points, the old lines match"
    assert any(overlaps((r.x0, r.y0, r.x1, r.y1), NEW_ROOM) for r in aligned)
    assert "Justerade med två punkter" in window.status.text()
    window.close()


def test_a_sheet_that_cannot_be_opened_is_said_in_the_window(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, sheets: tuple[Path, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    window = CompareWindow(engine, "Tom", "Plan, rev B")
    qtbot.addWidget(window)
    window.show()
    window.open(empty, sheets[1])
    qtbot.waitUntil(lambda: window.old_viewer.error is not None, timeout=WAIT_MS)
    assert window.comparison is None and not window.busy
    assert isinstance(window.old_viewer.message, QtWidgets.QLabel) and window.old_viewer.error
    window.close()
    assert QtGui.QGuiApplication.instance() is not None


def test_the_compare_window_and_the_viewer_open_no_larger_than_the_screen(
    qtbot: Any, engine: RenderEngine
) -> None:
    """At 1400 × 850 the compare window opened past a 1280 × 800 screen (the newer sheet's right half and
    "Automatisk justering" out of reach); both windows now open within the screen's free area."""
    from ui.drawings.viewer import DrawingViewer

    for w in (CompareWindow(engine, "Plan, rev A", "Plan, rev B"), DrawingViewer(engine)):
        qtbot.addWidget(w)
        free = (w.screen() or QtWidgets.QApplication.primaryScreen()).availableGeometry()
        w.show()
        assert w.width() <= free.width() and w.height() <= free.height(), (type(w).__name__, w.size(), free)
