"""After the decision, in the case screen: the appeal and finality dates, recording when each party was
notified (delgivning) and when the decision was published in PoIT, and the PoIT notice text to copy.

Recording goes through the outbox like every write (kind ``record_notices``: a PATCH of the case with
If-Match), so it works offline and the dates show at once. Light on imports: no renderer here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

from caseworker.domain.finality import published_in_poit
from caseworker.domain.models import Case, CasePatch, CaseSummary, Event, Municipality
from caseworker.sync.kinds.notices import notices_patch
from ui.decisions.appeal import AppealPanel, decision_outcome, role_label
from ui.ops import run_op, user_message
from ui.qt import QtCore, QtGui, QtWidgets
from ui.services import Services
from ui.widgets import Retranslated, action_button, filled, form_text_edit, label_button, text_label

Role = QtWidgets.QDialogButtonBox.ButtonRole


def _qdate(day: dt.date) -> QtCore.QDate:
    return QtCore.QDate(day.year, day.month, day.day)


def _pydate(day: QtCore.QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class _DayRow:
    """A checkbox ("notified") and its day, limited to [decision, today]."""

    def __init__(self, recorded: dt.date | None, decided_on: dt.date, today: dt.date, name: str) -> None:
        self.recorded = recorded
        self.check = QtWidgets.QCheckBox()
        self.check.setObjectName(f"{name}Check")
        self.day = QtWidgets.QDateEdit()
        self.day.setObjectName(f"{name}Day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDateRange(_qdate(decided_on), _qdate(max(today, decided_on)))
        self.day.setDate(_qdate(recorded or max(today, decided_on)))
        self.check.setChecked(recorded is not None)
        self.day.setEnabled(recorded is not None)
        self.check.toggled.connect(self.day.setEnabled)

    def value(self) -> dt.date | None:
        return _pydate(self.day.date()) if self.check.isChecked() else None

    def changed(self) -> bool:
        return self.value() != self.recorded


class NoticesDialog(Retranslated, QtWidgets.QDialog):
    """When each party was notified of the decision and, for a published decision, the PoIT day."""

    def __init__(
        self,
        case: Case,
        decided_on: dt.date,
        *,
        published: bool,
        today: dt.date,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decisionNoticesDialog")
        self.case, self.published = case, published
        self.info = QtWidgets.QLabel()
        self.info.setObjectName("noticesInfo")
        self.info.setWordWrap(True)
        grid = QtWidgets.QGridLayout()
        self.parties: dict[str, _DayRow] = {}
        for i, party in enumerate(case.parties):
            row = self.parties[party.id] = _DayRow(party.notified_on, decided_on, today, f"party{i}")
            grid.addWidget(row.check, i, 0)
            grid.addWidget(row.day, i, 1)
        self.poit: _DayRow | None = None
        if published:
            self.poit = _DayRow(case.decision_published_on, decided_on, today, "poit")
            grid.addWidget(self.poit.check, len(case.parties), 0)
            grid.addWidget(self.poit.day, len(case.parties), 1)
        self.all_today = action_button("allNotifiedToday")
        self.all_today.clicked.connect(self._all_today)
        self.buttons = QtWidgets.QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", Role.AcceptRole)
        self.ok_button.setObjectName("recordNoticesOk")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", Role.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for row in self._rows():
            row.check.toggled.connect(self._update)
            row.day.dateChanged.connect(self._update)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(grid)
        all_row = QtWidgets.QHBoxLayout()
        all_row.addWidget(self.all_today)
        all_row.addStretch(1)
        layout.addLayout(all_row)
        layout.addWidget(self.buttons)
        self.decided_on, self.today = decided_on, today
        self.retranslate()
        self._update()

    def _rows(self) -> list[_DayRow]:
        return [*self.parties.values(), *([self.poit] if self.poit else [])]

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Delgivning och kungörelse – {number}").format(number=self.case.registration_number)
        )
        self.info.setText(
            self.tr(
                "Beslutet fattades {decided}. Markera de parter som har delgetts beslutet och ange dagen; "
                "varje parts överklagandetid (tre veckor) räknas från den. Dagen kan inte vara före beslutet "
                "eller efter i dag."
            ).format(decided=self.decided_on.isoformat())
            + (
                " "
                + self.tr(
                    "Ett beviljat lov kungörs i Post- och Inrikes Tidningar; de som inte delgetts kan "
                    "överklaga i fyra veckor efter kungörelsen."
                )
                if self.published
                else ""
            )
        )
        for party in self.case.parties:
            row = self.parties[party.id]
            role = role_label(party.role)
            row.check.setText(self.tr("{name} ({role}) delgiven").format(name=party.name, role=role))
            row.day.setAccessibleName(self.tr("Dag då {name} delgavs").format(name=party.name))
        if self.poit is not None:
            self.poit.check.setText(self.tr("Kungjort i Post- och Inrikes Tidningar"))
            self.poit.day.setAccessibleName(self.tr("Dag för kungörelsen i PoIT"))
        label_button(self.all_today, self.tr("&Alla delgivna i dag"))
        label_button(self.ok_button, self.tr("&Registrera"))
        label_button(self.cancel_button, self.tr("Avbryt"))

    def _all_today(self) -> None:
        for row in self.parties.values():
            if not row.check.isChecked():
                row.day.setDate(_qdate(self.today))
                row.check.setChecked(True)

    def _update(self) -> None:
        self.ok_button.setEnabled(any(row.changed() for row in self._rows()))

    def patch(self) -> CasePatch | None:
        """The change to record (only what differs from what is recorded), or None for none."""
        notified = {party_id: row.value() for party_id, row in self.parties.items() if row.changed()}
        publishing = self.poit is not None and self.poit.changed()
        if not notified and not publishing:
            return None
        return notices_patch(notified, self.poit.value() if self.poit else None, publishing=publishing)


class PoitNoticeDialog(Retranslated, QtWidgets.QDialog):
    """The PoIT notice text of a granted permit, to copy into the gazette's form. Swedish whatever the UI
    language (it is published as it is), and editable: the caseworker may adjust it before copying."""

    def __init__(self, registration_number: str, text: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poitNoticeDialog")
        self.registration_number = registration_number
        self.info = text_label("poitNoticeInfo")
        self.text = form_text_edit("poitNoticeText", text)
        self.copied = QtWidgets.QLabel()
        self.copied.setObjectName("poitCopied")
        self.copy_button = action_button("copyPoitNotice")
        self.copy_button.clicked.connect(self.copy)
        self.close_button = action_button("closePoitNotice")
        self.close_button.clicked.connect(self.accept)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.copied, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.retranslate()
        self.resize(620, 420)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Kungörelse i PoIT – {number}").format(number=self.registration_number))
        self.text.setAccessibleName(self.tr("Kungörelsetext"))
        self.info.setText(
            self.tr(
                "Texten publiceras i Post- och Inrikes Tidningar som den står här. Justera den vid behov, "
                "kopiera den och klistra in den i kungörelsen."
            )
        )
        label_button(self.copy_button, self.tr("&Kopiera"))
        self.copy_button.setToolTip(self.tr("Kopiera texten till urklipp"))
        label_button(self.close_button, self.tr("&Stäng"))
        if self.copied.text():
            self.copied.setText(self.tr("Kopierad."))

    def copy(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied.setText(self.tr("Kopierad."))


class DecisionNotices(Retranslated, QtWidgets.QWidget):
    """The case screen's box for a decided case: the dates, "Registrera delgivning …" and, for a
    granted permit published in PoIT, "Kungörelsetext …"."""

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: Callable[[], dt.date] = dt.date.today
        self.case: CaseSummary | None = None
        self.events: list[Event] = []
        self.dates = AppealPanel()
        self.record_button = action_button("recordNotices")
        self.record_button.clicked.connect(self.ask_notices)
        self.poit_button = action_button("showPoitNotice")
        self.poit_button.clicked.connect(self.show_poit_notice)
        self.error = text_label("noticesError")
        self.error.hide()
        buttons = filled(QtWidgets.QHBoxLayout(), self.record_button, self.poit_button, None)
        filled(QtWidgets.QVBoxLayout(self), self.dates, buttons, self.error, margin=0)
        self.retranslate()

    def retranslate(self) -> None:
        # Every letter of the Swedish label is some other Alt key on the case screen: no mnemonic (Tab)
        label_button(self.record_button, self.tr("Registrera delgivning …"))
        self.record_button.setToolTip(self.tr("När parterna delgavs beslutet och när det kungjordes i PoIT"))
        label_button(self.poit_button, self.tr("Kung&örelsetext …"))
        self.poit_button.setToolTip(self.tr("Texten till kungörelsen i Post- och Inrikes Tidningar"))
        if self.case is not None:
            self.show_case(self.case, self.events)

    def text(self) -> str:
        """What the dates say (rich text)."""
        return self.dates.text()

    def show_case(self, case: CaseSummary, events: list[Event]) -> bool:
        """Show a decided case's dates and actions; False (nothing to show) for a case not decided."""
        self.case, self.events = case, events
        shown = self.dates.show_case(case, events)
        detailed = isinstance(case, Case) and bool(case.parties)
        self.record_button.setVisible(shown)
        self.record_button.setEnabled(detailed)
        self.poit_button.setVisible(shown and published_in_poit(case.case_type, decision_outcome(events)))
        self.poit_button.setEnabled(detailed and self._municipality() is not None)
        return shown

    def _municipality(self) -> Municipality | None:
        return None if self.case is None else self.services.municipalities.get(self.case.municipality_id)

    def notices_dialog(self) -> NoticesDialog | None:
        case = self.case
        if not isinstance(case, Case) or case.deadline.decided_on is None:
            return None
        published = published_in_poit(case.case_type, decision_outcome(self.events))
        return NoticesDialog(
            case, case.deadline.decided_on, published=published, today=self.today(), parent=self
        )

    def ask_notices(self) -> None:
        dialog = self.notices_dialog()
        if dialog is not None and dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            patch = dialog.patch()
            if patch is not None:
                self.record(patch)

    def record(self, patch: CasePatch) -> asyncio.Task[Any] | None:
        """Record the notices through the outbox (sent at once when online, else on reconnect)."""
        if self.case is None:
            return None
        self.error.hide()
        return run_op(self, self.services.sync.record_notices(self.case.id, patch), on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(
            self.tr("Delgivningen sparades inte: {reason}").format(
                reason=user_message(exc) or self.tr("okänt fel.")
            )
        )
        self.error.show()

    def poit_dialog(self) -> PoitNoticeDialog | None:
        case, municipality = self.case, self._municipality()
        if not isinstance(case, Case) or municipality is None or case.deadline.decided_on is None:
            return None
        from caseworker.decisions.poit import poit_notice  # the letter machinery: when first asked

        text = poit_notice(case, municipality, decision_outcome(self.events), case.deadline.decided_on)
        return PoitNoticeDialog(case.registration_number, text, self)

    def show_poit_notice(self) -> None:
        dialog = self.poit_dialog()
        if dialog is not None:
            dialog.exec()
