"""Fixtures for the viewer's tests: one render engine per module (its workers take a moment to start), the
engine tests' sheets, and waits on what the viewer shows (conditions, with generous timeouts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from caseworker.drawings import RenderEngine
from tests.caseworker.drawings import conftest as engine_fixtures
from ui.drawings import DrawingViewer
from ui.qt import Qt, QtGui, QtWidgets

drawings = engine_fixtures.drawings  # the engine tests' sheets (a session fixture)
WAIT_MS = 120_000  # the longest any wait may take on a busy machine before the test fails


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
