"""The case view's panels: the header, the row of actions, the details column and the writing column.

Each function builds one panel's widgets as attributes of the view (its methods, the shell and the tests
use them by name) and returns the panel's layout or widget; ``CaseView._build`` puts them together and
``CaseView.retranslate`` sets their texts (in the view's translation context).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.domain.models import CaseStatus
from ui.case.clock_panel import ClockPanel
from ui.case.documents import DocumentsPanel
from ui.case.parties import PartiesPanel
from ui.case.timeline import Timeline
from ui.decisions.notify import DecisionNotices
from ui.qt import Qt, QtGui, QtWidgets
from ui.widgets import FlowLayout, action_button, enlarge, filled, form_text_edit, text_label

if TYPE_CHECKING:
    from ui.case.view import CaseView

S = CaseStatus


def section(body: QtWidgets.QWidget | QtWidgets.QLayout) -> QtWidgets.QGroupBox:
    """A titled box (the title is set by CaseView.retranslate)."""
    box = QtWidgets.QGroupBox()
    if isinstance(body, QtWidgets.QLayout):
        box.setLayout(body)
    else:
        layout = QtWidgets.QVBoxLayout(box)
        layout.addWidget(body)
    return box


def build_header(view: CaseView) -> QtWidgets.QVBoxLayout:
    """Registration number, status and change badges, bookmark mark, close; the title and facts below."""
    view.registration = text_label("registrationNumber", wrap=False, selectable=True)
    enlarge(view.registration, 1.5)
    view.status_badge = text_label("statusBadge", wrap=False)
    view.pending_badge = text_label("pendingBadge", wrap=False)
    view.problem_badge = action_button("problemBadge")
    view.problem_badge.setFlat(True)
    view.problem_badge.clicked.connect(view.openOutbox)
    view.bookmark_mark = text_label("bookmarkMark", wrap=False)
    view.title = text_label("caseTitle", selectable=True)
    view.meta = text_label("caseMeta")
    view.notice = text_label("caseNotice")
    view.error = text_label("caseError", selectable=True)
    view.close_button = action_button("closeCase")
    view.close_button.clicked.connect(view.close_case)

    top = filled(
        QtWidgets.QHBoxLayout(),
        *(view.registration, view.status_badge, view.pending_badge, view.problem_badge, view.bookmark_mark),
        None,
        view.close_button,
    )
    header = QtWidgets.QVBoxLayout()
    header.setContentsMargins(12, 8, 12, 4)
    header.addLayout(top)
    header.addWidget(view.title)
    header.addWidget(view.meta)
    return header


def build_actions(view: CaseView) -> FlowLayout:
    """What can be done with the case: status steps, extension, decision; bookmark and offline last. The
    row wraps when the window is narrow (1280 px with the assignment buttons, or in English)."""
    view.request_completion = action_button("requestCompletion")
    view.mark_complete = action_button("markComplete")
    view.start_review = action_button("startReview")
    view.send_referral = action_button("sendReferral")
    view.extend = action_button("extendDeadline")
    view.bookmark = action_button("bookmark")
    view.bookmark.setCheckable(True)
    view.offline = action_button("makeOffline")
    view.write_decision = action_button("writeDecision")
    view.write_decision.clicked.connect(view.open_decision_editor)
    view.decision_shortcut = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+Shift+B"), view)
    view.decision_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    view.decision_shortcut.activated.connect(
        lambda: view.write_decision.isEnabled() and view.open_decision_editor()
    )
    view.request_completion.clicked.connect(view.ask_completion)
    view.mark_complete.clicked.connect(lambda: view.set_status(S.COMPLETE))
    view.start_review.clicked.connect(lambda: view.set_status(S.UNDER_REVIEW))
    view.send_referral.clicked.connect(lambda: view.set_status(S.REFERRAL))
    view.extend.clicked.connect(view.ask_extension)
    view.bookmark.clicked.connect(view.toggle_bookmark)
    view.offline.clicked.connect(view.make_available_offline)
    view.extend_reason = text_label("extendBlockedReason")
    steps = (view.request_completion, view.mark_complete, view.start_review, view.send_referral, view.extend)
    # ui.workload adds "Ta ärendet" to view.actions_row, after "Skriv beslut …"
    actions = view.actions_row = FlowLayout()
    for button in (*steps, view.write_decision, view.bookmark, view.offline):
        actions.addWidget(button)
    actions.setContentsMargins(12, 0, 12, 0)
    return actions


def build_details(view: CaseView) -> QtWidgets.QScrollArea:
    """The left column: clock, appeal, description, property, parties, documents (scrolls)."""
    view.clock = ClockPanel()
    view.description = text_label("caseDescription", selectable=True)
    view.property_label = text_label("propertyDesignation", selectable=True)
    view.parties = PartiesPanel()
    view.documents = DocumentsPanel(view.services)
    view.documents.openDrawing.connect(view.openDrawing)
    view.documents.changed.connect(view.reload)
    view.documents_box = section(view.documents)
    view.documents.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.clock_box = section(view.clock)
    view.appeal = DecisionNotices(view.services)
    view.appeal.today = lambda: view.today()
    view.appeal_box = section(view.appeal)
    view.description_box = section(view.description)
    view.property_box = section(view.property_label)
    view.parties_box = section(view.parties)
    boxes = (view.clock_box, view.appeal_box, view.description_box, view.property_box, view.parties_box)
    left = filled(QtWidgets.QVBoxLayout(), *boxes, view.documents_box, None)
    left_widget = QtWidgets.QWidget()
    left_widget.setLayout(left)
    left_scroll = QtWidgets.QScrollArea()
    left_scroll.setObjectName("caseDetailsScroll")
    # Not a tab stop of its own (its controls are): an unnamed stop said nothing to a screen reader.
    left_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.left_scroll = left_scroll
    left_scroll.setWidgetResizable(True)
    left_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    left_scroll.setWidget(left_widget)
    left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return left_scroll


def _text_box(name: str) -> QtWidgets.QPlainTextEdit:
    """A short editor of a few lines in which Tab moves on, as in a form."""
    box = form_text_edit(name)
    box.setFixedHeight(80)
    return box


def _page(layout: QtWidgets.QLayout) -> QtWidgets.QWidget:
    page = QtWidgets.QWidget()
    page.setLayout(layout)
    return page


def build_writing(view: CaseView) -> QtWidgets.QWidget:
    """The right column: the history, and a new note or message to the applicant."""
    view.timeline = Timeline()
    view.timeline_label = timeline_label = QtWidgets.QLabel()
    timeline_label.setBuddy(view.timeline)
    view.note_edit = _text_box("noteEdit")
    view.add_note_button = action_button("addNote")
    view.add_note_button.clicked.connect(view.add_note)
    view.note_edit.textChanged.connect(view._update_inputs)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), view.note_edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(view.add_note)
    view.note_label = note_label = QtWidgets.QLabel()
    note_label.setBuddy(view.note_edit)
    note_row = filled(QtWidgets.QHBoxLayout(), None, view.add_note_button)
    note_tab = _page(filled(QtWidgets.QVBoxLayout(), note_label, view.note_edit, note_row))

    view.message_subject = QtWidgets.QLineEdit()
    view.message_subject.setObjectName("messageSubject")
    view.message_body = _text_box("messageBody")
    view.send_message_button = action_button("sendMessage")
    view.send_message_button.clicked.connect(view.send_message)
    view.message_subject.textChanged.connect(view._update_inputs)
    view.message_body.textChanged.connect(view._update_inputs)
    view.subject_label = subject_label = QtWidgets.QLabel()
    subject_label.setBuddy(view.message_subject)
    view.body_label = body_label = QtWidgets.QLabel()
    body_label.setBuddy(view.message_body)
    message_form = QtWidgets.QFormLayout()
    message_form.addRow(subject_label, view.message_subject)
    message_form.addRow(body_label, view.message_body)
    message_row = filled(QtWidgets.QHBoxLayout(), None, view.send_message_button)
    message_tab = _page(filled(QtWidgets.QVBoxLayout(), message_form, message_row))

    view.write_tabs = QtWidgets.QTabWidget()
    view.write_tabs.setObjectName("writeTabs")
    view.write_tabs.addTab(note_tab, "")
    view.write_tabs.addTab(message_tab, "")
    right = QtWidgets.QVBoxLayout()
    right.setContentsMargins(0, 0, 0, 0)
    right.addWidget(timeline_label)
    right.addWidget(view.timeline, 1)
    right.addWidget(view.write_tabs)
    return _page(right)
