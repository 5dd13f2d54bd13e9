"""Fixtures for the drawing engine: one engine per module (workers take a moment to start), files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from caseworker.drawings import RenderEngine
from caseworker.sandbox.assets import archive_tiff, dense_a0_pdf, drawing_pdf

WAIT = 120.0  # seconds any wait in these tests may take on a busy machine before it fails


@pytest.fixture(scope="module")
def engine() -> Iterator[RenderEngine]:
    with RenderEngine(time_limit=WAIT) as e:
        yield e


@pytest.fixture(scope="session")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("drawings")
    files = {
        "plan.pdf": drawing_pdf("plan", 2),
        "dense-a0.pdf": dense_a0_pdf(),
        "house.tif": archive_tiff("house"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Poll ``condition`` until true; fail loudly after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)
