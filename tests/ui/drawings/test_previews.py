"""The viewer's disk cache of first views: kept in the user's store folder, sealed with the store's preview
key, and painted on the next open before the document has even opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.drawings import RenderEngine
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.drawings.conftest import WAIT_MS, case_view_with_a_drawing, open_sharp
from tests.ui.services_factory import running_services
from ui.drawings import DrawingsHost
from ui.services import Services


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


def test_a_case_drawing_opens_from_its_encrypted_preview_the_second_time(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, engine: RenderEngine
) -> None:
    host = DrawingsHost(engine)
    try:
        _view, drawing = case_view_with_a_drawing(qtbot, qloop, sandbox, anna, host)
        window = host.open_document(anna, drawing)
        window.resize(1000, 700)
        open_sharp(qtbot, window.viewer)
        previews = anna.store.previews_dir
        qtbot.waitUntil(lambda: any(previews.rglob("*.cwprev")), timeout=WAIT_MS)
        [sealed] = previews.rglob("*.cwprev")
        assert drawing.sha256 in sealed.name
        window.close()

        shown_first: list[bool] = []
        window = host.open_document(anna, drawing)
        window.resize(1000, 700)
        canvas = window.viewer.canvas
        window.viewer.opened.connect(lambda _doc: shown_first.append(canvas.preview is not None))
        open_sharp(qtbot, window.viewer)
        assert shown_first == [True], "the cached preview was on the canvas before the document opened"
        window.close()

        host.close_windows()  # signing out: no more previews into this user's folder
        assert engine.previews is None
    finally:
        host.use_previews(None)
        qloop.run(host.close())
