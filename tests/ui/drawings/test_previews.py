"""The viewer's disk cache of first views: kept in the user's store folder, sealed with the store's preview
key, and painted on the next open before the document has even opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import DocumentKind
from caseworker.drawings import RenderEngine
from tests.helpers.sandbox import Sandbox
from tests.ui.conftest import LoopRunner
from tests.ui.drawings.conftest import WAIT_MS, open_sharp
from tests.ui.services_factory import find_case, running_services
from ui.case import CaseView
from ui.drawings import DrawingsHost
from ui.services import Services


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


def test_a_case_drawing_opens_from_its_encrypted_preview_the_second_time(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, engine: RenderEngine
) -> None:
    with sandbox.client("anna") as c:
        case = find_case(
            c,
            lambda k: any(
                d["kind"] == DocumentKind.DRAWING.value
                for d in c.get(f"/api/v1/cases/{k['id']}/documents").raise_for_status().json()
            ),
        )
    view = CaseView(anna)
    qtbot.addWidget(view)
    host = DrawingsHost(engine)
    host.attach(view, anna)
    try:
        qloop.run(view.show_case(case["id"]))
        drawing = next(d for d in view.documents.documents if d.kind is DocumentKind.DRAWING)
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
