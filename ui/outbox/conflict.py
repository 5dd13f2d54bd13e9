"""A conflict: someone changed the case (or the markup) after the user's change was based on it.

The dialog shows three versions side by side — what the change was based on (Grund), what the platform
has now (Deras) and what the user wanted (Min) — for a case only the fields that differ, for a text its
whole text. Nothing is decided for the user: "Behåll min" sends the user's change on top of theirs,
"Ta deras" drops the user's change, "Redigera" lets the user change their version and then sends that.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseworker.domain.models import CaseStatus
from caseworker.store import OutboxItem
from caseworker.sync.engine import ConflictChoice
from ui.case.labels import QT_TRANSLATE_NOOP, STATUS, status_label
from ui.ops import run_op, user_message
from ui.outbox.describe import user_text, what, with_user_text
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services

FIELD_NAMES = {
    "status": QT_TRANSLATE_NOOP("ConflictDialog", "Status"),
    "assignee_id": QT_TRANSLATE_NOOP("ConflictDialog", "Handläggare (id)"),
    "assignee_name": QT_TRANSLATE_NOOP("ConflictDialog", "Handläggare"),
    "title": QT_TRANSLATE_NOOP("ConflictDialog", "Ärendemening"),
    "description": QT_TRANSLATE_NOOP("ConflictDialog", "Beskrivning"),
    "fee_sek": QT_TRANSLATE_NOOP("ConflictDialog", "Avgift"),
    "property_designation": QT_TRANSLATE_NOOP("ConflictDialog", "Fastighet"),
    "applicant_name": QT_TRANSLATE_NOOP("ConflictDialog", "Sökande"),
    "deadline.received_on": QT_TRANSLATE_NOOP("ConflictDialog", "Inkom"),
    "deadline.completion_requested_on": QT_TRANSLATE_NOOP("ConflictDialog", "Komplettering begärd"),
    "deadline.completed_on": QT_TRANSLATE_NOOP("ConflictDialog", "Komplett den"),
    "deadline.extension_weeks": QT_TRANSLATE_NOOP("ConflictDialog", "Förlängning (veckor)"),
    "deadline.extension_reason": QT_TRANSLATE_NOOP("ConflictDialog", "Skäl för förlängning"),
    "deadline.decided_on": QT_TRANSLATE_NOOP("ConflictDialog", "Beslutad"),
    "completion_requested": QT_TRANSLATE_NOOP("ConflictDialog", "Begär komplettering"),
    "deadline_extension.weeks": QT_TRANSLATE_NOOP("ConflictDialog", "Förlängning (veckor)"),
    "deadline_extension.reason": QT_TRANSLATE_NOOP("ConflictDialog", "Skäl för förlängning"),
    "text": QT_TRANSLATE_NOOP("ConflictDialog", "Text"),
    "resolved": QT_TRANSLATE_NOOP("ConflictDialog", "Åtgärdad"),
    "color": QT_TRANSLATE_NOOP("ConflictDialog", "Färg"),
    "geometry": QT_TRANSLATE_NOOP("ConflictDialog", "Placering"),
    "page": QT_TRANSLATE_NOOP("ConflictDialog", "Sida"),
    "kind": QT_TRANSLATE_NOOP("ConflictDialog", "Typ"),
}


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("ConflictDialog", text)


# Where a field of a change (a PATCH body) shows in the case it changes.
PATCH_TO_CASE = {
    "status": "status",
    "assignee_id": "assignee_id",
    "deadline_extension.weeks": "deadline.extension_weeks",
    "deadline_extension.reason": "deadline.extension_reason",
    "completion_requested": "status",
}
NOISE = {"version", "updated_at", "created_at", "id", "etag", "parties", "author_id", "author_name"}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"deadline": {"extension_weeks": 2}}`` → ``{"deadline.extension_weeks": 2}`` (lists kept whole)."""
    if not isinstance(value, Mapping):
        return {prefix or "värde": value}
    out: dict[str, Any] = {}
    for key, v in value.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(v, Mapping) and v:
            out.update(flatten(v, name))
        else:
            out[name] = v
    return out


def show_value(field: str, value: Any) -> str:
    if value is None:
        return "–"
    if field.endswith("status") or field == "status":
        return status_label(str(value))
    if field == "completion_requested":
        return _tr("Ja (status Väntar på komplettering)") if value else _tr("Nej")
    if isinstance(value, bool):
        return _tr("Ja") if value else _tr("Nej")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class FieldRow:
    field: str
    label: str
    base: str
    theirs: str
    ours: str


def changed_fields(base: Any, theirs: Any, ours: Any) -> list[FieldRow]:
    """The fields that differ between the three versions (ours may be a whole object or a change)."""
    b, t, o = flatten(base or {}), flatten(theirs or {}), flatten(ours or {})
    # ours as a change to the case: translate its fields to the case's
    is_patch = (
        bool(o)
        and not (set(o) & {"registration_number", "deadline.received_on"})
        and bool(set(o) & set(PATCH_TO_CASE))
    )
    ours_on_case: dict[str, Any] = {}
    if is_patch:
        for k, v in o.items():
            target = PATCH_TO_CASE.get(k, k)
            ours_on_case[target] = CaseStatus.INCOMPLETE.value if k == "completion_requested" and v else v
    else:
        ours_on_case = o
    fields = [k for k in t if k not in NOISE and b.get(k) != t.get(k)]
    fields += [k for k in ours_on_case if k not in NOISE and k not in fields]
    if not is_patch:
        fields += [k for k in b if k not in NOISE and k not in fields and b.get(k) != o.get(k, b.get(k))]
    rows = []
    for k in fields:
        top = k.split(".")[0]
        if top in NOISE:
            continue
        mine = ours_on_case.get(k, b.get(k)) if is_patch else o.get(k)
        rows.append(
            FieldRow(
                k,
                _tr(FIELD_NAMES[k]) if k in FIELD_NAMES else k,
                show_value(k, b.get(k)),
                show_value(k, t.get(k)),
                show_value(k, mine) + ("" if k in ours_on_case or not is_patch else _tr(" (oförändrad)")),
            )
        )
    return rows


def text_of(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in ("text", "body", "reason"):
            if isinstance(value.get(key), str):
                return str(value[key])
        ext = value.get("deadline_extension")
        if isinstance(ext, Mapping) and isinstance(ext.get("reason"), str):
            return str(ext["reason"])
    if isinstance(value, str):
        return value
    return None


class ConflictDialog(QtWidgets.QDialog):
    """Choose how a conflict ends. With ``services`` the dialog resolves it itself; without, read
    ``choice`` and ``edited`` after ``exec()`` returned Accepted."""

    def __init__(
        self,
        item: OutboxItem,
        parent: QtWidgets.QWidget | None = None,
        *,
        services: Services | None = None,
        registration_number: str | None = None,
    ) -> None:
        super().__init__(parent)
        if item.conflict is None:
            raise ValueError("the outbox item is not in conflict")
        self.item = item
        self.services = services
        self.choice: ConflictChoice | None = None
        self.edited: Any = None
        self.task: asyncio.Task[Any] | None = None
        self.setObjectName("conflictDialog")
        if registration_number:
            self.setWindowTitle(self.tr("Konflikt på {number}").format(number=registration_number))
            head = self.tr("{what} på {number}").format(what=what(item), number=registration_number)
        else:
            self.setWindowTitle(self.tr("Konflikt"))
            head = what(item)
        conflict = item.conflict

        intro = QtWidgets.QLabel(
            self.tr(
                "<b>{head}</b> kunde inte skickas: någon annan har ändrat samma sak efter att "
                "du gjorde din ändring. Jämför versionerna och välj vad som ska gälla. Ingenting skrivs över "
                "förrän du har valt."
            ).format(head=head)
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.texts = user_text(item)
        base_text, their_text = text_of(conflict.base), text_of(conflict.theirs)
        self.text_mode = bool(self.texts.fields) and (base_text is not None or their_text is not None)
        self.rows = changed_fields(conflict.base, conflict.theirs, conflict.ours)

        self.editors: dict[str, QtWidgets.QWidget] = {}
        compare = self._texts(base_text or "", their_text or "") if self.text_mode else self._table()

        self.error = QtWidgets.QLabel()
        self.error.setObjectName("conflictError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("#conflictError { color: #8e1616; }")
        self.error.hide()

        self.keep_mine = QtWidgets.QPushButton(self.tr("Behåll &min"))
        self.keep_mine.setObjectName("keepMine")
        self.keep_mine.setToolTip(self.tr("Skicka din ändring ovanpå deras version"))
        self.take_theirs = QtWidgets.QPushButton(self.tr("Ta &deras"))
        self.take_theirs.setObjectName("takeTheirs")
        self.take_theirs.setToolTip(self.tr("Släpp din ändring; plattformens version gäller"))
        self.edit = QtWidgets.QPushButton(self.tr("&Redigera"))
        self.edit.setObjectName("editMine")
        self.edit.setToolTip(self.tr("Ändra din version och skicka den"))
        self.send_edited = QtWidgets.QPushButton(self.tr("&Skicka redigerad"))
        self.send_edited.setObjectName("sendEdited")
        self.send_edited.hide()
        self.cancel = QtWidgets.QPushButton(self.tr("Avbryt"))
        self.cancel.setObjectName("cancelConflict")
        self.cancel.setToolTip(self.tr("Bestäm senare; ändringen ligger kvar i utkorgen"))
        for b in (self.keep_mine, self.take_theirs, self.edit, self.send_edited, self.cancel):
            b.setAutoDefault(False)
        self.keep_mine.clicked.connect(lambda: self.resolve(ConflictChoice.KEEP_MINE))
        self.take_theirs.clicked.connect(lambda: self.resolve(ConflictChoice.TAKE_THEIRS))
        self.edit.clicked.connect(self.start_editing)
        self.send_edited.clicked.connect(lambda: self.resolve(ConflictChoice.EDIT, self.edited_payload()))
        self.cancel.clicked.connect(self.reject)
        self.edit.setEnabled(bool(self.editors))
        if not self.editors:
            self.edit.setToolTip(self.tr("Det finns inget att redigera i den här ändringen"))
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addWidget(self.edit)
        buttons.addWidget(self.send_edited)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(compare, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(820, self.sizeHint().height() + (160 if self.text_mode else 0))

    # --- the comparison ----------------------------------------------------------------------------

    def _table(self) -> QtWidgets.QWidget:
        table = QtWidgets.QTableWidget(len(self.rows), 4)
        table.setObjectName("conflictTable")
        table.setAccessibleName(self.tr("Jämförelse av versionerna"))
        table.setHorizontalHeaderLabels(
            [self.tr("Fält"), self.tr("Grund (när du ändrade)"), self.tr("Deras (nu)"), self.tr("Min")]
        )
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(self.rows):
            for c, value in enumerate((row.label, row.base, row.theirs, row.ours)):
                cell = QtWidgets.QTableWidgetItem(value)
                if c == 3 and row.ours.split(" (")[0] != row.theirs:
                    cell.setBackground(QtGui.QColor("#fff1d6"))  # where mine differs from theirs
                    cell.setForeground(QtGui.QColor("#3d2800"))
                    cell.setToolTip(self.tr("Din version skiljer sig från deras"))
                table.setItem(r, c, cell)
        table.resizeRowsToContents()
        rows_height = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setMaximumHeight(table.horizontalHeader().height() + rows_height + 2 * table.frameWidth() + 4)
        # the user's own version, editable on "Redigera"
        payload = self.item.payload if isinstance(self.item.payload, dict) else {}
        if self.item.kind == "patch_case" and "status" in payload:
            combo = QtWidgets.QComboBox()
            combo.setObjectName("editStatus")
            combo.setAccessibleName(self.tr("Min status"))
            for status in STATUS:
                if status not in (CaseStatus.DECIDED,):
                    combo.addItem(status_label(status), status.value)
            combo.setCurrentIndex(max(0, combo.findData(payload["status"])))
            self.editors["status"] = combo
        ext = payload.get("deadline_extension")
        if isinstance(ext, dict):
            weeks = QtWidgets.QSpinBox()
            weeks.setObjectName("editWeeks")
            weeks.setRange(1, 10)
            weeks.setValue(int(ext.get("weeks", 1)))
            weeks.setAccessibleName(self.tr("Mina veckor"))
            reason = QtWidgets.QPlainTextEdit(str(ext.get("reason", "")))
            reason.setObjectName("editReason")
            reason.setAccessibleName(self.tr("Mitt skäl"))
            self.editors["weeks"] = weeks
            self.editors["reason"] = reason
        holder = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        if not self.rows:
            layout.addWidget(
                QtWidgets.QLabel(self.tr("Inga fält skiljer sig åt; deras version är ändå nyare."))
            )
        layout.addWidget(table, 1)
        self.edit_box = QtWidgets.QGroupBox(self.tr("Min version"))
        form = QtWidgets.QFormLayout(self.edit_box)
        names = {"status": self.tr("S&tatus:"), "weeks": self.tr("&Veckor:"), "reason": self.tr("S&käl:")}
        for key, widget in self.editors.items():
            buddy = QtWidgets.QLabel(names[key])
            buddy.setBuddy(widget)
            form.addRow(buddy, widget)
        self.edit_box.hide()
        layout.addWidget(self.edit_box)
        self.table = table
        return holder

    def _texts(self, base_text: str, their_text: str) -> QtWidgets.QWidget:
        holder = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        mine = self.texts.joined if len(self.texts.fields) != 1 else next(iter(self.texts.fields.values()))
        columns = (
            (self.tr("Grund (när du skrev)"), base_text, "conflictBase"),
            (self.tr("Deras (nu)"), their_text, "conflictTheirs"),
            (self.tr("Min"), mine, "conflictOurs"),
        )
        for c, (title, text, name) in enumerate(columns):
            label = QtWidgets.QLabel(f"<b>{title}</b>")
            edit = QtWidgets.QPlainTextEdit(text)
            edit.setObjectName(name)
            edit.setReadOnly(True)
            edit.setAccessibleName(title)
            label.setBuddy(edit)
            grid.addWidget(label, 0, c)
            grid.addWidget(edit, 1, c)
            if name == "conflictOurs":
                self.ours_edit = edit
                self.ours_label = label
        if len(self.texts.fields) == 1:
            self.editors[next(iter(self.texts.fields))] = self.ours_edit
        return holder

    # --- choosing ----------------------------------------------------------------------------------

    def start_editing(self) -> None:
        if self.text_mode:
            self.ours_edit.setReadOnly(False)
            self.ours_label.setText(self.tr("<b>Min – redigera här</b>"))
            self.ours_edit.setStyleSheet("QPlainTextEdit { border: 2px solid #1f5fa8; }")
            self.ours_edit.setFocus()
        else:
            self.edit_box.show()
            next(iter(self.editors.values())).setFocus()
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.edit.hide()
        self.send_edited.show()

    def edited_payload(self) -> Any:
        """The user's payload with what they edited (same shape as the outbox item's payload)."""
        payload = dict(self.item.payload) if isinstance(self.item.payload, dict) else {}
        if self.text_mode:
            key = next(iter(self.texts.fields))
            return with_user_text(self.item, {key: self.ours_edit.toPlainText()})
        if "status" in self.editors:
            combo = self.editors["status"]
            assert isinstance(combo, QtWidgets.QComboBox)
            payload["status"] = combo.currentData()
        if "weeks" in self.editors:
            weeks, reason = self.editors["weeks"], self.editors["reason"]
            assert isinstance(weeks, QtWidgets.QSpinBox) and isinstance(reason, QtWidgets.QPlainTextEdit)
            payload["deadline_extension"] = {"weeks": weeks.value(), "reason": reason.toPlainText().strip()}
        return payload

    def resolve(self, choice: ConflictChoice, edited: Any = None) -> asyncio.Task[Any] | None:
        self.choice, self.edited = choice, edited
        if self.services is None:
            self.accept()
            return None
        for b in (self.keep_mine, self.take_theirs, self.edit, self.send_edited):
            b.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.error.setText(user_message(exc) or self.tr("Konflikten kunde inte lösas. Försök igen."))
            self.error.show()
            for b in (self.keep_mine, self.take_theirs, self.edit, self.send_edited):
                b.setEnabled(True)

        self.task = run_op(
            self,
            self.services.sync.resolve_conflict(self.item.id, choice, edited),
            on_success=lambda _r: self.accept(),
            on_failure=failed,
        )
        return self.task
