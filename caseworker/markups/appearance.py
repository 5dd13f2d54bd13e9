"""Appearance streams of markups: the PDF drawing operators that show each kind in any reader.

pypdf and pikepdf write annotation objects but draw nothing for them, and PDFium draws no Line, Polygon,
PolyLine or Stamp without an appearance (nobody draws a cloudy border by themselves), so the project
draws them here: one form XObject per markup, its BBox the annotation's Rect, in page coordinates.
Text uses the standard Helvetica fonts in WinAnsi encoding (Swedish letters included; others become ?).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from caseworker.markups.geometry import polygon_area, rect_corners
from caseworker.markups.measure import Calibration, measure
from caseworker.markups.model import Kind, Markup, Point, Rect, colour_rgb

FONT = "Helv"  # resource names in every appearance
BOLD = "HeBo"
FADE = "Fade"  # translucent fill (areas)
MARKER = "Mark"  # highlighter: multiply, translucent
CLOUD_RADIUS = 6.0  # points, at intensity 1
TEXT_SIZE = 10.0


def _num(v: float) -> str:
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252), parentheses and backslashes escaped."""
    raw = text.encode("cp1252", errors="replace")
    return (
        b"("
        + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"")
        + b")"
    )


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a word longer than that stays whole)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and stringWidth(candidate, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


@dataclass
class Drawing:
    """Operators and the box they cover."""

    ops: list[bytes] = field(default_factory=list)
    box: list[float] = field(default_factory=lambda: [math.inf, math.inf, -math.inf, -math.inf])
    fonts: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)

    def cover(self, points: Sequence[Point], margin: float = 0.0) -> None:
        for x, y in points:
            self.box[0] = min(self.box[0], x - margin)
            self.box[1] = min(self.box[1], y - margin)
            self.box[2] = max(self.box[2], x + margin)
            self.box[3] = max(self.box[3], y + margin)

    def op(self, *parts: str | float) -> None:
        self.ops.append(" ".join(p if isinstance(p, str) else _num(p) for p in parts).encode())

    def pen(self, colour: str, width: float, dash: Sequence[float] = ()) -> None:
        r, g, b = colour_rgb(colour)
        self.op(r, g, b, "RG", r, g, b, "rg", width, "w 1 J 1 j")
        self.op("[" + " ".join(_num(d) for d in dash) + "] 0 d")

    def path(self, points: Sequence[Point], closed: bool = False, paint: str = "S") -> None:
        if not points:
            return
        self.op(points[0][0], points[0][1], "m")
        for x, y in points[1:]:
            self.op(x, y, "l")
        self.op("h " + paint if closed else paint)

    def text_lines(self, lines: Sequence[str], x: float, top: float, size: float, font: str = FONT) -> None:
        self.fonts.add(font)
        self.ops.append(f"BT /{font} {_num(size)} Tf {_num(size * 1.2)} TL".encode())
        self.op(x, top - size, "Td")
        for i, line in enumerate(lines):
            self.ops.append((b"T* " if i else b"") + pdf_text(line) + b" Tj")
        self.ops.append(b"ET")

    def content(self) -> bytes:
        return b"\n".join([b"q", *self.ops, b"Q"])

    def bbox(self, width: float) -> Rect:
        if not math.isfinite(self.box[0]):
            return (0.0, 0.0, 1.0, 1.0)
        pad = width / 2 + 1
        return (self.box[0] - pad, self.box[1] - pad, self.box[2] + pad, self.box[3] + pad)


def _arc(d: Drawing, cx: float, cy: float, r: float, start: float, sweep: float) -> None:
    """Cubic Bézier pieces of a circular arc (from the current point at ``start``), at most 90° each."""
    pieces = max(1, math.ceil(abs(sweep) / (math.pi / 2)))
    step = sweep / pieces
    k = 4 / 3 * math.tan(step / 4)
    a = start
    for _ in range(pieces):
        b = a + step
        x0, y0 = cx + r * math.cos(a), cy + r * math.sin(a)
        x3, y3 = cx + r * math.cos(b), cy + r * math.sin(b)
        d.op(
            x0 - k * r * math.sin(a), y0 + k * r * math.cos(a),
            x3 + k * r * math.sin(b), y3 - k * r * math.cos(b),
            x3, y3, "c",
        )  # fmt: skip
        a = b


def cloud(d: Drawing, polygon: Sequence[Point], intensity: float = 1.0) -> None:
    """A cloudy border: half circles bulging outwards along every edge (the /BE /S /C look)."""
    pts = list(polygon)
    if len(pts) < 3:
        d.path(pts)
        return
    signed = sum(
        pts[i][0] * pts[(i + 1) % len(pts)][1] - pts[(i + 1) % len(pts)][0] * pts[i][1]
        for i in range(len(pts))
    )
    outward = 1.0 if signed > 0 else -1.0  # the sweep that bulges away from the inside, either winding
    radius = CLOUD_RADIUS * max(0.5, intensity)
    d.op(pts[0][0], pts[0][1], "m")
    for i, a in enumerate(pts):
        b = pts[(i + 1) % len(pts)]
        length = math.dist(a, b)
        if length == 0:
            continue
        n = max(1, round(length / (2 * radius)))
        for j in range(n):
            sx, sy = a[0] + (b[0] - a[0]) * j / n, a[1] + (b[1] - a[1]) * j / n
            ex, ey = a[0] + (b[0] - a[0]) * (j + 1) / n, a[1] + (b[1] - a[1]) * (j + 1) / n
            cx, cy, r = (sx + ex) / 2, (sy + ey) / 2, length / n / 2
            start = math.atan2(sy - cy, sx - cx)
            _arc(d, cx, cy, r, start, outward * math.pi)
    d.op("h S")
    d.cover(pts, radius + 1)


def ellipse(d: Drawing, r: Rect) -> None:
    cx, cy, rx, ry = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2, (r[2] - r[0]) / 2, (r[3] - r[1]) / 2
    k = 0.5523
    d.op(cx + rx, cy, "m")
    d.op(cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry, "c")
    d.op(cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy, "c")
    d.op(cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry, "c")
    d.op(cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy, "c")
    d.op("h S")
    d.cover(rect_corners(r))


def arrow_head(d: Drawing, tip: Point, tail: Point, size: float) -> None:
    angle = math.atan2(tip[1] - tail[1], tip[0] - tail[0])
    wings = [
        (tip[0] - size * math.cos(angle + s), tip[1] - size * math.sin(angle + s)) for s in (0.45, -0.45)
    ]
    d.path([wings[0], tip, wings[1]])
    d.cover([tip, *wings])


def ticks(d: Drawing, a: Point, b: Point, size: float) -> None:
    """Short bars across both ends of a dimension line."""
    angle = math.atan2(b[1] - a[1], b[0] - a[0]) + math.pi / 2
    ox, oy = size * math.cos(angle), size * math.sin(angle)
    for x, y in (a, b):
        d.path([(x - ox, y - oy), (x + ox, y + oy)])
        d.cover([(x - ox, y - oy), (x + ox, y + oy)])


def label(d: Drawing, text: str, at: Point, colour: str) -> None:
    """A one-line caption centred above ``at`` on a white ground, so it reads over the drawing."""
    width = stringWidth(text, "Helvetica", TEXT_SIZE)
    x0, y0 = at[0] - width / 2 - 2, at[1] + 2
    box = (x0, y0, x0 + width + 4, y0 + TEXT_SIZE + 3)
    d.op("1 1 1 rg", box[0], box[1], box[2] - box[0], box[3] - box[1], "re f")
    r, g, b = colour_rgb(colour)
    d.op(r, g, b, "rg")
    d.text_lines([text], x0 + 2, box[3] - 1, TEXT_SIZE)
    d.cover([(box[0], box[1]), (box[2], box[3])])


def _text_box(d: Drawing, m: Markup, r: Rect, border: bool) -> None:
    if border:
        d.op("1 1 1 rg", r[0], r[1], r[2] - r[0], r[3] - r[1], "re B")
    red, green, blue = colour_rgb(m.color)
    d.op(red, green, blue, "rg")
    d.op(r[0], r[1], r[2] - r[0], r[3] - r[1], "re W n")  # clip the text to its box
    d.text_lines(wrap(m.text, "Helvetica", TEXT_SIZE, r[2] - r[0] - 6), r[0] + 3, r[3] - 3, TEXT_SIZE)
    d.cover(rect_corners(r))


def _stamp(d: Drawing, m: Markup, r: Rect) -> None:
    inner = (r[0] + 3, r[1] + 3, r[2] - 3, r[3] - 3)
    d.op(r[0], r[1], r[2] - r[0], r[3] - r[1], "re S")
    d.op(inner[0], inner[1], inner[2] - inner[0], inner[3] - inner[1], "re S")
    text = (m.text or "Granskad").upper()  # i18n: not ui text (the default stamp)
    size = min(18.0, (r[3] - r[1]) * 0.45)
    width = stringWidth(text, "Helvetica-Bold", size)
    if width > inner[2] - inner[0] - 4:
        size *= (inner[2] - inner[0] - 4) / width
        width = stringWidth(text, "Helvetica-Bold", size)
    red, green, blue = colour_rgb(m.color)
    d.op(red, green, blue, "rg")
    top = (r[1] + r[3]) / 2 + size * 0.85
    d.text_lines([text], (r[0] + r[2]) / 2 - width / 2, top, size, BOLD)
    d.cover(rect_corners(r))


def draw(m: Markup, calibration: Calibration | None = None) -> tuple[Rect, bytes, set[str], set[str]]:
    """(the Rect/BBox, the content stream, the fonts and graphics states it uses) of ``m``'s appearance."""
    d = Drawing()
    width = max(0.1, m.width)
    d.pen(m.color, width, dash=(6, 3) if m.kind == Kind.CALIBRATION else ())
    pts = list(m.points)
    if m.kind == Kind.CLOUD:
        cloud(d, m.polygon())
    elif m.kind == Kind.RECTANGLE and m.rect:
        d.op(m.rect[0], m.rect[1], m.rect[2] - m.rect[0], m.rect[3] - m.rect[1], "re S")
        d.cover(rect_corners(m.rect))
    elif m.kind == Kind.ELLIPSE and m.rect:
        ellipse(d, m.rect)
    elif m.kind == Kind.HIGHLIGHT and m.rect:
        d.states.add(MARKER)
        d.op(f"/{MARKER} gs", m.rect[0], m.rect[1], m.rect[2] - m.rect[0], m.rect[3] - m.rect[1], "re f")
        d.cover(rect_corners(m.rect))
    elif m.kind == Kind.TEXT and m.rect:
        _text_box(d, m, m.rect, border=True)
    elif m.kind == Kind.CALLOUT and m.rect:
        if m.anchor is not None:
            corner = min(rect_corners(m.rect), key=lambda c: math.dist(c, m.anchor or c))
            d.path([corner, m.anchor])
            arrow_head(d, m.anchor, corner, 4 + 2 * width)
        _text_box(d, m, m.rect, border=True)
    elif m.kind == Kind.STAMP and m.rect:
        _stamp(d, m, m.rect)
    elif m.kind == Kind.INK:
        for stroke in m.strokes:
            d.path(list(stroke) if len(stroke) > 1 else [stroke[0], stroke[0]])
            d.cover(stroke)
    elif m.kind in (Kind.POLYGON, Kind.AREA) and len(pts) >= 3:
        if m.kind == Kind.AREA:
            d.states.add(FADE)
            d.op(f"q /{FADE} gs")
            d.path(pts, closed=True, paint="f")
            d.op("Q")
        d.path(pts, closed=True)
        d.cover(pts)
        value = measure(m, calibration)
        if value is not None and polygon_area(pts) > 0:
            label(
                d,
                value.text(),
                (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)),
                m.color,
            )
    elif len(pts) >= 2:
        d.path(pts)
        d.cover(pts)
        if m.kind == Kind.ARROW:
            arrow_head(d, pts[-1], pts[-2], 6 + 2 * width)
        if m.kind in (Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION):
            ticks(d, pts[0], pts[-1], 4 + width)
            value = measure(m, calibration)
            caption = value.text() if value is not None else ""
            if m.kind == Kind.CALIBRATION and m.scale is not None:
                caption = (
                    f"1:{m.scale.ratio:g}" if m.scale.ratio else f"{m.scale.length:g} {m.scale.unit.value}"
                )
            if caption:
                label(d, caption, ((pts[0][0] + pts[-1][0]) / 2, (pts[0][1] + pts[-1][1]) / 2), m.color)
    elif m.rect:
        d.op(m.rect[0], m.rect[1], m.rect[2] - m.rect[0], m.rect[3] - m.rect[1], "re S")
        d.cover(rect_corners(m.rect))
    return d.bbox(width), d.content(), d.fonts, d.states
