"""Revision compare: align two renders of sheets of the same size, overlay them, find what changed.

Works on grey renders (H x W uint8, 255 white) of the two sheets at the same scale, e.g. from
:meth:`RenderEngine.render_page` (see :func:`compare_pages`).

1. **Align**: the shift of the old sheet onto the new one, by cross-correlating their ink within a few
   per cent of the sheet (:func:`align`; a scan lies a few millimetres off, a vector revision usually
   not at all). Only translation: two-point manual alignment for rotated or rescaled scans is the
   viewer's part: :func:`two_point_transform` gives the similarity from two points picked on each
   sheet, and ``compare(..., transform=)`` moves the old sheet by it first.
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

Speed: renders of two revisions differ in few pixels, so the work after thresholding follows the
differences, not the sheet: unmatched ink is looked for only in 128-px blocks holding pixels inked in
one sheet and not the other, changed pixels are kept as point lists, and regions are labelled on the
part of the cell grid around them (an A1 sheet at 96 dpi: ~12 ms, was ~90 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, as_completed
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
    """A grey copy of a BGRx render (luminance; drawings are mostly black on white)."""
    rows = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    pixels = rows[:, : image.width * 4].reshape(image.height, image.width, 4)
    return np.asarray(cv2.cvtColor(pixels, cv2.COLOR_BGRA2GRAY), np.uint8)


def _ink(grey: Grey, threshold: int) -> NDArray[np.uint8]:
    """1 where the render is darker than ``threshold``, else 0."""
    _, ink = cv2.threshold(grey, threshold - 1, 1, cv2.THRESH_BINARY_INV)
    return np.asarray(ink, np.uint8)


def _profile(ink: NDArray[np.uint8], axis: int) -> NDArray[np.int64]:
    """Ink per column (axis 0) or per row (axis 1)."""
    summed = cv2.reduce(ink, axis, cv2.REDUCE_SUM, dtype=cv2.CV_32S)
    return np.asarray(summed, np.int64).ravel()


def align(old_ink: NDArray[np.uint8], new_ink: NDArray[np.uint8], *, reach: float = 0.04) -> tuple[int, int]:
    """The whole-pixel shift (dx, dy) that moves the old sheet's ink onto the new sheet's, at most
    ``reach`` of the sheet's size each way (a scan lies a few millimetres off, not a hand's width).

    Drawings are made of long horizontal and vertical lines, so the ink's column and row profiles
    (ink per column, per row) locate the sheet: each shift is where the profiles correlate best.
    Plain correlation, not phase correlation: phase correlation weighs every frequency alike, and the
    regular spacing of hatching then wins with false peaks a whole number of hatch lines away."""
    h, w = old_ink.shape
    dx = _profile_shift(_profile(old_ink, 0), _profile(new_ink, 0), int(w * reach))
    dy = _profile_shift(_profile(old_ink, 1), _profile(new_ink, 1), int(h * reach))
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


def two_point_transform(
    old_points: tuple[tuple[float, float], tuple[float, float]],
    new_points: tuple[tuple[float, float], tuple[float, float]],
) -> NDArray[np.float64]:
    """The 2 x 3 similarity (turn, uniform scale, shift) that takes the two old points onto the two new
    ones: the manual alignment of a scan that lies turned or scaled (pixel coordinates, y down)."""
    (ax, ay), (bx, by) = old_points
    (cx, cy), (dx, dy) = new_points
    old_vector, new_vector = complex(bx - ax, by - ay), complex(dx - cx, dy - cy)
    if abs(old_vector) < 1e-6 or abs(new_vector) < 1e-6:
        raise ValueError("the two points of a sheet must lie apart")
    factor = new_vector / old_vector  # turn and scale as one complex number
    shift = complex(cx, cy) - factor * complex(ax, ay)
    return np.array([[factor.real, -factor.imag, shift.real], [factor.imag, factor.real, shift.imag]])


def warp_to(old: Grey, transform: NDArray[np.float64], size: tuple[int, int]) -> Grey:
    """``old`` moved by ``transform`` onto a sheet of ``size`` (width, height); paper where it has none."""
    return np.asarray(cv2.warpAffine(old, transform, size, flags=cv2.INTER_LINEAR, borderValue=255), np.uint8)


def compare(
    old: Grey,
    new: Grey,
    *,
    threshold: int = 160,
    tolerance: int = 2,
    merge: int = 12,
    min_pixels: int = 12,
    aligned: bool = True,
    transform: NDArray[np.float64] | None = None,
) -> Comparison:
    """Compare two grey renders; ``aligned=False`` skips the alignment. With ``transform`` (from
    :func:`two_point_transform`) the old sheet is first moved by it onto the new one's size, and
    the automatic alignment only refines what is left."""
    if transform is not None:
        old = warp_to(old, transform, (new.shape[1], new.shape[0]))
    if old.shape != new.shape:
        raise ValueError(f"the sheets differ in size: {old.shape[::-1]} and {new.shape[::-1]} pixels")
    old_ink, new_ink = _ink(old, threshold), _ink(new, threshold)
    dx, dy = align(old_ink, new_ink) if aligned else (0, 0)
    old_ink = _shifted(old_ink, dx, dy)

    near = np.asarray(
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * tolerance + 1, 2 * tolerance + 1)), np.uint8
    )
    differing = _points(np.asarray(cv2.bitwise_xor(old_ink, new_ink), np.uint8))  # inked in one sheet only
    in_old = old_ink[differing[:, 1], differing[:, 0]].astype(bool)
    removed = _unmatched(differing[in_old], new_ink, near, tolerance)  # (N, 2) x, y: ink only in the old
    added = _unmatched(differing[~in_old], old_ink, near, tolerance)

    changes = _regions(removed, added, new.shape, merge, min_pixels)
    # colour codes: 0 paper, 1 unchanged ink, 2 removed (old only), 3 added (new only)
    codes = np.asarray(cv2.bitwise_or(old_ink, new_ink), np.uint8)
    codes[removed[:, 1], removed[:, 0]] = 2
    codes[added[:, 1], added[:, 0]] = 3
    return Comparison((dx, dy), changes, codes)


_BLOCK = 128  # unmatched ink is looked for block by block, only where the two sheets differ
_DENSE = 0.05  # more differing pixels than this share of the sheet: one pass over the whole sheet


def _points(mask: NDArray[np.uint8]) -> NDArray[np.intp]:
    found = cv2.findNonZero(mask)
    return np.zeros((0, 2), np.intp) if found is None else found.reshape(-1, 2).astype(np.intp)


def _unmatched(
    points: NDArray[np.intp], other: NDArray[np.uint8], near: NDArray[np.uint8], tolerance: int
) -> NDArray[np.intp]:
    """Those of ``points`` (x, y; inked in one sheet, not in ``other``) with no ``other`` ink within
    ``tolerance`` pixels.

    Between two renders of revisions such points are few and together, so the ``other`` ink is dilated
    only in the blocks that hold them (a scan's noise makes many: then the whole sheet at once)."""
    if len(points) == 0:
        return points
    h, w = other.shape
    if len(points) > _DENSE * h * w:
        far = np.asarray(cv2.dilate(other, near), np.uint8) == 0
        return np.asarray(points[far[points[:, 1], points[:, 0]]], np.intp)
    per_row = (w + _BLOCK - 1) // _BLOCK
    block_of = (points[:, 1] // _BLOCK) * per_row + points[:, 0] // _BLOCK
    order = np.argsort(block_of, kind="stable")
    points, block_of = points[order], block_of[order]
    blocks, starts = np.unique(block_of, return_index=True)
    keep = np.zeros(len(points), bool)
    for block, start, end in zip(
        blocks.tolist(), starts.tolist(), [*starts[1:].tolist(), len(points)], strict=True
    ):
        bx, by = (block % per_row) * _BLOCK, (block // per_row) * _BLOCK
        x0, y0 = max(0, bx - tolerance), max(0, by - tolerance)
        x1, y1 = min(w, bx + _BLOCK + tolerance), min(h, by + _BLOCK + tolerance)
        grown = np.asarray(cv2.dilate(np.ascontiguousarray(other[y0:y1, x0:x1]), near), np.uint8)
        mine = points[start:end]
        keep[start:end] = grown[mine[:, 1] - y0, mine[:, 0] - x0] == 0
    return points[keep]


_CELL = 4  # regions are found on a grid of 4 x 4 pixel cells (16 times fewer pixels to label)


def _regions(
    removed: NDArray[np.intp],
    added: NDArray[np.intp],
    shape: tuple[int, ...],
    merge: int,
    min_pixels: int,
) -> list[Change]:
    height, width = shape[0], shape[1]
    cells = (-(-width // _CELL), -(-height // _CELL))
    occupied = np.zeros((cells[1], cells[0]), np.uint8)
    for points in (removed, added):
        occupied[points[:, 1] // _CELL, points[:, 0] // _CELL] = 1
    if not occupied.any():
        return []
    reach = max(1, merge // _CELL)
    # label only the part of the grid around the changes (they are usually a small part of the sheet)
    ys, xs = np.nonzero(occupied.any(axis=1))[0], np.nonzero(occupied.any(axis=0))[0]
    top, left = max(0, int(ys[0]) - reach), max(0, int(xs[0]) - reach)
    part = occupied[top : int(ys[-1]) + reach + 1, left : int(xs[-1]) + reach + 1]
    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        np.asarray(cv2.dilate(part, grow, borderType=cv2.BORDER_CONSTANT, borderValue=0), np.uint8),
        connectivity=8,
    )
    # changed pixels per region, counted from the points' cells
    gone = np.bincount(labels[removed[:, 1] // _CELL - top, removed[:, 0] // _CELL - left], minlength=count)
    new = np.bincount(labels[added[:, 1] // _CELL - top, added[:, 0] // _CELL - left], minlength=count)
    changes = []
    for label in range(1, count):
        if gone[label] + new[label] < min_pixels:
            continue
        x, y, w, h = (int(v) * _CELL for v in stats[label, :4])
        x, y = x + left * _CELL, y + top * _CELL
        # the dilation grew the box by ``reach`` cells on each side: take them back, inside the sheet
        x0, y0 = min(width - 1, x + reach * _CELL), min(height - 1, y + reach * _CELL)
        x1, y1 = (
            min(width, max(x0 + 1, x + w - reach * _CELL)),
            min(height, max(y0 + 1, y + h - reach * _CELL)),
        )
        changes.append(Change(PixelRect(x0, y0, x1 - x0, y1 - y0), int(gone[label]), int(new[label])))
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
    transform: NDArray[np.float64] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Render both pages at ``scale`` through the engine (in parallel) and compare them (blocking:
    call it off the UI thread). ``transform`` is a manual alignment (:func:`two_point_transform`, in
    pixels at ``scale``); ``progress(done, of)`` is told after each render and at the end."""
    steps = 3
    with engine.busy():  # no background work in the engine meanwhile
        futures: dict[Future[PixelImage], str] = {
            engine.render_page(old_document, old_page, scale=scale): "old",
            engine.render_page(new_document, new_page, scale=scale): "new",
        }
        greys: dict[str, Grey] = {}
        for done in as_completed(futures):  # the first sheet is made grey while the other renders
            greys[futures[done]] = grey_of(done.result())
            if progress is not None:
                progress(len(greys), steps)
    old_grey, new_grey = greys["old"], greys["new"]
    if transform is None and old_grey.shape != new_grey.shape:  # another size: compare the common part
        h = min(old_grey.shape[0], new_grey.shape[0])
        w = min(old_grey.shape[1], new_grey.shape[1])
        old_grey, new_grey = old_grey[:h, :w].copy(), new_grey[:h, :w].copy()
    result = compare(old_grey, new_grey, transform=transform)
    if progress is not None:
        progress(steps, steps)
    return result
