"""The markups list keeps its width when the first measurement appears: the dock beside the drawing must not
push the drawing sideways in the middle of the inspector's next stroke (found in the new-user trial)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from caseworker.markups import Kind, Markup, calibration_markup
from tests.ui.drawings.conftest import app_stays, engine
from tests.ui.markups.test_markup_list_layers import review
from ui.drawings.viewer import DrawingWindow
from ui.markups.listing import COLUMNS
from ui.markups.window import WindowMarkups

__all__ = ["app_stays", "engine", "review"]  # fixtures, used by name


def test_the_lists_width_stays_when_the_first_measured_value_appears(
    qtbot: Any, review: tuple[DrawingWindow, WindowMarkups]
) -> None:
    _window, markups = review
    rectangle = Markup(id="r", page=0, kind=Kind.RECTANGLE, rect=(100, 100, 300, 200), author="Anna")
    markups.layer.set_markups([rectangle])
    header = markups.list.table.horizontalHeader()
    value = COLUMNS.index("value")
    qtbot.waitUntil(lambda: header.isSectionHidden(value))  # nothing measured: no value column
    before = markups.list.sizeHint().width()

    scale = calibration_markup("scale", 0, (36.0, 36.0), (236.0, 36.0), ratio=100.0)  # 1:100 chosen
    markups.layer.put(replace(scale, author="Anna"))
    qtbot.waitUntil(lambda: not header.isSectionHidden(value))
    assert markups.list.sizeHint().width() == before
