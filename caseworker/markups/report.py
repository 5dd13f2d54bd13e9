"""The markups list of one drawing as a PDF report for the case: a pure function, markups → bytes.

Landscape A4: the drawing's name, its revision (short sha256), the date and the reviewers; then one table
row per markup in the order of the markups list (page, then time): number, page, kind, text, author, date,
status and measured value, with the markup's replies as indented rows under it; last the measurements
summed per page and unit. The project's DejaVu fonts (å, ä, ö), tagged content and PDF/A-2b as the
decision letters have (:mod:`caseworker.decisions.tagging`, :mod:`caseworker.decisions.pdfa`).

Render off the UI thread (reportlab and pikepdf take tens of milliseconds for a few hundred markups).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from caseworker import pdf
from caseworker.decisions.pdfa import DocumentInfo, finish_pdfa
from caseworker.decisions.tagging import StructNode, Tagged, TagSink
from caseworker.markups.measure import Calibration, Measurement, measure, page_calibration
from caseworker.markups.model import Kind, Markup, Status
from caseworker.markups.pdf import SUBJECTS

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14 * mm
TEXT_W = PAGE_W - 2 * MARGIN
LANG = "sv-SE"
INK = HexColor("#1a1a1a")
GREY = HexColor("#555555")
RULE = HexColor("#bdbdbd")
HEAD = HexColor("#eeeeee")
STATUS_NAMES = {  # i18n: not ui text (the report is a Swedish case document), as the markups list says
    Status.OPEN: "Öppen", Status.ACCEPTED: "Godtagen", Status.REJECTED: "Avvisad",
    Status.COMPLETED: "Åtgärdad",
}  # fmt: skip
COLUMNS = ("Nr", "Sida", "Typ", "Text", "Av", "Datum", "Status", "Mått")  # i18n: not ui text
WIDTHS = (10 * mm, 12 * mm, 26 * mm, None, 38 * mm, 24 * mm, 22 * mm, 26 * mm)


@dataclass(frozen=True)
class ReportHeading:
    """What the report is about: the drawing's name, its revision and the day the report is made."""

    title: str  # the document's title or file name
    sha256: str | None
    made_on: dt.date
    case: str = ""  # the case's diarienummer or name, if known


def kind_name(kind: Kind) -> str:
    return SUBJECTS.get(kind, kind.value)


def ordered(markups: Iterable[Markup]) -> list[Markup]:
    """The markups in the markups list's order: page, then the time each was made."""
    return sorted(markups, key=lambda m: (m.page, m.created.timestamp() if m.created else 0.0, m.id))


def reviewers(markups: Iterable[Markup]) -> list[str]:
    """Everyone who made a markup or replied to one, in order of first appearance."""
    names: dict[str, None] = {}
    for m in markups:
        for name in (m.author, *(r.author for r in m.replies)):
            if name.strip():
                names.setdefault(name.strip(), None)
    return list(names)


def _day(when: dt.datetime | None) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d") if when is not None else ""


def _styles() -> dict[str, ParagraphStyle]:
    cell = ParagraphStyle("cell", fontName=pdf.SANS, fontSize=8.5, leading=10.5, textColor=INK)
    return {
        "h1": ParagraphStyle(
            "h1", fontName=pdf.SANS_BOLD, fontSize=15, leading=19, spaceAfter=4, textColor=INK
        ),
        "h2": ParagraphStyle(
            "h2", fontName=pdf.SANS_BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4, textColor=INK
        ),
        "meta": ParagraphStyle("meta", fontName=pdf.SANS, fontSize=9, leading=12, textColor=GREY),
        "cell": cell,
        "head": ParagraphStyle("head", parent=cell, fontName=pdf.SANS_BOLD),
        "reply": ParagraphStyle("reply", parent=cell, leftIndent=8 * mm, textColor=GREY),
        "value": ParagraphStyle("value", parent=cell, alignment=2),
    }


class _Report:
    """The flowables and, alongside, the structure tree in reading order."""

    def __init__(self) -> None:
        self.sink = TagSink()
        self.styles = _styles()
        self.flowables: list[Flowable] = []

    def para(self, node: StructNode, text: str, style: str) -> Tagged:
        return Tagged(Paragraph(escape(text).replace("\n", "<br/>"), self.styles[style]), node, self.sink)

    def add(self, role: str, text: str, style: str) -> None:
        self.flowables.append(self.para(self.sink.root.child(role), text, style))

    def table(self, head: tuple[str, ...], rows: list[list[str] | str], widths: tuple[float | None, ...],
              right: set[int]) -> None:  # fmt: skip
        """A table; a row given as one string spans the columns after the first (a reply under its markup)."""
        node = self.sink.root.child("Table")
        tr = node.child("TR")
        cells: list[list[Flowable | str]] = [[self.para(tr.child("TH"), h, "head") for h in head]]
        style: list[tuple[object, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), pdf.SANS),  # never the default Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), HEAD),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        for row in rows:
            tr = node.child("TR")
            y = len(cells)
            if isinstance(row, str):
                cells.append(["", self.para(tr.child("TD"), row, "reply")] + [""] * (len(head) - 2))
                style.append(("SPAN", (1, y), (-1, y)))
                continue
            cells.append(
                [self.para(tr.child("TD"), v, "value" if i in right else "cell") for i, v in enumerate(row)]
            )
            if y > 1:
                style.append(("LINEABOVE", (0, y), (-1, y), 0.4, RULE))
        fixed = sum(w for w in widths if w is not None)
        col_widths = [w if w is not None else TEXT_W - fixed for w in widths]
        # LongTable: a plain Table wraps every remaining row again at each page break (quadratic time)
        t = LongTable(cells, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle(style))
        self.flowables += [t, Spacer(1, 4)]


def _measured(m: Markup, calibrations: Mapping[int, Calibration | None]) -> str:
    value = measure(m, calibrations.get(m.page))
    if value is not None:
        return value.text()
    if m.kind in (Kind.DISTANCE, Kind.AREA, Kind.MEASUREMENT):
        return "ej kalibrerad"  # i18n: not ui text
    return ""


def page_totals(
    markups: Iterable[Markup], calibrations: Mapping[int, Calibration | None]
) -> list[tuple[int, Measurement]]:
    """The lengths and the areas summed per page and unit, page by page (lengths before areas)."""
    sums: dict[tuple[int, bool, str], Measurement] = {}
    for m in markups:
        value = measure(m, calibrations.get(m.page))
        if value is None:
            continue
        key = (m.page, value.area, value.unit.value)
        before = sums.get(key)
        sums[key] = Measurement(value.value + (before.value if before else 0.0), value.unit, value.area)
    return [(key[0], sums[key]) for key in sorted(sums)]


def markup_report(
    markups: Iterable[Markup],
    heading: ReportHeading,
    calibrations: Mapping[int, Calibration | None] | None = None,
) -> bytes:
    """The markups as a tagged PDF/A-2b report (see the module). ``calibrations`` by page (from 0);
    without them each page's calibration markup is used, as the markups list does."""
    rows_of = ordered(markups)
    if calibrations is None:
        calibrations = {p: page_calibration(rows_of, p) for p in {m.page for m in rows_of}}
    pdf.register_fonts(pdf.SANS)
    report = _Report()
    report.add("H1", f"Markeringar: {heading.title}", "h1")
    meta = [f"Ärende: {heading.case}"] if heading.case else []
    if heading.sha256:
        meta.append(f"Version (sha256): {heading.sha256[:12]}")
    meta.append(f"Datum: {heading.made_on.isoformat()}")
    people = reviewers(rows_of)
    meta.append(f"Granskare: {', '.join(people) if people else '–'}")
    meta.append(f"Antal markeringar: {len(rows_of)}")
    for line in meta:
        report.add("P", line, "meta")
    report.add("H2", "Markeringslista", "h2")
    rows: list[list[str] | str] = []
    for number, m in enumerate(rows_of, start=1):
        text = m.text if m.kind != Kind.STAMP else f"Stämpel: {m.text}"
        rows.append(
            [str(number), str(m.page + 1), kind_name(m.kind), text, m.author, _day(m.created or m.modified),
             STATUS_NAMES[m.status], _measured(m, calibrations)]
        )  # fmt: skip
        for reply in m.replies:
            when = _day(reply.created)
            rows.append(f"↳ {reply.author}{', ' + when if when else ''}: {reply.text}")
    if rows_of:
        report.table(COLUMNS, rows, WIDTHS, right={0, 1, 7})
    else:
        report.add("P", "Ritningen har inga markeringar.", "cell")
    totals = page_totals(rows_of, calibrations)
    if totals:
        report.add("H2", "Summor av mätningar", "h2")
        report.table(
            ("Sida", "Slag", "Summa"),
            [[str(page + 1), "Area" if value.area else "Längd", value.text()] for page, value in totals],
            (16 * mm, 30 * mm, 40 * mm),
            right={0, 2},
        )
    buf = io.BytesIO()
    info = DocumentInfo(
        title=f"Markeringar: {heading.title}",
        author=", ".join(people) or "Caseworker",
        subject=f"Sammanställning av {len(rows_of)} markeringar på ritningen {heading.title}.",
        lang=LANG,
        date=heading.made_on,
    )
    doc = SimpleDocTemplate(
        buf, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=info.title, author=info.author, subject=info.subject, creator="Caseworker",
        producer="Caseworker (reportlab, pikepdf)", lang=LANG, invariant=1, initialFontName=pdf.SANS,
        displayDocTitle=1,
    )  # fmt: skip
    with pdf.binary_streams():
        doc.build(report.flowables, onFirstPage=_page_number, onLaterPages=_page_number)
    return finish_pdfa(buf.getvalue(), report.sink, info)


def _page_number(canv: object, doc: object) -> None:
    with TagSink.artifact(canv, "Pagination"):  # type: ignore[arg-type]
        canv.setFont(pdf.SANS, 7.5)  # type: ignore[attr-defined]
        canv.setFillColor(GREY)  # type: ignore[attr-defined]
        canv.drawRightString(PAGE_W - MARGIN, 7 * mm, f"Sida {canv.getPageNumber()}")  # type: ignore[attr-defined]


__all__ = ["ReportHeading", "markup_report", "ordered", "page_totals", "reviewers"]
