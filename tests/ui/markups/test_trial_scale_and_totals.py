"""Found by an inspector trying the app: the tool bar's scale box said "Mät själv" on a sheet whose scale was
set to 1:100 (after reopening it, or after undoing), and the list's sums still counted the measurements of
a reviewer whose layer was hidden."""

from __future__ import annotations

from typing import Any

from caseworker.markups import Kind
from tests.helpers.qt import LoopRunner
from tests.ui.markups import test_markup_tools as tools_test
from tests.ui.markups.test_markup_editing import draw, redo, undo
from tests.ui.markups.test_markup_tools import grid, settled
from ui.markups.workspace import MarkupWorkspace
from ui.services import Services

engine, workspace = tools_test.engine, tools_test.workspace
__all__ = ["engine", "workspace"]  # fixtures, used by name


def choose_scale(qtbot: Any, w: MarkupWorkspace, text: str) -> None:
    """The scale picked from the tool bar's box, as a click on one of its entries does."""
    index = w.tools.scale.findText(text)
    assert index > 0
    w.tools.scale.setCurrentIndex(index)
    w.tools.scale.activated.emit(index)
    settled(qtbot, w)


def test_the_scale_box_follows_the_pages_scale_through_undo_redo_and_reopening(
    qtbot: Any, qloop: LoopRunner, anna: Services, workspace: MarkupWorkspace
) -> None:
    w = workspace
    scale = w.tools.scale
    assert scale.currentIndex() == 0  # a sheet nobody has scaled: "Mät själv"
    choose_scale(qtbot, w, "1:100")
    assert scale.currentText() == "1:100"
    undo(qtbot, w)
    assert scale.currentIndex() == 0  # the scale undone: the box no longer claims one
    redo(qtbot, w)
    assert scale.currentText() == "1:100"

    scale.setCurrentIndex(0)  # as a new window's box starts
    document_id = w.editor.document_id
    assert document_id is not None
    w.show_markups(qloop.run(anna.store.list_annotations(document_id)))  # the markups read again
    assert scale.currentText() == "1:100"  # what the store holds: every reviewer sees the same scale


def test_the_sums_leave_out_the_measurements_of_a_hidden_reviewer(
    qtbot: Any, workspace: MarkupWorkspace
) -> None:
    w = workspace
    choose_scale(qtbot, w, "1:100")
    distance = draw(qtbot, w, "D", [grid(w, 7), grid(w, 7, 1, 0)])
    assert distance.kind == Kind.DISTANCE
    listing = w.list
    assert " m" in listing.totals.text()
    listing.layer_actions[distance.author].trigger()  # the own layer unticked in Granskare
    assert listing.totals.text() == ""
    listing.layer_actions[distance.author].trigger()
    assert " m" in listing.totals.text()
