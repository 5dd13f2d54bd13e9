"""The drawing viewer (issue 12): tiles from :mod:`caseworker.drawings` painted in a QGraphicsView.

Its modules load on first use (the render engine, its worker processes' machinery and the canvas are not
needed to start the app): ``from ui.drawings import DrawingsHost`` imports only the host, which imports
the viewer when a drawing is first opened.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.drawings.canvas import DrawingCanvas
    from ui.drawings.host import DrawingsHost
    from ui.drawings.viewer import DrawingViewer, DrawingWindow

__all__ = ["DrawingCanvas", "DrawingViewer", "DrawingWindow", "DrawingsHost"]

_WHERE = {
    "DrawingCanvas": "ui.drawings.canvas",
    "DrawingsHost": "ui.drawings.host",
    "DrawingViewer": "ui.drawings.viewer",
    "DrawingWindow": "ui.drawings.viewer",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
