"""Found by an inspector trying the app: offline, every markup change (three nudges of one markup: three
lines) was listed on its own under the case's header, pushing the case down a line per change. Identical
lines are one, with their number."""

from __future__ import annotations

from typing import Any

from caseworker.domain.models import DocumentKind
from caseworker.markups import calibration_markup
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import until
from tests.ui.archive.conftest import anna, proxy
from tests.ui.drawings.conftest import case_with_a_drawing
from ui.case import CaseView
from ui.services import Services

__all__ = ["anna", "proxy"]  # fixtures (anna through a proxy that can go offline), used by name


def test_identical_waiting_changes_are_one_line_with_their_number(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, proxy: FaultyProxy
) -> None:
    case = case_with_a_drawing(sandbox)
    view = CaseView(anna)
    qtbot.addWidget(view)
    qloop.run(view.show_case(case["id"]))
    drawing = next(d for d in view.documents.documents if d.kind is DocumentKind.DRAWING)
    proxy.cut()  # offline: the changes wait in the outbox
    scale = calibration_markup("draft", 0, (36.0, 36.0), (236.0, 36.0), ratio=100.0)
    for _ in range(3):
        qloop.run(anna.sync.add_annotation(drawing.id, scale.to_input()))
    qloop.run(until(lambda: "(3 ändringar)" in view.waiting.text()))
    assert view.waiting.text().count("<br>") == 0  # one line
