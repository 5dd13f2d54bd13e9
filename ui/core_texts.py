"""Moved to :mod:`ui.errors` (the one error table).

Kept for code written against the old place; new code imports ``ui.errors``.
"""

from ui.errors import CONTEXT, CORE_TEXTS, PLATFORM_SAYS, QT_TRANSLATE_NOOP, in_ui_language

__all__ = ["CONTEXT", "CORE_TEXTS", "PLATFORM_SAYS", "QT_TRANSLATE_NOOP", "in_ui_language"]
