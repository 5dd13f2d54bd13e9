"""Found by an inspector trying the app: the e-archive's "Jämför med ärendets ritning" listed the case's two
revisions of a section as two identical "Sektionsritning A-A"; the revision now tells them apart."""

from __future__ import annotations

from typing import Any

from caseworker.domain.models import Document
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.markups.test_markup_tools import a_drawing
from ui.archive.window import ArchiveWindow
from ui.services import Services


def test_the_case_drawings_menu_tells_two_revisions_of_one_sheet_apart(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services
) -> None:
    drawing = qloop.run(anna.store.get_document(a_drawing(sandbox)))
    assert isinstance(drawing, Document)
    first = drawing.model_copy(update={"title": "Sektionsritning A-A", "revision": 1})
    second = drawing.model_copy(update={"id": "another", "title": "Sektionsritning A-A", "revision": 2})
    plan = drawing.model_copy(update={"id": "plan", "title": "Planritning, plan 1", "revision": 1})

    def no_engine() -> Any:
        raise AssertionError("nothing is rendered here")

    window = ArchiveWindow(anna, no_engine)
    qtbot.addWidget(window)
    window.set_case_drawings([first, plan, second])
    names = [action.text() for action in window.compare_case_menu.actions()]
    assert names == ["Sektionsritning A-A, rev 1", "Planritning, plan 1", "Sektionsritning A-A, rev 2"]
