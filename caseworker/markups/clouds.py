"""Clouds around the changes a revision compare found ("Molnmarkera ändringar", issue 13 item 4).

The compare's regions (page, box in the new sheet's PDF points) become cloud markups on the new sheet:
boxes closer than ``MERGE_GAP`` points to each other are joined first (their union box, repeated until no
two are that close), so one changed detail is one cloud and not a cloud per glyph; each cloud is the box
grown by ``MARGIN`` on every side, kept inside the page. The clouds are bound to the new sheet's sha256.
A cloud already made around the same box (an earlier click) is not made again (:func:`not_yet_made`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from caseworker.markups.model import Kind, Markup, Rect, normal_rect

MERGE_GAP = 18.0  # points (about 6 mm): changes this close are one change, one cloud
MARGIN = 8.0  # points between the changed ink and the cloud's outline (its bulges go a little further)
SAME_CLOUD = 1.0  # points: a cloud whose corners are all this close to a new one's is the same cloud
CLOUD_COLOUR = "#d32f2f"
CLOUD_WIDTH = 1.5


@dataclass(frozen=True)
class Region:
    """A changed region: its page and box in that page's PDF points (origin bottom left, y up)."""

    page: int
    rect: Rect


def _near(a: Rect, b: Rect, gap: float) -> bool:
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def _union(a: Rect, b: Rect) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def merge_boxes(boxes: Iterable[Rect], gap: float = MERGE_GAP) -> list[Rect]:
    """The boxes with every two that overlap or lie within ``gap`` of each other joined into their union
    box, until no two are that close (a joined box can reach a third one). Ordered top to bottom, then
    left to right, as a sheet is read."""
    merged: list[Rect] = []
    for box in (normal_rect(b) for b in boxes):
        while True:  # join the box with every box it reaches; the grown box may reach more
            near = [m for m in merged if _near(m, box, gap)]
            if not near:
                break
            for m in near:
                merged.remove(m)
                box = _union(box, m)
        merged.append(box)
    return sorted(merged, key=lambda r: (-r[3], r[0]))


def merge_regions(regions: Iterable[Region], gap: float = MERGE_GAP) -> list[Region]:
    """:func:`merge_boxes` page by page."""
    pages: dict[int, list[Rect]] = {}
    for region in regions:
        pages.setdefault(region.page, []).append(region.rect)
    return [Region(page, box) for page in sorted(pages) for box in merge_boxes(pages[page], gap)]


def cloud_box(rect: Rect, page_size: tuple[float, float], margin: float = MARGIN) -> Rect:
    """``rect`` grown by ``margin`` on every side, kept inside the page (0..width, 0..height)."""
    width, height = page_size
    x0, y0, x1, y1 = normal_rect(rect)
    return (
        max(0.0, x0 - margin),
        max(0.0, y0 - margin),
        min(width, x1 + margin),
        min(height, y1 + margin),
    )


def change_clouds(
    regions: Iterable[Region],
    page_sizes: Mapping[int, tuple[float, float]],
    *,
    document_sha256: str | None,
    author: str,
    text: str,
    now: dt.datetime | None = None,
    gap: float = MERGE_GAP,
    margin: float = MARGIN,
) -> list[Markup]:
    """One red cloud markup per merged region, around it with ``margin``, on the new sheet
    (``document_sha256``), by ``author`` with ``text``. ``page_sizes``: each page's (width, height)."""
    when = now or dt.datetime.now(dt.UTC)
    clouds = []
    for region in merge_regions(regions, gap):
        x0, y0, x1, y1 = cloud_box(region.rect, page_sizes[region.page], margin)
        clouds.append(
            Markup(
                id=f"draft-{uuid.uuid4().hex}",
                page=region.page,
                kind=Kind.CLOUD,
                points=((x0, y0), (x1, y0), (x1, y1), (x0, y1)),
                text=text,
                color=CLOUD_COLOUR,
                width=CLOUD_WIDTH,
                author=author,
                created=when,
                modified=when,
                document_sha256=document_sha256,
            )
        )
    return clouds


def _same_cloud(a: Markup, b: Markup) -> bool:
    if a.kind != Kind.CLOUD or b.kind != Kind.CLOUD or a.page != b.page:
        return False
    if a.document_sha256 != b.document_sha256:
        return False
    return all(abs(p - q) <= SAME_CLOUD for p, q in zip(a.bbox(), b.bbox(), strict=True))


def not_yet_made(clouds: Iterable[Markup], existing: Iterable[Markup]) -> list[Markup]:
    """The ``clouds`` that no ``existing`` markup already is (a cloud on the same page and revision
    around the same box, e.g. made by an earlier "Molnmarkera ändringar")."""
    have = [m for m in existing if m.kind == Kind.CLOUD]
    return [c for c in clouds if not any(_same_cloud(c, m) for m in have)]


__all__ = [
    "MARGIN",
    "MERGE_GAP",
    "Region",
    "change_clouds",
    "cloud_box",
    "merge_boxes",
    "merge_regions",
    "not_yet_made",
]
