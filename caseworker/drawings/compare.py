"""Revision compare: align two renders of sheets of the same size, overlay them, find what changed.

Works on grey renders (H x W uint8, 255 white) of the two sheets at the same scale, e.g. from
:meth:`RenderEngine.render_page` (see :func:`compare_pages`).

1. **Align**: the shift of the old sheet onto the new one, by cross-correlating their ink within a few
   per cent of the sheet (:func:`align`; a scan lies a few millimetres off, a vector revision usually
   not at all). Only translation: two-point manual alignment for rotated or rescaled scans is the
   viewer's part.
2. **Changed ink**: ink of the old sheet with no ink of the new within ``tolerance`` pixels is removed;
   ink of the new with no old ink near it is added. The tolerance absorbs anti-aliasing and the last
   pixel of misalignment, so an unchanged line is never reported.
3. **Regions**: changed pixels closer than ``merge`` pixels form one region, and regions whose
   rectangles overlap are joined (a new room and the name inside it); a region with fewer than
   ``min_pixels`` changed pixels (scanner specks) is dropped. Each region is a rectangle in the new
   sheet's pixels, largest first: ready to zoom to, or to become a cloud markup.
4. **Overlay**: one colour code a pixel (``Comparison.codes``, an indexed image for ``COLOUR_TABLE``:
   wrap it as ``QImage.Format_Indexed8`` without converting): unchanged ink dark grey, removed ink (old
   only) red, added ink (new only) blue, paper white; ``overlay_bgrx()`` gives BGRx.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from caseworker.drawings.engine import Document, RenderEngine
from caseworker.drawings.geometry import PixelRect
from caseworker.drawings.images import PixelImage, Placement

Grey = NDArray[np.uint8]

UNCHANGED_BGR = (60, 60, 60)
REMOVED_BGR = (40, 40, 210)  # old only: red
ADDED_BGR = (200, 110, 0)  # new only: blue


_COLOURS = np.array(
    [(255, 255, 255, 255), (*UNCHANGED_BGR, 255), (*REMOVED_BGR, 255), (*ADDED_BGR, 255)], dtype=np.uint8
)
# the same colours as 0xAARRGGBB, for QImage.Format_Indexed8 over ``Comparison.codes`` (no conversion)
COLOUR_TABLE = [0xFF000000 | (int(r) << 16) | (int(g) << 8) | int(b) for b, g, r, _ in _COLOURS]


@dataclass(frozen=True)
class Change:
    rect: PixelRect  # in the new sheet's pixels
    removed: int  # changed pixels: ink only in the old sheet
    added: int  # ink only in the new sheet


@dataclass
class Comparison:
    shift: tuple[int, int]  # (dx, dy) that moved the old sheet onto the new
    changes: list[Change]
    codes: NDArray[np.uint8]  # H x W colour codes: an indexed image for COLOUR_TABLE

    def overlay_bgrx(self) -> NDArray[np.uint8]:
        """The overlay as H x W x 4 BGRx (``QImage.Format_RGB32``)."""
        return _COLOURS[self.codes]

    def overlay_image(self, placement: Placement) -> PixelImage:
        """The overlay as a PixelImage the viewer wraps like any render."""
        height, width = self.codes.shape
        return PixelImage(width, height, width * 4, placement, bytearray(self.overlay_bgrx().tobytes()))


def grey_of(image: PixelImage) -> Grey:
    """A grey copy of a BGRx render (the green channel: drawings are mostly black on white)."""
    rows = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    return np.ascontiguousarray(rows[:, 1 : image.width * 4 : 4])


def _ink(grey: Grey, threshold: int) -> NDArray[np.uint8]:
    return (grey < threshold).astype(np.uint8)


def align(old_ink: NDArray[np.uint8], new_ink: NDArray[np.uint8], *, reach: float = 0.04) -> tuple[int, int]:
    """The whole-pixel shift (dx, dy) that moves the old sheet's ink onto the new sheet's, at most
    ``reach`` of the sheet's size each way (a scan lies a few millimetres off, not a hand's width).

    Drawings are made of long horizontal and vertical lines, so the ink's column and row profiles
    (ink per column, per row) locate the sheet: each shift is where the profiles correlate best.
    Plain correlation, not phase correlation: phase correlation weighs every frequency alike, and the
    regular spacing of hatching then wins with false peaks a whole number of hatch lines away."""
    h, w = old_ink.shape
    dx = _profile_shift(
        old_ink.sum(axis=0, dtype=np.int64), new_ink.sum(axis=0, dtype=np.int64), int(w * reach)
    )
    dy = _profile_shift(
        old_ink.sum(axis=1, dtype=np.int64), new_ink.sum(axis=1, dtype=np.int64), int(h * reach)
    )
    return dx, dy


def _profile_shift(old: NDArray[np.int64], new: NDArray[np.int64], reach: int) -> int:
    """The shift within +-reach that best lays the old profile on the new one (0 if there is no ink)."""
    a = old.astype(np.float64) - old.mean()
    b = new.astype(np.float64) - new.mean()
    if not a.any() or not b.any() or reach < 1 or len(a) <= 2 * reach:
        return 0
    # score(d) = sum_i a[i] * b[i + d]: b's middle, slid along a
    scores = np.correlate(b, a[reach : len(a) - reach], mode="valid")
    return int(np.argmax(scores)) - reach


def _shifted(mask: NDArray[np.uint8], dx: int, dy: int) -> NDArray[np.uint8]:
    if dx == 0 and dy == 0:
        return mask
    moved = np.zeros_like(mask)
    h, w = mask.shape
    src = mask[max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)]
    moved[max(0, dy) : max(0, dy) + src.shape[0], max(0, dx) : max(0, dx) + src.shape[1]] = src
    return moved


def compare(
    old: Grey,
    new: Grey,
    *,
    threshold: int = 160,
    tolerance: int = 2,
    merge: int = 12,
    min_pixels: int = 12,
    aligned: bool = True,
) -> Comparison:
    """Compare two grey renders of the same size; ``aligned=False`` skips the alignment."""
    if old.shape != new.shape:
        raise ValueError(f"the sheets differ in size: {old.shape[::-1]} and {new.shape[::-1]} pixels")
    old_ink, new_ink = _ink(old, threshold), _ink(new, threshold)
    dx, dy = align(old_ink, new_ink) if aligned else (0, 0)
    old_ink = _shifted(old_ink, dx, dy)

    near = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * tolerance + 1, 2 * tolerance + 1))
    removed = old_ink & (1 - np.asarray(cv2.dilate(new_ink, near), np.uint8))
    added = new_ink & (1 - np.asarray(cv2.dilate(old_ink, near), np.uint8))
    changed = removed | added

    changes = _regions(removed, added, changed, merge, min_pixels)
    # colour codes: 0 paper, 1 unchanged ink, 2 removed (old only), 3 added (new only)
    codes = ((old_ink | new_ink) & (1 - changed)) | (removed << 1) | (added * 3)
    return Comparison((dx, dy), changes, codes)


_CELL = 4  # regions are found on a grid of 4 x 4 pixel cells (16 times fewer pixels to label)


def _regions(
    removed: NDArray[np.uint8],
    added: NDArray[np.uint8],
    changed: NDArray[np.uint8],
    merge: int,
    min_pixels: int,
) -> list[Change]:
    height, width = changed.shape
    cells = (-(-width // _CELL), -(-height // _CELL))
    padded = np.zeros((cells[1] * _CELL, cells[0] * _CELL), np.uint8)
    padded[:height, :width] = changed
    occupied = padded.reshape(cells[1], _CELL, cells[0], _CELL).max(axis=(1, 3))
    reach = max(1, merge // _CELL)
    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(occupied, grow), connectivity=8)
    changes = []
    for label in range(1, count):
        x, y, w, h = (int(v) * _CELL for v in stats[label, :4])
        # the dilation grew the box by ``reach`` cells on each side: take them back, inside the sheet
        x0, y0 = min(width - 1, x + reach * _CELL), min(height - 1, y + reach * _CELL)
        x1, y1 = (
            min(width, max(x0 + 1, x + w - reach * _CELL)),
            min(height, max(y0 + 1, y + h - reach * _CELL)),
        )
        box = (slice(y0, y1), slice(x0, x1))
        gone, new = int(removed[box].sum()), int(added[box].sum())
        if gone + new >= min_pixels:
            changes.append(Change(PixelRect(x0, y0, x1 - x0, y1 - y0), gone, new))
    changes = _merge_overlapping(changes)
    changes.sort(key=lambda c: c.removed + c.added, reverse=True)
    return changes


def _merge_overlapping(changes: list[Change]) -> list[Change]:
    """One region for changes whose rectangles overlap (a new room and the name written inside it)."""
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(changes):
            for j in range(i + 1, len(changes)):
                b = changes[j]
                if a.rect.intersect(b.rect) is None:
                    continue
                x0, y0 = min(a.rect.x, b.rect.x), min(a.rect.y, b.rect.y)
                x1, y1 = max(a.rect.right, b.rect.right), max(a.rect.bottom, b.rect.bottom)
                joined = Change(PixelRect(x0, y0, x1 - x0, y1 - y0), a.removed + b.removed, a.added + b.added)
                changes = [c for k, c in enumerate(changes) if k not in (i, j)] + [joined]
                merged = True
                break
            if merged:
                break
    return changes


def compare_pages(
    engine: RenderEngine,
    old_document: Document,
    old_page: int,
    new_document: Document,
    new_page: int,
    *,
    scale: float,
) -> Comparison:
    """Render both pages at ``scale`` through the engine (in parallel) and compare them (blocking:
    call it off the UI thread)."""
    with engine.busy():  # no background work in the engine meanwhile
        old_future: Future[PixelImage] = engine.render_page(old_document, old_page, scale=scale)
        new_future: Future[PixelImage] = engine.render_page(new_document, new_page, scale=scale)
        old_grey, new_grey = grey_of(old_future.result()), grey_of(new_future.result())
        if old_grey.shape != new_grey.shape:  # a page of another size: compare the common part
            h = min(old_grey.shape[0], new_grey.shape[0])
            w = min(old_grey.shape[1], new_grey.shape[1])
            old_grey, new_grey = old_grey[:h, :w].copy(), new_grey[:h, :w].copy()
        return compare(old_grey, new_grey)
