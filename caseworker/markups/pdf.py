"""Markups into a PDF as standard annotations (with the project's appearance streams), and the markup
annotations of any PDF back as markups.

Written per markup: /Subtype by kind, /Rect, /NM (its id), /T (author), /Contents, /M and /CreationDate,
/C, /BS, /F 4 (print), /Subj, /AP /N; a cloud gets /BE << /S /C /I 1 >> (and /IT /PolygonCloud as a
polygon), a distance /IT /LineDimension and an area /IT /PolygonDimension with /Measure, a stamp /Name and
its own appearance, replies are /Text annotations with /IRT, a status is a /Text with /IRT /State and
/StateModel /Review. A page with a calibration gets a /VP viewport with its /Measure. The kind is also
stated in /CWKind, so a round trip gives exactly the same kinds; other tools ignore that key.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf

from caseworker.domain.models import LengthUnit, MarkupScale
from caseworker.markups.appearance import BOLD, FADE, FONT, MARKER, draw
from caseworker.markups.measure import MM_PER_UNIT, Calibration, measure, page_calibration
from caseworker.markups.model import (
    MAX_ANNOTATIONS,
    MAX_NAME,
    MAX_POINTS,
    MAX_TEXT,
    Kind,
    Markup,
    MarkupError,
    Point,
    Reply,
    Status,
    by_page,
    normal_rect,
    read_limited,
    rgb_colour,
    without_controls,
)

SUBTYPES = {
    Kind.RECTANGLE: "/Square", Kind.ELLIPSE: "/Circle", Kind.CLOUD: "/Polygon", Kind.LINE: "/Line",
    Kind.ARROW: "/Line", Kind.DISTANCE: "/Line", Kind.MEASUREMENT: "/Line", Kind.CALIBRATION: "/Line",
    Kind.POLYLINE: "/PolyLine", Kind.POLYGON: "/Polygon", Kind.AREA: "/Polygon", Kind.INK: "/Ink",
    Kind.TEXT: "/FreeText", Kind.CALLOUT: "/FreeText", Kind.HIGHLIGHT: "/Highlight", Kind.STAMP: "/Stamp",
}  # fmt: skip
SUBJECTS = {  # i18n: not ui text (what other readers list as the subject)
    Kind.RECTANGLE: "Rektangel", Kind.ELLIPSE: "Ellips", Kind.CLOUD: "Moln", Kind.LINE: "Linje",
    Kind.ARROW: "Pil", Kind.DISTANCE: "Avstånd", Kind.MEASUREMENT: "Avstånd", Kind.CALIBRATION: "Kalibrering",
    Kind.POLYLINE: "Polylinje", Kind.POLYGON: "Polygon", Kind.AREA: "Area", Kind.INK: "Frihand",
    Kind.TEXT: "Textruta", Kind.CALLOUT: "Pratbubbla", Kind.HIGHLIGHT: "Överstrykning", Kind.STAMP: "Stämpel",
}  # fmt: skip
REVIEW_STATES = {Status.ACCEPTED: "/Accepted", Status.REJECTED: "/Rejected", Status.COMPLETED: "/Completed"}
STAMP_NAMES = {"godkänd": "/Approved", "ej godkänd": "/NotApproved"}  # i18n: not ui text
MARKUP_SUBTYPES = frozenset(
    ["/Square", "/Circle", "/Line", "/PolyLine", "/Polygon", "/Ink", "/FreeText", "/Highlight", "/Stamp",
     "/Text", "/Underline", "/StrikeOut", "/Squiggly", "/Caret"]
)  # fmt: skip
MAX_PDF_BYTES = 1 << 30


def pdf_date(when: dt.datetime | None) -> str:
    when = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?")


def parse_pdf_date(text: str | None) -> dt.datetime | None:
    match = _PDF_DATE.match(text or "")
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, oh, om = match.groups()
    try:
        offset = dt.timedelta(hours=int(oh or 0), minutes=int(om or 0))
        tz = dt.timezone(-offset if sign == "-" else offset) if sign in ("+", "-") else dt.UTC
        return dt.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _array(values: Iterable[float]) -> pikepdf.Array:
    return pikepdf.Array([float(round(v, 4)) for v in values])


def _flat(points: Sequence[Point]) -> pikepdf.Array:
    return _array(v for p in points for v in p)


def measure_dict(calibration: Calibration) -> pikepdf.Dictionary:
    """A rectilinear /Measure: user-space units to the calibration's unit (distance and area formats)."""
    unit = calibration.unit.value
    number_format = {"/Type": pikepdf.Name.NumberFormat, "/D": 100, "/RD": ",", "/RT": ""}
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Measure,
        Subtype=pikepdf.Name.RL,
        R=pikepdf.String(f"1:{calibration.ratio():.0f}"),
        X=pikepdf.Array(
            [
                pikepdf.Dictionary(
                    {**number_format, "/U": pikepdf.String(unit), "/C": calibration.units_per_point}
                )
            ]
        ),
        D=pikepdf.Array([pikepdf.Dictionary({**number_format, "/U": pikepdf.String(unit), "/C": 1})]),
        A=pikepdf.Array([pikepdf.Dictionary({**number_format, "/U": pikepdf.String(unit + "²"), "/C": 1})]),
    )


class _Resources:
    """The fonts and graphics states every appearance shares (one object each per document)."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        def font(base: str) -> pikepdf.Object:
            return pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name(base),
                    Encoding=pikepdf.Name.WinAnsiEncoding,
                )
            )  # fmt: skip

        self.fonts = {FONT: font("/Helvetica"), BOLD: font("/Helvetica-Bold")}
        self.states = {
            FADE: pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.15, CA=1.0)),
            MARKER: pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.4, CA=0.4, BM=pikepdf.Name.Multiply)
            ),
        }

    def of(self, fonts: set[str], states: set[str]) -> pikepdf.Dictionary:
        resources = pikepdf.Dictionary()
        if fonts:
            resources.Font = pikepdf.Dictionary({f"/{f}": self.fonts[f] for f in sorted(fonts)})
        if states:
            resources.ExtGState = pikepdf.Dictionary({f"/{s}": self.states[s] for s in sorted(states)})
        return resources


def _stamp_name(text: str) -> pikepdf.Name:
    known = STAMP_NAMES.get(text.strip().lower())
    if known:
        return pikepdf.Name(known)
    ascii_name = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9]", "", ascii_name.title()) or "Stamp"
    return pikepdf.Name("/" + ascii_name[:60])


def _annotation(
    pdf: pikepdf.Pdf, res: _Resources, page: pikepdf.Object, m: Markup, cal: Calibration | None
) -> pikepdf.Object:
    rect, content, fonts, states = draw(m, cal)
    appearance = pikepdf.Stream(pdf, content)
    appearance.Type, appearance.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    appearance.BBox = _array(rect)
    appearance.Resources = res.of(fonts, states)
    r, g, b = (int(m.color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name(SUBTYPES[m.kind]),
        Rect=_array(rect),
        NM=pikepdf.String(m.id),
        T=pikepdf.String(m.author),
        Contents=pikepdf.String(m.text),
        Subj=pikepdf.String(SUBJECTS[m.kind]),
        M=pikepdf.String(pdf_date(m.modified or m.created)),
        CreationDate=pikepdf.String(pdf_date(m.created)),
        C=_array((r, g, b)),
        BS=pikepdf.Dictionary(Type=pikepdf.Name.Border, W=float(m.width), S=pikepdf.Name.S),
        F=4,
        P=page,
        AP=pikepdf.Dictionary(N=pdf.make_indirect(appearance)),
        CWKind=pikepdf.Name("/" + m.kind.value),
    )
    pts = list(m.points)
    if m.kind == Kind.CLOUD:
        annot.Vertices = _flat(m.polygon())
        annot.BE = pikepdf.Dictionary(S=pikepdf.Name.C, I=1)
        annot.IT = pikepdf.Name.PolygonCloud
    elif m.kind in (Kind.POLYGON, Kind.AREA, Kind.POLYLINE):
        annot.Vertices = _flat(pts)
    elif m.kind in (Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION):
        annot.L = _flat(pts[:1] + pts[-1:])
        ends = "/OpenArrow" if m.kind == Kind.ARROW else ("/Butt" if m.kind != Kind.LINE else "/None")
        annot.LE = pikepdf.Array(
            [pikepdf.Name("/None" if m.kind == Kind.ARROW else ends), pikepdf.Name(ends)]
        )
    elif m.kind == Kind.INK:
        annot.InkList = pikepdf.Array([_flat(s) for s in m.strokes])
    elif m.kind in (Kind.TEXT, Kind.CALLOUT) and m.rect:
        annot.DA = pikepdf.String(f"/{FONT} 10 Tf {r:.3f} {g:.3f} {b:.3f} rg")
        if m.kind == Kind.CALLOUT and m.anchor is not None:
            annot.IT = pikepdf.Name.FreeTextCallout
            corners = (
                (m.rect[0], m.rect[1]),
                (m.rect[2], m.rect[1]),
                (m.rect[2], m.rect[3]),
                (m.rect[0], m.rect[3]),
            )
            corner = min(corners, key=lambda c: math.dist(c, m.anchor or c))
            annot.CL = _flat([m.anchor, corner])
            annot.LE = pikepdf.Name.OpenArrow
    elif m.kind == Kind.HIGHLIGHT and m.rect:
        x0, y0, x1, y1 = m.rect
        annot.QuadPoints = _array((x0, y1, x1, y1, x0, y0, x1, y0))
    elif m.kind == Kind.STAMP:
        annot.Name = _stamp_name(m.text)
    if m.rect is not None and m.kind in (Kind.RECTANGLE, Kind.ELLIPSE, Kind.TEXT, Kind.CALLOUT, Kind.STAMP):
        # /Rect holds the border (and a callout's leader); /RD says how far the shape itself is inside
        annot.RD = _array(
            (m.rect[0] - rect[0], m.rect[1] - rect[1], rect[2] - m.rect[2], rect[3] - m.rect[3])
        )
    if m.kind in (Kind.DISTANCE, Kind.MEASUREMENT, Kind.AREA, Kind.CALIBRATION) and cal is not None:
        annot.IT = pikepdf.Name.PolygonDimension if m.kind == Kind.AREA else pikepdf.Name.LineDimension
        annot.Measure = measure_dict(cal)
        value = measure(m, cal)
        if value is not None:
            annot.Contents = pikepdf.String(f"{value.text()} {m.text}".strip())
            annot.CWValue = pikepdf.String(value.text())
    if m.kind == Kind.CALIBRATION and m.scale is not None:
        annot.CWUnit = pikepdf.String(m.scale.unit.value)
        if m.scale.length is not None:
            annot.CWLength = float(m.scale.length)
        if m.scale.ratio is not None:
            annot.CWRatio = float(m.scale.ratio)
    if m.document_sha256:
        annot.CWSha256 = pikepdf.String(m.document_sha256)
    return pdf.make_indirect(annot)


def _note(pdf: pikepdf.Pdf, page: pikepdf.Object, parent: pikepdf.Object, nm: str, author: str,
          text: str, when: dt.datetime | None) -> pikepdf.Dictionary:  # fmt: skip
    """A reply or a review state: a /Text annotation in reply to ``parent``, drawn as nothing."""
    x0, y0 = float(parent.Rect[0]), float(parent.Rect[3])
    empty = pikepdf.Stream(pdf, b"")
    empty.Type, empty.Subtype, empty.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, _array((0, 0, 1, 1))
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=_array((x0, y0, x0 + 1, y0 + 1)),
        IRT=parent,
        NM=pikepdf.String(nm),
        T=pikepdf.String(author),
        Contents=pikepdf.String(text),
        M=pikepdf.String(pdf_date(when)),
        CreationDate=pikepdf.String(pdf_date(when)),
        F=4 | 2,  # printable (as every markup) and hidden: the thread is read in a comments list
        P=page,
        Open=False,
        AP=pikepdf.Dictionary(N=pdf.make_indirect(empty)),
    )


# qpdf names the stream it read from first ("stream <_io.BytesIO object at 0x…>: "): not the user's concern
_QPDF_SOURCE = re.compile(r"^(?:stream )?<[^>]*object at 0x[0-9a-fA-F]+>(?: \(object \d+ \d+\))?:? *")


def _unreadable(exc: Exception) -> MarkupError:
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    why = _QPDF_SOURCE.sub("", lines[0])[:120] or type(exc).__name__
    return MarkupError(f"not a readable PDF ({why})")


def _open(source: bytes | Path) -> pikepdf.Pdf:
    data = source if isinstance(source, bytes) else _read(source)
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise MarkupError("the PDF is encrypted with a password") from None
    except pikepdf.PdfError as exc:
        raise _unreadable(exc) from None


def _page_annotations(page: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """The page's annotations that are dictionaries: a damaged file's /Annots may be no array, or hold
    nulls (objects that cannot be read) and numbers; those are dropped, not carried along."""
    annots = page.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return []
    if len(annots) > MAX_ANNOTATIONS:  # a few bytes per entry: a small file could list millions
        raise MarkupError(f"the PDF has more than {MAX_ANNOTATIONS} annotations on a page")
    return [a for a in annots if isinstance(a, pikepdf.Dictionary)]


def _read(path: Path) -> bytes:
    return read_limited(path, MAX_PDF_BYTES)


def export_pdf(source: bytes | Path, markups: Iterable[Markup], *, sha256: str | None = None) -> bytes:
    """The PDF ``source`` with ``markups`` as annotations (replacing earlier ones with the same /NM).

    ``sha256`` is the source's: a markup bound to another revision is refused, never moved onto this one.
    A damaged PDF that qpdf opens but cannot read through (or write back) is a MarkupError, never a crash.
    """
    pdf = _open(source)
    try:
        return _export(pdf, list(markups), sha256)
    except pikepdf.PdfError as exc:
        raise _unreadable(exc) from None


def _export(pdf: pikepdf.Pdf, everything: list[Markup], sha256: str | None) -> bytes:
    res = _Resources(pdf)
    for m in everything:
        if not 0 <= m.page < len(pdf.pages):
            raise MarkupError(f"markup {m.id} is on page {m.page + 1}; the PDF has {len(pdf.pages)} pages")
        if sha256 and m.document_sha256 and m.document_sha256 != sha256:
            raise MarkupError(f"markup {m.id} was made on another revision of the drawing (sha256 differs)")
    for number, on_page in sorted(by_page(everything).items()):
        page = pdf.pages[number].obj
        cal = page_calibration(on_page, number)
        ours = {m.id for m in on_page} | {r.id for m in on_page for r in m.replies}
        kept = [a for a in _page_annotations(page) if str(a.get("/NM", "")) not in ours
                and str(a.get("/NM", "")).split("#", 1)[0] not in ours]  # fmt: skip
        annots = pikepdf.Array(kept)
        for m in on_page:
            parent = _annotation(pdf, res, page, m, cal)
            annots.append(parent)
            for reply in m.replies:
                annots.append(
                    pdf.make_indirect(
                        _note(pdf, page, parent, reply.id, reply.author, reply.text, reply.created)
                    )
                )
            if m.status in REVIEW_STATES:
                state = _note(pdf, page, parent, f"{m.id}#status", m.author, m.status.value, m.modified)
                state.State, state.StateModel = pikepdf.Name(REVIEW_STATES[m.status]), pikepdf.Name.Review
                annots.append(pdf.make_indirect(state))
        page.Annots = annots
        if cal is not None:
            box = [float(v) for v in page.MediaBox]
            page.VP = pikepdf.Array(
                [pikepdf.Dictionary(Type=pikepdf.Name.Viewport, BBox=_array(box), Measure=measure_dict(cal))]
            )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# --- reading the markup annotations of any PDF ---------------------------------------------------------


def _numbers(value: Any, limit: int = 20_000) -> list[float]:
    if not isinstance(value, pikepdf.Array) or len(value) > limit:
        return []
    out = []
    for v in value:
        try:
            number = float(v)
        except (TypeError, ValueError):
            return []
        if not math.isfinite(number) or abs(number) > 1e6:
            return []
        out.append(number)
    return out


def _number(value: Any) -> float | None:
    """A PDF number as a finite float; None for anything else (a string, a name, 1e400)."""
    if not isinstance(value, int | float | pikepdf.Object):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _pairs(values: list[float]) -> tuple[Point, ...]:
    return tuple(zip(values[0::2], values[1::2], strict=False))


def _text(annot: pikepdf.Dictionary, key: str, limit: int = MAX_NAME) -> str:
    """A string of the annotation, at most ``limit`` characters (what the platform and XFDF take)."""
    value = annot.get(key)
    return without_controls(str(value)[:limit]) if isinstance(value, pikepdf.String) else ""


def _name(annot: pikepdf.Dictionary, key: str) -> str:
    value = annot.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _colour(annot: pikepdf.Dictionary) -> str:
    values = _numbers(annot.get("/C"))
    return rgb_colour(values) if values else "#d32f2f"


def _width(annot: pikepdf.Dictionary) -> float:
    bs = annot.get("/BS")
    if isinstance(bs, pikepdf.Dictionary) and "/W" in bs:
        width = _number(bs.get("/W")) or 1.0
    else:
        border = _numbers(annot.get("/Border"))
        width = border[2] if len(border) >= 3 else 1.0
    return min(50.0, width) if width > 0 else 1.0


def _kind(annot: pikepdf.Dictionary, subtype: str) -> Kind | None:
    own = _name(annot, "/CWKind")[1:]
    if own in set(Kind):
        return Kind(own)
    intent = _name(annot, "/IT")
    be = annot.get("/BE")
    cloudy = isinstance(be, pikepdf.Dictionary) and _name(be, "/S") == "/C"
    if subtype == "/Square":
        return Kind.CLOUD if cloudy else Kind.RECTANGLE
    if subtype == "/Circle":
        return Kind.ELLIPSE
    if subtype == "/Line":
        ends = [str(e) for e in annot.get("/LE", [])] if isinstance(annot.get("/LE"), pikepdf.Array) else []
        if intent == "/LineDimension":
            return Kind.DISTANCE
        return Kind.ARROW if any("Arrow" in e for e in ends) else Kind.LINE
    if subtype == "/PolyLine":
        return Kind.POLYLINE
    if subtype == "/Polygon":
        if cloudy or intent == "/PolygonCloud":
            return Kind.CLOUD
        return Kind.AREA if intent == "/PolygonDimension" else Kind.POLYGON
    if subtype == "/Ink":
        return Kind.INK
    if subtype == "/FreeText":
        return Kind.CALLOUT if intent == "/FreeTextCallout" or "/CL" in annot else Kind.TEXT
    if subtype in ("/Highlight", "/Underline", "/StrikeOut", "/Squiggly"):
        return Kind.HIGHLIGHT
    if subtype == "/Stamp":
        return Kind.STAMP
    if subtype in ("/Text", "/Caret"):
        return Kind.TEXT
    return None


def _shape(annot: pikepdf.Dictionary, kind: Kind, rect: tuple[float, float, float, float]) -> dict[str, Any]:
    if kind == Kind.HIGHLIGHT:
        quads = _numbers(annot.get("/QuadPoints"))
        if quads:
            return {
                "rect": normal_rect((min(quads[0::2]), min(quads[1::2]), max(quads[0::2]), max(quads[1::2])))
            }
        return {"rect": rect}
    if kind == Kind.CLOUD:
        vertices = _pairs(_numbers(annot.get("/Vertices")))
        return {"points": vertices} if len(vertices) >= 3 else {"rect": rect}
    if kind in (Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION):
        line = _pairs(_numbers(annot.get("/L")))
        return {"points": line[:2]} if len(line) >= 2 else {}
    if kind in (Kind.POLYLINE, Kind.POLYGON, Kind.AREA):
        vertices = _pairs(_numbers(annot.get("/Vertices")))
        return {"points": vertices} if vertices else {}
    if kind == Kind.INK:
        ink = annot.get("/InkList")
        strokes = (
            tuple(s for s in (_pairs(_numbers(x)) for x in ink) if s)
            if isinstance(ink, pikepdf.Array) and len(ink) <= MAX_POINTS
            else ()
        )
        if sum(len(s) for s in strokes) > MAX_POINTS:  # as a polygon of too many vertices: not read
            return {}
        return {"strokes": strokes} if strokes else {}
    if kind in (Kind.TEXT, Kind.CALLOUT, Kind.RECTANGLE, Kind.ELLIPSE, Kind.STAMP):
        diff = _numbers(annot.get("/RD"))
        inner = rect if len(diff) != 4 else normal_rect(
            (rect[0] + diff[0], rect[1] + diff[1], rect[2] - diff[2], rect[3] - diff[3])
        )  # fmt: skip
        shape: dict[str, Any] = {"rect": inner}
        leader = _pairs(_numbers(annot.get("/CL")))
        if kind == Kind.CALLOUT and leader:
            shape["anchor"] = leader[0]
        return shape
    return {"rect": rect}


def import_pdf(source: bytes | Path) -> list[Markup]:
    """The markup annotations of every page of ``source`` (links, form fields, popups and unknown subtypes
    are left out); replies and review states become each markup's thread and status."""
    pdf = _open(source)
    try:
        return _import(pdf)
    except pikepdf.PdfError as exc:
        raise _unreadable(exc) from None


def _import(pdf: pikepdf.Pdf) -> list[Markup]:
    markups: dict[Any, Markup] = {}  # by the annotation's object (id, generation)
    order: list[Any] = []
    notes: list[tuple[pikepdf.Dictionary, int]] = []
    seen: set[Any] = set()
    listed = 0
    for number, page in enumerate(pdf.pages):
        for index, annot in enumerate(_page_annotations(page.obj)):
            listed += 1
            if listed > MAX_ANNOTATIONS:  # pages may share one long /Annots array
                raise MarkupError(f"the PDF has more than {MAX_ANNOTATIONS} annotations")
            own: Any = annot.objgen if annot.is_indirect else ("direct", number, index)
            if own in seen:
                continue  # one annotation listed twice (or on two pages) is one markup
            seen.add(own)
            subtype = _name(annot, "/Subtype")
            if subtype not in MARKUP_SUBTYPES:
                continue
            if "/IRT" in annot:
                notes.append((annot, number))
                continue
            kind = _kind(annot, subtype)
            rect_values = _numbers(annot.get("/Rect"))
            if kind is None or len(rect_values) != 4:
                continue
            shape = _shape(annot, kind, normal_rect(rect_values))
            if not shape:
                continue
            contents = _text(annot, "/Contents", MAX_TEXT)
            value = _text(annot, "/CWValue")
            if value and contents.startswith(value):
                contents = contents[len(value) :].strip()
            scale = None
            if kind == Kind.CALIBRATION:
                unit = _text(annot, "/CWUnit")
                length, ratio = _number(annot.get("/CWLength")), _number(annot.get("/CWRatio"))
                try:
                    if length is None and ratio is None:
                        raise ValueError("no scale stated")
                    scale = MarkupScale(
                        length=length,
                        ratio=ratio,
                        unit=LengthUnit(unit) if unit in MM_PER_UNIT else LengthUnit.M,
                    )
                except ValueError:  # no usable scale: a line with a length, no more
                    kind = Kind.DISTANCE
            sha = _text(annot, "/CWSha256")
            markup = Markup(
                id=_text(annot, "/NM") or f"p{number + 1}-a{index + 1}",
                page=number,
                kind=kind,
                text=contents,
                color=_colour(annot),
                width=_width(annot),
                author=_text(annot, "/T"),
                created=parse_pdf_date(_text(annot, "/CreationDate")),
                modified=parse_pdf_date(_text(annot, "/M")),
                document_sha256=sha if re.fullmatch(r"[0-9a-f]{64}", sha) else None,
                scale=scale,
                **shape,
            )
            if kind == Kind.STAMP and not markup.text:
                markup = _with(markup, text=_name(annot, "/Name")[1:])
            markups[own] = markup
            order.append(own)
    threads: dict[Any, list[Reply]] = {}  # gathered first: a thread of thousands is built once
    for note, _ in notes:
        parent = note.get("/IRT")
        if not isinstance(parent, pikepdf.Dictionary) or not parent.is_indirect:
            continue
        key: Any = parent.objgen
        target = markups.get(key)
        if target is None:
            continue
        state, model = _name(note, "/State"), _name(note, "/StateModel")
        if model == "/Review" or (state and not model):
            found = {v: k for k, v in REVIEW_STATES.items()}.get(state, Status.OPEN)
            markups[key] = _with(target, status=found)
        else:
            thread = threads.setdefault(key, [])
            thread.append(
                Reply(
                    id=_text(note, "/NM") or f"{target.id}-r{len(thread) + 1}",
                    author=_text(note, "/T"),
                    text=_text(note, "/Contents", MAX_TEXT),
                    created=parse_pdf_date(_text(note, "/CreationDate")) or parse_pdf_date(_text(note, "/M")),
                )
            )
    for key, thread in threads.items():
        markups[key] = _with(markups[key], replies=tuple(thread))
    return [markups[k] for k in order]


def _with(m: Markup, **changes: Any) -> Markup:
    return replace(m, **changes)
