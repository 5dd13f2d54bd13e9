"""Drawing, selecting, moving and removing markups on the canvas, with undo and redo; every change goes
through the outbox (the sync engine's markup writes), online or offline.

A tool per kind (tool bar and keys). Dragging draws rectangles, ellipses, clouds, highlights, text boxes,
stamps, lines, arrows, distances and calibrations; polylines, polygons and areas take a click per corner and
end with a double click or Enter; ink follows the pointer. Shift snaps a segment to 45°. A measurement shows
its value beside the pointer while it is drawn. The selection tool picks the markup under the pointer
(the core's spatial index), drags it, and Delete removes it. The selected markup shows handles
(``handles.py``): a box's corners and edge midpoints resize it, a shape's vertices and a callout's leader end
move one by one (Shift: 45° around the neighbouring vertex; a measurement shows its value meanwhile). A
double click or F2 edits a text box's, callout's or stamp's text in place (``inplace.py``; Enter or a click
elsewhere keeps it, Esc drops it); a text box or callout drawn with no text opens that editor at once. The
arrow keys nudge the selected markup by 1 pt (Shift: 10 pt); the tool bar's colour and width change the
selected markup.

Undo and redo are QUndoCommands whose every step is one more outbox write (an undone markup is removed
through the outbox, a redone one added again), sent in order. Commands name markups by the id the store
gave them (``local-<outbox item>`` until the platform answers); after the markups are read again from the
store (a sync), the undo history starts afresh. The writes belong to the application, not to the window:
closing a drawing window right after a change does not cancel its write to the outbox.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Protocol

import shiboken6

from caseworker.domain.models import AnnotationInput, AnnotationStatus, LengthUnit, MarkupScale
from caseworker.markups import Kind, Markup, measure
from caseworker.markups.model import STAMP_COLOURS, STAMP_LABELS, Point, normal_rect
from caseworker.store import OutboxItem
from ui.markups.handles import GRAB_PIXELS, Grip, cursor_for, dragged, grips, snap45
from ui.markups.inplace import InPlaceText
from ui.markups.layer import MarkupLayer
from ui.ops import run_op, show_error, user_message
from ui.qt import Qt, QtCore, QtGui, QtWidgets

DRAG_KINDS = frozenset({Kind.RECTANGLE, Kind.ELLIPSE, Kind.CLOUD, Kind.HIGHLIGHT, Kind.TEXT, Kind.STAMP})
TWO_POINT_KINDS = frozenset({Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.CALIBRATION, Kind.CALLOUT})
CLICK_KINDS = frozenset({Kind.POLYLINE, Kind.POLYGON, Kind.AREA})
TEXT_KINDS = frozenset({Kind.TEXT, Kind.CALLOUT, Kind.STAMP})  # edited in place
MIN_DRAG_POINTS = 2.0  # a shorter drag is a click, not a markup
CALLOUT_BOX = (140.0, 40.0)
NUDGE = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
SHIFT = Qt.KeyboardModifier.ShiftModifier
NUDGE_SHIFT = 10.0  # points a Shift+arrow moves (an arrow: one)
# keys the in-place text editor uses with Ctrl (not the window's shortcuts while text is edited)
TEXT_CTRL_KEYS = frozenset(
    getattr(Qt.Key, f"Key_{name}")
    for name in (
        *("Z", "Y", "A", "C", "V", "X"),
        *("Left", "Right", "Home", "End", "Backspace", "Delete", "Return", "Enter"),
    )
)
log = logging.getLogger(__name__)


class MarkupWrites(Protocol):
    """What the editor sends: the sync engine's markup writes (each one outbox item)."""

    async def add_annotation(self, document_id: str, annotation: AnnotationInput) -> OutboxItem: ...
    async def update_annotation(self, annotation_id: str, annotation: AnnotationInput) -> OutboxItem: ...
    async def delete_annotation(self, annotation_id: str) -> OutboxItem: ...
    async def set_annotation_status(self, annotation_id: str, status: AnnotationStatus) -> OutboxItem: ...
    async def reply_to_annotation(self, annotation_id: str, text: str) -> OutboxItem: ...


class Handle:
    """The id a command's markup has in the store now (it changes when a removed one is added again)."""

    def __init__(self, markup_id: str) -> None:
        self.id = markup_id


class _Step(QtGui.QUndoCommand):
    def __init__(self, editor: MarkupEditor, text: str) -> None:
        super().__init__(text)
        self.editor = editor


class AddCommand(_Step):
    def __init__(self, editor: MarkupEditor, markup: Markup, text: str) -> None:
        super().__init__(editor, text)
        self.markup = markup
        self.handle = Handle(markup.id)

    def redo(self) -> None:
        self.editor.send_add(self.markup, self.handle)

    def undo(self) -> None:
        self.editor.send_delete(self.handle)


class DeleteCommand(AddCommand):
    def redo(self) -> None:
        AddCommand.undo(self)

    def undo(self) -> None:
        AddCommand.redo(self)


class ChangeCommand(_Step):
    def __init__(self, editor: MarkupEditor, before: Markup, after: Markup, text: str) -> None:
        super().__init__(editor, text)
        self.before, self.after = before, after

    def redo(self) -> None:
        self.editor.send_update(self.after)

    def undo(self) -> None:
        self.editor.send_update(self.before)


class WidthCommand(ChangeCommand):
    """A line width typed or stepped in the tool bar: its steps on one markup are one undoable change."""

    def id(self) -> int:
        return 13_001

    def mergeWith(self, other: QtGui.QUndoCommand) -> bool:
        if not isinstance(other, WidthCommand) or other.before.id != self.after.id:
            return False
        self.after = other.after
        return True


class MarkupEditor(QtCore.QObject):
    """The tools' behaviour on one canvas; ``tool`` is a Kind, or None for selecting."""

    toolChanged = QtCore.Signal(object)
    liveValueChanged = QtCore.Signal(str)
    failed = QtCore.Signal(str)

    def __init__(
        self, layer: MarkupLayer, writes: MarkupWrites, author: str, parent: QtWidgets.QWidget
    ) -> None:
        super().__init__(parent)
        self.layer = layer
        self.canvas = layer.canvas
        self.writes = writes
        self.author = author
        self.document_id: str | None = None
        self.document_sha256: str | None = None
        self.active = True  # False: markups switched off in the viewer; the pointer pans and zooms again
        self.tool: Kind | None = None
        self.colour = "#d32f2f"
        self.width = 1.5
        self.text = ""
        self.stamp = STAMP_LABELS[0]
        self.known_length = 1.0
        self.undo_stack = QtGui.QUndoStack(self)
        self.live_value = ""
        self._points: list[Point] = []
        self._strokes: list[list[Point]] = []
        self._drag_from: Point | None = None
        self._moving: Markup | None = None
        self._grip: Grip | None = None  # the handle of ``_moving`` being dragged
        self._cursor_before: QtGui.QCursor | None = None  # the pointer's shape before it went over a handle
        self._preview: QtWidgets.QGraphicsPathItem | None = None
        self._label = QtWidgets.QGraphicsSimpleTextItem()
        self._label.setZValue(10)
        self._label.setBrush(QtGui.QColor("#1a1a1a"))
        self.text_editor: InPlaceText | None = None  # the text being edited in place
        self._edited: Markup | None = None  # its markup (a new one: not added until the text is kept)
        self._edited_is_new = False
        self._edited_view: tuple[int, int] = (0, 0)  # page and turn it was opened on
        self._serial = asyncio.Lock()
        self.pending: set[asyncio.Task[Any]] = set()
        self._viewport = self.canvas.viewport()  # compared by identity: the canvas may be gone first
        self._viewport.installEventFilter(self)
        self._viewport.setMouseTracking(
            True
        )  # moves without a button: handles' cursors, a polyline's next side
        self.canvas.installEventFilter(self)
        self.canvas.viewChanged.connect(self._view_changed)

    # --- the tool -------------------------------------------------------------------------------------
    def set_tool(self, tool: Kind | None) -> None:
        self.finish_text(keep=True)
        self._cancel()
        self.tool = tool
        self._cursor_before = None
        self.canvas.setDragMode(
            QtWidgets.QGraphicsView.DragMode.ScrollHandDrag
            if tool is None
            else QtWidgets.QGraphicsView.DragMode.NoDrag
        )
        self.canvas.viewport().setCursor(
            Qt.CursorShape.ArrowCursor if tool is None else Qt.CursorShape.CrossCursor
        )
        self.toolChanged.emit(tool)

    def _cancel(self) -> None:
        self._points, self._strokes, self._drag_from, self._moving, self._grip = [], [], None, None, None
        self._show_preview(None)

    def _busy(self) -> bool:
        """A markup is being drawn, moved or reshaped (Esc drops it)."""
        return bool(self._points or self._strokes or self._drag_from or self._grip)

    # --- events ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if not self.active:
            return False
        if self.text_editor is not None:
            handled = self._while_editing_text(watched, event)
            if handled is not None:
                return handled
        if watched is self.canvas and kind == QtCore.QEvent.Type.ShortcutOverride:
            return self._claim_escape(event)  # type: ignore[arg-type]
        if watched is self.canvas and kind == QtCore.QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        if watched is not self._viewport or self.document_id is None:
            return False
        if kind == QtCore.QEvent.Type.MouseButtonPress:
            return self._press(event)  # type: ignore[arg-type]
        if kind == QtCore.QEvent.Type.MouseMove:
            return self._move(event)  # type: ignore[arg-type]
        if kind == QtCore.QEvent.Type.MouseButtonRelease:
            return self._release(event)  # type: ignore[arg-type]
        if kind == QtCore.QEvent.Type.MouseButtonDblClick and self.tool in CLICK_KINDS:
            self._finish_clicks()
            return True
        if kind == QtCore.QEvent.Type.MouseButtonDblClick and self.tool is None:
            return self._double_click(event)  # type: ignore[arg-type]
        return False

    def _claim_escape(self, event: QtGui.QKeyEvent) -> bool:
        """Esc while a markup is being drawn cancels it, and with one selected deselects it (it would
        otherwise close a drawing window, and the markups list with it)."""
        if event.key() == Qt.Key.Key_Escape and (self._busy() or self.layer.selected() is not None):
            event.accept()
            return True
        return False

    def set_active(self, active: bool) -> None:
        """Switch the tools on or off (off: selecting, nothing drawn, the canvas pans as without markups)."""
        self.set_tool(None)
        self.layer.select(None)
        self.active = active

    def _page_point(self, event: QtGui.QMouseEvent, snap_from: Point | None = None) -> Point:
        scene = self.canvas.mapToScene(event.position().toPoint())
        point = self.layer.page_point(scene)
        if snap_from is not None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            return snap45(snap_from, point)
        return point

    def _view_point(self, page: Point) -> QtCore.QPointF:
        return self.canvas.viewportTransform().map(self.canvas.page_to_scene(page))

    def _view_xy(self, page: Point) -> Point:
        v = self._view_point(page)
        return (v.x(), v.y())

    def grip_at(self, at: QtCore.QPointF) -> Grip | None:
        """The selected markup's handle under ``at`` (viewport pixels), the nearest if several."""
        m = self.layer.selected()
        item = self.layer.items.get(m.id) if m is not None else None
        if m is None or item is None or not item.isVisible() or m.page != self.canvas.current_page():
            return None
        near = [(math.dist((at.x(), at.y()), self._view_xy(g.at)), g) for g in grips(m)]
        near = [(d, g) for d, g in near if d <= GRAB_PIXELS]
        return min(near, key=lambda dg: dg[0])[1] if near else None

    def _press(self, event: QtGui.QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.canvas.setFocus()
        if self.tool is None:
            grip = self.grip_at(event.position())
            if grip is not None:  # a handle of the selected markup: reshape it
                self._moving, self._grip = self.layer.selected(), grip
                return True
            hit = self.layer.hit(self.canvas.mapToScene(event.position().toPoint()))
            self.layer.select(hit.id if hit else None)
            if hit is None:
                return False  # the press pans the drawing
            self._moving, self._drag_from = hit, self._page_point(event)
            return True
        point = self._page_point(event, self._points[-1] if self._points else None)
        if self.tool in CLICK_KINDS:
            self._points.append(point)
        elif self.tool == Kind.INK:
            self._strokes.append([point])
        else:
            self._drag_from = point
        self._update_preview(point)
        return True

    def _reshaped(self, event: QtGui.QMouseEvent) -> Markup:
        assert self._moving is not None and self._grip is not None
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        return dragged(self._moving, self._grip, self._page_point(event), snap=shift)

    def _move(self, event: QtGui.QMouseEvent) -> bool:
        if self.tool is None:
            if self._grip is not None:
                draft = self._reshaped(event)
                self._show_live(draft, self._page_point(event))
                return True
            if self._moving is None or self._drag_from is None:
                self._hover(event)
                return False
            p = self._page_point(event)
            self._show_preview(self._moving.moved(p[0] - self._drag_from[0], p[1] - self._drag_from[1]))
            return True
        if self.tool == Kind.INK:
            if self._strokes and event.buttons() & Qt.MouseButton.LeftButton:
                self._strokes[-1].append(self._page_point(event))
                self._update_preview(self._strokes[-1][-1])
            return True
        origin = (
            self._drag_from if self._drag_from is not None else (self._points[-1] if self._points else None)
        )
        if origin is not None:
            self._update_preview(self._page_point(event, origin))
        return True

    def _hover(self, event: QtGui.QMouseEvent) -> None:
        """Over a handle the pointer says what dragging does (resize this way, move the vertex)."""
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        grip, m = self.grip_at(event.position()), self.layer.selected()
        if grip is not None and m is not None:
            if self._cursor_before is None:
                self._cursor_before = self._viewport.cursor()
            self._viewport.setCursor(cursor_for(grip, m, self._view_point))
        elif self._cursor_before is not None:  # off the handle: the tool's (or zoom tool's) pointer again
            self._viewport.setCursor(self._cursor_before)
            self._cursor_before = None

    def _release(self, event: QtGui.QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self.tool is None:
            if self._grip is not None and self._moving is not None:
                before, after, grip = self._moving, self._reshaped(event), self._grip
                self._cancel()
                if after != before:
                    text = self.tr("Ändra storlek") if grip.role == "box" else self.tr("Flytta punkt")
                    self.change(before, after, text)
                return True
            if self._moving is None or self._drag_from is None:
                return False
            p = self._page_point(event)
            dx, dy = p[0] - self._drag_from[0], p[1] - self._drag_from[1]
            before = self._moving
            self._cancel()
            if math.hypot(dx, dy) >= MIN_DRAG_POINTS / max(self.canvas.zoom, 1e-6):
                self.change(before, before.moved(dx, dy), self.tr("Flytta markering"))
            return True
        if self.tool == Kind.INK:
            if self._strokes:
                self.add(self._draft(Kind.INK, strokes=tuple(tuple(s) for s in self._strokes)))
            self._cancel()
            return True
        if self.tool in CLICK_KINDS or self._drag_from is None:
            return True
        start = self._drag_from
        end = self._page_point(event, start)
        self._drag_from = None
        self._show_preview(None)
        if math.dist(start, end) >= MIN_DRAG_POINTS:
            markup = self._shape(start, end)
            if markup is not None and markup.kind in (Kind.TEXT, Kind.CALLOUT) and not markup.text:
                self.edit_text(markup, new=True)  # no text in the tool bar: type it in the box
            elif markup is not None:
                self.add(markup)
        return True

    def _double_click(self, event: QtGui.QMouseEvent) -> bool:
        hit = self.layer.hit(self.canvas.mapToScene(event.position().toPoint()))
        if hit is None or hit.kind not in TEXT_KINDS:
            return False
        self._cancel()
        self.layer.select(hit.id)
        return self.edit_text(hit)

    def _key(self, event: QtGui.QKeyEvent) -> bool:
        key = event.key()
        selected = self.layer.selected()
        if key == Qt.Key.Key_Escape and self._busy():
            self._cancel()
            return True
        if key == Qt.Key.Key_Escape and selected is not None:
            self.layer.select(None)  # a second Esc closes the window
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tool in CLICK_KINDS:
            self._finish_clicks()
            return True
        if selected is None or self._busy():
            return False
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete(selected)
            return True
        if key == Qt.Key.Key_F2 and selected.kind in TEXT_KINDS:
            return self.edit_text(selected)
        if key in NUDGE and self.tool is None and selected.page == self.canvas.current_page():
            self.nudge(selected, *NUDGE[Qt.Key(key)], NUDGE_SHIFT if event.modifiers() & SHIFT else 1.0)
            return True
        return False

    def nudge(self, m: Markup, right: int, down: int, points: float) -> None:
        """Move ``m`` ``points`` along the screen's right/down (the view may be turned): one change."""
        origin = self.canvas.scene_to_page(QtCore.QPointF(0, 0))
        to = self.canvas.scene_to_page(QtCore.QPointF(right * points, down * points))
        self.change(m, m.moved(to.x() - origin.x(), to.y() - origin.y()), self.tr("Flytta markering"))

    def _finish_clicks(self) -> None:
        points = [p for i, p in enumerate(self._points) if i == 0 or math.dist(p, self._points[i - 1]) > 0.5]
        least = 2 if self.tool == Kind.POLYLINE else 3
        if self.tool is not None and len(points) >= least:
            self.add(self._draft(self.tool, points=tuple(points)))
        self._cancel()

    # --- text in place --------------------------------------------------------------------------------
    def edit_text(self, m: Markup, *, new: bool = False) -> bool:
        """Open the in-place editor over ``m``'s box (``new``: a markup not added yet, added when its text
        is kept). True when it opened."""
        if m.kind not in TEXT_KINDS or m.rect is None or m.page != self.canvas.current_page():
            return False
        self.finish_text(keep=True)
        x0, y0, x1, y1 = m.rect
        box = QtCore.QRectF(self.canvas.page_to_scene((x0, y1)), self.canvas.page_to_scene((x1, y0)))
        editor = InPlaceText(m.text, box.normalized(), m.color, 8)
        self.text_editor, self._edited, self._edited_is_new = editor, m, new
        self._edited_view = (self.canvas.current_page(), self.canvas.rotation)
        if new:
            self._show_preview(m)  # the box (and a callout's leader) while its text is typed
        self.canvas.scene().addItem(editor)
        editor.left.connect(lambda: self.finish_text(keep=True))
        self.canvas.setFocus()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def finish_text(self, *, keep: bool) -> None:
        """Close the in-place editor: ``keep`` its text as one undoable change (a new markup: added, unless
        left empty), or drop it."""
        editor, m, new = self.text_editor, self._edited, self._edited_is_new
        if editor is None or m is None:
            return
        self.text_editor, self._edited, self._edited_is_new = None, None, False
        if not (self._alive() and shiboken6.isValid(self.canvas) and shiboken6.isValid(editor)):
            return  # the window is being taken down (what it showed went with it)
        text = editor.text()
        if editor.scene() is not None:
            editor.scene().removeItem(editor)
        if new:
            self._show_preview(None)
        self.canvas.setFocus()
        if not keep:
            return
        if new:
            if text.strip():
                self.add(replace(m, text=text))
            return
        now = self.layer.markups.get(m.id)  # as it is now (a sync may have read it again meanwhile)
        if now is not None and now.text != text:
            self.change(now, replace(now, text=text), self.tr("Ändra text"))

    def _while_editing_text(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool | None:
        """Keys go to the text (Enter keeps it, Shift+Enter breaks the line, Esc drops it); a press
        outside it keeps it and then does what it does. None: not the text editor's business."""
        editor = self.text_editor
        assert editor is not None
        kind = event.type()
        if watched is self.canvas and kind == QtCore.QEvent.Type.Hide:
            self.finish_text(keep=True)  # the window closes (or the markups are hidden): the text is kept
            return False
        if watched is self.canvas and kind == QtCore.QEvent.Type.ShortcutOverride:
            assert isinstance(event, QtGui.QKeyEvent)
            mods = event.modifiers() & ~(SHIFT | Qt.KeyboardModifier.KeypadModifier)
            if mods == Qt.KeyboardModifier.NoModifier or (
                mods == Qt.KeyboardModifier.ControlModifier and event.key() in TEXT_CTRL_KEYS
            ):
                event.accept()  # typing, not the window's shortcuts (tool letters, Esc closing it, undo)
                return True
            return False
        if watched is self.canvas and kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
            assert isinstance(event, QtGui.QKeyEvent)
            if kind == QtCore.QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.finish_text(keep=False)
                return True
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if kind == QtCore.QEvent.Type.KeyPress and enter and not event.modifiers() & SHIFT:
                self.finish_text(keep=True)
                return True
            self.canvas.scene().sendEvent(editor, event)  # straight to the text (the canvas pans on space)
            return True
        if watched is self._viewport and kind in (
            QtCore.QEvent.Type.MouseButtonPress,
            QtCore.QEvent.Type.MouseButtonDblClick,
        ):
            assert isinstance(event, QtGui.QMouseEvent)
            scene = self.canvas.mapToScene(event.position().toPoint())
            if editor.sceneBoundingRect().contains(scene):
                return False  # placing the cursor, selecting words: the text item's own
            self.finish_text(keep=True)
        elif watched is self._viewport and self.canvas.scene().mouseGrabberItem() is editor:
            return False  # the rest of a press in the text (selecting by dragging)
        return None

    def _view_changed(self, zoom: float, centre: QtCore.QPointF, rotation: int, page: int) -> None:
        if self.text_editor is not None and (page, self.canvas.rotation) != self._edited_view:
            self.finish_text(keep=True)  # another page or turn: the box is elsewhere now

    # --- colour and width of the selected markup -------------------------------------------------------
    def set_colour(self, colour: str) -> None:
        """The tool bar's colour: for what is drawn next, and the selected markup's (one change)."""
        self.colour = colour
        m = self._restylable()
        if m is not None and m.color != colour:
            self.change(m, replace(m, color=colour), self.tr("Ändra färg"))

    def set_width(self, width: float) -> None:
        """The tool bar's line width: for what is drawn next, and the selected markup's (its steps in a
        row are one change)."""
        self.width = width
        m = self._restylable()
        if m is not None and m.width != width:
            self.undo_stack.push(WidthCommand(self, m, replace(m, width=width), self.tr("Ändra linjebredd")))

    def _restylable(self) -> Markup | None:
        m = self.layer.selected()
        if self.tool is not None or m is None or m.kind == Kind.CALIBRATION:  # its look says what it is
            return None
        return m

    # --- shapes ---------------------------------------------------------------------------------------
    def _draft(self, kind: Kind, **shape: Any) -> Markup:
        text = self.stamp if kind == Kind.STAMP else (self.text if kind in (Kind.TEXT, Kind.CALLOUT) else "")
        scale = MarkupScale(length=self.known_length, unit=LengthUnit.M) if kind == Kind.CALIBRATION else None
        now = dt.datetime.now(dt.UTC)
        colour = self.colour
        if kind == Kind.CALIBRATION:
            colour = "#6a1b9a"
        elif kind == Kind.STAMP:
            colour = STAMP_COLOURS.get(text, self.colour)  # a standard stamp in its own colour
        return Markup(
            id=f"draft-{uuid.uuid4().hex}", page=self.canvas.current_page(), kind=kind, text=text,
            color=colour, width=self.width,
            author=self.author, created=now, modified=now, document_sha256=self.document_sha256,
            scale=scale, **shape,
        )  # fmt: skip

    def _shape(self, start: Point, end: Point) -> Markup | None:
        kind = self.tool
        if kind is None:
            return None
        if kind in DRAG_KINDS:
            rect = normal_rect((*start, *end))
            if kind == Kind.CLOUD:
                x0, y0, x1, y1 = rect
                return self._draft(kind, points=((x0, y0), (x1, y0), (x1, y1), (x0, y1)))
            return self._draft(kind, rect=rect)
        if kind == Kind.CALLOUT:  # from what it points at to where its box goes
            w, h = CALLOUT_BOX
            return self._draft(kind, anchor=start, rect=normal_rect((end[0], end[1], end[0] + w, end[1] + h)))
        return self._draft(kind, points=(start, end))

    def _current_draft(self, point: Point) -> Markup | None:
        if self.tool == Kind.INK:
            strokes = tuple(tuple(s) for s in self._strokes if s)
            return self._draft(Kind.INK, strokes=strokes) if strokes else None
        if self.tool in CLICK_KINDS:
            points = (*self._points, point)
            if len(points) < 2:
                return None
            return self._draft(Kind.POLYLINE if len(points) < 3 else self.tool, points=points)  # type: ignore[arg-type]
        if self._drag_from is None:
            return None
        return self._shape(self._drag_from, point)

    def _update_preview(self, point: Point) -> None:
        self._show_live(self._current_draft(point), point)

    def _show_live(self, draft: Markup | None, point: Point) -> None:
        """``draft`` as it would be, and a measurement's value beside the pointer at ``point``."""
        self._show_preview(draft)
        value = measure(draft, self.layer.calibration(draft.page)) if draft is not None else None
        if draft is not None and draft.kind in (Kind.DISTANCE, Kind.AREA):
            self.live_value = value.text() if value is not None else self.tr("Ej kalibrerad")
        else:
            self.live_value = ""
        self._label.setText(self.live_value)
        self._label.setPos(self.canvas.page_to_scene(point) + QtCore.QPointF(8, 8))
        self.liveValueChanged.emit(self.live_value)

    def _show_preview(self, draft: Markup | None) -> None:
        from ui.markups.layer import MarkupItem

        scene = self.canvas.scene()
        if self._preview is not None:
            scene.removeItem(self._preview)
            self._preview = None
        if draft is None:
            if self._label.scene() is not None:
                scene.removeItem(self._label)
            return
        self._preview = MarkupItem(draft, self.canvas, self.layer.calibration(draft.page))
        self._preview.setOpacity(0.7)
        scene.addItem(self._preview)
        if self._label.scene() is None:
            scene.addItem(self._label)

    # --- changes, each one undoable and sent through the outbox ---------------------------------------
    def add(self, markup: Markup) -> None:
        self.undo_stack.push(AddCommand(self, markup, self.tr("Ny markering")))

    def delete(self, markup: Markup) -> None:
        self.undo_stack.push(DeleteCommand(self, markup, self.tr("Ta bort markering")))

    def change(self, before: Markup, after: Markup, text: str) -> None:
        self.undo_stack.push(ChangeCommand(self, before, after, text))

    def _alive(self) -> bool:
        """The editor and its layer are still there (the window may have closed while a write ran)."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.layer)

    def queue_write(self, make: Callable[[], Awaitable[Any]]) -> None:
        async def in_order() -> Any:
            async with self._serial:  # the writes reach the outbox in the order the user made them
                return await make()

        # owned by the application, not the window: closing the window must not cancel the write; and
        # signing out or quitting waits for it (must_finish)
        task = run_op(
            QtCore.QCoreApplication.instance(), in_order(), on_failure=self._not_sent, must_finish=True
        )
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    def _not_sent(self, exc: BaseException) -> None:
        if self._alive():
            self.failed.emit(str(exc))
            return
        log.warning("a markup write failed after its window closed: %s", type(exc).__name__)
        show_error(None, user_message(exc) or str(exc))

    def send_add(self, markup: Markup, handle: Handle) -> None:
        document_id = self.document_id
        shown = replace(markup, id=handle.id)
        self.layer.put(shown)

        async def write() -> None:
            assert document_id is not None
            item = await self.writes.add_annotation(document_id, markup.to_input())
            stored = f"local-{item.id}"
            if self._alive() and handle.id in self.layer.markups:  # not undone meanwhile
                self.layer.put(replace(markup, id=stored), replaces=handle.id)
            handle.id = stored

        self.queue_write(write)

    def send_delete(self, handle: Handle) -> None:
        self.layer.remove(handle.id)
        self.queue_write(lambda: self.writes.delete_annotation(handle.id))

    def send_update(self, markup: Markup) -> None:
        self.layer.put(markup)
        if markup.kind == Kind.CALIBRATION:
            self.layer.rebuild()  # the page's scale moved: every measurement's value with it
        self.queue_write(lambda: self.writes.update_annotation(markup.id, markup.to_input()))

    def set_status(self, markup_id: str, status: AnnotationStatus) -> None:
        m = self.layer.markups.get(markup_id)
        if m is not None:
            self.layer.put(replace(m, status=status))
        self.queue_write(lambda: self.writes.set_annotation_status(markup_id, status))

    def reply(self, markup_id: str, text: str) -> None:
        from caseworker.markups import Reply

        m = self.layer.markups.get(markup_id)
        if m is not None:
            reply = Reply(f"draft-{uuid.uuid4().hex}", self.author, text, dt.datetime.now(dt.UTC))
            self.layer.put(replace(m, replies=(*m.replies, reply)))
        self.queue_write(lambda: self.writes.reply_to_annotation(markup_id, text))
