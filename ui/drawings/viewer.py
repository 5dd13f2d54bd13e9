"""The drawing viewer: the canvas with its controls (zoom, fit, zoom to an area, turn, pages, print, save
the view), page thumbnails for a drawing of several pages, the sheet's size and stated scale, and a plain
Swedish message instead of the drawing when it cannot be shown. :class:`DrawingWindow` is one drawing in a
window of its own (Esc closes it; a file dropped on it opens in another window)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import shiboken6

from caseworker.drawings.engine import Document, RenderEngine
from caseworker.drawings.images import PixelImage
from caseworker.drawings.sheet import sheet_scale
from ui.dialogs import ask
from ui.drawings import printing
from ui.drawings.canvas import ZOOM_STEP, DrawingCanvas
from ui.drawings.drops import FileDrops
from ui.drawings.messages import asks_for_password, error_message, paper_size
from ui.drawings.thumbnails import ThumbnailStrip
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtPrintSupport, QtWidgets, Signal
from ui.widgets import Retranslated, fitted_to_screen

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
        # an encrypted drawing: a user who has the password gives it here
        self.password_label = QtWidgets.QLabel()
        self.password_box = QtWidgets.QLineEdit()
        self.password_box.setObjectName("drawingPassword")
        self.password_box.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.password_label.setBuddy(self.password_box)
        self.password_button = QtWidgets.QPushButton()
        self.password_button.setObjectName("openWithPassword")
        self.password_button.clicked.connect(self._open_with_password)
        self.password_box.returnPressed.connect(self.password_button.click)
        self.password_row = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(self.password_row)
        row.addStretch(1)
        for part in (self.password_label, self.password_box, self.password_button):
            row.addWidget(part)
        row.addStretch(1)
        self.password_row.hide()
        self.message_page = QtWidgets.QWidget()
        self.message_page.setObjectName("drawingMessagePage")
        page_layout = QtWidgets.QVBoxLayout(self.message_page)
        page_layout.addStretch(1)
        page_layout.addWidget(self.message)
        page_layout.addWidget(self.password_row)
        page_layout.addStretch(2)
        self._source: Path | bytes | None = None  # what was opened, to open again with a password
        self._sha256: str | None = None
        self._password: str | None = None
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.message_page)
        self.thumbnails = ThumbnailStrip(engine)
        self.thumbnails.pageChosen.connect(self.go_to_page)
        self.thumbnails.hide()
        self.canvas.pieceArrived.connect(self._first_piece)
        self.canvas.viewChanged.connect(lambda *_: self._show_state())
        self.scales: dict[int, str | None] = {}  # the scale each page states (None: it states none)
        self._jobs: set[asyncio.Task[None]] = set()
        # what a print shows instead of the drawing as opened, if it gives bytes: the drawing with the
        # markups shown as annotations (set by ui/markups/exchange.py; this layer never imports it)
        self.print_with: Callable[[], Awaitable[bytes | None]] | None = None

        self.toolbar = QtWidgets.QToolBar()
        self.toolbar.setObjectName("drawingToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.zoom_out_action = self._action("zoomOut", lambda: self.canvas.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_action = self._action("zoomIn", lambda: self.canvas.zoom_by(ZOOM_STEP))
        self.actual_size_action = self._action("actualSize", lambda: self.canvas.set_zoom(1.0))
        self.fit_page_action = self._action("fitPage", self.canvas.fit_page)
        self.fit_width_action = self._action("fitWidth", self.canvas.fit_width)
        self.rotate_action = self._action("rotate", self.canvas.turn_clockwise)
        self.zoom_tool_action = self._action("zoomTool", self.canvas.set_zoom_tool)
        self.zoom_tool_action.setCheckable(True)
        self.canvas.zoomToolChanged.connect(self.zoom_tool_action.setChecked)
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
        self.thumbnails_action = self._action("thumbnails", self._show_thumbnails)
        self.thumbnails_action.setCheckable(True)
        self.thumbnails_action.setChecked(True)
        self.toolbar.addSeparator()
        self.print_action = self._action("print", lambda: self._start(self.print_dialog(whole=True)))
        self.print_view_action = self._action(
            "printView", lambda: self._start(self.print_dialog(whole=False)), toolbar=False
        )
        self.save_view_action = self._action("saveView", lambda: self._start(self.save_view_dialog()))
        self.first_action = self._action("firstPage", lambda: self.go_to_page(0), toolbar=False)
        self.last_action = self._action("lastPage", lambda: self.go_to_page(1 << 30), toolbar=False)
        self.go_to_action = self._action("goToPage", self.focus_page_box, toolbar=False)
        # the status line under the drawing: zoom and paper size
        self.zoom_label = QtWidgets.QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.size_label = QtWidgets.QLabel()
        self.size_label.setObjectName("pageSizeLabel")
        self.scale_label = QtWidgets.QLabel()
        self.scale_label.setObjectName("sheetScaleLabel")
        self.notice = QtWidgets.QLabel()  # what a print or a save did
        self.notice.setObjectName("drawingNotice")
        status = QtWidgets.QHBoxLayout()
        status.setContentsMargins(8, 2, 8, 2)
        status.addWidget(self.size_label)
        status.addSpacing(16)
        status.addWidget(self.scale_label)
        status.addSpacing(16)
        status.addWidget(self.notice, 1)
        status.addWidget(self.zoom_label)
        body = QtWidgets.QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.thumbnails)
        body.addWidget(self.stack, 1)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addLayout(body, 1)
        layout.addLayout(status)
        self.setFocusProxy(self.canvas)
        self.retranslate()
        self._show_state()

    def _action(self, name: str, slot: object, *, toolbar: bool = True) -> QtGui.QAction:
        action = QtGui.QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)  # the shortcuts work wherever the focus is inside the viewer
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def retranslate(self) -> None:
        key = QtGui.QKeySequence
        texts: list[tuple[QtGui.QAction, str, list[QtGui.QKeySequence]]] = [
            (self.zoom_out_action, self.tr("Zooma &ut"), [key("Ctrl+-"), key("-")]),
            (self.zoom_in_action, self.tr("Zooma &in"), [key("Ctrl++"), key("+"), key("Ctrl+=")]),
            (self.actual_size_action, self.tr("&100 %"), [key("Ctrl+1")]),
            (self.fit_page_action, self.tr("Hela &sidan"), [key("Ctrl+0")]),
            (self.fit_width_action, self.tr("Sid&bredd"), [key("Ctrl+2")]),
            (self.rotate_action, self.tr("&Rotera"), [key("Ctrl+R"), key("Ctrl+Shift++")]),
            (self.zoom_tool_action, self.tr("Zooma o&mråde"), [key("Ctrl+Shift+Z")]),
            (self.previous_action, self.tr("&Föregående"), [key("PgUp")]),
            (self.next_action, self.tr("&Nästa"), [key("PgDown")]),
            (self.thumbnails_action, self.tr("Miniat&yrer"), [key("F4")]),
            (self.print_action, self.tr("S&kriv ut…"), [key("Ctrl+P")]),
            (self.print_view_action, self.tr("Skriv ut synlig de&l…"), [key("Ctrl+Shift+P")]),
            (self.save_view_action, self.tr("Spara bil&d…"), [key("Ctrl+Shift+S")]),
            (self.first_action, self.tr("Första sidan"), [key("Home"), key("Ctrl+Home")]),
            (self.last_action, self.tr("Sista sidan"), [key("End"), key("Ctrl+End")]),
            (self.go_to_action, self.tr("&Gå till sida…"), [key("Ctrl+G")]),
        ]
        for action, text, shortcuts in texts:
            action.setText(text)
            action.setShortcuts(shortcuts)
            plain = text.replace("&", "").replace("…", "")
            action.setToolTip(f"{plain} ({shortcuts[0].toString(key.SequenceFormat.NativeText)})")
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(plain)
        self.page_label.setText(self.tr("Sid&a"))
        self.page_box.setAccessibleName(self.tr("Sidnummer"))
        self.canvas.setAccessibleName(self.tr("Ritning"))
        self.canvas.viewport().setAccessibleName(self.tr("Ritning"))
        self.canvas.setAccessibleDescription(
            self.tr(
                "Ctrl+hjulet zoomar, dra, mellanslag+dra eller piltangenterna panorerar, Skift+dra zoomar "
                "till ett område, PgUp och PgDn byter sida"
            )
        )
        self.thumbnails.retranslate()
        self.message.setAccessibleName(self.tr("Meddelande"))
        self.password_label.setText(self.tr("Lösen&ord:"))
        self.password_box.setAccessibleName(self.tr("Ritningens lösenord"))
        self.password_button.setText(self.tr("Ö&ppna"))
        self.password_button.setAccessibleName(self.tr("Öppna med lösenordet"))
        self.toolbar.setWindowTitle(self.tr("Ritningsverktyg"))
        if self.error is not None and self._error_source is not None:
            self._show_message(error_message(self._error_source))
        self._show_state()

    # --- opening ------------------------------------------------------------------------------------

    @property
    def source(self) -> Path | bytes | None:
        """What the drawing shown was opened from: its file, or its bytes (from the encrypted store)."""
        return self._source

    _error_source: BaseException | None = None

    def open(self, source: Source | Awaitable[Source], *, sha256: str | None = None) -> asyncio.Task[None]:
        """Open a file, document bytes, or what an awaitable gives (e.g. the bytes fetched into the
        store); the cached preview (by ``sha256``) shows at once, then the page fitted to the view."""
        if self._task is not None:
            self._task.cancel()
        self._task = run_op(self, self._open(source, sha256, None))
        return self._task

    def _open_with_password(self) -> None:
        if self._source is None or not self.password_box.text():
            return
        if self._task is not None:
            self._task.cancel()
        self.error = None  # trying again
        self._task = run_op(self, self._open(self._source, self._sha256, self.password_box.text()))

    async def _open(
        self, source: Source | Awaitable[Source], sha256: str | None, password: str | None
    ) -> None:
        self._password = password
        try:
            if sha256 is not None and password is None:
                preview: PixelImage | None = await asyncio.wrap_future(self.engine.preview_of(sha256, 0))
                if preview is not None and self.document is None:
                    self.canvas.show_preview(preview)
            if not isinstance(source, Path | bytes):
                source = await source
            self._source, self._sha256 = source, sha256
            document = await asyncio.wrap_future(self.engine.open(source, sha256=sha256, password=password))
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
        self.error = self._error_source = None
        self.password_box.clear()
        self.stack.setCurrentWidget(self.canvas)
        self.setFocusProxy(self.canvas)
        self.scales.clear()
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(document.page_count)
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.thumbnails.set_document(document, 0)
        self._show_thumbnails()
        layout = self.layout()
        assert layout is not None
        layout.activate()  # the canvas has its size beside the thumbnails before the page is fitted to it
        self.canvas.set_document(document)
        self.thumbnails.show_page(self.canvas.page)
        self._show_state()
        self.opened.emit(document)

    def close_document(self) -> None:
        """Stop rendering and let the engine drop the document (the window is closing)."""
        if self._task is not None:
            self._task.cancel()
        for job in list(self._jobs):
            job.cancel()
        self.thumbnails.stop()
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
        self.thumbnails.show_page(page)
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
            self.zoom_tool_action,
            self.print_action,
            self.print_view_action,
            self.save_view_action,
        ):
            action.setEnabled(shown)
        self.first_action.setEnabled(count > 1)
        self.last_action.setEnabled(count > 1)
        self.go_to_action.setEnabled(count > 1)
        self.thumbnails_action.setEnabled(count > 1)
        self.zoom_label.setText(self.tr("{percent} %").format(percent=round(self.canvas.zoom * 100)))
        w, h = self.canvas.unturned_page_size()  # the sheet as it is, whichever way it is shown
        size = paper_size((w, h)) if w > 0 and h > 0 else ""
        if size and self.canvas.rotation:
            size = self.tr("{size} (visas vriden {degrees}°)").format(
                size=size, degrees=self.canvas.rotation * 90
            )
        self.size_label.setText(size)
        scale = self.scales.get(self.canvas.page) if self.document is not None else None
        self.scale_label.setText(self.tr("Skala {scale}").format(scale=scale) if scale else "")
        if self.document is not None and self.error is None and self.canvas.page not in self.scales:
            self.scales[self.canvas.page] = None  # asked once a page
            self._start(self._read_scale(self.document, self.canvas.page))

    # --- what the sheet says, thumbnails ------------------------------------------------------------

    async def _read_scale(self, document: Document, page: int) -> None:
        """The scale the page states, read from its text in the engine's worker."""
        try:
            text = await asyncio.wrap_future(self.engine.page_text(document, page))
        except Exception as exc:  # noqa: BLE001 - no scale is shown; the page itself reports real trouble
            log.info("the sheet's text could not be read: %s", exc)
            return
        if document is self.document:
            self.scales[page] = sheet_scale(text)
            self._show_state()

    def _first_piece(self) -> None:
        """The view has its first render: now the thumbnails may use the workers."""
        if self.thumbnails.isVisible():
            self.thumbnails.start()

    def _show_thumbnails(self) -> None:
        many = self.document is not None and self.document.page_count > 1
        self.thumbnails.setVisible(many and self.thumbnails_action.isChecked())
        if self.thumbnails.isVisible() and self.canvas.pending == 0:
            self.thumbnails.start()

    def focus_page_box(self) -> None:
        """Go to page: the page number box, its number selected to type over."""
        self.page_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page_box.selectAll()

    # --- print and save -----------------------------------------------------------------------------

    def _start(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Background work of this viewer (ui.ops: an unexpected failure is reported, never lost);
        stopped when the document closes."""
        task = run_op(self, coro)
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    def _print_area(self, whole: bool) -> QtCore.QRectF:
        page = self.canvas.sceneRect()
        if whole:
            return page
        return self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect().intersected(page)

    async def print_dialog(self, *, whole: bool) -> None:
        """The system print dialog, then the print (the sheet, or the part in view)."""
        if self.document is None:
            return
        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        printing.orient(printer, self._print_area(whole))
        dialog = QtPrintSupport.QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Skriv ut ritningen") if whole else self.tr("Skriv ut synlig del"))
        if await ask(dialog) != QtWidgets.QDialog.DialogCode.Accepted:
            return
        await self.print_to(printer, whole=whole)

    async def print_to(self, printer: QtPrintSupport.QPrinter, *, whole: bool) -> printing.Printed | None:
        """Print on ``printer`` (already set up); says in the status line what was printed."""
        document = self.document
        if document is None:
            return None
        self.notice.setText(self.tr("Skriver ut…"))
        area, page, rotation = self._print_area(whole), self.canvas.page, self.canvas.rotation
        try:
            async with self._as_shown(document) as shown:
                self.notice.setText(self.tr("Skriver ut…"))
                done = await printing.print_area(printer, self.engine, shown, page, rotation, area)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - shown in plain words; the cause is logged
            log.warning("a drawing could not be printed: %s", exc)
            self.notice.setText(self.tr("Utskriften misslyckades: {why}").format(why=error_message(exc)))
            return None
        if done.factor < 1:
            self.notice.setText(
                self.tr(
                    "Utskriven förminskad till {percent} % (papperet är mindre än ritningen), {dpi} dpi"
                ).format(percent=math.floor(done.factor * 100), dpi=done.dpi)
            )
        else:
            self.notice.setText(self.tr("Utskriven skalenligt, {dpi} dpi").format(dpi=done.dpi))
        return done

    @contextlib.asynccontextmanager
    async def _as_shown(self, document: Document) -> AsyncIterator[Document]:
        """The drawing as the viewer shows it: with the markups the hook (``print_with``) draws into it
        while they are shown, else ``document`` itself (paper and a saved
        picture show what the screen does)."""
        data = await self.print_with() if self.print_with is not None else None
        if data is None:
            yield document
            return
        drawn = await asyncio.wrap_future(self.engine.open(data))
        try:
            yield drawn
        finally:
            self.engine.close_document(drawn)

    async def save_view_dialog(self) -> None:
        """Ask where, then save the visible area as a PNG picture."""
        if self.document is None:
            return
        dialog = QtWidgets.QFileDialog(self, self.tr("Spara vyn som bild"))
        dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PNG-bild (*.png)"))
        dialog.setDefaultSuffix("png")
        dialog.selectFile(self.suggested_png_name())
        if await ask(dialog) != QtWidgets.QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return
        await self.save_view(Path(dialog.selectedFiles()[0]))

    def suggested_png_name(self) -> str:
        """The drawing's title and page as a file name ("Fasadritning, sida 2.png"): the save dialog
        otherwise opened with an empty name. Characters Windows refuses in a name become "-"."""
        title = str(getattr(self.window(), "title", "") or self.tr("Ritning"))
        if Path(title).suffix.lower() in (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"):
            title = Path(title).stem  # a file opened from the computer: its name without the type
        if self.document is not None and self.document.page_count > 1:
            title = self.tr("{title}, sida {page}").format(title=title, page=self.canvas.page + 1)
        return "".join("-" if c in '\\/:*?"<>|' else c for c in title).strip(" .") + ".png"

    async def save_view(self, path: Path) -> bool:
        """The visible area, as sharp as shown and with the markups shown, into ``path`` (PNG)."""
        document = self.document
        scale = self.canvas.render_scale()
        view = self.canvas.visible_pixels(scale)
        if document is None or view is None:
            return False
        try:
            async with self._as_shown(document) as shown:
                await printing.save_png(
                    self.engine, shown, self.canvas.page, self.canvas.rotation, scale, view, path
                )
        except asyncio.CancelledError:
            raise
        except OSError as exc:
            log.warning("the view could not be saved: %s", exc)
            self.notice.setText(self.tr("Bilden kunde inte sparas där. Välj en annan mapp."))
            return False
        except Exception as exc:  # noqa: BLE001 - shown in plain words; the cause is logged
            log.warning("the view could not be saved: %s", exc)
            self.notice.setText(error_message(exc))
            return False
        self.notice.setText(self.tr("Vyn sparades som {name}").format(name=path.name))
        return True

    # --- failures -----------------------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._error_source = exc
        self._show_message(error_message(exc))
        can_try = asks_for_password(exc) and self.document is None
        self.password_row.setVisible(can_try)
        if can_try:
            self.password_box.selectAll()
            self.password_box.setFocus()
        self._show_state()

    def _show_message(self, text: str) -> None:
        self.error = text
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message_page)
        # the hidden canvas as focus proxy would end the Tab chain (a trap on the password row)
        self.setFocusProxy(None)  # type: ignore[arg-type]
        self.failed.emit(text)

    @QtCore.Slot(object)
    def _render_failed(self, exc: BaseException) -> None:
        log.info("a piece of a drawing could not be rendered: %s", exc)
        self._failed(exc)


class DrawingWindow(Retranslated, QtWidgets.QMainWindow):
    """One drawing in a window of its own (several can be open, on any screen)."""

    closed = Signal()
    filesDropped = Signal(list)  # list[Path]: files dropped on the window, to open

    def __init__(self, engine: RenderEngine, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingWindow")
        self.title = title
        self.viewer = DrawingViewer(engine, self)
        self.setCentralWidget(self.viewer)
        self.close_action = QtGui.QAction(self)
        self.close_action.setShortcuts(
            [QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Close), QtGui.QKeySequence(Qt.Key.Key_Escape)]
        )
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        # markups belong to a case's document: ui/markups/window.py enables this for one (offer_markups)
        self.markups: QtCore.QObject | None = None  # the markups of a case's document (ui/markups)
        self.markups_action = QtGui.QAction(self)
        self.markups_action.setObjectName("markups")
        self.markups_action.setCheckable(True)
        self.markups_action.setEnabled(False)
        self.markups_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        first = self.viewer.toolbar.actions()[0]  # first in the bar: a wide window's overflow hides the end
        self.viewer.toolbar.insertAction(first, self.markups_action)
        self.viewer.toolbar.insertSeparator(first)
        self.addAction(self.markups_action)
        FileDrops(self).dropped.connect(self.filesDropped)
        self.resize(fitted_to_screen(self, QtCore.QSize(1100, 800)))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("{title} – Ritningsvisaren").format(title=self.title))
        self.close_action.setText(self.tr("Stäng"))
        action = self.markups_action
        action.setText(self.tr("Mark&eringar"))
        action.setShortcuts([QtGui.QKeySequence("Ctrl+M"), QtGui.QKeySequence("M")])
        if action.isEnabled():
            tip = self.tr("Visa markeringar, verktyg och markeringslistan (Ctrl+M)")
        else:
            tip = self.tr(
                "Markeringar hör till ett ärendes handling: öppna ritningen från ärendets handlingar för att "
                "markera i den"
            )
        action.setToolTip(tip)
        button = self.viewer.toolbar.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(self.tr("Markeringar"))
            button.setAccessibleDescription(tip)

    def offer_markups(self) -> QtGui.QAction:
        """The drawing is a case's document: the markups toggle is enabled (the caller wires it)."""
        self.markups_action.setEnabled(True)
        self.retranslate()
        return self.markups_action

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.viewer.close_document()
        super().closeEvent(event)
        self.closed.emit()
