"""The drawing viewer (issue 12): tiles from :mod:`caseworker.drawings` painted in a QGraphicsView."""

from ui.drawings.canvas import DrawingCanvas
from ui.drawings.host import DrawingsHost
from ui.drawings.viewer import DrawingViewer, DrawingWindow

__all__ = ["DrawingCanvas", "DrawingViewer", "DrawingWindow", "DrawingsHost"]
