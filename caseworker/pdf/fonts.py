"""The TrueType fonts every PDF of the project embeds: DejaVu Sans and DejaVu Serif.

The files ship inside this package (``fonts/``, Bitstream Vera licence, see ``fonts/LICENSE.txt``), so a
PDF looks the same on Windows, where DejaVu is not installed, as on Linux. They cover å ä ö, §, dashes and
typographic quotes, and reportlab embeds the subset a document uses; the standard 14 PDF fonts (never
embedded, so not allowed in PDF/A) are never used.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "CwDejaVuSans"
SANS_BOLD = "CwDejaVuSans-Bold"
SANS_ITALIC = "CwDejaVuSans-Oblique"
SERIF = "CwDejaVuSerif"
SERIF_BOLD = "CwDejaVuSerif-Bold"
SERIF_ITALIC = "CwDejaVuSerif-Italic"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
}
_FAMILIES = {SANS: (SANS, SANS_BOLD, SANS_ITALIC), SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC)}


def font_path(name: str) -> Path:
    """The file of one of the fonts above (also for Pillow, which draws the sandbox's scans)."""
    try:
        file = _FILES[name]
    except KeyError:
        raise ValueError(f"unknown font {name!r}; expected one of {sorted(_FILES)}") from None
    return Path(str(resources.files(__package__).joinpath("fonts", file)))


@functools.cache
def register_fonts(family: str = SANS) -> None:
    """Register a family (``SANS`` or ``SERIF``: regular, bold, italic) with reportlab, once per process.

    Parsing a font costs tens of milliseconds, so a process pays it once per family it uses."""
    try:
        names = _FAMILIES[family]
    except KeyError:
        raise ValueError(f"unknown font family {family!r}; expected {SANS!r} or {SERIF!r}") from None
    for name in names:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    regular, bold, italic = names
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
