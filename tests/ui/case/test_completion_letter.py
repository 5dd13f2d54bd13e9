"""The completion request letter (to the applicant, Swedish on purpose) says what the statutory clock does
(DOMAIN.md: a request within 3 weeks of receipt starts the clock at completion; a later one leaves it
running from receipt), and is filled in: the applicant's name, a reply-by date and a signature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.clock import statutory_period
from caseworker.domain.models import CaseType, DeadlineFacts
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.services_factory import case_view, find_case, running_services
from ui.case import CaseView
from ui.case.dialogs import CompletionLetter
from ui.services import Services


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


def letter_on(qtbot: Any, view: CaseView, day: dt.date) -> str:
    """The letter's text as the dialog pre-fills it when the request is made on ``day``."""
    view.today = lambda: day
    dialog = view.completion_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog.body.toPlainText()


def test_the_letter_follows_the_clock_and_names_the_applicant_the_reply_date_and_the_sender(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services
) -> None:
    with sandbox.client("anna") as c:
        case = find_case(
            c,
            lambda k: (
                k["status"] == "received"
                and k["deadline"]["completion_requested_on"] is None
                and statutory_period(CaseType(k["case_type"])) == statutory_period(None)
            ),  # a lov: 10 weeks
        )
    received = dt.date.fromisoformat(case["deadline"]["received_on"])
    view = case_view(qtbot, qloop, anna, case["id"])
    municipality = anna.municipalities[case["municipality_id"]]
    signature = f"Med vänlig hälsning\n{anna.user.display_name}\n{anna.user.title}\n{municipality.name}"

    in_time = received + dt.timedelta(weeks=3)  # the last day on which the request stops the clock
    early = letter_on(qtbot, view, in_time)
    assert early.startswith(f"Hej {case['applicant_name']}!\n\n")
    assert case["property"]["designation"] in early
    assert f"senast {(in_time + dt.timedelta(weeks=3)).isoformat()}." in early
    assert "Tidsfristen på tio veckor för beslut börjar löpa först den dag ansökan är komplett." in early
    assert "fortsätter att löpa" not in early
    assert early.endswith(signature)

    late = letter_on(qtbot, view, in_time + dt.timedelta(days=1))
    assert late.startswith(f"Hej {case['applicant_name']}!\n\n")
    assert f"senast {(in_time + dt.timedelta(days=22)).isoformat()}." in late
    assert (
        f"Tidsfristen för beslut räknas från den {received.isoformat()}, då ansökan kom in, och fortsätter "
        "att löpa medan vi väntar på kompletteringen."
    ) in late
    assert "börjar löpa först" not in late
    assert late.endswith(signature)


def test_the_letter_names_the_clock_of_the_case_type_and_none_for_a_shore_exemption() -> None:
    received = dt.date(2026, 3, 2)
    facts = DeadlineFacts(received_on=received)
    early = received + dt.timedelta(days=5)

    def body(case_type: CaseType) -> str:
        letter = CompletionLetter("BYGG 2026-000001", "Älvdala Björken 4:12", deadline=facts,
                                  case_type=case_type, today=early)  # fmt: skip
        return letter.text()[1]

    assert "Tidsfristen på fyra veckor för beslut" in body(CaseType.NOTIFICATION)
    assert "Tidsfristen på tio veckor för beslut" in body(CaseType.NEW_BUILDING_HOUSE)
    assert "Tidsfrist" not in body(CaseType.SHORE_EXEMPTION)  # miljöbalken: no PBL clock to promise
