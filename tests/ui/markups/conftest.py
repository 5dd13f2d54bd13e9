"""Fixtures of the markup UI tests: Anna (a caseworker) signed in on the session's sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.services_factory import running_services
from ui.services import Services


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services
