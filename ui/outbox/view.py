"""The outbox: every change of the user's that has not reached the platform, in plain Swedish.

Waiting and in-flight items just wait (they go by themselves when the platform can be reached);
conflicts are resolved in the conflict dialog; a rejected change explains why, keeps the user's text
(copyable, editable) and can be sent again or removed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from caseworker.store import OfflineStore, OutboxItem, OutboxState
from caseworker.store.outbox import BLOCKING_STATES, UNSENT_STATES
from ui.dialogs import MessageBox
from ui.errors import in_ui_language
from ui.labels import QT_TRANSLATE_NOOP, format_datetime
from ui.ops import run_op, user_message
from ui.outbox.conflict import ConflictDialog
from ui.outbox.describe import (
    describe,
    field_label,
    short_reason,
    state_text,
    user_text,
    what,
    with_user_text,
)
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.services import Services
from ui.theme import problem_text
from ui.widgets import Retranslated, RowsModel, action_button, label_button, text_label

COL_CASE, COL_WHAT, COL_STATE, COL_CREATED = range(4)
HEADERS = (
    QT_TRANSLATE_NOOP("OutboxModel", "Ärende"),
    QT_TRANSLATE_NOOP("OutboxModel", "Ändring"),
    QT_TRANSLATE_NOOP("OutboxModel", "Läge"),
    QT_TRANSLATE_NOOP("OutboxModel", "Gjord"),
)
RecordRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class OutboxRow:
    item: OutboxItem
    registration_number: str


def _read(store: OfflineStore) -> list[OutboxRow]:
    items = store.list_outbox(BLOCKING_STATES, limit=5000)
    numbers: dict[str, str] = {}
    for item in items:
        if item.case_id and item.case_id not in numbers:
            summary = store.get_case_summary(item.case_id)
            numbers[item.case_id] = summary.registration_number if summary else item.case_id
    return [OutboxRow(i, numbers.get(i.case_id or "", "")) for i in items]


class OutboxModel(RowsModel[OutboxRow]):
    column_count = len(HEADERS)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.online = True

    def set_rows(self, rows: list[OutboxRow], online: bool) -> None:
        self.beginResetModel()
        self.rows, self.online = rows, online
        self.endResetModel()

    def header(self, section: int) -> str:
        return self.tr(HEADERS[section])

    def row_data(self, row: OutboxRow, column: int, role: int) -> Any:
        item = row.item
        if role == RecordRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_CASE:
                return row.registration_number
            if column == COL_WHAT:
                return what(item)
            if column == COL_STATE:
                if item.state is OutboxState.REJECTED:
                    return self.tr("Avvisad: {reason}").format(reason=short_reason(item))
                text = state_text(item, self.online)
                return text[:1].upper() + text[1:]
            if column == COL_CREATED:
                return format_datetime(item.created_at)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_STATE:
            return describe(item, row.registration_number, self.online)
        if role == Qt.ItemDataRole.ForegroundRole and item.state in (
            OutboxState.CONFLICT,
            OutboxState.REJECTED,
        ):
            return QtGui.QColor(problem_text())  # the scheme's: readable on light and dark rows
        return None


class OutboxTable(QtWidgets.QTableView):
    """Tab leaves the table (to the buttons below); Enter does what a double click does."""

    activated_row = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        self.doubleClicked.connect(lambda *_: self.activated_row.emit())

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class OutboxView(Retranslated, QtWidgets.QWidget):
    loaded = Signal()
    openCase = Signal(str)  # case id

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("outboxView")
        self.confirm_discard = self._confirm_discard  # replaced in tests
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._shown_item_id: str | None = None  # the item whose texts the editors show
        self._shown_key: tuple[Any, ...] | None = None  # what the detail pane was built from

        self.title = title = QtWidgets.QLabel()
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("outboxSummary")
        self.summary.setWordWrap(True)

        self.model = OutboxModel(self)
        self.table = OutboxTable()
        self.table.setObjectName("outboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_CASE, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_STATE, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CREATED, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.table.activated_row.connect(self._default_action)

        # the selected item
        self.detail = text_label("outboxDetail", selectable=True)
        self.reason = QtWidgets.QPlainTextEdit()
        self.reason.setObjectName("rejectionReason")
        self.reason.setReadOnly(True)
        self.reason.setMaximumHeight(60)
        self.reason_label = QtWidgets.QLabel()
        self.reason_label.setBuddy(self.reason)
        self.text_box = QtWidgets.QGroupBox()
        self.text_form = QtWidgets.QFormLayout(self.text_box)
        self.text_editors: dict[str, QtWidgets.QPlainTextEdit] = {}

        self.retry = self._button("retryItem")
        self.resolve = self._button("resolveConflict")
        self.discard = self._button("discardItem")
        self.copy = self._button("copyText")
        self.open_case = self._button("openCaseOfItem")
        self.retry.clicked.connect(self.retry_selected)
        self.resolve.clicked.connect(self.resolve_selected)
        self.discard.clicked.connect(self.discard_selected)
        self.copy.clicked.connect(self.copy_selected)
        self.open_case.clicked.connect(self._open_case)
        buttons = QtWidgets.QHBoxLayout()
        for b in (self.retry, self.resolve, self.discard, self.copy):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_case)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("outboxMessage")
        self.message.setWordWrap(True)

        detail_box = QtWidgets.QGroupBox()
        detail_layout = QtWidgets.QVBoxLayout(detail_box)
        detail_layout.addWidget(self.detail)
        detail_layout.addWidget(self.reason_label)
        detail_layout.addWidget(self.reason)
        detail_layout.addWidget(self.text_box)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.message)
        self.detail_box = detail_box

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(detail_box)

        self.retranslate(refresh=False)

        bridge = services.bridge
        bridge.outboxChanged.connect(lambda _c: self.refresh())
        bridge.connectionChanged.connect(lambda *_: self.refresh())
        bridge.casesChanged.connect(lambda *_: self.refresh())
        self._show_selected()

    def retranslate(self, *, refresh: bool = True) -> None:
        """Sets the static texts in the UI language; with ``refresh`` also re-reads the outbox (its texts)."""
        self.setAccessibleName(self.tr("Utkorgen"))
        self.title.setText(self.tr("Utkorgen"))
        self.table.setAccessibleName(self.tr("Ändringar i utkorgen"))
        self.table.setAccessibleDescription(
            self.tr("Enter öppnar: en konflikt i konfliktdialogen, annars ärendet. Tab går till knapparna.")
        )
        self.reason.setAccessibleName(self.tr("Varför ändringen avvisades"))
        self.reason_label.setText(self.tr("&Orsak:"))
        self.text_box.setTitle(self.tr("Din text (sparad, kan redigeras)"))
        self._label(self.retry, self.tr("Försök &igen"))
        self._label(self.resolve, self.tr("Lös &konflikt …"))
        self._label(self.discard, self.tr("Ta &bort …"))
        self._label(self.copy, self.tr("Ko&piera text"))
        self._label(self.open_case, self.tr("Öppna ä&rendet"))
        self.detail_box.setTitle(self.tr("Vald ändring"))
        if refresh:
            self._shown_key = None  # the detail pane's texts are built again in the new language
            count = self.model.columnCount()
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, count - 1)
            if self._task is not None:  # loaded before: the rows' and summary's texts too
                self.refresh()

    _button = staticmethod(action_button)
    _label = staticmethod(label_button)

    # --- loading -------------------------------------------------------------------------------------

    def refresh(self) -> asyncio.Task[None]:
        """Re-read the outbox; calls while one runs are coalesced into one more read after it."""
        if self._task is not None and not self._task.done():
            self._again = True
            return self._task
        self._task = run_op(self, self._refresh_coalesced())
        return self._task

    async def _refresh_coalesced(self) -> None:
        while True:
            self._again = False
            await self._refresh()
            if not self._again:
                return

    async def _refresh(self) -> None:
        rows = await self.services.store.run(_read)
        selected = self.selected()
        self.model.set_rows(rows, self.services.bridge.online)
        if rows:
            index = 0
            if selected is not None:
                index = next((n for n, r in enumerate(rows) if r.item.id == selected.item.id), 0)
            self.table.selectRow(index)
        self._summarise(rows)
        self._show_selected()
        self.loaded.emit()

    def _summarise(self, rows: list[OutboxRow]) -> None:
        if not rows:
            self.summary.setText(self.tr("Utkorgen är tom: allt du har gjort har nått plattformen."))
            return
        waiting = sum(1 for r in rows if r.item.state in UNSENT_STATES)
        conflicts = sum(1 for r in rows if r.item.state is OutboxState.CONFLICT)
        rejected = sum(1 for r in rows if r.item.state is OutboxState.REJECTED)
        parts = []
        if waiting:
            if self.services.bridge.online:
                parts.append(self.tr("{n} väntar på att skickas (av sig själv)").format(n=waiting))
            else:
                parts.append(
                    self.tr("{n} väntar på att skickas (när anslutningen är tillbaka)").format(n=waiting)
                )
        if conflicts:
            parts.append(self.tr("{n} i konflikt – välj vad som ska gälla").format(n=conflicts))
        if rejected:
            one, many = self.tr("{n} avvisad – se orsaken nedan"), self.tr("{n} avvisade – se orsaken nedan")
            parts.append((many if rejected > 1 else one).format(n=rejected))
        self.summary.setText(". ".join(parts) + ".")

    def lines(self) -> list[str]:
        """Every row as one sentence (what the screen reader says; tests read it too)."""
        return [describe(r.item, r.registration_number, self.model.online) for r in self.model.rows]

    # --- the selected item ---------------------------------------------------------------------------

    def selected(self) -> OutboxRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.data(index.siblingAtColumn(0), RecordRole)
        return row if isinstance(row, OutboxRow) else None

    def select_item(self, item_id: str) -> bool:
        for n, r in enumerate(self.model.rows):
            if r.item.id == item_id:
                self.table.selectRow(n)
                self._show_selected()
                return True
        return False

    def focus_rows(self) -> None:
        """The keyboard focus on the list, on the selected change."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_selected(self) -> None:
        row = self.selected()
        # Moving onto the same, unchanged item (a re-read after a sync, the selection restored) leaves
        # the pane as it is: the editors keep their focus and what was typed, a screen reader is quiet.
        key = None if row is None else (row.item.id, row.item.state, row.item.updated_at, row.item.last_error,
                                        self.model.online)  # fmt: skip
        if key is not None and key == self._shown_key:
            return
        self._shown_key = key
        self.detail_box.setEnabled(row is not None)
        # the same item again (re-read after a language switch or a sync): keep what the user typed
        same = row is not None and row.item.id == self._shown_item_id
        typed = self.edited_texts() if same else {}
        self._shown_item_id = row.item.id if row is not None else None
        for label, editor in list(self.text_editors.items()):
            self.text_form.removeRow(editor)
            del self.text_editors[label]
        if row is None:
            self.detail.setText(self.tr("Ingen ändring vald."))
            for w in (self.reason_label, self.reason, self.text_box):
                w.hide()
            for b in (self.retry, self.resolve, self.discard, self.copy, self.open_case):
                b.setEnabled(False)
            return
        item = row.item
        self.detail.setText(describe(item, row.registration_number, self.model.online))
        rejected = item.state is OutboxState.REJECTED
        show_reason = bool(item.last_error) and item.state is not OutboxState.DONE
        self.reason_label.setText(self.tr("&Orsak:") if rejected else self.tr("Senaste f&el:"))
        self.reason.setPlainText(in_ui_language(item.last_error or ""))
        self.reason_label.setVisible(show_reason)
        self.reason.setVisible(show_reason)
        texts = user_text(item).fields
        for key, value in texts.items():
            editor = QtWidgets.QPlainTextEdit(typed.get(key, value) if rejected else value)
            editor.setObjectName(f"userText-{key}")
            editor.setAccessibleName(self.tr("Din text: {field}").format(field=field_label(key)))
            editor.setReadOnly(not rejected)
            editor.setTabChangesFocus(True)
            editor.setMaximumHeight(90 if key != "subject" else 32)
            self.text_form.addRow(self.tr("{field}:").format(field=field_label(key)), editor)
            editor.show()  # a layout shows a new child only later (queued); show it now
            buddy = self.text_form.labelForField(editor)
            if buddy is not None:
                buddy.show()
            self.text_editors[key] = editor
        self.text_box.setTitle(
            self.tr("Din text (sparad – redigera och försök igen)")
            if rejected
            else self.tr("Din text (sparad)")
        )
        self.text_box.setVisible(bool(texts))
        self.retry.setEnabled(rejected or item.state is OutboxState.PENDING)
        self.retry.setToolTip(
            self.tr("Skicka ändringen igen (med din redigerade text)")
            if rejected
            else self.tr("Försök skicka nu")
        )
        self.resolve.setEnabled(item.state is OutboxState.CONFLICT)
        never_sent = item.state is OutboxState.PENDING and item.attempts == 0
        self.discard.setEnabled(item.state in (OutboxState.CONFLICT, OutboxState.REJECTED) or never_sent)
        self.copy.setEnabled(bool(texts) or bool(item.last_error))
        self.open_case.setEnabled(item.case_id is not None)
        self.message.setText("")

    def _default_action(self) -> None:
        """Enter or double click on a row: a conflict opens its dialog, anything else its case."""
        row = self.selected()
        if row is None:
            return
        if row.item.state is OutboxState.CONFLICT:
            self.resolve_selected()
        elif row.item.case_id:
            self._open_case()

    def _open_case(self) -> None:
        row = self.selected()
        if row is not None and row.item.case_id:
            self.openCase.emit(row.item.case_id)

    # --- actions ---------------------------------------------------------------------------------------

    def _run(self, coro: Any, done_text: str) -> asyncio.Task[Any]:
        def ok(_r: object) -> None:
            self.message.setText(done_text)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.message.setText(user_message(exc) or self.tr("Det gick inte. Försök igen."))
            self.refresh()

        return run_op(self, coro, on_success=ok, on_failure=failed)

    def edited_texts(self) -> dict[str, str]:
        return {k: e.toPlainText() for k, e in self.text_editors.items()}

    def retry_selected(self) -> asyncio.Task[Any] | None:
        row = self.selected()
        if row is None:
            return None
        item = row.item
        if item.state is OutboxState.REJECTED:
            edited = None
            texts = self.edited_texts()
            if texts and texts != user_text(item).fields:
                edited = with_user_text(item, texts)
            return self._run(self.services.sync.retry_rejected(item.id, edited), self.tr("Skickas igen."))
        return self._run(self.services.sync.sync_now(), self.tr("Försöker skicka nu."))

    def conflict_dialog(self) -> ConflictDialog | None:
        row = self.selected()
        if row is None or row.item.state is not OutboxState.CONFLICT or row.item.conflict is None:
            return None
        return ConflictDialog(
            row.item, self, services=self.services, registration_number=row.registration_number
        )

    def resolve_selected(self) -> None:
        dialog = self.conflict_dialog()
        if dialog is not None:
            dialog.exec()
            self.focus_rows()  # back on the change the user was deciding about
            self.refresh()

    def discard_selected(self) -> asyncio.Task[Any] | None:
        row = self.selected()
        if row is None or not self.confirm_discard(row):
            return None
        return self._run(self.services.sync.discard(row.item.id), self.tr("Ändringen togs bort."))

    def discard_confirmation(self, row: OutboxRow) -> MessageBox:
        """The question before a change is dropped (its texts follow a live language switch)."""
        texts = user_text(row.item).joined
        box = MessageBox(
            self,
            QtWidgets.QMessageBox.Icon.Warning,
            lambda: self.tr("Ta bort ändringen?"),
            lambda: self.tr("{what} på {number} tas bort och skickas aldrig.").format(
                what=what(row.item), number=row.registration_number
            ),
            (lambda: self.tr("Din text försvinner. Kopiera den först om du vill spara den."))
            if texts
            else "",
        )
        box.setObjectName("discardConfirmation")
        if texts:
            box.setDetailedText(texts)  # the user's own words: never translated
        remove = box.add_button(lambda: self.tr("Ta bort"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirmDiscard")
        cancel = box.add_button(lambda: self.tr("Avbryt"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelDiscard")
        box.setDefaultButton(cancel)  # Enter must not delete: the destructive choice is never the default
        box.setEscapeButton(cancel)
        return box

    def _confirm_discard(self, row: OutboxRow) -> bool:
        box = self.discard_confirmation(row)
        box.exec()
        confirmed = box.clickedButton() is box.findChild(QtWidgets.QPushButton, "confirmDiscard")
        box.deleteLater()
        return confirmed

    def copy_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        texts = self.edited_texts() or {}
        text = "\n\n".join(v for v in texts.values() if v) or (row.item.last_error or "")
        QtWidgets.QApplication.clipboard().setText(text)
        self.message.setText(self.tr("Texten är kopierad."))
