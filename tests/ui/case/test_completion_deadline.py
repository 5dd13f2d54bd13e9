"""A completion request that does not stop the clock (more than 3 weeks after the application) must not
silently ask for a reply due after the statutory deadline: the dialog warns and offers to extend the
deadline first, or says why it cannot be extended."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from caseworker.domain.clock import ALREADY_EXPIRED, statutory_period
from caseworker.domain.models import CaseType
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.services_factory import find_case, running_services
from ui.case import CaseView
from ui.case.dialogs import CompletionRequestDialog, ExtendDeadlineDialog
from ui.qt import QtCore, QtWidgets
from ui.services import Services


def plain_lov(k: dict[str, Any]) -> bool:
    """A received lov on its 10 weeks from receipt: no request, supplement or extension yet."""
    facts = k["deadline"]
    untouched = not (facts["completion_requested_on"] or facts["supplemented_on"] or facts["extension_weeks"])
    lov = statutory_period(CaseType(k["case_type"])) == statutory_period(None)
    return k["status"] == "received" and untouched and lov


def test_a_reply_due_after_the_deadline_warns_and_offers_an_extension_first(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path
) -> None:
    with sandbox.client("anna") as c:
        case = find_case(c, plain_lov)
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as anna:
        check_the_warning(qtbot, qloop, anna, case)


def check_the_warning(qtbot: Any, qloop: LoopRunner, anna: Services, case: dict[str, Any]) -> None:
    received = dt.date.fromisoformat(case["deadline"]["received_on"])
    deadline = received + dt.timedelta(weeks=10)
    view = CaseView(anna)
    qtbot.addWidget(view)
    view.show()
    qloop.run(view.show_case(case["id"]))

    def dialog_on(day: dt.date) -> CompletionRequestDialog:
        view.today = lambda: day
        dialog = view.completion_dialog()
        assert dialog is not None
        qtbot.addWidget(dialog)
        return dialog

    # in time (the clock waits) or early enough (the reply comes before the deadline): no warning
    for day in (received + dt.timedelta(weeks=2), received + dt.timedelta(weeks=4)):
        quiet = dialog_on(day)
        assert not quiet.warning.isVisibleTo(quiet) and not quiet.extend_first.isVisibleTo(quiet)

    late = dialog_on(received + dt.timedelta(weeks=8))  # reply due at week 11, deadline at week 10
    assert late.warning.isVisibleTo(late) and late.extend_first.isVisibleTo(late)
    assert deadline.isoformat() in late.warning.text() and "Förläng tidsfristen först" in late.warning.text()

    expired = dialog_on(deadline + dt.timedelta(days=1))
    assert expired.warning.isVisibleTo(expired) and not expired.extend_first.isVisibleTo(expired)
    assert ALREADY_EXPIRED in expired.warning.text()

    # "Förläng tidsfristen först …" in the case screen: no request is made, the extension dialog opens
    view.today = lambda: received + dt.timedelta(weeks=8)
    seen: list[QtWidgets.QWidget] = []

    def close_extension() -> None:
        modal = QtWidgets.QApplication.activeModalWidget()
        if isinstance(modal, ExtendDeadlineDialog):
            seen.append(modal)
            modal.reject()
        else:
            QtCore.QTimer.singleShot(10, close_extension)

    def extend_first() -> None:
        modal = QtWidgets.QApplication.activeModalWidget()
        if isinstance(modal, CompletionRequestDialog):
            QtCore.QTimer.singleShot(0, close_extension)
            modal.extend_first.click()
        else:
            QtCore.QTimer.singleShot(10, extend_first)

    QtCore.QTimer.singleShot(0, extend_first)
    view.ask_completion()
    assert len(seen) == 1
    waiting = qloop.run(anna.store.run(lambda s: s.list_outbox(case_id=case["id"])))
    assert waiting == [], "nothing was sent to the applicant"
