"""The viewer's tools on real widgets and a real engine: thumbnails, the keys of the common PDF tools, zoom
to a dragged area, space+drag, Esc, files dropped on a window, the sheet's size and scale in the status
line, printing to scale (to a PDF file through QPrinter, checked with pypdf) and saving the view as PNG."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from caseworker.drawings import RenderEngine
from caseworker.sandbox.assets import drawing_pdf
from tests.helpers.qt import LoopRunner
from tests.ui.drawings.conftest import WAIT_MS, open_sharp, wait_sharp
from ui.drawings import DrawingsHost, DrawingWindow
from ui.drawings.drops import FileDrops
from ui.qt import Qt, QtCore, QtGui, QtPrintSupport, QtWidgets

MM = 72 / 25.4  # points a millimetre


@pytest.fixture
def host(qloop: LoopRunner, engine: RenderEngine) -> Iterator[DrawingsHost]:
    h = DrawingsHost(engine)
    yield h
    qloop.run(h.close())


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sandbox's A3 plan, revisions 1 and 2 as two pages."""
    writer = PdfWriter()
    for revision in (1, 2):
        writer.append(PdfReader(io.BytesIO(drawing_pdf("plan", revision))))
    path = tmp_path_factory.mktemp("two") / "plan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def open_window(qtbot: Any, host: DrawingsHost, path: Path) -> DrawingWindow:
    w = host.open_file(path)
    w.resize(1100, 760)
    open_sharp(qtbot, w.viewer)
    return w


@pytest.fixture
def window(qtbot: Any, host: DrawingsHost, two_pages: Path) -> DrawingWindow:
    """The two-page A3 plan, open and sharp (closed by the host: it deletes itself when closed)."""
    return open_window(qtbot, host, two_pages)


def test_thumbnails_show_every_page_and_take_you_there(qtbot: Any, window: DrawingWindow) -> None:
    viewer = window.viewer
    strip = viewer.thumbnails
    assert strip.isVisible() and strip.count() == 2
    qtbot.waitUntil(lambda: strip.rendered == 2, timeout=WAIT_MS)
    icon = strip.item(1).icon().pixmap(strip.iconSize()).toImage()
    assert any(QtGui.QColor(icon.pixel(x, icon.height() // 2)).lightness() < 128 for x in range(icon.width()))
    assert strip.item(1).text() == "Sida 2"
    rect = strip.visualItemRect(strip.item(1))
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert viewer.canvas.page == 1 and viewer.page_box.value() == 2
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_PageUp)
    assert viewer.canvas.page == 0 and strip.currentRow() == 0, "the strip follows the page"
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_F4)
    assert not strip.isVisible(), "F4 hides the thumbnails"


def test_page_keys_of_the_common_pdf_tools(qtbot: Any, window: DrawingWindow) -> None:
    viewer, canvas = window.viewer, window.viewer.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert canvas.page == 1
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.page == 0
    qtbot.keyClick(canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert viewer.page_box.hasFocus(), "Ctrl+G: the page number to type"
    qtbot.keyClicks(viewer.page_box, "2")
    qtbot.keyClick(viewer.page_box, Qt.Key.Key_Return)
    assert canvas.page == 1


def drag(qtbot: Any, widget: QtWidgets.QWidget, start: QtCore.QPoint, end: QtCore.QPoint, mods: Any) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, mods, start)
    for step in range(1, 5):
        qtbot.mouseMove(widget, start + (end - start) * step / 4)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, mods, end)


def test_shift_drag_zooms_to_the_dragged_area_and_the_tool_does_without_shift(
    qtbot: Any, window: DrawingWindow
) -> None:
    viewer, canvas = window.viewer, window.viewer.canvas
    fitted = canvas.zoom
    port = canvas.viewport()
    start, end = QtCore.QPoint(300, 200), QtCore.QPoint(500, 320)
    wanted = canvas.mapToScene(QtCore.QRect(start, end)).boundingRect().center()
    drag(qtbot, port, start, end, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.zoom > fitted * 3
    centre = canvas.mapToScene(port.rect().center())
    assert abs(centre.x() - wanted.x()) < 3 and abs(centre.y() - wanted.y()) < 3, "the area is in the middle"
    wait_sharp(qtbot, viewer)
    qtbot.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    viewer.zoom_tool_action.trigger()
    assert canvas.zoom_tool
    drag(qtbot, port, start, end, Qt.KeyboardModifier.NoModifier)
    assert canvas.zoom > fitted * 3, "with the zoom tool a plain drag zooms"
    # space held: the drag pans instead
    zoom = canvas.zoom
    bar = canvas.horizontalScrollBar()
    before = bar.value()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    drag(qtbot, port, QtCore.QPoint(600, 300), QtCore.QPoint(300, 300), Qt.KeyboardModifier.NoModifier)
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.zoom == zoom and bar.value() > before, "space+drag pans"


def test_esc_closes_the_window_but_first_drops_an_area_being_dragged(
    qtbot: Any, window: DrawingWindow, host: DrawingsHost
) -> None:
    canvas = window.viewer.canvas
    canvas.setFocus()
    port = canvas.viewport()
    qtbot.mousePress(
        port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QtCore.QPoint(100, 100)
    )
    qtbot.mouseMove(port, QtCore.QPoint(300, 300))
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert window.isVisible(), "Esc while dragging an area drops the area"
    qtbot.mouseRelease(
        port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QtCore.QPoint(300, 300)
    )
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window not in host.windows, timeout=WAIT_MS)


def drop(widget: QtWidgets.QWidget, files: list[Path]) -> bool:
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(f)) for f in files])
    at = QtCore.QPointF(widget.rect().center())
    action = Qt.DropAction.CopyAction
    enter = QtGui.QDragEnterEvent(
        at.toPoint(), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QtWidgets.QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QtGui.QDropEvent(at, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_a_file_dropped_on_a_window_opens_in_the_viewer(
    qtbot: Any, host: DrawingsHost, window: DrawingWindow, drawings: dict[str, Path], tmp_path: Path
) -> None:
    assert drop(window, [drawings["house.tif"]])
    assert len(host.windows) == 2 and host.windows[1].title == "house.tif"
    open_sharp(qtbot, host.windows[1].viewer)
    assert host.windows[1].viewer.thumbnails.count() == 3, "the scan's three pages"
    main = QtWidgets.QMainWindow()  # as the app's main window: host.accept_drops(window)
    qtbot.addWidget(main)
    host.accept_drops(main)
    assert not drop(main, [tmp_path]), "a folder is not taken"
    assert drop(main, [drawings["plan.pdf"]])
    assert [w.title for w in host.windows] == ["plan.pdf", "house.tif", "plan.pdf"]
    assert isinstance(main.findChild(FileDrops), FileDrops)


def test_the_status_line_describes_the_sheet_and_its_scale_whichever_way_it_is_turned(
    qtbot: Any, window: DrawingWindow
) -> None:
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.scale_label.text() != "", timeout=WAIT_MS)
    assert viewer.scale_label.text() == "Skala 1:100"
    sheet = viewer.size_label.text()
    assert sheet.startswith("A3 liggande"), sheet
    viewer.rotate_action.trigger()
    assert viewer.size_label.text() == f"{sheet} (visas vriden 90°)", "the sheet is still landscape"
    viewer.rotate_action.trigger()
    viewer.rotate_action.trigger()
    viewer.rotate_action.trigger()
    assert viewer.size_label.text() == sheet


def pdf_printer(path: Path, paper: QtGui.QPageSize.PageSizeId) -> QtPrintSupport.QPrinter:
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QtGui.QPageSize(paper))
    printer.setPageOrientation(QtGui.QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QtCore.QMarginsF(5, 5, 5, 5), QtGui.QPageLayout.Unit.Millimeter)
    return printer


def image_pixels(page: Any) -> int:
    """The pixels of the pictures on a PDF page (pypdf)."""
    total = 0
    for picture in page.images:
        assert picture.image is not None
        total += picture.image.width * picture.image.height
    return total


def test_printing_the_sheet_to_scale_and_reduced_to_a_smaller_paper(
    qtbot: Any, qloop: LoopRunner, window: DrawingWindow, tmp_path: Path
) -> None:
    viewer = window.viewer
    w_pt, h_pt = viewer.canvas.page_size()
    big = pdf_printer(tmp_path / "a2.pdf", QtGui.QPageSize.PageSizeId.A2)
    done = qloop.run(viewer.print_to(big, whole=True))
    assert done is not None and done.factor == 1.0 and done.dpi <= 300
    assert viewer.notice.text().startswith("Utskriven skalenligt")
    [page] = PdfReader(tmp_path / "a2.pdf").pages
    assert round(float(page.mediabox.width) / MM) == 594 and round(float(page.mediabox.height) / MM) == 420
    pixels = image_pixels(page)
    at_dpi = w_pt / 72 * done.dpi * h_pt / 72 * done.dpi
    assert 0.98 * at_dpi <= pixels <= 1.02 * at_dpi, "the whole sheet at the print's dpi (to scale)"

    small = pdf_printer(tmp_path / "a4.pdf", QtGui.QPageSize.PageSizeId.A4)
    done = qloop.run(viewer.print_to(small, whole=True))
    assert done is not None and 0.6 < done.factor < 0.7  # A3 onto A4's printable part
    assert "förminskad till" in viewer.notice.text()
    assert len(PdfReader(tmp_path / "a4.pdf").pages) == 1

    viewer.canvas.set_zoom(2.0)
    visible = viewer.canvas.mapToScene(viewer.canvas.viewport().rect()).boundingRect()
    part = pdf_printer(tmp_path / "view.pdf", QtGui.QPageSize.PageSizeId.A4)
    done = qloop.run(viewer.print_to(part, whole=False))
    assert done is not None and done.factor == 1.0, "the visible part of a 200 % view fits A4 to scale"
    [page] = PdfReader(tmp_path / "view.pdf").pages
    pixels = image_pixels(page)
    assert pixels <= 1.05 * visible.width() / 72 * done.dpi * visible.height() / 72 * done.dpi


def test_saving_the_view_as_png(qtbot: Any, qloop: LoopRunner, window: DrawingWindow, tmp_path: Path) -> None:
    viewer = window.viewer
    viewer.canvas.set_zoom(1.5)
    wait_sharp(qtbot, viewer)
    assert qloop.run(viewer.save_view(tmp_path / "vy.png"))
    view = viewer.canvas.visible_pixels(viewer.canvas.render_scale())
    assert view is not None
    with Image.open(tmp_path / "vy.png") as saved:
        assert saved.size == (view.w, view.h)
        darkest = saved.convert("L").getextrema()[0]
        assert isinstance(darkest, int) and darkest < 128
    assert viewer.notice.text() == "Vyn sparades som vy.png"
    assert not qloop.run(viewer.save_view(tmp_path / "saknas" / "vy.png")), "a folder that is not there"
    assert "kunde inte sparas" in viewer.notice.text()


def test_ctrl_p_opens_the_system_print_dialog_window_modally(qtbot: Any, window: DrawingWindow) -> None:
    viewer = window.viewer
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    def dialog() -> QtPrintSupport.QPrintDialog | None:
        found = window.findChild(QtPrintSupport.QPrintDialog)
        return found if found is not None and found.isVisible() else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=WAIT_MS)
    shown = dialog()
    assert shown is not None and shown.windowTitle() == "Skriv ut ritningen"
    assert shown.windowModality() == Qt.WindowModality.WindowModal, "opened without a nested event loop"
    assert shown.printer().pageLayout().orientation() == QtGui.QPageLayout.Orientation.Landscape
    shown.reject()
    qtbot.waitUntil(lambda: not viewer._jobs, timeout=WAIT_MS)
    assert viewer.notice.text() == "", "cancelled: nothing printed"


def test_saving_the_view_asks_where_in_a_file_dialog(qtbot: Any, window: DrawingWindow) -> None:
    viewer = window.viewer
    viewer.save_view_action.trigger()

    def dialog() -> QtWidgets.QFileDialog | None:
        found = window.findChild(QtWidgets.QFileDialog)
        return found if found is not None and found.isVisible() else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=WAIT_MS)
    shown = dialog()
    assert shown is not None and shown.acceptMode() == QtWidgets.QFileDialog.AcceptMode.AcceptSave
    # a name to accept at once: the drawing and the page shown, not an empty field
    assert Path(shown.selectedFiles()[0]).name == f"{Path(window.title).stem}, sida 1.png"
    shown.reject()
    qtbot.waitUntil(lambda: not viewer._jobs, timeout=WAIT_MS)
    assert viewer.notice.text() == ""
