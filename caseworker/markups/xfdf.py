"""XFDF (ISO 19444-1) for exchange with other review tools: write markups, read them back.

Reading treats the file as hostile: defusedxml refuses DTDs, entities and external references; the file
size, the number of elements and annotations, the points of one annotation and the length of a text are
bounded; coordinates must be finite numbers within ±1 000 000. Anything else is an ``XfdfError`` with one
sentence why, and nothing of the file is used.

Each annotation is the XFDF element of its PDF subtype (square, circle, line, polyline, polygon, ink,
freetext, highlight, stamp), with ``name`` (the id), ``page`` (from 0), ``rect``, ``color``, ``width``,
``title`` (author), ``subject``, ``date``/``creationdate``, ``flags="print"``, ``<contents>``; clouds carry
``style="cloudy" intensity="1"``, measurements ``intent`` and ``<measure>``; replies and review states are
``<text inreplyto=...>`` (with ``state``/``statemodel="Review"``). The kind and a calibration's scale are
also stated in attributes of the namespace ``urn:caseworker:markups``, which other tools ignore.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET  # only to build and serialise our own output
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from caseworker.domain.models import LengthUnit, MarkupScale
from caseworker.markups import model
from caseworker.markups.measure import MM_PER_UNIT, measure, page_calibration
from caseworker.markups.model import Kind, Markup, MarkupError, Point, Reply, Status, by_page, normal_rect
from caseworker.markups.pdf import REVIEW_STATES, SUBJECTS, SUBTYPES, parse_pdf_date, pdf_date

NS = "http://ns.adobe.com/xfdf/"
CW = "urn:caseworker:markups"
MAX_XFDF_BYTES = 32 * 1024 * 1024
MAX_ELEMENTS = 200_000
# as PDF import (the platform's limits)
MAX_ANNOTATIONS, MAX_POINTS, MAX_TEXT = model.MAX_ANNOTATIONS, model.MAX_POINTS, model.MAX_TEXT
MAX_COORDINATE = 1_000_000.0
ELEMENTS = {"/Square": "square", "/Circle": "circle", "/Line": "line", "/PolyLine": "polyline",
            "/Polygon": "polygon", "/Ink": "ink", "/FreeText": "freetext", "/Highlight": "highlight",
            "/Stamp": "stamp"}  # fmt: skip
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
STATES = {v[1:]: k for k, v in REVIEW_STATES.items()}  # "Accepted" -> Status.ACCEPTED


class XfdfError(MarkupError):
    """An XFDF file that is refused (hostile, too large, malformed): nothing of it is used."""


def _n(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".")


def _coords(points: Iterable[Point], sep: str = ";") -> str:
    return sep.join(f"{_n(x)},{_n(y)}" for x, y in points)


def write_xfdf(markups: Iterable[Markup], *, source: str | None = None) -> bytes:
    """XFDF for ``markups`` (UTF-8)."""
    ET.register_namespace("", NS)
    ET.register_namespace("cw", CW)
    root = ET.Element(f"{{{NS}}}xfdf", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    if source:
        ET.SubElement(root, f"{{{NS}}}f", {"href": source})
    annots = ET.SubElement(root, f"{{{NS}}}annots")
    for number, on_page in sorted(by_page(markups).items()):
        cal = page_calibration(on_page, number)
        for m in on_page:
            el = ET.SubElement(annots, f"{{{NS}}}{ELEMENTS[SUBTYPES[m.kind]]}", _attributes(m))
            el.set(f"{{{CW}}}kind", m.kind.value)
            if m.document_sha256:
                el.set(f"{{{CW}}}sha256", m.document_sha256)
            if m.scale is not None:
                el.set(f"{{{CW}}}unit", m.scale.unit.value)
                if m.scale.length is not None:
                    el.set(f"{{{CW}}}length", _n(m.scale.length))
                if m.scale.ratio is not None:
                    el.set(f"{{{CW}}}ratio", _n(m.scale.ratio))
            _shape_attributes(el, m)
            if m.text:
                ET.SubElement(el, f"{{{NS}}}contents").text = m.text
            if m.kind == Kind.INK:
                inklist = ET.SubElement(el, f"{{{NS}}}inklist")
                for stroke in m.strokes:
                    ET.SubElement(inklist, f"{{{NS}}}gesture").text = _coords(stroke)
            if m.kind in (Kind.DISTANCE, Kind.MEASUREMENT, Kind.AREA, Kind.CALIBRATION) and cal is not None:
                el.set("intent", "PolygonDimension" if m.kind == Kind.AREA else "LineDimension")
                unit = cal.unit.value
                measure_el = ET.SubElement(el, f"{{{NS}}}measure", {"rateValue": f"1:{cal.ratio():.0f}"})
                ET.SubElement(measure_el, f"{{{NS}}}distance", {"d": "100", "u": unit, "c": "1"})
                ET.SubElement(measure_el, f"{{{NS}}}area", {"d": "100", "u": unit + "²", "c": "1"})
                ET.SubElement(
                    measure_el, f"{{{NS}}}xformat", {"d": "100", "u": unit, "c": repr(cal.units_per_point)}
                )
                value = measure(m, cal)
                if value is not None:
                    el.set(f"{{{CW}}}value", value.text())
            for reply in m.replies:
                note = ET.SubElement(annots, f"{{{NS}}}text", _note_attributes(m, reply.id, reply.author))
                note.attrib.update(_dates(reply.created, reply.created))
                ET.SubElement(note, f"{{{NS}}}contents").text = reply.text
            if m.status in REVIEW_STATES:
                note = ET.SubElement(annots, f"{{{NS}}}text", _note_attributes(m, f"{m.id}#status", m.author))
                note.set("state", REVIEW_STATES[m.status][1:])
                note.set("statemodel", "Review")
    body: str = ET.tostring(root, encoding="unicode")
    # ElementTree writes what XML 1.0 cannot hold as it is: left out, so every reader takes the file
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + _NOT_XML.sub("", body).encode("utf-8")


def _attributes(m: Markup) -> dict[str, str]:
    x0, y0, x1, y1 = m.bbox()
    pad = m.width / 2 + 1
    return {
        "name": m.id,
        "page": str(m.page),
        "rect": ",".join(_n(v) for v in (x0 - pad, y0 - pad, x1 + pad, y1 + pad)),
        "color": m.color.upper(),
        "width": _n(m.width),
        "title": m.author,
        "subject": SUBJECTS[m.kind],
        "flags": "print",
        **_dates(m.modified or m.created, m.created),
    }


def _dates(modified: dt.datetime | None, created: dt.datetime | None) -> dict[str, str]:
    out = {"date": pdf_date(modified)} if modified else {}
    return out | ({"creationdate": pdf_date(created)} if created else {})


def _note_attributes(m: Markup, name: str, author: str) -> dict[str, str]:
    x0, _, _, y1 = m.bbox()
    return {"name": name, "page": str(m.page), "rect": ",".join(_n(v) for v in (x0, y1, x0 + 1, y1 + 1)),
            "inreplyto": m.id, "title": author, "flags": "print,hidden"}  # fmt: skip


def _shape_attributes(el: ET.Element, m: Markup) -> None:
    pts = list(m.points)
    if m.rect is not None and m.kind in (Kind.RECTANGLE, Kind.ELLIPSE, Kind.STAMP, Kind.TEXT, Kind.CALLOUT):
        el.set("rect", ",".join(_n(v) for v in m.rect))
    if m.kind == Kind.CLOUD:
        el.set("vertices", _coords(m.polygon()))
        el.set("style", "cloudy")
        el.set("intensity", "1")
        el.set("intent", "PolygonCloud")
    elif m.kind in (Kind.POLYLINE, Kind.POLYGON, Kind.AREA):
        el.set("vertices", _coords(pts))
    elif (
        m.kind in (Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION) and len(pts) >= 2
    ):
        el.set("start", _coords(pts[:1]))
        el.set("end", _coords(pts[-1:]))
        if m.kind == Kind.ARROW:
            el.set("tail", "OpenArrow")
    elif m.kind == Kind.HIGHLIGHT and m.rect is not None:
        x0, y0, x1, y1 = m.rect
        el.set("coords", ",".join(_n(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)))
    elif m.kind == Kind.CALLOUT and m.anchor is not None:
        el.set("intent", "FreeTextCallout")
        el.set("callout", _coords([m.anchor], ","))
    if m.kind == Kind.STAMP:
        el.set("icon", m.text or "Granskad")  # i18n: not ui text


# --- reading ------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _numbers(text: str | None, what: str) -> list[float]:
    if text is None:
        return []
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if len(parts) > 2 * MAX_POINTS:
        raise XfdfError(f"an annotation has more than {MAX_POINTS} points in {what}")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise XfdfError(f"{what} holds something that is not a number") from None
    if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in values):
        raise XfdfError(f"{what} holds a number that is not finite or beyond ±{MAX_COORDINATE:g}")
    return values


def _pairs(values: list[float]) -> tuple[Point, ...]:
    return tuple(zip(values[0::2], values[1::2], strict=False))


def _text(el: Any) -> str:
    contents = next((c for c in el if _local(c.tag) in ("contents", "contents-richtext")), None)
    text = "" if contents is None else "".join(contents.itertext())
    if len(text) > MAX_TEXT:
        raise XfdfError(f"an annotation's text is longer than {MAX_TEXT} characters")
    return text


def _kind(el: Any) -> Kind | None:
    own = el.get(f"{{{CW}}}kind")
    if own in set(Kind):
        return Kind(own)
    tag, intent = _local(el.tag), el.get("intent", "")
    cloudy = el.get("style") == "cloudy"
    simple = {"square": Kind.CLOUD if cloudy else Kind.RECTANGLE, "circle": Kind.ELLIPSE, "ink": Kind.INK,
              "polyline": Kind.POLYLINE, "highlight": Kind.HIGHLIGHT, "underline": Kind.HIGHLIGHT,
              "strikeout": Kind.HIGHLIGHT, "squiggly": Kind.HIGHLIGHT, "stamp": Kind.STAMP}  # fmt: skip
    if tag in simple:
        return simple[tag]
    if tag == "line":
        if intent == "LineDimension":
            return Kind.DISTANCE
        return Kind.ARROW if "Arrow" in el.get("head", "") + el.get("tail", "") else Kind.LINE
    if tag == "polygon":
        if cloudy or intent == "PolygonCloud":
            return Kind.CLOUD
        return Kind.AREA if intent == "PolygonDimension" else Kind.POLYGON
    if tag == "freetext":
        return Kind.CALLOUT if intent == "FreeTextCallout" or el.get("callout") else Kind.TEXT
    if tag == "text":
        return Kind.TEXT
    return None


def _markup(el: Any, kind: Kind, index: int) -> Markup:
    rect_values = _numbers(el.get("rect"), "rect")
    if len(rect_values) != 4:
        raise XfdfError(f"annotation {index + 1} has no rect of four numbers")
    rect = normal_rect(rect_values)
    shape: dict[str, Any] = {}
    if kind in (Kind.LINE, Kind.ARROW, Kind.DISTANCE, Kind.MEASUREMENT, Kind.CALIBRATION):
        ends = _pairs(_numbers(el.get("start"), "start")) + _pairs(_numbers(el.get("end"), "end"))
        if len(ends) != 2:
            raise XfdfError(f"line annotation {index + 1} needs start and end")
        shape["points"] = ends
    elif kind in (Kind.POLYLINE, Kind.POLYGON, Kind.AREA) or (kind == Kind.CLOUD and el.get("vertices")):
        points = _pairs(_numbers(el.get("vertices"), "vertices"))
        if len(points) < (2 if kind == Kind.POLYLINE else 3):
            raise XfdfError(f"annotation {index + 1} has too few vertices")
        shape["points"] = points
    elif kind == Kind.INK:
        gestures = [g for c in el if _local(c.tag) == "inklist" for g in c if _local(g.tag) == "gesture"]
        strokes = tuple(s for s in (_pairs(_numbers(g.text, "gesture")) for g in gestures) if s)
        if not strokes or sum(len(s) for s in strokes) > MAX_POINTS:
            raise XfdfError(f"ink annotation {index + 1} has no strokes or too many points")
        shape["strokes"] = strokes
    elif kind == Kind.HIGHLIGHT and el.get("coords"):
        quads = _numbers(el.get("coords"), "coords")
        if len(quads) < 8:
            raise XfdfError(f"highlight annotation {index + 1} needs coords of eight numbers")
        shape["rect"] = normal_rect((min(quads[0::2]), min(quads[1::2]), max(quads[0::2]), max(quads[1::2])))
    else:
        shape["rect"] = rect
    if kind == Kind.CALLOUT and el.get("callout"):
        leader = _pairs(_numbers(el.get("callout"), "callout"))
        if leader:
            shape["anchor"] = leader[0]
    try:
        page = int(el.get("page", "0"))
        width = float(el.get("width", "1"))
    except ValueError:
        raise XfdfError(f"annotation {index + 1} has a page or width that is not a number") from None
    if not 0 <= page <= 100_000 or not (math.isfinite(width) and 0 < width <= 50):
        raise XfdfError(f"annotation {index + 1} has a page or width out of range")
    colour = el.get("color", "#d32f2f")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise XfdfError(f"annotation {index + 1} has a colour that is not #RRGGBB")
    text = _text(el)
    value = el.get(f"{{{CW}}}value")
    if value and text.startswith(value):
        text = text[len(value) :].strip()
    if kind == Kind.STAMP and not text:
        text = el.get("icon", "")[:MAX_TEXT]
    scale = None
    if kind == Kind.CALIBRATION:
        unit = el.get(f"{{{CW}}}unit", "m")
        length, ratio = el.get(f"{{{CW}}}length"), el.get(f"{{{CW}}}ratio")
        try:
            numbers = [float(v) for v in (length, ratio) if v]
            if not all(math.isfinite(n) for n in numbers):  # float() reads "inf" and "1e400" too
                raise ValueError("not finite")
            scale = MarkupScale(
                unit=LengthUnit(unit) if unit in MM_PER_UNIT else LengthUnit.M,
                length=float(length) if length else None,
                ratio=float(ratio) if ratio else None,
            )
        except ValueError:
            raise XfdfError(f"calibration annotation {index + 1} has a scale that is not a number") from None
    sha = el.get(f"{{{CW}}}sha256")
    return Markup(
        id=(el.get("name") or f"xfdf-{index + 1}")[:200],
        page=page,
        kind=kind,
        text=text,
        color=colour.lower(),
        width=width,
        author=el.get("title", "")[:200],
        created=parse_pdf_date(el.get("creationdate")),
        modified=parse_pdf_date(el.get("date")),
        document_sha256=sha if sha and re.fullmatch(r"[0-9a-f]{64}", sha) else None,
        scale=scale,
        **shape,
    )


def read_xfdf(data: bytes) -> list[Markup]:
    """The markups of an XFDF document (XfdfError, with why, for anything refused)."""
    if len(data) > MAX_XFDF_BYTES:
        raise XfdfError(f"the XFDF file is larger than {MAX_XFDF_BYTES >> 20} MB")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise XfdfError(
            "the XFDF file is refused: it declares a DTD, entities or external references "
            f"({type(exc).__name__})"
        ) from None
    except ET.ParseError as exc:
        raise XfdfError(f"the XFDF file is not well-formed XML ({exc})") from None
    except ValueError as exc:  # e.g. an encoding Python does not know
        raise XfdfError(f"the XFDF file cannot be read ({exc})") from None
    if _local(root.tag) != "xfdf":
        raise XfdfError("not an XFDF file: the root element is not <xfdf>")
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise XfdfError(f"the XFDF file has more than {MAX_ELEMENTS} elements")
    annots = [a for c in root if _local(c.tag) == "annots" for a in c]
    if len(annots) > MAX_ANNOTATIONS:
        raise XfdfError(f"the XFDF file has more than {MAX_ANNOTATIONS} annotations")
    markups: dict[str, Markup] = {}
    notes = []
    for index, el in enumerate(annots):
        if el.get("inreplyto"):
            notes.append(el)
            continue
        kind = _kind(el)
        if kind is None:
            continue  # a kind of annotation that is not a markup (link, sound, file, ...)
        m = _markup(el, kind, index)
        if m.id in markups:  # a name used twice (or alike in its first 200 characters): keep both markups
            m = replace(m, id=f"{m.id[:190]}~{index + 1}")
        markups[m.id] = m
    threads: dict[str, list[Reply]] = {}  # gathered first: a thread of thousands is built once
    for el in notes:
        parent = markups.get(el.get("inreplyto", ""))
        if parent is None:
            continue
        state = el.get("state")
        if state and el.get("statemodel", "Review") == "Review":
            markups[parent.id] = replace(parent, status=STATES.get(state, Status.OPEN))
            continue
        thread = threads.setdefault(parent.id, [])
        thread.append(
            Reply(
                id=(el.get("name") or f"{parent.id}-r{len(thread) + 1}")[:200],
                author=el.get("title", "")[:200],
                text=_text(el),
                created=parse_pdf_date(el.get("creationdate") or el.get("date")),
            )
        )
    for markup_id, thread in threads.items():
        markups[markup_id] = replace(markups[markup_id], replies=tuple(thread))
    return list(markups.values())
