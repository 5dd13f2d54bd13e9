"""A keyboard focus ring that every control shows, in a colour of its own.

Fusion marks focus faintly (a flat button or a read-only text not at all) and draws a dialog's default
button with a dark outline that reads as focus. One :class:`FocusRing` (a ``QFocusFrame``, so it follows
the focused widget's geometry and sits above it, outside its own painting) is moved to whatever widget
has the keyboard focus and draws a 2 px ring in ``FOCUS_RING`` of the scheme: visible on every control,
and never confused with the default button's outline. Nothing is painted per item, so large tables pay
nothing for it.
"""

from __future__ import annotations

from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.theme import FOCUS_RING, is_dark

RING_WIDTH = 2


def ring_colour() -> QtGui.QColor:
    return QtGui.QColor(FOCUS_RING["dark" if is_dark() else "light"])


class FocusRing(QtWidgets.QFocusFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        pen = QtGui.QPen(ring_colour(), RING_WIDTH)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QtCore.QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class FocusRingFollower(QtCore.QObject):
    """Moves the one ring to the widget that gets the keyboard focus."""

    def __init__(self, app: QtWidgets.QApplication) -> None:
        super().__init__(app)
        self.setObjectName("focusRingFollower")
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self._follow)

    def _ring(self) -> FocusRing:
        ring = self.ring
        try:
            if ring is not None:
                ring.objectName()  # raises once Qt deleted it (with the window it was in)
                return ring
        except RuntimeError:
            pass
        self.ring = FocusRing()
        self.ring.destroyed.connect(self._forget)
        return self.ring

    def _forget(self, *_args: object) -> None:
        self.ring = None

    @QtCore.Slot(QtWidgets.QWidget, QtWidgets.QWidget)
    def _follow(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        if new is None or new.isWindow() or isinstance(new, (QtWidgets.QMenu, QtWidgets.QMenuBar)):
            if self.ring is not None:
                self._ring().setWidget(None)
            return
        self._ring().setWidget(new)


def install_focus_ring(app: QtWidgets.QApplication) -> FocusRingFollower:
    existing = app.findChild(FocusRingFollower, "focusRingFollower")
    return existing if existing is not None else FocusRingFollower(app)
