"""Pixel geometry of rendered pages: page size at a scale, the tile grid, fitting, zoom levels.

Coordinates: a page is measured in PDF points (1/72 inch; a scan's pixels are converted with its dpi), a
*scale* is device pixels per point, and pixel rectangles are in the rendered (rotated) page at that scale,
origin top left. Every render of a page at one scale and rotation uses the same full-page pixel size
(``page_pixels``), so tiles and areas line up to the pixel (no drift at tile edges).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from caseworker.drawings import errors

TILE = 512
# Pixels per point a render may use. The top is 4608 dpi: a smaller page (a 1 x 1 pixel picture, a PDF
# page of 0.01 pt) is fitted at this scale and shown smaller than the box, not blown up further. The
# bottom lets any page fit in one pixel (a 5 m strip scanned at 72 dpi is 14 000 pt).
MIN_SCALE = 2.0**-20
MAX_SCALE = 64.0


@dataclass(frozen=True)
class PixelRect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def intersect(self, other: PixelRect) -> PixelRect | None:
        x0, y0 = max(self.x, other.x), max(self.y, other.y)
        x1, y1 = min(self.right, other.right), min(self.bottom, other.bottom)
        return PixelRect(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def quarter_turns(degrees: int) -> int:
    """Clockwise quarter turns (0..3) from a rotation in degrees (0, 90, 180 or 270)."""
    if degrees not in (0, 90, 180, 270):
        raise ValueError(f"rotation must be 0, 90, 180 or 270 degrees, got {degrees}")
    return degrees // 90


def check_scale(scale: float) -> float:
    if not (MIN_SCALE <= scale <= MAX_SCALE) or math.isnan(scale):
        raise ValueError(f"scale must be between {MIN_SCALE} and {MAX_SCALE}, got {scale}")
    return scale


def rotated(size_pt: tuple[float, float], rotation: int) -> tuple[float, float]:
    w, h = size_pt
    return (h, w) if rotation % 2 else (w, h)


def page_pixels(size_pt: tuple[float, float], scale: float, rotation: int = 0) -> tuple[int, int]:
    """The whole page's pixel size at ``scale`` (rounded up, like pypdfium2, at least 1x1)."""
    w, h = rotated(size_pt, rotation)
    return max(1, math.ceil(w * scale - 1e-9)), max(1, math.ceil(h * scale - 1e-9))


def fit_scale(size_pt: tuple[float, float], width: int, height: int, rotation: int = 0) -> float:
    """The largest scale at which the (rotated) page fits in width x height pixels, kept between
    MIN_SCALE and MAX_SCALE (a page too small for the box is rendered at MAX_SCALE, smaller than the box).
    Raises DrawingError for a page without an area (a PDF's MediaBox of zero width)."""
    w, h = rotated(size_pt, rotation)
    if not (w > 0 and h > 0 and math.isfinite(w) and math.isfinite(h)):
        raise errors.damaged(f"the page has no area ({w:g} x {h:g} pt)")
    if width < 1 or height < 1:
        raise ValueError(f"a box of {width} x {height} pixels holds no page")
    return min(MAX_SCALE, max(MIN_SCALE, min(width / w, height / h)))


def zoom_level(scale: float) -> float:
    """Snap a scale up to the ladder 2^(k/4), so nearby zooms share cached tiles (display scales down)."""
    return float(2.0 ** (math.ceil(math.log2(scale) * 4 - 1e-9) / 4))


def tiles_covering(
    page_px: tuple[int, int], view: PixelRect, tile: int = TILE, origin: tuple[int, int] = (0, 0)
) -> list[PixelRect]:
    """The grid tiles (``tile`` pixels, clipped at the page edge) that intersect ``view``, row by row;
    the grid has a corner at ``origin``."""
    width, height = page_px
    clipped = view.intersect(PixelRect(0, 0, width, height))
    if clipped is None:
        return []
    ox, oy = origin[0] % tile, origin[1] % tile
    out = []
    for row in range((clipped.y - oy) // tile, (clipped.bottom - 1 - oy) // tile + 1):
        for col in range((clipped.x - ox) // tile, (clipped.right - 1 - ox) // tile + 1):
            x, y = ox + col * tile, oy + row * tile
            x0, y0 = max(0, x), max(0, y)
            out.append(PixelRect(x0, y0, min(x + tile, width) - x0, min(y + tile, height) - y0))
    return out


# The eight TIFF/EXIF orientations: how a display point (u, v) maps back to the stored image (x, y),
# for a stored image of sw x sh pixels. 1 is as stored; 6 means the stored image is shown turned 90
# degrees clockwise (Pillow's exif_transpose uses the same meaning).
def _display_to_stored(orientation: int, u: float, v: float, sw: float, sh: float) -> tuple[float, float]:
    return {
        1: (u, v),
        2: (sw - u, v),
        3: (sw - u, sh - v),
        4: (u, sh - v),
        5: (v, u),
        6: (v, sh - u),
        7: (sw - v, sh - u),
        8: (sw - v, u),
    }[orientation]


def stored_box(
    orientation: int, box: tuple[float, float, float, float], stored_size: tuple[float, float]
) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) of the stored image that a box of the displayed image shows."""
    sw, sh = stored_size
    x0, y0 = _display_to_stored(orientation, box[0], box[1], sw, sh)
    x1, y1 = _display_to_stored(orientation, box[2], box[3], sw, sh)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def displayed_size(orientation: int, stored_size: tuple[int, int]) -> tuple[int, int]:
    return (stored_size[1], stored_size[0]) if orientation >= 5 else stored_size


def page_to_turned(
    point: tuple[float, float], size_pt: tuple[float, float], rotation: int
) -> tuple[float, float]:
    """A point on the page in PDF points (origin at the page's bottom-left corner, y up, as PDF user space
    when the crop box starts at 0, 0) to the page as shown turned ``rotation`` quarter turns clockwise
    (origin top left, y down, in points)."""
    w, h = size_pt
    u, v = point[0], h - point[1]  # unturned, y down
    turns = rotation % 4
    if turns == 1:
        return h - v, u
    if turns == 2:
        return w - u, h - v
    if turns == 3:
        return v, w - u
    return u, v


def turned_to_page(
    point: tuple[float, float], size_pt: tuple[float, float], rotation: int
) -> tuple[float, float]:
    """The inverse of :func:`page_to_turned`."""
    w, h = size_pt
    x, y = point
    turns = rotation % 4
    if turns == 1:
        u, v = y, h - x
    elif turns == 2:
        u, v = w - x, h - y
    elif turns == 3:
        u, v = w - y, x
    else:
        u, v = x, y
    return u, h - v
