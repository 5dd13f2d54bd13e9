"""Drawing, selecting, moving and removing markups on the canvas, with undo and redo; every change goes
through the outbox (the sync engine's markup writes), online or offline.

A tool per kind (tool bar and keys). Dragging draws rectangles, ellipses, clouds, highlights, text boxes,
stamps, lines, arrows, distances and calibrations; polylines, polygons and areas take a click per corner and
end with a double click or Enter; ink follows the pointer. Shift snaps a segment to 45°. A measurement shows
its value beside the pointer while it is drawn. The selection tool picks the markup under the pointer
(the core's spatial index), drags it, and Delete removes it.

Undo and redo are QUndoCommands whose every step is one more outbox write (an undone markup is removed
through the outbox, a redone one added again), sent in order. Commands name markups by the id the store
gave them (``local-<outbox item>`` until the platform answers); after the markups are read again from the
store (a sync), the undo history starts afresh.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Protocol

from caseworker.domain.models import AnnotationInput, AnnotationStatus, LengthUnit, MarkupScale
from caseworker.markups import Kind, Markup, measure
from caseworker.markups.model import STAMP_LABELS, Point, normal_rect
from caseworker.store import OutboxItem
from ui.markups.layer import MarkupLayer
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtWidgets

DRAG_KINDS = frozenset({Kind.RECTANGLE, Kind.ELLIPSE, Kind.CLOUD, Kind.HIGHLIGHT, Kind.TEXT, Kind.STAMP})
TWO_POINT_KINDS = frozenset({Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.CALIBRATION, Kind.CALLOUT})
CLICK_KINDS = frozenset({Kind.POLYLINE, Kind.POLYGON, Kind.AREA})
MIN_DRAG_POINTS = 2.0  # a shorter drag is a click, not a markup
CALLOUT_BOX = (140.0, 40.0)


class MarkupWrites(Protocol):
    """What the editor sends: the sync engine's markup writes (each one outbox item)."""

    async def add_annotation(self, document_id: str, annotation: AnnotationInput) -> OutboxItem: ...
    async def update_annotation(self, annotation_id: str, annotation: AnnotationInput) -> OutboxItem: ...
    async def delete_annotation(self, annotation_id: str) -> OutboxItem: ...
    async def set_annotation_status(self, annotation_id: str, status: AnnotationStatus) -> OutboxItem: ...
    async def reply_to_annotation(self, annotation_id: str, text: str) -> OutboxItem: ...


def snap45(origin: Point, point: Point) -> Point:
    """``point`` moved onto the nearest multiple of 45° around ``origin`` (same distance)."""
    dx, dy = point[0] - origin[0], point[1] - origin[1]
    length = math.hypot(dx, dy)
    angle = round(math.atan2(dy, dx) / (math.pi / 4)) * (math.pi / 4)
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


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
        self._preview: QtWidgets.QGraphicsPathItem | None = None
        self._label = QtWidgets.QGraphicsSimpleTextItem()
        self._label.setZValue(10)
        self._label.setBrush(QtGui.QColor("#1a1a1a"))
        self._serial = asyncio.Lock()
        self.pending: set[asyncio.Task[Any]] = set()
        self._viewport = self.canvas.viewport()  # compared by identity: the canvas may be gone first
        self._viewport.installEventFilter(self)
        self.canvas.installEventFilter(self)

    # --- the tool -------------------------------------------------------------------------------------
    def set_tool(self, tool: Kind | None) -> None:
        self._cancel()
        self.tool = tool
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
        self._points, self._strokes, self._drag_from, self._moving = [], [], None, None
        self._show_preview(None)

    # --- events ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if not self.active:
            return False
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
        return False

    def _claim_escape(self, event: QtGui.QKeyEvent) -> bool:
        """Esc while a markup is being drawn cancels it (it would otherwise close a drawing window)."""
        if event.key() == Qt.Key.Key_Escape and (self._points or self._strokes or self._drag_from):
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

    def _press(self, event: QtGui.QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.canvas.setFocus()
        if self.tool is None:
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

    def _move(self, event: QtGui.QMouseEvent) -> bool:
        if self.tool is None:
            if self._moving is None or self._drag_from is None:
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

    def _release(self, event: QtGui.QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self.tool is None:
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
            if markup is not None:
                self.add(markup)
        return True

    def _key(self, event: QtGui.QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape and (self._points or self._strokes or self._drag_from):
            self._cancel()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tool in CLICK_KINDS:
            self._finish_clicks()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.layer.selected() is not None:
            self.delete(self.layer.selected())  # type: ignore[arg-type]
            return True
        return False

    def _finish_clicks(self) -> None:
        points = [p for i, p in enumerate(self._points) if i == 0 or math.dist(p, self._points[i - 1]) > 0.5]
        least = 2 if self.tool == Kind.POLYLINE else 3
        if self.tool is not None and len(points) >= least:
            self.add(self._draft(self.tool, points=tuple(points)))
        self._cancel()

    # --- shapes ---------------------------------------------------------------------------------------
    def _draft(self, kind: Kind, **shape: Any) -> Markup:
        text = self.stamp if kind == Kind.STAMP else (self.text if kind in (Kind.TEXT, Kind.CALLOUT) else "")
        scale = MarkupScale(length=self.known_length, unit=LengthUnit.M) if kind == Kind.CALIBRATION else None
        now = dt.datetime.now(dt.UTC)
        return Markup(
            id=f"draft-{uuid.uuid4().hex}", page=self.canvas.current_page(), kind=kind, text=text,
            color="#6a1b9a" if kind == Kind.CALIBRATION else self.colour, width=self.width,
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
        draft = self._current_draft(point)
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

    def _send(self, make: Callable[[], Awaitable[Any]]) -> None:
        async def in_order() -> Any:
            async with self._serial:  # the writes reach the outbox in the order the user made them
                return await make()

        task = run_op(self.parent(), in_order(), on_failure=lambda exc: self.failed.emit(str(exc)))  # type: ignore[arg-type]
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    def send_add(self, markup: Markup, handle: Handle) -> None:
        document_id = self.document_id
        shown = replace(markup, id=handle.id)
        self.layer.put(shown)

        async def write() -> None:
            assert document_id is not None
            item = await self.writes.add_annotation(document_id, markup.to_input())
            stored = f"local-{item.id}"
            if handle.id in self.layer.markups:  # not undone meanwhile
                self.layer.put(replace(markup, id=stored), replaces=handle.id)
            handle.id = stored

        self._send(write)

    def send_delete(self, handle: Handle) -> None:
        self.layer.remove(handle.id)
        self._send(lambda: self.writes.delete_annotation(handle.id))

    def send_update(self, markup: Markup) -> None:
        self.layer.put(markup)
        self._send(lambda: self.writes.update_annotation(markup.id, markup.to_input()))

    def set_status(self, markup_id: str, status: AnnotationStatus) -> None:
        m = self.layer.markups.get(markup_id)
        if m is not None:
            self.layer.put(replace(m, status=status))
        self._send(lambda: self.writes.set_annotation_status(markup_id, status))

    def reply(self, markup_id: str, text: str) -> None:
        from caseworker.markups import Reply

        m = self.layer.markups.get(markup_id)
        if m is not None:
            reply = Reply(f"draft-{uuid.uuid4().hex}", self.author, text, dt.datetime.now(dt.UTC))
            self.layer.put(replace(m, replies=(*m.replies, reply)))
        self._send(lambda: self.writes.reply_to_annotation(markup_id, text))
