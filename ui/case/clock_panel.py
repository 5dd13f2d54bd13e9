"""The statutory clock of one case, as the case view shows it (computed by caseworker.domain.clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from caseworker.domain import clock
from caseworker.domain.models import CaseStatus, CaseSummary
from ui.labels import date_sv, sek
from ui.qt import Qt, QtCore, QtWidgets
from ui.theme import on_theme_change, tone
from ui.widgets import Retranslated, enlarge, text_label

FINISHED = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED})


class Tone(StrEnum):
    OK = "ok"
    SOON = "soon"  # seven days or fewer left
    OVERDUE = "overdue"
    IDLE = "idle"  # not started, or decided


@dataclass(frozen=True)
class ClockText:
    headline: str  # "12 dagar kvar", "9 dagar försenat", "Tidsfristen har inte börjat"
    started: str
    deadline: str
    extension: str
    fee: str  # the reduction, when late; "" otherwise
    tone: Tone
    extend_blocked: str | None  # why the deadline may not be extended now (None: it may)


def tr(text: str) -> str:
    """``text`` in the UI language (context "ClockPanel")."""
    return QtCore.QCoreApplication.translate("ClockPanel", text)


def _days(n: int) -> str:
    return (tr("{n} dag") if abs(n) == 1 else tr("{n} dagar")).format(n=n)


def _why_not(reason: str | None) -> str | None:
    """The core's reason for refusing an extension, in the UI language."""
    texts = {
        clock.ALREADY_EXTENDED: tr("Tidsfristen har redan förlängts en gång."),
        clock.NOT_STARTED: tr("Tidsfristen har inte börjat löpa."),
        clock.ALREADY_EXPIRED: tr("Tidsfristen har redan löpt ut och kan inte förlängas."),
        clock.NO_STATUTORY_CLOCK: tr("Ärendet har ingen tidsfrist enligt plan- och bygglagen."),
    }
    return None if reason is None else texts.get(reason, reason)


def describe(case: CaseSummary, today: dt.date) -> ClockText:
    facts = case.deadline
    c = clock.compute(facts, today, case.case_type)
    why_not = _why_not(clock.may_extend(facts, today, case.case_type))
    blocked = tr("Ärendet är avgjort.") if case.status in FINISHED else why_not
    if not c.statutory:  # strandskyddsdispens: plainly no PBL deadline, never a countdown
        return ClockText(
            headline=tr("Ingen tidsfrist enligt plan- och bygglagen"),
            started=tr("Prövas enligt miljöbalken"),
            deadline="–",
            extension="",
            fee="",
            tone=Tone.IDLE,
            extend_blocked=blocked,
        )
    if c.started_on is None:
        return ClockText(
            headline=tr("Tidsfristen har inte börjat"),
            started=tr("Börjar när ansökan är komplett (komplettering begärd {date})").format(
                date=date_sv(facts.completion_requested_on)
            ),
            deadline="–",
            extension=_extension(facts.extension_weeks, facts.extension_reason),
            fee="",
            tone=Tone.IDLE,
            extend_blocked=blocked,
        )
    assert c.deadline is not None and c.days_left is not None
    if facts.decided_on is not None:
        late = (facts.decided_on - c.deadline).days
        if late > 0:
            headline = tr("Beslutat {date}, {days} efter tidsfristen").format(
                date=date_sv(facts.decided_on), days=_days(late)
            )
        else:
            headline = tr("Beslutat {date}, inom tidsfristen").format(date=date_sv(facts.decided_on))
        tone = Tone.OVERDUE if late > 0 else Tone.IDLE
    elif c.days_left < 0:
        headline = tr("{days} försenat").format(days=_days(-c.days_left))
        tone = Tone.OVERDUE
    elif c.days_left == 0:
        headline = tr("Sista dagen idag")
        tone = Tone.SOON
    else:
        headline = tr("{days} kvar").format(days=_days(c.days_left))
        tone = Tone.SOON if c.days_left <= 7 else Tone.OK
    if c.started_on == facts.supplemented_on and c.started_on != facts.completed_on:
        started = tr("{date} (när sökanden lämnade in mer material)").format(date=date_sv(c.started_on))
    elif c.started_on != facts.received_on:
        started = tr("{date} (när ansökan blev komplett)").format(date=date_sv(c.started_on))
    else:
        started = tr("{date} (när ansökan kom in)").format(date=date_sv(c.started_on))
    fee = ""
    if c.weeks_late > 0 and c.fee_factor < 1.0:
        fifths = round((1.0 - c.fee_factor) * clock.FEE_STEPS)
        reduction = case.fee_sek - c.fee_after_reduction(case.fee_sek)
        fee = tr("Avgiften sätts ned med {fifths}/{steps} ({amount})").format(
            fifths=fifths, steps=clock.FEE_STEPS, amount=sek(reduction)
        )
        if c.fee_factor == 0:
            fee += tr(" – ingen avgift tas ut")
    return ClockText(
        headline=headline,
        started=started,
        deadline=date_sv(c.deadline),
        extension=_extension(facts.extension_weeks, facts.extension_reason),
        fee=fee,
        tone=tone,
        extend_blocked=blocked,
    )


def _extension(weeks: int, reason: str | None) -> str:
    if not weeks:
        return tr("Ingen")
    text = (tr("{n} vecka") if abs(weeks) == 1 else tr("{n} veckor")).format(n=weeks)
    return f"{text}: {reason}" if reason else text


class ClockPanel(Retranslated, QtWidgets.QFrame):
    """A coloured box: the headline (days left / late), start, deadline, extension and fee reduction."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clockPanel")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.headline = text_label("clockHeadline", wrap=False)
        enlarge(self.headline, 1.35)
        self.started = QtWidgets.QLabel()
        self.deadline = QtWidgets.QLabel()
        self.extension = QtWidgets.QLabel()
        self.fee = QtWidgets.QLabel()
        self.fee.setObjectName("clockFee")
        for label in (self.headline, self.started, self.deadline, self.extension, self.fee):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.started_label = QtWidgets.QLabel()
        self.deadline_label = QtWidgets.QLabel()
        self.extension_label = QtWidgets.QLabel()
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.started_label, self.started)
        form.addRow(self.deadline_label, self.deadline)
        form.addRow(self.extension_label, self.extension)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(form)
        layout.addWidget(self.fee)
        self.text: ClockText | None = None
        self.retranslate()
        on_theme_change(self.restyle)

    def restyle(self) -> None:
        """The box's colours follow the scheme (a light pink box in a dark window would glare)."""
        if self.text is not None:
            self.show_clock(self.text)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Tidsfrist"))
        self.started_label.setText(self.tr("Startdatum:"))
        self.deadline_label.setText(self.tr("Beslut senast:"))
        self.extension_label.setText(self.tr("Förlängning:"))

    def show_clock(self, text: ClockText) -> None:
        self.text = text
        self.headline.setText(text.headline)
        self.started.setText(text.started)
        self.deadline.setText(text.deadline)
        self.extension.setText(text.extension)
        self.fee.setText(text.fee)
        self.fee.setVisible(bool(text.fee))
        background, foreground = tone(str(text.tone))  # WCAG AA in the light and the dark scheme
        self.setProperty("tone", str(text.tone))
        self.setStyleSheet(
            f"#clockPanel {{ background: {background}; border: 1px solid {foreground}; border-radius: 4px; }}"
            f"#clockPanel QLabel {{ color: {foreground}; background: transparent; }}"
        )
        summary = ", ".join(
            p
            for p in (text.headline, self.tr("beslut senast {date}").format(date=text.deadline), text.fee)
            if p
        )
        self.setAccessibleDescription(summary)
