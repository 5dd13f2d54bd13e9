"""The app's look and language for a test: Fusion with the scheme's palette and the focus ring, or a
language's translators; both removed again afterwards (other tests expect the bare defaults)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ui import i18n
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.theme import ThemeFollower, apply_theme


@contextlib.contextmanager
def themed(app: QtWidgets.QApplication, scheme: str) -> Iterator[None]:
    """The app's look (Fusion, the scheme's palette, the focus ring) for the test; the bare one after."""
    style, palette = app.style().name(), QtGui.QPalette(app.palette())
    apply_theme(app, Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light)
    try:
        yield
    finally:
        followers = [*app.findChildren(ThemeFollower), *app.findChildren(QtCore.QObject, "focusRingFollower")]
        for follower in followers:
            follower.setParent(None)
            follower.deleteLater()
        app.setStyle(style)
        app.setPalette(palette)


@contextlib.contextmanager
def language(app: QtWidgets.QApplication, lang: str) -> Iterator[i18n.Translations]:
    translations = i18n.Translations(app)
    translations.apply(lang)
    try:
        yield translations
    finally:
        translations.uninstall()
