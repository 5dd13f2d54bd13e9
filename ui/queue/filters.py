"""The queue's filter bar: one drop-down button per filter (multi-choice, OR-ed), and a reset.

A :class:`FilterButton` shows its title and what is chosen ("Kommun: Älvdala", "Status: 2 valda"); its
menu has a checkable entry per value and stays open while the user ticks several. Works by keyboard:
Tab to the button, Space/Enter/Alt+Down opens the menu, Space or Enter ticks an entry, Esc closes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from ui import labels
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal


class _StickyMenu(QtWidgets.QMenu):
    """A menu whose checkable entries toggle without closing it (tick several, then Esc or click away)."""

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        action = self.activeAction()
        toggles = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if toggles and action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().keyPressEvent(event)


class FilterButton(QtWidgets.QToolButton):
    """A drop-down of checkable values; ``changed`` is emitted with the chosen set after every tick."""

    changed = Signal(object)  # frozenset of values

    def __init__(self, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._actions: dict[Hashable, QtGui.QAction] = {}
        self.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoRaise(False)
        self._menu = _StickyMenu(self)
        self._menu.setToolTipsVisible(True)
        self.setMenu(self._menu)
        self._clear = QtGui.QAction(labels.tr("Visa alla"), self)
        self._clear.triggered.connect(self.clear)
        self._update_text()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        # The text ends in ▾; Fusion's own indicator would sit on top of the text. Leaving it out of the
        # style option (not a style sheet: a widget with one keeps its palette when the scheme changes,
        # and stayed light in dark mode) draws the button in the palette's colours.
        painter = QtWidgets.QStylePainter(self)
        option = QtWidgets.QStyleOptionToolButton()
        self.initStyleOption(option)
        option.features &= ~QtWidgets.QStyleOptionToolButton.ToolButtonFeature.HasMenu
        painter.drawComplexControl(QtWidgets.QStyle.ComplexControl.CC_ToolButton, option)

    @property
    def title(self) -> str:
        return self._title

    def set_title(self, title: str) -> None:
        self._title = title
        self._update_text()

    def set_options(self, options: Iterable[tuple[Hashable, str, QtGui.QIcon | None, str | None]]) -> None:
        """(value, label, icon, tooltip) per entry; keeps what was chosen where the value remains."""
        chosen = self.selected()
        self._menu.clear()
        self._actions.clear()
        for value, text, icon, tip in options:
            action = QtGui.QAction(text, self)
            action.setCheckable(True)
            action.setChecked(value in chosen)
            if icon is not None:
                action.setIcon(icon)
            if tip:
                action.setToolTip(tip)
            action.setData(value)
            action.toggled.connect(self._toggled)
            self._menu.addAction(action)
            self._actions[value] = action
        self._menu.addSeparator()
        self._menu.addAction(self._clear)
        self._update_text()

    def options(self) -> list[Hashable]:
        return list(self._actions)

    def action_for(self, value: Hashable) -> QtGui.QAction:
        return self._actions[value]

    def selected(self) -> frozenset[Any]:
        return frozenset(v for v, a in self._actions.items() if a.isChecked())

    def set_selected(self, values: Iterable[Hashable]) -> None:
        wanted = set(values)
        changed = False
        for value, action in self._actions.items():
            if action.isChecked() != (value in wanted):
                action.blockSignals(True)
                action.setChecked(value in wanted)
                action.blockSignals(False)
                changed = True
        if changed:
            self._update_text()
            self.changed.emit(self.selected())

    def clear(self) -> None:
        self.set_selected(())

    def _toggled(self, _checked: bool) -> None:
        self._update_text()
        self.changed.emit(self.selected())

    def _update_text(self) -> None:
        chosen = [a for a in self._actions.values() if a.isChecked()]
        if not chosen:
            text = self._title
        elif len(chosen) == 1:
            text = f"{self._title}: {chosen[0].text()}"
        else:
            text = labels.tr("{title}: {n} valda").format(title=self._title, n=len(chosen))
        self.setText(text + "  ▾")
        icon = chosen[0].icon() if len(chosen) == 1 else QtGui.QIcon()
        self.setIcon(icon)
        style = Qt.ToolButtonStyle
        self.setToolButtonStyle(style.ToolButtonTextOnly if icon.isNull() else style.ToolButtonTextBesideIcon)
        self.setToolTip(
            labels.tr("Filtrera på {title}").format(title=self._title.lower())
            + ("\n" + ", ".join(a.text() for a in chosen) if chosen else "")
        )
        self.setAccessibleName(text)
        font = self.font()
        font.setBold(bool(chosen))
        self.setFont(font)
        self._clear.setEnabled(bool(chosen))


class SearchField(QtWidgets.QLineEdit):
    """The search box: debounced ``searchChanged``; Enter searches at once; Down moves to the list."""

    searchChanged = Signal(str)
    leaveDown = Signal()  # Down / Esc on an empty field: go to the table

    DEBOUNCE_MS = 150

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._emitted = ""
        self.textChanged.connect(self._edited)
        self.returnPressed.connect(self.flush)

    def _edited(self, _text: str) -> None:
        self._timer.start()

    def flush(self) -> None:
        """Emit the current text now (the debounce is skipped); no-op if it was already emitted."""
        self._timer.stop()
        text = self.text().strip()
        if text != self._emitted:
            self._emitted = text
            self.searchChanged.emit(text)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
                self.flush()
            else:
                self.leaveDown.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.flush()
            self.leaveDown.emit()
            return
        super().keyPressEvent(event)
