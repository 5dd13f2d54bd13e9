"""Moved to :mod:`ui.dialogs` (the bottom layer, so screens need not import ``ui.app``).

Kept for code written against the old place; new code imports ``ui.dialogs``.
"""

from ui.dialogs import MessageBox, Text, ask, current_text, message_box, visible_message_boxes

__all__ = ["MessageBox", "Text", "ask", "current_text", "message_box", "visible_message_boxes"]
