"""Markups reached from the app: a drawing opened from a case's documents offers "Markeringar" (Ctrl+M),
which shows the markup layer, the tools and the markups list in the drawing window; a rectangle drawn with
the mouse goes through the outbox and lands on the platform at the next sync. A drawing opened from a
local file has no markup tools, and its toggle says why. Real widgets, a real render engine, the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.drawings import RenderEngine
from caseworker.markups import Kind, Markup
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import shots_dir
from tests.ui.drawings.conftest import (
    WAIT_MS,
    app_stays,
    case_view_with_a_drawing,
    drawings,
    engine,
    open_sharp,
    wait_sharp,
)
from ui.drawings import DrawingsHost, DrawingWindow
from ui.markups import offer_markups
from ui.markups.tools import MarkupToolBar
from ui.markups.window import WindowMarkups
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services

__all__ = ["app_stays", "drawings", "engine"]  # fixtures, used by name

Button = Qt.MouseButton
Type = QtCore.QEvent.Type


@pytest.fixture
def host(qloop: LoopRunner, engine: RenderEngine) -> Iterator[DrawingsHost]:
    h = DrawingsHost(engine, markups=offer_markups)  # as the app's controller makes it
    yield h
    qloop.run(h.close())


def opened_from_the_case(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost
) -> DrawingWindow:
    view, drawing = case_view_with_a_drawing(qtbot, qloop, sandbox, anna, host)
    view.documents.select(drawing.id)
    qtbot.mouseClick(view.documents.drawing_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(host.windows), timeout=WAIT_MS)
    [window] = host.windows
    window.resize(1400, 900)
    open_sharp(qtbot, window.viewer)
    return window


def opened_with_markups(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost
) -> tuple[DrawingWindow, WindowMarkups]:
    """A drawing window opened from the case, its markups shown (Markeringar on) and loaded."""
    window = opened_from_the_case(qtbot, qloop, sandbox, anna, host)
    markups = window.markups
    assert isinstance(markups, WindowMarkups)
    with qtbot.waitSignal(markups.loaded, timeout=WAIT_MS):
        window.markups_action.trigger()
    return window, markups


def mouse(viewport: QtWidgets.QWidget, kind: QtCore.QEvent.Type, at: QtCore.QPointF, button: Button,
          buttons: Button) -> None:  # fmt: skip
    event = QtGui.QMouseEvent(
        kind, at, viewport.mapToGlobal(at), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QtWidgets.QApplication.sendEvent(viewport, event)


def drag(window: DrawingWindow, start: QtCore.QPointF, end: QtCore.QPointF) -> None:
    viewport = window.viewer.canvas.viewport()
    left, none = Button.LeftButton, Button.NoButton
    mouse(viewport, Type.MouseButtonPress, start, left, left)
    mouse(viewport, Type.MouseMove, (start + end) / 2, none, left)
    mouse(viewport, Type.MouseMove, end, none, left)
    mouse(viewport, Type.MouseButtonRelease, end, left, none)


NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def key(qtbot: Any, window: DrawingWindow, k: Qt.Key | str, mods: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    window.viewer.canvas.setFocus()
    qtbot.keyClick(window.viewer.canvas, k, mods)


def in_view(window: DrawingWindow, fx: float, fy: float) -> QtCore.QPointF:
    """A point of the shown page, as a fraction of the page's part of the viewport."""
    canvas = window.viewer.canvas
    width, height = canvas.unturned_page_size()
    a = canvas.mapFromScene(canvas.page_to_scene((0.0, 0.0)))
    b = canvas.mapFromScene(canvas.page_to_scene((width, height)))
    page = QtCore.QRectF(QtCore.QPointF(a), QtCore.QPointF(b)).normalized()
    page = page.intersected(QtCore.QRectF(canvas.viewport().rect()))
    return QtCore.QPointF(page.left() + fx * page.width(), page.top() + fy * page.height())


def test_a_case_drawing_shows_its_markups_and_a_rectangle_drawn_reaches_the_platform(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost, tmp_path: Path
) -> None:
    window = opened_from_the_case(qtbot, qloop, sandbox, anna, host)
    markups = window.markups
    assert isinstance(markups, WindowMarkups)
    assert window.markups_action.isEnabled() and not window.markups_action.isChecked()
    assert not markups.tools.isVisible() and not markups.dock.isVisible()
    document_id = markups.document.id
    assert markups.document.case_id is not None
    stored = len(qloop.run(anna.store.list_annotations(document_id)))

    key(qtbot, window, "R")  # markups off: the letters are no tools
    assert markups.editor.tool is None

    with qtbot.waitSignal(markups.loaded, timeout=WAIT_MS):  # read from the store again
        key(qtbot, window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.markups_action.isChecked()
    assert markups.tools.isVisible() and markups.dock.isVisible() and markups.list.isVisible()
    assert len(markups.layer.markups) == stored

    key(qtbot, window, "R")
    assert markups.editor.tool == Kind.RECTANGLE
    before = set(markups.layer.markups)
    drag(window, in_view(window, 0.3, 0.3), in_view(window, 0.5, 0.45))
    qtbot.waitUntil(lambda: not markups.editor.pending, timeout=WAIT_MS)
    (drawn,) = [m for m in markups.layer.markups.values() if m.id not in before]
    assert drawn.kind == Kind.RECTANGLE and drawn.id.startswith("local-")
    assert drawn.author == anna.user.display_name and drawn.document_sha256 == markups.document.sha256
    assert drawn.id in markups.layer.items and markups.layer.items[drawn.id].isVisible()
    assert markups.list.model.rowCount() == stored + 1

    # a reviewer's usual few more: a cloud, a text box and a stamp (the README's pictures of a review are
    # made by test_markup_list_layers.py, on a platform of their own)
    markups.tools.text.setText("Redovisa takfotens höjd")
    for letter, (x0, y0, x1, y1) in {"C": (0.55, 0.3, 0.8, 0.5), "T": (0.58, 0.55, 0.8, 0.62),
                                     "S": (0.1, 0.55, 0.28, 0.65)}.items():  # fmt: skip
        key(qtbot, window, letter)
        drag(window, in_view(window, x0, y0), in_view(window, x1, y1))
    qtbot.waitUntil(lambda: not markups.editor.pending, timeout=WAIT_MS)
    assert len(markups.layer.markups) == stored + 4 and markups.list.model.rowCount() == stored + 4
    window.viewer.fit_page_action.trigger()
    wait_sharp(qtbot, window.viewer)
    window.grab().save(str(shots_dir(tmp_path) / "markups-in-viewer.png"))

    assert qloop.run(anna.sync.sync_now()).pushed == 4
    on_platform = [Markup.from_annotation(a) for a in qloop.run(anna.client.annotations(document_id))]
    assert drawn.rect is not None
    assert any(
        m.kind == Kind.RECTANGLE
        and m.rect is not None
        and all(abs(x - y) < 0.01 for x, y in zip(m.rect, drawn.rect, strict=True))
        for m in on_platform
    ), on_platform

    key(qtbot, window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # off again: hidden, inert
    assert not markups.tools.isVisible() and not markups.dock.isVisible()
    assert not any(item.isVisible() for item in markups.layer.items.values())
    count = len(markups.layer.markups)
    drag(window, in_view(window, 0.6, 0.6), in_view(window, 0.7, 0.7))  # pans the drawing
    assert len(markups.layer.markups) == count and not markups.editor.pending


def test_esc_while_drawing_cancels_the_markup_and_keeps_the_window(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost
) -> None:
    window, markups = opened_with_markups(qtbot, qloop, sandbox, anna, host)
    before = set(markups.layer.markups)
    key(qtbot, window, "P")
    viewport = window.viewer.canvas.viewport()
    for fx in (0.2, 0.4):
        at = in_view(window, fx, 0.8)
        mouse(viewport, Type.MouseButtonPress, at, Button.LeftButton, Button.LeftButton)
        mouse(viewport, Type.MouseButtonRelease, at, Button.LeftButton, Button.NoButton)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.isVisible() and host.windows == [window], "Esc cancelled the polyline, not the window"
    key(qtbot, window, Qt.Key.Key_Return)  # would end the polyline had Esc not dropped its corners
    assert set(markups.layer.markups) == before and not markups.editor.pending
    # nothing being drawn: Esc is left to the window's shortcut (it closes the window, as before)
    override = QtGui.QKeyEvent(Type.ShortcutOverride, Qt.Key.Key_Escape, NO_MODIFIER)
    override.ignore()
    QtWidgets.QApplication.sendEvent(window.viewer.canvas, override)
    assert not override.isAccepted()
    window.close()
    qtbot.waitUntil(lambda: not host.windows, timeout=WAIT_MS)


def test_a_local_file_has_no_markup_tools_and_says_why(
    qtbot: Any, host: DrawingsHost, drawings: dict[str, Path]
) -> None:
    window = host.open_file(drawings["plan.pdf"])
    qtbot.addWidget(window)
    open_sharp(qtbot, window.viewer)
    assert window.markups is None and window.findChild(MarkupToolBar) is None
    action = window.markups_action
    assert not action.isEnabled() and "ärendes handling" in action.toolTip()
    key(qtbot, window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert not action.isChecked()
