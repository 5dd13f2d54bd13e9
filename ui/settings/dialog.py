"""Settings: platform, language, local data (retention, size), and signing out — with or without wiping.

Changes take effect when the user presses OK: the language at once (menus, navigation and dialogs
switch live), the platform address at the next sign-in, the retention at the next start. Signing out
asks the app (signals); wiping asks for confirmation first and says plainly what will be lost when
changes are still waiting in the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from caseworker.store.outbox import BLOCKING_STATES
from ui.app.dialogs import MessageBox, ask, message_box
from ui.app.settings import RETENTION_CHOICES, AppSettings
from ui.app.wiring import directory_size
from ui.i18n import LANGUAGES, format_size
from ui.qt import Qt, QtCore, QtWidgets
from ui.services import Services
from ui.theme import danger_color, icon

log = logging.getLogger(__name__)


class SettingsDialog(QtWidgets.QDialog):
    languageChosen = QtCore.Signal(str)
    platformChosen = QtCore.Signal(str)
    signOutRequested = QtCore.Signal(bool)  # wipe local data too (already confirmed)

    def __init__(
        self,
        settings: AppSettings,
        services: Services | None,
        *,
        language: str,
        demo: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.services = services
        self.language = language
        self.demo = demo
        self._tasks: set[asyncio.Task[Any]] = set()
        self.cache_bytes: int | None = None
        self.confirm_wipe_button: QtWidgets.QAbstractButton | None = None
        self._build()
        self.retranslate()
        self._load()
        self.refresh_size()

    # --- building ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)

        self.connection_group = QtWidgets.QGroupBox()
        connection = QtWidgets.QFormLayout(self.connection_group)
        self.platform_label = QtWidgets.QLabel()
        self.platform_edit = QtWidgets.QLineEdit()
        self.platform_edit.setObjectName("settingsPlatformUrl")
        self.platform_edit.setPlaceholderText("https://")
        self.platform_label.setBuddy(self.platform_edit)
        self.platform_note = QtWidgets.QLabel()
        self.platform_note.setWordWrap(True)
        connection.addRow(self.platform_label, self.platform_edit)
        connection.addRow("", self.platform_note)
        layout.addWidget(self.connection_group)

        self.language_group = QtWidgets.QGroupBox()
        language = QtWidgets.QFormLayout(self.language_group)
        self.language_label = QtWidgets.QLabel()
        self.language_combo = QtWidgets.QComboBox()
        self.language_combo.setObjectName("settingsLanguage")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_label.setBuddy(self.language_combo)
        self.language_note = QtWidgets.QLabel()
        self.language_note.setWordWrap(True)
        language.addRow(self.language_label, self.language_combo)
        language.addRow("", self.language_note)
        layout.addWidget(self.language_group)

        self.data_group = QtWidgets.QGroupBox()
        data = QtWidgets.QFormLayout(self.data_group)
        self.retention_label = QtWidgets.QLabel()
        self.retention_combo = QtWidgets.QComboBox()
        self.retention_combo.setObjectName("settingsRetention")
        self.retention_label.setBuddy(self.retention_combo)
        self.size_label = QtWidgets.QLabel()
        self.size_value = QtWidgets.QLabel()
        self.size_value.setObjectName("settingsCacheSize")
        self.size_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label = QtWidgets.QLabel()
        self.folder_value = QtWidgets.QLabel()
        self.folder_value.setObjectName("settingsDataFolder")
        self.folder_value.setWordWrap(True)
        self.folder_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data.addRow(self.retention_label, self.retention_combo)
        data.addRow(self.size_label, self.size_value)
        data.addRow(self.folder_label, self.folder_value)
        layout.addWidget(self.data_group)

        self.account_group = QtWidgets.QGroupBox()
        account = QtWidgets.QVBoxLayout(self.account_group)
        self.account_label = QtWidgets.QLabel()
        self.account_label.setObjectName("settingsAccount")
        self.account_label.setWordWrap(True)
        buttons = QtWidgets.QHBoxLayout()
        self.sign_out_button = QtWidgets.QPushButton(icon("signout"), "")
        self.sign_out_button.setObjectName("signOutButton")
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.wipe_button = QtWidgets.QPushButton()
        self.wipe_button.setObjectName("wipeButton")
        self.wipe_button.setAutoDefault(False)
        self.wipe_button.clicked.connect(self.sign_out_and_wipe)
        buttons.addWidget(self.sign_out_button)
        buttons.addWidget(self.wipe_button)
        buttons.addStretch(1)
        account.addWidget(self.account_label)
        account.addLayout(buttons)
        layout.addWidget(self.account_group)
        self.account_group.setVisible(self.services is not None)

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Inställningar"))
        self.setAccessibleName(self.tr("Inställningar"))
        self.connection_group.setTitle(self.tr("Anslutning"))
        self.platform_label.setText(self.tr("&Plattformens adress:"))
        self.platform_edit.setAccessibleName(self.tr("Plattformens adress"))
        self.platform_note.setText(
            self.tr("Den inbyggda demoplattformen används i demoläget.")
            if self.demo
            else self.tr("Gäller från nästa inloggning.")
        )
        if self.demo:  # read-only, so no typed address to keep
            url = self.services.platform_url if self.services is not None else ""
            self.platform_edit.setText(self.tr("Inbyggd demoplattform ({url})").format(url=url))
            self.platform_edit.setCursorPosition(0)  # its start, not its end, when it is too long
        self.language_group.setTitle(self.tr("Språk"))
        self.language_label.setText(self.tr("&Språk:"))
        self.language_combo.setAccessibleName(self.tr("Språk"))
        self.language_note.setText(
            self.tr("Byts direkt när du trycker OK. Datum visas alltid på svenskt sätt (2026-11-24).")
        )
        self.data_group.setTitle(self.tr("Lokal data på den här datorn"))
        self.retention_label.setText(self.tr("Spara &skickade ändringar i:"))
        self.retention_combo.setAccessibleName(self.tr("Hur länge skickade ändringar sparas lokalt"))
        current = self.retention_combo.currentData()
        self.retention_combo.clear()
        for days in RETENTION_CHOICES:
            self.retention_combo.addItem(self.tr("{n} dagar").format(n=days), days)
        if current is not None:
            self.retention_combo.setCurrentIndex(max(0, self.retention_combo.findData(current)))
        self.retention_combo.setToolTip(
            self.tr(
                "Ändringar som har nått plattformen tas bort från utkorgens historik efter så här lång tid."
            )
        )
        self.size_label.setText(self.tr("Lokal data använder:"))
        self.folder_label.setText(self.tr("Mapp:"))
        self._render_size()
        if self.services is not None:
            self.account_label.setText(
                self.tr("Inloggad som {name}.").format(name=self.services.user.display_name)
            )
        self.account_group.setTitle(self.tr("Konto"))
        self.sign_out_button.setText(self.tr("&Logga ut"))
        self.sign_out_button.setToolTip(
            self.tr("Loggar ut på den här datorn. Det som väntar i utkorgen sparas till nästa inloggning.")
        )
        self.wipe_button.setText(self.tr("Logga ut och &radera lokal data …"))
        self.wipe_button.setToolTip(
            self.tr("Loggar ut och tar bort alla dina ärenden, dokument och utkorgen från den här datorn.")
        )

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _load(self) -> None:
        if not self.demo:  # the demo platform's text is set by retranslate
            current = self.services.platform_url if self.services is not None else ""
            self.platform_edit.setText(self.settings.platform_url or current)
        self.platform_edit.setReadOnly(self.demo)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.language)))
        index = self.retention_combo.findData(self.settings.retention_days)
        self.retention_combo.setCurrentIndex(index if index >= 0 else 1)
        self.folder_value.setText(str(self.data_folder()))

    def data_folder(self) -> object:
        if self.services is not None:
            return self.services.store.directory
        return self.settings.path.parent.parent

    # --- size --------------------------------------------------------------------------------------------

    def refresh_size(self) -> None:
        self._spawn(self._measure())

    async def _measure(self) -> None:
        if self.services is not None:
            folder = self.services.store.directory
            self.cache_bytes = await asyncio.to_thread(directory_size, folder) + await asyncio.to_thread(
                directory_size, self.services.paths.cache
            )
        else:
            self.cache_bytes = 0
        self._render_size()

    def _render_size(self) -> None:
        if self.cache_bytes is None:
            self.size_value.setText(self.tr("räknar …"))
        else:
            self.size_value.setText(format_size(self.cache_bytes))

    # --- accepting -----------------------------------------------------------------------------------------

    def accept(self) -> None:
        retention = self.retention_combo.currentData()
        if isinstance(retention, int):
            self.settings.retention_days = retention
        if not self.demo:
            url = self.platform_edit.text().strip().rstrip("/")
            if url != self.settings.platform_url:
                self.settings.platform_url = url
                self.platformChosen.emit(url)
        language = self.language_combo.currentData()
        self.settings.sync()
        super().accept()
        if isinstance(language, str) and language != self.language:
            self.languageChosen.emit(language)

    # --- signing out -------------------------------------------------------------------------------------

    @QtCore.Slot()
    def sign_out(self) -> None:
        self.done(QtWidgets.QDialog.DialogCode.Rejected)
        self.signOutRequested.emit(False)

    @QtCore.Slot()
    def sign_out_and_wipe(self) -> None:
        self._spawn(self._confirm_wipe())

    async def _confirm_wipe(self) -> None:
        waiting = 0
        if self.services is not None:
            counts = await self.services.store.outbox_counts()
            waiting = sum(counts.get(s, 0) for s in BLOCKING_STATES)
        box = self.wipe_confirmation(waiting)
        await ask(box)
        confirmed = box.clickedButton() is self.confirm_wipe_button
        box.deleteLater()
        if confirmed:
            self.done(QtWidgets.QDialog.DialogCode.Rejected)
            self.signOutRequested.emit(True)

    def wipe_confirmation(self, waiting: int) -> MessageBox:
        box = message_box(
            self,
            QtWidgets.QMessageBox.Icon.Warning,
            lambda: self.tr("Radera lokal data?"),
            lambda: self.tr(
                "Du loggas ut och alla dina ärenden, dokument och anteckningar tas bort från den här datorn."
            ),
            lambda: self._wipe_consequence(waiting),
        )
        box.setObjectName("wipeConfirmation")
        if waiting:
            box.setProperty("waiting", waiting)
        wipe = box.add_button(
            lambda: self.tr("Radera och logga ut"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole
        )
        wipe.setObjectName("confirmWipe")
        wipe.setStyleSheet(f"color: {danger_color()};")
        cancel = box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.confirm_wipe_button = wipe
        return box

    def _wipe_consequence(self, waiting: int) -> str:
        """What wiping loses: the unsent changes (rich text), or that nothing is lost on the platform."""
        if not waiting:
            return self.tr("Allt du har gjort har skickats till plattformen. Inget går förlorat där.")
        if waiting == 1:
            headline = self.tr("1 ändring i utkorgen har inte skickats.")
            advice = self.tr(
                "Den försvinner för gott om du raderar nu. Vill du behålla den: avbryt, anslut till "
                "nätverket och vänta tills utkorgen är tom."
            )
        else:
            headline = self.tr("{n} ändringar i utkorgen har inte skickats.").format(n=waiting)
            advice = self.tr(
                "De försvinner för gott om du raderar nu. Vill du behålla dem: avbryt, anslut till "
                "nätverket och vänta tills utkorgen är tom."
            )
        return f"<b>{headline}</b> {advice}"

    def done(self, result: int) -> None:
        try:
            current = asyncio.current_task()
        except RuntimeError:  # no running loop
            current = None
        for task in list(self._tasks):  # e.g. the size still being measured
            if task is not current:
                task.cancel()
        super().done(result)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
