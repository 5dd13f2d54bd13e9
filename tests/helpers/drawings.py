"""The drawing tests' sample sheets (a plan, a dense A0, an archive TIFF) and how long a render may take."""

from __future__ import annotations

from pathlib import Path

from caseworker.sandbox.assets import archive_tiff, dense_a0_pdf, drawing_pdf
from tests.helpers.waiting import PATIENCE

WAIT = PATIENCE  # seconds any render in these tests may take on a busy machine before it fails


def write_sample_drawings(folder: Path) -> dict[str, Path]:
    """Write the sample sheets into ``folder``; their paths by file name."""
    files = {
        "plan.pdf": drawing_pdf("plan", 2),
        "dense-a0.pdf": dense_a0_pdf(),
        "house.tif": archive_tiff("house"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}
