"""Two sheets side by side with linked zoom and pan, and their overlay compare (issue 12, item 5).

"Sida vid sida": two viewers; with "Lås zoom och panorering" each follows the other through the canvas
view API (``viewChanged`` / ``set_view``, page coordinates in PDF points), so the same spot of both
sheets stays in view. "Överlägg": the two pages rendered by the engine and compared off the UI thread
(``caseworker.drawings.compare``): unchanged ink dark, the old sheet's own ink red, the new sheet's
blue; the changed regions listed, a click zooms to one. Sheets of the same size are aligned
automatically; a scan that lies turned or scaled is aligned by two points picked on each sheet.

The regions are data for the markup layer (:meth:`CompareWindow.changed_regions`: page, rectangle in
the new sheet's PDF points, counts). When the new sheet is a case's document, the drawings host's
``clouds`` hook (``ui.markups.offer_clouds``, from the layer above) adds "Molnmarkera ändringar" with
:meth:`CompareWindow.add_tool`: a cloud markup around each change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shiboken6

from caseworker.domain.models import Document
from caseworker.drawings.compare import (
    ADDED_BGR,
    COLOUR_TABLE,
    REMOVED_BGR,
    UNCHANGED_BGR,
    Comparison,
    compare_pages,
    two_point_transform,
)
from caseworker.drawings.engine import Document as EngineDocument
from caseworker.drawings.engine import RenderEngine
from caseworker.drawings.errors import DrawingError
from ui.drawings.messages import error_message
from ui.drawings.viewer import DrawingViewer
from ui.ops import run_op, user_message
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.widgets import Retranslated, action_button, filled, fitted_to_screen, label_button, text_label

if TYPE_CHECKING:
    from ui.drawings.host import DrawingsHost
    from ui.services import Services

log = logging.getLogger(__name__)

Source = Path | bytes
COMPARE_SCALE = 96 / 72  # pixels per point: 96 dpi, an A1 sheet is ~7 Mpx
MAX_PIXELS = 16_000_000  # a larger sheet (A0 and up) is compared at a lower scale
POINT_MM = 25.4 / 72


@dataclass(frozen=True)
class ChangedRegion:
    """A changed region in the new sheet's page coordinates (PDF points, origin bottom left, y up)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    removed: int  # changed pixels at the compare's scale: ink only in the old sheet
    added: int  # ink only in the new sheet


def compare_scale(page_size: tuple[float, float]) -> float:
    """96 dpi, or less for a sheet that would be more than MAX_PIXELS pixels."""
    w, h = page_size
    return min(COMPARE_SCALE, float((MAX_PIXELS / max(1.0, w * h)) ** 0.5))


class CompareFailed(Exception):
    """A compare that could not be made, with the Swedish reason for the window."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class OverlayView(QtWidgets.QGraphicsView):
    """The overlay picture (scene = its pixels) with the changed regions outlined."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareOverlay")
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QtWidgets.QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(self.palette().color(QtGui.QPalette.ColorRole.Mid))
        self.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
        self._picture: QtWidgets.QGraphicsPixmapItem | None = None
        self._boxes: list[QtWidgets.QGraphicsRectItem] = []

    def show_comparison(self, comparison: Comparison) -> None:
        scene = self.scene()
        scene.clear()
        self._boxes = []
        codes = np.ascontiguousarray(comparison.codes)
        height, width = codes.shape
        image = QtGui.QImage(codes.data, width, height, width, QtGui.QImage.Format.Format_Indexed8)
        image.setColorTable(COLOUR_TABLE)
        self._picture = scene.addPixmap(QtGui.QPixmap.fromImage(image))  # a copy: codes may go
        pen = QtGui.QPen(QtGui.QColor(230, 120, 0), 3)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        for change in comparison.changes:
            r = change.rect
            self._boxes.append(scene.addRect(QtCore.QRectF(r.x - 4, r.y - 4, r.w + 8, r.h + 8), pen))
        scene.setSceneRect(0, 0, width, height)
        self.fit()

    def fit(self) -> None:
        if self._picture is not None:
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom_to(self, rect: QtCore.QRectF) -> None:
        """Show ``rect`` (overlay pixels) with a margin around it."""
        margin = max(rect.width(), rect.height()) * 0.5 + 20
        self.fitInView(rect.adjusted(-margin, -margin, margin, margin), Qt.AspectRatioMode.KeepAspectRatio)

    def visible_scene_rect(self) -> QtCore.QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)


class CompareWindow(Retranslated, QtWidgets.QMainWindow):
    """Open with :meth:`open`; the overlay is computed once both sheets are open."""

    compared = Signal(object)  # the Comparison shown
    failed = Signal(str)  # a message shown instead of the overlay

    def __init__(
        self, engine: RenderEngine, old_title: str, new_title: str, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.engine = engine
        self.old_title, self.new_title = old_title, new_title
        self.comparison: Comparison | None = None
        self.compared_scale = COMPARE_SCALE
        self.compared_pages = (0, 0)
        self.transform: np.ndarray | None = None  # the manual alignment, in pixels at the compare's scale
        self.error: str | None = None
        self._error_source: BaseException | None = None
        self._task: asyncio.Task[Comparison] | None = None
        self._picks: list[tuple[float, float]] = []  # page points picked for the manual alignment
        self._picking = False
        self._following = False
        self.clouds: QtCore.QObject | None = None  # the new sheet is a case's: its clouds (ui.markups)
        self._build()
        self.retranslate()
        self.resize(fitted_to_screen(self, QtCore.QSize(1400, 850)))

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.old_viewer = DrawingViewer(self.engine)
        self.old_viewer.setObjectName("compareOld")
        self.new_viewer = DrawingViewer(self.engine)
        self.new_viewer.setObjectName("compareNew")
        self.old_caption = QtWidgets.QLabel()
        self.new_caption = QtWidgets.QLabel()
        for caption in (self.old_caption, self.new_caption):
            caption.setWordWrap(True)
            font = caption.font()
            font.setBold(True)
            caption.setFont(font)
        self.old_caption.setBuddy(self.old_viewer)
        self.new_caption.setBuddy(self.new_viewer)
        self.splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        for caption, viewer in ((self.old_caption, self.old_viewer), (self.new_caption, self.new_viewer)):
            pane = QtWidgets.QWidget()
            column = QtWidgets.QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(caption)
            column.addWidget(viewer, 1)
            self.splitter.addWidget(pane)
        self.link_box = QtWidgets.QCheckBox()
        self.link_box.setObjectName("compareLinked")
        self.link_box.setChecked(True)
        self.link_box.toggled.connect(lambda _on: self._follow(self.old_viewer, self.new_viewer))
        self.old_viewer.canvas.viewChanged.connect(lambda *_: self._follow(self.old_viewer, self.new_viewer))
        self.new_viewer.canvas.viewChanged.connect(lambda *_: self._follow(self.new_viewer, self.old_viewer))
        for viewer in (self.old_viewer, self.new_viewer):
            viewer.canvas.viewport().installEventFilter(self)
            viewer.opened.connect(lambda _doc: self._maybe_compare())
            viewer.failed.connect(lambda _text: self._enable())
        self.align_button = action_button("compareAlignTwoPoints")
        self.align_button.clicked.connect(self.start_picking)
        self.auto_button = action_button("compareAlignAuto")
        self.auto_button.clicked.connect(self.align_automatically)
        self.pick_hint = text_label("comparePickHint")
        side_tools = QtWidgets.QHBoxLayout()
        side_tools.addWidget(self.link_box)
        side_tools.addStretch(1)
        side_tools.addWidget(self.pick_hint, 2)
        side_tools.addWidget(self.align_button)
        side_tools.addWidget(self.auto_button)
        side = QtWidgets.QWidget()
        filled(QtWidgets.QVBoxLayout(side), side_tools, margin=4).addWidget(self.splitter, 1)

        self.overlay = OverlayView()
        # the legend: a swatch of each overlay colour beside its words (the words carry the meaning)
        self.legend_labels: list[QtWidgets.QLabel] = []
        legend = QtWidgets.QHBoxLayout()
        for bgr in (REMOVED_BGR, ADDED_BGR, UNCHANGED_BGR):
            swatch = QtWidgets.QLabel()
            picture = QtGui.QPixmap(12, 12)
            picture.fill(QtGui.QColor(bgr[2], bgr[1], bgr[0]))
            edge = QtGui.QPainter(picture)  # a light edge: the dark swatch shows on a dark theme too
            edge.setPen(QtGui.QColor(160, 160, 160))
            edge.drawRect(0, 0, 11, 11)
            edge.end()
            swatch.setPixmap(picture)
            words = QtWidgets.QLabel()
            self.legend_labels.append(words)
            legend.addWidget(swatch)
            legend.addWidget(words)
        legend.addStretch(1)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setObjectName("compareProgress")
        self.progress.setRange(0, 3)
        self.progress.setTextVisible(True)
        self.status = text_label("compareStatus", selectable=True)
        self.regions = QtWidgets.QListWidget()
        self.regions.setObjectName("compareRegions")
        self.regions.itemActivated.connect(lambda item: self.zoom_to_region(self.regions.row(item)))
        self.regions.itemClicked.connect(lambda item: self.zoom_to_region(self.regions.row(item)))
        self.regions_label = QtWidgets.QLabel()
        self.regions_label.setBuddy(self.regions)
        panel = QtWidgets.QWidget()
        panel_layout = QtWidgets.QVBoxLayout(panel)
        panel_layout.setContentsMargins(4, 4, 4, 4)
        panel_layout.addLayout(legend)
        panel_layout.addWidget(self.progress)
        panel_layout.addWidget(self.status)
        panel_layout.addWidget(self.regions_label)
        panel_layout.addWidget(self.regions, 1)
        self._panel_layout = panel_layout  # tools from the layers above go under the regions (add_tool)
        overlay_split = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        overlay_split.addWidget(self.overlay)
        overlay_split.addWidget(panel)
        overlay_split.setStretchFactor(0, 1)
        overlay_split.setSizes([1000, 320])

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("compareTabs")
        self.tabs.addTab(side, "")
        self.tabs.addTab(overlay_split, "")
        self.setCentralWidget(self.tabs)

        self.close_action = QtGui.QAction(self)
        self.close_action.setShortcuts([QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Close)])
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        self._enable()

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Jämför {old} och {new} – Ritningsvisaren").format(old=self.old_title, new=self.new_title)
        )
        self.tabs.setTabText(0, self.tr("Sida vid sida"))
        self.tabs.setTabText(1, self.tr("Överlägg"))
        self.old_caption.setText(self.tr("Äldre: {title}").format(title=self.old_title))
        self.new_caption.setText(self.tr("Nyare: {title}").format(title=self.new_title))
        self.old_viewer.canvas.setAccessibleName(self.tr("Äldre ritning"))
        self.new_viewer.canvas.setAccessibleName(self.tr("Nyare ritning"))
        self.link_box.setText(self.tr("&Lås zoom och panorering"))
        label_button(self.align_button, self.tr("Justera med &två punkter …"))
        self.align_button.setToolTip(
            self.tr("För skannade ritningar som ligger snett: klicka två punkter i vardera ritningen")
        )
        label_button(self.auto_button, self.tr("A&utomatisk justering"))
        for words, text in zip(
            self.legend_labels,
            (self.tr("bara i den äldre"), self.tr("bara i den nyare"), self.tr("oförändrat")),
            strict=True,
        ):
            words.setText(text)
        self.regions_label.setText(self.tr("Ändrade &områden"))
        self.regions.setAccessibleName(self.tr("Ändrade områden"))
        self.overlay.setAccessibleName(self.tr("Överlägg av ritningarna"))
        self.progress.setAccessibleName(self.tr("Jämförelsens förlopp"))
        self.close_action.setText(self.tr("Stäng"))
        self._show_pick_hint()
        self._show_status()
        self._list_regions()

    # --- opening -----------------------------------------------------------------------------------

    def open(
        self,
        old: Source | Awaitable[Source],
        new: Source | Awaitable[Source],
        *,
        old_sha256: str | None = None,
        new_sha256: str | None = None,
    ) -> None:
        self.old_viewer.open(old, sha256=old_sha256)
        self.new_viewer.open(new, sha256=new_sha256)

    def _maybe_compare(self) -> None:
        if self.old_viewer.document is not None and self.new_viewer.document is not None:
            self._follow(self.new_viewer, self.old_viewer)
            self.start_compare()

    # --- linked zoom and pan -----------------------------------------------------------------------

    def _follow(self, leader: DrawingViewer, follower: DrawingViewer) -> None:
        """The follower shows the leader's zoom and page point (the same spot of both sheets)."""
        if self._following or not self.link_box.isChecked() or follower.document is None:
            return
        if leader.document is None:
            return
        self._following = True
        try:
            follower.canvas.set_view(leader.canvas.zoom, leader.canvas.view_centre())
        finally:
            self._following = False

    # --- compare -----------------------------------------------------------------------------------

    def start_compare(self) -> asyncio.Task[Comparison] | None:
        old, new = self.old_viewer.document, self.new_viewer.document
        if old is None or new is None:
            return None
        if self._task is not None:
            self._task.cancel()
        self.error = None
        self._error_source = None
        self.comparison = None
        self.regions.clear()
        self.progress.setValue(0)
        self.progress.show()
        self.compared_pages = (self.old_viewer.canvas.page, self.new_viewer.canvas.page)
        self.compared_scale = compare_scale(new.page_size(self.compared_pages[1]))
        loop = asyncio.get_running_loop()

        def progress(done: int, of: int) -> None:  # on the compare's thread
            loop.call_soon_threadsafe(self._progress, done, of)

        work = self._compare(old, new, progress)
        self._task = run_op(self, work, on_success=self._show, on_failure=self._failed)
        self._show_status()
        self._enable()
        return self._task

    async def _compare(
        self, old: EngineDocument, new: EngineDocument, progress: Callable[[int, int], None]
    ) -> Comparison:
        try:
            return await asyncio.to_thread(
                compare_pages,
                self.engine,
                old,
                self.compared_pages[0],
                new,
                self.compared_pages[1],
                scale=self.compared_scale,
                transform=self.transform,
                progress=progress,
            )
        except DrawingError as exc:  # a sheet the engine cannot render: said in the window, not a crash
            log.info("a compare failed: %s", exc)
            raise CompareFailed(error_message(exc)) from exc

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def _progress(self, done: int, of: int) -> None:
        if shiboken6.isValid(self):
            self.progress.setMaximum(of)
            self.progress.setValue(done)

    def _show(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.progress.setValue(self.progress.maximum())
        self.progress.hide()
        self.overlay.show_comparison(comparison)
        self._list_regions()
        self._show_status()
        self._enable()
        self.compared.emit(comparison)

    def _failed(self, exc: BaseException) -> None:
        self._error_source = exc
        self.error = user_message(exc) or ""
        self.progress.hide()
        self._show_status()
        self._enable()
        self.failed.emit(self.error)

    def _show_status(self) -> None:
        if self.error is not None:
            text = self.tr("Ritningarna kunde inte jämföras: {reason}").format(reason=self.error)
        elif self.busy:
            text = self.tr("Jämför ritningarna …")
        elif self.comparison is None:
            text = self.tr("Överlägget visas när båda ritningarna är öppna.")
        elif not self.comparison.changes:
            text = self.tr("Inga skillnader hittades.")
        else:
            dx, dy = self.comparison.shift
            if self.transform is not None:
                how = self.tr("Justerade med två punkter.")
            elif (dx, dy) == (0, 0):
                how = self.tr("Ritningarna låg redan rätt.")
            else:
                how = self.tr(  # "19, 44" would read as a decimal number in Swedish
                    "Automatiskt justerade: den äldre flyttad {dx} bildpunkter i sidled och {dy} i höjdled."
                ).format(dx=dx, dy=dy)
            text = self.tr("Ändrade områden: {count}. {how}").format(
                count=len(self.comparison.changes), how=how
            )
        self.status.setText(text)

    def _enable(self) -> None:
        both = self.old_viewer.document is not None and self.new_viewer.document is not None
        self.align_button.setEnabled(both and not self.busy)
        self.auto_button.setEnabled(both and not self.busy and self.transform is not None)

    # --- regions -----------------------------------------------------------------------------------

    def changed_regions(self) -> list[ChangedRegion]:
        """The changed regions in the new sheet's page coordinates (for cloud markups)."""
        if self.comparison is None:
            return []
        s = self.compared_scale
        page = self.compared_pages[1]
        _w, page_height = self.new_viewer.document.page_size(page) if self.new_viewer.document else (0, 0)
        return [
            ChangedRegion(
                page,
                c.rect.x / s,
                page_height - c.rect.bottom / s,
                c.rect.right / s,
                page_height - c.rect.y / s,
                c.removed,
                c.added,
            )
            for c in self.comparison.changes
        ]

    def _list_regions(self) -> None:
        self.regions.clear()
        for number, region in enumerate(self.changed_regions(), 1):
            w_mm = (region.x1 - region.x0) * POINT_MM
            h_mm = (region.y1 - region.y0) * POINT_MM
            kind = (
                self.tr("tillagt")
                if region.removed == 0
                else self.tr("borttaget")
                if region.added == 0
                else self.tr("ändrat")
            )
            self.regions.addItem(
                self.tr("{number}. {kind}, {w} × {h} mm").format(
                    number=number, kind=kind, w=round(w_mm), h=round(h_mm)
                )
            )

    def add_tool(self, *widgets: QtWidgets.QWidget) -> None:
        """Widgets under the changed regions (a layer above offers what to do with them)."""
        for widget in widgets:
            self._panel_layout.addWidget(widget)

    def zoom_to_region(self, index: int) -> None:
        """Zoom the overlay (and the linked side-by-side views) to changed region ``index``."""
        if self.comparison is None or not 0 <= index < len(self.comparison.changes):
            return
        r = self.comparison.changes[index].rect
        self.overlay.zoom_to(QtCore.QRectF(r.x, r.y, r.w, r.h))
        region = self.changed_regions()[index]
        centre = QtCore.QPointF((region.x0 + region.x1) / 2, (region.y0 + region.y1) / 2)
        canvas = self.new_viewer.canvas
        if self.new_viewer.document is not None and canvas.viewport().width() > 0:
            size_pt = max(region.x1 - region.x0, region.y1 - region.y0) * 2 + 40
            zoom = min(canvas.viewport().width(), canvas.viewport().height()) / (size_pt * 96 / 72)
            canvas.set_view(max(0.05, min(16.0, zoom)), centre)

    # --- manual alignment --------------------------------------------------------------------------

    def start_picking(self) -> None:
        """Two points on each sheet, in turn: old 1, new 1, old 2, new 2."""
        self._picks = []
        self._picking = True
        self.tabs.setCurrentIndex(0)
        self._show_pick_hint()

    def align_automatically(self) -> None:
        self.transform = None
        self._picking = False
        self._picks = []
        self._show_pick_hint()
        self.start_compare()

    def pick(self, viewer: DrawingViewer, page_point: QtCore.QPointF) -> None:
        """A point picked on ``viewer``'s sheet (page coordinates); the right sheet's turn only."""
        expected = self.old_viewer if len(self._picks) % 2 == 0 else self.new_viewer
        if not self._picking or viewer is not expected:
            return
        self._picks.append((page_point.x(), page_point.y()))
        if len(self._picks) == 4:
            self._picking = False
            self._apply_picks()
        self._show_pick_hint()

    def _apply_picks(self) -> None:
        old_doc, new_doc = self.old_viewer.document, self.new_viewer.document
        if old_doc is None or new_doc is None:
            return
        scale = compare_scale(new_doc.page_size(self.new_viewer.canvas.page))

        def pixels(point: tuple[float, float], page_height: float) -> tuple[float, float]:
            return point[0] * scale, (page_height - point[1]) * scale

        old_h = old_doc.page_size(self.old_viewer.canvas.page)[1]
        new_h = new_doc.page_size(self.new_viewer.canvas.page)[1]
        o1, n1, o2, n2 = self._picks
        try:
            self.transform = two_point_transform(
                (pixels(o1, old_h), pixels(o2, old_h)), (pixels(n1, new_h), pixels(n2, new_h))
            )
        except ValueError:
            self.transform = None
            self.pick_hint.setText(self.tr("Punkterna låg för nära varandra. Försök igen."))
            return
        self.tabs.setCurrentIndex(1)
        self.start_compare()

    def _show_pick_hint(self) -> None:
        if not self._picking:
            self.pick_hint.setText("")
            return
        steps = [
            self.tr("Klicka på en första punkt i den äldre ritningen."),
            self.tr("Klicka på samma punkt i den nyare ritningen."),
            self.tr("Klicka på en andra punkt, långt från den första, i den äldre ritningen."),
            self.tr("Klicka på samma andra punkt i den nyare ritningen."),
        ]
        self.pick_hint.setText(steps[min(len(self._picks), 3)])

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if self._picking and event.type() == QtCore.QEvent.Type.MouseButtonRelease:
            for viewer in (self.old_viewer, self.new_viewer):
                if watched is viewer.canvas.viewport():
                    assert isinstance(event, QtGui.QMouseEvent)
                    scene = viewer.canvas.mapToScene(event.position().toPoint())
                    self.pick(viewer, viewer.canvas.scene_to_page(scene))
        return False

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._task is not None:
            self._task.cancel()
        self.old_viewer.close_document()
        self.new_viewer.close_document()
        super().closeEvent(event)


def open_compare(
    drawings: DrawingsHost,
    services: Services,
    old: Document,
    new: Document,
    parent: QtWidgets.QWidget | None = None,
) -> CompareWindow:
    """Two documents (from the store, fetched into it first) side by side and overlaid. ``parent``
    (the window it was opened from) takes it along when it closes (signing out). A case's ``new``
    document gets the drawings host's clouds hook (clouds around the changes, as its markups)."""
    from ui.case.documents import document_bytes

    window = CompareWindow(drawings.engine, old.title or old.filename, new.title or new.filename, parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if drawings.clouds is not None and new.case_id is not None:  # an archived sheet takes no markups
        window.clouds = drawings.clouds(window, drawings, services, old, new)
    window.show()
    window.open(
        document_bytes(services, old),
        document_bytes(services, new),
        old_sha256=old.sha256,
        new_sha256=new.sha256,
    )
    return window
