"""Moved to :mod:`ui.labels`; only ui/app/controller.py (another branch's file) still imports from here."""

from ui.labels import QT_TRANSLATE_NOOP

__all__ = ["QT_TRANSLATE_NOOP"]
