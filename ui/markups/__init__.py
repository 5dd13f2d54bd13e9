"""Markups on drawings (issue 13): the layer above the drawing, the tools, the markups list.

Importing the package is cheap (the app's start imports it for :func:`offer_markups`); the markup code is
imported when a case's drawing first opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseworker.domain.models import Document
    from ui.drawings.compare_window import CompareWindow
    from ui.drawings.host import DrawingsHost
    from ui.drawings.viewer import DrawingWindow
    from ui.markups.clouds import ChangeClouds
    from ui.markups.window import WindowMarkups
    from ui.services import Services


def offer_markups(window: DrawingWindow, services: Services, document: Document) -> WindowMarkups:
    """``window`` shows ``document`` of a case: give it the document's markups (the Markeringar toggle).
    The drawings host calls this for every case drawing it opens (``DrawingsHost(markups=...)``)."""
    from ui.markups.window import WindowMarkups

    return WindowMarkups(window, services, document)


def offer_clouds(
    window: CompareWindow, drawings: DrawingsHost, services: Services, old: Document, new: Document
) -> ChangeClouds:
    """``window`` compares ``old`` with ``new``, a case's document: "Molnmarkera ändringar" makes cloud
    markups on ``new`` around the changes (``DrawingsHost(clouds=...)``)."""
    from ui.markups.clouds import ChangeClouds

    return ChangeClouds(window, drawings, services, old, new)
