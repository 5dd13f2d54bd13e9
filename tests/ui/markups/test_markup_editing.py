"""Editing markups with real mouse and key events on a real drawing: the selected markup's handles resize a
box and move a vertex (Shift snaps it to 45°, a measurement shows its value while dragged), text is edited
in place (Enter or a click elsewhere keeps it, Esc drops it), the tool bar's colour and width change the
selected markup, the arrow keys nudge it; each one undoable change sent through the outbox. And a markup
drawn in a drawing window that is closed at once is still in the outbox."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import shiboken6

from caseworker.markups import Kind, Markup
from caseworker.markups.measure import measure
from caseworker.markups.model import Point
from caseworker.markups.xfdf import MAX_TEXT
from caseworker.store import OutboxItem
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import shots_dir
from tests.ui.drawings.conftest import WAIT_MS, app_stays
from tests.ui.markups import test_markup_tools as tools_test
from tests.ui.markups import test_markups_in_viewer as viewer_test
from tests.ui.markups.test_markup_tools import click, drag, grid, key, outbox, send_mouse, settled
from ui.drawings import DrawingsHost, DrawingWindow
from ui.markups.handles import MIN_SIZE, dragged, grips, resized
from ui.markups.workspace import MarkupWorkspace
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services

engine, workspace, host = tools_test.engine, tools_test.workspace, viewer_test.host
__all__ = ["app_stays", "engine", "host", "workspace"]  # fixtures, used by name

Type = QtCore.QEvent.Type
LEFT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
NO_KEYS, SHIFT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def in_view(w: MarkupWorkspace, p: Point) -> QtCore.QPointF:
    """A page point where it shows in the viewport (pixels)."""
    canvas = w.viewer.canvas
    return canvas.viewportTransform().map(canvas.page_to_scene(p))


def pixels_per_point(w: MarkupWorkspace) -> float:
    return w.viewer.canvas.transform().m11()


def drawn(w: MarkupWorkspace, before: set[str]) -> Markup:
    (m,) = [m for m in w.layer.markups.values() if m.id not in before]
    return m


def draw(qtbot: Any, w: MarkupWorkspace, letter: str, points: list[QtCore.QPointF]) -> Markup:
    before = set(w.layer.markups)
    key(qtbot, w, letter)
    if letter in "GPY":
        for p in points:
            click(w, p)
        key(qtbot, w, Qt.Key.Key_Return)
    else:
        drag(w, points)
    settled(qtbot, w)
    return drawn(w, before)


def select(qtbot: Any, w: MarkupWorkspace, at: QtCore.QPointF, markup_id: str) -> None:
    key(qtbot, w, "V")
    click(w, at)
    assert w.layer.selected_id == markup_id


def handle_items(w: MarkupWorkspace, markup_id: str) -> list[QtWidgets.QGraphicsItem]:
    flag = QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
    selection = [c for c in w.layer.items[markup_id].childItems() if c.childItems()]
    return [h for box in selection for h in box.childItems() if h.flags() & flag]


def undo(qtbot: Any, w: MarkupWorkspace) -> None:
    key(qtbot, w, Qt.Key.Key_Z, CTRL)
    settled(qtbot, w)


def redo(qtbot: Any, w: MarkupWorkspace) -> None:
    key(qtbot, w, Qt.Key.Key_Y, CTRL)
    settled(qtbot, w)


def updates(qloop: LoopRunner, anna: Services) -> list[dict[str, Any]]:
    items = qloop.run(anna.store.list_outbox())
    return [item.payload for item in items if item.kind == "update_annotation"]


def close(a: Point, b: Point, pixels: float, w: MarkupWorkspace) -> bool:
    """Two page points within ``pixels`` screen pixels of each other."""
    return math.dist(a, b) <= pixels / pixels_per_point(w)


def test_a_corner_handle_resizes_a_rectangle_in_one_undoable_change(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace, tmp_path: Path
) -> None:
    w = workspace
    rect = draw(qtbot, w, "R", [grid(w, 0), grid(w, 0, 1, 1)])
    assert rect.rect is not None
    x0, y0, x1, y1 = rect.rect
    select(qtbot, w, in_view(w, (x0, y0)), rect.id)
    assert len(handle_items(w, rect.id)) == 8  # four corners, four edge midpoints, at any zoom the same

    corner = in_view(w, (x1, y1))  # the top right on screen (page y is up)
    viewport = w.viewer.canvas.viewport()
    send_mouse(viewport, Type.MouseMove, corner + QtCore.QPointF(40, 40), NONE, NONE, NO_KEYS)
    assert viewport.cursor().shape() == Qt.CursorShape.ArrowCursor
    send_mouse(viewport, Type.MouseMove, corner, NONE, NONE, NO_KEYS)
    assert viewport.cursor().shape() == Qt.CursorShape.SizeBDiagCursor  # ↗ the way it resizes

    to = corner + QtCore.QPointF(60, -40)
    send_mouse(viewport, Type.MouseButtonPress, corner, LEFT, LEFT, NO_KEYS)
    send_mouse(viewport, Type.MouseMove, corner + QtCore.QPointF(30, -20), NONE, LEFT, NO_KEYS)
    send_mouse(viewport, Type.MouseMove, to, NONE, LEFT, NO_KEYS)
    assert w.layer.markups[rect.id].rect == rect.rect and not w.editor.pending  # a preview until released
    w.grab().save(str(shots_dir(tmp_path) / "markup-resize-preview.png"))
    send_mouse(viewport, Type.MouseButtonRelease, to, LEFT, NONE, NO_KEYS)
    settled(qtbot, w)

    resized = w.layer.markups[rect.id]
    assert resized.rect is not None
    nx0, ny0, nx1, ny1 = resized.rect
    assert (nx0, ny0) == (x0, y0)  # the opposite corner stays
    scale = pixels_per_point(w)
    assert math.isclose(nx1, x1 + 60 / scale, abs_tol=1 / scale)
    assert math.isclose(ny1, y1 + 40 / scale, abs_tol=1 / scale)
    (sent,) = updates(qloop, anna)
    assert sent["geometry"]["rect"] == list(resized.rect)
    assert w.layer.selected_id == rect.id and len(handle_items(w, rect.id)) == 8  # still selected

    undo(qtbot, w)
    assert w.layer.markups[rect.id].rect == rect.rect and len(updates(qloop, anna)) == 2
    redo(qtbot, w)
    assert w.layer.markups[rect.id].rect == resized.rect and len(updates(qloop, anna)) == 3


def test_a_polygon_vertex_moves_and_snaps_to_45_degrees_with_shift(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace
) -> None:
    w = workspace
    polygon = draw(qtbot, w, "G", [grid(w, 5), grid(w, 5, 1, 0), grid(w, 5, 0.5, 1)])
    a, b, c = polygon.points
    select(qtbot, w, in_view(w, a), polygon.id)
    assert len(handle_items(w, polygon.id)) == 3  # one per vertex

    start = in_view(w, c)
    to = start + QtCore.QPointF(25, 15)
    drag(w, [start, start + QtCore.QPointF(10, 5), to])
    settled(qtbot, w)
    moved = w.layer.markups[polygon.id]
    assert moved.points[:2] == (a, b) and moved.points[2] != c
    assert close(moved.points[2], w.layer.page_point(w.viewer.canvas.mapToScene(to.toPoint())), 1.5, w)

    start = in_view(w, b)  # vertex 1, snapped around vertex 0: a little off the horizontal
    to = in_view(w, a) + QtCore.QPointF(start.x() - in_view(w, a).x() + 20, 12)
    drag(w, [start, to], shift=True)
    settled(qtbot, w)
    snapped = w.layer.markups[polygon.id].points[1]
    angle = math.degrees(math.atan2(snapped[1] - a[1], snapped[0] - a[0]))
    assert math.isclose(angle / 45, round(angle / 45), abs_tol=1e-6) and abs(angle) < 1e-6
    assert len(updates(qloop, anna)) == 2

    undo(qtbot, w)
    assert w.layer.markups[polygon.id].points == moved.points
    undo(qtbot, w)
    assert w.layer.markups[polygon.id].points == polygon.points
    redo(qtbot, w)
    assert w.layer.markups[polygon.id].points == moved.points


def test_a_distance_shows_its_value_while_a_vertex_is_dragged(qtbot: Any, workspace: MarkupWorkspace) -> None:
    w = workspace
    tools_test.choose_scale(w.tools.scale, 100)
    settled(qtbot, w)
    calibration = w.layer.calibration(w.viewer.canvas.current_page())
    distance = draw(qtbot, w, "D", [grid(w, 11), grid(w, 11, 1, 0)])
    start, end = distance.points
    select(qtbot, w, in_view(w, ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)), distance.id)

    viewport = w.viewer.canvas.viewport()
    grab, to = in_view(w, end), in_view(w, end) + QtCore.QPointF(50, 0)
    send_mouse(viewport, Type.MouseButtonPress, grab, LEFT, LEFT, NO_KEYS)
    send_mouse(viewport, Type.MouseMove, to, NONE, LEFT, NO_KEYS)
    shown = w.editor.live_value  # while the button is down
    send_mouse(viewport, Type.MouseButtonRelease, to, LEFT, NONE, NO_KEYS)
    settled(qtbot, w)
    longer = w.layer.markups[distance.id]
    value, before = measure(longer, calibration), measure(distance, calibration)
    assert value is not None and before is not None and value.value > before.value
    assert shown == value.text() and shown.endswith(" m")


def type_text(qtbot: Any, w: MarkupWorkspace, text: str) -> None:
    """Typed on the canvas, a key at a time (QTest knows ASCII keys; others are sent as what they type)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(w.viewer.canvas, char)
            continue
        for kind in (Type.KeyPress, Type.KeyRelease):
            QtWidgets.QApplication.sendEvent(w.viewer.canvas, QtGui.QKeyEvent(kind, 0, NO_KEYS, char))


def test_text_is_edited_in_place_enter_keeps_it_esc_drops_it(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace, tmp_path: Path
) -> None:
    w = workspace
    before = set(w.layer.markups)
    assert w.tools.text.text() == ""
    key(qtbot, w, "T")
    drag(w, [grid(w, 2), grid(w, 2, 1, 0.4)])  # no text in the tool bar: typed in the box
    editor = w.editor.text_editor
    assert editor is not None and editor.scene() is w.viewer.canvas.scene()
    assert set(w.layer.markups) == before  # added when its text is kept
    type_text(qtbot, w, "Redovisa höjd")  # "R" is the rectangle tool's key: here it is a letter
    assert w.editor.tool == Kind.TEXT and editor.toPlainText() == "Redovisa höjd"
    key(qtbot, w, Qt.Key.Key_Return, SHIFT)  # a line break
    type_text(qtbot, w, "mot gata")
    w.viewer.canvas.viewport().update()
    w.grab().save(str(shots_dir(tmp_path) / "markup-text-in-place.png"))
    key(qtbot, w, Qt.Key.Key_Return)
    settled(qtbot, w)
    assert w.editor.text_editor is None and editor.scene() is None
    box = drawn(w, before)
    assert box.kind == Kind.TEXT and box.text == "Redovisa höjd\nmot gata"
    assert outbox(qloop, anna, "add_annotation") == 1

    key(qtbot, w, "V")
    centre = grid(w, 2, 0.5, 0.2)
    send_mouse(w.viewer.canvas.viewport(), Type.MouseButtonPress, centre, LEFT, LEFT, NO_KEYS)
    send_mouse(w.viewer.canvas.viewport(), Type.MouseButtonRelease, centre, LEFT, NONE, NO_KEYS)
    send_mouse(w.viewer.canvas.viewport(), Type.MouseButtonDblClick, centre, LEFT, LEFT, NO_KEYS)
    send_mouse(w.viewer.canvas.viewport(), Type.MouseButtonRelease, centre, LEFT, NONE, NO_KEYS)
    assert w.editor.text_editor is not None and w.editor.text_editor.toPlainText() == box.text
    type_text(qtbot, w, " och tak")
    key(qtbot, w, Qt.Key.Key_Escape)  # dropped: nothing sent, and the window's Esc did not close it
    assert w.editor.text_editor is None and w.layer.markups[box.id].text == box.text
    assert not updates(qloop, anna) and w.isVisible()

    key(qtbot, w, Qt.Key.Key_F2)  # the keyboard's way in
    assert w.editor.text_editor is not None
    key(qtbot, w, Qt.Key.Key_A, CTRL)
    type_text(qtbot, w, "Ny text")
    click(w, grid(w, 17, 0.5, 0.5))  # a click elsewhere keeps it
    settled(qtbot, w)
    assert w.editor.text_editor is None and w.layer.markups[box.id].text == "Ny text"
    (sent,) = updates(qloop, anna)
    assert sent["text"] == "Ny text"

    undo(qtbot, w)
    assert w.layer.markups[box.id].text == box.text
    redo(qtbot, w)
    assert w.layer.markups[box.id].text == "Ny text"

    w.layer.select(box.id)
    key(qtbot, w, Qt.Key.Key_F2)
    editor = w.editor.text_editor
    assert editor is not None
    editor.textCursor().insertText("x" * (MAX_TEXT + 100))  # a paste over the contract's limit
    assert len(editor.toPlainText()) == MAX_TEXT
    key(qtbot, w, Qt.Key.Key_Escape)

    count = len(w.layer.markups)
    key(qtbot, w, "B")  # a callout drawn with no text, then Esc: no callout
    drag(w, [grid(w, 12), grid(w, 12, 0.5, 0.5)])
    assert w.editor.text_editor is not None
    type_text(qtbot, w, "Bort")
    key(qtbot, w, Qt.Key.Key_Escape)
    settled(qtbot, w)
    assert w.editor.text_editor is None and len(w.layer.markups) == count
    assert outbox(qloop, anna, "add_annotation") == 1


def test_the_tool_bars_colour_and_width_change_the_selected_markup(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace
) -> None:
    w = workspace
    line = draw(qtbot, w, "L", [grid(w, 10), grid(w, 10, 1, 1)])
    mid = in_view(
        w, ((line.points[0][0] + line.points[1][0]) / 2, (line.points[0][1] + line.points[1][1]) / 2)
    )
    select(qtbot, w, mid, line.id)
    steps = w.editor.undo_stack.count()
    qtbot.keyClick(w.tools.colour, Qt.Key.Key_Down)  # the next colour, chosen with the keyboard
    settled(qtbot, w)
    assert w.layer.markups[line.id].color == w.tools.colour.currentData() != line.color
    qtbot.keyClick(w.tools.width_box, Qt.Key.Key_Up)
    qtbot.keyClick(w.tools.width_box, Qt.Key.Key_Up)
    settled(qtbot, w)
    assert w.layer.markups[line.id].width == line.width + 1.0
    assert w.editor.undo_stack.count() == steps + 2  # the colour, and the width's steps as one
    assert [u["color"] for u in updates(qloop, anna)][-1] == w.tools.colour.currentData()

    undo(qtbot, w)
    assert w.layer.markups[line.id].width == line.width
    undo(qtbot, w)
    assert w.layer.markups[line.id].color == line.color

    key(qtbot, w, "R")  # drawing, not selecting: the tool bar's colour is for what is drawn next
    count = len(updates(qloop, anna))
    qtbot.keyClick(w.tools.colour, Qt.Key.Key_Down)
    settled(qtbot, w)
    assert w.layer.markups[line.id].color == line.color and len(updates(qloop, anna)) == count


def test_arrow_keys_nudge_the_selected_markup_one_change_each(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace
) -> None:
    w = workspace
    rect = draw(qtbot, w, "R", [grid(w, 15), grid(w, 15, 1, 1)])
    assert rect.rect is not None
    select(qtbot, w, in_view(w, (rect.rect[0], rect.rect[1])), rect.id)
    key(qtbot, w, Qt.Key.Key_Right)
    key(qtbot, w, Qt.Key.Key_Down, SHIFT)
    settled(qtbot, w)
    moved = w.layer.markups[rect.id].rect
    assert moved is not None
    assert math.isclose(moved[0], rect.rect[0] + 1) and math.isclose(moved[1], rect.rect[1] - 10)  # y is up
    assert len(updates(qloop, anna)) == 2
    undo(qtbot, w)
    undo(qtbot, w)
    assert w.layer.markups[rect.id].rect == rect.rect


def drawn_from_30_percent(qtbot: Any, window: DrawingWindow, tool: str, to: tuple[float, float]) -> None:
    """Picks ``tool`` by its key and drags from 30 % into the view to ``to`` (fractions of the view)."""
    viewer_test.key(qtbot, window, tool)
    viewer_test.drag(window, viewer_test.in_view(window, 0.3, 0.3), viewer_test.in_view(window, *to))


def closed_and_deleted(window: DrawingWindow) -> None:
    """The window closed and its deletion run now, before any write it started has finished."""
    window.close()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(window)


def adds_in_outbox(qloop: LoopRunner, anna: Services) -> list[OutboxItem]:
    return [i for i in qloop.run(anna.store.list_outbox()) if i.kind == "add_annotation"]


def test_a_markup_drawn_just_before_the_window_closes_is_in_the_outbox(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost
) -> None:
    window, markups = viewer_test.opened_with_markups(qtbot, qloop, sandbox, anna, host)
    editor = markups.editor
    drawn_from_30_percent(qtbot, window, "R", (0.5, 0.45))
    assert editor.pending  # the write to the outbox has not run yet
    closed_and_deleted(window)  # gone before the write ran
    qtbot.waitUntil(lambda: not editor.pending, timeout=WAIT_MS)
    added = adds_in_outbox(qloop, anna)
    assert len(added) == 1 and added[0].payload["kind"] == Kind.RECTANGLE.value


def test_text_being_typed_in_place_is_kept_when_the_window_closes(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost
) -> None:
    window, markups = viewer_test.opened_with_markups(qtbot, qloop, sandbox, anna, host)
    editor = markups.editor
    drawn_from_30_percent(qtbot, window, "T", (0.5, 0.4))
    assert editor.text_editor is not None and not editor.pending  # typed first, added when kept
    qtbot.keyClicks(window.viewer.canvas, "Se plan 2")
    closed_and_deleted(window)
    qtbot.waitUntil(lambda: not editor.pending, timeout=WAIT_MS)
    added = adds_in_outbox(qloop, anna)
    assert [(i.payload["kind"], i.payload["text"]) for i in added] == [(Kind.TEXT.value, "Se plan 2")]


def test_a_selected_callout_shows_its_handles_and_its_text_in_place(
    qtbot: Any, workspace: MarkupWorkspace, tmp_path: Path
) -> None:
    """The picture to look at: a selected callout's handles and its text open in place."""
    w = workspace
    w.tools.text.setText("Takfot saknar mått")
    callout = draw(qtbot, w, "B", [grid(w, 7), grid(w, 7, 0.6, 0.6)])
    w.layer.select(callout.id)
    kinds = sorted(str(h.data(0)) for h in handle_items(w, callout.id))
    assert kinds == ["anchor"] + ["box"] * 8
    key(qtbot, w, "V")
    w.layer.select(callout.id)
    image = w.grab()
    image.save(str(shots_dir(tmp_path) / "markup-handles.png"))
    key(qtbot, w, Qt.Key.Key_F2)
    assert w.editor.text_editor is not None
    w.grab().save(str(shots_dir(tmp_path) / "markup-callout-in-place.png"))
    key(qtbot, w, Qt.Key.Key_Escape)
    assert isinstance(image, QtGui.QPixmap) and not image.isNull()


def test_handles_of_each_kind_and_what_dragging_one_makes() -> None:
    box = Markup(id="b", page=0, kind=Kind.RECTANGLE, rect=(0.0, 0.0, 100.0, 50.0))
    assert [g.role for g in grips(box)] == ["box"] * 8
    assert resized((0.0, 0.0, 100.0, 50.0), 2, (130.0, 70.0)) == (0.0, 0.0, 130.0, 70.0)  # a corner
    assert resized((0.0, 0.0, 100.0, 50.0), 5, (130.0, 70.0)) == (0.0, 0.0, 130.0, 50.0)  # an edge: one way
    assert resized((0.0, 0.0, 100.0, 50.0), 0, (500.0, 500.0)) == (
        100.0 - MIN_SIZE,
        50.0 - MIN_SIZE,
        100.0,
        50.0,
    )
    callout = Markup(id="c", page=0, kind=Kind.CALLOUT, rect=(50.0, 50.0, 90.0, 70.0), anchor=(0.0, 0.0))
    anchor = grips(callout)[-1]  # snapped around the box's corner its leader starts from, (50, 50)
    assert anchor.role == "anchor" and len(grips(callout)) == 9
    ax, ay = dragged(callout, anchor, (10.0, 1.0), snap=True).anchor or (0.0, 0.0)
    assert math.isclose(ax, ay) and math.isclose(math.dist((ax, ay), (50.0, 50.0)), math.hypot(40.0, 49.0))
    ink = Markup(id="i", page=0, kind=Kind.INK, strokes=(((0.0, 0.0), (5.0, 5.0)),))
    assert grips(ink) == []
    closed = Markup(id="p", page=0, kind=Kind.POLYGON, points=((0.0, 0.0), (10.0, 0.0), (5.0, 10.0)))
    first = grips(closed)[0]
    moved = dragged(closed, first, (9.0, 20.0), snap=True)  # snapped around the last vertex (5, 10)
    (x, y), (lx, ly) = moved.points[0], closed.points[-1]
    assert math.isclose(x, lx, abs_tol=1e-9) and y > ly  # straight up from (5, 10)
    assert moved.points[1:] == closed.points[1:]
    line = Markup(id="l", page=0, kind=Kind.CALIBRATION, points=((0.0, 0.0), (100.0, 0.0)))
    assert dragged(line, grips(line)[1], (0.5, 0.0)) == line  # onto the other end: not taken
    assert dragged(line, grips(line)[1], (50.0, 0.0)).points == ((0.0, 0.0), (50.0, 0.0))
