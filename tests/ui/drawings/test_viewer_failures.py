"""Bad input in the viewer: every kind the engine refuses gives its plain Swedish sentence in the window
(no traceback, no crash, no hang), files that only look wrong are shown, an encrypted drawing asks for
its password (and opens with the right one), and a worker killed while the viewer uses it is replaced."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.drawings import RenderEngine
from caseworker.drawings.errors import Reason
from tests.caseworker.drawings import badfiles
from tests.caseworker.drawings.test_bad_input import BAD, SHOWN
from tests.helpers.qt import LoopRunner
from tests.ui.drawings.conftest import WAIT_MS, ink, open_sharp, wait_sharp
from ui.drawings import DrawingsHost, DrawingWindow
from ui.drawings.messages import ASK_PASSWORD, tr
from ui.errors import DRAWING_REASONS


@pytest.fixture
def host(qloop: LoopRunner, engine: RenderEngine) -> Iterator[DrawingsHost]:
    h = DrawingsHost(engine)
    yield h
    qloop.run(h.close())


def open_file(host: DrawingsHost, path: Path) -> DrawingWindow:
    window = host.open_file(path)
    window.resize(900, 700)
    return window


@pytest.mark.parametrize("kind", list(BAD))
def test_each_kind_of_bad_file_gives_its_plain_message(
    qtbot: Any, host: DrawingsHost, tmp_path: Path, kind: str
) -> None:
    make, reason, _words = BAD[kind]
    path = tmp_path / "ritning.pdf"
    path.write_bytes(make())
    viewer = open_file(host, path).viewer
    qtbot.waitUntil(lambda: viewer.error is not None, timeout=WAIT_MS)
    # a password-protected sheet asks for the password (the viewer's own words); the rest are the table's
    assert viewer.error == tr(ASK_PASSWORD if reason is Reason.ENCRYPTED else DRAWING_REASONS[reason.value])
    assert viewer.stack.currentWidget() is viewer.message_page and viewer.message.isVisible()
    assert "Traceback" not in viewer.error and "Error" not in viewer.error
    assert not viewer.print_action.isEnabled() and not viewer.zoom_in_action.isEnabled()


@pytest.mark.parametrize("kind", list(SHOWN))
def test_files_that_only_look_wrong_are_shown(
    qtbot: Any, host: DrawingsHost, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "ritning.pdf"
    path.write_bytes(SHOWN[kind]())
    viewer = open_file(host, path).viewer
    open_sharp(qtbot, viewer)
    assert ink(viewer.canvas) > 0


def test_a_worker_killed_while_viewing_is_replaced_and_the_view_sharpens(
    qtbot: Any, host: DrawingsHost, engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    if sys.platform == "win32":
        pytest.skip("SIGKILL")
    viewer = open_file(host, drawings["plan.pdf"]).viewer
    open_sharp(qtbot, viewer)
    assert viewer.document is not None
    restarts = engine.stats.worker_restarts
    for pid in engine.worker_pids(viewer.document):
        os.kill(pid, signal.SIGKILL)
    viewer.canvas.set_zoom(3.0)
    wait_sharp(qtbot, viewer)
    assert viewer.error is None and ink(viewer.canvas) > 0
    assert engine.stats.worker_restarts > restarts


def test_an_encrypted_drawing_asks_for_its_password(qtbot: Any, host: DrawingsHost, tmp_path: Path) -> None:
    path = tmp_path / "skyddad.pdf"
    path.write_bytes(badfiles.encrypted_pdf())
    viewer = open_file(host, path).viewer
    qtbot.waitUntil(lambda: viewer.error is not None, timeout=WAIT_MS)
    assert viewer.password_button.isVisible(), "a user who has the password can give it"
    viewer.password_box.setText("fel")
    viewer.password_button.click()
    qtbot.waitUntil(lambda: viewer.error == "Lösenordet stämmer inte. Försök igen.", timeout=WAIT_MS)
    assert viewer.password_box.isVisible()
    viewer.password_box.setText("hemligt")
    viewer.password_button.click()
    open_sharp(qtbot, viewer)
    assert ink(viewer.canvas) > 0
