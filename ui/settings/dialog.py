"""Settings: platform, language, local data (retention, documents kept offline, size), and signing out —
with or without wiping.

Changes take effect when the user presses OK: the language at once (menus, navigation and dialogs
switch live), the platform address at the next sign-in, the retention of sent changes and of documents
kept offline (unopened for so many days; at most so many GB, least recently used first) at the next
start. "Töm dokumentcachen …" asks first, then removes the bytes of every document kept offline now
(on the store's thread; the documents stay listed and are downloaded again when opened) -- never a
blob an unsent write needs, never the outbox. Signing out asks the app (signals); wiping asks for
confirmation first and says plainly what will be lost when changes are still waiting in the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from caseworker.store import ReleaseResult, StoreError
from caseworker.store.outbox import BLOCKING_STATES
from ui.dialogs import MessageBox, ask, message_box
from ui.i18n import LANGUAGES
from ui.labels import format_size
from ui.local_files import directory_size
from ui.ops import run_op
from ui.qt import QtCore, QtWidgets
from ui.services import Services
from ui.settings_store import (
    DEFAULT_DOCUMENT_LIMIT_GB,
    DEFAULT_DOCUMENT_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    DOCUMENT_LIMIT_CHOICES_GB,
    DOCUMENT_RETENTION_CHOICES,
    RETENTION_CHOICES,
    AppSettings,
)
from ui.theme import danger_color, icon
from ui.widgets import Retranslated, filled, push_button, text_label

log = logging.getLogger(__name__)

NO_LIMIT = 0  # the size limit combo's data for "Ingen gräns"


class SettingsDialog(Retranslated, QtWidgets.QDialog):
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
        self.document_bytes: int | None = None  # the documents kept offline
        self.confirm_wipe_button: QtWidgets.QAbstractButton | None = None
        self.confirm_empty_button: QtWidgets.QAbstractButton | None = None
        self.emptying: asyncio.Task[Any] | None = None
        self._cache_status: Callable[[], str] | None = None  # what emptying did, in the UI language
        self._build()
        self.retranslate()
        self._load()
        self.refresh_size()

    # --- building ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QtWidgets.QVBoxLayout(self)
        # the dialog never gets smaller than its contents (a status line or a language switch may grow them)
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetMinimumSize)

        self.connection_group = QtWidgets.QGroupBox()
        connection = QtWidgets.QFormLayout(self.connection_group)
        self.platform_label = QtWidgets.QLabel()
        self.platform_edit = QtWidgets.QLineEdit()
        self.platform_edit.setObjectName("settingsPlatformUrl")
        self.platform_edit.setPlaceholderText("https://")
        self.platform_note = _row_with_note(connection, self.platform_label, self.platform_edit)
        layout.addWidget(self.connection_group)

        self.language_group = QtWidgets.QGroupBox()
        language = QtWidgets.QFormLayout(self.language_group)
        self.language_label = QtWidgets.QLabel()
        self.language_combo = QtWidgets.QComboBox()
        self.language_combo.setObjectName("settingsLanguage")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_note = _row_with_note(language, self.language_label, self.language_combo)
        layout.addWidget(self.language_group)

        self.data_group = QtWidgets.QGroupBox()
        data = QtWidgets.QFormLayout(self.data_group)
        self.retention_label = QtWidgets.QLabel()
        self.retention_combo = QtWidgets.QComboBox()
        self.retention_combo.setObjectName("settingsRetention")
        self.retention_label.setBuddy(self.retention_combo)
        self.document_retention_label = QtWidgets.QLabel()
        self.document_retention_combo = QtWidgets.QComboBox()
        self.document_retention_combo.setObjectName("settingsDocumentRetention")
        self.document_retention_label.setBuddy(self.document_retention_combo)
        self.document_limit_label = QtWidgets.QLabel()
        self.document_limit_combo = QtWidgets.QComboBox()
        self.document_limit_combo.setObjectName("settingsDocumentLimit")
        self.document_limit_label.setBuddy(self.document_limit_combo)
        self.size_label = QtWidgets.QLabel()
        self.size_value = text_label("settingsCacheSize", wrap=False, selectable=True)
        self.documents_label = QtWidgets.QLabel()
        self.documents_value = text_label("settingsDocumentSize", wrap=False, selectable=True)
        self.empty_button = push_button("emptyDocumentCache")
        self.empty_button.clicked.connect(self.empty_document_cache)
        self.empty_button.setEnabled(self.services is not None)
        documents = filled(QtWidgets.QHBoxLayout(), self.documents_value, None, self.empty_button)
        self.cache_status = text_label("documentCacheStatus")
        self.cache_status.hide()
        self.folder_label = QtWidgets.QLabel()
        self.folder_value = text_label("settingsDataFolder", selectable=True)
        data.addRow(self.retention_label, self.retention_combo)
        data.addRow(self.document_retention_label, self.document_retention_combo)
        data.addRow(self.document_limit_label, self.document_limit_combo)
        data.addRow(self.size_label, self.size_value)
        data.addRow(self.documents_label, documents)
        data.addRow("", self.cache_status)
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
        self.wipe_button = push_button("wipeButton")
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
        self.retention_label.setText(self.tr("Spara s&kickade ändringar i:"))
        self.retention_combo.setAccessibleName(self.tr("Hur länge skickade ändringar sparas lokalt"))
        self._fill(
            self.retention_combo,
            [(self.tr("{n} dagar").format(n=days), days) for days in RETENTION_CHOICES],
        )
        self.retention_combo.setToolTip(
            self.tr(
                "Ändringar som har nått plattformen tas bort från utkorgens historik efter så här lång tid."
            )
        )
        self.document_retention_label.setText(
            self.tr("Offline&dokument som inte har öppnats tas bort efter:")
        )
        self.document_retention_combo.setAccessibleName(
            self.tr("Hur länge offlinedokument som inte har öppnats sparas")
        )
        self._fill(
            self.document_retention_combo,
            [(self.tr("{n} dagar").format(n=days), days) for days in DOCUMENT_RETENTION_CHOICES],
        )
        self.document_retention_combo.setToolTip(
            self.tr(
                "Dokument som har gjorts tillgängliga offline tas bort från datorn när de inte har öppnats "
                "på så här lång tid. De hämtas igen när du öppnar dem. Gäller från nästa start."
            )
        )
        self.document_limit_label.setText(self.tr("Största storlek &för offlinedokument:"))
        self.document_limit_combo.setAccessibleName(self.tr("Största storlek för offlinedokument"))
        self._fill(
            self.document_limit_combo,
            [(self.tr("{n} GB").format(n=gb), gb) for gb in DOCUMENT_LIMIT_CHOICES_GB]
            + [(self.tr("Ingen gräns"), NO_LIMIT)],
        )
        self.document_limit_combo.setToolTip(
            self.tr(
                "Tar offlinedokumenten mer plats än så tas de som har öppnats längst tillbaka bort först. "
                "Gäller från nästa start."
            )
        )
        self.size_label.setText(self.tr("Lokal data använder:"))
        self.documents_label.setText(self.tr("Varav offlinedokument:"))
        self.empty_button.setText(self.tr("&Töm dokumentcachen …"))
        self.empty_button.setAccessibleName(self.tr("Töm dokumentcachen"))
        self.empty_button.setToolTip(
            self.tr(
                "Tar bort alla offlinedokument från den här datorn nu. Ärenden, anteckningar och utkorgen "
                "finns kvar."
            )
        )
        self.folder_label.setText(self.tr("Mapp:"))
        self._render_size()
        self._render_cache_status()
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

    def _load(self) -> None:
        if not self.demo:  # the demo platform's text is set by retranslate
            current = self.services.platform_url if self.services is not None else ""
            self.platform_edit.setText(self.settings.platform_url or current)
        self.platform_edit.setReadOnly(self.demo)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.language)))
        self._choose(self.retention_combo, self.settings.retention_days, DEFAULT_RETENTION_DAYS)
        self._choose(
            self.document_retention_combo,
            self.settings.document_retention_days,
            DEFAULT_DOCUMENT_RETENTION_DAYS,
        )
        limit = self.settings.document_limit_gb
        self._choose(
            self.document_limit_combo, NO_LIMIT if limit is None else limit, DEFAULT_DOCUMENT_LIMIT_GB
        )
        self.folder_value.setText(str(self.data_folder()))

    @staticmethod
    def _fill(combo: QtWidgets.QComboBox, items: list[tuple[str, int]]) -> None:
        """(Re)fill a combo's texts, keeping the choice (a language switch refills them)."""
        current = combo.currentData()
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))

    @staticmethod
    def _choose(combo: QtWidgets.QComboBox, value: int, default: int) -> None:
        """Select ``value``; a value not offered (edited by hand in the INI file) shows the default."""
        index = combo.findData(value)
        combo.setCurrentIndex(index if index >= 0 else max(0, combo.findData(default)))

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
            self._render_size()
            try:
                self.document_bytes = await self.services.store.document_bytes()
            except StoreError:
                log.warning("could not measure the documents kept offline", exc_info=True)
        else:
            self.cache_bytes = self.document_bytes = 0
        self._render_size()

    def _render_size(self) -> None:
        counting = self.tr("räknar …")
        self.size_value.setText(counting if self.cache_bytes is None else format_size(self.cache_bytes))
        self.documents_value.setText(
            counting if self.document_bytes is None else format_size(self.document_bytes)
        )

    # --- emptying the document cache -------------------------------------------------------------------

    @QtCore.Slot()
    def empty_document_cache(self) -> None:
        if self.services is not None and (self.emptying is None or self.emptying.done()):
            self.emptying = self._spawn(self._confirm_empty())

    async def _confirm_empty(self) -> None:
        assert self.services is not None
        store = self.services.store
        try:
            size = await store.document_bytes()
        except StoreError:
            size = self.document_bytes or 0
        box = self.empty_confirmation(size)
        await ask(box)
        confirmed = box.clickedButton() is self.confirm_empty_button
        box.deleteLater()
        if not confirmed:
            return
        self.empty_button.setEnabled(False)
        self._say_cache_status(lambda: self.tr("Tömmer dokumentcachen …"))
        try:
            result = await self.services.sync.release_all_documents()  # the engine tells open cases
        except StoreError as exc:
            log.warning("could not empty the document cache: %s", exc)
            self._say_cache_status(
                lambda: self.tr("Dokumentcachen kunde inte tömmas helt. Försök igen senare.")
            )
            return
        finally:
            self.empty_button.setEnabled(True)
        self._emptied(result)
        await self._measure()

    def _emptied(self, result: ReleaseResult) -> None:
        assert self.services is not None
        freed = format_size(result.freed_bytes)
        self._say_cache_status(
            lambda: self.tr("{size} frigjordes. Dokumenten hämtas igen när du öppnar dem.").format(size=freed)
        )

    def empty_confirmation(self, size: int) -> MessageBox:
        box = message_box(
            self,
            QtWidgets.QMessageBox.Icon.Question,
            lambda: self.tr("Töm dokumentcachen?"),
            lambda: self.tr("Alla offlinedokument tas bort från den här datorn ({size}).").format(
                size=format_size(size)
            ),
            lambda: self.tr(
                "Ärenden, anteckningar och utkorgen finns kvar. Ett dokument hämtas igen från plattformen "
                "när du öppnar det, och då behöver du vara ansluten."
            ),
        )
        box.setObjectName("emptyCacheConfirmation")
        empty = box.add_button(lambda: self.tr("Töm"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        empty.setObjectName("confirmEmptyCache")
        cancel = box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.confirm_empty_button = empty
        return box

    def _say_cache_status(self, text: Callable[[], str] | None) -> None:
        """Show ``text()`` under the document size now, and again after every language switch."""
        self._cache_status = text
        self._render_cache_status()

    def _render_cache_status(self) -> None:
        self.cache_status.setText(self._cache_status() if self._cache_status is not None else "")
        self.cache_status.setVisible(self._cache_status is not None)
        QtCore.QTimer.singleShot(0, self, self._fit_height)  # once the layout has taken the new text

    def _fit_height(self) -> None:
        """Grow to the height the contents need at this width (wrapped lines count only here: a
        layout's minimum size leaves out heights that depend on the width)."""
        layout = self.layout()
        if not self.isVisible() or layout is None:
            return
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if self.height() < needed:
            self.resize(self.width(), needed)

    # --- accepting -----------------------------------------------------------------------------------------

    def accept(self) -> None:
        retention = self.retention_combo.currentData()
        if isinstance(retention, int):
            self.settings.retention_days = retention
        document_retention = self.document_retention_combo.currentData()
        if isinstance(document_retention, int):
            self.settings.document_retention_days = document_retention
        limit = self.document_limit_combo.currentData()
        if isinstance(limit, int):
            self.settings.document_limit_gb = None if limit == NO_LIMIT else limit
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

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """An operation of the dialog (ended when the dialog closes; a bug shows the excepthook's dialog)."""
        task = run_op(self, coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def _row_with_note(
    form: QtWidgets.QFormLayout, label: QtWidgets.QLabel, field: QtWidgets.QWidget
) -> QtWidgets.QLabel:
    """Adds ``label`` (the buddy of ``field``) and ``field`` as a row of ``form``, and a wrapped note under
    the field; returns the note."""
    label.setBuddy(field)
    note = text_label("")
    form.addRow(label, field)
    form.addRow("", note)
    return note
