"""Small widget helpers shared by the screens."""

from __future__ import annotations

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
