"""The drawing viewer on real widgets and a real render engine (worker processes): opened from a case's
documents against a live sandbox and from local files; zoom (wheel, keys), pan, pages, turn, fit; a file
it cannot show gives a Swedish message, not a crash. Waits are on conditions, with generous timeouts (the
engine's workers start on a busy machine)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.drawings import RenderEngine
from tests.caseworker.drawings.badfiles import encrypted_pdf, png_bytes
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import shots_dir
from tests.ui.apphelpers import running_app
from tests.ui.drawings.conftest import (
    WAIT_MS,
    app_stays,
    case_view_with_a_drawing,
    drawings,
    engine,
    ink,
    open_sharp,
    wait_sharp,
)
from tests.ui.services_factory import running_services
from ui.app.options import parse_args
from ui.drawings import DrawingsHost, DrawingWindow
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services

__all__ = ["app_stays", "drawings", "engine"]  # fixtures, used by name


@pytest.fixture
def files(drawings: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """The engine tests' sheets, and files the viewer cannot show (or that only look wrong)."""
    bad = {"locked.pdf": encrypted_pdf(), "empty.pdf": b"", "picture.pdf": png_bytes()}  # a PNG named .pdf
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    return {"plan.pdf": drawings["plan.pdf"], "scan.tif": drawings["house.tif"]} | {
        name: tmp_path / name for name in bad
    }


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


@pytest.fixture
def window(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, files: dict[str, Path]
) -> Iterator[DrawingWindow]:
    host = DrawingsHost(engine)
    w = host.open_file(files["plan.pdf"])
    qtbot.addWidget(w)
    w.resize(1000, 700)
    open_sharp(qtbot, w.viewer)
    yield w
    qloop.run(host.close())


def test_a_drawing_from_a_case_opens_in_the_viewer_and_shows_the_sheet(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, engine: RenderEngine, tmp_path: Path
) -> None:
    host = DrawingsHost(engine)
    view, drawing = case_view_with_a_drawing(qtbot, qloop, sandbox, anna, host)
    view.documents.select(drawing.id)
    assert view.documents.drawing_button.isEnabled()
    qtbot.mouseClick(view.documents.drawing_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(host.windows), timeout=WAIT_MS)
    [window] = host.windows
    window.resize(1000, 700)
    open_sharp(qtbot, window.viewer)
    assert ink(window.viewer.canvas) > 500, "the sheet's lines are painted"
    assert window.viewer.size_label.text().startswith("A3"), window.viewer.size_label.text()
    assert qloop.run(anna.store.has_blob(drawing.sha256)), (
        "the bytes are in the store: it opens offline next time"
    )
    window.grab().save(str(shots_dir(tmp_path) / "drawing-viewer.png"))
    qloop.run(host.close())
    assert not host.windows


def test_ctrl_wheel_and_keys_zoom_and_the_view_sharpens(qtbot: Any, window: DrawingWindow) -> None:
    canvas = window.viewer.canvas
    fitted = canvas.zoom
    centre = QtCore.QPointF(canvas.viewport().rect().center())
    wheel = QtGui.QWheelEvent(
        centre, canvas.viewport().mapToGlobal(centre), QtCore.QPoint(), QtCore.QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QtWidgets.QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.zoom > fitted
    canvas.setFocus()
    for _ in range(6):
        qtbot.keyClick(canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert canvas.zoom > fitted * 3
    assert window.viewer.zoom_label.text() == f"{round(canvas.zoom * 100)} %"
    wait_sharp(qtbot, window.viewer)
    assert ink(canvas) > 0
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.zoom < fitted * 3 * 2**0.25 * 2
    qtbot.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert canvas.zoom == pytest.approx(fitted)
    for _ in range(40):
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.zoom == pytest.approx(16.0), "at most 1600 %"
    for _ in range(60):
        qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.zoom == pytest.approx(0.05), "at least 5 %"


def test_a_touchpad_pinch_zooms_in_and_out_around_the_fingers(qtbot: Any, window: DrawingWindow) -> None:
    canvas = window.viewer.canvas
    fitted = canvas.zoom
    centre = QtCore.QPointF(canvas.viewport().rect().center())

    def pinch(value: float) -> None:
        gesture = QtGui.QNativeGestureEvent(
            Qt.NativeGestureType.ZoomNativeGesture, QtGui.QPointingDevice.primaryPointingDevice(), 2,
            centre, centre, canvas.viewport().mapToGlobal(centre), value, QtCore.QPointF(),
        )  # fmt: skip
        QtWidgets.QApplication.sendEvent(canvas.viewport(), gesture)

    for _ in range(4):
        pinch(0.25)  # fingers apart
    assert canvas.zoom == pytest.approx(fitted * 1.25**4)
    wait_sharp(qtbot, window.viewer)
    for _ in range(4):
        pinch(-0.2)  # fingers together
    assert canvas.zoom == pytest.approx(fitted * 1.25**4 * 0.8**4)


def test_fit_width_pan_with_keys_and_drag(qtbot: Any, window: DrawingWindow) -> None:
    canvas = window.viewer.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # fit width
    page_width = canvas.mapFromScene(canvas.sceneRect().topRight()).x() - canvas.mapFromScene(0, 0).x()
    assert canvas.viewport().width() - 40 < page_width <= canvas.viewport().width()
    canvas.set_zoom(4.0)
    wait_sharp(qtbot, window.viewer)
    bar = canvas.horizontalScrollBar()
    before = bar.value()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert bar.value() > before
    vbar = canvas.verticalScrollBar()
    top = vbar.value()
    start = canvas.viewport().rect().center()
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas.viewport(), start - QtCore.QPoint(0, 200))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start - QtCore.QPoint(0, 200))
    assert vbar.value() > top, "dragging up moves the sheet up"
    wait_sharp(qtbot, window.viewer)  # the newly visible part is rendered (tiles)


def test_pages_and_turning_a_scan(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, files: dict[str, Path], tmp_path: Path
) -> None:
    host = DrawingsHost(engine)
    window = host.open_file(files["scan.tif"])
    qtbot.addWidget(window)
    window.resize(900, 700)
    viewer = window.viewer
    open_sharp(qtbot, viewer)
    assert viewer.page_count.text() == "av 3"
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_PageDown)
    assert viewer.canvas.page == 1 and viewer.page_box.value() == 2
    wait_sharp(qtbot, viewer)
    viewer.page_box.setValue(3)
    assert viewer.canvas.page == 2
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_PageUp)
    assert viewer.canvas.page == 1
    w, h = viewer.canvas.page_size()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert viewer.canvas.page_size() == pytest.approx((h, w)), "turned a quarter"
    wait_sharp(qtbot, viewer)
    assert ink(viewer.canvas) > 100
    window.grab().save(str(shots_dir(tmp_path) / "drawing-viewer-scan.png"))
    qloop.run(host.close())


@pytest.mark.parametrize(
    ("name", "words"),
    [("locked.pdf", "lösenord"), ("empty.pdf", "tom"), ("picture.pdf", None)],
)
def test_a_file_it_cannot_show_gives_a_plain_message(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, files: dict[str, Path], name: str, words: str | None
) -> None:
    host = DrawingsHost(engine)
    window = host.open_file(files[name])
    qtbot.addWidget(window)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.error is not None or viewer.document is not None, timeout=WAIT_MS)
    if words is None:  # a picture named .pdf is shown as what it is
        open_sharp(qtbot, viewer)
    else:
        assert viewer.error is not None and words in viewer.error
        assert viewer.stack.currentWidget() is viewer.message_page and viewer.message.text() == viewer.error
        assert "Traceback" not in viewer.error
    qloop.run(host.close())


def test_every_focusable_widget_has_a_name_and_mnemonics_are_unique(window: DrawingWindow) -> None:
    focusable = [
        w
        for w in window.findChildren(QtWidgets.QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(window)
        and not isinstance(w, QtWidgets.QLineEdit)
    ]
    assert focusable
    for w in focusable:
        assert w.accessibleName() or (isinstance(w, QtWidgets.QAbstractButton) and w.text()), w
    texts = [a.text() for a in window.viewer.actions()] + [window.viewer.page_label.text()]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(keys) == len(set(keys)), texts


def test_open_option_shows_the_file_and_the_workers_end_with_the_app(
    qapp: QtWidgets.QApplication, qloop: LoopRunner, sandbox: Sandbox, files: dict[str, Path], tmp_path: Path
) -> None:
    assert parse_args(["--open", str(files["plan.pdf"])]).open_file == files["plan.pdf"]
    with running_app(qapp, qloop, tmp_path / "app", platform=sandbox.url, open_file=files["plan.pdf"]) as app:
        app.start()
        host = app.controller.drawings
        app.wait(lambda: host.windows and host.windows[0].viewer.document is not None, what="the drawing")
        [window] = host.windows
        document = window.viewer.document
        assert document is not None and window.viewer.error is None
        engine = host.engine
        workers = engine.worker_pids(document)
        assert workers
        app.shutdown()
        assert not host.windows
        with pytest.raises(RuntimeError):  # the engine was closed: its thread pools take no more work
            engine.open(files["plan.pdf"])
    if sys.platform != "win32":
        for pid in workers:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)  # ended and reaped
