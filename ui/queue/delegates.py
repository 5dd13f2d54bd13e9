"""Painting for the queue: the municipality colour mark and the bookmark / outbox markers.

Everything is drawn as vectors into a pixmap per size (QIcon picks the one for the screen's scale), so
it stays crisp at 100-300 %; icons are cached, so painting a cell calls no Python.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from ui.qt import Qt, QtCore, QtGui

Draw = Callable[[QtGui.QPainter, QtCore.QRectF], None]

BOOKMARK_COLOUR = QtGui.QColor("#e0a100")
PENDING_COLOUR = QtGui.QColor("#1f6fd1")
PROBLEM_COLOUR = QtGui.QColor("#d32f2f")


ICON_SIZES = (12, 14, 16, 20, 24, 28, 32, 42, 48)  # 12-16 px at 100-300 % screen scale


def painted_icon(draw: Draw) -> QtGui.QIcon:
    """An icon drawn as vectors into a pixmap per size (QIcon picks the one for the screen's scale).

    Plain pixmaps rather than a Python QIconEngine subclass: cached icons outlive widgets, and a Python
    engine deleted after the QApplication at interpreter exit crashes in the binding.
    """
    icon = QtGui.QIcon()
    for size in ICON_SIZES:
        pixmap = QtGui.QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        draw(painter, QtCore.QRectF(0, 0, size, size))
        painter.end()
        _add(icon, pixmap)
    return icon


def _add(icon: QtGui.QIcon, pixmap: QtGui.QPixmap) -> None:
    """The same pixmap for the normal and the selected look (the style would tint a selected one)."""
    icon.addPixmap(pixmap, QtGui.QIcon.Mode.Normal)
    icon.addPixmap(pixmap, QtGui.QIcon.Mode.Selected)
    icon.addPixmap(pixmap, QtGui.QIcon.Mode.Active)


def draw_colour_square(colour: QtGui.QColor) -> Draw:
    def draw(painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        side = min(rect.width(), rect.height()) * 0.78
        square = QtCore.QRectF(0, 0, side, side)
        square.moveCenter(rect.center())
        painter.setPen(QtGui.QPen(colour.darker(135), max(1.0, side / 12)))
        painter.setBrush(colour)
        painter.drawRoundedRect(square, side / 5, side / 5)

    return draw


@functools.cache
def colour_square_icon(colour: str) -> QtGui.QIcon:
    """A small rounded square in a municipality's primary colour (with a darker edge for light colours)."""
    return painted_icon(draw_colour_square(QtGui.QColor(colour)))


def _star(rect: QtCore.QRectF) -> QtGui.QPolygonF:
    centre, outer = rect.center(), min(rect.width(), rect.height()) / 2
    inner = outer * 0.45
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(
            QtCore.QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        )
    return QtGui.QPolygonF(points)


def draw_bookmark(painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
    painter.setPen(QtGui.QPen(BOOKMARK_COLOUR.darker(140), 1.0))
    painter.setBrush(BOOKMARK_COLOUR)
    painter.drawPolygon(_star(rect.adjusted(0.5, 0.5, -0.5, -0.5)))


def draw_pending(painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
    """A blue disc with an upward arrow: changes wait in the outbox."""
    side = min(rect.width(), rect.height()) - 1
    disc = QtCore.QRectF(0, 0, side, side)
    disc.moveCenter(rect.center())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PENDING_COLOUR)
    painter.drawEllipse(disc)
    c, s = disc.center(), side
    pen = QtGui.QPen(QtGui.QColor("white"), max(1.2, s / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawLine(QtCore.QPointF(c.x(), c.y() + s * 0.25), QtCore.QPointF(c.x(), c.y() - s * 0.22))
    painter.drawPolyline(
        QtGui.QPolygonF(
            [
                QtCore.QPointF(c.x() - s * 0.2, c.y() - s * 0.02),
                QtCore.QPointF(c.x(), c.y() - s * 0.24),
                QtCore.QPointF(c.x() + s * 0.2, c.y() - s * 0.02),
            ]
        )
    )


def draw_problem(painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
    """A red triangle with an exclamation mark: a change was refused or conflicts and needs the user."""
    s = min(rect.width(), rect.height())
    c = rect.center()
    triangle = QtGui.QPolygonF(
        [
            QtCore.QPointF(c.x(), c.y() - s * 0.46),
            QtCore.QPointF(c.x() + s * 0.5, c.y() + s * 0.42),
            QtCore.QPointF(c.x() - s * 0.5, c.y() + s * 0.42),
        ]
    )
    edge = QtGui.QPen(PROBLEM_COLOUR, 1.0)
    edge.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(edge)
    painter.setBrush(PROBLEM_COLOUR)
    painter.drawPolygon(triangle)
    pen = QtGui.QPen(QtGui.QColor("white"), max(1.2, s / 9))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QtCore.QPointF(c.x(), c.y() - s * 0.16), QtCore.QPointF(c.x(), c.y() + s * 0.12))
    painter.drawPoint(QtCore.QPointF(c.x(), c.y() + s * 0.28))


@functools.cache
def marker_icon(kind: str) -> QtGui.QIcon:
    """The marker of ``kind`` ("bookmark", "pending", "problem") as an icon (menus, legends)."""
    draw = {"bookmark": draw_bookmark, "pending": draw_pending, "problem": draw_problem}[kind]
    return painted_icon(draw)


MARKER_SLOT = 14  # px per marker at 100 %
MARKER_GAP = 3
MARKERS_WIDTH = 3 * MARKER_SLOT + 2 * MARKER_GAP


@functools.cache
def markers_icon(bookmarked: bool, pending: bool, problem: bool) -> QtGui.QIcon | None:
    """One wide icon with the row's markers in fixed slots (bookmark, pending writes, problem).

    An icon per combination (eight at most) rather than a delegate: painting a cell then needs no
    Python call, which matters when every visible row is painted on each scroll step.
    """
    if not (bookmarked or pending or problem):
        return None
    icon = QtGui.QIcon()
    for scale in (1, 1.5, 2, 3):
        slot, gap = MARKER_SLOT * scale, MARKER_GAP * scale
        pixmap = QtGui.QPixmap(round(MARKERS_WIDTH * scale), round(MARKER_SLOT * scale))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        x = 0.0
        for active, draw in ((bookmarked, draw_bookmark), (pending, draw_pending), (problem, draw_problem)):
            if active:
                draw(painter, QtCore.QRectF(x, 0, slot, slot))
            x += slot + gap
        painter.end()
        _add(icon, pixmap)
    return icon
