"""Look and feel: Fusion with a light or dark palette that follows the OS, and crisp SVG icons.

``apply_theme(app)`` sets the Fusion style and the palette of the OS colour scheme
(``QStyleHints.colorScheme``), and follows it when the user switches Windows between light and dark.
``icon("outbox")`` is an SVG from ``resources/icons`` drawn in the palette's text colour at whatever size
and device pixel ratio it is painted (no blurry bitmaps at 150 % or 200 % scaling). Icons use
``currentColor`` for their strokes; the engine substitutes the colour of the current palette and mode.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from PySide6.QtSvg import QSvgRenderer  # part of PySide6-Essentials

from ui.qt import Qt, QtCore, QtGui, QtWidgets

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
Scheme = Qt.ColorScheme

# Municipal blue as the accent; the rest follows Fusion's proportions.
ACCENT_LIGHT = "#1f5f8b"
ACCENT_DARK = "#5aa9e6"
WARNING_BG = {"light": "#fff4ce", "dark": "#4a3b12"}
WARNING_FG = {"light": "#4d3800", "dark": "#ffe8a3"}
DANGER = {"light": "#b3261e", "dark": "#ff8a80"}

# Tinted boxes and badges, (background, text) per scheme: every pair at least 4.5:1 (WCAG AA), and a
# dark scheme's boxes dark too (a light box in a dark window glares and hides the text around it).
TONES: dict[str, dict[str, tuple[str, str]]] = {
    "ok": {"light": ("#e3f1e6", "#1b5e20"), "dark": ("#1d3323", "#a5d6a7")},
    "soon": {"light": ("#fff1d6", "#7a4a00"), "dark": ("#3b2d0c", "#ffd27a")},
    "problem": {"light": ("#fde4e4", "#8e1616"), "dark": ("#43191a", "#ffb4ab")},
    "idle": {"light": ("#ececec", "#3b3b3b"), "dark": ("#2d2f33", "#d5d8dc")},
    "info": {"light": ("#e8eef5", "#1f3a5f"), "dark": ("#1d3045", "#bcd7f5")},
    "notice": {"light": ("#fff8e1", "#5d4200"), "dark": ("#3b2f0e", "#ffe8a3")},
}
TONES["pending"] = TONES["soon"]
TONES["overdue"] = TONES["problem"]
# Text alone on the window or the list background: a problem (red) and a secondary (grey) colour.
PROBLEM_TEXT = {"light": "#8e1616", "dark": "#ff8a80"}
MUTED_TEXT = {"light": "#5f5f5f", "dark": "#a8adb3"}
# The text of a disabled button drawn by a style sheet: dimmer than enabled text, still legible (≥ 4.5:1).
DISABLED_TEXT = {"light": "#6e6e6e", "dark": "#a3a8ae"}
# The keyboard focus outline: a 2 px ring in a colour of its own, unlike the default button's border.
FOCUS_RING = {"light": "#0b5cad", "dark": "#8ab4f8"}


# Each palette role's colour (normal, or normal and disabled) in the light and in the dark scheme.
Colour = str | tuple[str, str]
PALETTE: dict[str, tuple[Colour, Colour]] = {
    # role: (light, dark)
    "Window": ("#f3f3f3", "#202124"),
    "WindowText": (("#1b1b1b", "#8a8a8a"), ("#e8eaed", "#80868b")),
    "Base": ("#ffffff", "#17181a"),
    "AlternateBase": ("#f6f8fa", "#25272a"),
    "ToolTipBase": ("#ffffe1", "#303134"),
    "ToolTipText": ("#1b1b1b", "#e8eaed"),
    "PlaceholderText": ("#6b6b6b", "#9aa0a6"),
    "Text": (("#1b1b1b", "#8a8a8a"), ("#e8eaed", "#80868b")),
    "Button": ("#fbfbfb", "#2d2f33"),
    "ButtonText": (("#1b1b1b", "#8a8a8a"), ("#e8eaed", "#80868b")),
    "BrightText": ("#b3261e", "#ff6e6e"),
    "Light": ("#ffffff", "#3c4043"),
    "Midlight": ("#ececec", "#34373b"),
    "Mid": ("#c8c8c8", "#2a2c2f"),
    "Dark": ("#a0a0a0", "#111213"),
    "Shadow": ("#6b6b6b", "#000000"),
    "Highlight": ((ACCENT_LIGHT, "#d0d0d0"), (ACCENT_DARK, "#3c4043")),
    "HighlightedText": (("#ffffff", "#6b6b6b"), ("#0b1a26", "#9aa0a6")),
    "Link": ("#0b5cad", "#8ab4f8"),
    "LinkVisited": ("#6b3fa0", "#c58af9"),
    "Accent": (ACCENT_LIGHT, ACCENT_DARK),  # Qt 6.6+
}


def _palette(dark: bool) -> QtGui.QPalette:
    p = QtGui.QPalette()
    for name, colours in PALETTE.items():
        role = getattr(QtGui.QPalette.ColorRole, name, None)
        if role is None:  # a role this Qt does not have (Accent before 6.6)
            continue
        colour = colours[1] if dark else colours[0]
        normal, disabled = colour if isinstance(colour, tuple) else (colour, None)
        p.setColor(role, QtGui.QColor(normal))
        if disabled is not None:
            p.setColor(QtGui.QPalette.ColorGroup.Disabled, role, QtGui.QColor(disabled))
    return p


def is_dark(palette: QtGui.QPalette | None = None) -> bool:
    palette = palette or QtGui.QGuiApplication.palette()
    return palette.color(QtGui.QPalette.ColorRole.Window).lightness() < 128


def scheme_name() -> str:
    return "dark" if is_dark() else "light"


class ThemeFollower(QtCore.QObject):
    """Keeps the palette in step with the OS colour scheme (or a forced one)."""

    changed = QtCore.Signal()

    def __init__(self, app: QtWidgets.QApplication, forced: Scheme | None = None) -> None:
        super().__init__(app)
        self._app = app
        self.forced = forced
        app.styleHints().colorSchemeChanged.connect(self.apply)
        self.apply()

    def scheme(self) -> Scheme:
        if self.forced is not None and self.forced != Scheme.Unknown:
            return self.forced
        return self._app.styleHints().colorScheme()

    @QtCore.Slot()
    def apply(self) -> None:
        dark = self.scheme() == Scheme.Dark
        self._app.setPalette(_palette(dark))
        _themed_svg.cache_clear()
        self.changed.emit()


def theme_changed() -> QtCore.SignalInstance | None:
    """The signal emitted after the palette followed a colour-scheme change (None without a theme)."""
    app = QtWidgets.QApplication.instance()
    follower = app.findChild(ThemeFollower) if app is not None else None
    return follower.changed if follower is not None else None


def apply_theme(app: QtWidgets.QApplication, forced: Scheme | None = None) -> ThemeFollower:
    """Fusion style, the OS colour scheme's palette, and a follower for scheme changes."""
    app.setStyle("Fusion")
    from ui.focus import install_focus_ring  # here: the ring is part of the look, and needs the palette

    install_focus_ring(app)
    existing = app.findChild(ThemeFollower)
    if existing is not None:
        existing.forced = forced
        existing.apply()
        return existing
    return ThemeFollower(app, forced)


# --- icons ----------------------------------------------------------------------------------------------


@cache
def _svg_source(name: str) -> bytes:
    return (ICONS_DIR / f"{name}.svg").read_bytes()


@cache
def _themed_svg(name: str, color: str) -> bytes:
    return _svg_source(name).replace(b"currentColor", color.encode("ascii"))


def _mode_color(mode: QtGui.QIcon.Mode) -> str:
    palette = QtGui.QGuiApplication.palette()
    role = QtGui.QPalette.ColorRole
    if mode == QtGui.QIcon.Mode.Disabled:
        return palette.color(QtGui.QPalette.ColorGroup.Disabled, role.WindowText).name()
    if mode == QtGui.QIcon.Mode.Selected:
        return palette.color(role.HighlightedText).name()
    return palette.color(role.WindowText).name()


class SvgIconEngine(QtGui.QIconEngine):
    """Renders an SVG at the requested size and scale, in the palette's colour for the icon's mode."""

    def __init__(self, name: str, color: str | None = None) -> None:
        super().__init__()
        self.name = name
        self.color = color  # fixed colour; None: follow the palette

    def clone(self) -> QtGui.QIconEngine:
        return SvgIconEngine(self.name, self.color)

    def paint(
        self, painter: QtGui.QPainter, rect: QtCore.QRect, mode: QtGui.QIcon.Mode, state: QtGui.QIcon.State
    ) -> None:
        data = _themed_svg(self.name, self.color or _mode_color(mode))
        renderer = QSvgRenderer(QtCore.QByteArray(data))
        renderer.render(painter, QtCore.QRectF(rect))

    def pixmap(self, size: QtCore.QSize, mode: QtGui.QIcon.Mode, state: QtGui.QIcon.State) -> QtGui.QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QtCore.QSize, mode: QtGui.QIcon.Mode, state: QtGui.QIcon.State, scale: float
    ) -> QtGui.QPixmap:
        device = QtCore.QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        pixmap = QtGui.QPixmap(device)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self.paint(painter, QtCore.QRect(QtCore.QPoint(0, 0), device), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def iconName(self) -> str:
        return self.name


def icon(name: str, color: str | None = None) -> QtGui.QIcon:
    """An icon from resources/icons/<name>.svg, in the palette's text colour unless ``color`` is given."""
    if not (ICONS_DIR / f"{name}.svg").exists():
        raise FileNotFoundError(f"no icon {name!r} in {ICONS_DIR}")
    return QtGui.QIcon(SvgIconEngine(name, color))


def app_icon() -> QtGui.QIcon:
    """The application icon (full colour; Qt's SVG icon engine scales it)."""
    return QtGui.QIcon(str(ICONS_DIR / "app.svg"))


def banner_colors() -> tuple[str, str]:
    """(background, text) of an information banner (offline) for the current scheme."""
    name = scheme_name()
    return WARNING_BG[name], WARNING_FG[name]


def danger_color() -> str:
    return DANGER[scheme_name()]


def tone(name: str) -> tuple[str, str]:
    """(background, text) of a tinted box or badge ("ok", "soon", "pending", "problem", "overdue",
    "idle", "info", "notice") in the current scheme."""
    return TONES[name][scheme_name()]


def problem_text() -> str:
    """Red text on the window or list background, readable in the current scheme."""
    return PROBLEM_TEXT[scheme_name()]


def muted_text() -> str:
    """Secondary text (timestamps) on the window or list background, readable in the current scheme."""
    return MUTED_TEXT[scheme_name()]


def disabled_text() -> str:
    return DISABLED_TEXT[scheme_name()]


def on_theme_change(slot: Callable[[], None]) -> None:
    """Call ``slot`` (a bound method of a QObject, disconnected when it goes) after the palette followed
    a scheme change (widgets with a style sheet do not hear palette changes themselves). Nothing happens
    without a theme (a bare test widget)."""
    changed = theme_changed()
    if changed is not None:
        changed.connect(slot)
