"""Distances and hit tests of markups, in PDF points.

A point hits a markup when it is within ``tolerance`` (plus half the line width) of what is drawn, or inside
a closed shape. Hits rank "on the line" before "inside", nearer before farther, smaller shapes inside before
larger (a click inside a cloud that holds a smaller markup picks the smaller one).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from caseworker.markups.model import CLOSED_KINDS, Kind, Markup, Point, Rect

SOLID_KINDS = frozenset({Kind.HIGHLIGHT, Kind.TEXT, Kind.STAMP, Kind.CALLOUT})  # boxes you click anywhere in
Rank = tuple[int, float, str]  # (0 on the line / 1 inside, distance or area, id)


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def distance_to_path(p: Point, points: Sequence[Point], closed: bool = False) -> float:
    if not points:
        return math.inf
    if len(points) == 1:
        return math.hypot(p[0] - points[0][0], p[1] - points[0][1])
    best = min(distance_to_segment(p, points[i], points[i + 1]) for i in range(len(points) - 1))
    if closed and len(points) > 2:
        best = min(best, distance_to_segment(p, points[-1], points[0]))
    return best


def inside_polygon(p: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd rule."""
    x, y = p
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def polygon_area(polygon: Sequence[Point]) -> float:
    """The shoelace area (absolute)."""
    n = len(polygon)
    twice = sum(
        polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1] for i in range(n)
    )
    return abs(twice) / 2


def path_length(points: Sequence[Point], closed: bool = False) -> float:
    total = sum(math.dist(points[i], points[i + 1]) for i in range(len(points) - 1))
    if closed and len(points) > 2:
        total += math.dist(points[-1], points[0])
    return total


def rect_corners(r: Rect) -> tuple[Point, Point, Point, Point]:
    x0, y0, x1, y1 = r
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def distance_to_rect_area(p: Point, r: Rect) -> float:
    """0 inside the rectangle, else the distance to it."""
    dx = max(r[0] - p[0], 0.0, p[0] - r[2])
    dy = max(r[1] - p[1], 0.0, p[1] - r[3])
    return math.hypot(dx, dy)


def _ellipse(p: Point, r: Rect) -> tuple[float, bool]:
    """(distance to the ellipse's outline, approximately; whether p is inside)."""
    a, b = (r[2] - r[0]) / 2, (r[3] - r[1]) / 2
    cx, cy = r[0] + a, r[1] + b
    if a <= 0 or b <= 0:
        return distance_to_segment(p, (r[0], r[1]), (r[2], r[3])), False
    qx, qy = (p[0] - cx) / a, (p[1] - cy) / b
    radius = math.hypot(qx, qy)
    if radius == 0:
        return min(a, b), True
    # the outline point on the same ray, and the distance to it (exact on circles, close on ellipses)
    ox, oy = cx + a * qx / radius, cy + b * qy / radius
    return math.hypot(p[0] - ox, p[1] - oy), radius <= 1


def area_of(m: Markup) -> float:
    if m.kind in CLOSED_KINDS:
        return polygon_area(m.polygon())
    x0, y0, x1, y1 = m.bbox()
    return (x1 - x0) * (y1 - y0)


def hit_rank(m: Markup, p: Point, tolerance: float) -> Rank | None:
    """How well ``p`` hits ``m`` (smaller is better), or None when it misses."""
    reach = tolerance + m.width / 2
    inside = False
    if m.kind in SOLID_KINDS and m.rect is not None:
        d = distance_to_rect_area(p, m.rect)
        if m.kind == Kind.CALLOUT and m.anchor is not None:
            corner = min(rect_corners(m.rect), key=lambda c: math.dist(c, m.anchor or c))
            d = min(d, distance_to_segment(p, m.anchor, corner))
    elif m.kind == Kind.ELLIPSE and m.rect is not None:
        d, inside = _ellipse(p, m.rect)
    elif m.kind == Kind.RECTANGLE and m.rect is not None:
        d = distance_to_path(p, rect_corners(m.rect), closed=True)
        inside = distance_to_rect_area(p, m.rect) == 0
    elif m.kind in CLOSED_KINDS:
        polygon = m.polygon()
        d = distance_to_path(p, polygon, closed=True)
        inside = len(polygon) > 2 and inside_polygon(p, polygon)
    elif m.strokes:
        d = min(distance_to_path(p, s) for s in m.strokes)
    elif m.points:
        d = distance_to_path(p, m.points)
    elif m.rect is not None:
        d = distance_to_rect_area(p, m.rect)
    else:
        return None
    if d <= reach:
        return (0, d, m.id)
    if inside:
        return (1, area_of(m), m.id)
    return None


def expanded(r: Rect, by: float) -> Rect:
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def reach_box(m: Markup) -> Rect:
    """The box a hit on ``m`` can fall in at tolerance 0 (the shape's box plus half its line width)."""
    return expanded(m.bbox(), m.width / 2)


def intersects(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
