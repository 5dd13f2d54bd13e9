"""Dialogs from coroutines without ``exec()``.

``exec()`` runs a nested event loop; inside a coroutine on qasync that nests task steps and asyncio
refuses ("Cannot enter into task ... while another task is being executed"). So a coroutine opens the
dialog window-modally with ``open()`` and awaits its ``finished`` signal instead::

    if await ask(box) == QMessageBox.StandardButton.Yes: ...
"""

from __future__ import annotations

import asyncio
import contextlib

from ui.qt import QtWidgets


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
    dialog.open()
    try:
        return await future
    finally:
        with contextlib.suppress(RuntimeError, TypeError):  # already deleted / disconnected
            dialog.finished.disconnect(finished)
        if dialog.isVisible():  # the waiting coroutine was cancelled
            dialog.reject()


def message_box(
    parent: QtWidgets.QWidget | None,
    icon: QtWidgets.QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
) -> QtWidgets.QMessageBox:
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.setAccessibleName(title)
    return box


def visible_message_boxes() -> list[QtWidgets.QMessageBox]:
    """Message boxes on screen now (tests use this to answer them)."""
    return [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
    ]
