"""Revision compare: a region changed on purpose is found, an unchanged one is not, alignment holds."""

from __future__ import annotations

import io
from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from reportlab.lib.pagesizes import A3, landscape
from reportlab.pdfgen.canvas import Canvas

from caseworker.drawings import PixelRect, RenderEngine
from caseworker.drawings.compare import (
    ADDED_BGR,
    REMOVED_BGR,
    compare,
    compare_pages,
    grey_of,
    two_point_transform,
)
from caseworker.sandbox.assets import drawing_pdf
from tests.helpers.drawings import WAIT

SCALE = 1.5  # pixels per point


def _sheet(*, extra_room: bool, moved_door: bool) -> bytes:
    """An A3 plan: walls, hatching, a door, texts; optionally a new room and a moved door."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=landscape(A3))
    w, h = landscape(A3)
    c.setLineWidth(2)
    c.rect(30, 30, w - 60, h - 60)
    c.rect(100, 100, 500, 350)  # the house
    for x in range(110, 600, 12):  # hatching in the left wall: unchanged in both revisions
        c.line(x, 100, x + 10, 110)
    c.setFont("Helvetica", 14)
    c.drawString(150, 300, "VARDAGSRUM")
    c.drawString(w - 300, 60, "A-40.1-101")  # title block text, unchanged
    door_x = 420 if moved_door else 300
    c.line(door_x, 450, door_x + 60, 450)
    c.arc(door_x - 60, 390, door_x + 60, 510, 0, 90)
    if extra_room:
        c.rect(650, 200, 200, 150)  # the new room
        c.drawString(690, 270, "SOVRUM 3")
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def engine() -> Iterator[RenderEngine]:
    with RenderEngine(time_limit=WAIT) as e:
        yield e


def _pixels(points: tuple[float, float, float, float], page_height: float) -> PixelRect:
    """A rectangle in PDF points (x0, y0, x1, y1, origin bottom left) in pixels at SCALE."""
    x0, y0, x1, y1 = points
    return PixelRect(
        int(x0 * SCALE), int((page_height - y1) * SCALE), int((x1 - x0) * SCALE), int((y1 - y0) * SCALE)
    )


def _overlaps(a: PixelRect, b: PixelRect) -> bool:
    return a.intersect(b) is not None


def test_a_region_changed_on_purpose_is_found_and_nothing_else(engine: RenderEngine) -> None:
    old = engine.open(_sheet(extra_room=False, moved_door=False)).result(WAIT)
    new = engine.open(_sheet(extra_room=True, moved_door=True)).result(WAIT)
    result = compare_pages(engine, old, 0, new, 0, scale=SCALE)
    page_height = landscape(A3)[1]
    new_room = _pixels((650, 200, 850, 350), page_height)
    old_door, new_door = (
        _pixels((240, 390, 360, 455), page_height),
        _pixels((360, 390, 480, 455), page_height),
    )
    hatching = _pixels((105, 100, 600, 112), page_height)
    title = _pixels((w0 := landscape(A3)[0] - 300, 55, w0 + 100, 72), page_height)
    rects = [c.rect for c in result.changes]
    assert result.shift == (0, 0)
    assert any(_overlaps(r, new_room) for r in rects)
    room = next(c for c in result.changes if _overlaps(c.rect, new_room))
    assert room.added > 0 and room.removed == 0  # only new ink there
    assert any(_overlaps(r, old_door) for r in rects) and any(_overlaps(r, new_door) for r in rects)
    assert not any(_overlaps(r, hatching) or _overlaps(r, title) for r in rects)
    assert len(result.changes) == 3  # the room with its name, the door where it was and where it is
    # the overlay: added ink blue in the new room, removed red at the old door, paper white elsewhere
    overlay = result.overlay_bgrx()
    inside = overlay[new_room.y : new_room.bottom, new_room.x : new_room.right, :3].reshape(-1, 3)
    assert (inside == ADDED_BGR).all(axis=1).any()
    door = overlay[old_door.y : old_door.bottom, old_door.x : old_door.right, :3].reshape(-1, 3)
    assert (door == REMOVED_BGR).all(axis=1).any()
    assert (overlay[..., 3] == 255).all()


def test_identical_sheets_have_no_changes(engine: RenderEngine) -> None:
    data = _sheet(extra_room=True, moved_door=False)
    a, b = engine.open(data).result(WAIT), engine.open(data).result(WAIT)
    assert compare_pages(engine, a, 0, b, 0, scale=SCALE).changes == []


def test_a_shifted_scan_is_aligned_before_comparing(engine: RenderEngine) -> None:
    old_doc = engine.open(_sheet(extra_room=False, moved_door=False)).result(WAIT)
    new_doc = engine.open(_sheet(extra_room=True, moved_door=False)).result(WAIT)
    old = grey_of(engine.render_page(old_doc, 0, scale=SCALE).result(WAIT))
    new = grey_of(engine.render_page(new_doc, 0, scale=SCALE).result(WAIT))
    shifted = np.full_like(new, 255)
    shifted[5:, 9:] = new[:-5, :-9]  # the new sheet lies 9 px right and 5 px down on the scanner
    result = compare(old, shifted)
    assert result.shift == (9, 5)
    page_height = landscape(A3)[1]
    room = _pixels((650, 200, 850, 350), page_height)
    moved_room = PixelRect(room.x + 9, room.y + 5, room.w, room.h)
    assert len(result.changes) == 1 and _overlaps(result.changes[0].rect, moved_room)
    assert result.changes[0].removed == 0  # nothing of the old sheet is missing once aligned
    unaligned = compare(old, shifted, aligned=False)
    assert sum(c.removed for c in unaligned.changes) > 5000  # without alignment every line looks changed


def test_the_sandbox_revisions_differ_where_revision_b_changed_the_plan(engine: RenderEngine) -> None:
    rev_a = engine.open(drawing_pdf("plan", 1)).result(WAIT)
    rev_b = engine.open(drawing_pdf("plan", 2)).result(WAIT)
    result = compare_pages(engine, rev_a, 0, rev_b, 0, scale=1.0)
    assert result.changes
    assert sum(c.added for c in result.changes) > 0 and sum(c.removed for c in result.changes) > 0
    image = result.overlay_image(
        rev_b_placement := engine.render_page(rev_b, 0, scale=1.0).result(WAIT).placement
    )
    assert (image.width, image.height) == rev_b_placement.page_pixels


def test_two_point_alignment_lays_a_turned_and_scaled_scan_on_the_new_sheet(engine: RenderEngine) -> None:
    old_doc = engine.open(_sheet(extra_room=False, moved_door=False)).result(WAIT)
    new_doc = engine.open(_sheet(extra_room=True, moved_door=False)).result(WAIT)
    old = grey_of(engine.render_page(old_doc, 0, scale=SCALE).result(WAIT))
    new = grey_of(engine.render_page(new_doc, 0, scale=SCALE).result(WAIT))
    # the old sheet scanned turned by 1.5 degrees and at 97 % about a corner point
    h, w = old.shape
    scan_of = cv2.getRotationMatrix2D((200.0, 150.0), 1.5, 0.97)
    scan = cv2.warpAffine(old, scan_of, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    unaligned = compare(scan, new)
    assert sum(c.removed for c in unaligned.changes) > 5000, "turned, every line looks changed"

    # the user picks the house's two lower corners on both sheets
    page_height = landscape(A3)[1]
    corners = [(100 * SCALE, (page_height - 100) * SCALE), (600 * SCALE, (page_height - 100) * SCALE)]
    on_scan = [tuple(scan_of @ np.array([x, y, 1.0])) for x, y in corners]
    transform = two_point_transform((on_scan[0], on_scan[1]), (corners[0], corners[1]))  # type: ignore[arg-type]
    result = compare(scan, new, transform=transform)
    room = _pixels((650, 200, 850, 350), page_height)
    assert any(_overlaps(c.rect, room) for c in result.changes)
    assert sum(c.removed for c in result.changes) < 300, "aligned, the unchanged lines match again"
    with pytest.raises(ValueError):
        two_point_transform(((1.0, 1.0), (1.0, 1.0)), ((0.0, 0.0), (5.0, 5.0)))
