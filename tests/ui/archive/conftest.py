"""The archive's tests use the viewer's fixtures: one render engine a module, windows that may all close."""

from tests.ui.drawings.conftest import app_stays, engine

__all__ = ["app_stays", "engine"]
