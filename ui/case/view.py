"""Case detail: everything about one case, and every action on it — online or offline alike.

The view reads the local store only; it never waits on the network to show something. Every action
goes through the sync engine (local store + outbox in one transaction), so it works offline, and the view
re-reads the store at once (optimistic). What has not reached the platform yet is marked: a badge in the
header, "Väntar på att skickas" on the user's own entries in the history, and a line per waiting change.

When the case is opened, the sync engine refreshes its details, history and documents from the platform
in the background (if it can be reached), keeping the user's waiting changes shown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from caseworker.api.errors import PlatformError
from caseworker.domain import status as status_rules
from caseworker.domain.clock import MAX_EXTENSION_WEEKS, statutory_period
from caseworker.domain.models import (
    Case,
    CasePatch,
    CaseStatus,
    CaseSummary,
    DeadlineExtension,
    Document,
    Event,
    MessageCreate,
    Municipality,
)
from caseworker.domain.status import may_be_decided
from caseworker.store import OfflineStore, OutboxItem, OutboxState
from caseworker.store.outbox import BLOCKING_STATES, PROBLEM_STATES, UNSENT_STATES
from caseworker.sync.kinds import kind_of
from ui.case.clock_panel import describe
from ui.case.dialogs import (
    CompletionLetter,
    CompletionRequestDialog,
    ExtendDeadlineDialog,
    OfflineProgressDialog,
)
from ui.case.panels import build_actions, build_details, build_header, build_writing
from ui.case.timeline import history
from ui.identity import IdentityBand, municipality_logo
from ui.labels import case_type_title, date_sv, sek, status_label

if TYPE_CHECKING:
    from ui.decisions.editor import DecisionEditor
from ui.ops import run_op, user_message
from ui.outbox.describe import describe as describe_item
from ui.qt import Qt, QtGui, QtWidgets, Signal
from ui.services import Services
from ui.theme import on_theme_change, tone
from ui.widgets import Retranslated, label_button

log = logging.getLogger(__name__)

S = CaseStatus


@dataclass
class Snapshot:
    """What the store holds about one case, read in one hop."""

    summary: CaseSummary | None
    case: Case | None
    events: list[Event]
    documents: list[Document]
    outbox: list[OutboxItem]
    bookmarked: bool


def _read(store: OfflineStore, case_id: str) -> Snapshot:
    summary = store.get_case_summary(case_id)
    return Snapshot(
        summary=summary,
        case=summary if isinstance(summary, Case) else None,
        events=store.list_events(case_id),
        documents=store.list_documents(case_id),
        outbox=store.list_outbox(BLOCKING_STATES, case_id=case_id),
        bookmarked=case_id in store.bookmarks(),
    )


class CaseView(Retranslated, QtWidgets.QWidget):
    closed = Signal()
    loaded = Signal(str)  # case id: the view shows the store's current state of this case
    openDrawing = Signal(str)  # document id, for the drawing viewer
    openOutbox = Signal()  # the user wants to resolve a conflict or a rejected change

    def __init__(self, services: Services, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id: str | None = None
        self.snapshot: Snapshot | None = None
        self.today: Callable[[], dt.date] = dt.date.today
        self.refresh_error: str | None = None
        self._load_task: asyncio.Task[Any] | None = None
        self._logo_task: asyncio.Task[bytes | None] | None = None
        self._reloading: asyncio.Task[None] | None = None
        self._reload_again = False
        self._drafts: dict[str, tuple[str, str, str]] = {}
        self._error_text: Callable[[], str] | None = None  # the error shown, in the UI language
        self._offline_documents: set[str] = set()  # sha256 of the documents shown as kept offline
        self.setObjectName("caseView")
        self._build()
        bridge = services.bridge
        bridge.casesChanged.connect(self._on_cases_changed)
        bridge.outboxChanged.connect(lambda _counts: self.reload())
        bridge.connectionChanged.connect(lambda *_: self._render_notice())
        on_theme_change(self.restyle)

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        """The panels (ui/case/panels.py) one below the other, details and writing side by side."""
        self.band = IdentityBand()
        header = build_header(self)
        actions = build_actions(self)
        self.decision_editor: DecisionEditor | None = None
        self.waiting = QtWidgets.QLabel()
        self.waiting.setObjectName("waitingChanges")
        self.waiting.setWordWrap(True)
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        self.waiting.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left_scroll = build_details(self)
        right_widget = build_writing(self)

        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("caseSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right_widget)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        left_scroll.setMinimumWidth(360)
        right_widget.setMinimumWidth(320)
        body = QtWidgets.QHBoxLayout()
        body.setContentsMargins(8, 4, 8, 8)
        body.addWidget(splitter)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.band)
        layout.addLayout(header)
        layout.addLayout(actions)
        extend_row = QtWidgets.QHBoxLayout()
        extend_row.setContentsMargins(12, 0, 12, 0)
        extend_row.addWidget(self.extend_reason)
        layout.addLayout(extend_row)
        waiting_row = QtWidgets.QHBoxLayout()
        waiting_row.setContentsMargins(12, 0, 12, 0)
        waiting_row.addWidget(self.waiting)
        layout.addLayout(waiting_row)
        # Below the actions: a notice or an error that appears never moves the buttons under the cursor.
        messages = QtWidgets.QVBoxLayout()
        messages.setContentsMargins(12, 0, 12, 0)
        messages.addWidget(self.notice)
        messages.addWidget(self.error)
        layout.addLayout(messages)
        layout.addLayout(body, 1)
        for keys in ("Escape",):
            close = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            close.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            close.activated.connect(self.close_case)

        self.setTabOrder(self.close_button, self.request_completion)
        self._set_enabled(False)
        self.notice.hide()
        self.error.hide()
        self.waiting.hide()
        self.extend_reason.hide()
        self.pending_badge.hide()
        self.problem_badge.hide()
        self.bookmark_mark.hide()
        self.appeal_box.hide()
        self.restyle()
        self.retranslate(render=False)

    def restyle(self) -> None:
        """The colours of the scheme (light or dark) on the boxes and badges; the case is drawn again."""
        for label, kind in ((self.notice, "notice"), (self.error, "problem")):
            background, foreground = tone(kind)
            rule = f"background: {background}; color: {foreground}; padding: 4px 8px;"
            label.setStyleSheet(f"#{label.objectName()} {{ {rule} }}")
        if self.snapshot is not None:  # drawn again at once from what is shown (no re-read, no flash)
            self._render(self.snapshot, self._offline_documents)

    _label = staticmethod(label_button)

    @staticmethod
    def _title(box: QtWidgets.QGroupBox, title: str) -> None:
        box.setTitle(title)
        box.setAccessibleName(title.replace("&", ""))

    def retranslate(self, *, render: bool = True) -> None:
        """Sets the static texts in the UI language; with ``render`` also redraws the case shown."""
        self.setAccessibleName(self.tr("Ärende"))
        self.bookmark_mark.setText(self.tr("★ Bokmärkt"))
        self.close_button.setText(self.tr("Stäng"))
        self.close_button.setAccessibleName(self.tr("Stäng ärendet"))
        self.close_button.setToolTip(self.tr("Tillbaka till listan (Esc eller Alt+Vänster)"))
        self._label(self.request_completion, self.tr("&Begär komplettering …"))
        self._label(self.mark_complete, self.tr("Markera &komplett"))
        self._label(self.start_review, self.tr("Påbörja &granskning"))
        self._label(self.send_referral, self.tr("Skicka på &remiss"))
        self._label(self.extend, self.tr("Förläng &tidsfrist …"))
        self._label(self.bookmark, self.tr("Bokm&ärk"))
        self._label(self.offline, self.tr("Gör tillgänglig &offline"))
        self._label(self.write_decision, self.tr("Skriv besl&ut …"))
        self.write_decision.setToolTip(self.tr("Skriv beslut i ärendet (Ctrl+Shift+B)"))
        self._title(self.appeal_box, self.tr("Överklagande och laga kraft"))
        self._title(self.documents_box, self.tr("Handlingar"))
        self._title(self.clock_box, self.tr("Tidsfrist"))
        self._title(self.description_box, self.tr("Ärendet"))
        self._title(self.property_box, self.tr("Fastighet"))
        self._title(self.parties_box, self.tr("Parter"))
        self.timeline_label.setText(self.tr("Hän&delser"))
        self.timeline.setAccessibleName(self.tr("Händelser"))
        self.band.logo.setAccessibleName(self.tr("Kommunens logotyp"))
        self.parties.setAccessibleName(self.tr("Parter"))
        self.parties.empty.setText(self.tr("Inga parter registrerade."))
        self.note_edit.setAccessibleName(self.tr("Ny intern anteckning"))
        self.note_edit.setPlaceholderText(
            self.tr("Intern anteckning (syns inte för sökanden) – Ctrl+Enter lägger till")
        )
        self._label(self.add_note_button, self.tr("&Lägg till anteckning"))
        self.add_note_button.setToolTip(self.tr("Lägg till anteckningen (Ctrl+Enter)"))
        self.note_label.setText(self.tr("Ante&ckning:"))
        self.message_subject.setAccessibleName(self.tr("Ämne för meddelande till sökanden"))
        self.message_body.setAccessibleName(self.tr("Meddelande till sökanden"))
        self._label(self.send_message_button, self.tr("Skicka &meddelande"))
        self.subject_label.setText(self.tr("Ämn&e:"))
        self.body_label.setText(self.tr("Te&xt:"))
        self.write_tabs.setTabText(0, self.tr("Intern anteckning"))
        self.write_tabs.setTabText(1, self.tr("Meddelande till sökanden"))
        if self._error_text is not None:
            self.error.setText(self._error_text())
        if render and self.case_id is not None:
            self.reload()  # the case's own texts: status, clock, history, waiting changes

    # --- loading -----------------------------------------------------------------------------------

    def show_case(self, case_id: str) -> asyncio.Task[None]:
        """Show a case from the store at once, then refresh it from the platform if it can be reached.

        Returns the task that does both (tests await it; the UI need not)."""
        if case_id != self.case_id:
            self._stash_drafts()
            self.case_id = case_id
            self.snapshot = None
            self.refresh_error = None
            self._hide_error()
            self.documents.clear_status()  # "Sparad: …" was about the other case's document
            self._restore_drafts(case_id)
        task = run_op(self, self._show(case_id), on_failure=self._load_failed)
        self._load_task = task
        return task

    async def _show(self, case_id: str) -> None:
        await self._reload(case_id)
        await self._refresh_from_platform(case_id)

    def reload(self) -> asyncio.Task[None] | None:
        """Re-read the store (after an action, or when the sync engine says the case changed).

        Calls while a reload runs are coalesced into one more reload after it (a push of many writes
        reports each one)."""
        if self.case_id is None:
            return None
        if self._reloading is not None and not self._reloading.done():
            self._reload_again = True
            return self._reloading
        self._reloading = run_op(self, self._reload_coalesced(self.case_id), on_failure=self._load_failed)
        return self._reloading

    async def _reload_coalesced(self, case_id: str) -> None:
        while True:
            self._reload_again = False
            await self._reload(case_id)
            if not self._reload_again or case_id != self.case_id:
                return

    def _load_failed(self, exc: BaseException) -> None:
        self._show_error(
            lambda: self.tr("Ärendet kunde inte visas: {reason}").format(
                reason=user_message(exc) or self.tr("okänt fel.")
            )
        )

    def _show_error(self, text: Callable[[], str]) -> None:
        self._error_text = text
        self.error.setText(text())
        self.error.show()

    def _hide_error(self) -> None:
        self._error_text = None
        self.error.hide()

    def _stash_drafts(self) -> None:
        """Unsent text the user typed stays with its case when another case is opened."""
        if self.case_id is None:
            return
        draft = (self.note_edit.toPlainText(), self.message_subject.text(), self.message_body.toPlainText())
        if any(draft):
            self._drafts[self.case_id] = draft
        else:
            self._drafts.pop(self.case_id, None)

    def _restore_drafts(self, case_id: str) -> None:
        note, subject, body = self._drafts.pop(case_id, ("", "", ""))
        self.note_edit.setPlainText(note)
        self.message_subject.setText(subject)
        self.message_body.setPlainText(body)

    async def _reload(self, case_id: str) -> None:
        snapshot = await self.services.store.run(lambda s: _read(s, case_id))
        if case_id != self.case_id:
            return  # another case was opened meanwhile
        present = [d.sha256 for d in snapshot.documents]
        offline = {sha for sha in present if await self.services.store.has_blob(sha)}
        if case_id != self.case_id:
            return
        self.snapshot = snapshot
        self._render(snapshot, offline)
        if snapshot.summary is not None:
            await self._show_identity(snapshot.summary.municipality_id)
        self.loaded.emit(case_id)

    async def _refresh_from_platform(self, case_id: str) -> None:
        """Ask the sync engine to refresh the case (it keeps the user's waiting changes shown)."""
        try:
            await self.services.sync.refresh_case(case_id)
        except PlatformError as exc:
            self.refresh_error = user_message(exc)
            log.info("case %s not refreshed: %s", case_id, type(exc).__name__)
            self._render_notice()
            return
        self.refresh_error = None
        if case_id == self.case_id:
            await self._reload(case_id)

    async def _show_identity(self, municipality_id: str) -> None:
        """Name, committee and colour at once; the logo when it has arrived (never waited for here:
        fetching it may take a while offline, and the view must not)."""
        shown = self.band.municipality
        if shown is not None and shown.id == municipality_id and not self.band.logo.pixmap().isNull():
            return
        m = await self._municipality(municipality_id)
        self.band.show_municipality(m, municipality_id)
        if m is None:
            return

        def show_logo(data: bytes | None) -> None:
            if self.band.municipality is not None and self.band.municipality.id == m.id:
                self.band.set_logo(data)

        if shown is None or shown.id != m.id:
            self.band.set_logo(None)
        self._logo_task = run_op(self, municipality_logo(self.services, m), on_success=show_logo)

    async def _municipality(self, municipality_id: str) -> Municipality | None:
        m = self.services.municipalities.get(municipality_id)
        if m is None:
            known = {x.id: x for x in await self.services.store.list_municipalities()}
            m = known.get(municipality_id)
        return m

    def _on_cases_changed(self, ids: frozenset[str], everything: bool) -> None:
        if self.case_id is not None and (everything or self.case_id in ids):
            self.reload()

    # --- rendering ---------------------------------------------------------------------------------

    def _render(self, snap: Snapshot, offline: set[str]) -> None:
        self._offline_documents = offline
        s = snap.summary
        if s is None:
            self.registration.setText(self.tr("Ärendet finns inte sparat på datorn"))
            self.title.setText(self.tr("Anslut till nätverket för att hämta det."))
            self.meta.setText("")
            self._set_enabled(False)
            self._render_notice()
            return
        self._set_enabled(True)
        self.registration.setText(s.registration_number)
        self.setAccessibleName(self.tr("Ärende {number}").format(number=s.registration_number))
        self._badge(self.status_badge, status_label(s.status), *tone("info"))
        self.title.setText(s.title)
        assignee = s.assignee_name or self.tr("Ej tilldelat")
        self.meta.setText(
            self.tr("{type} · Inkom {received} · Handläggare: {assignee} · Avgift enligt taxa: {fee}").format(
                type=case_type_title(s.case_type),
                received=date_sv(s.deadline.received_on),
                assignee=assignee,
                fee=sek(s.fee_sek),
            )
        )
        self.bookmark_mark.setVisible(snap.bookmarked)
        self.bookmark.setChecked(snap.bookmarked)
        self.bookmark.setText(self.tr("Ta bort bokm&ärke") if snap.bookmarked else self.tr("Bokm&ärk"))

        today = self.today()
        clock_text = describe(s, today)
        self.clock.show_clock(clock_text)

        case = snap.case
        if case is not None:
            self.description.setText(case.description)
            prop = case.property
            former = (
                "<br>"
                + self.tr("Tidigare beteckning: {names}").format(
                    names=html.escape(", ".join(prop.former_designations))
                )
                if prop.former_designations
                else ""
            )
            area = (
                "<br>" + self.tr("Areal: {area} m²").format(area=f"{prop.area_m2:,}".replace(",", "\u00a0"))
                if prop.area_m2
                else ""
            )
            self.property_label.setText(f"<b>{html.escape(prop.designation)}</b>{former}{area}")
            self.parties.show_parties(case.id, case.parties)
        else:
            self.description.setText(self.tr("Detaljerna är inte hämtade än."))
            self.property_label.setText(f"<b>{html.escape(s.property_designation)}</b>")
            self.parties.show_parties(s.id, [])
        self._order_party_buttons()
        self.documents.show_documents(snap.documents, offline)

        # the user's changes on their way, and problems
        unsent = [i for i in snap.outbox if i.state in UNSENT_STATES]
        problems = [i for i in snap.outbox if i.state in PROBLEM_STATES]
        self.pending_badge.setVisible(bool(unsent))
        if unsent:
            self._badge(self.pending_badge, self.tr("Väntar på att skickas"), *tone("pending"))
            self.pending_badge.setAccessibleName(
                self.tr("{n} ändringar väntar på att skickas").format(n=len(unsent))
            )
        self.problem_badge.setVisible(bool(problems))
        if problems:
            conflicts = sum(1 for i in problems if i.state is OutboxState.CONFLICT)
            text = (
                self.tr("Konflikt – lös i utkorgen")
                if conflicts
                else self.tr("Avvisad ändring – se utkorgen")
            )
            self.problem_badge.setText(text)
            background, foreground = tone("problem")
            self.problem_badge.setStyleSheet(
                f"#problemBadge {{ background: {background}; color: {foreground};"
                f" border: 1px solid {foreground}; border-radius: 3px; padding: 2px 8px; font-weight: 600; }}"
            )
        online = self.services.bridge.online
        described = [describe_item(i, s.registration_number, online) for i in [*unsent, *problems]]
        counted = Counter(described)  # a markup nudged ten times offline: one line, not ten
        lines = [
            html.escape(
                line
                if counted[line] == 1
                else self.tr("%1 (%2 ändringar)").replace("%1", line).replace("%2", str(counted[line]))
            )
            for line in dict.fromkeys(described)
        ]
        self.waiting.setText("<br>".join(lines))
        self.waiting.setVisible(bool(lines))

        self.timeline.show_entries(history(snap.events, snap.outbox, self.services.user.display_name))

        # which actions make sense now
        status = s.status
        allowed = status_rules.TRANSITIONS.get(status, frozenset())
        self._enable(
            self.request_completion, S.INCOMPLETE in allowed, self.tr("Komplettering kan inte begäras nu.")
        )
        self._enable(self.mark_complete, S.COMPLETE in allowed and status != S.COMPLETE, "")
        self._enable(self.start_review, S.UNDER_REVIEW in allowed, "")
        self._enable(self.send_referral, S.REFERRAL in allowed, "")
        self._enable(self.write_decision, may_be_decided(status), self.tr("Ärendet är redan beslutat."))
        self.appeal_box.setVisible(self.appeal.show_case(s, snap.events))
        blocked = clock_text.extend_blocked
        if blocked is None and any(_is_extension(i) for i in unsent):
            blocked = self.tr("En förlängning väntar redan på att skickas.")
        self._enable(self.extend, blocked is None, blocked or "")
        self.extend_reason.setText(
            self.tr("Förlängning inte möjlig: {reason}").format(reason=blocked) if blocked else ""
        )
        self.extend_reason.setVisible(bool(blocked))
        self._render_notice()
        self._update_inputs()

    def _order_party_buttons(self) -> None:
        """The parties' "Visa" buttons are made per case, after everything else: put them in reading
        order (after the actions, before the documents), not after the window's status bar."""
        previous: QtWidgets.QWidget = self.offline
        for row in self.parties.rows:
            if row.party.personal_number:
                QtWidgets.QWidget.setTabOrder(previous, row.reveal)
                previous = row.reveal

    def _render_notice(self) -> None:
        if self.refresh_error and not self.services.bridge.online:
            self.notice.setText("")  # the window's offline banner says it: never two offline bands
        elif self.refresh_error:
            self.notice.setText(self.tr("Visar sparade uppgifter. {error}").format(error=self.refresh_error))
        else:
            self.notice.setText("")
        self.notice.setVisible(bool(self.notice.text()))

    @staticmethod
    def _badge(label: QtWidgets.QLabel, text: str, background: str, foreground: str) -> None:
        label.setText(text)
        label.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border-radius: 3px;"
            " padding: 2px 8px; font-weight: 600; }"
        )

    @staticmethod
    def _enable(button: QtWidgets.QPushButton, enabled: bool, why_not: str) -> None:
        button.setEnabled(enabled)
        button.setToolTip("" if enabled else why_not)

    def _set_enabled(self, enabled: bool) -> None:
        for w in (
            self.request_completion,
            self.mark_complete,
            self.start_review,
            self.send_referral,
            self.extend,
            self.write_decision,
            self.bookmark,
            self.offline,
            self.note_edit,
            self.message_subject,
            self.message_body,
        ):
            w.setEnabled(enabled)
        self._update_inputs()

    def _update_inputs(self) -> None:
        ready = self.snapshot is not None and self.snapshot.summary is not None
        self.add_note_button.setEnabled(ready and bool(self.note_edit.toPlainText().strip()))
        self.send_message_button.setEnabled(
            ready and bool(self.message_subject.text().strip() and self.message_body.toPlainText().strip())
        )

    # --- actions (all through the sync engine: local first, then the outbox) -----------------------

    def _act(
        self, coro: Coroutine[Any, Any, Any], on_done: Callable[[], None] | None = None
    ) -> asyncio.Task[Any]:
        """Run a write; when it is in the store, ``on_done`` (e.g. clear the editor) and show the result.

        The returned task ends once the view shows the store's new state."""
        case_id = self.case_id

        async def act() -> Any:
            result = await coro
            self._hide_error()
            if on_done is not None:
                on_done()
            if case_id is not None and case_id == self.case_id:
                await self._reload(case_id)
            return result

        return run_op(self, act(), on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        """A write could not even be saved locally (rare: a store problem). The user's input stays."""
        self._show_error(
            lambda: self.tr("Ändringen sparades inte: {reason}").format(
                reason=user_message(exc) or self.tr("okänt fel.")
            )
        )
        self.reload()

    def set_status(self, status: CaseStatus) -> asyncio.Task[Any] | None:
        if self.case_id is None:
            return None
        return self._act(self.services.sync.patch_case(self.case_id, CasePatch(status=status)))

    def add_note(self) -> asyncio.Task[Any] | None:
        text = self.note_edit.toPlainText().strip()
        if self.case_id is None or not text:
            return None
        self.add_note_button.setEnabled(False)

        def done() -> None:
            if self.note_edit.toPlainText().strip() == text:
                self.note_edit.clear()  # cleared only once it is safely in the store

        return self._act(self.services.sync.add_note(self.case_id, text), done)

    def send_message(self) -> asyncio.Task[Any] | None:
        subject, body = self.message_subject.text().strip(), self.message_body.toPlainText().strip()
        if self.case_id is None or not subject or not body:
            return None
        self.send_message_button.setEnabled(False)

        def done() -> None:
            self.message_subject.clear()
            self.message_body.clear()

        message = MessageCreate(subject=subject, body=body)
        return self._act(self.services.sync.send_message(self.case_id, message), done)

    def completion_dialog(self) -> CompletionRequestDialog | None:
        s = self.snapshot.summary if self.snapshot else None
        if s is None:
            return None
        municipality = self.services.municipalities.get(s.municipality_id)
        user = self.services.user
        letter = CompletionLetter(
            s.registration_number,
            s.property_designation,
            applicant_name=s.applicant_name,
            deadline=s.deadline,
            case_type=s.case_type,
            today=self.today(),
            sender_name=user.display_name,
            sender_title=user.title or "",
            municipality=municipality.name if municipality else "",
        )
        return CompletionRequestDialog(s.registration_number, s.property_designation, self, letter=letter)

    def ask_completion(self) -> None:
        dialog = self.completion_dialog()
        result = dialog.exec() if dialog is not None else None
        if dialog is not None and result == QtWidgets.QDialog.DialogCode.Accepted:
            self.request_completion_with(dialog.message())
        elif result == CompletionRequestDialog.EXTEND_FIRST:
            self.ask_extension()  # the reply would come after the deadline: extend it first

    def request_completion_with(self, message: MessageCreate) -> asyncio.Task[Any] | None:
        """The message to the applicant, then the case to "incomplete" (both through the outbox)."""
        if self.case_id is None:
            return None
        case_id, sync = self.case_id, self.services.sync

        async def both() -> None:
            await sync.send_message(case_id, message)
            await sync.patch_case(case_id, CasePatch(completion_requested=True))

        return self._act(both())

    def extension_dialog(self) -> ExtendDeadlineDialog | None:
        s = self.snapshot.summary if self.snapshot else None
        if s is None:
            return None
        period = statutory_period(s.case_type)
        weeks = period.max_extension_weeks if period is not None else MAX_EXTENSION_WEEKS
        return ExtendDeadlineDialog(s.registration_number, self, max_weeks=weeks)

    def ask_extension(self) -> None:
        dialog = self.extension_dialog()
        if dialog is not None and dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.extend_with(dialog.extension())

    def extend_with(self, extension: DeadlineExtension) -> asyncio.Task[Any] | None:
        if self.case_id is None:
            return None
        patch = CasePatch(deadline_extension=extension)
        return self._act(self.services.sync.patch_case(self.case_id, patch))

    def toggle_bookmark(self) -> asyncio.Task[Any] | None:
        if self.case_id is None or self.snapshot is None:
            return None
        return self._act(self.services.store.set_bookmark(self.case_id, not self.snapshot.bookmarked))

    def make_available_offline(self) -> asyncio.Task[Any] | None:
        if self.case_id is None:
            return None
        dialog = OfflineProgressDialog(self)

        def progress(done: int, total: int) -> None:  # bytes of documents
            dialog.set_bytes(done, total)

        def done(_result: None) -> None:
            dialog.close()
            self.reload()

        def failed(exc: BaseException) -> None:
            dialog.close()
            self._failed(exc)

        task = run_op(
            self,
            self.services.sync.make_available_offline(self.case_id, progress),
            on_success=done,
            on_failure=failed,
        )
        dialog.canceled.connect(task.cancel)
        task.add_done_callback(lambda _t: dialog.close())
        dialog.show()
        return task

    def open_decision_editor(self) -> DecisionEditor | None:
        """The decision editor for the case shown (one window per case view, raised if open)."""
        if self.case_id is None:
            return None
        editor = self.decision_editor
        if editor is None or editor.case_id != self.case_id or not editor.isVisible():
            if editor is not None:
                editor.close()
            # imported when first used: the letter's renderer (reportlab, pikepdf, lxml) stays out of start-up
            from ui.decisions.editor import DecisionEditor

            editor = self.decision_editor = DecisionEditor(self.services, self.case_id, self.window())
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.destroyed.connect(lambda *_: setattr(self, "decision_editor", None))
            editor.sent.connect(lambda _id: self.reload())
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def set_drawing_viewer_available(self, available: bool) -> None:
        """The shell calls this once the drawing viewer exists (drawings then open in it)."""
        self.documents.set_drawing_viewer_available(available)

    def close_case(self) -> None:
        self.closed.emit()


def _is_extension(item: OutboxItem) -> bool:
    return kind_of(item).extends_deadline(item.payload)
