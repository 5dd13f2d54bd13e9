"""The drawing viewer (issue 12): tiles from :mod:`caseworker.drawings` painted in a QGraphicsView.

Its modules load on first use (the render engine, its worker processes' machinery and the canvas are not
needed to start the app): ``from ui.drawings import DrawingsHost`` imports only the host, which imports
the viewer when a drawing is first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.lazy import exports_on_first_use

if TYPE_CHECKING:
    from ui.drawings.canvas import DrawingCanvas
    from ui.drawings.host import DrawingsHost
    from ui.drawings.viewer import DrawingViewer, DrawingWindow

__all__ = ["DrawingCanvas", "DrawingViewer", "DrawingWindow", "DrawingsHost"]

__getattr__ = exports_on_first_use(
    __name__,
    {"DrawingCanvas": "canvas", "DrawingsHost": "host", "DrawingViewer": "viewer", "DrawingWindow": "viewer"},
)
