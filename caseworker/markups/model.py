"""The markup as the core works with it: one shape on one page in PDF user-space points.

The wire model (``domain.models.Annotation``) keeps geometry as a free mapping; here each kind has its
fields: ``rect`` (x0 < x1, y0 < y1), ``points``, ``anchor`` (a callout's leader end) and ``strokes`` (ink).
Markups of the first contract had free geometry (``from``/``to``, ``at``, ``x``/``y``); they are read as
well as they can be and written back in the current shapes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from caseworker.domain.models import (
    Annotation,
    AnnotationInput,
    AnnotationKind,
    AnnotationStatus,
    LengthUnit,
    MarkupScale,
)

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 with x0 <= x1 and y0 <= y1

Kind = AnnotationKind
Status = AnnotationStatus

RECT_KINDS = frozenset({Kind.RECTANGLE, Kind.ELLIPSE, Kind.HIGHLIGHT, Kind.TEXT, Kind.STAMP, Kind.CALLOUT})
TWO_POINT_KINDS = frozenset({Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.CALIBRATION, Kind.MEASUREMENT})
CLOSED_KINDS = frozenset({Kind.POLYGON, Kind.AREA, Kind.CLOUD})
STAMP_LABELS = ("Godkänd", "Granskad", "Ej godkänd", "Komplettering krävs")  # i18n: not ui text
# the standard stamps' own colours, as reviewers expect them (green approves, red refuses); the
# municipality's own stamps take the colour chosen in the tool bar
STAMP_COLOURS = {
    "Godkänd": "#2e7d32",
    "Granskad": "#1565c0",
    "Ej godkänd": "#d32f2f",
    "Komplettering krävs": "#f57c00",
}
DEFAULT_STAMP_SIZE = (140.0, 40.0)
DEFAULT_TEXT_SIZE = (160.0, 40.0)
# what a file from another tool may bring in (the platform's own limits, so an import can be stored)
MAX_ANNOTATIONS = 50_000  # markups of one file
MAX_POINTS = 5_000  # of one markup (the platform takes 10 000 numbers)
MAX_TEXT = 4_000  # characters of a markup's or a reply's text
MAX_NAME = 200  # characters of an id or an author's name
# control characters other than tab and line breaks: the platform refuses them, XML 1.0 cannot hold most
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """``text`` without the control characters the platform refuses (another tool's file may hold them)."""
    return _CONTROL.sub("", text)


class MarkupError(ValueError):
    """A markup that cannot be read or written, with one English sentence why."""


@dataclass(frozen=True)
class Reply:
    id: str
    author: str
    text: str
    created: dt.datetime | None = None


@dataclass(frozen=True)
class Markup:
    id: str
    page: int
    kind: Kind
    rect: Rect | None = None
    points: tuple[Point, ...] = ()
    anchor: Point | None = None
    strokes: tuple[tuple[Point, ...], ...] = ()
    text: str = ""
    color: str = "#d32f2f"
    width: float = 1.0
    status: Status = Status.OPEN
    author: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    replies: tuple[Reply, ...] = ()
    document_sha256: str | None = None
    scale: MarkupScale | None = None  # a calibration's scale
    etag: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.rect is not None:
            object.__setattr__(self, "rect", normal_rect(self.rect))

    # --- shape ------------------------------------------------------------------------------------
    def outline(self) -> tuple[Point, ...]:
        """The points that bound the shape (for the bounding box and the spatial index)."""
        pts: list[Point] = list(self.points)
        if self.rect is not None:
            x0, y0, x1, y1 = self.rect
            pts += [(x0, y0), (x1, y1)]
        if self.anchor is not None:
            pts.append(self.anchor)
        for stroke in self.strokes:
            pts += stroke
        return tuple(pts)

    def bbox(self) -> Rect:
        """The shape's bounding box, without line width."""
        pts = self.outline()
        if not pts:
            return (0.0, 0.0, 0.0, 0.0)
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))

    def moved(self, dx: float, dy: float) -> Markup:
        def shift(p: Point) -> Point:
            return (p[0] + dx, p[1] + dy)

        rect = (
            None
            if self.rect is None
            else (self.rect[0] + dx, self.rect[1] + dy, self.rect[2] + dx, self.rect[3] + dy)
        )
        return replace(
            self,
            rect=rect,
            points=tuple(shift(p) for p in self.points),
            anchor=None if self.anchor is None else shift(self.anchor),
            strokes=tuple(tuple(shift(p) for p in s) for s in self.strokes),
        )

    def polygon(self) -> tuple[Point, ...]:
        """The closed outline of a cloud, polygon or area (a cloud drawn from a rect: its corners)."""
        if self.points:
            return self.points
        if self.rect is not None:
            x0, y0, x1, y1 = self.rect
            return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
        return ()

    # --- the wire -----------------------------------------------------------------------------------
    def geometry(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.rect is not None:
            out["rect"] = list(self.rect)
        if self.points:
            out["points"] = [list(p) for p in self.points]
        if self.anchor is not None:
            out["anchor"] = list(self.anchor)
        if self.strokes:
            out["strokes"] = [[list(p) for p in s] for s in self.strokes]
        return out

    def to_input(self) -> AnnotationInput:
        return AnnotationInput(
            page=self.page,
            kind=self.kind,
            geometry=self.geometry(),
            text=self.text,
            color=self.color,
            status=self.status,
            resolved=self.status != Status.OPEN,
            width=self.width,
            document_sha256=self.document_sha256,
            scale=self.scale,
        )

    @classmethod
    def from_annotation(cls, a: Annotation) -> Markup:
        shape = shape_from_geometry(a.kind, a.geometry)
        return cls(
            id=a.id,
            page=a.page,
            kind=Kind.DISTANCE if a.kind == Kind.MEASUREMENT else a.kind,
            text=a.text,
            color=a.color,
            width=a.width,
            status=a.status,
            author=a.author_name,
            created=a.created_at,
            modified=a.updated_at,
            replies=tuple(Reply(r.id, r.author_name, r.text, r.created_at) for r in a.replies),
            document_sha256=a.document_sha256,
            scale=a.scale,
            etag=a.etag,
            **shape,
        )


def normal_rect(r: Sequence[float]) -> Rect:
    x0, y0, x1, y1 = (float(v) for v in r)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _number(v: Any) -> float | None:
    """A finite JSON number as a float, None for anything else (a list, text, a boolean)."""
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return None
    return float(v)


def _pair(value: Any) -> Point | None:
    if not isinstance(value, list) or len(value) < 2:
        return None
    x, y = _number(value[0]), _number(value[1])
    return None if x is None or y is None else (x, y)


def to_points(value: Any) -> tuple[Point, ...]:
    """[[x, y], ...] or a flat [x, y, x, y, ...] as points; what is no point is left out (the platform
    keeps the first contract's free geometry, so a markup another client stored may hold anything)."""
    if not isinstance(value, list):
        return ()
    if value and any(isinstance(v, list) for v in value):
        return tuple(p for p in (_pair(v) for v in value) if p is not None)
    flat = [_number(v) for v in value]
    if None in flat:
        return ()
    return tuple(zip(flat[0::2], flat[1::2], strict=False))  # type: ignore[arg-type]


def _point(value: Any) -> Point | None:
    pts = to_points(value)
    return pts[0] if pts else None


def _size(geometry: Mapping[str, Any], key: str, default: float) -> float:
    value = _number(geometry.get(key))
    return default if value is None else value


def shape_from_geometry(kind: Kind, geometry: Mapping[str, Any]) -> dict[str, Any]:
    """The shape fields of a wire geometry, the first contract's free shapes included. What cannot be read
    is left out, never an error: one odd markup must not keep a drawing's other markups from showing."""
    shape: dict[str, Any] = {}
    rect = geometry.get("rect")
    if isinstance(rect, list) and len(rect) == 4:
        corners = [_number(v) for v in rect]
        if None not in corners:
            shape["rect"] = normal_rect(corners)  # type: ignore[arg-type]
    points = to_points(geometry.get("points"))
    if not points and "from" in geometry and "to" in geometry:
        start, end = _point(geometry["from"]), _point(geometry["to"])
        points = tuple(p for p in (start, end) if p is not None)
    if points:
        shape["points"] = points
    anchor = _point(geometry.get("anchor"))
    if anchor is not None:
        shape["anchor"] = anchor
    strokes = geometry.get("strokes")
    if isinstance(strokes, list):
        shape["strokes"] = tuple(s for s in (to_points(x) for x in strokes) if s)
    if kind == Kind.CLOUD and "rect" in shape and "points" not in shape:  # every cloud is a polygon
        x0, y0, x1, y1 = shape.pop("rect")
        shape["points"] = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    if not shape:  # a bare position (``at``, or ``x``/``y`` with an optional ``w``/``h``)
        at = _point(geometry.get("at"))
        if at is None:
            x, y = _number(geometry.get("x")), _number(geometry.get("y"))
            at = None if x is None or y is None else (x, y)
        if at is not None:
            w = _size(geometry, "w", DEFAULT_STAMP_SIZE[0] if kind == Kind.STAMP else DEFAULT_TEXT_SIZE[0])
            h = _size(geometry, "h", DEFAULT_STAMP_SIZE[1] if kind == Kind.STAMP else DEFAULT_TEXT_SIZE[1])
            shape["rect"] = normal_rect([at[0], at[1], at[0] + w, at[1] + h])
    return shape


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them (MarkupError otherwise)."""
    try:
        if not path.is_file():
            raise MarkupError(f"{path} is not a file")
        if path.stat().st_size > limit:
            raise MarkupError(f"{path} is larger than {limit >> 20} MB")
        return path.read_bytes()
    except OSError as exc:
        raise MarkupError(f"cannot read {path}: {exc.strerror or exc}") from None


def by_page(markups: Iterable[Markup]) -> dict[int, list[Markup]]:
    pages: dict[int, list[Markup]] = {}
    for m in markups:
        pages.setdefault(m.page, []).append(m)
    return pages


def colour_rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' as three fractions."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise MarkupError(f"not a colour: {colour!r}")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_colour(rgb: Sequence[float]) -> str:
    """Three fractions (or one grey, or four CMYK) as '#rrggbb'."""
    values = [min(1.0, max(0.0, float(v))) for v in rgb]
    if len(values) == 1:
        values = values * 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    elif len(values) != 3:
        return "#d32f2f"
    return "#" + "".join(f"{round(v * 255):02x}" for v in values)


__all__ = [
    "CLOSED_KINDS",
    "RECT_KINDS",
    "STAMP_COLOURS",
    "STAMP_LABELS",
    "TWO_POINT_KINDS",
    "Kind",
    "LengthUnit",
    "Markup",
    "MarkupError",
    "Point",
    "Rect",
    "Reply",
    "Status",
    "by_page",
    "colour_rgb",
    "normal_rect",
    "rgb_colour",
    "shape_from_geometry",
    "without_controls",
]
