"""Export, import and print markups (issue 13, item 7): the "Exportera/Importera" button of the markup
tools, with

* **Spara ritning med markeringar (PDF)** (Ctrl+Shift+E): the drawing with its markups as standard PDF
  annotations with appearance streams (``caseworker.markups.export_pdf``), which other readers show;
* **Exportera XFDF** / **Importera XFDF** (Ctrl+Shift+I): the markups for other review tools. An import is
  parsed off the UI thread by the core's hostile-input reader; a refused file changes nothing and says why.
  The markups read are added through the editor as ONE undoable step, each one an outbox write like a drawn
  markup, its replies following it. Markups made on another revision of the drawing (another sha256) are
  not imported: never moved;
* **Skriv ut med markeringar** (Ctrl+P in the drawing window): the viewer's print, through its
  ``print_with`` hook: while the markups are shown, the print renders the annotated PDF (the engine draws
  annotations), so paper shows what the exported PDF shows;
* **Sammanställning av markeringar (PDF)**: the markups list as a report (``caseworker.markups.report``).

Files are read, written and rendered off the UI thread (``ui.ops``); the viewer's status line says what is
happening and what came of it; a refusal is a Swedish message box, never a traceback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from caseworker.markups import Markup, MarkupError, export_pdf, read_xfdf, write_xfdf
from caseworker.markups.model import read_limited
from caseworker.markups.pdf import MAX_PDF_BYTES
from caseworker.markups.xfdf import MAX_XFDF_BYTES, XfdfError
from ui.dialogs import ask
from ui.errors import user_message
from ui.markups.editor import AddCommand, MarkupEditor
from ui.ops import run_op, show_error
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.widgets import Retranslated

if TYPE_CHECKING:
    from ui.markups.workspace import MarkupSession

log = logging.getLogger(__name__)
T = TypeVar("T")


class ExchangeRefused(Exception):
    """An export or import that could not be done, with the Swedish text for the user (``ui.errors``
    shows an error's own ``user_message``)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.user_message = text


def documents_folder() -> Path:
    """The user's Documents folder (the home folder if the system names none), never the working folder."""
    where = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(where) if where and Path(where).is_dir() else Path.home()


def file_name(title: str, ending: str) -> str:
    """``title`` (a document's title or file name, its own ending dropped) as a file name Windows takes."""
    stem = Path(title).stem if Path(title).suffix.lower() in (".pdf", ".tif", ".tiff", ".png") else title
    return "".join("-" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in stem).strip(" .") + ending


def _source_bytes(source: Path | bytes) -> bytes:
    return source if isinstance(source, bytes) else read_limited(source, MAX_PDF_BYTES)


class ImportedAdd(AddCommand):
    """An imported markup: added as a new one is, then the replies of its thread, each a reply through
    the outbox once the markup is in the store (the writes are sent in order: the reply names the id the
    add gave). A reply by someone else says who wrote it: the platform records the importer as its author."""

    def __init__(self, editor: MarkupEditor, markup: Markup, text: str) -> None:
        super().__init__(editor, markup, text)
        self.replies = [
            f"{r.author}: {r.text}" if r.author and r.author != editor.author else r.text
            for r in markup.replies
        ]

    def redo(self) -> None:
        super().redo()
        handle, writes = self.handle, self.editor.writes
        for text in self.replies:  # the id is read when the reply is sent: the add has given it by then
            reply = functools.partial(lambda t: writes.reply_to_annotation(handle.id, t), text)
            self.editor.queue_write(reply)


class MarkupExchange(Retranslated, QtWidgets.QToolButton):
    """The export, import and print button of one markup session (its menu holds the actions)."""

    finished = Signal(str)  # what an export, import or print came to (the status line's text)

    def __init__(self, session: MarkupSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.viewer = session.viewer
        self.setObjectName("markupExchange")
        self.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.menu_of_actions = QtWidgets.QMenu(self)
        self.setMenu(self.menu_of_actions)
        self.save_pdf_action = self._action("savePdfWithMarkups", lambda: self.start(self.save_pdf_dialog()))
        self.print_action = self._action("printWithMarkups", self.viewer.print_action.trigger)
        self.menu_of_actions.addSeparator()
        self.export_xfdf_action = self._action("exportXfdf", lambda: self.start(self.export_xfdf_dialog()))
        self.import_xfdf_action = self._action("importXfdf", lambda: self.start(self.import_xfdf_dialog()))
        self.menu_of_actions.addSeparator()
        self.report_action = self._action("markupReport", lambda: self.start(self.report_dialog()))
        self.busy = False
        self.jobs: set[asyncio.Task[Any]] = set()
        # the case the drawing belongs to, for the report's heading ("BN 2026-000123, Fastighet 1:2"),
        # set by a drawing window opened from a case (ui/markups/window.py)
        self.case_label: Callable[[], Awaitable[str]] | None = None
        self.viewer.print_with = self.annotated_for_print  # the viewer's print shows the markups shown
        self.retranslate()

    def _action(self, name: str, slot: Callable[[], object]) -> QtGui.QAction:
        action = QtGui.QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        # the keys work anywhere in the window while the markup tools (this button among them) are shown
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.menu_of_actions.addAction(action)
        self.addAction(action)
        return action

    def retranslate(self) -> None:
        self.setText(self.tr("Exportera/Importera"))
        self.setAccessibleName(self.tr("Exportera, importera och skriv ut markeringar"))
        self.setToolTip(self.tr("Spara, exportera, importera och skriv ut ritningen med markeringar"))
        key = QtGui.QKeySequence
        texts = [
            (self.save_pdf_action, self.tr("Spara ritning med markeringar (PDF) …"), "Ctrl+Shift+E"),
            # Ctrl+P is the viewer's print (this, while the markups are shown): named here, not bound twice
            (self.print_action, self.tr("Skriv ut med markeringar …") + "\tCtrl+P", ""),
            (self.export_xfdf_action, self.tr("Exportera XFDF …"), ""),
            (self.import_xfdf_action, self.tr("Importera XFDF …"), "Ctrl+Shift+I"),
            (self.report_action, self.tr("Sammanställning av markeringar (PDF) …"), ""),
        ]
        for action, text, shortcut in texts:
            action.setText(text)
            action.setShortcut(key(shortcut))
        self.print_action.setToolTip(self.tr("Skriver ut ritningen med de markeringar som visas (Ctrl+P)"))

    # --- what is exported -------------------------------------------------------------------------------

    @property
    def sha256(self) -> str | None:
        return self.session.editor.document_sha256

    def title(self) -> str:
        document = self.session.document
        if document is not None:
            return str(document.title or document.filename)
        return str(getattr(self.window(), "title", "") or self.tr("Ritning"))

    def markups_of_this_revision(self, *, shown_only: bool) -> tuple[list[Markup], int]:
        """The markups bound to the revision shown (or to none), and how many belong to another revision
        (never exported onto this one). ``shown_only``: not those of reviewers whose layer is hidden."""
        layer = self.session.layer
        ours, others = [], 0
        for m in layer.markups.values():
            if shown_only and m.author in layer.hidden_authors:
                continue
            if m.document_sha256 and self.sha256 and m.document_sha256 != self.sha256:
                others += 1
            else:
                ours.append(m)
        return ours, others

    def _source(self) -> Path | bytes:
        source = self.viewer.source
        if source is None or self.viewer.document is None:
            raise ExchangeRefused(self.tr("Ritningen är inte öppen ännu."))
        return source

    def _annotate(self, markups: list[Markup]) -> Callable[[], bytes]:
        """A job for a worker thread: the drawing with ``markups`` as annotations (texts made here, on the
        UI thread)."""
        source, sha256 = self._source(), self.sha256
        not_pdf = self.tr(
            "Markeringarna kan bara sparas i en PDF-ritning som går att läsa; den här ritningen är ingen "
            "sådan (eller är lösenordsskyddad). Exportera XFDF i stället."
        )

        def job() -> bytes:
            try:
                return export_pdf(_source_bytes(source), markups, sha256=sha256)
            except MarkupError as exc:
                log.info("markups could not be written into the drawing: %s", exc)
                raise ExchangeRefused(not_pdf) from None

        return job

    # --- running the work -------------------------------------------------------------------------------

    def start(self, work: Coroutine[Any, Any, str | None]) -> asyncio.Task[str | None]:
        """Run ``work`` (ui.ops); its result text goes to the status line, a refusal to a message box."""
        task = run_op(self, work, on_success=self._done, on_failure=self._refused)
        self.jobs.add(task)
        task.add_done_callback(self.jobs.discard)
        return task

    async def off_thread(self, busy_text: str, job: Callable[[], T]) -> T:
        """``job`` in a worker thread while the status line says ``busy_text`` and the button waits."""
        self.busy = True
        self.setEnabled(False)
        self.viewer.notice.setText(busy_text)
        self.window().setCursor(Qt.CursorShape.BusyCursor)
        try:
            return await asyncio.to_thread(job)
        finally:
            self.busy = False
            self.setEnabled(True)
            self.window().unsetCursor()

    def _done(self, text: str | None) -> None:
        if text is None:  # the user cancelled the file dialog
            return
        self.viewer.notice.setText(text)
        self.finished.emit(text)

    def _refused(self, exc: BaseException) -> None:
        text = user_message(exc) or self.tr("Det gick inte.")
        self.viewer.notice.setText(text)
        box = show_error(self, text)
        box.setObjectName("markupExchangeError")
        self.finished.emit(text)

    async def ask_path(self, title: str, name_filter: str, ending: str, *, save: bool) -> Path | None:
        """A file dialog (window-modal, no nested loop) in the Documents folder; None if cancelled."""
        dialog = QtWidgets.QFileDialog(self.window(), title)
        dialog.setObjectName("markupExchangeFile")
        dialog.setNameFilter(name_filter)
        dialog.setDirectory(str(documents_folder()))
        if save:
            dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix(ending.lstrip(".").split(".")[-1])
            dialog.selectFile(str(documents_folder() / ending))
        else:
            dialog.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFile)
        try:
            if await ask(dialog) != QtWidgets.QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()

    async def write(self, busy_text: str, path: Path, make: Callable[[], bytes]) -> None:
        """What ``make`` gives written to ``path``, both in a worker thread."""
        not_written = self.tr("Filen %1 kunde inte sparas där. Välj en annan mapp.").replace("%1", path.name)

        def job() -> None:
            data = make()
            try:
                path.write_bytes(data)
            except OSError as exc:
                log.warning("an export could not be written: %s", type(exc).__name__)
                raise ExchangeRefused(not_written) from None

        await self.off_thread(busy_text, job)

    # --- the annotated PDF ------------------------------------------------------------------------------

    async def save_as(
        self, title: str, name_filter: str, name: str, save: Callable[[Path], Awaitable[str]]
    ) -> str | None:
        """Ask where (``name``, with ``%1`` for the drawing's title, offered), then ``save`` there."""
        ending = ".xfdf" if "xfdf" in name_filter else ".pdf"
        path = await self.ask_path(
            title, name_filter, file_name(name.replace("%1", self.title()), ending), save=True
        )
        return None if path is None else await save(path)

    async def save_pdf_dialog(self) -> str | None:
        return await self.save_as(
            self.tr("Spara ritning med markeringar"), self.tr("PDF-filer (*.pdf)"),
            self.tr("%1 med markeringar"), self.save_pdf,
        )  # fmt: skip

    async def save_pdf(self, path: Path) -> str:
        """The drawing with the markups shown (this revision's) as annotations, into ``path``."""
        markups, others = self.markups_of_this_revision(shown_only=True)
        await self.write(self.tr("Sparar ritningen med markeringar …"), path, self._annotate(markups))
        text = self.tr("Ritningen sparades med markeringar som %1 (%2 st.).")
        text = text.replace("%1", path.name).replace("%2", str(len(markups)))
        if others:
            text += " " + self._other_revision(others)
        return text

    def _other_revision(self, count: int) -> str:
        return self.tr(
            "Markeringar gjorda på en annan version av ritningen togs inte med (%1 st.; de flyttas aldrig)."
        ).replace("%1", str(count))

    async def annotated_for_print(self) -> bytes | None:
        """The viewer's print hook: the drawing with the markups shown as an annotated PDF, or None (print
        the drawing as it is) when the markups are switched off or there are none."""
        if not self.session.shown or not self.session.layer.shown:
            return None
        markups, _others = self.markups_of_this_revision(shown_only=True)
        if not markups:
            return None
        return await self.off_thread(
            self.tr("Förbereder utskrift med markeringar …"), self._annotate(markups)
        )

    # --- XFDF -------------------------------------------------------------------------------------------

    async def export_xfdf_dialog(self) -> str | None:
        return await self.save_as(
            self.tr("Exportera markeringar som XFDF"), self.tr("XFDF-filer (*.xfdf)"),
            self.tr("%1 markeringar"), self.export_xfdf,
        )  # fmt: skip

    async def export_xfdf(self, path: Path) -> str:
        """Every markup of the drawing (every reviewer's; their revision stated in each) as XFDF."""
        markups = list(self.session.layer.markups.values())
        source = file_name(self.title(), ".pdf")
        await self.write(
            self.tr("Exporterar markeringar …"), path, lambda: write_xfdf(markups, source=source)
        )
        text = self.tr("Markeringarna exporterades till %1 (%2 st.).")
        return text.replace("%1", path.name).replace("%2", str(len(markups)))

    async def import_xfdf_dialog(self) -> str | None:
        path = await self.ask_path(
            self.tr("Importera markeringar från XFDF"), self.tr("XFDF-filer (*.xfdf *.xml)"), "", save=False
        )
        return None if path is None else await self.import_xfdf(path)

    async def import_xfdf(self, path: Path) -> str:
        """The markups of the XFDF file ``path``, added as one undoable step (nothing if it is refused)."""
        if self.session.editor.document_id is None or self.viewer.document is None:
            raise ExchangeRefused(self.tr("Ritningen är inte öppen ännu."))

        refused = self.tr(
            "Filen %1 importerades inte: den är ingen giltig XFDF-fil, är för stor eller innehåller något "
            "som inte tillåts (till exempel DTD eller entiteter). Inget har ändrats."
        ).replace("%1", path.name)
        unreadable = self.tr("Filen %1 gick inte att läsa. Inget har ändrats.").replace("%1", path.name)

        def job() -> list[Markup]:
            try:
                if path.is_file() and path.stat().st_size > MAX_XFDF_BYTES:  # not read at all
                    raise XfdfError(f"the XFDF file is larger than {MAX_XFDF_BYTES >> 20} MB")
                return read_xfdf(read_limited(path, MAX_XFDF_BYTES))
            except XfdfError as exc:
                log.info("an XFDF file was refused: %s", exc)
                raise ExchangeRefused(refused) from None
            except MarkupError as exc:
                log.info("an XFDF file could not be read: %s", exc)
                raise ExchangeRefused(unreadable) from None

        found = await self.off_thread(self.tr("Läser %1 …").replace("%1", path.name), job)
        return self.add_imported(found, path.name)

    def add_imported(self, found: list[Markup], name: str) -> str:
        """Add ``found`` through the editor as one undo step; those of another revision or of pages the
        drawing does not have are left out and counted in the answer."""
        editor = self.session.editor
        pages = self.viewer.document.page_count if self.viewer.document is not None else 0
        sha256 = self.sha256
        added: list[Markup] = []
        other_revision = off_pages = 0
        for m in found:
            if m.document_sha256 and sha256 and m.document_sha256 != sha256:
                other_revision += 1
            elif not 0 <= m.page < pages:
                off_pages += 1
            else:  # a new markup of this drawing, the importer's (as the platform records it)
                now = dt.datetime.now(dt.UTC)
                added.append(
                    replace(m, id=f"draft-{uuid.uuid4().hex}", document_sha256=sha256, author=editor.author,
                            etag=None, created=m.created or now, modified=now)
                )  # fmt: skip
        skipped = []
        if other_revision:
            text = self.tr(
                "Markeringar gjorda på en annan version av ritningen importerades inte (%1 st.; de flyttas "
                "aldrig)."
            )
            skipped.append(text.replace("%1", str(other_revision)))
        if off_pages:
            text = self.tr("Markeringar på sidor som ritningen inte har importerades inte (%1 st.).")
            skipped.append(text.replace("%1", str(off_pages)))
        if not added:
            if not skipped:
                skipped.append(self.tr("Filen %1 har inga markeringar.").replace("%1", name))
            raise ExchangeRefused(" ".join([*skipped, self.tr("Inget har ändrats.")]))
        stack = editor.undo_stack
        stack.beginMacro(self.tr("Importera markeringar (%1 st.)").replace("%1", str(len(added))))
        try:
            for m in added:
                stack.push(ImportedAdd(editor, m, self.tr("Importerad markering")))
        finally:
            stack.endMacro()
        text = self.tr("Markeringar importerades från %1 (%2 st.).").replace("%1", name)
        text = text.replace("%2", str(len(added)))
        return " ".join([text, *skipped])

    # --- the report -------------------------------------------------------------------------------------

    async def report_dialog(self) -> str | None:
        return await self.save_as(
            self.tr("Spara sammanställning av markeringar"), self.tr("PDF-filer (*.pdf)"),
            self.tr("%1 sammanställning av markeringar"), self.save_report,
        )  # fmt: skip

    async def save_report(self, path: Path) -> str:
        """The markups list (every reviewer's) as a PDF report, into ``path``."""
        from caseworker.markups.report import ReportHeading, markup_report

        markups = list(self.session.layer.markups.values())
        case = await self.case_label() if self.case_label is not None else ""
        heading = ReportHeading(self.title(), self.sha256, dt.date.today(), case)
        await self.write(self.tr("Skapar sammanställningen …"), path, lambda: markup_report(markups, heading))
        text = self.tr("Sammanställningen av markeringarna sparades som %1 (%2 st.).")
        return text.replace("%1", path.name).replace("%2", str(len(markups)))
