"""Screenshots of widgets under test: where they go (``CASEWORKER_SCREENSHOTS`` or the test's tmp folder),
saving one (checked not empty) and which buttons clip their text."""

from __future__ import annotations

import os
from pathlib import Path

from ui.qt import QtWidgets


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CASEWORKER_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget: QtWidgets.QWidget, folder: Path, name: str) -> Path:
    image = widget.grab().toImage()
    assert not image.isNull() and image.width() > 100 and image.height() > 10
    path = folder / f"{name}.png"
    assert image.save(str(path))
    return path


def buttons_fit(widget: QtWidgets.QWidget) -> list[str]:
    """Visible buttons whose text does not fit their width (clipped)."""
    clipped = []
    for b in widget.findChildren(QtWidgets.QPushButton):
        if b.isVisibleTo(widget) and b.text():
            needed = b.fontMetrics().horizontalAdvance(b.text().replace("&", ""))
            if needed > b.width() - 8:
                clipped.append(b.text())
    return clipped
