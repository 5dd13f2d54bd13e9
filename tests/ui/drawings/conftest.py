"""Fixtures of the drawing viewer tests: the drawing engine tests' sample sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.drawings import write_sample_drawings


@pytest.fixture(scope="session")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sample_drawings(tmp_path_factory.mktemp("drawings"))
