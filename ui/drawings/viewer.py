"""The drawing viewer: the canvas with its controls (zoom, fit, turn, pages), the page size, and a plain
Swedish message instead of the drawing when it cannot be shown. :class:`DrawingWindow` is one drawing in a
window of its own."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from pathlib import Path

import shiboken6

from caseworker.drawings.engine import Document, RenderEngine
from caseworker.drawings.images import PixelImage
from ui.drawings.canvas import ZOOM_STEP, DrawingCanvas
from ui.drawings.messages import error_message, paper_size
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.widgets import Retranslated

log = logging.getLogger(__name__)

Source = Path | bytes


class DrawingViewer(Retranslated, QtWidgets.QWidget):
    """Open a drawing with :meth:`open`; everything after that runs without blocking the UI."""

    opened = Signal(object)  # the Document
    failed = Signal(str)  # the message shown

    def __init__(self, engine: RenderEngine, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.document: Document | None = None
        self.error: str | None = None
        self._task: asyncio.Task[None] | None = None
        self.canvas = DrawingCanvas(engine)
        self.canvas.setObjectName("drawingCanvas")
        self.canvas.zoomChanged.connect(lambda *_: self._show_state())
        self.canvas.renderFailed.connect(self._render_failed)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("drawingMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMargin(24)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.message)

        self.toolbar = QtWidgets.QToolBar()
        self.toolbar.setObjectName("drawingToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.zoom_out_action = self._action("zoomOut", lambda: self.canvas.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_action = self._action("zoomIn", lambda: self.canvas.zoom_by(ZOOM_STEP))
        self.actual_size_action = self._action("actualSize", lambda: self.canvas.set_zoom(1.0))
        self.fit_page_action = self._action("fitPage", self.canvas.fit_page)
        self.fit_width_action = self._action("fitWidth", self.canvas.fit_width)
        self.rotate_action = self._action("rotate", self.canvas.turn_clockwise)
        self.toolbar.addSeparator()
        self.previous_action = self._action("previousPage", lambda: self.go_to_page(self.canvas.page - 1))
        self.page_label = QtWidgets.QLabel()
        self.page_box = QtWidgets.QSpinBox()
        self.page_box.setObjectName("pageBox")
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda n: self.go_to_page(n - 1))
        self.page_label.setBuddy(self.page_box)
        self.page_count = QtWidgets.QLabel()
        for w in (self.page_label, self.page_box, self.page_count):
            self.toolbar.addWidget(w)
        self.next_action = self._action("nextPage", lambda: self.go_to_page(self.canvas.page + 1))
        self.first_action = QtGui.QAction(self)
        self.first_action.triggered.connect(lambda: self.go_to_page(0))
        self.last_action = QtGui.QAction(self)
        self.last_action.triggered.connect(lambda: self.go_to_page(1 << 30))
        for action in (self.first_action, self.last_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        # the status line under the drawing: zoom and paper size
        self.zoom_label = QtWidgets.QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.size_label = QtWidgets.QLabel()
        self.size_label.setObjectName("pageSizeLabel")
        status = QtWidgets.QHBoxLayout()
        status.setContentsMargins(8, 2, 8, 2)
        status.addWidget(self.size_label)
        status.addStretch(1)
        status.addWidget(self.zoom_label)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(status)
        self.setFocusProxy(self.canvas)
        self.retranslate()
        self._show_state()

    def _action(self, name: str, slot: object) -> QtGui.QAction:
        action = QtGui.QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)  # the shortcuts work wherever the focus is inside the viewer
        self.toolbar.addAction(action)
        return action

    def retranslate(self) -> None:
        key = QtGui.QKeySequence
        texts: list[tuple[QtGui.QAction, str, list[QtGui.QKeySequence]]] = [
            (self.zoom_out_action, self.tr("Zooma &ut"), [key("Ctrl+-"), key("-")]),
            (self.zoom_in_action, self.tr("Zooma &in"), [key("Ctrl++"), key("+"), key("Ctrl+=")]),
            (self.actual_size_action, self.tr("&Verklig storlek"), [key("Ctrl+1")]),
            (self.fit_page_action, self.tr("Anpassa till &sidan"), [key("Ctrl+0")]),
            (self.fit_width_action, self.tr("Anpassa till &bredden"), [key("Ctrl+2")]),
            (self.rotate_action, self.tr("&Rotera 90°"), [key("Ctrl+R"), key("Ctrl+Shift++")]),
            (self.previous_action, self.tr("&Föregående sida"), [key("PgUp")]),
            (self.next_action, self.tr("&Nästa sida"), [key("PgDown")]),
            (self.first_action, self.tr("Första sidan"), [key("Ctrl+Home")]),
            (self.last_action, self.tr("Sista sidan"), [key("Ctrl+End")]),
        ]
        for action, text, shortcuts in texts:
            action.setText(text)
            action.setShortcuts(shortcuts)
            plain = text.replace("&", "")
            action.setToolTip(f"{plain} ({shortcuts[0].toString(key.SequenceFormat.NativeText)})")
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(plain)
        self.page_label.setText(self.tr("Sid&a"))
        self.page_box.setAccessibleName(self.tr("Sidnummer"))
        self.canvas.setAccessibleName(self.tr("Ritning"))
        self.canvas.viewport().setAccessibleName(self.tr("Ritning"))
        self.canvas.setAccessibleDescription(
            self.tr("Ctrl+hjulet zoomar, dra eller piltangenterna panorerar, PgUp och PgDn byter sida")
        )
        self.message.setAccessibleName(self.tr("Meddelande"))
        self.toolbar.setWindowTitle(self.tr("Ritningsverktyg"))
        if self.error is not None and self._error_source is not None:
            self._show_message(error_message(self._error_source))
        self._show_state()

    # --- opening ------------------------------------------------------------------------------------

    _error_source: BaseException | None = None

    def open(self, source: Source | Awaitable[Source], *, sha256: str | None = None) -> asyncio.Task[None]:
        """Open a file, document bytes, or what an awaitable gives (e.g. the bytes fetched into the
        store); the cached preview (by ``sha256``) shows at once, then the page fitted to the view."""
        if self._task is not None:
            self._task.cancel()
        self._task = run_op(self, self._open(source, sha256))
        return self._task

    async def _open(self, source: Source | Awaitable[Source], sha256: str | None) -> None:
        try:
            if sha256 is not None:
                preview: PixelImage | None = await asyncio.wrap_future(self.engine.preview_of(sha256, 0))
                if preview is not None and self.document is None:
                    self.canvas.show_preview(preview)
            if not isinstance(source, Path | bytes):
                source = await source
            document = await asyncio.wrap_future(self.engine.open(source, sha256=sha256))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is shown as a message; the cause is logged
            log.info("a drawing could not be opened: %s", exc)
            self._failed(exc)
            return
        if not shiboken6.isValid(self):
            self.engine.close_document(document)
            return
        self.document = document
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(document.page_count)
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.canvas.set_document(document)
        self._show_state()
        self.opened.emit(document)

    def close_document(self) -> None:
        """Stop rendering and let the engine drop the document (the window is closing)."""
        if self._task is not None:
            self._task.cancel()
        self.canvas.cancel_all()
        if self.document is not None:
            self.engine.close_document(self.document)
            self.document = None
            self.canvas.document = None

    # --- pages --------------------------------------------------------------------------------------

    def go_to_page(self, page: int) -> None:
        """Page ``page`` (from 0; clamped to the drawing's pages)."""
        if self.document is None:
            return
        page = max(0, min(page, self.document.page_count - 1))
        if page != self.canvas.page:
            self.canvas.show_page(page)
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self._show_state()

    def _show_state(self) -> None:
        count = self.document.page_count if self.document is not None else 0
        self.page_count.setText(self.tr("av {count}").format(count=count) if count else "")
        self.page_box.setEnabled(count > 1)
        self.previous_action.setEnabled(count > 1 and self.canvas.page > 0)
        self.next_action.setEnabled(count > 1 and self.canvas.page < count - 1)
        shown = self.document is not None and self.error is None
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.actual_size_action,
            self.fit_page_action,
            self.fit_width_action,
            self.rotate_action,
        ):
            action.setEnabled(shown)
        self.zoom_label.setText(self.tr("{percent} %").format(percent=round(self.canvas.zoom * 100)))
        w, h = self.canvas.page_size()
        self.size_label.setText(paper_size((w, h)) if w > 0 and h > 0 else "")

    # --- failures -----------------------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._error_source = exc
        self._show_message(error_message(exc))
        self._show_state()

    def _show_message(self, text: str) -> None:
        self.error = text
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.failed.emit(text)

    @QtCore.Slot(object)
    def _render_failed(self, exc: BaseException) -> None:
        log.info("a piece of a drawing could not be rendered: %s", exc)
        self._failed(exc)


class DrawingWindow(Retranslated, QtWidgets.QMainWindow):
    """One drawing in a window of its own (several can be open, on any screen)."""

    closed = Signal()

    def __init__(self, engine: RenderEngine, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingWindow")
        self.title = title
        self.viewer = DrawingViewer(engine, self)
        self.setCentralWidget(self.viewer)
        self.close_action = QtGui.QAction(self)
        self.close_action.setShortcuts([QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Close)])
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        self.resize(1100, 800)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("{title} – Ritningsvisaren").format(title=self.title))
        self.close_action.setText(self.tr("Stäng"))

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.viewer.close_document()
        super().closeEvent(event)
        self.closed.emit()
