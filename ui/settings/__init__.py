"""The settings dialog: platform, language, local data, sign out (and wipe)."""

from ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
