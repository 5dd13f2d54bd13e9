"""Drawings: render PDF and scanned sheets in worker processes, tile by tile (no Qt here).

See :mod:`caseworker.drawings.engine` for the design. Entry points: :class:`RenderEngine` (synchronous
futures), :class:`AsyncRenderEngine` (asyncio), :class:`PreviewCache`, and the render command
``python -m caseworker.drawings render FILE --page N --width PX --out OUT.png``.
"""

from caseworker.lazy import exports_on_first_use

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

__getattr__ = exports_on_first_use(__name__, _EXPORTS)


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
