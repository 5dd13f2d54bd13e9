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

from caseworker.markups import shapes
from caseworker.markups.geometry import rect_corners
from caseworker.markups.measure import Calibration, measure
from caseworker.markups.model import Kind, Markup, Point, Rect, colour_rgb

FONT = "Helv"  # resource names in every appearance
BOLD = "HeBo"
FADE = "Fade"  # translucent fill (areas)
MARKER = "Mark"  # highlighter: multiply, translucent
TEXT_SIZE = 10.0


def _num(v: float) -> str:
    return f"{v:.2f}"  # a hundredth of a point is finer than any screen or printer shows


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


def stroke(d: Drawing, path: shapes.Path, paint: str = "S") -> None:
    """The path's commands as PDF operators, then ``paint`` (S: stroke, f: fill)."""
    ops = d.ops
    for command in path:
        kind = command[0]
        if kind == "Z":
            ops.append(b"h")
            continue
        points = command[1:]
        d.cover(points)
        numbers = " ".join(f"{x:.2f} {y:.2f}" for x, y in points)
        ops.append(f"{numbers} {_OPERATOR[kind]}".encode())
    if path:
        ops.append(paint.encode())


_OPERATOR = {"M": "m", "L": "l", "C": "c"}


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
    room = inner[2] - inner[0] - 4
    size = min(18.0, (r[3] - r[1]) * 0.45)
    width = stringWidth(text, "Helvetica-Bold", size)
    if width > room:
        # a stamp too small for any text (another tool's, or one of no size) keeps its frame only
        size = size * room / width if room > 0 else 0.0
        width = stringWidth(text, "Helvetica-Bold", size)
    if size <= 0:
        d.cover(rect_corners(r))
        return
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
    if m.kind == Kind.HIGHLIGHT and m.rect:
        d.states.add(MARKER)
        d.op(f"q /{MARKER} gs")
        stroke(d, shapes.rectangle(m.rect), "f")
        d.op("Q")
    elif m.kind in (Kind.TEXT, Kind.CALLOUT) and m.rect:
        stroke(d, shapes.outline(m))
        _text_box(d, m, m.rect, border=True)
    elif m.kind == Kind.STAMP and m.rect:
        _stamp(d, m, m.rect)
    else:
        if m.kind == Kind.AREA and len(pts) >= 3:
            d.states.add(FADE)
            d.op(f"q /{FADE} gs")
            stroke(d, shapes.polyline(pts, closed=True), "f")
            d.op("Q")
        stroke(d, shapes.outline(m))
        caption = caption_of(m, calibration)
        if caption:
            label(d, caption, caption_point(m), m.color)
    return d.bbox(width), d.content(), d.fonts, d.states


def caption_of(m: Markup, calibration: Calibration | None) -> str:
    """What a measurement or calibration shows beside its line: its value or its scale."""
    if m.kind == Kind.CALIBRATION and m.scale is not None:
        # a scale read from someone else's file may state neither, or no finite number: no caption then
        if m.scale.ratio is not None and math.isfinite(m.scale.ratio):
            return f"1:{m.scale.ratio:g}"
        if m.scale.length is None or not math.isfinite(m.scale.length):
            return ""
        return f"{m.scale.length:g} {m.scale.unit.value}".replace(".", ",")
    value = measure(m, calibration)
    return value.text() if value is not None else ""


def caption_point(m: Markup) -> Point:
    """Where the caption sits: the middle of a line, the average of a polygon's corners."""
    pts = list(m.points) or [(m.bbox()[0], m.bbox()[3])]
    if m.kind == Kind.AREA:
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    return ((pts[0][0] + pts[-1][0]) / 2, (pts[0][1] + pts[-1][1]) / 2)
