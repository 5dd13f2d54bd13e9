"""The main window: navigation, the work area hosting queue / case / outbox, menus and the status bar."""

from ui.shell.main_window import MainWindow

__all__ = ["MainWindow"]
