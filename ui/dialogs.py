"""Dialogs from coroutines without ``exec()``.

``exec()`` runs a nested event loop; inside a coroutine on qasync that nests task steps and asyncio
refuses ("Cannot enter into task ... while another task is being executed"). So a coroutine opens the
dialog window-modally with ``open()`` and awaits its ``finished`` signal instead::

    if await ask(box) == QMessageBox.StandardButton.Yes: ...
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from ui.qt import QtWidgets
from ui.widgets import Retranslated


async def ask(dialog: QtWidgets.QDialog) -> int:
    """Open ``dialog`` (window-modal) and wait for its result code, or clicked standard button.

    For a QMessageBox the result is the clicked ``StandardButton`` value (or the index of a custom
    button); see :func:`clicked` for custom buttons.
    """
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(finished)
    # QDialog's own open(): QPrintDialog and QFileDialog hide it behind open(receiver, member) in PySide6
    QtWidgets.QDialog.open(dialog)
    try:
        return await future
    finally:
        with contextlib.suppress(RuntimeError, TypeError):  # already deleted / disconnected
            dialog.finished.disconnect(finished)
        if dialog.isVisible():  # the waiting coroutine was cancelled
            dialog.reject()


Text = str | Callable[[], str]
"""A text of a message box: fixed, or a function that translates it (called again on a language switch)."""


def current_text(text: Text) -> str:
    """The text now, in the current UI language."""
    return text() if callable(text) else text


class MessageBox(Retranslated, QtWidgets.QMessageBox):
    """A message box whose texts follow a live language switch.

    Give the texts as functions (``lambda: self.tr("…")``) and add custom buttons with
    :meth:`add_button`; both are set again on ``QEvent.LanguageChange`` (Qt's standard buttons translate
    themselves). Plain strings stay as they are.
    """

    def __init__(
        self,
        parent: QtWidgets.QWidget | None,
        icon: QtWidgets.QMessageBox.Icon,
        title: Text,
        text: Text,
        informative: Text = "",
    ) -> None:
        super().__init__(parent)
        self.setIcon(icon)
        self._texts = {"title": title, "text": text, "informative": informative}
        self._button_texts: list[tuple[QtWidgets.QAbstractButton, Text]] = []
        self.retranslate()

    def add_button(self, text: Text, role: QtWidgets.QMessageBox.ButtonRole) -> QtWidgets.QPushButton:
        button = self.addButton(current_text(text), role)
        self._button_texts.append((button, text))
        return button

    def retranslate(self) -> None:
        title = current_text(self._texts["title"])
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setText(current_text(self._texts["text"]))
        self.setInformativeText(current_text(self._texts["informative"]))
        for button, text in self._button_texts:
            button.setText(current_text(text))


message_box = MessageBox  # the older name: message_box(parent, icon, title, text, informative="")


def visible_message_boxes() -> list[QtWidgets.QMessageBox]:
    """Message boxes on screen now (tests use this to answer them)."""
    return [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
    ]
