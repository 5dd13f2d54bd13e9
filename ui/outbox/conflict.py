"""A conflict: someone changed the case (or the markup) after the user's change was based on it.

The dialog shows three versions side by side — what the change was based on (Grund), what the platform
has now (Deras) and what the user wanted (Min) — for a case only the fields that differ, for a text its
whole text. Nothing is decided for the user: "Behåll min" sends the user's change on top of theirs,
"Ta deras" drops the user's change, "Redigera" lets the user change their version and then sends that.
"""

from __future__ import annotations

import asyncio
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseworker.domain.models import CaseStatus
from caseworker.store import OutboxItem
from caseworker.sync.engine import ConflictChoice
from caseworker.sync.kinds import kind_of
from ui.labels import QT_TRANSLATE_NOOP, STATUS, status_label
from ui.ops import run_op, user_message
from ui.outbox.describe import user_text, what, with_user_text
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services
from ui.theme import on_theme_change, problem_text, tone
from ui.widgets import Retranslated, action_button, form_text_edit

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
    "value": QT_TRANSLATE_NOOP("ConflictDialog", "Värde"),
    "parties_notified": QT_TRANSLATE_NOOP("ConflictDialog", "Delgivning (part och dag)"),
    "decision_published_on": QT_TRANSLATE_NOOP("ConflictDialog", "Kungjort i PoIT"),
}


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("ConflictDialog", text)


# Where a field of a change (a PATCH body) shows in the case it changes.
PATCH_TO_CASE = {
    "status": "status",
    "assignee_id": "assignee_id",
    "deadline_extension.weeks": "deadline.extension_weeks",
    "deadline_extension.reason": "deadline.extension_reason",
    "completion_requested": "status",
    "decision_published_on": "decision_published_on",
}
NOISE = {"version", "updated_at", "created_at", "id", "etag", "parties", "author_id", "author_name"}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"deadline": {"extension_weeks": 2}}`` → ``{"deadline.extension_weeks": 2}`` (lists kept whole)."""
    if not isinstance(value, Mapping):
        return {prefix or "value": value}
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
        return tr("Ja (status Väntar på komplettering)") if value else tr("Nej")
    if isinstance(value, bool):
        return tr("Ja") if value else tr("Nej")
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
                tr(FIELD_NAMES[k]) if k in FIELD_NAMES else k,
                show_value(k, b.get(k)),
                show_value(k, t.get(k)),
                show_value(k, mine) + ("" if k in ours_on_case or not is_patch else tr(" (oförändrad)")),
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


class ConflictDialog(Retranslated, QtWidgets.QDialog):
    """Choose how a conflict ends. With ``services`` the dialog resolves it itself; without, read
    ``choice`` and ``edited`` after ``exec()`` returned Accepted.

    The texts are set in :meth:`retranslate` (when built and on a live language switch); the versions'
    own words, and what the user edited, are never touched by it."""

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
        self.registration_number = registration_number
        self.choice: ConflictChoice | None = None
        self.edited: Any = None
        self.task: asyncio.Task[Any] | None = None
        self.editing = False
        self.failure: BaseException | None = None  # why resolving failed (shown until the next try)
        self.setObjectName("conflictDialog")
        conflict = item.conflict

        self.intro = QtWidgets.QLabel()
        self.intro.setObjectName("conflictIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)

        self.texts = user_text(item)
        base_text, their_text = text_of(conflict.base), text_of(conflict.theirs)
        self.text_mode = bool(self.texts.fields) and (base_text is not None or their_text is not None)
        self.rows = changed_fields(conflict.base, conflict.theirs, conflict.ours)

        self.editors: dict[str, QtWidgets.QWidget] = {}
        compare = self._texts(base_text or "", their_text or "") if self.text_mode else self._table()

        self.error = QtWidgets.QLabel()
        self.error.setObjectName("conflictError")
        self.error.setWordWrap(True)
        self.error.hide()

        # Enter presses the focused choice (never a default one: Enter in the table decides nothing)
        self.keep_mine = action_button("keepMine")
        self.take_theirs = action_button("takeTheirs")
        self.edit = action_button("editMine")
        self.send_edited = action_button("sendEdited")
        self.send_edited.hide()
        self.cancel = action_button("cancelConflict")
        self.keep_mine.clicked.connect(lambda: self.resolve(ConflictChoice.KEEP_MINE))
        self.take_theirs.clicked.connect(lambda: self.resolve(ConflictChoice.TAKE_THEIRS))
        self.edit.clicked.connect(self.start_editing)
        self.send_edited.clicked.connect(lambda: self.resolve(ConflictChoice.EDIT, self.edited_payload()))
        self.cancel.clicked.connect(self.reject)
        self.edit.setEnabled(bool(self.editors))
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addWidget(self.edit)
        buttons.addWidget(self.send_edited)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(compare, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.retranslate()
        self.restyle()
        on_theme_change(self.restyle)
        self.resize(820, self.sizeHint().height() + (160 if self.text_mode else 0))

    def restyle(self) -> None:
        """Colours of the scheme: the error line, where mine differs, the editable version's frame."""
        self.error.setStyleSheet(f"#conflictError {{ color: {problem_text()}; }}")
        if not self.text_mode:
            self._retranslate_table()
        elif self.editing:  # the editable version: a dashed frame (the focus ring is a solid one outside)
            self.ours_edit.setStyleSheet("QPlainTextEdit { border: 2px dashed palette(highlight); }")

    # --- texts -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        item, number = self.item, self.registration_number
        if number:
            self.setWindowTitle(self.tr("Konflikt på {number}").format(number=number))
            head = self.tr("{what} på {number}").format(what=what(item), number=number)
        else:
            self.setWindowTitle(self.tr("Konflikt"))
            head = what(item)
        self.intro.setText(
            self.tr(
                "<b>{head}</b> kunde inte skickas: någon annan har ändrat samma sak efter att "
                "du gjorde din ändring. Jämför versionerna och välj vad som ska gälla. Ingenting skrivs över "
                "förrän du har valt."
            ).format(head=html.escape(head))
        )
        self.keep_mine.setText(self.tr("Behåll &min"))
        self.keep_mine.setToolTip(self.tr("Skicka din ändring ovanpå deras version"))
        self.take_theirs.setText(self.tr("Ta &deras"))
        self.take_theirs.setToolTip(self.tr("Släpp din ändring; plattformens version gäller"))
        self.edit.setText(self.tr("&Redigera"))
        self.edit.setToolTip(
            self.tr("Ändra din version och skicka den")
            if self.editors
            else self.tr("Det finns inget att redigera i den här ändringen")
        )
        self.send_edited.setText(self.tr("&Skicka redigerad"))
        self.cancel.setText(self.tr("Avbryt"))
        self.cancel.setToolTip(self.tr("Bestäm senare; ändringen ligger kvar i utkorgen"))
        if self.text_mode:
            self._retranslate_texts()
        else:
            self._retranslate_table()
        if self.failure is not None:
            self.error.setText(
                user_message(self.failure) or self.tr("Konflikten kunde inte lösas. Försök igen.")
            )

    def _retranslate_table(self) -> None:
        conflict = self.item.conflict
        assert conflict is not None
        self.rows = changed_fields(conflict.base, conflict.theirs, conflict.ours)  # labels and values
        table = self.table
        table.setAccessibleName(self.tr("Jämförelse av versionerna"))
        table.setHorizontalHeaderLabels(
            [self.tr("Fält"), self.tr("Grund (när du ändrade)"), self.tr("Deras (nu)"), self.tr("Min")]
        )
        for r, row in enumerate(self.rows):
            for c, value in enumerate((row.label, row.base, row.theirs, row.ours)):
                cell = table.item(r, c)
                if cell is None:
                    cell = QtWidgets.QTableWidgetItem()
                    table.setItem(r, c, cell)
                cell.setText(value)
                if c == 3 and row.ours.split(" (")[0] != row.theirs:
                    background, foreground = tone("soon")  # where mine differs from theirs
                    cell.setBackground(QtGui.QColor(background))
                    cell.setForeground(QtGui.QColor(foreground))
                    cell.setToolTip(self.tr("Din version skiljer sig från deras"))
        table.resizeRowsToContents()
        rows_height = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setMaximumHeight(table.horizontalHeader().height() + rows_height + 2 * table.frameWidth() + 4)
        self.no_difference.setText(self.tr("Inga fält skiljer sig åt; deras version är ändå nyare."))
        self.edit_box.setTitle(self.tr("Min version"))
        names = {"status": self.tr("S&tatus:"), "weeks": self.tr("&Veckor:"), "reason": self.tr("S&käl:")}
        for key, label in self.editor_labels.items():
            label.setText(names[key])
        combo = self.editors.get("status")
        if isinstance(combo, QtWidgets.QComboBox):
            combo.setAccessibleName(self.tr("Min status"))
            for i in range(combo.count()):  # the choice stays
                combo.setItemText(i, status_label(str(combo.itemData(i))))
        if "weeks" in self.editors:
            self.editors["weeks"].setAccessibleName(self.tr("Mina veckor"))
            self.editors["reason"].setAccessibleName(self.tr("Mitt skäl"))

    def _retranslate_texts(self) -> None:
        titles = {
            "conflictBase": self.tr("Grund (när du skrev)"),
            "conflictTheirs": self.tr("Deras (nu)"),
            "conflictOurs": self.tr("Min – redigera här") if self.editing else self.tr("Min"),
        }
        for name, (label, edit) in self.columns.items():
            label.setText(f"<b>{html.escape(titles[name])}</b>")
            edit.setAccessibleName(titles[name])

    # --- the comparison ----------------------------------------------------------------------------

    def _table(self) -> QtWidgets.QWidget:
        table = QtWidgets.QTableWidget(len(self.rows), 4)
        table.setObjectName("conflictTable")
        table.setTabKeyNavigation(False)  # Tab goes on to the choices; arrows move in the table
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.Stretch)
        # the user's own version, editable on "Redigera"
        payload = self.item.payload if isinstance(self.item.payload, dict) else {}
        if kind_of(self.item).changes_status(payload):
            combo = QtWidgets.QComboBox()
            combo.setObjectName("editStatus")
            for status in STATUS:
                if status not in (CaseStatus.DECIDED,):
                    combo.addItem("", status.value)  # texts: retranslate
            combo.setCurrentIndex(max(0, combo.findData(payload["status"])))
            self.editors["status"] = combo
        ext = payload.get("deadline_extension")
        if isinstance(ext, dict):
            weeks = QtWidgets.QSpinBox()
            weeks.setObjectName("editWeeks")
            weeks.setRange(1, 10)
            weeks.setValue(int(ext.get("weeks", 1)))
            reason = form_text_edit("editReason", str(ext.get("reason", "")))
            self.editors["weeks"] = weeks
            self.editors["reason"] = reason
        holder = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.no_difference = QtWidgets.QLabel()
        self.no_difference.setObjectName("conflictNoDifference")
        self.no_difference.setWordWrap(True)
        self.no_difference.setVisible(not self.rows)
        layout.addWidget(self.no_difference)
        layout.addWidget(table, 1)
        self.edit_box = QtWidgets.QGroupBox()
        form = QtWidgets.QFormLayout(self.edit_box)
        self.editor_labels: dict[str, QtWidgets.QLabel] = {}
        for key, widget in self.editors.items():
            buddy = QtWidgets.QLabel()
            buddy.setBuddy(widget)
            form.addRow(buddy, widget)
            self.editor_labels[key] = buddy
        self.edit_box.hide()
        layout.addWidget(self.edit_box)
        self.table = table
        return holder

    def _texts(self, base_text: str, their_text: str) -> QtWidgets.QWidget:
        holder = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        mine = self.texts.joined if len(self.texts.fields) != 1 else next(iter(self.texts.fields.values()))
        self.columns: dict[str, tuple[QtWidgets.QLabel, QtWidgets.QPlainTextEdit]] = {}
        for c, (text, name) in enumerate(
            ((base_text, "conflictBase"), (their_text, "conflictTheirs"), (mine, "conflictOurs"))
        ):
            label = QtWidgets.QLabel()  # the title: retranslate
            edit = form_text_edit(name, text)
            edit.setReadOnly(True)
            label.setBuddy(edit)
            grid.addWidget(label, 0, c)
            grid.addWidget(edit, 1, c)
            self.columns[name] = (label, edit)
        self.ours_label, self.ours_edit = self.columns["conflictOurs"]
        if len(self.texts.fields) == 1:
            self.editors[next(iter(self.texts.fields))] = self.ours_edit
        return holder

    # --- choosing ----------------------------------------------------------------------------------

    def start_editing(self) -> None:
        self.editing = True
        if self.text_mode:
            self.ours_edit.setReadOnly(False)
            self._retranslate_texts()  # "Min – redigera här"
            self.restyle()  # the editable version's frame
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
            self.failure = exc
            self.retranslate()  # the error text
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
