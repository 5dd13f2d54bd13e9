"""Moved to :mod:`ui.settings_store` (the bottom layer, so screens need not import ``ui.app``).

Kept for code written against the old place; new code imports ``ui.settings_store``.
"""

from ui.settings_store import (
    DEFAULT_DOCUMENT_LIMIT_GB,
    DEFAULT_DOCUMENT_RETENTION_DAYS,
    DEFAULT_RETENTION_DAYS,
    DOCUMENT_LIMIT_CHOICES_GB,
    DOCUMENT_RETENTION_CHOICES,
    GB,
    RETENTION_CHOICES,
    SETTINGS_FILE,
    USERS_FILE,
    AppSettings,
    RememberedUser,
    RememberedUsers,
)

__all__ = [
    "DEFAULT_DOCUMENT_LIMIT_GB",
    "DEFAULT_DOCUMENT_RETENTION_DAYS",
    "DEFAULT_RETENTION_DAYS",
    "DOCUMENT_LIMIT_CHOICES_GB",
    "DOCUMENT_RETENTION_CHOICES",
    "GB",
    "RETENTION_CHOICES",
    "SETTINGS_FILE",
    "USERS_FILE",
    "AppSettings",
    "RememberedUser",
    "RememberedUsers",
]
