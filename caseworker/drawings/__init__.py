"""Drawings: render PDF and scanned sheets in worker processes, tile by tile (no Qt here).

See :mod:`caseworker.drawings.engine` for the design. Entry points: :class:`RenderEngine` (synchronous
futures), :class:`AsyncRenderEngine` (asyncio), :class:`PreviewCache`, and the render command
``python -m caseworker.drawings render FILE --page N --width PX --out OUT.png``.
"""

import importlib
from typing import Any

# Imported on first use: a worker process imports caseworker.drawings.worker, and must not pay for the
# engine (and the store's crypto) it never uses.
_EXPORTS = {
    "AsyncRenderEngine": "engine",
    "Document": "engine",
    "EngineStats": "engine",
    "RenderEngine": "engine",
    "DrawingError": "errors",
    "Reason": "errors",
    "TILE": "geometry",
    "PixelRect": "geometry",
    "fit_scale": "geometry",
    "page_pixels": "geometry",
    "tiles_covering": "geometry",
    "zoom_level": "geometry",
    "PixelImage": "images",
    "Placement": "images",
    "TileCache": "images",
    "PreviewCache": "previews",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"caseworker.drawings.{module}"), name)


__all__ = [
    "TILE",
    "AsyncRenderEngine",
    "Document",
    "DrawingError",
    "EngineStats",
    "PixelImage",
    "PixelRect",
    "Placement",
    "PreviewCache",
    "Reason",
    "RenderEngine",
    "TileCache",
    "fit_scale",
    "page_pixels",
    "tiles_covering",
    "zoom_level",
]
