"""The documents of a case: open with the OS viewer, save a copy, see what is available offline.

The bytes live in the encrypted blob store only. A document not stored yet is downloaded into it the way
the sync engine makes a case available offline: into the store's ``PartialDownload`` (encrypted from the
first byte, resumable, sha256-checked), which becomes the blob, so an opened document is available
offline afterwards. No plaintext download file is written.

The OS viewer needs a plain file. That one copy is written when the user opens the document, into a
private folder of this session under the app's cache folder (owner-only permissions): ``open/<session>/
<document id>/<file name>``. Every such folder goes when the app shuts down or signs out, and at the next
start (what a crash left): ``ui.local_files.remove_viewer_copies``. "Ladda ned …" writes plaintext only
where the user chooses.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from caseworker.domain.models import Document, DocumentKind
from caseworker.store import BlobNotFound, BlobStore, CorruptBlob
from ui.labels import QT_TRANSLATE_NOOP, document_kind_label, format_size
from ui.local_files import private_dir, viewer_session
from ui.ops import run_op, user_message
from ui.qt import QtCore, QtGui, QtWidgets, Signal
from ui.services import Services
from ui.widgets import Retranslated, filled, push_button, text_label

log = logging.getLogger(__name__)
T = TypeVar("T")

COL_TITLE, COL_KIND, COL_SIZE, COL_OFFLINE = range(4)
DocumentRole = QtCore.Qt.ItemDataRole.UserRole + 1
CONTEXT = "DocumentsPanel"

DAMAGED = QT_TRANSLATE_NOOP(
    "DocumentsPanel",
    "Den sparade kopian av handlingen var skadad och har tagits bort. Öppna den igen när du är "
    "ansluten, så hämtas den på nytt.",
)
NOT_WRITTEN = QT_TRANSLATE_NOOP("DocumentsPanel", "Handlingen kunde inte sparas på datorn: {reason}")
NOT_SAVED = QT_TRANSLATE_NOOP("DocumentsPanel", "Kopian kunde inte sparas: {reason}")
NOT_VIEWABLE = QT_TRANSLATE_NOOP(
    "DocumentsPanel",
    "Filer av typen {kind} öppnas inte härifrån, av säkerhetsskäl. Använd ”Ladda ned …” om du behöver filen.",
)

# What "Öppna" hands to the OS viewer: the file's type decides which program runs it, and the name
# comes from the applicant. Only document and image types are opened; a name whose ending is not one
# of them gets the ending its media type gives, or is not opened at all (an ".exe" never runs).
VIEWABLE_SUFFIXES = frozenset(
    {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".txt", ".csv", ".rtf",
     ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".dwg", ".dxf"}
)  # fmt: skip
SUFFIX_OF_MEDIA_TYPE = {
    "application/pdf": ".pdf",
    "image/tiff": ".tif",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "text/plain": ".txt",
}
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)
MAX_STEM = 120  # a folder, the document id and this stay well inside Windows' 260 characters


def safe_filename(name: str, fallback: str = "handling") -> str:
    """The last path part, without characters Windows refuses; never empty, never a dot-name."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r'[<>:"|?*\x00-\x1f]', "_", base).strip(" .")
    return base or fallback


def viewer_filename(filename: str, media_type: str) -> str:
    """The name of the copy for the OS viewer: safe on Windows, with an ending of a document or image
    type. Raises :class:`DocumentUnavailable` for anything else (it is not opened)."""
    name = safe_filename(filename)
    stem, dot, ending = name.rpartition(".")
    if not dot:
        stem, ending = name, ""
    suffix = f".{ending.lower()}" if ending else ""
    if suffix not in VIEWABLE_SUFFIXES:
        known = SUFFIX_OF_MEDIA_TYPE.get(media_type.split(";")[0].strip().lower())
        if known is None:
            raise DocumentUnavailable(NOT_VIEWABLE, kind=suffix or media_type)
        stem, suffix = name, known  # "ritning.exe" declared as a PDF opens as "ritning.exe.pdf"
    else:
        suffix = f".{ending}"  # as the applicant wrote it (".TIF")
    stem = stem[:MAX_STEM].rstrip(" .") or "handling"
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = "_" + stem
    return stem + suffix


def open_with_os(path: Path) -> bool:
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


class DocumentUnavailable(Exception):
    """The document's bytes could not be read or written here (disk, damaged blob).

    ``user_message`` is translated when it is read, so a message on screen follows a language switch.
    """

    def __init__(self, source: str, **params: object) -> None:
        super().__init__(source.format(**params))
        self.source = source
        self.params = params

    @property
    def user_message(self) -> str:
        return QtCore.QCoreApplication.translate(CONTEXT, self.source).format(**self.params)


def _unavailable(exc: OSError, source: str = NOT_WRITTEN) -> DocumentUnavailable:
    return DocumentUnavailable(source, reason=exc.strerror or exc)


def _write_private(blobs: BlobStore, sha256: str, dest: Path) -> Path:
    """The blob's plaintext to ``dest`` (mode 0600): through a temporary name, so ``dest`` is whole or
    not there. A copy already there with the right content is kept (the viewer may hold it open)."""
    if dest.is_file() and _sha256_of(dest) == sha256:
        return dest
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=dest.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in blobs.iter_chunks(sha256):  # each chunk authenticated; the sha256 at the end
                f.write(chunk)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _viewer_copy(services: Services, doc: Document, name: str) -> Path:
    folder = private_dir(viewer_session(services.paths) / safe_filename(doc.id, "dokument"))
    return _write_private(services.store.blobs, doc.sha256, folder / name)


def _save_copy(blobs: BlobStore, sha256: str, target: Path) -> Path:
    """The blob's plaintext to the file the user chose (through ``<name>.part`` next to it)."""
    part = target.with_name(target.name + ".part")
    try:
        with open(part, "wb") as f:
            for chunk in blobs.iter_chunks(sha256):
                f.write(chunk)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


# --- getting the bytes -------------------------------------------------------------------------------------


async def fetch_into_store(services: Services, doc: Document) -> None:
    """The document's bytes into the encrypted blob store, unless they are there (the sync engine's one
    download per document: never in plaintext on disk, and a broken-off download continues later)."""
    await services.sync.download_document(doc)


async def _from_store(services: Services, doc: Document, write: Callable[[], T]) -> T:
    """``write()`` (reading the blob) after making sure the blob is stored; fetched again if it went."""
    try:
        await fetch_into_store(services, doc)
        try:
            return await asyncio.to_thread(write)
        except BlobNotFound:  # removed meanwhile (the cache was cleared): fetched again, once
            await fetch_into_store(services, doc)
            return await asyncio.to_thread(write)
    except CorruptBlob as exc:
        raise DocumentUnavailable(DAMAGED) from exc


async def document_file(services: Services, doc: Document) -> Path:
    """The plain copy of the document for the OS viewer, in this session's private folder."""
    name = viewer_filename(doc.filename, doc.media_type)  # refused before anything is fetched
    try:
        return await _from_store(services, doc, lambda: _viewer_copy(services, doc, name))
    except OSError as exc:
        raise _unavailable(exc) from exc


async def document_bytes(services: Services, doc: Document) -> bytes:
    """The document's bytes, from the store (offline) or downloaded into it first (the drawing viewer;
    never written in plaintext to disk)."""
    try:
        return await _from_store(
            services, doc, lambda: b"".join(services.store.blobs.iter_chunks(doc.sha256))
        )
    except OSError as exc:
        raise _unavailable(exc) from exc


async def save_document(services: Services, doc: Document, target: Path) -> Path:
    """The document to ``target``, the file the user chose ("Ladda ned …")."""
    try:
        return await _from_store(services, doc, lambda: _save_copy(services.store.blobs, doc.sha256, target))
    except OSError as exc:
        raise _unavailable(exc, NOT_SAVED) from exc


class DocumentsPanel(Retranslated, QtWidgets.QWidget):
    """A small list (a case has tens of documents, not thousands) with its three actions.

    The status line under it says what happened last ("Hämtar …", "Sparad: …", a failure). It keeps
    *what* happened and says it again in the UI language after a live switch."""

    openDrawing = Signal(str)  # document id: the shell opens it in the drawing viewer
    changed = Signal()  # a document became available offline

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.opener: Callable[[Path], bool] = open_with_os  # the OS viewer (tests put a fake here)
        self.drawing_viewer_available = False
        self.documents: list[Document] = []
        self._offline: set[str] = set()
        self._status_text: Callable[[], str] | None = None  # the status line, in the UI language
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setObjectName("documentList")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for col in (COL_KIND, COL_SIZE, COL_OFFLINE):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(lambda *_: self.open_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.open_button = push_button("openDocument")
        self.save_button = push_button("saveDocument")
        self.drawing_button = push_button("openInDrawingViewer")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.drawing_button.clicked.connect(self._open_drawing)
        self.status = text_label("documentStatus")
        buttons = filled(
            QtWidgets.QHBoxLayout(), self.open_button, self.save_button, self.drawing_button, None
        )
        filled(QtWidgets.QVBoxLayout(self), self.tree, buttons, self.status, margin=0)
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setAccessibleName(self.tr("Handlingar"))
        self.tree.setHeaderLabels(
            [self.tr("Handling"), self.tr("Typ"), self.tr("Storlek"), self.tr("Offline")]
        )
        self.open_button.setText(self.tr("Ö&ppna"))
        self.open_button.setToolTip(self.tr("Öppna handlingen i datorns visningsprogram (Enter)"))
        self.save_button.setText(self.tr("Ladda &ned …"))
        self.save_button.setToolTip(self.tr("Spara en kopia av handlingen"))
        self.drawing_button.setText(self.tr("Öppna i r&itningsvisaren"))
        self._update_buttons()  # the drawing button's tooltip
        if self.documents:
            self.show_documents(self.documents, self._offline)  # "Finns offline", the kinds
        self._render_status()

    def clear_status(self) -> None:
        """Another case is shown: what happened to the last one's documents no longer applies."""
        self._say(None)

    def _say(self, text: Callable[[], str] | None) -> None:
        """Show ``text()`` in the status line now, and again after every language switch."""
        self._status_text = text
        self._render_status()

    def _render_status(self) -> None:
        self.status.setText(self._status_text() if self._status_text is not None else "")

    def show_documents(self, documents: list[Document], offline: set[str]) -> None:
        current = self.selected()
        self.documents = documents
        self._offline = set(offline)
        self.tree.clear()
        for doc in documents:
            kind = document_kind_label(doc.kind)
            if doc.drawing_type:
                kind = f"{kind} {doc.drawing_type.value}"
            if doc.revision:
                kind += f", rev {doc.revision}"
            available = doc.sha256 in offline
            item = QtWidgets.QTreeWidgetItem(
                [doc.title, kind, format_size(doc.size), self.tr("✓ Finns offline") if available else "–"]
            )
            item.setData(COL_TITLE, DocumentRole, doc.id)
            item.setToolTip(COL_TITLE, doc.filename)
            item.setData(
                COL_OFFLINE,
                QtCore.Qt.ItemDataRole.AccessibleTextRole,
                self.tr("Finns offline") if available else self.tr("Inte nedladdad"),
            )
            self.tree.addTopLevelItem(item)
            if current is not None and doc.id == current.id:
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        self.tree.setMinimumHeight(min(8, max(3, len(documents))) * 24 + 28)
        self._update_buttons()

    def selected(self) -> Document | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        doc_id = item.data(COL_TITLE, DocumentRole)
        return next((d for d in self.documents if d.id == doc_id), None)

    def select(self, document_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(COL_TITLE, DocumentRole) == document_id:
                self.tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        doc = self.selected()
        self.open_button.setEnabled(doc is not None)
        self.save_button.setEnabled(doc is not None)
        is_drawing = doc is not None and doc.kind in (DocumentKind.DRAWING, DocumentKind.ARCHIVE_SCAN)
        self.drawing_button.setEnabled(is_drawing and self.drawing_viewer_available)
        self.drawing_button.setToolTip(
            self.tr("Öppna ritningen i ritningsvisaren")
            if self.drawing_viewer_available
            else self.tr("Ritningsvisaren finns inte i den här versionen än. Öppna ritningen med Öppna.")
        )

    def set_drawing_viewer_available(self, available: bool) -> None:
        self.drawing_viewer_available = available
        self._update_buttons()

    def _open_drawing(self) -> None:
        doc = self.selected()
        if doc is not None:
            self.openDrawing.emit(doc.id)

    def open_selected(self) -> asyncio.Task[Path] | None:
        doc = self.selected()
        if doc is None:
            return None
        self._say(lambda: self.tr("Hämtar {title} …").format(title=doc.title))

        def opened(path: Path) -> None:
            if self.opener(path):
                self._say(None)
            else:
                self._say(
                    lambda: self.tr("Datorn har inget program som kan öppna {kind}.").format(
                        kind=path.suffix or self.tr("filen")
                    )
                )
            self.changed.emit()

        return run_op(self, document_file(self.services, doc), on_success=opened, on_failure=self._failed)

    def save_selected(self) -> asyncio.Task[Path] | None:
        doc = self.selected()
        if doc is None:
            return None
        target, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Spara handling"), str(Path.home() / safe_filename(doc.filename))
        )
        if not target:
            return None
        return self.save_to(doc, Path(target))

    def save_to(self, doc: Document, target: Path) -> asyncio.Task[Path]:
        self._say(lambda: self.tr("Sparar {title} …").format(title=doc.title))

        def saved(path: Path) -> None:
            self._say(lambda: self.tr("Sparad: {path}").format(path=path))
            self.changed.emit()

        return run_op(
            self, save_document(self.services, doc, target), on_success=saved, on_failure=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self._say(lambda: user_message(exc) or self.tr("Handlingen gick inte att hämta."))
