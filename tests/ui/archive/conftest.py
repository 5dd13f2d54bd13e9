"""The archive's tests use the viewer's fixtures: one render engine a module, windows that may all close;
anna's services through a proxy that can go offline, and the archive host as the app makes it (also used
by ``tests/ui/markups/test_compare_clouds.py``)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import DocumentKind
from caseworker.drawings import RenderEngine
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.drawings.conftest import app_stays, engine
from tests.ui.services_factory import find_case, running_services
from ui.archive import ArchiveHost
from ui.drawings import DrawingsHost
from ui.markups import offer_clouds, offer_markups
from ui.services import Services

__all__ = ["anna", "app_stays", "engine", "host", "proxy", "renamed_case_with_drawings"]


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultyProxy]:
    with FaultyProxy(sandbox.url) as p:
        yield p


@pytest.fixture
def anna(qloop: LoopRunner, proxy: FaultyProxy, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, proxy.url, "anna", tmp_path / "anna") as services:
        yield services


@pytest.fixture
def host(qloop: LoopRunner, anna: Services, engine: RenderEngine) -> Iterator[ArchiveHost]:
    drawings = DrawingsHost(engine, markups=offer_markups, clouds=offer_clouds)  # as the app makes it
    archive = ArchiveHost(anna, drawings)
    yield archive
    if archive.window is not None:
        archive.window.close()
        archive.window.deleteLater()
    qloop.run(drawings.close())


def renamed_case_with_drawings(sandbox: Sandbox) -> dict[str, Any]:
    """A case of anna's whose property had a former designation (its archive records) and with a drawing."""
    with sandbox.client("anna") as c:

        def renamed_with_drawings(k: dict[str, Any]) -> bool:
            if not k["property"]["former_designations"]:
                return False
            documents = c.get(f"/api/v1/cases/{k['id']}/documents").raise_for_status().json()
            return any(d["kind"] == DocumentKind.DRAWING.value for d in documents)

        return find_case(c, renamed_with_drawings)
