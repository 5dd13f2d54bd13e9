"""Small widget helpers shared by the screens."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from ui.qt import Qt, QtCore, QtGui, QtWidgets


class ActionButton(QtWidgets.QPushButton):
    """A push button that Enter presses when it has the focus, as Space does.

    Outside a dialog Qt's buttons ignore Enter, and inside one Enter goes to the default button; a
    keyboard user who tabbed to "Försök igen" or "Behåll min" expects Enter to press that one."""

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)


def action_button(name: str) -> QtWidgets.QPushButton:
    """A push button for an action row: named for tests and styles, never the dialog's default, pressed
    by Enter when it has the focus."""
    button = ActionButton()
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


def push_button(name: str) -> QtWidgets.QPushButton:
    """A plain push button named for tests and styles, never a dialog's default (Space presses it; for
    one that Enter presses too, see :func:`action_button`)."""
    button = QtWidgets.QPushButton()
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


def text_label(
    name: str, *, wrap: bool = True, selectable: bool = False, parent: QtWidgets.QWidget | None = None
) -> QtWidgets.QLabel:
    """A label named for tests and styles; wrapped by default, and text the mouse can select if asked."""
    label = QtWidgets.QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def enlarge(widget: QtWidgets.QWidget, factor: float) -> None:
    """A bold font ``factor`` times the widget's own (a headline)."""
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(True)
    widget.setFont(font)


BoxLayout = TypeVar("BoxLayout", bound=QtWidgets.QBoxLayout)


def filled(
    layout: BoxLayout,
    *items: QtWidgets.QWidget | QtWidgets.QLayout | None,
    margin: int | None = None,
    grow: QtWidgets.QWidget | None = None,
) -> BoxLayout:
    """``layout`` with ``items`` added in order: a widget, a layout, or None for a stretch; with ``margin``,
    that margin on all four sides (0: flush with its parent); ``grow``, the widget that takes the room
    left over."""
    if margin is not None:
        layout.setContentsMargins(margin, margin, margin, margin)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QtWidgets.QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, 1 if item is grow else 0)
    return layout


def line_edit(name: str) -> QtWidgets.QLineEdit:
    """A one-line text field named for tests and styles."""
    edit = QtWidgets.QLineEdit()
    edit.setObjectName(name)
    return edit


def form_text_edit(name: str, text: str = "") -> QtWidgets.QPlainTextEdit:
    """A multi-line text field named for tests and styles, in which Tab moves on as in a form (a tab
    character is never what the user meant)."""
    edit = QtWidgets.QPlainTextEdit(text)
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    return edit


def side_by_side(
    orientation: Qt.Orientation, *panes: QtWidgets.QWidget, stretch: tuple[int, ...], name: str = ""
) -> QtWidgets.QSplitter:
    """A splitter of ``panes`` that never collapses one, each pane with its ``stretch`` factor."""
    splitter = QtWidgets.QSplitter(orientation)
    splitter.setObjectName(name)
    splitter.setChildrenCollapsible(False)
    for index, (pane, factor) in enumerate(zip(panes, stretch, strict=True)):
        splitter.addWidget(pane)
        splitter.setStretchFactor(index, factor)
    return splitter


def label_button(button: QtWidgets.QPushButton, text: str) -> None:
    """Set a (translated) button text and the accessible name a screen reader says for it."""
    button.setText(text)
    button.setAccessibleName(text.replace("&", "").replace(" …", ""))


class Retranslated:
    """Mixin (first among the bases) for widgets whose texts are set in code: they set them all in
    ``retranslate()`` -- called from ``__init__`` and again here on a live language switch."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


Row = TypeVar("Row")
ModelIndex = QtCore.QModelIndex | QtCore.QPersistentModelIndex
_ROOT = QtCore.QModelIndex()


class RowsModel(QtCore.QAbstractTableModel, Generic[Row]):
    """A flat table of ``rows``, a row per item: the Qt plumbing the screens' list models share. A
    subclass gives ``column_count``, ``header(section)`` and ``row_data(row, column, role)``."""

    column_count = 0

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self.column_count

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.header(section)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.row_data(self.rows[index.row()], index.column(), role)

    def header(self, section: int) -> str:
        raise NotImplementedError

    def row_data(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError


def fitted_to_screen(widget: QtWidgets.QWidget, wanted: QtCore.QSize) -> QtCore.QSize:
    """``wanted``, shrunk to the screen's free area (a 1280×800 laptop with a task bar): a window's
    buttons and edges must be on screen when it opens."""
    screen = widget.screen() or QtWidgets.QApplication.primaryScreen()
    if screen is None:
        return wanted
    free = screen.availableGeometry().size() - QtCore.QSize(0, 40)  # room for the title bar
    return wanted.boundedTo(free)


class FlowLayout(QtWidgets.QLayout):
    """Widgets side by side that wrap onto the next line when the width runs out.

    A row of actions in a QHBoxLayout makes the window as wide as all its buttons: on a 1280 px screen
    the case view's row (with "Ta ärendet" or "Lämna tillbaka", longer in English) pushed "Stäng" off
    the right edge. Hidden widgets take no room."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QtWidgets.QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QtWidgets.QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QtWidgets.QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QtWidgets.QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QtWidgets.QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QtWidgets.QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QtCore.QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QtCore.QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QtCore.QSize:
        """All on one line."""
        shown = [i.sizeHint() for i in self._items if not i.isEmpty()]
        width = sum(s.width() for s in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((s.height() for s in shown), default=0)
        m = self.contentsMargins()
        return QtCore.QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QtCore.QSize:
        """The widest single widget: everything else can wrap."""
        size = QtCore.QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QtCore.QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QtCore.QRect, *, place: bool) -> int:
        """Lay the shown widgets out line by line in ``rect`` (moving them if ``place``); the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y = area.x(), y + line_height + self.spacing()
                line_height = 0
            if place:
                item.setGeometry(QtCore.QRect(QtCore.QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()
