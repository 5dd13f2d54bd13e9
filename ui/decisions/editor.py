"""The decision editor: the structured decision, its checklist and a live preview of the letter.

Opened from the case view (a case that may be decided). Starts from the templates of the case's
municipality (``caseworker.decisions``) or from the draft the user left; every change is kept as a
sealed draft in the store (offline too) and re-renders the preview off the UI thread after a pause.
Printing, saving as PDF and sending are possible once the checklist is complete; sending goes through
the outbox (``post_decision`` with If-Match on the case), so it works offline and a decision made by
someone else meanwhile comes back as a conflict.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caseworker.decisions.compose import kronor
from caseworker.decisions.letter import DecisionLetter, required_parts
from caseworker.decisions.templates import TemplateError, Templates, load_templates
from caseworker.domain.models import Case, DecisionOutcome, Municipality
from caseworker.domain.status import may_be_decided
from caseworker.store import OutboxItem
from caseworker.store.drafts import delete_draft, load_draft, save_draft
from ui.decisions import draft as d
from ui.decisions.pages import RenderedLetter, print_pdf, render_letter
from ui.decisions.widgets import Checklist, ItemList, LetterPreview
from ui.identity import IdentityBand, municipality_logo
from ui.ops import run_op, user_message
from ui.qt import Qt, QtCore, QtGui, QtPrintSupport, QtWidgets, Signal
from ui.services import Services
from ui.widgets import (
    Retranslated,
    action_button,
    enlarge,
    filled,
    fitted_to_screen,
    form_text_edit,
    label_button,
    line_edit,
    side_by_side,
    text_label,
)

log = logging.getLogger(__name__)

PREVIEW_PAUSE_MS = 400  # re-render once the user pauses typing this long
DRAFT_PAUSE_MS = 500
OUTCOMES = (
    (DecisionOutcome.GRANTED, QtCore.QT_TRANSLATE_NOOP("DecisionEditor", "Beviljas")),
    (DecisionOutcome.REFUSED, QtCore.QT_TRANSLATE_NOOP("DecisionEditor", "Avslås")),
    (DecisionOutcome.DISMISSED, QtCore.QT_TRANSLATE_NOOP("DecisionEditor", "Avvisas")),
    (DecisionOutcome.WRITTEN_OFF, QtCore.QT_TRANSLATE_NOOP("DecisionEditor", "Avskrivs")),
)


class DecisionEditor(Retranslated, QtWidgets.QDialog):
    """One case's decision. ``ready`` once loaded; ``sent`` once the decision is in the outbox."""

    ready = Signal()
    previewed = Signal(int)  # pages shown
    sent = Signal(str)  # the outbox item's id

    def __init__(self, services: Services, case_id: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("decisionEditor")
        self.services = services
        self.case_id = case_id
        self.today: Callable[[], dt.date] = dt.date.today
        self.case: Case | None = None
        self.municipality: Municipality | None = None
        self.templates: Templates | None = None
        self.logo: bytes | None = None
        self.draft: d.DecisionDraft | None = None
        self.letter: DecisionLetter | None = None
        self.missing: tuple[Any, ...] = ()
        self.rendered: RenderedLetter | None = None
        self.preview_error: str | None = None
        self._filling = False
        self._rendering: asyncio.Task[Any] | None = None
        self._render_again = False
        self._saving: asyncio.Task[Any] | None = None
        self._build()
        self.load_task = run_op(self, self._load(), on_failure=self._load_failed)

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.band = IdentityBand()
        self.heading = text_label("decisionHeading")
        enlarge(self.heading, 1.3)
        self.error = text_label("decisionError")
        self.error.setStyleSheet("#decisionError { background: #fde4e4; color: #8e1616; padding: 4px 8px; }")
        self.error.hide()

        # the decision
        self.outcome = QtWidgets.QComboBox()
        self.outcome.setObjectName("outcome")
        for value, _label in OUTCOMES:
            self.outcome.addItem("", value.value)
        self.decided_on = DateEdit()
        self.decided_on.setObjectName("decidedOn")
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setDisplayFormat("yyyy-MM-dd")
        self.legal_ground = line_edit("legalGround")
        self.control_officer = line_edit("controlOfficer")
        self.conditions = ItemList("conditions", numbered=True)
        self.reasons = self._text_edit("reasons", 120)
        self.neighbours = self._text_edit("neighboursHeard", 80)
        self.notes = ItemList("advisoryNotes", numbered=False)
        self.fee_basis = line_edit("feeBasis")
        self.fee_text = text_label("feeText", selectable=True)
        self.delegation_ref = line_edit("delegationRef")
        self.meeting = line_edit("meeting")
        self.decided_by = line_edit("decidedBy")
        self.decided_by_title = line_edit("decidedByTitle")
        self.presented_by = line_edit("presentedBy")
        self.presented_by_title = line_edit("presentedByTitle")

        self.labels: dict[QtWidgets.QWidget, QtWidgets.QLabel] = {}
        self.decision_box = self._box(
            [self.outcome, self.decided_on, self.legal_ground, self.control_officer]
        )
        self.conditions_box = self._box([self.conditions.list], self.conditions)
        self.reasons_box = self._box([self.reasons, self.neighbours])
        self.notes_box = self._box([self.notes.list], self.notes)
        self.fee_box = self._box([self.fee_basis])
        self.fee_box.layout().addRow(self.fee_text)  # type: ignore[union-attr]
        self.people_box = self._box(
            [self.delegation_ref, self.meeting, self.decided_by, self.decided_by_title, self.presented_by,
             self.presented_by_title]
        )  # fmt: skip
        form = QtWidgets.QVBoxLayout()
        for box in (
            self.decision_box,
            self.conditions_box,
            self.reasons_box,
            self.notes_box,
            self.fee_box,
            self.people_box,
        ):
            form.addWidget(box)
        form.addStretch(1)
        form_widget = QtWidgets.QWidget()
        form_widget.setLayout(form)
        self.form_scroll = QtWidgets.QScrollArea()
        self.form_scroll.setObjectName("decisionForm")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(form_widget)
        self.form_scroll.setMinimumWidth(460)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take focus; it follows them

        # checklist and preview
        self.checklist = Checklist()
        self.checklist_label = QtWidgets.QLabel()
        self.checklist_label.setObjectName("checklistLabel")
        self.checklist_label.setBuddy(self.checklist)
        self.preview = LetterPreview()
        self.preview_label = QtWidgets.QLabel()
        self.preview_label.setBuddy(self.preview)
        self.preview.resized.connect(self._preview_resized)
        self._preview_dpi = 0.0
        self.preview_status = QtWidgets.QLabel()
        self.preview_status.setObjectName("previewStatus")
        preview_head = filled(QtWidgets.QHBoxLayout(), self.preview_label, None, self.preview_status)
        right = filled(QtWidgets.QVBoxLayout(), self.checklist_label, self.checklist, preview_head, margin=0)
        right.addWidget(self.preview, 1)
        right_widget = QtWidgets.QWidget()
        right_widget.setLayout(right)
        right_widget.setMinimumWidth(420)

        self.splitter = side_by_side(
            Qt.Orientation.Horizontal, self.form_scroll, right_widget, stretch=(1, 1), name="decisionSplitter"
        )

        # actions
        self.draft_status = QtWidgets.QLabel()
        self.draft_status.setObjectName("draftStatus")
        self.save_pdf_button = action_button("savePdf")
        self.print_button = action_button("printDecision")
        self.send_button = action_button("sendDecision")
        self.close_button = action_button("closeEditor")
        self.save_pdf_button.clicked.connect(self.ask_save_pdf)
        self.print_button.clicked.connect(self.ask_print)
        self.send_button.clicked.connect(self.ask_send)
        self.close_button.clicked.connect(self.close)
        buttons = QtWidgets.QHBoxLayout()
        buttons.setContentsMargins(12, 4, 12, 10)
        buttons.addWidget(self.draft_status, 1)
        for b in (self.save_pdf_button, self.print_button, self.send_button, self.close_button):
            buttons.addWidget(b)
        self.send_button.setStyleSheet(
            "#sendDecision:enabled { background: #1f3a5f; color: white; font-weight: 600;"
            " border-radius: 3px; min-width: 10em; min-height: 1.6em; }"
        )

        header = QtWidgets.QVBoxLayout()
        header.setContentsMargins(12, 6, 12, 0)
        header.addWidget(self.heading)
        header.addWidget(self.error)
        body = QtWidgets.QHBoxLayout()
        body.setContentsMargins(8, 4, 8, 0)
        body.addWidget(self.splitter)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.band)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.preview_timer = QtCore.QTimer(self, singleShot=True, interval=PREVIEW_PAUSE_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.draft_timer = QtCore.QTimer(self, singleShot=True, interval=DRAFT_PAUSE_MS)
        self.draft_timer.timeout.connect(self.save_draft)
        for line in (
            self.legal_ground, self.control_officer, self.fee_basis, self.delegation_ref, self.meeting,
            self.decided_by, self.decided_by_title, self.presented_by, self.presented_by_title,
        ):  # fmt: skip
            line.textChanged.connect(self._changed)
        self.reasons.textChanged.connect(self._changed)
        self.neighbours.textChanged.connect(self._changed)
        self.conditions.changed.connect(self._changed)
        self.notes.changed.connect(self._changed)
        self.decided_on.dateChanged.connect(self._changed)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        QtGui.QShortcut(QtGui.QKeySequence("Ctrl+P"), self, self.ask_print)
        QtGui.QShortcut(QtGui.QKeySequence("Ctrl+S"), self, self.save_draft)
        self._set_ready(False)
        self.resize(fitted_to_screen(self, QtCore.QSize(1280, 860)))
        self.retranslate()

    @staticmethod
    def _text_edit(name: str, height: int) -> QtWidgets.QPlainTextEdit:
        edit = form_text_edit(name)
        edit.setMinimumHeight(height)
        return edit

    def _box(
        self, fields: list[QtWidgets.QWidget], shown: QtWidgets.QWidget | None = None
    ) -> QtWidgets.QGroupBox:
        """A titled group of labelled fields (labels and titles are set in retranslate)."""
        box = QtWidgets.QGroupBox()
        form = QtWidgets.QFormLayout(box)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        for field in fields:
            label = QtWidgets.QLabel()
            label.setBuddy(field)
            self.labels[field] = label
            form.addRow(label, shown if shown is not None else field)
        return box

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Beslut"))
        self.setAccessibleName(self.tr("Skriv beslut"))
        for i, (_value, label) in enumerate(OUTCOMES):
            self.outcome.setItemText(i, self.tr(label))
        texts: dict[QtWidgets.QWidget, str] = {
            self.outcome: self.tr("&Utfall:"),
            self.decided_on: self.tr("Besluts&datum:"),
            self.legal_ground: self.tr("&Lagrum:"),
            self.control_officer: self.tr("K&ontrollansvarig:"),
            self.conditions.list: self.tr("&Villkor:"),
            self.reasons: self.tr("S&käl för beslutet:"),
            self.neighbours: self.tr("&Grannar som hörts:"),
            self.notes.list: self.tr("U&pplysningar:"),
            self.fee_basis: self.tr("&Taxa:"),
            self.delegation_ref: self.tr("D&elegation:"),
            self.meeting: self.tr("Samm&anträde:"),
            self.decided_by: self.tr("&Beslutat av:"),
            self.decided_by_title: self.tr("Titel (beslutsfatta&re):"),
            self.presented_by: self.tr("&Föredragande:"),
            self.presented_by_title: self.tr("Titel (föredraga&nde):"),
        }
        for field, text in texts.items():
            self.labels[field].setText(text)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
        self.legal_ground.setPlaceholderText(self.tr("t.ex. 9 kap. 31 § plan- och bygglagen (2010:900)"))
        self.control_officer.setPlaceholderText(self.tr("Namn och behörighet, om åtgärden behöver en"))
        self.reasons.setPlaceholderText(
            self.tr(
                "De regler som tillämpats och de omständigheter som avgjort saken. Tom rad = nytt stycke."
            )
        )
        self.neighbours.setPlaceholderText(self.tr("Vilka som hörts och vad de sagt. Tom rad = nytt stycke."))
        self.delegation_ref.setPlaceholderText(self.tr("t.ex. delegationsordningen, punkt 3.4"))
        self.meeting.setPlaceholderText(self.tr("Om nämnden beslutar: t.ex. 2026-03-12, § 45"))
        self.decision_box.setTitle(self.tr("Beslut"))
        self.conditions_box.setTitle(self.tr("Villkor"))
        self.reasons_box.setTitle(self.tr("Skäl"))
        self.notes_box.setTitle(self.tr("Upplysningar"))
        self.fee_box.setTitle(self.tr("Avgift"))
        self.people_box.setTitle(self.tr("Beslutsfattare"))
        self.checklist_label.setText(self.tr("&Checklista – det här måste beslutet innehålla:"))
        self.checklist.setAccessibleName(self.tr("Checklista för beslutet"))
        self.preview_label.setText(self.tr("För&handsvisning"))
        self.preview.setAccessibleName(self.tr("Förhandsvisning av beslutet"))
        label_button(self.save_pdf_button, self.tr("Spara so&m PDF …"))
        label_button(self.print_button, self.tr("Skr&iv ut …"))
        label_button(self.send_button, self.tr("&Skicka beslutet"))
        label_button(self.close_button, self.tr("St&äng"))
        self.print_button.setToolTip(self.tr("Skriv ut beslutet (Ctrl+P)"))
        if self.case is not None:
            self._show_case()
            self._update()

    # --- loading -----------------------------------------------------------------------------------

    async def _load(self) -> None:
        services = self.services
        case = await services.store.run(lambda s: s.get_case_summary(self.case_id))
        if not isinstance(case, Case):
            raise _EditorError(
                self.tr("Ärendets uppgifter är inte hämtade. Öppna ärendet när du är ansluten.")
            )
        if not may_be_decided(case.status):
            raise _EditorError(self.tr("Ärendet är redan beslutat eller avslutat."))
        municipality = services.municipalities.get(case.municipality_id)
        if municipality is None:
            known = {m.id: m for m in await services.store.list_municipalities()}
            municipality = known.get(case.municipality_id)
        if municipality is None:
            raise _EditorError(self.tr("Kommunens uppgifter finns inte på datorn."))
        try:
            templates = await asyncio.to_thread(load_templates, municipality.id)
        except TemplateError as exc:
            log.error("decision templates for %s: %s", municipality.id, exc)
            raise _EditorError(self.tr("Kommunens beslutsmallar kan inte läsas.")) from exc
        saved = await services.store.run(lambda s: load_draft(s, d.DRAFT_KIND, self.case_id))
        self.case, self.municipality, self.templates = case, municipality, templates
        if saved is not None:
            draft = d.DecisionDraft.from_json(saved)
        else:
            user = services.user
            draft = d.new_draft(
                templates, municipality, case, DecisionOutcome.GRANTED, today=self.today(),
                signed_by=user.display_name, signer_title=user.title,
            )  # fmt: skip
        self._show_case()
        self._fill(draft)
        self._set_ready(True)
        if saved is not None:
            self.draft_status.setText(self.tr("Ditt sparade utkast är återställt."))
        self._update()
        self.refresh_preview()
        self.ready.emit()
        self._logo_task = run_op(self, municipality_logo(services, municipality), on_success=self._got_logo)

    def _load_failed(self, exc: BaseException) -> None:
        self._show_error(user_message(exc) or self.tr("Beslutet kan inte skrivas nu."))

    def _got_logo(self, data: bytes | None) -> None:
        self.logo = data
        self.band.set_logo(data)
        if data is not None:
            self.refresh_preview()

    def _show_case(self) -> None:
        case = self.case
        if case is None:
            return
        self.band.show_municipality(self.municipality, case.municipality_id)
        self.heading.setText(
            self.tr("Beslut i ärende {number}: {title}").format(
                number=case.registration_number, title=case.title
            )
        )
        self.setWindowTitle(self.tr("Beslut – {number}").format(number=case.registration_number))

    def _fill(self, draft: d.DecisionDraft) -> None:
        """Show ``draft`` in the fields (without treating it as the user's typing)."""
        self._filling = True
        try:
            self.draft = draft
            self.outcome.setCurrentIndex(next(i for i, (v, _l) in enumerate(OUTCOMES) if v is draft.outcome))
            self.decided_on.setDate(
                QtCore.QDate(draft.decided_on.year, draft.decided_on.month, draft.decided_on.day)
            )
            for line, text in (
                (self.legal_ground, draft.legal_ground),
                (self.control_officer, draft.control_officer),
                (self.fee_basis, draft.fee_basis),
                (self.delegation_ref, draft.delegation_ref),
                (self.meeting, draft.meeting),
                (self.decided_by, draft.decided_by),
                (self.decided_by_title, draft.decided_by_title),
                (self.presented_by, draft.presented_by),
                (self.presented_by_title, draft.presented_by_title),
            ):
                if line.text() != text:
                    line.setText(text)
            if self.reasons.toPlainText() != draft.reasons:
                self.reasons.setPlainText(draft.reasons)
            if self.neighbours.toPlainText() != draft.neighbours_heard:
                self.neighbours.setPlainText(draft.neighbours_heard)
            self.conditions.set_items(draft.conditions)
            self.notes.set_items(draft.advisory_notes)
        finally:
            self._filling = False

    def selected_outcome(self) -> DecisionOutcome:
        return DecisionOutcome(self.outcome.currentData())

    def _fields(self) -> d.DecisionDraft:
        day = self.decided_on.date()
        return d.DecisionDraft(
            outcome=self.selected_outcome(),
            decided_on=dt.date(day.year(), day.month(), day.day()),
            legal_ground=self.legal_ground.text(),
            conditions=self.conditions.items(),
            reasons=self.reasons.toPlainText(),
            neighbours_heard=self.neighbours.toPlainText(),
            advisory_notes=self.notes.items(),
            fee_basis=self.fee_basis.text(),
            delegation_ref=self.delegation_ref.text(),
            meeting=self.meeting.text(),
            decided_by=self.decided_by.text(),
            decided_by_title=self.decided_by_title.text(),
            presented_by=self.presented_by.text(),
            presented_by_title=self.presented_by_title.text(),
            control_officer=self.control_officer.text(),
        )

    # --- editing -----------------------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if self._filling or self.case is None:
            return
        self.draft = self._fields()
        self._update()
        self.draft_status.setText(self.tr("Ändrat – sparas strax"))
        self.draft_timer.start()
        self.preview_timer.start()

    def _outcome_changed(self, _index: int) -> None:
        if self._filling or self.case is None or self.draft is None or self.templates is None:
            return
        assert self.municipality is not None
        new = self.selected_outcome()
        before = d.template_texts(self.templates, self.municipality, self.case, self.draft.outcome)
        after = d.template_texts(self.templates, self.municipality, self.case, new)
        self._fill(d.with_outcome(self._fields(), new, before, after))
        self._changed()

    def _update(self) -> None:
        """Checklist, fee, which fields apply, and whether the decision may be finalised."""
        case, draft = self.case, self.draft
        if case is None or draft is None or self.municipality is None or self.templates is None:
            return
        self.letter = d.compose(case, draft, self.municipality, self.templates, logo_png=self.logo)
        self.missing = d.missing(case, draft, self.letter)
        self.checklist.show_parts(required_parts(draft.outcome), self.missing)
        granted = draft.outcome is DecisionOutcome.GRANTED
        self.conditions_box.setVisible(granted)
        self.control_officer.setEnabled(granted)
        self.fee_text.setText(self._fee_text(d.fee_of(case, draft.outcome, draft.decided_on)))
        complete = not self.missing
        for b in (self.save_pdf_button, self.print_button, self.send_button):
            b.setEnabled(complete)
            b.setToolTip("" if complete else self.tr("Beslutet är inte komplett: se checklistan."))
        self.print_button.setToolTip(
            self.tr("Skriv ut beslutet (Ctrl+P)") if complete else self.print_button.toolTip()
        )

    def _fee_text(self, fee: d.Fee) -> str:
        if self.draft is not None and self.draft.outcome is DecisionOutcome.WRITTEN_OFF:
            return self.tr("Ingen avgift tas ut när ärendet avskrivs.")
        lines = [self.tr("Avgift enligt taxa: {amount}.").format(amount=kronor(fee.schedule_sek))]
        if not fee.statutory:
            lines.append(self.tr("Ingen tidsfrist enligt plan- och bygglagen: avgiften sätts inte ned."))
        elif fee.reduced_fifths and fee.deadline is not None:
            lines.append(
                self.tr(
                    "Beslutet fattas {weeks} påbörjade veckor efter tidsfristen ({deadline}): avgiften "
                    "sätts ned med {fifths}/5 enligt 12 kap. 8 a § plan- och bygglagen."
                ).format(weeks=fee.weeks_late, deadline=fee.deadline.isoformat(), fifths=fee.reduced_fifths)
            )
        elif fee.deadline is not None:
            lines.append(
                self.tr("Beslutet fattas inom tidsfristen ({deadline}).").format(
                    deadline=fee.deadline.isoformat()
                )
            )
        lines.append(self.tr("Avgift i beslutet: {amount}").format(amount=kronor(fee.fee_sek)))
        return "\n".join(lines)

    def _set_ready(self, ready: bool) -> None:
        self.splitter.setEnabled(ready)
        if not ready:
            for b in (self.save_pdf_button, self.print_button, self.send_button):
                b.setEnabled(False)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # --- the draft ---------------------------------------------------------------------------------

    def save_draft(self) -> asyncio.Task[None] | None:
        """Keep the fields as the case's draft now (the timer calls this after a pause in typing)."""
        self.draft_timer.stop()
        if self.case is None or self.draft is None:
            return None
        data, case_id = self.draft.to_json(), self.case_id

        def saved(_r: None) -> None:
            if self.isVisible() or not self.isHidden():
                self.draft_status.setText(
                    self.tr("Utkastet sparat {time}").format(time=dt.datetime.now().strftime("%H:%M"))
                )

        # Not tied to this window: closing it must not cancel the save of what was just typed.
        self._saving = run_op(
            None, self.services.store.run(lambda s: save_draft(s, d.DRAFT_KIND, case_id, data)),
            on_success=saved,
        )  # fmt: skip
        return self._saving

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.draft_timer.isActive():
            self.save_draft()
        super().closeEvent(event)

    # --- the preview -------------------------------------------------------------------------------

    def refresh_preview(self) -> asyncio.Task[Any] | None:
        """Render the letter as it stands (gaps marked) off the UI thread; one render at a time, and
        the latest state once the running one is done."""
        self.preview_timer.stop()
        if self.letter is None:
            return None
        if self._rendering is not None and not self._rendering.done():
            self._render_again = True
            return self._rendering
        self.preview_status.setText(self.tr("Uppdaterar …"))
        self._rendering = run_op(self, self._render_loop(), on_failure=self._preview_failed)
        return self._rendering

    async def _render_loop(self) -> None:
        while True:
            self._render_again = False
            self._update()
            assert self.letter is not None
            ratio = self.devicePixelRatioF()
            dpi = self.preview.page_dpi()
            rendered = await render_letter(d.with_gaps_marked(self.letter), dpi * ratio)
            self._preview_dpi = dpi
            self.rendered = rendered
            self.preview.show_pages(rendered.pages, ratio)
            self.preview_status.setText(self.tr("{n} sidor").format(n=len(rendered.pages)))
            self.previewed.emit(len(rendered.pages))
            if not self._render_again:
                return

    def _preview_resized(self) -> None:
        """A page fills the preview's width again once the user stops resizing (if the width changed
        enough to matter)."""
        if self.letter is not None and abs(self.preview.page_dpi() - self._preview_dpi) > 2:
            self.preview_timer.start()

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview_status.setText(self.tr("Förhandsvisningen misslyckades"))
        self._show_error(user_message(exc) or "")

    # --- print, save, send -------------------------------------------------------------------------

    async def final_pdf(self) -> bytes:
        """The complete letter as it stands now (raises if the checklist is not complete)."""
        self._update()
        if self.missing or self.letter is None:
            raise _EditorError(self.tr("Beslutet är inte komplett: se checklistan."))
        return (await render_letter(self.letter, 1)).pdf

    def ask_print(self) -> None:
        if self.missing or self.letter is None:
            return
        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QtPrintSupport.QPrintDialog(printer, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.print_or_save(printer)

    def print_or_save(self, printer: QtPrintSupport.QPrinter) -> asyncio.Task[Any]:
        """Print on ``printer``; when the print dialog was told to print to a PDF file, that file gets the
        letter itself (tagged PDF/A, text searchable), not pictures of its pages."""
        to_file = printer.outputFileName()
        if printer.outputFormat() is QtPrintSupport.QPrinter.OutputFormat.PdfFormat and to_file:
            return self.save_pdf_to(Path(to_file))
        return self.print_to(printer)

    def print_to(self, printer: QtPrintSupport.QPrinter) -> asyncio.Task[int]:
        """Print the final letter on ``printer`` (one page at a time, at most 300 dpi)."""

        async def go() -> int:
            pdf = await self.final_pdf()
            return await print_pdf(pdf, printer)

        def printed(pages: int) -> None:
            self.draft_status.setText(self.tr("Utskrivet: {n} sidor").format(n=pages))

        return run_op(self, go(), on_success=printed, on_failure=self._action_failed)

    def ask_save_pdf(self) -> None:
        if self.missing or self.case is None:
            return
        name = f"beslut-{self.case.registration_number.replace(' ', '-')}.pdf"
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Spara beslutet som PDF"), str(Path.home() / name), self.tr("PDF-filer (*.pdf)")
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> asyncio.Task[None]:
        async def go() -> None:
            pdf = await self.final_pdf()
            try:
                await asyncio.to_thread(path.write_bytes, pdf)
            except OSError as exc:
                log.warning("decision PDF not saved: %s", type(exc).__name__)
                raise _EditorError(
                    self.tr("Filen kunde inte sparas: {reason}").format(reason=exc.strerror)
                ) from exc

        def saved(_r: None) -> None:
            self.draft_status.setText(self.tr("Sparat som {file}").format(file=path.name))

        return run_op(self, go(), on_success=saved, on_failure=self._action_failed)

    def ask_send(self) -> None:
        if self.missing:
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            self.tr("Skicka beslutet"),
            self.tr(
                "Beslutet skickas till plattformen och ärendet blir beslutat. Ett skickat beslut kan inte "
                "ändras. Skicka?"
            ),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            self.send()

    def send(self) -> asyncio.Task[OutboxItem]:
        """The decision and its letter into the outbox (sent at once when online, else on reconnect);
        the draft is dropped once the outbox holds the decision."""
        services, case_id = self.services, self.case_id

        async def go() -> OutboxItem:
            assert self.case is not None and self.draft is not None
            decision = d.decision_input(self.case, self.draft)
            pdf = await self.final_pdf()
            self.draft_timer.stop()
            item = await services.sync.post_decision(case_id, decision, pdf)
            await services.store.run(lambda s: delete_draft(s, d.DRAFT_KIND, case_id))
            return item

        def done(item: OutboxItem) -> None:
            self.sent.emit(item.id)
            self.close()

        self.send_button.setEnabled(False)
        return run_op(self, go(), on_success=done, on_failure=self._action_failed)

    def _action_failed(self, exc: BaseException) -> None:
        self._update()
        self._show_error(user_message(exc) or self.tr("Det gick inte."))


class _EditorError(Exception):
    """A reason the editor cannot go on, in the user's words."""

    def __init__(self, user_message: str) -> None:
        super().__init__("decision editor: " + user_message)
        self.user_message = user_message


class DateEdit(QtWidgets.QDateEdit):
    """A date field that Tab leaves, like every other field (QDateEdit's own Tab walks its day, month and
    year and then stays: a keyboard trap). The arrow keys still change the section's value."""

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.KeyPress and isinstance(event, QtGui.QKeyEvent):
            if event.key() == Qt.Key.Key_Tab and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return self.focusNextPrevChild(True)
            if event.key() == Qt.Key.Key_Backtab:
                return self.focusNextPrevChild(False)
        return super().event(event)
