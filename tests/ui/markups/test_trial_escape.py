"""Found by an inspector trying the app: Esc pressed to let go of a selected markup closed the whole drawing
window (its markups list with it). With a markup selected, Esc deselects it; the next Esc closes the window
as before."""

from __future__ import annotations

from typing import Any

from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.drawings.conftest import WAIT_MS
from tests.ui.markups import test_markups_in_viewer as viewer_test
from tests.ui.markups.test_markups_in_viewer import drag, in_view, key, opened_from_the_case
from ui.drawings import DrawingsHost
from ui.markups.window import WindowMarkups
from ui.qt import Qt
from ui.services import Services

host, engine, app_stays = viewer_test.host, viewer_test.engine, viewer_test.app_stays
__all__ = ["app_stays", "engine", "host"]  # fixtures, used by name


def test_esc_deselects_the_selected_markup_and_only_the_next_esc_closes_the_window(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost
) -> None:
    window = opened_from_the_case(qtbot, qloop, sandbox, anna, host)
    assert isinstance(window.markups, WindowMarkups)
    markups = window.markups
    with qtbot.waitSignal(markups.loaded, timeout=WAIT_MS):
        key(qtbot, window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # "Markeringar"
    before = set(markups.layer.markups)
    key(qtbot, window, "R")
    drag(window, in_view(window, 0.3, 0.3), in_view(window, 0.4, 0.4))
    qtbot.waitUntil(lambda: not markups.editor.pending, timeout=WAIT_MS)
    (drawn,) = set(markups.layer.markups) - before
    key(qtbot, window, "V")
    markups.layer.select(drawn)
    assert markups.layer.selected() is not None

    key(qtbot, window, Qt.Key.Key_Escape)
    assert markups.layer.selected() is None
    assert window.isVisible() and host.windows == [window], "Esc let go of the markup, not the window"

    key(qtbot, window, Qt.Key.Key_Escape)  # nothing selected: the window's Esc closes it
    qtbot.waitUntil(lambda: not host.windows, timeout=WAIT_MS)
