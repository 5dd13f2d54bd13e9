"""Text edited in place: a text item over a text box's, callout's or stamp's box, in the markup's font and
colour, on white so the markup's own text does not show through. The editor decides what ends it (Enter,
Ctrl+Enter, Esc, a click elsewhere); leaving it for another widget ends it too (``left``).

What is typed keeps to the contract: at most ``MAX_TEXT`` characters (counted as UTF-16 code units, which
is never fewer than the platform's count), no control characters but line breaks and tabs.
"""

from __future__ import annotations

import re

from caseworker.markups.xfdf import MAX_TEXT
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

FRAME = QtGui.QColor("#0078d4")
_NOT_ALLOWED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffc]")  # the contract's MarkupText


def clean_text(text: str) -> str:
    """What the platform takes: line and paragraph separators as line breaks, other control characters
    out, at most MAX_TEXT characters."""
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _NOT_ALLOWED.sub("", text)[:MAX_TEXT]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class InPlaceText(QtWidgets.QGraphicsTextItem):
    """An editable text over ``box`` (scene coordinates)."""

    left = Signal()  # the focus went to another widget (a click outside the canvas)

    def __init__(self, text: str, box: QtCore.QRectF, colour: str, points: float) -> None:
        super().__init__()
        self.setObjectName("markupTextEditor")
        font = self.font()
        font.setPointSizeF(points * 72 / 96)  # scene units are points, as the layer's text
        self.setFont(font)
        self.setDefaultTextColor(QtGui.QColor(colour))
        self.document().setDocumentMargin(2)
        self.setPlainText(text)
        self.setPos(box.topLeft())
        self.setTextWidth(max(10.0, box.width()))
        self._box = QtCore.QRectF(0, 0, box.width(), box.height())
        self.setZValue(20)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.document().contentsChanged.connect(self._keep_limit)
        cursor = self.textCursor()
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def text(self) -> str:
        return clean_text(self.toPlainText())

    def _keep_limit(self) -> None:
        """Over the limit: what was just typed or pasted is cut back (the text before it stays)."""
        excess = utf16_length(self.toPlainText()) - MAX_TEXT
        if excess <= 0:
            return
        cursor = self.textCursor()
        end = cursor.position()
        cursor.setPosition(max(0, end - excess))
        cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if utf16_length(self.toPlainText()) > MAX_TEXT:  # the cursor was not at the end of the excess
            cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
            cursor.setPosition(MAX_TEXT, QtGui.QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()

    def boundingRect(self) -> QtCore.QRectF:
        return super().boundingRect().united(self._box).adjusted(-1, -1, 1, 1)

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionGraphicsItem,
        widget: QtWidgets.QWidget | None = None,
    ) -> None:
        area = super().boundingRect().united(self._box)
        painter.fillRect(area, Qt.GlobalColor.white)
        painter.setPen(QtGui.QPen(FRAME, 0, Qt.PenStyle.DashLine))  # one pixel at any zoom
        painter.drawRect(area)
        option.state &= ~QtWidgets.QStyle.StateFlag.State_HasFocus  # our frame, not Qt's focus rectangle
        option.state &= ~QtWidgets.QStyle.StateFlag.State_Selected
        super().paint(painter, option, widget)  # type: ignore[arg-type]  # Qt takes no widget

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.left.emit()
