"""The outlines markups are drawn with, as path commands in page points: one source for the PDF appearance
streams and the screen (the UI turns the commands into a QPainterPath).

A path is a list of commands: ``("M", p)`` move, ``("L", p)`` line, ``("C", c1, c2, p)`` cubic Bézier,
``("Z",)`` close.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from caseworker.markups.model import CLOSED_KINDS, Kind, Markup, Point, Rect

Command = tuple[Any, ...]  # ("M", p) | ("L", p) | ("C", c1, c2, p) | ("Z",)
Path = list[Command]
CLOUD_RADIUS = 6.0  # points, at intensity 1
KAPPA = 0.5523  # a quarter circle's Bézier handle


def polyline(points: Sequence[Point], closed: bool = False) -> Path:
    if not points:
        return []
    path: Path = [("M", points[0]), *(("L", p) for p in points[1:])]
    return [*path, ("Z",)] if closed else path


def arc(cx: float, cy: float, r: float, start: float, sweep: float) -> Path:
    """Cubic pieces of a circular arc from the angle ``start`` (the current point), at most 90° each."""
    pieces = max(1, math.ceil(abs(sweep) / (math.pi / 2)))
    step = sweep / pieces
    k = 4 / 3 * math.tan(step / 4)
    out: Path = []
    a = start
    for _ in range(pieces):
        b = a + step
        x0, y0 = cx + r * math.cos(a), cy + r * math.sin(a)
        x3, y3 = cx + r * math.cos(b), cy + r * math.sin(b)
        c1 = (x0 - k * r * math.sin(a), y0 + k * r * math.cos(a))
        c2 = (x3 + k * r * math.sin(b), y3 - k * r * math.cos(b))
        out.append(("C", c1, c2, (x3, y3)))
        a = b
    return out


def cloud(polygon: Sequence[Point], intensity: float = 1.0) -> Path:
    """A cloudy border: half circles bulging outwards along every edge (the PDF's /BE /S /C look)."""
    pts = list(polygon)
    if len(pts) < 3:
        return polyline(pts)
    n = len(pts)
    signed = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] * pts[i][1] for i in range(n))
    outward = 1.0 if signed > 0 else -1.0  # the sweep that bulges away from the inside, either winding
    radius = CLOUD_RADIUS * max(0.5, intensity)
    path: Path = [("M", pts[0])]
    for i, a in enumerate(pts):
        b = pts[(i + 1) % n]
        length = math.dist(a, b)
        if length == 0:
            continue
        count = max(1, round(length / (2 * radius)))
        for j in range(count):
            sx, sy = a[0] + (b[0] - a[0]) * j / count, a[1] + (b[1] - a[1]) * j / count
            ex, ey = a[0] + (b[0] - a[0]) * (j + 1) / count, a[1] + (b[1] - a[1]) * (j + 1) / count
            cx, cy = (sx + ex) / 2, (sy + ey) / 2
            path += arc(cx, cy, length / count / 2, math.atan2(sy - cy, sx - cx), outward * math.pi)
    return [*path, ("Z",)]


def ellipse(r: Rect) -> Path:
    cx, cy, rx, ry = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2, (r[2] - r[0]) / 2, (r[3] - r[1]) / 2
    k = KAPPA
    return [
        ("M", (cx + rx, cy)),
        ("C", (cx + rx, cy + k * ry), (cx + k * rx, cy + ry), (cx, cy + ry)),
        ("C", (cx - k * rx, cy + ry), (cx - rx, cy + k * ry), (cx - rx, cy)),
        ("C", (cx - rx, cy - k * ry), (cx - k * rx, cy - ry), (cx, cy - ry)),
        ("C", (cx + k * rx, cy - ry), (cx + rx, cy - k * ry), (cx + rx, cy)),
        ("Z",),
    ]


def rectangle(r: Rect) -> Path:
    return polyline(((r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3])), closed=True)


def arrow_head(tip: Point, tail: Point, size: float) -> Path:
    angle = math.atan2(tip[1] - tail[1], tip[0] - tail[0])
    wings = [
        (tip[0] - size * math.cos(angle + s), tip[1] - size * math.sin(angle + s)) for s in (0.45, -0.45)
    ]
    return polyline([wings[0], tip, wings[1]])


def ticks(a: Point, b: Point, size: float) -> Path:
    """Short bars across both ends of a dimension line."""
    angle = math.atan2(b[1] - a[1], b[0] - a[0]) + math.pi / 2
    ox, oy = size * math.cos(angle), size * math.sin(angle)
    return [*polyline([(a[0] - ox, a[1] - oy), (a[0] + ox, a[1] + oy)]),
            *polyline([(b[0] - ox, b[1] - oy), (b[0] + ox, b[1] + oy)])]  # fmt: skip


def leader_corner(rect: Rect, anchor: Point) -> Point:
    """The corner of a callout's box its leader starts from (the one nearest the anchor)."""
    corners = ((rect[0], rect[1]), (rect[2], rect[1]), (rect[2], rect[3]), (rect[0], rect[3]))
    return min(corners, key=lambda c: math.dist(c, anchor))


def outline(m: Markup) -> Path:
    """The stroked outline of ``m`` (text, fills and captions are drawn beside it)."""
    pts = list(m.points)
    width = max(0.1, m.width)
    if m.kind == Kind.CLOUD:
        return cloud(m.polygon())
    if m.kind == Kind.ELLIPSE and m.rect:
        return ellipse(m.rect)
    if m.kind in (Kind.RECTANGLE, Kind.TEXT, Kind.HIGHLIGHT, Kind.STAMP) and m.rect:
        return rectangle(m.rect)
    if m.kind == Kind.CALLOUT and m.rect:
        if m.anchor is None:
            return rectangle(m.rect)
        corner = leader_corner(m.rect, m.anchor)
        return [
            *rectangle(m.rect),
            *polyline([corner, m.anchor]),
            *arrow_head(m.anchor, corner, 4 + 2 * width),
        ]
    if m.kind == Kind.INK:
        return [c for s in m.strokes for c in polyline(list(s) if len(s) > 1 else [s[0], s[0]])]
    if m.kind in CLOSED_KINDS:
        return polyline(pts, closed=True)
    path = polyline(pts)
    if len(pts) >= 2 and m.kind == Kind.ARROW:
        path += arrow_head(pts[-1], pts[-2], 6 + 2 * width)
    if len(pts) >= 2 and m.kind in (Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION):
        path += ticks(pts[0], pts[-1], 4 + width)
    return path
