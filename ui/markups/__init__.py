"""Markups on drawings (issue 13): the layer above the drawing, the tools, the markups list.

Importing the package is cheap (the app's start imports it for :func:`offer_markups`); the markup code is
imported when a case's drawing first opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseworker.domain.models import Document
    from ui.drawings.viewer import DrawingWindow
    from ui.markups.window import WindowMarkups
    from ui.services import Services


def offer_markups(window: DrawingWindow, services: Services, document: Document) -> WindowMarkups:
    """``window`` shows ``document`` of a case: give it the document's markups (the Markeringar toggle).
    The drawings host calls this for every case drawing it opens (``DrawingsHost(markups=...)``)."""
    from ui.markups.window import WindowMarkups

    return WindowMarkups(window, services, document)
