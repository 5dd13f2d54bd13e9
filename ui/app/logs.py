"""Moved to :mod:`ui.logs` (the bottom layer: the Help menu's diagnostics read the log too).

Kept for code written against the old place; new code imports ``ui.logs``.
"""

from ui.logs import LOG_FILE, close_logging, setup_logging

__all__ = ["LOG_FILE", "close_logging", "setup_logging"]
