"""At 200 % display scaling the municipality's logo and the queue's markers are drawn from pixels of
that scale, not stretched from 100 % (a child process: the scale is fixed when Qt starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = r"""
import json
from ui.qt import QtCore, QtWidgets
app = QtWidgets.QApplication(["high-dpi"])
from caseworker.sandbox.assets import municipality_logo
from ui.identity import LOGO_HEIGHT, IdentityBand
from ui.queue.delegates import MARKER_SLOT, MARKERS_WIDTH, colour_square_icon, markers_icon

band = IdentityBand()
band.resize(600, 60)
band.show()
band.set_logo(municipality_logo("tree", "#2e6b3a", "#d4a62a"))
logo = band.logo.pixmap()
square = colour_square_icon("#2e6b3a").pixmap(QtCore.QSize(14, 14), 2.0)
markers = markers_icon(True, True, True).pixmap(QtCore.QSize(MARKERS_WIDTH, MARKER_SLOT), 2.0)
shot = band.grab()
print(json.dumps({
    "screen": band.devicePixelRatioF(),
    "logo": [logo.devicePixelRatio(), logo.height(), LOGO_HEIGHT],
    "square": [square.width(), square.height()],
    "markers": [markers.width(), markers.height(), MARKERS_WIDTH, MARKER_SLOT],
    "shot": [shot.devicePixelRatio(), shot.width(), band.width()],
}))
"""


def test_logo_and_markers_are_sharp_at_200_percent() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["screen"] == 2.0
    ratio, height, logical = seen["logo"]
    assert ratio == 2.0 and height == 2 * logical  # drawn at 80 px for 40 px on screen
    assert seen["square"] == [28, 28]
    width, height, logical_width, logical_height = seen["markers"]
    assert (width, height) == (2 * logical_width, 2 * logical_height)
    shot_ratio, shot_width, band_width = seen["shot"]
    assert shot_ratio == 2.0 and shot_width == 2 * band_width
