"""The sign-in window: system-browser sign-in, demo accounts, remembered users."""

from ui.signin.window import SignInWindow

__all__ = ["SignInWindow"]
