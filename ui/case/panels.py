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
from ui.decisions.appeal import AppealPanel
from ui.qt import Qt, QtGui, QtWidgets
from ui.widgets import action_button

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
    view.registration = QtWidgets.QLabel()
    view.registration.setObjectName("registrationNumber")
    big = view.registration.font()
    big.setPointSizeF(big.pointSizeF() * 1.5)
    big.setBold(True)
    view.registration.setFont(big)
    view.registration.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.status_badge = QtWidgets.QLabel()
    view.status_badge.setObjectName("statusBadge")
    view.pending_badge = QtWidgets.QLabel()
    view.pending_badge.setObjectName("pendingBadge")
    view.problem_badge = action_button("problemBadge")
    view.problem_badge.setFlat(True)
    view.problem_badge.clicked.connect(view.openOutbox)
    view.bookmark_mark = QtWidgets.QLabel()
    view.bookmark_mark.setObjectName("bookmarkMark")
    view.title = QtWidgets.QLabel()
    view.title.setObjectName("caseTitle")
    view.title.setWordWrap(True)
    view.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.meta = QtWidgets.QLabel()
    view.meta.setObjectName("caseMeta")
    view.meta.setWordWrap(True)
    view.notice = QtWidgets.QLabel()
    view.notice.setObjectName("caseNotice")
    view.notice.setWordWrap(True)
    view.error = QtWidgets.QLabel()
    view.error.setObjectName("caseError")
    view.error.setWordWrap(True)
    view.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.close_button = action_button("closeCase")
    view.close_button.clicked.connect(view.close_case)

    top = QtWidgets.QHBoxLayout()
    top.addWidget(view.registration)
    top.addWidget(view.status_badge)
    top.addWidget(view.pending_badge)
    top.addWidget(view.problem_badge)
    top.addWidget(view.bookmark_mark)
    top.addStretch(1)
    top.addWidget(view.close_button)
    header = QtWidgets.QVBoxLayout()
    header.setContentsMargins(12, 8, 12, 4)
    header.addLayout(top)
    header.addWidget(view.title)
    header.addWidget(view.meta)
    return header


def build_actions(view: CaseView) -> QtWidgets.QHBoxLayout:
    """What can be done with the case: status steps, extension, decision; bookmark and offline apart."""
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
    view.extend_reason = QtWidgets.QLabel()
    view.extend_reason.setObjectName("extendBlockedReason")
    view.extend_reason.setWordWrap(True)
    actions = QtWidgets.QHBoxLayout()
    actions.setContentsMargins(12, 0, 12, 0)
    for b in (
        view.request_completion,
        view.mark_complete,
        view.start_review,
        view.send_referral,
        view.extend,
        view.write_decision,
    ):
        actions.addWidget(b)
    actions.addStretch(1)
    actions.addWidget(view.bookmark)
    actions.addWidget(view.offline)
    return actions


def build_details(view: CaseView) -> QtWidgets.QScrollArea:
    """The left column: clock, appeal, description, property, parties, documents (scrolls)."""
    view.clock = ClockPanel()
    view.description = QtWidgets.QLabel()
    view.description.setObjectName("caseDescription")
    view.description.setWordWrap(True)
    view.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.property_label = QtWidgets.QLabel()
    view.property_label.setObjectName("propertyDesignation")
    view.property_label.setWordWrap(True)
    view.property_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.parties = PartiesPanel()
    view.documents = DocumentsPanel(view.services)
    view.documents.openDrawing.connect(view.openDrawing)
    view.documents.changed.connect(view.reload)
    view.documents_box = section(view.documents)
    view.documents.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.clock_box = section(view.clock)
    view.appeal = AppealPanel()
    view.appeal_box = section(view.appeal)
    view.description_box = section(view.description)
    view.property_box = section(view.property_label)
    view.parties_box = section(view.parties)
    left = QtWidgets.QVBoxLayout()
    left.addWidget(view.clock_box)
    left.addWidget(view.appeal_box)
    left.addWidget(view.description_box)
    left.addWidget(view.property_box)
    left.addWidget(view.parties_box)
    left.addWidget(view.documents_box)
    left.addStretch(1)
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


def build_writing(view: CaseView) -> QtWidgets.QWidget:
    """The right column: the history, and a new note or message to the applicant."""
    view.timeline = Timeline()
    view.timeline_label = timeline_label = QtWidgets.QLabel()
    timeline_label.setBuddy(view.timeline)
    view.note_edit = QtWidgets.QPlainTextEdit()
    view.note_edit.setObjectName("noteEdit")
    view.note_edit.setTabChangesFocus(True)
    view.note_edit.setFixedHeight(80)
    view.add_note_button = action_button("addNote")
    view.add_note_button.clicked.connect(view.add_note)
    view.note_edit.textChanged.connect(view._update_inputs)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), view.note_edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(view.add_note)
    view.note_label = note_label = QtWidgets.QLabel()
    note_label.setBuddy(view.note_edit)
    note_row = QtWidgets.QHBoxLayout()
    note_row.addStretch(1)
    note_row.addWidget(view.add_note_button)
    note_layout = QtWidgets.QVBoxLayout()
    note_layout.addWidget(note_label)
    note_layout.addWidget(view.note_edit)
    note_layout.addLayout(note_row)
    note_tab = QtWidgets.QWidget()
    note_tab.setLayout(note_layout)

    view.message_subject = QtWidgets.QLineEdit()
    view.message_subject.setObjectName("messageSubject")
    view.message_body = QtWidgets.QPlainTextEdit()
    view.message_body.setObjectName("messageBody")
    view.message_body.setTabChangesFocus(True)
    view.message_body.setFixedHeight(80)
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
    message_row = QtWidgets.QHBoxLayout()
    message_row.addStretch(1)
    message_row.addWidget(view.send_message_button)
    message_layout = QtWidgets.QVBoxLayout()
    message_layout.addLayout(message_form)
    message_layout.addLayout(message_row)
    message_tab = QtWidgets.QWidget()
    message_tab.setLayout(message_layout)

    view.write_tabs = QtWidgets.QTabWidget()
    view.write_tabs.setObjectName("writeTabs")
    view.write_tabs.addTab(note_tab, "")
    view.write_tabs.addTab(message_tab, "")
    right = QtWidgets.QVBoxLayout()
    right.setContentsMargins(0, 0, 0, 0)
    right.addWidget(timeline_label)
    right.addWidget(view.timeline, 1)
    right.addWidget(view.write_tabs)
    right_widget = QtWidgets.QWidget()
    right_widget.setLayout(right)
    return right_widget
