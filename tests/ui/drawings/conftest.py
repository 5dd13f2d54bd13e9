"""Fixtures for the viewer's tests: one render engine per module (its workers take a moment to start), the
engine tests' sheets, and waits on what the viewer shows (conditions, with generous timeouts)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas as pdf_canvas

from caseworker.domain.models import DocumentKind
from caseworker.drawings import RenderEngine
from tests.helpers.drawings import write_sample_drawings
from tests.helpers.sandbox import Sandbox
from tests.ui.services_factory import find_case
from ui.drawings import DrawingViewer
from ui.qt import Qt, QtGui, QtWidgets

WAIT_MS = 120_000  # the longest any wait may take on a busy machine before the test fails


@pytest.fixture(scope="session")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The engine tests' sample sheets."""
    return write_sample_drawings(tmp_path_factory.mktemp("drawings"))


@pytest.fixture(autouse=True)
def app_stays(qapp: QtWidgets.QApplication) -> Iterator[None]:
    """As in the app: closing the last drawing window does not end the event loop."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


@pytest.fixture(scope="module")
def engine() -> Iterator[RenderEngine]:
    with RenderEngine(time_limit=120) as e:
        yield e


def ink(widget: QtWidgets.QWidget) -> int:
    """How many pixels of the widget's picture are neither white nor the background around the page."""
    image = widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    background = widget.palette().color(QtGui.QPalette.ColorRole.Mid).rgb()
    white = QtGui.QColor(Qt.GlobalColor.white).rgb()
    step = 3
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixel(x, y) not in (white, background)
    )


def open_sharp(qtbot: Any, viewer: DrawingViewer) -> None:
    """Wait until the document is open and the visible area is rendered at the zoom shown."""
    qtbot.waitUntil(lambda: viewer.error is not None or viewer.document is not None, timeout=WAIT_MS)
    assert viewer.error is None, viewer.error
    wait_sharp(qtbot, viewer)


def wait_sharp(qtbot: Any, viewer: DrawingViewer) -> None:
    qtbot.waitUntil(
        lambda: viewer.error is not None or (viewer.canvas.is_sharp() and viewer.canvas.pending == 0),
        timeout=WAIT_MS,
    )
    assert viewer.error is None, viewer.error


def shown_viewer(
    qtbot: Any, engine: RenderEngine, path: Path, size: tuple[int, int] = (900, 600)
) -> DrawingViewer:
    """A viewer (a widget of its own) with ``path`` open and sharp; ``close_document()`` it after."""
    viewer = DrawingViewer(engine)
    qtbot.addWidget(viewer)
    viewer.resize(*size)
    viewer.show()
    viewer.open(path)
    open_sharp(qtbot, viewer)
    return viewer


@contextlib.contextmanager
def viewing(qtbot: Any, engine: RenderEngine, path: Path, data: bytes) -> Iterator[DrawingViewer]:
    """``data`` written to ``path`` and shown in a viewer, its document closed afterwards."""
    path.write_bytes(data)
    viewer = shown_viewer(qtbot, engine, path)
    try:
        yield viewer
    finally:
        viewer.close_document()


def pdf_sheet(size: tuple[float, float], draw: Callable[[Any], None], pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages of ``size`` points, each drawn by ``draw(reportlab_canvas)``."""
    out = io.BytesIO()
    c = pdf_canvas.Canvas(out, pagesize=size)
    for _ in range(pages):
        draw(c)
        c.showPage()
    c.save()
    return out.getvalue()


def case_with_a_drawing(sandbox: Sandbox, user: str = "anna") -> dict[str, Any]:
    """A case of ``user``'s with a drawing among its documents (as the platform lists it)."""
    with sandbox.client(user) as c:
        case: dict[str, Any] = find_case(
            c,
            lambda k: any(
                d["kind"] == DocumentKind.DRAWING.value
                for d in c.get(f"/api/v1/cases/{k['id']}/documents").raise_for_status().json()
            ),
        )
    return case


def case_view_with_a_drawing(
    qtbot: Any, qloop: Any, sandbox: Sandbox, services: Any, host: Any
) -> tuple[Any, Any]:
    """A case view (drawings opening through ``host``) showing a case with a drawing; the view and the
    drawing's document."""
    from ui.case import CaseView

    case = case_with_a_drawing(sandbox)
    view = CaseView(services)
    qtbot.addWidget(view)
    host.attach(view, services)
    qloop.run(view.show_case(case["id"]))
    drawing = next(d for d in view.documents.documents if d.kind is DocumentKind.DRAWING)
    return view, drawing
