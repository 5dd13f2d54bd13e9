"""The markup layer: one QGraphicsItem per markup of the shown page, above the drawing (the canvas paints
the drawing in ``drawBackground``; markups are never baked into it).

Items are built in scene coordinates through the canvas's view API (``page_to_scene``), so they follow
turns; the shapes come from the core (``caseworker.markups.shapes``), as the PDF export's appearances do.
Hit-testing asks the core's spatial index of the page, not Qt's item search.

Panning over thousands of markups: Qt strokes a wide pen (wider than one device pixel: every markup at
100 %) anew at every paint, round joins and curves included, and a cloud's hundred arcs made that the
whole cost of a frame. So at ordinary zooms an item paints its outline pre-stroked: the area its pen
covers, computed once (``stroked``) and filled, which draws the same pixels. Zoomed in past
``DETAIL_ZOOM`` (few markups in view) the items stroke their exact outline again, so the flattened curves
never show as facets.
"""

from __future__ import annotations

from collections.abc import Iterable

from caseworker.markups import Calibration, Markup, MarkupIndex, page_calibration
from caseworker.markups.appearance import caption_of, caption_point, wrap
from caseworker.markups.model import Kind, Point
from caseworker.markups.shapes import Path, outline
from ui.drawings.canvas import POINT_PX, DrawingCanvas
from ui.markups.handles import add_handles
from ui.qt import Qt, QtCore, QtGui, QtWidgets

HIT_PIXELS = 5.0  # how near the pointer must be, in screen pixels
SELECTED = QtGui.QColor("#0078d4")
FILLED = {Kind.HIGHLIGHT: 0.35, Kind.AREA: 0.15}
DETAIL_ZOOM = 1.25  # above this zoom outlines are stroked at every paint, at or below it pre-stroked
HAIRLINE = 1.05  # device pixels: a pen this thin Qt strokes fast itself (and a filled outline would break up)
FLATTEN = 2.0  # the pre-stroked outline's curves are flattened as if twice as large (to 1/4 pt)


def qt_path(path: Path, to_scene: object) -> QtGui.QPainterPath:
    """Core path commands (page points) as a QPainterPath in scene coordinates."""
    out = QtGui.QPainterPath()
    for command in path:
        if command[0] == "Z":
            out.closeSubpath()
            continue
        points = [to_scene(p) for p in command[1:]]  # type: ignore[operator]
        if command[0] == "M":
            out.moveTo(points[0])
        elif command[0] == "L":
            out.lineTo(points[0])
        else:
            out.cubicTo(*points)
    return out


def page_transform(canvas: DrawingCanvas) -> QtGui.QTransform:
    """The canvas's page-to-scene mapping (a turn and a flip: affine) as one transform, so a path is
    mapped in one call instead of point by point in Python."""
    o = canvas.page_to_scene((0.0, 0.0))
    x = canvas.page_to_scene((1.0, 0.0)) - o
    y = canvas.page_to_scene((0.0, 1.0)) - o
    return QtGui.QTransform(x.x(), x.y(), y.x(), y.y(), o.x(), o.y())


def stroked(path: QtGui.QPainterPath, pen: QtGui.QPen) -> QtGui.QPainterPath:
    """The area ``pen`` covers along ``path``, flat (curves as short lines): filling it paints what
    stroking ``path`` paints, at a fraction of the cost (no stroker, no curves to flatten at each paint)."""
    area = QtGui.QPainterPath()
    area.setFillRule(Qt.FillRule.WindingFill)  # the pieces of a stroke overlap: their union
    grow = QtGui.QTransform.fromScale(FLATTEN, FLATTEN)
    for polygon in QtGui.QPainterPathStroker(pen).createStroke(path).toSubpathPolygons(grow):
        area.addPolygon(polygon)
    return QtGui.QTransform.fromScale(1 / FLATTEN, 1 / FLATTEN).map(area)


def _text_item(
    parent: QtWidgets.QGraphicsItem, text: str, colour: str, points: float, bold: bool = False
) -> QtWidgets.QGraphicsSimpleTextItem:
    item = QtWidgets.QGraphicsSimpleTextItem(text, parent)
    font = item.font()
    font.setPointSizeF(points * 72 / 96)  # scene units are points; Qt sizes fonts for 96 dpi
    font.setBold(bold)
    item.setFont(font)
    item.setBrush(QtGui.QColor(colour))
    # text is the dearest thing to draw at an arbitrary zoom: drawn once per zoom, reused while panning
    item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return item


class MarkupItem(QtWidgets.QGraphicsPathItem):
    """One markup as it will print: outline and fill (drawn by Qt itself), text, stamp label and measured
    value as child items. Nothing is painted in Python: panning over thousands of markups stays fast."""

    def __init__(self, markup: Markup, canvas: DrawingCanvas, calibration: Calibration | None) -> None:
        super().__init__()
        self.markup = markup
        self._canvas = canvas
        self._selection: QtWidgets.QGraphicsRectItem | None = None
        self.caption = caption_of(markup, calibration)
        self._line = page_transform(canvas).map(qt_path(outline(markup), lambda p: QtCore.QPointF(*p)))
        self._area: QtGui.QPainterPath | None = None  # the pre-stroked outline, made when first needed
        self.fine = True  # the outline stroked at every paint (False: the pre-stroked one filled)
        pen = QtGui.QPen(QtGui.QColor(markup.color), max(0.1, markup.width))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if markup.kind == Kind.CALIBRATION:
            pen.setStyle(Qt.PenStyle.DashLine)
        if markup.kind == Kind.HIGHLIGHT:
            pen = QtGui.QPen(Qt.PenStyle.NoPen)
        self._pen = pen
        self.setPath(self._line)
        self.setPen(pen)
        if markup.kind in FILLED:
            fill = QtGui.QColor(markup.color)
            fill.setAlphaF(FILLED[markup.kind])
            self.setBrush(fill)
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the editor decides what a click does
        self._children()
        self.fit_zoom(canvas.zoom)

    def fit_zoom(self, zoom: float) -> None:
        """Paint the outline the way that is both exact and fast at ``zoom``: pre-stroked (filled) where Qt
        would stroke a wide pen anew at every paint, stroked where Qt's own stroke is cheap or exactness
        shows: zoomed in past DETAIL_ZOOM, a pen one device pixel wide or less (Qt's fast hairline, which
        a filled outline that thin would break up), a filled markup (its fill needs the outline itself)."""
        self._set_fine(
            zoom > DETAIL_ZOOM
            or self._pen.widthF() * zoom * POINT_PX <= HAIRLINE
            or self.markup.kind in FILLED
            or self._pen.style() == Qt.PenStyle.NoPen
        )

    def _set_fine(self, fine: bool) -> None:
        if fine == self.fine:
            return
        self.fine = fine
        if fine:
            self.setPath(self._line)
            self.setPen(self._pen)
            self.setBrush(QtGui.QBrush())
        else:
            if self._area is None:
                self._area = stroked(self._line, self._pen)
            self.setPath(self._area)
            self.setPen(QtGui.QPen(Qt.PenStyle.NoPen))
            self.setBrush(self._pen.color())

    def _scene_rect(self) -> QtCore.QRectF:
        r = self.markup.rect or self.markup.bbox()
        to_scene = self._canvas.page_to_scene
        return QtCore.QRectF(to_scene((r[0], r[3])), to_scene((r[2], r[1]))).normalized()

    def _children(self) -> None:
        m = self.markup
        if m.kind in (Kind.TEXT, Kind.CALLOUT, Kind.STAMP) and m.rect:
            box = self._scene_rect()
            ground = QtWidgets.QGraphicsRectItem(box, self)
            ground.setBrush(Qt.GlobalColor.white)
            ground.setPen(QtGui.QPen(Qt.PenStyle.NoPen))
            ground.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
            if m.kind == Kind.STAMP:
                label = _text_item(self, m.text.upper(), m.color, 10, bold=True)
                size = label.boundingRect()
                fit = min(
                    0.85 * box.width() / max(size.width(), 1), 0.6 * box.height() / max(size.height(), 1)
                )
                label.setScale(fit)
                label.setPos(box.center() - QtCore.QPointF(size.width() * fit / 2, size.height() * fit / 2))
            else:
                lines = wrap(m.text, "Helvetica", 8, max(10.0, box.width() - 6))
                text = _text_item(self, "\n".join(lines), m.color, 8)  # wrapped to the box's width
                text.setPos(box.topLeft() + QtCore.QPointF(3, 2))
        if self.caption:
            caption = _text_item(self, self.caption, m.color, 8)
            at = self._canvas.page_to_scene(caption_point(m))
            caption.setPos(at + QtCore.QPointF(2, -caption.boundingRect().height() - 2))

    def set_selected(self, selected: bool) -> None:
        if selected and self._selection is None:
            box = self.childrenBoundingRect() | self.boundingRect()
            self._selection = QtWidgets.QGraphicsRectItem(box.adjusted(-3, -3, 3, 3), self)
            self._selection.setPen(QtGui.QPen(SELECTED, 0, Qt.PenStyle.DashLine))  # one pixel at any zoom
            add_handles(self._selection, self.markup, self._canvas.page_to_scene)  # resize, move vertices
        elif not selected and self._selection is not None:
            scene = self.scene()
            if scene is not None:
                scene.removeItem(self._selection)
            self._selection = None
        self.setZValue(2 if selected else 1)  # the selected one and its handles above the others

    @property
    def selected(self) -> bool:
        return self._selection is not None


class MarkupLayer(QtCore.QObject):
    """The markups of one document on the canvas: items for the shown page, an index per page."""

    changed = QtCore.Signal()  # the markups changed (added, moved, removed, reloaded)

    def __init__(self, canvas: DrawingCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.markups: dict[str, Markup] = {}
        self.indexes: dict[int, MarkupIndex] = {}
        self.items: dict[str, MarkupItem] = {}
        self.selected_id: str | None = None
        self.hidden_authors: set[str] = set()
        self.shown = True  # False: the markups are switched off in the viewer (kept, not drawn)
        canvas.viewChanged.connect(self._view_changed)
        self._shown: tuple[int, int] | None = None
        self._calibrations: dict[int, Calibration | None] = {}  # per page, forgotten at every change
        self.zoom = canvas.zoom  # the zoom the items' outlines are fitted to (MarkupItem.fit_zoom)

    # --- what is there --------------------------------------------------------------------------------
    def set_markups(self, markups: Iterable[Markup]) -> None:
        self.markups = {m.id: m for m in markups}
        self._calibrations = {}
        self.indexes = {}
        for m in self.markups.values():
            self.indexes.setdefault(m.page, MarkupIndex()).add(m)
        if self.selected_id not in self.markups:
            self.selected_id = None
        self.rebuild()

    def put(self, markup: Markup, replaces: str | None = None) -> None:
        """Add ``markup`` or replace the one with its id (or with ``replaces``)."""
        selected = self.selected_id is not None and self.selected_id in {markup.id, replaces}
        for old in {markup.id, replaces} - {None}:
            self.remove(str(old), quiet=True)
        if selected:  # a changed markup stays selected
            self.selected_id = markup.id
        self.markups[markup.id] = markup
        self._calibrations.pop(markup.page, None)
        self.indexes.setdefault(markup.page, MarkupIndex()).add(markup)
        if markup.page == self.canvas.current_page():
            self._add_item(markup)
        self.changed.emit()

    def remove(self, markup_id: str, *, quiet: bool = False) -> None:
        m = self.markups.pop(markup_id, None)
        if m is None:
            return
        self.indexes.get(m.page, MarkupIndex()).remove(markup_id)
        self._calibrations.pop(m.page, None)
        item = self.items.pop(markup_id, None)
        if item is not None:
            self.canvas.scene().removeItem(item)
        if self.selected_id == markup_id:
            self.selected_id = None
        if not quiet:
            self.changed.emit()

    def calibration(self, page: int) -> Calibration | None:
        if page not in self._calibrations:  # asked once per markup while building: not a scan each time
            self._calibrations[page] = page_calibration(self.markups.values(), page)
        return self._calibrations[page]

    def on_page(self, page: int) -> list[Markup]:
        return [m for m in self.markups.values() if m.page == page]

    # --- the items ------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        scene = self.canvas.scene()
        for item in self.items.values():
            scene.removeItem(item)
        self.items = {}
        page = self.canvas.current_page()
        for m in self.on_page(page):
            self._add_item(m)
        self._shown = (page, self.canvas.rotation)
        self.changed.emit()

    def _add_item(self, m: Markup) -> None:
        if m.author in self.hidden_authors:
            return
        item = MarkupItem(m, self.canvas, self.calibration(m.page))  # cached per page
        item.fit_zoom(self.zoom)
        item.set_selected(m.id == self.selected_id)
        item.setVisible(self.shown)
        self.canvas.scene().addItem(item)
        self.items[m.id] = item

    def _view_changed(self, zoom: float, centre: QtCore.QPointF, rotation: int, page: int) -> None:
        if self._shown != (page, self.canvas.rotation):
            self.rebuild()
        # not while panning (only a zoom changes how outlines are best painted), nor zooming further in
        refit = zoom != self.zoom and min(zoom, self.zoom) <= DETAIL_ZOOM
        self.zoom = zoom
        if refit:
            for item in self.items.values():
                item.fit_zoom(zoom)

    def set_shown(self, shown: bool) -> None:
        """Draw the markups, or hide them all (the viewer's markups switched off)."""
        self.shown = shown
        for item in self.items.values():
            item.setVisible(shown)

    def set_hidden_authors(self, authors: set[str]) -> None:
        """Layers per reviewer: the markups of these authors are not drawn (nor hit)."""
        self.hidden_authors = set(authors)
        self.rebuild()

    # --- pointing -------------------------------------------------------------------------------------
    def page_point(self, scene: QtCore.QPointF) -> Point:
        p = self.canvas.scene_to_page(scene)
        return (p.x(), p.y())

    def hit(self, scene: QtCore.QPointF) -> Markup | None:
        """The best markup under ``scene`` on the shown page (within a few screen pixels)."""
        index = self.indexes.get(self.canvas.current_page())
        if index is None:
            return None
        tolerance = HIT_PIXELS / max(1e-6, self.canvas.transform().m11() or self.canvas.zoom)
        for m in index.hits(self.page_point(scene), tolerance):
            if m.author not in self.hidden_authors:
                return m
        return None

    def select(self, markup_id: str | None) -> None:
        for item_id in {self.selected_id, markup_id} - {None}:
            item = self.items.get(str(item_id))
            if item is not None:
                item.set_selected(item_id == markup_id)
        self.selected_id = markup_id

    def selected(self) -> Markup | None:
        return self.markups.get(self.selected_id or "")

    def scene_rect_of(self, m: Markup) -> QtCore.QRectF:
        x0, y0, x1, y1 = m.bbox()
        return QtCore.QRectF(
            self.canvas.page_to_scene((x0, y1)), self.canvas.page_to_scene((x1, y0))
        ).normalized()
