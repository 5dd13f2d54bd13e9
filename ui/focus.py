"""A keyboard focus ring that every control shows, in a colour of its own.

Fusion marks focus faintly (a flat button or a read-only text not at all) and draws a dialog's default
button with a dark outline that reads as focus. One :class:`FocusRing` (a transparent widget laid over
the focused one) is moved to whatever widget has the keyboard focus and draws a 2 px ring in the
scheme's ``FOCUS_RING`` colour: visible on every control, and never confused with the default button's
outline. Nothing is painted per item, so large tables pay nothing for it.
"""

from __future__ import annotations

from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.theme import FOCUS_RING, is_dark

RING_WIDTH = 2


def ring_colour() -> QtGui.QColor:
    return QtGui.QColor(FOCUS_RING["dark" if is_dark() else "light"])


def _host(widget: QtWidgets.QWidget) -> QtWidgets.QWidget | None:
    """Where the ring goes for ``widget``: its parent, unless that parent makes every child a part of
    itself (a splitter turns a new child into a pane; then the splitter's own parent)."""
    host = widget.parentWidget()
    while isinstance(host, QtWidgets.QSplitter):
        host = host.parentWidget()
    return host


class FocusRing(QtWidgets.QWidget):
    """A transparent widget over the focused one (a sibling raised above it, see ``_host``), painting
    only a ring along its edge. Over the edge rather than outside it: outside, a parent's border (a
    status bar, a button box) would cut it off. It follows the widget's moves, resizes and visibility."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QtWidgets.QWidget | None = None

    def setWidget(self, widget: QtWidgets.QWidget | None) -> None:  # as QFocusFrame's
        # The old target keeps our filter (never touched here: it may be half destroyed when the focus
        # leaves it); eventFilter ignores any widget but the current target.
        self.target = widget
        if widget is None:
            self.hide()
            return
        widget.installEventFilter(self)
        self._follow()

    def _follow(self) -> None:
        widget = self.target
        try:
            host = _host(widget) if widget is not None else None
        except RuntimeError:  # the widget was deleted before we came round
            self.target = widget = host = None
        if widget is None or host is None or not widget.isVisible() or not host.window().isVisible():
            self.hide()
            return
        if self.parentWidget() is not host:
            self.setParent(host)
        self._place()
        self.raise_()
        self.show()

    def _place(self) -> None:
        widget, host = self.target, self.parentWidget()
        if widget is None or host is None or not host.isAncestorOf(widget):
            self.hide()
            return
        self.setGeometry(QtCore.QRect(widget.mapTo(host, QtCore.QPoint(0, 0)), widget.size()))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        # Only geometry and visibility here: these events also come while a window is being deleted,
        # when re-parenting or raising (which reorders the parent's children) would break Qt's walk.
        if watched is self.target:
            kind = event.type()
            if kind == QtCore.QEvent.Type.Hide:
                self.hide()
            elif kind in (QtCore.QEvent.Type.Move, QtCore.QEvent.Type.Resize):
                self._place()
            elif kind == QtCore.QEvent.Type.Show:
                QtCore.QTimer.singleShot(0, self, self._follow)
        return False

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtGui.QPen(ring_colour(), RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QtCore.QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class FocusRingFollower(QtCore.QObject):
    """Moves the one ring to the widget that has the keyboard focus.

    Not from ``focusChanged`` directly: the focus also changes while a window is being deleted, and
    moving the ring (a child of a widget there) then would change a children list Qt is walking. A
    zero-time timer, started from the signal by a plain C++ connection (no widget handed to Python
    while half destroyed), moves it once the event loop is back."""

    def __init__(self, app: QtWidgets.QApplication) -> None:
        super().__init__(app)
        self.setObjectName("focusRingFollower")
        self.ring: FocusRing | None = None
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._follow)
        app.focusChanged.connect(self._timer.start)

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

    @QtCore.Slot()
    def _follow(self) -> None:
        new = QtWidgets.QApplication.focusWidget()
        # A container given the focus in code (a page, so a reader says its name) is no control: no ring.
        container = new is not None and new.focusPolicy() == Qt.FocusPolicy.NoFocus
        if (
            new is None
            or container
            or new.isWindow()
            or isinstance(new, (QtWidgets.QMenu, QtWidgets.QMenuBar))
        ):
            if self.ring is not None:
                self._ring().setWidget(None)
            return
        self._ring().setWidget(new)


def install_focus_ring(app: QtWidgets.QApplication) -> FocusRingFollower:
    existing = app.findChild(FocusRingFollower, "focusRingFollower")
    return existing if existing is not None else FocusRingFollower(app)
