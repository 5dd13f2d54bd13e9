"""Help menu entries for the help desk: "Kopiera diagnostik" and "Licenser för tredje part …".

The main window calls :func:`install` once (one line in ``ui/shell/main_window.py``). The text itself is
built in the Qt-free core (:mod:`caseworker.support`), which keeps personal data out of it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.api.transport import app_version
from caseworker.store import StoreError
from caseworker.support import Diagnostics, Licence, diagnostics_text, licences_folder, read_licences
from ui.logs import LOG_FILE
from ui.ops import run_op
from ui.qt import Qt, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


class SupportActions(QtCore.QObject):
    """The two Help-menu actions of one main window (retranslated with it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.copy_action = QtGui.QAction(window)
        self.copy_action.setObjectName("actionCopyDiagnostics")
        self.copy_action.triggered.connect(self.copy_diagnostics)
        self.licences_action = QtGui.QAction(window)
        self.licences_action.setObjectName("actionLicences")
        self.licences_action.triggered.connect(self.show_licences)
        menu = window.help_menu
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.copy_action)  # beside "Öppna loggmappen": both are for support
        menu.addAction(self.licences_action)
        self._task: asyncio.Task[None] | None = None
        self.retranslate()
        window.installEventFilter(self)

    def retranslate(self) -> None:
        self.copy_action.setText(self.tr("&Kopiera diagnostik"))
        self.copy_action.setToolTip(
            self.tr("Kopierar version, system, mappar och synkstatus (inga personuppgifter) för supporten")
        )
        self.licences_action.setText(self.tr("Licenser för &tredje part …"))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.window and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    # --- diagnostics -------------------------------------------------------------------------------

    async def diagnostics(self) -> str:
        """The text "Kopiera diagnostik" puts on the clipboard."""
        from PySide6 import __version__ as pyside_version

        services = self.window.services
        paths = services.paths
        outbox: dict[str, int] = {}
        try:
            outbox = {str(state): n for state, n in (await services.store.outbox_counts()).items() if n}
        except StoreError:
            log.warning("diagnostics: the outbox could not be counted", exc_info=True)
        synced = services.sync.last_synced  # the sync engine owns it
        data = Diagnostics(
            app_version=app_version(),
            qt_version=QtCore.qVersion(),
            binding_version=pyside_version,
            frozen=bool(getattr(sys, "frozen", False)),
            language=QtCore.QLocale().name(),
            platform_url=services.platform_url,
            demo=services.demo,
            folders={
                "data": paths.data,
                "config": paths.config,
                "cache": paths.cache,
                "logs": paths.logs,
                "program": Path(sys.executable).parent,
            },
            online=services.bridge.online,
            last_sync=synced.isoformat(timespec="seconds") if synced else "",
            outbox=outbox,
            log_file=paths.logs / LOG_FILE,
        )
        return await asyncio.to_thread(diagnostics_text, data)  # reads the end of the log

    @QtCore.Slot()
    def copy_diagnostics(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._task = run_op(self, self._copy())

    async def _copy(self) -> None:
        text = await self.diagnostics()
        QtGui.QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(
            self.tr("Diagnostiken är kopierad. Klistra in den i ditt ärende till supporten."), 10_000
        )

    # --- licences ---------------------------------------------------------------------------------

    @QtCore.Slot()
    def show_licences(self) -> None:
        dialog = LicencesDialog(licences_folder(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


class LicencesDialog(QtWidgets.QDialog):
    """The third-party components shipped in the bundle, with their licence texts and their folder."""

    def __init__(self, folder: Path | None, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licencesDialog")
        self.folder = folder
        self.licences: list[Licence] = read_licences(folder) if folder is not None else []
        self.setWindowTitle(self.tr("Licenser för tredje part"))
        self.resize(760, 520)
        layout = QtWidgets.QVBoxLayout(self)
        self.intro = QtWidgets.QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro)
        splitter = QtWidgets.QSplitter()
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName(self.tr("Komponenter"))
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Licenstext"))
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setSizes([260, 500])
        layout.addWidget(splitter, 1)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if folder is not None:
            role = QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
            open_folder = buttons.addButton(self.tr("Öppna mappen"), role)
            open_folder.clicked.connect(
                lambda: QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(folder)))
            )
        layout.addWidget(buttons)
        if folder is None:
            self.intro.setText(
                self.tr(
                    "Caseworker körs från källkod. Licenstexterna samlas när appen byggs för installation."
                )
            )
        else:
            self.intro.setText(
                self.tr(
                    "Caseworker {version} innehåller dessa komponenter. Licenstexterna finns i {folder}."
                ).format(version=app_version(), folder=folder)
            )
        for licence in self.licences:
            item = QtWidgets.QListWidgetItem(f"{licence.name} {licence.version}")
            item.setToolTip(licence.licence)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._show)
        if self.licences:
            self.list.setCurrentRow(0)

    @QtCore.Slot(int)
    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.licences) or self.folder is None:
            return
        licence = self.licences[row]
        label = self.tr("Licens")
        parts = [f"{licence.name} {licence.version}\n{label}: {licence.licence}\n"]
        for name in licence.files:
            try:
                text = (self.folder / name).read_text(encoding="utf-8", errors="replace")
                parts.append(f"––– {name}\n{text}")
            except OSError as exc:
                parts.append(f"––– {name}: {exc}")
        self.text.setPlainText("\n".join(parts))


def install(window: MainWindow) -> SupportActions:
    return SupportActions(window)
