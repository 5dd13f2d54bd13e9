"""Fonts and reportlab set-up shared by everything that writes PDFs in-process (the sandbox's demo
documents and the decision letters).

A leaf package: it imports nothing else of ``caseworker`` (import-linter enforces it), so both the client
core and the sandbox may use it.
"""

from caseworker.pdf.fonts import (
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    font_path,
    register_fonts,
)
from caseworker.pdf.setup import binary_streams, save_canvas

__all__ = [
    "SANS",
    "SANS_BOLD",
    "SANS_ITALIC",
    "SERIF",
    "SERIF_BOLD",
    "SERIF_ITALIC",
    "binary_streams",
    "font_path",
    "register_fonts",
    "save_canvas",
]
