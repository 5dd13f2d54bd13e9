"""Bytes of the sandbox's demo documents: municipal logos, application forms, drawings, archive scans.

Everything is drawn here from code and is deterministic (reportlab in invariant mode, fixed random
streams), so the same arguments give the same bytes and the same sha256: blobs are content-addressed and
shared between demo cases. Results are cached in-process because tests seed sandboxes often.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from caseworker import pdf

PDF = "application/pdf"
TIFF = "image/tiff"
PNG = "image/png"

# The project's embedded TrueType fonts (caseworker.pdf), the same on every machine.
FONT = pdf.SANS
FONT_BOLD = pdf.SANS_BOLD
FONT_ITALIC = pdf.SANS_ITALIC

A0_LANDSCAPE = (1189 * mm, 841 * mm)
SCAN_DPI = 150
SCAN_SIZE = (2480, 1754)  # A3 landscape at 150 dpi


@dataclass(frozen=True)
class Asset:
    """One document's bytes with what the documents table records about them."""

    data: bytes
    media_type: str
    pages: int
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def make_asset(data: bytes, media_type: str) -> Asset:
    if media_type == PDF:
        pages = pdf_page_count(data)
    elif media_type == TIFF:
        pages = image_frame_count(data)
    else:
        pages = 1
    return Asset(data, media_type, pages, hashlib.sha256(data).hexdigest())


def pdf_page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def image_frame_count(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as img:
        return int(getattr(img, "n_frames", 1))


def register_fonts() -> None:
    pdf.register_fonts(pdf.SANS)


def _save(c: Canvas) -> None:
    pdf.save_canvas(c)


def _canvas(buf: io.BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    register_fonts()
    c = Canvas(buf, pagesize=pagesize, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("Caseworker sandbox (fiktiva demodata)")
    c.setCreator("caseworker.sandbox.assets")
    return c


# --- logos -----------------------------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _shield(size: float, inset: float) -> list[tuple[float, float]]:
    """A heater-shaped shield: straight top, straight sides, two curves meeting in a point."""
    left, right, top = 0.14 * size + inset, 0.86 * size - inset, 0.08 * size + inset
    shoulder, tip = 0.52 * size, 0.94 * size - inset * 1.4
    cx = size / 2
    pts = [(left, top), (right, top), (right, shoulder)]
    for i in range(1, 25):  # quadratic curve right shoulder → tip
        t = i / 24
        x = (1 - t) ** 2 * right + 2 * (1 - t) * t * right + t * t * cx
        y = (1 - t) ** 2 * shoulder + 2 * (1 - t) * t * (tip - 0.06 * size) + t * t * tip
        pts.append((x, y))
    for i in range(1, 24):  # mirror back up to the left shoulder
        x, y = pts[2 + 24 - i]
        pts.append((size - x, y))
    pts.append((left, shoulder))
    return pts


def _figure_tree(d: ImageDraw.ImageDraw, s: float, colour: tuple[int, int, int]) -> None:
    cx = s / 2
    for top, bottom, half in ((0.2, 0.42, 0.12), (0.3, 0.55, 0.17), (0.42, 0.68, 0.22)):
        d.polygon([(cx, top * s), (cx + half * s, bottom * s), (cx - half * s, bottom * s)], fill=colour)
    d.rectangle([cx - 0.035 * s, 0.68 * s, cx + 0.035 * s, 0.8 * s], fill=colour)


def _figure_mountain(d: ImageDraw.ImageDraw, s: float, colour: tuple[int, int, int]) -> None:
    base = 0.72 * s
    d.polygon(
        [
            (0.2 * s, base),
            (0.36 * s, 0.45 * s),
            (0.44 * s, 0.55 * s),
            (0.55 * s, 0.26 * s),
            (0.68 * s, 0.5 * s),
            (0.74 * s, 0.42 * s),
            (0.8 * s, base),
        ],
        fill=colour,
    )
    d.ellipse([0.27 * s, 0.16 * s, 0.37 * s, 0.26 * s], fill=colour)  # a sun/star over the peaks


def _figure_waves(d: ImageDraw.ImageDraw, s: float, colour: tuple[int, int, int]) -> None:
    for row in range(3):
        y0 = (0.3 + row * 0.17) * s
        pts = [
            (x * s, y0 + 0.04 * s * math.sin((x - 0.18) * 2 * math.pi * 3.2))
            for x in _frange(0.17, 0.83, 0.01)
        ]
        d.line(pts, fill=colour, width=int(0.055 * s), joint="curve")
    d.polygon([(0.44 * s, 0.19 * s), (0.56 * s, 0.19 * s), (0.5 * s, 0.11 * s)], fill=colour)  # a sail


def _frange(a: float, b: float, step: float) -> list[float]:
    return [a + i * step for i in range(round((b - a) / step) + 1)]


_FIGURES: dict[str, Callable[[ImageDraw.ImageDraw, float, tuple[int, int, int]], None]] = {
    "tree": _figure_tree,
    "mountain": _figure_mountain,
    "waves": _figure_waves,
}


@functools.lru_cache(maxsize=16)
def municipality_logo(figure: str, primary: str, secondary: str, size: int = 256) -> bytes:
    """A coat-of-arms style shield in the municipality's colours with a simple figure (drawn, not copied)."""
    s = size * 4  # draw large and scale down: Pillow's polygons are not anti-aliased
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.polygon(_shield(s, 0), fill=_rgb(secondary))
    inner = _shield(s, 0.035 * s)
    d.polygon(inner, fill=_rgb(primary))
    layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    _FIGURES[figure](ImageDraw.Draw(layer), s, _rgb(secondary))
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).polygon(inner, fill=255)
    img.paste(layer, (0, 0), Image.composite(layer, Image.new("RGBA", (s, s)), mask).getchannel("A"))
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


# --- application form ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def application_pdf(
    heading: str, addressee: str, fields: tuple[tuple[str, str], ...], description: str
) -> bytes:
    """A one-page application form as the e-service would print it."""
    buf = io.BytesIO()
    c = _canvas(buf, A4, heading)
    w, h = A4
    left, right = 20 * mm, w - 20 * mm
    c.setFillColorRGB(0.93, 0.94, 0.96)
    c.rect(left, h - 38 * mm, right - left, 22 * mm, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT_BOLD, 17)
    c.drawString(left + 5 * mm, h - 26 * mm, heading)
    c.setFont(FONT, 9.5)
    c.drawString(left + 5 * mm, h - 33 * mm, f"Till: {addressee}")
    c.drawRightString(right - 5 * mm, h - 33 * mm, "Inskickad via e-tjänst")

    y = h - 48 * mm
    c.setLineWidth(0.6)
    for label, value in fields:
        c.setStrokeColorRGB(0.6, 0.6, 0.65)
        c.rect(left, y - 11 * mm, right - left, 11 * mm, stroke=1, fill=0)
        c.setFont(FONT, 7.5)
        c.setFillColorRGB(0.35, 0.35, 0.4)
        c.drawString(left + 2.5 * mm, y - 4 * mm, label)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(FONT_BOLD, 10.5)
        c.drawString(left + 2.5 * mm, y - 9 * mm, value[:95])
        y -= 11 * mm

    y -= 9 * mm
    c.setFont(FONT_BOLD, 11)
    c.drawString(left, y, "Beskrivning av åtgärden")
    c.setFont(FONT, 10)
    for line in simpleSplit(description, FONT, 10, right - left)[:14]:
        y -= 5 * mm
        c.drawString(left, y, line)

    y = 62 * mm
    c.setFont(FONT_BOLD, 11)
    c.drawString(left, y, "Bilagor")
    c.setFont(FONT, 9.5)
    for i, text in enumerate(("Situationsplan", "Planritning", "Fasadritningar", "Sektionsritning")):
        c.rect(left, y - (6 + 5 * i) * mm, 3 * mm, 3 * mm)
        c.drawString(left + 5 * mm, y - (5.6 + 5 * i) * mm, text)
    c.line(right - 75 * mm, 40 * mm, right, 40 * mm)
    c.setFont(FONT, 8)
    c.drawString(right - 75 * mm, 36 * mm, "Underskrift (signerad med e-legitimation)")
    p = c.beginPath()  # a scribbled signature
    p.moveTo(right - 70 * mm, 43 * mm)
    for i in range(1, 9):
        p.curveTo(
            right - (68 - 7 * i) * mm, (47 + (i % 2) * 3) * mm,
            right - (66 - 7 * i) * mm, (40 - (i % 3)) * mm,
            right - (64 - 7 * i) * mm, 43 * mm,
        )  # fmt: skip
    c.setStrokeColorRGB(0.1, 0.15, 0.5)
    c.drawPath(p, stroke=1, fill=0)
    c.setFillColorRGB(0.4, 0.4, 0.4)
    c.setFont(FONT, 7.5)  # a third embedded font would cost more than it shows
    c.drawString(
        left, 15 * mm, "Demoblankett i Caseworkers sandlåda. Alla namn, nummer och adresser är fiktiva."
    )
    c.showPage()
    _save(c)
    return buf.getvalue()


# --- drawings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawingSpec:
    key: str
    drawing_type: str
    title: str
    number: str
    scale: int
    revisions: int
    changes: str  # what revision B changed (revision table text)


DRAWINGS: dict[str, DrawingSpec] = {
    d.key: d
    for d in (
        DrawingSpec(
            "plan", "A", "Planritning, plan 1", "A-40.1-101", 100, 2,
            "Nytt sovrum 3, nytt fönster mot norr i sovrum 1, vägg mellan kök och vardagsrum flyttad 0,6 m",
        ),
        DrawingSpec(
            "facade", "A", "Fasadritning", "A-40.3-101", 100, 2,
            "Takkupa mot söder, nytt fönster mot norr, takvinkel 35°",
        ),
        DrawingSpec(
            "section", "A", "Sektionsritning A-A", "A-40.2-101", 100, 2,
            "Takvinkel ändrad från 27° till 35°, rumshöjd 2,60 m",
        ),
        DrawingSpec(
            "site", "P", "Situationsplan", "P-10.1-001", 400, 2,
            "Bostadshuset flyttat 1,5 m från gatan, garaget flyttat till östra tomtgränsen",
        ),
        DrawingSpec("map", "N", "Nybyggnadskarta", "N-10.1-001", 500, 1, ""),
        DrawingSpec("structure", "K", "Konstruktionsritning, grundplan", "K-20.1-101", 100, 1, ""),
    )
}  # fmt: skip

REVISION_LETTERS = "-ABCDEFGH"


def revision_letter(revision: int) -> str:
    return REVISION_LETTERS[revision] if 0 <= revision < len(REVISION_LETTERS) else str(revision)


class _Sheet:
    """Model coordinates in metres, drawn at a scale from an origin given in millimetres on the sheet."""

    def __init__(self, c: Canvas, scale: int, ox_mm: float, oy_mm: float) -> None:
        self.c, self.scale = c, scale
        self.k: float = 1000 / scale * mm
        self.ox: float = ox_mm * mm
        self.oy: float = oy_mm * mm

    def p(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.k, self.oy + y * self.k

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        a, b = self.p(x0, y0)
        e, f = self.p(x1, y1)
        self.c.line(a, b, e, f)

    def rect(
        self, x0: float, y0: float, x1: float, y1: float, *, fill: bool = False, stroke: bool = True
    ) -> None:
        a, b = self.p(x0, y0)
        self.c.rect(a, b, (x1 - x0) * self.k, (y1 - y0) * self.k, stroke=int(stroke), fill=int(fill))

    def poly(self, pts: Sequence[tuple[float, float]], *, close: bool = True, fill: bool = False) -> None:
        path = self.c.beginPath()
        path.moveTo(*self.p(*pts[0]))
        for pt in pts[1:]:
            path.lineTo(*self.p(*pt))
        if close:
            path.close()
        self.c.drawPath(path, stroke=1, fill=int(fill))

    def circle(self, x: float, y: float, r: float, *, fill: bool = False) -> None:
        self.c.circle(*self.p(x, y), r * self.k, stroke=1, fill=int(fill))

    def arc(self, cx: float, cy: float, r: float, start: float, extent: float) -> None:
        x0, y0 = self.p(cx - r, cy - r)
        x1, y1 = self.p(cx + r, cy + r)
        self.c.arc(x0, y0, x1, y1, start, extent)

    def text(
        self, x: float, y: float, s: str, size_mm: float = 2.5, *, bold: bool = False, align: str = "c"
    ) -> None:
        self.c.setFont(FONT_BOLD if bold else FONT, size_mm / 0.3528)
        px, py = self.p(x, y)
        {"c": self.c.drawCentredString, "l": self.c.drawString, "r": self.c.drawRightString}[align](px, py, s)

    def hatch(self, x0: float, y0: float, x1: float, y1: float, step: float) -> None:
        """45° hatching clipped to a rectangle."""
        w, h = x1 - x0, y1 - y0
        t = step
        while t < w + h:
            ax, ay = x0 + max(0.0, t - h), y0 + min(t, h)
            bx, by = x0 + min(t, w), y0 + max(0.0, t - w)
            self.line(ax, ay, bx, by)
            t += step

    def dim(self, x0: float, y0: float, x1: float, y1: float, offset: float, label: str) -> None:
        """A dimension line parallel to (x0,y0)-(x1,y1), `offset` metres to its left, with 45° ticks."""
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        nx, ny = -uy * offset, ux * offset
        a, b = (x0 + nx, y0 + ny), (x1 + nx, y1 + ny)
        self.c.setLineWidth(0.2)
        self.line(*a, *b)
        tick = 0.12 * self.scale_factor()
        for px, py in (a, b):
            self.line(
                px - tick * (ux - uy), py - tick * (uy + ux), px + tick * (ux - uy), py + tick * (uy + ux)
            )
            self.line(px - nx * 0.15, py - ny * 0.15, px - nx * 0.85, py - ny * 0.85)  # extension line
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        self.c.saveState()
        px, py = self.p(mx, my)
        self.c.translate(px, py)
        self.c.rotate(math.degrees(math.atan2(uy, ux)))
        self.c.setFont(FONT, 6)
        self.c.drawCentredString(0, 1.2, label)
        self.c.restoreState()

    def scale_factor(self) -> float:
        return self.scale / 100  # 1.0 at 1:100, grows at smaller scales so ticks stay visible

    def cloud(self, x0: float, y0: float, x1: float, y1: float, bump: float = 0.45) -> None:
        """A revision cloud: scallops bulging out from a rectangle, in red."""
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        path = self.c.beginPath()
        path.moveTo(*self.p(x0, y0))
        for (ax, ay), (bx, by) in itertools.pairwise(corners):
            n = max(1, round(math.hypot(bx - ax, by - ay) / bump))
            ox, oy = (by - ay) / n * 0.7, -(bx - ax) / n * 0.7  # outward for a counter-clockwise ring
            for i in range(n):
                sx, sy = ax + (bx - ax) * i / n, ay + (by - ay) * i / n
                ex, ey = ax + (bx - ax) * (i + 1) / n, ay + (by - ay) * (i + 1) / n
                c1 = self.p(sx + ox, sy + oy)
                c2 = self.p(ex + ox, ey + oy)
                path.curveTo(*c1, *c2, *self.p(ex, ey))
        self.c.saveState()
        self.c.setStrokeColorRGB(0.85, 0.1, 0.1)
        self.c.setLineWidth(0.9)
        self.c.drawPath(path, stroke=1, fill=0)
        self.c.restoreState()

    def revision_mark(self, x: float, y: float, letter: str) -> None:
        self.c.saveState()
        self.c.setStrokeColorRGB(0.85, 0.1, 0.1)
        self.c.setFillColorRGB(0.85, 0.1, 0.1)
        self.c.setLineWidth(0.7)
        r = 0.45 * self.scale_factor()
        self.poly([(x - r, y - r * 0.6), (x + r, y - r * 0.6), (x, y + r * 1.1)])
        self.text(x, y - r * 0.35, letter, 2.2, bold=True)
        self.c.restoreState()


def _frame_and_title_block(c: Canvas, spec: DrawingSpec, revision: int) -> None:
    w, h = landscape(A3)
    c.setLineWidth(1.0)
    c.rect(20 * mm, 10 * mm, w - 30 * mm, h - 20 * mm)
    c.setLineWidth(0.5)
    x0, x1 = w - 190 * mm, w - 10 * mm
    rows = [
        ("Projekt", "NYBYGGNAD AV BOSTADSHUS"),
        ("Innehåll", spec.title.upper()),
        ("Ritningstyp", {"A": "A – arkitekt", "P": "P – situationsplan", "N": "N – nybyggnadskarta",
                         "K": "K – konstruktion"}.get(spec.drawing_type, spec.drawing_type)),
        ("Skala", f"1:{spec.scale} (A3)"),
        ("Status", "BYGGLOVSHANDLING"),
        ("Upprättad av", "Exempelarkitekterna AB (fiktiv)"),
    ]  # fmt: skip
    row_h = 7 * mm
    top = 10 * mm + row_h * (len(rows) + 1)
    c.rect(x0, 10 * mm, x1 - x0, top - 10 * mm)
    for i, (label, value) in enumerate(rows):
        y = top - row_h * (i + 1)
        c.line(x0, y, x1, y)
        c.setFont(FONT, 6)
        c.drawString(x0 + 2 * mm, y + 4.6 * mm, label)
        c.setFont(FONT_BOLD, 9)
        c.drawString(x0 + 28 * mm, y + 1.8 * mm, value)
    c.line(x0, 10 * mm + row_h, x1, 10 * mm + row_h)
    c.setFont(FONT, 6)
    c.drawString(x0 + 2 * mm, 10 * mm + 4.6 * mm, "Ritningsnummer")
    c.drawString(x1 - 40 * mm, 10 * mm + 4.6 * mm, "Revision")
    c.setFont(FONT_BOLD, 12)
    c.drawString(x0 + 28 * mm, 10 * mm + 1.6 * mm, spec.number)
    c.drawString(x1 - 22 * mm, 10 * mm + 1.6 * mm, revision_letter(revision))
    c.line(x1 - 42 * mm, 10 * mm, x1 - 42 * mm, 10 * mm + row_h)

    # revision table above the title block
    entries = [("A", "Bygglovshandling", "EX")]
    if revision >= 2 and spec.changes:
        entries.append(("B", spec.changes, "EX"))
    y = top
    c.setFont(FONT_BOLD, 6.5)
    c.drawString(x0 + 2 * mm, y + 2 * mm, "Rev.   Ändringen avser")
    c.drawRightString(x1 - 2 * mm, y + 2 * mm, "Sign.")
    for letter, text, sign in entries:
        lines = simpleSplit(text, FONT, 7, 150 * mm)
        for k, line in enumerate(lines):
            y += 4 * mm if k else 5 * mm
            c.setFont(FONT, 7)
            if k == 0:
                c.drawString(x0 + 2 * mm, y + 1.5 * mm, letter)
                c.drawRightString(x1 - 2 * mm, y + 1.5 * mm, sign)
            c.drawString(x0 + 10 * mm, y + 1.5 * mm, line)
    c.line(x0, top, x0, y + 5 * mm)
    c.line(x1, top, x1, y + 5 * mm)
    c.line(x0, y + 5 * mm, x1, y + 5 * mm)


# Plan geometry (metres, outer wall faces at 0..12 x 0..8.4, walls 0.3 thick).
_PLAN_W, _PLAN_H, _WALL = 12.0, 8.4, 0.3
_PLAN_ORIGIN_MM = (90.0, 120.0)  # where the plan's origin sits on the sheet, at 1:100


def _wall_opening(s: _Sheet, side: str, a: float, b: float, *, door: bool = False) -> None:
    """Cut an opening into the exterior wall and draw a window (three lines) or an entrance door."""
    t = _WALL
    if side in "SN":
        y0 = 0.0 if side == "S" else _PLAN_H - t
        s.c.setFillColorRGB(1, 1, 1)
        s.rect(a, y0, b, y0 + t, fill=True, stroke=False)
        s.c.setFillColorRGB(0, 0, 0)
        s.line(a, y0, a, y0 + t)
        s.line(b, y0, b, y0 + t)
        if door:
            s.arc(a, y0 + t, b - a, 0, 90)
            s.line(a, y0 + t, a, y0 + t + (b - a))
        else:
            for f in (0.0, 0.5, 1.0):
                s.line(a, y0 + f * t, b, y0 + f * t)
    else:
        x0 = 0.0 if side == "W" else _PLAN_W - t
        s.c.setFillColorRGB(1, 1, 1)
        s.rect(x0, a, x0 + t, b, fill=True, stroke=False)
        s.c.setFillColorRGB(0, 0, 0)
        s.line(x0, a, x0 + t, a)
        s.line(x0, b, x0 + t, b)
        for f in (0.0, 0.5, 1.0):
            s.line(x0 + f * t, a, x0 + f * t, b)


def _inner_wall(
    s: _Sheet, x0: float, y0: float, x1: float, y1: float, doors: Sequence[tuple[float, float]] = ()
) -> None:
    """A 0.12 m partition from (x0,y0) to (x1,y1) (axis-parallel) with door openings along it."""
    half = 0.06
    horizontal = y0 == y1
    cuts = sorted(doors)
    start = x0 if horizontal else y0
    end = x1 if horizontal else y1
    s.c.setFillColorRGB(0.35, 0.35, 0.35)
    for a, b in [*zip([start] + [d[1] for d in cuts], [d[0] for d in cuts] + [end], strict=True)]:
        if b - a <= 0:
            continue
        if horizontal:
            s.rect(a, y0 - half, b, y0 + half, fill=True)
        else:
            s.rect(x0 - half, a, x0 + half, b, fill=True)
    s.c.setFillColorRGB(0, 0, 0)
    s.c.setLineWidth(0.25)
    for a, b in cuts:
        if horizontal:
            s.line(a, y0, a, y0 + (b - a))
            s.arc(a, y0, b - a, 0, 90)
        else:
            s.line(x0, a, x0 + (b - a), a)
            s.arc(x0, a, b - a, 0, 90)
    s.c.setLineWidth(0.5)


def _draw_plan(c: Canvas, revision: int) -> None:
    s = _Sheet(c, 100, *_PLAN_ORIGIN_MM)
    W, H, t = _PLAN_W, _PLAN_H, _WALL
    c.setLineWidth(0.5)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    s.rect(0, 0, W, H, fill=True)
    c.setFillColorRGB(1, 1, 1)
    s.rect(t, t, W - t, H - t, fill=True)
    c.setFillColorRGB(0, 0, 0)

    kitchen_wall = 5.1 if revision >= 2 else 4.5
    _inner_wall(s, 3.9, t, 3.9, H - t, doors=[(2.9, 3.7), (4.7, 5.5)])
    _inner_wall(s, t, 4.2, 3.9, 4.2)
    _inner_wall(s, 5.3, t, 5.3, H - t, doors=[(1.0, 2.2), (4.9, 5.6), (6.5, 7.2)])
    _inner_wall(s, 5.3, 4.5, 7.2, 4.5)
    _inner_wall(s, 5.3, 6.05, 7.2, 6.05)
    _inner_wall(s, 7.2, 4.5, 7.2, H - t)
    _inner_wall(s, 9.5, kitchen_wall, W - t, kitchen_wall)
    if revision >= 2:
        _inner_wall(s, 9.0, t, 9.0, 3.4, doors=[(2.4, 3.2)])
        _inner_wall(s, 9.0, 3.4, W - t, 3.4)

    for side, a, b in (("W", 5.6, 6.8), ("W", 1.6, 2.8), ("S", 6.2, 7.8), ("S", 9.8, 11.2), ("E", 1.4, 3.0),
                       ("E", 5.8, 7.2), ("N", 8.2, 9.8), ("N", 5.8, 6.6)):  # fmt: skip
        _wall_opening(s, side, a, b)
    _wall_opening(s, "S", 4.1, 5.1, door=True)
    if revision >= 2:
        _wall_opening(s, "N", 1.4, 2.6)

    # furniture and fittings, thin
    c.setLineWidth(0.25)
    s.rect(1.0, 5.6, 2.6, 7.6)  # double bed, sovrum 1
    s.line(1.0, 7.2, 2.6, 7.2)
    s.rect(0.6, 1.2, 1.5, 3.2)  # beds, sovrum 2
    s.rect(2.3, 1.2, 3.2, 3.2)
    s.rect(7.2, H - t - 0.6, W - t, H - t)  # kitchen counter
    s.rect(8.4, H - t - 0.5, 9.2, H - t - 0.1)
    for cx in (10.2, 10.6):
        for cy in (7.55, 7.85):
            s.circle(cx, cy, 0.12)
    s.rect(5.5, 7.3, 6.3, 7.9)  # shower
    s.line(5.5, 7.3, 6.3, 7.9)
    s.circle(6.75, 6.55, 0.22)  # wc
    s.rect(6.5, 7.6, 7.0, 7.95)  # basin
    s.rect(6.2, 0.9, 8.6, 1.8)  # sofa
    s.rect(6.9, 2.3, 8.0, 3.3)  # table
    if revision >= 2:
        s.rect(10.0, 0.8, 11.4, 2.8)  # bed, sovrum 3

    rooms = [
        ("SOVRUM 1", t, 4.2, 3.9, H - t),
        ("SOVRUM 2", t, t, 3.9, 4.2),
        ("HALL", 3.9, t, 5.3, H - t),
        ("KLK", 5.3, 4.5, 7.2, 6.05),
        ("BAD", 5.3, 6.05, 7.2, H - t),
        ("KÖK", 7.2, kitchen_wall, W - t, H - t),
    ]
    if revision >= 2:
        rooms += [("VARDAGSRUM", 5.3, t, 9.0, kitchen_wall), ("SOVRUM 3", 9.0, t, W - t, 3.4)]
    else:
        rooms += [("VARDAGSRUM", 5.3, t, W - t, kitchen_wall)]
    for name, x0, y0, x1, y1 in rooms:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if name == "VARDAGSRUM":
            cy = 3.9 if revision < 2 else 3.95
        s.text(cx, cy, name, 2.6, bold=True)
        s.text(cx, cy - 0.45, f"{(x1 - x0) * (y1 - y0):.1f} m²".replace(".", ","), 2.2)

    # dimensions (millimetres, as Swedish drawings write them)
    s.dim(0, 0, W, 0, -1.6, "12000")
    for a, b in ((0, 3.9), (3.9, 5.3), (5.3, 7.2), (7.2, W)):
        s.dim(a, 0, b, 0, -0.8, f"{(b - a) * 1000:.0f}")
    s.dim(0, H, 0, 0, -1.4, "8400")
    # section line A-A
    c.setDash([6, 2, 1, 2])
    s.line(8.3, -1.0, 8.3, H + 1.0)
    c.setDash()
    for y in (-1.0, H + 1.0):
        s.text(8.6, y, "A", 3.5, bold=True, align="l")
    s.text(W / 2, H + 1.6, "PLAN 1   1:100", 4, bold=True)
    _north_arrow(s, W + 2.0, H - 0.5)
    if revision >= 2:
        s.cloud(8.6, 0.0, W + 0.3, 3.9)
        s.cloud(9.3, kitchen_wall - 0.5, W - 0.1, kitchen_wall + 0.5)
        s.cloud(1.1, H - 0.6, 2.9, H + 0.4)
        for x, y in ((W + 0.9, 2.0), (W + 0.5, kitchen_wall), (3.3, H + 0.7)):
            s.revision_mark(x, y, "B")


def _north_arrow(s: _Sheet, x: float, y: float) -> None:
    s.c.setLineWidth(0.5)
    s.circle(x, y, 0.6)
    s.poly([(x, y + 0.8), (x + 0.3, y - 0.4), (x, y - 0.15), (x - 0.3, y - 0.4)], fill=True)
    s.text(x, y + 1.0, "N", 3, bold=True)


def _roof_ridge(revision: int) -> float:
    pitch = 35 if revision >= 2 else 27
    return 2.7 + 4.5 * math.tan(math.radians(pitch))


def _draw_facade(c: Canvas, revision: int) -> None:
    ridge = _roof_ridge(revision)
    for ox, name, openings in (
        (35, "FASAD MOT SÖDER", [("d", 4.1, 5.1), ("w", 6.2, 7.8), ("w", 9.8, 11.2)]),
        (
            215,
            "FASAD MOT NORR",
            [("w", 2.2, 3.8), ("s", 5.4, 6.2)] + ([("w", 9.4, 10.6)] if revision >= 2 else []),
        ),
    ):
        s = _Sheet(c, 100, ox, 130)
        c.setLineWidth(1.0)
        s.line(-1.5, 0, 13.5, 0)  # ground
        c.setLineWidth(0.2)
        for i in range(30):
            s.line(-1.5 + i * 0.5, 0, -1.3 + i * 0.5, -0.2)
        c.setLineWidth(0.6)
        s.rect(0, 0, 12, 2.7)
        s.line(0, 0.35, 12, 0.35)  # plinth
        s.rect(-0.5, 2.7, 12.5, ridge)  # roof face seen from the long side
        c.setLineWidth(0.15)
        y = 2.95
        while y < ridge - 0.05:  # roof tile courses
            s.line(-0.5, y, 12.5, y)
            y += 0.22
        # vertical board panel, interrupted by openings
        holes = [(a, b) for _kind, a, b in openings]
        x = 0.2
        while x < 12:
            if not any(a - 0.05 < x < b + 0.05 for a, b in holes):
                s.line(x, 0.35, x, 2.7)
            x += 0.2
        c.setLineWidth(0.45)
        for kind, a, b in openings:
            if kind == "d":
                s.rect(a, 0.35, b, 2.4)
                s.rect(a + 0.15, 1.4, b - 0.15, 2.2)
                s.circle(b - 0.15, 1.2, 0.04)
            else:
                low = 1.6 if kind == "s" else 0.9
                s.rect(a, low, b, 2.3)
                s.line((a + b) / 2, low, (a + b) / 2, 2.3)
                if kind == "w":
                    s.line(a, 1.8, b, 1.8)
        if revision >= 2 and ox == 35:  # dormer on the south roof
            c.setFillColorRGB(1, 1, 1)
            s.rect(6.6, 3.2, 9.4, ridge - 0.5, fill=True)
            c.setFillColorRGB(0, 0, 0)
            s.rect(7.2, 3.5, 8.8, ridge - 0.9)
            s.line(8.0, 3.5, 8.0, ridge - 0.9)
            s.cloud(6.2, 2.9, 9.8, ridge - 0.1)
            s.revision_mark(10.4, ridge - 0.2, "B")
        if revision >= 2 and ox == 215:
            s.cloud(9.0, 0.6, 11.0, 2.6)
            s.revision_mark(11.5, 2.4, "B")
            s.cloud(-0.8, ridge - 0.35, 12.8, ridge + 0.35)
        c.setLineWidth(0.3)
        s.text(12.9, 2.6, "+2,7 takfot", 2, align="l")
        s.text(12.9, ridge - 0.1, f"+{ridge:.1f} nock".replace(".", ","), 2, align="l")
        s.text(6, -1.3, f"{name}   1:100", 3.5, bold=True)
        s.text(6, -1.9, "Fasad: stående locklistpanel, kulör röd. Tak: betongpannor, svarta.", 2.2)


def _draw_section(c: Canvas, revision: int) -> None:
    s = _Sheet(c, 100, 70, 120)
    pitch = 35 if revision >= 2 else 27
    ridge = _roof_ridge(revision)
    ceiling = 2.6 if revision >= 2 else 2.4
    c.setLineWidth(1.0)
    s.line(-2, 0, 10.4, 0)
    c.setLineWidth(0.5)
    c.setFillColorRGB(0.75, 0.75, 0.75)
    s.rect(0, -0.1, 8.4, 0.1, fill=True)  # slab
    c.setFillColorRGB(0, 0, 0)
    c.setLineWidth(0.2)
    for i in range(42):  # insulation under the slab, zigzag
        x = i * 0.2
        s.line(x, -0.1, x + 0.1, -0.4)
        s.line(x + 0.1, -0.4, x + 0.2, -0.1)
    c.setLineWidth(0.6)
    for x0 in (0, 8.1):
        s.rect(x0, 0.1, x0 + 0.3, 2.7)
        s.hatch(x0, 0.1, x0 + 0.3, 2.7, 0.12)
    s.rect(3.84, 0.1, 3.96, ceiling)  # partition
    s.line(0.3, ceiling, 8.1, ceiling)
    # roof: rafters and the attic insulation
    run = 4.2 + 0.5
    s.poly(
        [
            (-0.5, 2.7 - 0.5 * math.tan(math.radians(pitch))),
            (4.2, ridge),
            (8.9, 2.7 - 0.5 * math.tan(math.radians(pitch))),
        ],
        close=False,
    )
    s.poly([(0.0, 2.7), (4.2, ridge - 0.25), (8.4, 2.7)], close=False)
    c.setLineWidth(0.2)
    for i in range(39):
        x = 0.3 + i * 0.2
        s.line(x, ceiling, x + 0.1, ceiling + 0.35)
        s.line(x + 0.1, ceiling + 0.35, x + 0.2, ceiling)
    for k in range(1, 5):  # truss diagonals
        x = k * 8.4 / 5
        if k in (2, 3):
            s.line(x, ceiling, 4.2, ridge - 0.25)
        else:
            s.line(x, ceiling, x, 2.7 + min(x, 8.4 - x) * math.tan(math.radians(pitch)) - 0.25)
    c.setLineWidth(0.3)
    s.text(4.2, ceiling / 2, f"RUMSHÖJD {ceiling:.2f}".replace(".", ","), 2.4, bold=True)
    s.text(4.2 + run * 0.15, ridge + 0.35, f"Taklutning {pitch}°", 2.4, align="l")
    s.dim(8.4, 0, 8.4, ridge, -1.4, f"{ridge * 1000:.0f}")
    s.dim(0, 0, 8.4, 0, -0.9, "8400")
    s.text(4.2, -2.0, "SEKTION A-A   1:100", 3.5, bold=True)
    if revision >= 2:
        s.cloud(2.2, ridge - 1.6, 6.2, ridge + 0.5)
        s.cloud(2.5, ceiling - 0.35, 3.7, ceiling + 0.25)
        s.revision_mark(6.8, ridge + 0.3, "B")


def _draw_site(c: Canvas, revision: int) -> None:
    s = _Sheet(c, 400, 100, 95)
    boundary = [(0, 0), (30, 0), (31, 38), (1.5, 37)]
    c.setLineWidth(0.8)
    c.setDash([8, 2, 1, 2])
    s.poly(boundary)
    for other in ([(-26, 0), (0, 0), (1.5, 37), (-25, 36)], [(30, 0), (58, 0), (59, 39), (31, 38)]):
        s.poly(other)
    c.setDash()
    c.setLineWidth(0.3)
    s.line(-30, -3, 62, -3)
    s.line(-30, -11, 62, -11)
    s.text(16, -7.8, "LOKALGATA", 3, bold=True)
    s.text(-12, 18, "Granntomt", 2.5)
    s.text(45, 18, "Granntomt", 2.5)
    house_y = 13.5 if revision >= 2 else 12.0
    gx, gy = (20.5, 3.5) if revision >= 2 else (2.5, 4.0)
    c.setLineWidth(0.8)
    s.rect(8, house_y, 20, house_y + 8.4)
    c.setLineWidth(0.15)
    s.hatch(8, house_y, 20, house_y + 8.4, 0.9)
    c.setLineWidth(0.8)
    s.rect(gx, gy, gx + 6, gy + 4)
    s.text(14, house_y + 4.0, "BOSTADSHUS", 2.6, bold=True)
    s.text(gx + 3, gy + 1.6, "GARAGE", 2.2, bold=True)
    c.setLineWidth(0.3)
    ix = gx + 1.5
    s.poly([(ix, -3), (ix, gy), (ix + 3, gy), (ix + 3, -3)], close=False)  # driveway
    for tx, ty in ((26, 32), (5, 31), (28, 26), (3, 24)):
        s.circle(tx, ty, 1.6)
    s.dim(8, house_y, 8, 0, 2.0, f"{house_y:.1f}".replace(".", ","))
    s.dim(0, house_y + 4, 8, house_y + 4, 0.0, "8,0")
    s.dim(20, house_y + 2, 30.4, house_y + 2, 0.0, "10,4")
    s.text(16, -14, "SITUATIONSPLAN   1:400", 3.5, bold=True)
    s.text(16, -16.5, "Tomtarea 1 130 m². Byggnadsarea bostadshus 101 m², garage 24 m².", 2.2)
    _north_arrow(s, 36, 34)
    if revision >= 2:
        s.cloud(7.0, house_y - 1.6, 21.0, house_y + 9.2, bump=1.6)
        s.cloud(19.5, 2.5, 27.5, 8.5, bump=1.6)
        s.revision_mark(23.5, house_y + 10.5, "B")
        s.revision_mark(28.5, 9.5, "B")


def _draw_map(c: Canvas, revision: int) -> None:
    s = _Sheet(c, 500, 60, 60)
    c.setLineWidth(0.15)
    for gx in range(0, 121, 20):  # coordinate crosses
        for gy in range(0, 81, 20):
            s.line(gx - 1, gy, gx + 1, gy)
            s.line(gx, gy - 1, gx, gy + 1)
    s.text(0, 82, "N 6588 200", 1.8, align="l")
    s.text(102, 82, "E 153 400", 1.8, align="l")
    c.setLineWidth(0.25)
    for k in range(9):  # height curves
        base = 8 + k * 8
        pts = [(x, base + 3 * math.sin(x / 17 + k * 0.7) + x * 0.06) for x in range(0, 121, 3)]
        s.poly(pts, close=False)
        s.text(
            60 + k * 4,
            base + 3 * math.sin((60 + k * 4) / 17 + k * 0.7) + 4 + 0.3,
            f"+{44 + k * 0.5:.1f}".replace(".", ","),
            1.8,
        )
    c.setLineWidth(0.7)
    c.setDash([6, 2, 1, 2])
    s.poly([(42, 20), (72, 20), (73, 58), (43.5, 57)])
    s.poly([(16, 20), (42, 20), (43.5, 57), (17, 56)])
    s.poly([(72, 20), (100, 20), (101, 59), (73, 58)])
    c.setDash()
    c.setLineWidth(0.3)
    for i, (px, py) in enumerate(((42, 20), (72, 20), (73, 58), (43.5, 57))):
        s.circle(px, py, 0.5)
        s.text(px + 1.2, py + 0.8, str(101 + i), 1.8, align="l")
    s.line(0, 17, 120, 17)
    s.line(0, 9, 120, 9)
    s.text(58, 42, "BYGGRÄTT", 2.4, bold=True)
    c.setDash([2, 2])
    s.rect(46, 26, 68, 50)
    c.setDash()
    s.text(60, -4, "NYBYGGNADSKARTA   1:500", 3.5, bold=True)
    s.text(
        60,
        -7,
        "Koordinatsystem SWEREF 99 13 30, höjdsystem RH 2000. Detaljplan (fiktiv) laga kraft 1987.",
        2.2,
    )


def _draw_structure(c: Canvas, revision: int) -> None:
    s = _Sheet(c, 100, 90, 120)
    c.setLineWidth(0.9)
    s.rect(0, 0, 12, 8.4)
    c.setLineWidth(0.3)
    c.setDash([4, 2])
    s.rect(0.5, 0.5, 11.5, 7.9)  # edge beam, inside
    s.line(3.9, 0.5, 3.9, 7.9)
    s.line(7.2, 0.5, 7.2, 7.9)
    c.setDash()
    for i, x in enumerate((0, 3.9, 7.2, 12)):
        s.line(x, -1.0, x, 9.4)
        s.circle(x, 10.0, 0.45)
        s.text(x, 9.85, str(i + 1), 3, bold=True)
    for i, y in enumerate((0, 4.2, 8.4)):
        s.circle(-1.2, y, 0.45)
        s.text(-1.2, y - 0.15, "ABC"[i], 3, bold=True)
    c.setLineWidth(0.1)
    y = 0.25
    while y < 8.4:  # reinforcement mesh
        s.line(0.15, y, 11.85, y)
        y += 0.3
    s.text(6, -1.8, "GRUNDPLAN, PLATTA PÅ MARK   1:100", 3.5, bold=True)
    s.text(6, -2.6, "Kantbalk 300x400, armering 2 ø12 ök/uk. Nät ø6 s150. Betong C25/30, XC2.", 2.4)


_PAINTERS: dict[str, Callable[[Canvas, int], None]] = {
    "plan": _draw_plan,
    "facade": _draw_facade,
    "section": _draw_section,
    "site": _draw_site,
    "map": _draw_map,
    "structure": _draw_structure,
}


@functools.lru_cache(maxsize=32)
def drawing_pdf(key: str, revision: int) -> bytes:
    """One A3 drawing sheet as a vector PDF; revision 2 differs visibly from revision 1 (clouds, changes)."""
    spec = DRAWINGS[key]
    buf = io.BytesIO()
    c = _canvas(buf, landscape(A3), f"{spec.title}, rev {revision_letter(revision)}")
    _PAINTERS[key](c, revision)
    c.setLineWidth(0.5)
    c.setStrokeColorRGB(0, 0, 0)
    c.setFillColorRGB(0, 0, 0)
    _frame_and_title_block(c, spec, revision)
    c.showPage()
    _save(c)
    return buf.getvalue()


# --- the dense A0 sheet ----------------------------------------------------------------------------


def _f(v: float) -> str:
    return f"{v:.2f}"


_Label = tuple[str, float, float, float, bool]  # text, x, y (metres), font size (pt), bold


def _dense_apartment(
    ops: list[str], ox: float, oy: float, k: float, variant: int, rng: random.Random
) -> list[_Label]:
    """Append path operators of one apartment plan (origin in points, k points per metre).

    Returns the plan's texts, which the caller sets with the canvas."""
    w = 9.2 + (variant % 3) * 0.3
    h = 8.8 + (variant % 2) * 0.5
    split_x = 3.6 + (variant % 4) * 0.2
    split_y = 3.8 + (variant % 5) * 0.15
    wet_x = split_x + 2.2
    rooms = [
        ("SOVRUM", 0.0, split_y, split_x, h),
        ("SOVRUM", 0.0, 0.0, split_x, split_y),
        ("HALL", split_x, 0.0, wet_x, split_y),
        ("BAD", split_x, split_y, wet_x, h),
        ("VARDAGSRUM", wet_x, 0.0, w, h * 0.58),
        ("KÖK", wet_x, h * 0.58, w, h),
    ]

    def seg(x0: float, y0: float, x1: float, y1: float) -> None:
        ops.append(f"{_f(ox + x0 * k)} {_f(oy + y0 * k)} m {_f(ox + x1 * k)} {_f(oy + y1 * k)} l\n")

    labels: list[_Label] = []
    for name, x0, y0, x1, y1 in rooms:
        ops.append("0.1 w 0.45 G\n")
        if name == "BAD":  # tiles
            x = x0 + 0.15
            while x < x1:
                seg(x, y0, x, y1)
                x += 0.15
            y = y0 + 0.15
            while y < y1:
                seg(x0, y, x1, y)
                y += 0.15
        else:  # parquet: strips with staggered end joints
            row, y = 0, y0 + 0.06
            while y < y1:
                seg(x0, y, x1, y)
                x = x0 + (0.3 if row % 2 else 0.0) + rng.random() * 0.1
                while x < x1:
                    seg(x, y - 0.06, x, y)
                    x += 0.6
                y += 0.06
                row += 1
        ops.append("S\n")
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        labels.append((name, cx, cy + 0.05, 4.5, True))
        labels.append((f"{(x1 - x0) * (y1 - y0):.1f} m²".replace(".", ","), cx, cy - 0.35, 4.0, False))

    # walls: outer and inner faces plus 45° hatching inside the wall thickness
    ops.append("0.6 w 0 G\n")
    t = 0.25
    for a, b in ((0.0, -t), (w, w + t)):
        seg(a, -t, a, h + t)
        seg(b, -t, b, h + t)
    seg(-t, -t, w + t, -t)
    seg(-t, h + t, w + t, h + t)
    ops.append("S 0.15 w\n")
    step = 0.1
    for x0 in (-t, w):
        y = -t
        while y < h:
            seg(x0, y, x0 + t, y + t)
            y += step
    for y0 in (-t, h):
        x = -t
        while x < w:
            seg(x, y0, x + t, y0 + t)
            x += step
    ops.append("S 0.35 w\n")
    for x in (split_x, wet_x):
        seg(x - 0.06, 0, x - 0.06, h)
        seg(x + 0.06, 0, x + 0.06, h)
    seg(0, split_y - 0.06, wet_x, split_y - 0.06)
    seg(0, split_y + 0.06, wet_x, split_y + 0.06)
    seg(wet_x, h * 0.58, w - 2.0, h * 0.58)
    ops.append("S\n")
    # doors: leaf and an eight-segment swing
    for dx, dy in ((split_x, 1.0), (split_x, split_y + 0.8), (wet_x, split_y + 0.6), (split_x + 0.4, 0.0)):
        seg(dx, dy, dx + 0.8, dy)
        px, py = dx + 0.8, dy
        for i in range(1, 9):
            ang = math.radians(90 * i / 8)
            nx, ny = dx + 0.8 * math.cos(ang), dy + 0.8 * math.sin(ang)
            seg(px, py, nx, ny)
            px, py = nx, ny
    # windows in the outer wall
    for wx in (0.8, 4.8 + variant % 2, w - 1.9):
        for f in (0.0, 0.12, 0.25):
            seg(wx, h + f, wx + 1.2, h + f)
    ops.append("S\n")
    # dimension chains under and left of the plan
    ops.append("0.2 w\n")
    for base, marks in ((-1.0, [0.0, split_x, wet_x, w]), (-1.5, [0.0, w])):
        seg(marks[0], base, marks[-1], base)
        for x in marks:
            seg(x - 0.12, base - 0.12, x + 0.12, base + 0.12)
            seg(x, base - 0.2, x, base + 0.5)
        for a, b in itertools.pairwise(marks):
            labels.append((f"{(b - a) * 1000:.0f}", (a + b) / 2, base + 0.08, 3.5, False))
    seg(-1.0, 0, -1.0, h)
    for y in (0.0, split_y, h):
        seg(-1.12, y - 0.12, -0.88, y + 0.12)
    ops.append("S\n")
    return labels


@functools.lru_cache(maxsize=1)
def dense_a0_pdf() -> bytes:
    """One A0 sheet with a huge number of vector paths: 60 apartment plans with parquet, tiles, hatching."""
    w, h = A0_LANDSCAPE
    buf = io.BytesIO()
    c = _canvas(buf, A0_LANDSCAPE, "Kvarter Hamnen, A0-sammanställning")
    rng = random.Random("dense-a0")
    c.setLineWidth(2)
    c.rect(20 * mm, 10 * mm, w - 30 * mm, h - 20 * mm)
    cols, rows = 10, 6
    cell_w = (w - 45 * mm) / cols
    cell_h = (h - 115 * mm) / rows
    k = 1000 / 100 * mm  # 1:100
    for r in range(rows):
        for col in range(cols):
            variant = r * cols + col
            ox = 30 * mm + col * cell_w + 13 * mm
            oy = 100 * mm + r * cell_h + 22 * mm
            ops: list[str] = ["q 0 J 0 j\n"]
            labels = _dense_apartment(ops, ox, oy, k, variant, rng)
            ops.append("Q\n")
            c.addLiteral("".join(ops))
            c.setFillColorRGB(0, 0, 0)
            for text, x, y, size, bold in labels:
                c.setFont(FONT_BOLD if bold else FONT, size)
                c.drawCentredString(ox + x * k, oy + y * k, text)
            c.setFont(FONT_BOLD, 7)
            house, floor = "ABCDEFGHJK"[col], r + 1
            c.drawString(ox, oy - 20 * mm, f"HUS {house}  PLAN {floor}  LGH {floor}{col + 1:02d}")
    # title strip
    c.setLineWidth(1)
    c.line(20 * mm, 90 * mm, w - 10 * mm, 90 * mm)
    c.setFont(FONT_BOLD, 28)
    c.drawString(30 * mm, 60 * mm, "KVARTER HAMNEN – A0-SAMMANSTÄLLNING, PLAN 1–6, HUS A–K")
    c.setFont(FONT, 14)
    c.drawString(
        30 * mm,
        40 * mm,
        "Skala 1:100 (A0)   Ritningstyp A   Ritningsnummer A-40.9-900   Revision A   Bygglovshandling",
    )
    c.drawString(
        30 * mm,
        25 * mm,
        "Upprättad av Exempelarkitekterna AB (fiktiv). Sammanställning för granskning; ej för produktion.",
    )
    c.showPage()
    _save(c)
    return buf.getvalue()


# --- archive scans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanSpec:
    key: str
    drawing_type: str
    title: str
    pages: tuple[str, ...]


ARCHIVE_SCANS: dict[str, ScanSpec] = {
    s.key: s
    for s in (
        ScanSpec("house", "A", "Ritningar, bostadshus", ("plan", "facade", "section")),
        ScanSpec("garage", "A", "Ritning, garage och uthus", ("garage", "facade")),
        ScanSpec("site", "P", "Situationsplan", ("site", "plan")),
        ScanSpec("extension", "A", "Ritningar, tillbyggnad", ("plan", "section")),
    )
}


def _scan_font(size: int, italic: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(pdf.font_path(FONT_ITALIC if italic else FONT)), size)


def _scan_page(kind: str, title: str, page_no: int, rng: random.Random) -> Image.Image:
    """One page of an old drawing as a bilevel scan: slightly skewed, specks, punch holes, scanner edge."""
    W, H = SCAN_SIZE
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    px = SCAN_DPI / 25.4 * 20  # pixels per metre at 1:50
    ox, oy = 260, 1290

    def P(x: float, y: float) -> tuple[float, float]:
        return ox + x * px, oy - y * px

    def L(x0: float, y0: float, x1: float, y1: float, width: int = 3) -> None:
        d.line([P(x0, y0), P(x1, y1)], fill=0, width=width)

    d.rectangle([80, 60, W - 60, H - 60], outline=0, width=5)
    if kind in ("plan", "garage"):
        bw, bh = (11.0, 8.0) if kind == "plan" else (6.5, 4.5)
        d.rectangle([P(0, bh), P(bw, 0)], outline=0, width=14)
        if kind == "plan":
            for x0, y0, x1, y1 in (
                (4.0, 0, 4.0, 8.0),
                (0, 4.0, 4.0, 4.0),
                (6.5, 3.5, 6.5, 8.0),
                (4.0, 5.5, 6.5, 5.5),
            ):
                L(x0, y0, x1, y1, 6)
            rooms = (("KAMMARE", 2.0, 6.0), ("SOVRUM", 2.0, 2.0), ("KÖK", 8.7, 6.0), ("RUM", 8.0, 1.8),
                     ("BADRUM", 5.25, 6.8), ("FARSTU", 5.25, 2.0))  # fmt: skip
            for name, x, y in rooms:
                d.text(P(x, y), name, fill=0, font=_scan_font(34, italic=True), anchor="mm")
        else:
            d.text(P(3.25, 2.25), "GARAGE", fill=0, font=_scan_font(40, italic=True), anchor="mm")
        for x in (1.2, bw - 2.4):  # windows
            L(x, bh, x + 1.2, bh, 9)
            d.line([P(x, bh), P(x + 1.2, bh)], fill=255, width=3)
        for i in range(int(bw / 0.5)):  # dimension ticks
            L(i * 0.5, -0.8, i * 0.5 + 0.1, -0.7, 2)
        L(0, -0.75, bw, -0.75, 2)
        d.text(P(bw / 2, -1.1), f"{bw:.2f}".replace(".", ","), fill=0, font=_scan_font(30), anchor="mm")
    elif kind == "facade":
        L(-1, 0, 13, 0, 8)
        d.rectangle([P(0, 2.8), P(11, 0)], outline=0, width=6)
        d.polygon([P(-0.6, 2.8), P(5.5, 6.2), P(11.6, 2.8)], outline=0, width=6)
        for x in (1.2, 4.5, 8.0):
            d.rectangle([P(x, 2.2), P(x + 1.1, 0.9)], outline=0, width=4)
            L(x + 0.55, 0.9, x + 0.55, 2.2, 2)
        for i in range(56):  # board panel
            x = 0.2 * i
            if not any(a <= x <= a + 1.1 for a in (1.2, 4.5, 8.0)):
                L(x, 0.1, x, 2.8, 1)
    elif kind == "section":
        L(-1, 0, 10, 0, 8)
        d.rectangle([P(0, 2.6), P(8.0, 0.0)], outline=0, width=8)
        d.polygon([P(-0.5, 2.4), P(4.0, 5.4), P(8.5, 2.4)], outline=0, width=6)
        for i in range(38):
            x = 0.2 * i + 0.2
            L(x, 2.6, x + 0.1, 2.9, 2)
            L(x + 0.1, 2.9, x + 0.2, 2.6, 2)
        d.text(P(4.0, 1.3), "SEKTION A-B", fill=0, font=_scan_font(40, italic=True), anchor="mm")
    elif kind == "site":
        d.polygon([P(-2, -1.5), P(14, -1.5), P(14.5, 9.5), P(-1.5, 9.0)], outline=0, width=4)
        d.rectangle([P(2, 6.5), P(8, 2.5)], outline=0, width=10)
        for i in range(24):
            L(2 + i * 0.25, 2.5, 2 + i * 0.25 + 0.0, 6.5, 1)
        d.rectangle([P(10, 4), P(12.5, 1)], outline=0, width=6)
        d.text(P(6.0, -2.6), "ALLMÄN VÄG", fill=0, font=_scan_font(36), anchor="mm")
        d.ellipse([P(12.3, 8.7), P(13.3, 7.7)], outline=0, width=4)
    # title block, typed
    d.rectangle([W - 900, H - 360, W - 60, H - 60], outline=0, width=4)
    for yy in (H - 280, H - 200, H - 130):
        d.line([(W - 900, yy), (W - 60, yy)], fill=0, width=2)
    font = _scan_font(30)
    d.text((W - 880, H - 345), "RITNING TILL BYGGNADSLOV", fill=0, font=_scan_font(34))
    d.text((W - 880, H - 265), title.upper(), fill=0, font=font)
    d.text((W - 880, H - 185), f"Skala 1:50      Blad {page_no}", fill=0, font=font)
    d.text((W - 880, H - 115), "Byggnadsnämnden", fill=0, font=_scan_font(30, italic=True))
    # the approval stamp, a bit crooked
    stamp = Image.new("L", (520, 220), 255)
    sd = ImageDraw.Draw(stamp)
    sd.rounded_rectangle([4, 4, 516, 216], radius=24, outline=0, width=7)
    sd.text((260, 70), "GODKÄNNES", fill=0, font=_scan_font(52), anchor="mm")
    sd.text((260, 150), "Byggnadsnämnden", fill=0, font=_scan_font(36, italic=True), anchor="mm")
    stamp = stamp.rotate(rng.uniform(-9, 9), fillcolor=255, expand=True)
    img.paste(stamp, (W - 760, 140), Image.eval(stamp, lambda v: 255 - v))

    # scan artefacts: skew, specks, punch holes and a dark scanner edge
    img = img.rotate(rng.uniform(-0.7, 0.7), resample=Image.Resampling.BILINEAR, fillcolor=255)
    d = ImageDraw.Draw(img)
    for _ in range(900):
        x, y = rng.randrange(W), rng.randrange(H)
        r = rng.choice((1, 1, 2, 3))
        d.ellipse([x, y, x + r, y + r], fill=0)
    for cy in (H // 2 - 240, H // 2 + 240):
        d.ellipse([24, cy - 28, 80, cy + 28], fill=0)
    edge = [(0, 0)] + [(rng.randint(6, 18), y) for y in range(0, H + 1, 40)] + [(0, H)]
    d.polygon(edge, fill=0)
    return img.point([0 if v < 150 else 255 for v in range(256)], mode="1")


@functools.lru_cache(maxsize=8)
def archive_tiff(key: str) -> bytes:
    """A multi-page, Group 4 compressed, bilevel TIFF that looks like a scanned old drawing."""
    spec = ARCHIVE_SCANS[key]
    rng = random.Random(f"scan-{key}")
    pages = [_scan_page(kind, spec.title, i + 1, rng) for i, kind in enumerate(spec.pages)]
    buf = io.BytesIO()
    pages[0].save(
        buf,
        format="TIFF",
        save_all=True,
        append_images=pages[1:],
        compression="group4",
        dpi=(SCAN_DPI, SCAN_DPI),
    )
    return buf.getvalue()


def plan_point(x: float, y: float) -> tuple[float, float]:
    """PDF user-space point (pt) of a plan position in metres on the ``plan`` drawing (for demo markups)."""
    return (_PLAN_ORIGIN_MM[0] + x * 10) * mm, (_PLAN_ORIGIN_MM[1] + y * 10) * mm
