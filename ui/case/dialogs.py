"""Small dialogs of the case view: extend the deadline, request completion (with a message)."""

from __future__ import annotations

from caseworker.domain.clock import MAX_EXTENSION_WEEKS
from caseworker.domain.models import DeadlineExtension, MessageCreate
from ui.qt import QtWidgets


class ExtendDeadlineDialog(QtWidgets.QDialog):
    """Once, by 1–10 weeks, with a reason (it lands in the case's history and goes to the applicant)."""

    def __init__(self, registration_number: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Förläng tidsfristen – {number}").format(number=registration_number))
        self.setObjectName("extendDeadlineDialog")
        info = QtWidgets.QLabel(
            self.tr(
                "Tidsfristen får förlängas en gång, med högst tio veckor, om ärendet är särskilt "
                "komplicerat. Förlängningen ska beslutas och meddelas sökanden innan den första "
                "tidsfristen har gått ut."
            )
        )
        info.setWordWrap(True)
        self.weeks = QtWidgets.QSpinBox()
        self.weeks.setRange(1, MAX_EXTENSION_WEEKS)
        self.weeks.setValue(MAX_EXTENSION_WEEKS)
        self.weeks.setSuffix(self.tr(" veckor"))
        self.weeks.setAccessibleName(self.tr("Antal veckor"))
        self.reason = QtWidgets.QPlainTextEdit()
        self.reason.setObjectName("extensionReason")
        self.reason.setAccessibleName(self.tr("Skäl för förlängningen"))
        self.reason.setPlaceholderText(self.tr("Varför ärendet är särskilt komplicerat …"))
        self.reason.setTabChangesFocus(True)
        weeks_label = QtWidgets.QLabel(self.tr("&Veckor:"))
        weeks_label.setBuddy(self.weeks)
        reason_label = QtWidgets.QLabel(self.tr("&Skäl:"))
        reason_label.setBuddy(self.reason)
        form = QtWidgets.QFormLayout()
        form.addRow(weeks_label, self.weeks)
        form.addRow(reason_label, self.reason)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Förläng"))
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(460, 300)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason.toPlainText().strip()))

    def extension(self) -> DeadlineExtension:
        return DeadlineExtension(weeks=self.weeks.value(), reason=self.reason.toPlainText().strip())


class MessageDialog(QtWidgets.QDialog):
    """A message to the applicant; used for a completion request (föreläggande om komplettering)."""

    def __init__(
        self,
        title: str,
        subject: str,
        body: str,
        ok_text: str,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("messageDialog")
        self.subject = QtWidgets.QLineEdit(subject)
        self.subject.setAccessibleName(self.tr("Ämne"))
        self.body = QtWidgets.QPlainTextEdit(body)
        self.body.setAccessibleName(self.tr("Meddelande till sökanden"))
        self.body.setTabChangesFocus(True)
        subject_label = QtWidgets.QLabel(self.tr("Ämn&e:"))
        subject_label.setBuddy(self.subject)
        body_label = QtWidgets.QLabel(self.tr("Meddelande&text:"))
        body_label.setBuddy(self.body)
        form = QtWidgets.QFormLayout()
        form.addRow(subject_label, self.subject)
        form.addRow(body_label, self.body)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.subject.textChanged.connect(self._update)
        self.body.textChanged.connect(self._update)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 380)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.subject.text().strip() and self.body.toPlainText().strip()))

    def message(self) -> MessageCreate:
        return MessageCreate(subject=self.subject.text().strip(), body=self.body.toPlainText().strip())


def completion_request_text(registration_number: str, property_designation: str) -> tuple[str, str]:
    subject = f"Begäran om komplettering – {registration_number}"
    body = (
        f"Hej!\n\nVi har gått igenom din ansökan för {property_designation} och behöver följande "
        "kompletteringar innan vi kan pröva den:\n\n- \n\nSkicka in kompletteringen via e-tjänsten. "
        "Tidsfristen för beslut börjar löpa när ansökan är komplett.\n\nVänliga hälsningar"
    )
    return subject, body
