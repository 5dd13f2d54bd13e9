"""The decision letter as a PDF in the municipality's identity: a pure function, letter → bytes.

Layout (A4): the first page carries the full letterhead (logo, municipality, committee, "BESLUT", date,
diarienummer, "Sida 1 av N") and the addressee; later pages a slim running head; every page the
municipality's footer. Fonts are the project's embedded DejaVu (caseworker.pdf), never the standard 14.
Everything drawn is either tagged content or an artifact (:mod:`caseworker.decisions.tagging`), and the
result is finished as PDF/A-2b with a structure tree (:mod:`caseworker.decisions.pdfa`).

Render off the UI thread: a three-page letter takes tens of milliseconds (benchmarks/decisions.py).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import KeepTogether

from caseworker import pdf
from caseworker.decisions.letter import HEADINGS, DecisionLetter, Part, missing_parts
from caseworker.decisions.pdfa import DocumentInfo, finish_pdfa
from caseworker.decisions.tagging import StructNode, Tagged, TagSink

PAGE_W, PAGE_H = A4
LEFT, RIGHT = 25 * mm, 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
INFO_X = 128 * mm  # the right-hand column of the letterhead (document type, date, dnr) and the address
FOOTER_TOP = 24 * mm
FIRST_FRAME_TOP = PAGE_H - 84 * mm
LATER_FRAME_TOP = PAGE_H - 30 * mm
INK = HexColor("#1a1a1a")
GREY = HexColor("#555555")
LANG = "sv-SE"


class IncompleteLetter(ValueError):
    """The letter lacks a part its outcome requires (DOMAIN.md); nothing is rendered."""


def _heading(
    name: str, size: float, leading: float, colour: Color, *, before: float, after: float
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=pdf.SANS_BOLD,
        fontSize=size,
        leading=leading,
        textColor=colour,
        spaceBefore=before,
        spaceAfter=after,
        keepWithNext=1,
    )


def _styles(primary: Color) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName=pdf.SERIF,
        bulletFontName=pdf.SERIF,
        bulletFontSize=10.3,
        fontSize=10.3,
        leading=14.2,
        textColor=INK,
        spaceAfter=5,
    )
    return {
        "body": body,
        "h1": _heading("h1", 14.5, 18, INK, before=0, after=7),
        "h2": _heading("h2", 11, 14, primary, before=9, after=4),
        "h3": _heading("h3", 9.8, 13, INK, before=4, after=0),
        "stated": ParagraphStyle("stated", parent=body, fontName=pdf.SERIF_BOLD),
        "numbered": ParagraphStyle("numbered", parent=body, leftIndent=8 * mm, bulletIndent=0, spaceAfter=3),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=5 * mm, bulletIndent=0.5 * mm, spaceAfter=3
        ),
        "label": ParagraphStyle("label", fontName=pdf.SANS, fontSize=8.3, leading=12.4, textColor=GREY),
        "value": ParagraphStyle("value", parent=body, spaceAfter=0, leading=12.4),
        "signature": ParagraphStyle("signature", parent=body, spaceBefore=10, spaceAfter=8),
        "signed": ParagraphStyle("signed", parent=body, spaceAfter=6),
    }


def _text(text: str) -> str:
    """Plain text as Paragraph markup (escaped; line breaks kept)."""
    return escape(text).replace("\n", "<br/>")


@functools.lru_cache(maxsize=8)
def _flat_logo(png: bytes) -> ImageReader:
    """The logo flattened onto white as opaque RGB: PDF/A-2b permits transparency, but a soft mask
    is one more thing for archive checkers; the letter paper is white anyway."""
    with Image.open(io.BytesIO(png)) as img:
        rgba = img.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return ImageReader(flat)


class _Story:
    """Builds the flowables and, alongside, the structure tree in reading order."""

    def __init__(self, sink: TagSink, styles: dict[str, ParagraphStyle]) -> None:
        self.sink, self.styles, self.flowables = sink, styles, list[Flowable]()

    def para(self, role: str, text: str, style: str, parent: StructNode | None = None, **kw: Any) -> Tagged:
        node = (parent or self.sink.root).child(role)
        return Tagged(Paragraph(_text(text), self.styles[style], **kw), node, self.sink)

    def add(self, role: str, text: str, style: str = "body", parent: StructNode | None = None) -> None:
        self.flowables.append(self.para(role, text, style, parent))

    def paragraphs(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.add("P", text)

    def heading(self, part: Part) -> None:
        self.add("H2", HEADINGS[part], "h2")

    def listing(self, items: tuple[str, ...], numbered: bool) -> None:
        lst = self.sink.root.child("L")
        for i, item in enumerate(items, start=1):
            body = lst.child("LI").child("LBody")
            style = "numbered" if numbered else "bullet"
            self.flowables.append(self.para("P", item, style, body, bulletText=f"{i}." if numbered else "•"))

    def table(self, rows: list[tuple[str, str]]) -> None:
        table = self.sink.root.child("Table")
        cells = []
        for label, value in rows:
            tr = table.child("TR")
            cells.append(
                [
                    self.para("P", label, "label", tr.child("TH")),
                    self.para("P", value, "value", tr.child("TD")),
                ]
            )
        t = Table(cells, colWidths=[34 * mm, TEXT_W - 34 * mm], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), pdf.SANS),  # never the default Helvetica
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ]
            )
        )
        self.flowables += [_Artifact(t, self.sink), Spacer(1, 4)]


class _Artifact(Flowable):  # type: ignore[misc]
    """A container whose own drawing (none for an unstyled table) is an artifact; the cells inside are
    tagged content of their own nodes."""

    def __init__(self, inner: Flowable, sink: TagSink) -> None:
        super().__init__()
        self.inner, self.sink = inner, sink

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return [
            _Artifact(p, self.sink) for p in self.inner.splitOn(self.canv, available_width, available_height)
        ]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.inner.drawOn(canvas, x, y, _sW)


def _body(letter: DecisionLetter, story: _Story) -> None:
    story.add("H1", letter.title, "h1")
    story.table([(row.label, row.value) for row in letter.subject])
    lists = {
        Part.CONDITIONS: (letter.conditions, True),
        Part.ADVISORY_NOTES: (letter.advisory_notes, False),
        Part.DISTRIBUTION: (letter.distribution, False),
    }
    for part in letter.parts():
        if part in (Part.LETTERHEAD, Part.SUBJECT):
            continue
        if part is Part.DECIDED_BY:
            _decided_by(letter, story)
            continue
        story.heading(part)
        if part in lists:
            story.listing(*lists[part])
        elif part is Part.DECISION:
            first, *rest = letter.decision
            story.add("P", first, "stated")
            story.paragraphs(rest)
        elif part is Part.REASONS:
            story.paragraphs(letter.reasons)
            if letter.neighbours_heard:
                story.add("H3", "Grannar och sakägare som har hörts", "h3")
                story.paragraphs(letter.neighbours_heard)
        else:
            story.paragraphs({Part.FEE: letter.fee, Part.APPEAL: letter.appeal_instructions}[part])


def _decided_by(letter: DecisionLetter, story: _Story) -> None:
    """Part 8 without a heading of its own, as letters do: the delegation sentence, then the signature."""
    group = [story.para("P", letter.decided_under, "signature")]
    person = letter.decided_by
    if person is not None:
        who = person.name + (f"\n{person.title}" if person.title else "")
        group.append(story.para("P", who, "signed"))
    if letter.presented_by is not None:
        p = letter.presented_by
        title = f", {p.title[:1].lower()}{p.title[1:]}" if p.title else ""
        group.append(story.para("P", f"Föredragande: {p.name}{title}", "body"))
    story.flowables.append(KeepTogether(group))


class _Letterhead:
    """Draws the page furniture: the first page's letterhead (tagged) and every page's head and footer
    (artifacts). Page numbers are drawn last, once the page count is known (:class:`_PagedCanvas`)."""

    def __init__(self, letter: DecisionLetter, sink: TagSink) -> None:
        self.letter, self.sink = letter, sink
        m = letter.municipality
        self.primary = HexColor(m.primary_color)
        root = sink.root
        name = f"{m.name}s logotyp" if not m.name.endswith("s") else f"{m.name} logotyp"
        self.logo_node = root.child("Figure", alt=name) if letter.logo_png else None
        self.name_node, self.committee_node = root.child("P"), root.child("P")
        self.kind_node, self.date_node, self.dnr_node = root.child("P"), root.child("P"), root.child("P")
        self.address_node = root.child("P")

    def first_page(self, canv: Canvas, _doc: BaseDocTemplate) -> None:
        letter, m, sink = self.letter, self.letter.municipality, self.sink
        top = PAGE_H - 14 * mm
        logo = 22 * mm
        text_x = LEFT
        if letter.logo_png and self.logo_node is not None:
            self.logo_node.bbox = (LEFT, top - logo, LEFT + logo, top)
            with sink.content(canv, self.logo_node):
                canv.drawImage(_flat_logo(letter.logo_png), LEFT, top - logo, logo, logo)
            text_x = LEFT + logo + 5 * mm
        canv.setFillColor(self.primary)
        with sink.content(canv, self.name_node):
            canv.setFont(pdf.SANS_BOLD, 16)
            canv.drawString(text_x, top - 9 * mm, m.name)
        canv.setFillColor(INK)
        with sink.content(canv, self.committee_node):
            canv.setFont(pdf.SANS, 10)
            canv.drawString(text_x, top - 15 * mm, m.committee)
        with sink.content(canv, self.kind_node):
            canv.setFont(pdf.SANS_BOLD, 14)
            canv.drawString(INFO_X, top - 6 * mm, "BESLUT")
        for node, label, value, y in (
            (self.date_node, "Datum", letter.decided_on.isoformat(), top - 12.5 * mm),
            (self.dnr_node, "Diarienummer", letter.registration_number, top - 17.5 * mm),
        ):
            with sink.content(canv, node):
                canv.setFont(pdf.SANS, 7.5)
                canv.setFillColor(GREY)
                canv.drawString(INFO_X, y, label)
                canv.setFont(pdf.SANS, 9.5)
                canv.setFillColor(INK)
                canv.drawString(INFO_X + 22 * mm, y, value)
        with sink.artifact(canv):
            canv.setStrokeColor(self.primary)
            canv.setLineWidth(1.1)
            canv.line(LEFT, PAGE_H - 44 * mm, PAGE_W - RIGHT, PAGE_H - 44 * mm)
        lines = [letter.recipient]
        if letter.recipient_address is not None:
            a = letter.recipient_address
            lines += [a.street, f"{a.postal_code} {a.city}"]
        with sink.content(canv, self.address_node):
            text = canv.beginText(INFO_X, PAGE_H - 55 * mm)
            text.setFont(pdf.SERIF, 10.5, 14)
            for line in lines:
                text.textLine(line)
            canv.drawText(text)
        self.footer(canv)

    def later_page(self, canv: Canvas, _doc: BaseDocTemplate) -> None:
        letter, m = self.letter, self.letter.municipality
        top = PAGE_H - 14 * mm
        with self.sink.artifact(canv, "Pagination"):
            canv.setFillColor(self.primary)
            canv.setFont(pdf.SANS_BOLD, 9.5)
            canv.drawString(LEFT, top, m.name)
            canv.setFillColor(GREY)
            canv.setFont(pdf.SANS, 8)
            canv.drawString(LEFT, top - 4.2 * mm, m.committee)
            canv.setFillColor(INK)
            canv.drawRightString(
                PAGE_W - RIGHT - 26 * mm,
                top,
                f"BESLUT  {letter.decided_on.isoformat()}  {letter.registration_number}",
            )
            canv.setStrokeColor(self.primary)
            canv.setLineWidth(0.6)
            canv.line(LEFT, top - 7 * mm, PAGE_W - RIGHT, top - 7 * mm)
        self.footer(canv)

    def footer(self, canv: Canvas) -> None:
        with self.sink.artifact(canv, "Pagination"):
            canv.setStrokeColor(self.primary)
            canv.setLineWidth(0.5)
            canv.line(LEFT, FOOTER_TOP - 5, PAGE_W - RIGHT, FOOTER_TOP - 5)
            canv.setFillColor(GREY)
            canv.setFont(pdf.SANS, 7.3)
            y = FOOTER_TOP - 14
            for line in simpleSplit(self.letter.municipality.footer, pdf.SANS, 7.3, TEXT_W)[:3]:
                canv.drawString(LEFT, y, line)
                y -= 9

    def page_number(self, canv: Canvas, total: int) -> None:
        page = canv.getPageNumber()
        y = PAGE_H - 14 * mm - (22.5 * mm if page == 1 else 0)
        with self.sink.artifact(canv, "Pagination"):
            canv.setFillColor(INK)
            if page == 1:
                canv.setFont(pdf.SANS, 7.5)
                canv.setFillColor(GREY)
                canv.drawString(INFO_X, y, "Sida")
                canv.setFont(pdf.SANS, 9.5)
                canv.setFillColor(INK)
                canv.drawString(INFO_X + 22 * mm, y, f"{page} av {total}")
            else:
                canv.setFont(pdf.SANS, 8)
                canv.drawRightString(PAGE_W - RIGHT, y, f"Sida {page} av {total}")


class _PagedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page back until the end so each can say "Sida x av y" in one pass."""

    def __init__(self, *args: Any, page_number: Callable[[Canvas, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._page_number = page_number

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._page_number(self, total)
            super().showPage()
        super().save()


def _frame(top: float) -> Frame:
    bottom = FOOTER_TOP + 4 * mm
    return Frame(LEFT, bottom, TEXT_W, top - bottom, leftPadding=0, rightPadding=0)


@dataclass(frozen=True)
class DrawnLetter:
    """reportlab's output with the structure recorded while drawing, before the PDF/A step."""

    data: bytes
    sink: TagSink
    info: DocumentInfo


def render_pdf(letter: DecisionLetter) -> bytes:
    """The letter as a tagged PDF/A-2b. Raises :class:`IncompleteLetter` if a required part is missing."""
    drawn = draw_letter(letter)
    return finish_pdfa(drawn.data, drawn.sink, drawn.info)


def draw_letter(letter: DecisionLetter) -> DrawnLetter:
    """The pages drawn by reportlab, content marked, not yet PDF/A (see :func:`render_pdf`)."""
    missing = missing_parts(letter)
    if missing:
        raise IncompleteLetter("the decision letter lacks " + ", ".join(p.name for p in missing))
    pdf.register_fonts(pdf.SANS)
    pdf.register_fonts(pdf.SERIF)
    m = letter.municipality
    sink = TagSink()
    head = _Letterhead(letter, sink)  # first: the letterhead comes first in reading order
    story = _Story(sink, _styles(head.primary))
    _body(letter, story)
    buf = io.BytesIO()
    info = DocumentInfo(
        title=f"Beslut: {letter.title}, {letter.registration_number}",
        author=f"{m.name}, {m.committee}",
        subject=f"{letter.decision[0]} Fastighet {letter.subject[0].value}.",
        lang=LANG,
        date=letter.decided_on,
    )
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator="Caseworker",
        producer="Caseworker (reportlab, pikepdf)",
        lang=LANG,
        invariant=1,
        initialFontName=pdf.SERIF,
        displayDocTitle=1,
        leftMargin=LEFT,
        rightMargin=RIGHT,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "first", [_frame(FIRST_FRAME_TOP)], onPage=head.first_page, autoNextPageTemplate="later"
            ),
            PageTemplate("later", [_frame(LATER_FRAME_TOP)], onPage=head.later_page),
        ]
    )
    with pdf.binary_streams():
        doc.build(story.flowables, canvasmaker=functools.partial(_PagedCanvas, page_number=head.page_number))
    return DrawnLetter(buf.getvalue(), sink, info)
