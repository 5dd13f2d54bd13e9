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
4. **Overlay**: BGRx (``QImage.Format_RGB32``): unchanged ink dark grey, removed ink (old only) red, added
   ink (new only) blue, paper white.
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


@dataclass(frozen=True)
class Change:
    rect: PixelRect  # in the new sheet's pixels
    removed: int  # changed pixels: ink only in the old sheet
    added: int  # ink only in the new sheet


@dataclass
class Comparison:
    shift: tuple[int, int]  # (dx, dy) that moved the old sheet onto the new
    changes: list[Change]
    overlay: NDArray[np.uint8]  # H x W x 4, BGRx

    def overlay_image(self, placement: Placement) -> PixelImage:
        """The overlay as a PixelImage the viewer wraps like any render (no copy)."""
        height, width = self.overlay.shape[:2]
        return PixelImage(width, height, width * 4, placement, bytearray(self.overlay.tobytes()))


def grey_of(image: PixelImage) -> Grey:
    """A grey copy of a BGRx render (the green channel: drawings are mostly black on white)."""
    rows = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    return np.ascontiguousarray(rows[:, 1 : image.width * 4 : 4])


def _ink(grey: Grey, threshold: int) -> NDArray[np.uint8]:
    return (grey < threshold).astype(np.uint8)


def align(
    old_ink: NDArray[np.uint8], new_ink: NDArray[np.uint8], *, reduce: int = 4, reach: float = 0.04
) -> tuple[int, int]:
    """The whole-pixel shift (dx, dy) that moves the old sheet's ink onto the new sheet's, at most
    ``reach`` of the sheet's size each way (a scan lies a few millimetres off, not a hand's width).

    Plain normalised cross-correlation of the ink, not phase correlation: phase correlation weighs every
    frequency alike, and the regular spacing of hatching then gives false peaks a whole number of
    hatch lines away. Coarse on a reduced copy, then refined to the pixel."""
    h, w = old_ink.shape
    margin = max(2, int(min(w, h) * reach) // reduce)
    small = (max(1, w // reduce), max(1, h // reduce))
    a = np.asarray(cv2.resize(old_ink.astype(np.float32), small, interpolation=cv2.INTER_AREA), np.float32)
    b = np.asarray(cv2.resize(new_ink.astype(np.float32), small, interpolation=cv2.INTER_AREA), np.float32)
    coarse = _best_shift(a, b, margin)
    if coarse is None:
        return 0, 0
    dx, dy = coarse[0] * reduce, coarse[1] * reduce
    fine = _best_shift(
        _shifted(old_ink, dx, dy).astype(np.float32), new_ink.astype(np.float32), reduce, centre=0.5
    )
    return (dx, dy) if fine is None else (dx + fine[0], dy + fine[1])


def _best_shift(
    old: NDArray[np.float32], new: NDArray[np.float32], margin: int, centre: float = 1.0
) -> tuple[int, int] | None:
    """The shift within +-margin that best lays ``old`` on ``new`` (a central part of ``old`` as the
    template), or None if there is too little ink to tell."""
    h, w = old.shape
    ch, cw = int((h - 2 * margin) * centre), int((w - 2 * margin) * centre)
    if ch < 8 or cw < 8:
        return None
    y0, x0 = (h - ch) // 2, (w - cw) // 2
    template = old[y0 : y0 + ch, x0 : x0 + cw]
    if float(template.sum()) < 16:
        return None
    area = new[y0 - margin : y0 + ch + margin, x0 - margin : x0 + cw + margin]
    scores = cv2.matchTemplate(area, template, cv2.TM_CCORR_NORMED)
    _, best, _, (bx, by) = cv2.minMaxLoc(scores)
    return (bx - margin, by - margin) if best > 0.2 else None


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

    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * merge + 1, 2 * merge + 1))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(changed, grow), connectivity=8)
    changes = []
    if count > 1:
        removed_per = np.bincount(labels.ravel(), weights=removed.ravel(), minlength=count)
        added_per = np.bincount(labels.ravel(), weights=added.ravel(), minlength=count)
        height, width = changed.shape
        for label in range(1, count):
            if removed_per[label] + added_per[label] < min_pixels:
                continue
            x, y, w, h = (int(v) for v in stats[label, :4])
            # the dilation grew the box by ``merge`` on each side: take it back, inside the sheet
            x0, y0 = min(width - 1, x + merge), min(height - 1, y + merge)
            x1, y1 = max(x0 + 1, x + w - merge), max(y0 + 1, y + h - merge)
            rect = PixelRect(x0, y0, x1 - x0, y1 - y0)
            changes.append(Change(rect, int(removed_per[label]), int(added_per[label])))
        changes = _merge_overlapping(changes)
        changes.sort(key=lambda c: c.removed + c.added, reverse=True)

    overlay = np.full((*changed.shape, 4), 255, dtype=np.uint8)
    overlay[(old_ink & new_ink).astype(bool), :3] = UNCHANGED_BGR
    overlay[removed.astype(bool), :3] = REMOVED_BGR
    overlay[added.astype(bool), :3] = ADDED_BGR
    return Comparison((dx, dy), changes, overlay)


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
    old_future: Future[PixelImage] = engine.render_page(old_document, old_page, scale=scale)
    new_future: Future[PixelImage] = engine.render_page(new_document, new_page, scale=scale)
    old_grey, new_grey = grey_of(old_future.result()), grey_of(new_future.result())
    if old_grey.shape != new_grey.shape:  # a page of another size: compare the common part
        h = min(old_grey.shape[0], new_grey.shape[0])
        w = min(old_grey.shape[1], new_grey.shape[1])
        old_grey, new_grey = old_grey[:h, :w].copy(), new_grey[:h, :w].copy()
    return compare(old_grey, new_grey)
