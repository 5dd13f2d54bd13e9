"""Small dialogs of the case view: extend the deadline, request completion (with a message), and the
progress of making a case available offline.

Each sets its texts in ``retranslate()``, called when built and again on ``QEvent.LanguageChange``, so
an open dialog follows a live language switch; what the user typed is never touched by it. The OK and
Cancel buttons are our own buttons in the button box, not its standard ones: a QDialogButtonBox resets
the texts of its standard buttons to Qt's own on a language change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from caseworker.domain.clock import MAX_EXTENSION_WEEKS, clock_start, compute, may_extend, statutory_period
from caseworker.domain.models import CaseType, DeadlineExtension, DeadlineFacts, MessageCreate
from ui.labels import format_size
from ui.qt import Qt, QtWidgets
from ui.theme import tone
from ui.widgets import Retranslated, filled, form_text_edit, text_label

Role = QtWidgets.QDialogButtonBox.ButtonRole
REPLY_WITHIN = dt.timedelta(weeks=3)  # the applicant's time to hand in the completion


def _form(*fields: QtWidgets.QWidget) -> tuple[QtWidgets.QFormLayout, list[QtWidgets.QLabel]]:
    """A form with a row per field, labelled by a label (its text set by retranslate) whose buddy it is."""
    form = QtWidgets.QFormLayout()
    labels = []
    for field in fields:
        label = QtWidgets.QLabel()
        label.setBuddy(field)
        form.addRow(label, field)
        labels.append(label)
    return form, labels


def _button_box(
    dialog: QtWidgets.QDialog,
) -> tuple[QtWidgets.QDialogButtonBox, QtWidgets.QPushButton, QtWidgets.QPushButton]:
    """A button box with an OK and a Cancel button whose texts the dialog sets itself."""
    buttons = QtWidgets.QDialogButtonBox()
    ok = buttons.addButton("", Role.AcceptRole)
    ok.setDefault(True)
    cancel = buttons.addButton("", Role.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok, cancel


class ExtendDeadlineDialog(Retranslated, QtWidgets.QDialog):
    """Once, by at most the case type's extension (10 weeks for a lov, 4 for an anmälan), with a reason
    (it lands in the case's history and goes to the applicant)."""

    def __init__(
        self,
        registration_number: str,
        parent: QtWidgets.QWidget | None = None,
        *,
        max_weeks: int = MAX_EXTENSION_WEEKS,
    ) -> None:
        super().__init__(parent)
        self.registration_number = registration_number
        self.max_weeks = max_weeks
        self.setObjectName("extendDeadlineDialog")
        self.info = text_label("extensionInfo")
        self.weeks = QtWidgets.QSpinBox()
        self.weeks.setObjectName("extensionWeeks")
        self.weeks.setRange(1, max_weeks)
        self.weeks.setValue(max_weeks)
        self.reason = form_text_edit("extensionReason")
        form, (self.weeks_label, self.reason_label) = _form(self.weeks, self.reason)
        self.buttons, self.ok_button, self.cancel_button = _button_box(self)
        self.ok_button.setObjectName("extendOk")
        self.reason.textChanged.connect(self._update)
        filled(QtWidgets.QVBoxLayout(self), self.info, form, self.buttons)
        self.retranslate()
        self.resize(460, 300)
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Förläng tidsfristen – {number}").format(number=self.registration_number))
        self.info.setText(
            self.tr(
                "Tidsfristen får förlängas en gång, med högst {weeks} veckor, om ärendet är särskilt "
                "komplicerat. Förlängningen ska beslutas och meddelas sökanden innan den första "
                "tidsfristen har gått ut."
            ).format(weeks=self.max_weeks)
        )
        self.weeks.setSuffix(self.tr(" veckor"))
        self.weeks.setAccessibleName(self.tr("Antal veckor"))
        self.reason.setAccessibleName(self.tr("Skäl för förlängningen"))
        self.reason.setPlaceholderText(self.tr("Varför ärendet är särskilt komplicerat …"))
        self.weeks_label.setText(self.tr("&Veckor:"))
        self.reason_label.setText(self.tr("&Skäl:"))
        self.ok_button.setText(self.tr("&Förläng"))
        self.cancel_button.setText(self.tr("Avbryt"))

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def extension(self) -> DeadlineExtension:
        return DeadlineExtension(weeks=self.weeks.value(), reason=self.reason.toPlainText().strip())


class MessageDialog(Retranslated, QtWidgets.QDialog):
    """A message to the applicant: subject and text, as given (the user's or the applicant's words, so
    never translated). Subclasses name the dialog and its send button (:meth:`title_text`,
    :meth:`ok_text`)."""

    def __init__(self, subject: str = "", body: str = "", parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageDialog")
        self.subject = QtWidgets.QLineEdit(subject)
        self.subject.setObjectName("messageDialogSubject")
        self.body = form_text_edit("messageDialogBody", body)
        form, (self.subject_label, self.body_label) = _form(self.subject, self.body)
        self.buttons, self.ok_button, self.cancel_button = _button_box(self)
        self.ok_button.setObjectName("sendMessageOk")
        self.subject.textChanged.connect(self._update)
        self.body.textChanged.connect(self._update)
        filled(QtWidgets.QVBoxLayout(self), form, self.buttons)
        self.retranslate()
        self.resize(560, 380)
        self._update()

    def title_text(self) -> str:
        return self.tr("Meddelande till sökanden")

    def ok_text(self) -> str:
        return self.tr("&Skicka")

    def retranslate(self) -> None:
        self.setWindowTitle(self.title_text())
        self.subject.setAccessibleName(self.tr("Ämne"))
        self.body.setAccessibleName(self.tr("Meddelande till sökanden"))
        self.subject_label.setText(self.tr("Ämn&e:"))
        self.body_label.setText(self.tr("Meddelande&text:"))
        self.ok_button.setText(self.ok_text())
        self.cancel_button.setText(self.tr("Avbryt"))

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.subject.text().strip() and self.body.toPlainText().strip()))

    def message(self) -> MessageCreate:
        return MessageCreate(subject=self.subject.text().strip(), body=self.body.toPlainText().strip())


@dataclasses.dataclass(frozen=True)
class CompletionLetter:
    """What the completion request letter says: who it goes to, what the clock does, who signs it."""

    registration_number: str
    property_designation: str
    applicant_name: str = ""
    deadline: DeadlineFacts | None = None  # None: nothing is said about the clock
    case_type: CaseType | None = None  # None: a lov (10 weeks)
    today: dt.date = dataclasses.field(default_factory=dt.date.today)
    sender_name: str = ""
    sender_title: str = ""
    municipality: str = ""

    @property
    def reply_by(self) -> dt.date:
        return self.today + REPLY_WITHIN

    def clock_starts_at_completion(self) -> bool:
        """True when this request (or an earlier one) came within 3 weeks of receipt: then the decision
        period starts only when the application is complete (DOMAIN.md); later, it keeps running."""
        if self.deadline is None:
            return False
        requested = self.deadline.completion_requested_on or self.today
        facts = self.deadline.model_copy(update={"completion_requested_on": requested})
        return clock_start(facts) is None

    def deadline_before_reply(self) -> dt.date | None:
        """The statutory deadline when it passes before the reply asked for is due and this request does
        not stop the clock (it comes more than 3 weeks after the application): then the caseworker should
        extend the deadline first, or ask for a reply before it. None when there is nothing to warn of."""
        if self.deadline is None or self.clock_starts_at_completion():
            return None
        requested = self.deadline.completion_requested_on or self.today
        facts = self.deadline.model_copy(update={"completion_requested_on": requested})
        deadline = compute(facts, self.today, self.case_type).deadline
        return deadline if deadline is not None and self.reply_by > deadline else None

    def why_not_extend(self) -> str | None:
        """Why the deadline cannot be extended now (the platform's reason), None if it can."""
        return None if self.deadline is None else may_extend(self.deadline, self.today, self.case_type)

    def text(self) -> tuple[str, str]:
        """Subject and body: Swedish on purpose (it goes to the applicant), whatever the UI language."""
        subject = f"Begäran om komplettering – {self.registration_number}"
        greeting = f"Hej {self.applicant_name}!" if self.applicant_name else "Hej!"
        paragraphs = [
            greeting,
            f"Vi har gått igenom din ansökan för {self.property_designation} "
            f"({self.registration_number}) och behöver följande kompletteringar innan vi kan pröva den:",
            "- ",
            f"Skicka in kompletteringen via e-tjänsten senast {self.reply_by.isoformat()}. "
            "Om den inte kommer in kan ansökan avvisas (9 kap. 22 § PBL).",
        ]
        clock = self._clock_sentence(self.deadline) if self.deadline is not None else None
        if clock is not None:
            paragraphs.append(clock)
        signature = [line for line in (self.sender_name, self.sender_title, self.municipality) if line]
        paragraphs.append("\n".join(["Med vänlig hälsning", *signature]))
        return subject, "\n\n".join(paragraphs)

    def _clock_sentence(self, deadline: DeadlineFacts) -> str | None:
        """Swedish on purpose: a sentence of the letter to the applicant."""
        period = statutory_period(self.case_type)
        if period is None:  # strandskyddsdispens: no PBL clock to speak of
            return None
        weeks = {4: "fyra", 10: "tio"}.get(period.period.days // 7, str(period.period.days // 7))
        if self.clock_starts_at_completion():
            return (
                f"Tidsfristen på {weeks} veckor för beslut börjar löpa först den dag ansökan är komplett. "
                "Du får besked när vi har fått allt vi behöver."
            )
        started = clock_start(deadline) or deadline.received_on
        since = "då ansökan kom in" if started == deadline.received_on else "då ansökan blev komplett"
        return (
            f"Tidsfristen för beslut räknas från den {started.isoformat()}, {since}, "
            "och fortsätter att löpa medan vi väntar på kompletteringen."
        )


class CompletionRequestDialog(MessageDialog):
    """A completion request (föreläggande om komplettering): the letter to the applicant, pre-filled in
    Swedish whatever the UI language (it goes to the applicant), for the caseworker to complete.

    When the reply would be due after the statutory deadline (which this request does not stop), the
    dialog says so and offers "Förläng tidsfristen först …" (its result is then ``EXTEND_FIRST``)."""

    EXTEND_FIRST = 2

    def __init__(
        self,
        registration_number: str,
        property_designation: str,
        parent: QtWidgets.QWidget | None = None,
        *,
        letter: CompletionLetter | None = None,
    ) -> None:
        self.registration_number = registration_number
        self.letter = letter or CompletionLetter(registration_number, property_designation)
        subject, body = self.letter.text()
        super().__init__(subject, body, parent)
        self.setObjectName("completionRequestDialog")
        self.late = self.letter.deadline_before_reply()
        self.warning = QtWidgets.QLabel()
        self.warning.setObjectName("completionDeadlineWarning")
        self.warning.setWordWrap(True)
        self.extend_first = self.buttons.addButton("", Role.ActionRole)
        self.extend_first.setObjectName("extendFirst")
        self.extend_first.clicked.connect(lambda: self.done(self.EXTEND_FIRST))
        layout = self.layout()
        assert isinstance(layout, QtWidgets.QVBoxLayout)
        layout.insertWidget(0, self.warning)
        self.warning.setVisible(self.late is not None)
        self.extend_first.setVisible(self.late is not None and self.letter.why_not_extend() is None)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        late = getattr(self, "late", None)
        if late is None:
            return
        text = self.tr(
            "Svaret begärs senast {reply}, men tidsfristen för beslut går ut {deadline} och stannar inte för "
            "den här begäran (den kommer mer än tre veckor efter ansökan)."
        ).format(reply=self.letter.reply_by.isoformat(), deadline=late.isoformat())
        why_not = self.letter.why_not_extend()
        if why_not is None:
            text += " " + self.tr("Förläng tidsfristen först, eller begär svar före {deadline}.").format(
                deadline=late.isoformat()
            )
        else:
            text += " " + self.tr(
                "Tidsfristen kan inte förlängas ({reason}); efter den sätts avgiften ned med en femtedel per "
                "påbörjad vecka."
            ).format(reason=why_not)
        self.warning.setText(text)
        background, foreground = tone("soon")
        rule = f"background: {background}; color: {foreground}; padding: 4px 8px;"
        self.warning.setStyleSheet(f"#completionDeadlineWarning {{ {rule} }}")
        self.extend_first.setText(self.tr("&Förläng tidsfristen först …"))

    def title_text(self) -> str:
        return self.tr("Begär komplettering – {number}").format(number=self.registration_number)

    def ok_text(self) -> str:
        return self.tr("&Skicka begäran")


class OfflineProgressDialog(Retranslated, QtWidgets.QProgressDialog):
    """Progress of making a case available offline: the case first, then its documents' bytes."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineProgress")
        self.setRange(0, 0)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.done_bytes: int | None = None
        self.total_bytes = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Gör tillgänglig offline"))
        self.setCancelButtonText(self.tr("Avbryt"))
        if self.done_bytes is None:
            self.setLabelText(self.tr("Hämtar ärendet och dess handlingar …"))
        else:
            self.setLabelText(
                self.tr("Hämtar handlingar: {done} av {total} …").format(
                    done=format_size(self.done_bytes), total=format_size(self.total_bytes)
                )
            )

    def set_bytes(self, done: int, total: int) -> None:
        """``done`` of ``total`` bytes of documents are here (nothing happens for an unknown total)."""
        if total <= 0:
            return
        self.done_bytes, self.total_bytes = done, total
        self.setMaximum(1000)  # per mille: byte counts overflow a progress bar's int
        self.setValue(min(1000, done * 1000 // total))
        self.retranslate()
