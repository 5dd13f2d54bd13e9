"""The drawing canvas: a page of an open drawing, zoomed, panned and turned, painted from the engine's pieces.

The scene is the (turned) page in PDF points; the view's transform is the zoom (100 % = 96 dpi, 4/3 pixels
a point). Tiles are not scene items: ``drawBackground`` paints what the engine has cached for the visible
area (``pieces_for_view``: coarsest first, so the first view or an earlier zoom shows at once and sharper
pieces cover it as they come). Each piece's shared-memory BGRx pixels are wrapped in a QImage without a
copy; the pieces painted last are kept referenced, so their memory is not reused while Qt holds them.

Sharpening: a short timer after every zoom, scroll or resize asks the engine for what the view lacks at
the shown scale (pieces at it are painted pixel for pixel; others scaled, as placeholders): right after a zoom
one piece of exactly the visible area (``render_area``), when panning the grid tiles (``request_tiles``).
Requests for what has left the view are cancelled. Nothing here waits for a render: results come back as
futures whose completion repaints the viewport on the GUI thread. Panning scrolls the viewport's pixels and
paints only what came into view (pieces at the shown scale sit on whole device pixels, so the moved pixels
are what a repaint would paint).

The public view API (stable; the compare windows link two canvases with it and the markup layer draws on
the scene): ``viewChanged(zoom, centre, rotation, page)`` after every zoom, pan, turn or page change,
``set_view(zoom, centre)``, ``current_page()``, and ``page_to_scene`` / ``scene_to_page``.

Page coordinates are PDF points (1/72 inch) with the origin at the bottom-left corner of the page, x to
the right and y up: PDF user space for a page whose crop box starts at 0, 0 (the page's own /Rotate
already applied, as PDFium shows it). A scan's page is its pixels converted with its dpi. The scene is the
page turned as shown, in points, origin top left and y down; turning the page changes the scene, never
the page coordinates.
"""

from __future__ import annotations

import asyncio
import logging
import math
from concurrent.futures import Future

import shiboken6

from caseworker.drawings.engine import Document, RenderEngine
from caseworker.drawings.geometry import (
    PixelRect,
    page_pixels,
    page_to_turned,
    rotated,
    turned_to_page,
)
from caseworker.drawings.images import PixelImage
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

log = logging.getLogger(__name__)

POINT_PX = 96 / 72  # screen pixels a point at 100 %
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0
ZOOM_STEP = 2**0.25  # one notch of the wheel, one +/-
FIT_MARGIN = 8  # pixels around a fitted page
SHARPEN_DELAY_MS = 40  # after the last scroll or zoom step


class DrawingCanvas(QtWidgets.QGraphicsView):
    """Shows one page of ``document``; the viewer around it has the controls."""

    zoomChanged = Signal(float)  # the zoom (1.0 = 100 %)
    pieceArrived = Signal()  # a rendered piece came in (the view repainted)
    renderFailed = Signal(object)  # an exception from the engine while rendering
    # zoom (1.0 = 100 %), the view's centre in page coordinates, rotation in degrees clockwise, page from 0
    viewChanged = Signal(float, QtCore.QPointF, int, int)
    zoomToolChanged = Signal(bool)  # the zoom-to-area tool was switched on or off

    def __init__(self, engine: RenderEngine, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.document: Document | None = None
        self.page = 0
        self.rotation = 0  # quarter turns clockwise
        self.zoom = 1.0
        self.preview: PixelImage | None = None  # from the disk cache, before the document opened
        self._pending: dict[Future[PixelImage], PixelRect | None] = {}  # requested pieces (None: whole)
        self._first_view: Future[PixelImage] | None = None
        self._zoomed = True  # since the last request: next one is one area, not tiles
        self._painted: list[tuple[PixelImage, QtGui.QImage]] = []  # kept alive while Qt may hold them
        self._last_view: tuple[float, QtCore.QPointF, int, int] | None = None  # as last sent by viewChanged
        self._view_quiet = 0  # inside a change made of several steps: viewChanged once at its end
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QtWidgets.QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QtWidgets.QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # panning scrolls what is shown and paints only the strip that came into view (a whole repaint per
        # step cost the markup layer's whole frame); a piece that arrives still repaints the whole view
        self.setViewportUpdateMode(QtWidgets.QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QtWidgets.QGraphicsView.CacheModeFlag.CacheNone)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        # zoom to a dragged area: Shift+drag, or a plain drag while the zoom tool is on; space+drag pans
        self.zoom_tool = False
        self._band: QtWidgets.QRubberBand | None = None
        self._band_start = QtCore.QPoint()
        self._space_pan = False
        self._sharpen = QtCore.QTimer(self)
        self._sharpen.setSingleShot(True)
        self._sharpen.setInterval(SHARPEN_DELAY_MS)
        self._sharpen.timeout.connect(self.sharpen)

    # --- what is shown -------------------------------------------------------------------------------

    def page_size(self) -> tuple[float, float]:
        """The shown page's size in points, turned as shown."""
        if self.document is not None:
            return rotated(self.document.page_size(self.page), self.rotation)
        if self.preview is not None:
            p = self.preview.placement
            return p.page_pixels[0] / p.scale, p.page_pixels[1] / p.scale
        return 0.0, 0.0

    def unturned_page_size(self) -> tuple[float, float]:
        """The shown page's size in points as the page is (before the viewer's turn)."""
        return rotated(self.page_size(), self.rotation)

    def current_page(self) -> int:
        """The page shown (from 0)."""
        return self.page

    # --- the view API --------------------------------------------------------------------------------

    def page_to_scene(self, point: QtCore.QPointF | tuple[float, float]) -> QtCore.QPointF:
        """A point in page coordinates (PDF points, origin bottom left, y up) to the scene (the page as
        shown turned, points, origin top left, y down)."""
        p = QtCore.QPointF(*point) if isinstance(point, tuple) else point
        x, y = page_to_turned((p.x(), p.y()), self.unturned_page_size(), self.rotation)
        return QtCore.QPointF(x, y)

    def scene_to_page(self, point: QtCore.QPointF | tuple[float, float]) -> QtCore.QPointF:
        """The inverse of :meth:`page_to_scene`."""
        p = QtCore.QPointF(*point) if isinstance(point, tuple) else point
        x, y = turned_to_page((p.x(), p.y()), self.unturned_page_size(), self.rotation)
        return QtCore.QPointF(x, y)

    def view_centre(self) -> QtCore.QPointF:
        """The centre of the view in page coordinates."""
        return self.scene_to_page(self._scene_centre())

    def _scene_centre(self) -> QtCore.QPointF:
        middle = QtCore.QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        return self.viewportTransform().inverted()[0].map(middle)

    def _close_enough(self, a: QtCore.QPointF, b: QtCore.QPointF) -> bool:
        """Within half a screen pixel: what scrolling in whole pixels cannot get closer to."""
        tolerance = 0.5 / (self.zoom * POINT_PX) + 1e-9
        return abs(a.x() - b.x()) <= tolerance and abs(a.y() - b.y()) <= tolerance

    def set_view(self, zoom: float, centre: QtCore.QPointF | tuple[float, float]) -> None:
        """Zoom to ``zoom`` (1.0 = 100 %) with the page point ``centre`` in the middle of the view (as far
        as the page's edges allow). viewChanged follows only if the view really changed, so two canvases
        can follow each other both ways."""
        target = QtCore.QPointF(*centre) if isinstance(centre, tuple) else QtCore.QPointF(centre)
        self._view_quiet += 1
        try:
            self.set_zoom(zoom)
            if not self._close_enough(self.view_centre(), target):
                # scroll by whole pixels to the nearest pixel (centerOn rounds the other way each time)
                want = self.viewportTransform().map(self.page_to_scene(target))
                middle = QtCore.QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
                h, v = self.horizontalScrollBar(), self.verticalScrollBar()
                h.setValue(h.value() + round(want.x() - middle.x()))
                v.setValue(v.value() + round(want.y() - middle.y()))
        finally:
            self._view_quiet -= 1
        self._view_moved()

    def _view_moved(self) -> None:
        """Send viewChanged if the view moved by more than half a screen pixel since it was last sent."""
        if self._view_quiet:
            return
        centre = self.view_centre()
        state = (self.zoom, centre, self.rotation * 90, self.page)
        last = self._last_view
        if (
            last is not None
            and last[2:] == state[2:]
            and math.isclose(last[0], state[0], rel_tol=1e-9)
            and self._close_enough(last[1], centre)
        ):
            return
        self._last_view = state
        self.viewChanged.emit(self.zoom, centre, self.rotation * 90, self.page)

    def show_preview(self, image: PixelImage) -> None:
        """A preview from the disk cache, painted before the document is open."""
        self.preview = image
        self.page, self.rotation = image.placement.page, image.placement.rotation // 90
        self._set_scene_rect()
        self.fit_page()
        self._view_moved()

    def set_document(self, document: Document) -> None:
        self.cancel_all()
        self.document = document
        if self.page >= document.page_count:
            self.page = 0
        self.show_page(self.page, self.rotation, keep_preview=True)

    def show_page(self, page: int, rotation: int | None = None, *, keep_preview: bool = False) -> None:
        """Go to ``page`` (from 0), fitted, its first view requested at once."""
        if self.document is None:
            return
        self.cancel_all()
        if not keep_preview:
            self.preview = None
        self.page = max(0, min(page, self.document.page_count - 1))
        if rotation is not None:
            self.rotation = rotation % 4
        self._set_scene_rect()
        self._view_quiet += 1
        try:
            self.fit_page()
        finally:
            self._view_quiet -= 1
        self._view_moved()
        w, h = self._fit_box()
        dpr = self.devicePixelRatioF()
        self.engine.expect_views(round(self.viewport().width() * dpr), round(self.viewport().height() * dpr))
        future = self.engine.first_view(
            self.document,
            self.page,
            max(1, round(w * dpr)),
            max(1, round(h * dpr)),
            rotation=self.rotation * 90,
        )
        self._first_view = future
        self._track(future, None)

    def turn_clockwise(self) -> None:
        """Turn the page 90 degrees clockwise (fitted again)."""
        self.show_page(self.page, self.rotation + 1, keep_preview=False)

    def _set_scene_rect(self) -> None:
        w, h = self.page_size()
        self.setSceneRect(QtCore.QRectF(0, 0, w, h))
        self.viewport().update()

    # --- zoom ----------------------------------------------------------------------------------------

    def _fit_box(self) -> tuple[int, int]:
        view = self.maximumViewportSize()  # without scroll bars: a fitted page needs none
        return max(1, view.width() - 2 * FIT_MARGIN), max(1, view.height() - 2 * FIT_MARGIN)

    def fit_page(self) -> None:
        w, h = self.page_size()
        if w <= 0 or h <= 0:
            return
        box_w, box_h = self._fit_box()
        self._view_quiet += 1
        try:
            self.set_zoom(min(box_w / w, box_h / h) / POINT_PX)
            self.centerOn(self.sceneRect().center())
        finally:
            self._view_quiet -= 1
        self._view_moved()

    def fit_width(self) -> None:
        w, _ = self.page_size()
        if w <= 0:
            return
        bar = self.verticalScrollBar().sizeHint().width()  # the page will be taller than the view
        self._view_quiet += 1
        try:
            self.set_zoom(max(1, self.viewport().width() - bar - 2 * FIT_MARGIN) / w / POINT_PX)
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        finally:
            self._view_quiet -= 1
        self._view_moved()

    def zoom_by(self, factor: float, anchor: QtCore.QPoint | None = None) -> None:
        self.set_zoom(self.zoom * factor, anchor)

    def set_zoom(self, zoom: float, anchor: QtCore.QPoint | None = None) -> None:
        """Zoom to ``zoom`` (clamped to 5 %–1600 %), keeping the scene point under ``anchor`` (default:
        the view's centre) where it is."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if anchor is None:
            anchor = self.viewport().rect().center()
        fixed = self.mapToScene(anchor)
        d = zoom * POINT_PX
        self._view_quiet += 1
        try:
            self.setTransform(QtGui.QTransform.fromScale(d, d))
            moved = self.mapFromScene(fixed) - anchor
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        finally:
            self._view_quiet -= 1
        changed = not math.isclose(zoom, self.zoom)
        self.zoom = zoom
        self._zoomed = True
        self._schedule()
        if changed:
            self.zoomChanged.emit(zoom)
        self._view_moved()

    def device_scale(self) -> float:
        """Device pixels a point as shown now."""
        return self.zoom * POINT_PX * self.devicePixelRatioF()

    def render_scale(self) -> float:
        """The scale pieces are rendered at: the device scale itself, so the sharp pieces are painted
        pixel for pixel (no resampling at every paint, no seams where tiles meet), rounded to 7 digits so
        coming back to a zoom finds its pieces in the cache again."""
        return float(f"{self.device_scale():.7g}")

    # --- events --------------------------------------------------------------------------------------

    def set_zoom_tool(self, on: bool) -> None:
        """While on, dragging zooms to the dragged area (space+drag still pans)."""
        if on == self.zoom_tool:
            return
        self.zoom_tool = on
        self._update_drag_mode()
        self.zoomToolChanged.emit(on)

    def _update_drag_mode(self) -> None:
        pan = self._space_pan or not self.zoom_tool
        self.setDragMode(
            QtWidgets.QGraphicsView.DragMode.ScrollHandDrag
            if pan
            else QtWidgets.QGraphicsView.DragMode.NoDrag
        )
        if not pan:
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def zoom_to_rect(self, area: QtCore.QRectF) -> None:
        """Zoom so that ``area`` (scene points) fills the view, centred."""
        area = area.intersected(self.sceneRect())
        if area.width() <= 0 or area.height() <= 0:
            return
        view = self.viewport().size()
        zoom = min(view.width() / area.width(), view.height() / area.height()) / POINT_PX
        self.set_view(zoom, self.scene_to_page(area.center()))

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        band_drag = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier) or (
            self.zoom_tool and not self._space_pan
        )
        if event.button() == Qt.MouseButton.LeftButton and band_drag:
            self._band_start = event.position().toPoint()
            if self._band is None:
                self._band = QtWidgets.QRubberBand(QtWidgets.QRubberBand.Shape.Rectangle, self.viewport())
            self._band.setGeometry(QtCore.QRect(self._band_start, QtCore.QSize()))
            self._band.show()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        if self._band is not None and self._band.isVisible():
            self._band.setGeometry(QtCore.QRect(self._band_start, event.position().toPoint()).normalized())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        if self._band is not None and self._band.isVisible():
            self._band.hide()
            dragged = QtCore.QRect(self._band_start, event.position().toPoint()).normalized()
            if dragged.width() >= 8 and dragged.height() >= 8:  # a click is not an area
                self.zoom_to_rect(self.mapToScene(dragged).boundingRect())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def event(self, event: QtCore.QEvent) -> bool:
        if (
            event.type() == QtCore.QEvent.Type.ShortcutOverride
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self._band is not None
            and self._band.isVisible()
        ):
            event.accept()  # Esc is ours while an area is dragged (the window's Esc closes it otherwise)
            return True
        return super().event(event)

    def viewportEvent(self, event: QtCore.QEvent) -> bool:
        # A touchpad pinch arrives as a native zoom gesture (value: the relative change since the last one);
        # Windows sends a precision touchpad's pinch as Ctrl+wheel, which wheelEvent already zooms by.
        if (
            event.type() == QtCore.QEvent.Type.NativeGesture
            and isinstance(event, QtGui.QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(max(0.5, 1.0 + event.value()), event.position().toPoint())
            event.accept()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_pan = True  # hold space and drag to pan, whatever tool is on
            self._update_drag_mode()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._band is not None and self._band.isVisible():
            self._band.hide()  # Esc drops the area being dragged (and does not close the window)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_pan = False
            self._update_drag_mode()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches:
                self.zoom_by(ZOOM_STEP**notches, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._schedule()
        self._view_moved()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._schedule()
        self._view_moved()

    def _schedule(self) -> None:
        self._sharpen.start()

    # --- painting ------------------------------------------------------------------------------------

    def visible_pixels(self, scale: float) -> PixelRect | None:
        """The visible part of the page in pixels at ``scale`` (None if none of it is visible)."""
        area = self.mapToScene(self.viewport().rect()).boundingRect()
        return self._pixels(area, scale)

    def _pixels(self, area: QtCore.QRectF, scale: float) -> PixelRect | None:
        area = area.intersected(self.sceneRect())
        if area.isEmpty():
            return None
        full = page_pixels(self.page_size(), scale)  # the turned size already
        x0, y0 = max(0, math.floor(area.left() * scale)), max(0, math.floor(area.top() * scale))
        x1, y1 = min(full[0], math.ceil(area.right() * scale)), min(full[1], math.ceil(area.bottom() * scale))
        return PixelRect(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None

    def pieces(self, area: QtCore.QRectF) -> list[PixelImage]:
        """What can be painted over ``area`` (scene points) now, coarsest first."""
        found: list[PixelImage] = []
        preview = self.preview
        if (
            preview is not None
            and preview.placement.page == self.page
            and preview.placement.rotation == self.rotation * 90
        ):
            found.append(preview)
        scale = self.render_scale()
        view = self._pixels(area, scale)
        if self.document is None or view is None:
            return found
        cached = self.engine.pieces_for_view(
            self.document, self.page, scale, view, rotation=self.rotation * 90
        )
        # finer pieces than twice the need add nothing visible (and may be many small tiles)
        return found + [p for p in cached if p.placement.scale <= scale * 2]

    def drawBackground(self, painter: QtGui.QPainter, exposed: QtCore.QRectF | QtCore.QRect) -> None:
        rect = QtCore.QRectF(exposed)
        painter.fillRect(rect, self.palette().color(QtGui.QPalette.ColorRole.Mid))
        page = self.sceneRect()
        if page.isEmpty():
            return
        painter.fillRect(page.intersected(rect), Qt.GlobalColor.white)
        scale = self.render_scale()
        dpr = self.devicePixelRatioF()
        # where the page's top-left corner is, in whole device pixels: pieces at the shown scale are
        # put there pixel for pixel (no resampling: fast, and no seams between tiles)
        origin = painter.transform().map(QtCore.QPointF(0, 0))
        ox, oy = round(origin.x() * dpr), round(origin.y() * dpr)
        painted = []
        for piece in self._needed(self.pieces(rect), rect, scale):
            s = piece.placement.scale
            r = piece.placement.rect
            image = QtGui.QImage(
                piece.pixels, piece.width, piece.height, piece.stride, QtGui.QImage.Format.Format_RGB32
            )
            if math.isclose(s, scale, rel_tol=2e-6):  # render_scale keeps 7 digits
                image.setDevicePixelRatio(dpr)
                painter.save()
                painter.resetTransform()
                painter.drawImage(QtCore.QPointF((ox + r.x) / dpr, (oy + r.y) / dpr), image)
                painter.restore()
            else:  # a coarser (or finer) piece holds the place until the sharp one comes: scaled without
                # smoothing (a smooth scale of a window-sized piece takes tens of ms, and it is replaced soon)
                painter.drawImage(QtCore.QRectF(r.x / s, r.y / s, r.w / s, r.h / s), image)
            painted.append((piece, image))
        self._painted = painted

    def _needed(self, pieces: list[PixelImage], area: QtCore.QRectF, scale: float) -> list[PixelImage]:
        """The pieces (coarsest first) that show something in ``area``: one covered by the pieces painted
        after it is skipped (each scaled paint of a window-sized piece costs milliseconds)."""
        view = self._pixels(area, scale)
        if view is None:
            return []
        uncovered = QtGui.QRegion(view.x, view.y, view.w, view.h)
        needed = []
        for piece in reversed(pieces):
            f = scale / piece.placement.scale
            r = piece.placement.rect
            inner = QtGui.QRegion(
                math.ceil(r.x * f), math.ceil(r.y * f), math.floor(r.w * f) - 1, math.floor(r.h * f) - 1
            )
            outer = QtCore.QRect(
                math.floor(r.x * f), math.floor(r.y * f), math.ceil(r.w * f) + 1, math.ceil(r.h * f) + 1
            )
            if not uncovered.intersects(outer):
                continue
            needed.append(piece)
            uncovered -= inner
            if uncovered.isEmpty():
                break
        needed.reverse()
        return needed

    def is_sharp(self) -> bool:
        """True when the visible area is covered by pieces at least as sharp as it is shown."""
        if self.document is None:
            return False
        scale = self.render_scale()
        view = self.visible_pixels(scale)
        if view is None:
            return True
        need = self.device_scale() * 0.999
        missing = QtGui.QRegion(view.x, view.y, view.w, view.h)
        for piece in self.engine.pieces_for_view(
            self.document, self.page, scale, view, rotation=self.rotation * 90
        ):
            if piece.placement.scale >= need:
                f = scale / piece.placement.scale
                r = piece.placement.rect
                missing -= QtGui.QRegion(
                    math.ceil(r.x * f), math.ceil(r.y * f), math.floor(r.w * f), math.floor(r.h * f)
                )
        return missing.isEmpty()

    # --- sharpening ----------------------------------------------------------------------------------

    def sharpen(self) -> None:
        """Ask for what the visible area lacks at the current zoom; cancel what left the view."""
        document = self.document
        if document is None or (self._first_view is not None and not self._first_view.done()):
            return
        scale = self.render_scale()
        view = self.visible_pixels(scale)
        if view is None:
            self.cancel_all()
            return
        if self.is_sharp():
            self._cancel_outside(view, scale)
            return
        turned = self.rotation * 90
        try:
            if self._zoomed and view.w * view.h * 4 <= self.engine.cache.budget_bytes // 4:
                wanted = self.engine.render_view(document, self.page, scale, view, rotation=turned)
            else:
                wanted = self.engine.request_tiles(document, self.page, scale, view, rotation=turned)
        except (ValueError, RuntimeError) as exc:  # the document closed meanwhile (the window is closing)
            log.info("no pieces requested: %s", exc)
            return
        self._zoomed = False
        keep = set(wanted)
        for future in list(self._pending):
            if future not in keep and future is not self._first_view:
                future.cancel()
                self._pending.pop(future, None)
        for future in wanted:
            if future not in self._pending:
                self._track(future, view)

    def _cancel_outside(self, view: PixelRect, scale: float) -> None:
        for future, rect in list(self._pending.items()):
            if rect is not None and rect.intersect(view) is None:
                future.cancel()
                self._pending.pop(future, None)

    def cancel_all(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pending.clear()
        self._first_view = None
        self._zoomed = True

    @property
    def pending(self) -> int:
        return sum(1 for f in self._pending if not f.done())

    def _track(self, future: Future[PixelImage], view: PixelRect | None) -> None:
        self._pending[future] = view
        wrapped = asyncio.wrap_future(future)
        wrapped.add_done_callback(lambda done, f=future: self._arrived(f, done))  # type: ignore[misc]

    def _arrived(self, future: Future[PixelImage], done: asyncio.Future[PixelImage]) -> None:
        """On the GUI thread: a requested piece is ready (or failed, or was cancelled)."""
        if not shiboken6.isValid(self):  # the window closed meanwhile
            return
        self._pending.pop(future, None)
        if done.cancelled():
            return
        exc = done.exception()
        if exc is not None:
            self.renderFailed.emit(exc)
            return
        self.viewport().update()
        if future is self._first_view:
            self._first_view = None
            self._zoomed = True
            self._schedule()  # the fitted first view may already be sharp; if not, one area now
        self.pieceArrived.emit()
