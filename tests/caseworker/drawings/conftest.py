"""Fixtures for the drawing engine: one engine per module (workers take a moment to start), files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker.drawings import RenderEngine
from tests.helpers.drawings import WAIT, write_sample_drawings


@pytest.fixture(scope="module")
def engine() -> Iterator[RenderEngine]:
    with RenderEngine(time_limit=WAIT) as e:
        yield e


@pytest.fixture(scope="session")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sample_drawings(tmp_path_factory.mktemp("drawings"))
