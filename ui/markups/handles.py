"""The handles of the selected markup: what can be dragged (a box's corners and edge midpoints, a shape's
vertices, a callout's leader end), what dragging one makes of the markup, and the small items that show
them at the same screen size at any zoom.

The geometry is in page points (the core's model); the editor picks a handle by its distance on screen,
so the items only show where the handles are (they take no mouse events).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from caseworker.markups.model import RECT_KINDS, Kind, Markup, Point, Rect
from caseworker.markups.shapes import leader_corner
from ui.qt import Qt, QtCore, QtGui, QtWidgets

HANDLE_PIXELS = 8.0  # a handle's size on screen, at any zoom
GRAB_PIXELS = 7.0  # how near a handle's centre the pointer must be to take it
MIN_SIZE = 2.0  # points: a box is never resized below this
HANDLE_COLOUR = QtGui.QColor("#0078d4")  # the selection's blue
VERTEX_KINDS = frozenset({Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION,
                          Kind.POLYLINE, Kind.POLYGON, Kind.AREA, Kind.CLOUD})  # fmt: skip
CLOSED = frozenset({Kind.POLYGON, Kind.AREA, Kind.CLOUD})
# a box's handles as fractions of its width and height from (x0, y0): corners, then edge midpoints
BOX_HANDLES = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5))


@dataclass(frozen=True)
class Grip:
    """One handle: ``role`` "box" (index into BOX_HANDLES), "vertex" (index into points) or "anchor"."""

    role: str
    index: int
    at: Point


def snap45(origin: Point, point: Point) -> Point:
    """``point`` moved onto the nearest multiple of 45° around ``origin`` (same distance)."""
    dx, dy = point[0] - origin[0], point[1] - origin[1]
    length = math.hypot(dx, dy)
    angle = round(math.atan2(dy, dx) / (math.pi / 4)) * (math.pi / 4)
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


def grips(m: Markup) -> list[Grip]:
    """The handles of ``m`` (ink has none: it is moved, not reshaped)."""
    out: list[Grip] = []
    if m.kind in RECT_KINDS and m.rect is not None:
        x0, y0, x1, y1 = m.rect
        w, h = x1 - x0, y1 - y0
        out += [Grip("box", i, (x0 + fx * w, y0 + fy * h)) for i, (fx, fy) in enumerate(BOX_HANDLES)]
    if m.kind in VERTEX_KINDS:
        out += [Grip("vertex", i, p) for i, p in enumerate(m.points)]
    if m.kind == Kind.CALLOUT and m.anchor is not None:
        out.append(Grip("anchor", 0, m.anchor))
    return out


def resized(rect: Rect, index: int, to: Point) -> Rect:
    """``rect`` with its handle ``index`` dragged to ``to``; the opposite side stays, never crossed."""
    fx, fy = BOX_HANDLES[index]
    x0, y0, x1, y1 = rect
    if fx == 0.0:
        x0 = min(to[0], x1 - MIN_SIZE)
    elif fx == 1.0:
        x1 = max(to[0], x0 + MIN_SIZE)
    if fy == 0.0:
        y0 = min(to[1], y1 - MIN_SIZE)
    elif fy == 1.0:
        y1 = max(to[1], y0 + MIN_SIZE)
    return (x0, y0, x1, y1)


def neighbour(m: Markup, index: int) -> Point:
    """The vertex a dragged one snaps around: the one before it (a closed shape's last for its first)."""
    if index > 0 or m.kind in CLOSED:
        return m.points[index - 1]
    return m.points[1]


def dragged(m: Markup, grip: Grip, to: Point, snap: bool = False) -> Markup:
    """``m`` with ``grip`` dragged to ``to``; ``snap``: a vertex or leader end onto 45° steps."""
    if grip.role == "box" and m.rect is not None:
        return replace(m, rect=resized(m.rect, grip.index, to))
    if grip.role == "anchor" and m.rect is not None and m.anchor is not None:
        return replace(m, anchor=snap45(leader_corner(m.rect, m.anchor), to) if snap else to)
    if grip.role == "vertex" and len(m.points) > max(1, grip.index):
        point = snap45(neighbour(m, grip.index), to) if snap else to
        points = list(m.points)
        points[grip.index] = point
        if len(points) == 2 and math.dist(*points) < MIN_SIZE:
            return m  # a line, distance or calibration never shrinks to a point (a scale needs a length)
        return replace(m, points=tuple(points))
    return m


def cursor_for(grip: Grip, m: Markup, to_view: Callable[[Point], QtCore.QPointF]) -> Qt.CursorShape:
    """The pointer over ``grip``: a resize arrow along the way the handle moves the box on screen (the view
    may be turned), or the four-way arrow for a vertex."""
    if grip.role != "box" or m.rect is None:
        return Qt.CursorShape.SizeAllCursor
    x0, y0, x1, y1 = m.rect
    centre, at = to_view(((x0 + x1) / 2, (y0 + y1) / 2)), to_view(grip.at)
    dx, dy = at.x() - centre.x(), at.y() - centre.y()
    sideways, upright = abs(dx) > 0.5, abs(dy) > 0.5
    if sideways and upright:
        return Qt.CursorShape.SizeFDiagCursor if (dx > 0) == (dy > 0) else Qt.CursorShape.SizeBDiagCursor
    return Qt.CursorShape.SizeHorCursor if sideways else Qt.CursorShape.SizeVerCursor


def add_handles(
    parent: QtWidgets.QGraphicsItem, m: Markup, to_scene: Callable[[Point], QtCore.QPointF]
) -> None:
    """Show the handles of ``m`` as children of ``parent`` (gone with it): squares resize a box, circles
    move a vertex or a leader end. They ignore the view's zoom, so they keep their size on screen."""
    half = HANDLE_PIXELS / 2
    shape = QtCore.QRectF(-half, -half, HANDLE_PIXELS, HANDLE_PIXELS)
    pen = QtGui.QPen(HANDLE_COLOUR, 1)
    for grip in grips(m):
        item: QtWidgets.QAbstractGraphicsShapeItem = (
            QtWidgets.QGraphicsRectItem(shape, parent)
            if grip.role == "box"
            else QtWidgets.QGraphicsEllipseItem(shape, parent)
        )
        item.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        item.setPen(pen)
        item.setBrush(Qt.GlobalColor.white)
        item.setPos(parent.mapFromScene(to_scene(grip.at)))
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setData(0, grip.role)
