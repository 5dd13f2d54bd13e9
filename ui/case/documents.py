"""The documents of a case: open with the OS viewer, save a copy, see what is available offline.

Opening takes the bytes from the encrypted blob store when the document is there, else downloads them
(resumable, sha256-checked) and keeps them in the blob store, which makes the document available
offline. The OS viewer needs a plain file: it is written to a private temporary folder outside the
app's data folder, removed when the app ends.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from caseworker.domain.models import Document, DocumentKind
from caseworker.store import BlobError
from ui.case.labels import DOCUMENT_KIND
from ui.case.labels import tr as label_tr
from ui.ops import run_op
from ui.qt import QtCore, QtGui, QtWidgets, Signal
from ui.services import Services

COL_TITLE, COL_KIND, COL_SIZE, COL_OFFLINE = range(4)
DocumentRole = QtCore.Qt.ItemDataRole.UserRole + 1
_open_dir: tempfile.TemporaryDirectory[str] | None = None


def _temp_root() -> Path:
    global _open_dir
    if _open_dir is None:
        _open_dir = tempfile.TemporaryDirectory(prefix="caseworker-open-")
    return Path(_open_dir.name)


def safe_filename(name: str, fallback: str = "handling") -> str:
    """The last path part, without characters Windows refuses; never empty, never a dot-name."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r'[<>:"|?*\x00-\x1f]', "_", base).strip(" .")
    return base or fallback


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def open_with_os(path: Path) -> bool:
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


class DocumentUnavailable(Exception):
    """The document's bytes could not be read or written here (disk, damaged blob)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("DocumentsPanel", text)


async def document_file(services: Services, doc: Document) -> Path:
    """A plain temporary copy of the document for the OS viewer (downloading it first if needed)."""
    try:
        return await _document_file(services, doc)
    except BlobError as exc:
        raise DocumentUnavailable(
            _tr(
                "Den sparade kopian av handlingen var skadad och har tagits bort. Öppna den igen när du är "
                "ansluten, så hämtas den på nytt."
            )
        ) from exc
    except OSError as exc:
        raise DocumentUnavailable(
            _tr("Handlingen kunde inte sparas på datorn: {reason}").format(reason=exc.strerror or exc)
        ) from exc


async def _document_file(services: Services, doc: Document) -> Path:
    folder = _temp_root() / safe_filename(doc.id, "dokument")
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / safe_filename(doc.filename)
    if await services.store.has_blob(doc.sha256):
        data = await services.store.read_blob(doc.sha256)
        await asyncio.to_thread(dest.write_bytes, data)
        return dest
    await services.client.download_document(doc, dest)
    await services.store.put_blob_file(dest, doc.sha256)  # now available offline too
    return dest


async def save_document(services: Services, doc: Document, target: Path) -> Path:
    source = await document_file(services, doc)
    try:
        await asyncio.to_thread(shutil.copyfile, source, target)
    except OSError as exc:
        raise DocumentUnavailable(
            _tr("Kopian kunde inte sparas: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    return target


class DocumentsPanel(QtWidgets.QWidget):
    """A small list (a case has tens of documents, not thousands) with its three actions."""

    openDrawing = Signal(str)  # document id: the shell opens it in the drawing viewer
    changed = Signal()  # a document became available offline

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.opener: Callable[[Path], bool] = open_with_os  # the OS viewer (tests put a fake here)
        self.drawing_viewer_available = False
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
        self.open_button = QtWidgets.QPushButton()
        self.open_button.setObjectName("openDocument")
        self.save_button = QtWidgets.QPushButton()
        self.save_button.setObjectName("saveDocument")
        self.drawing_button = QtWidgets.QPushButton()
        self.drawing_button.setObjectName("openInDrawingViewer")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.drawing_button.clicked.connect(self._open_drawing)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("documentStatus")
        self.status.setWordWrap(True)
        buttons = QtWidgets.QHBoxLayout()
        for b in (self.open_button, self.save_button, self.drawing_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.documents: list[Document] = []
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

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_documents(self, documents: list[Document], offline: set[str]) -> None:
        current = self.selected()
        self.documents = documents
        self.tree.clear()
        for doc in documents:
            kind = label_tr(DOCUMENT_KIND.get(doc.kind, str(doc.kind)))
            if doc.drawing_type:
                kind = f"{kind} {doc.drawing_type.value}"
            if doc.revision:
                kind += f", rev {doc.revision}"
            available = doc.sha256 in offline
            item = QtWidgets.QTreeWidgetItem(
                [doc.title, kind, human_size(doc.size), self.tr("✓ Finns offline") if available else "–"]
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
        self.status.setText(self.tr("Hämtar {title} …").format(title=doc.title))

        def opened(path: Path) -> None:
            self.status.setText("")
            if not self.opener(path):
                self.status.setText(
                    self.tr("Datorn har inget program som kan öppna {kind}.").format(
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
        self.status.setText(self.tr("Sparar {title} …").format(title=doc.title))

        def saved(path: Path) -> None:
            self.status.setText(self.tr("Sparad: {path}").format(path=path))
            self.changed.emit()

        return run_op(
            self, save_document(self.services, doc, target), on_success=saved, on_failure=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        from ui.ops import user_message

        self.status.setText(user_message(exc) or self.tr("Handlingen gick inte att hämta."))
