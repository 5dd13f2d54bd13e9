"""The rendered letter: every part in order, the municipality's identity, embedded fonts, page numbers,
PDF/A-2b identification and output intent, and the structure tree."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from typing import Any

import pikepdf
import pikepdf.pdfa
import pytest

from caseworker.decisions.letter import DecisionLetter, Part, required_parts
from caseworker.decisions.render import IncompleteLetter, render_pdf
from caseworker.domain.models import DecisionOutcome

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
    "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip
VERB = {
    DecisionOutcome.GRANTED: "Bygglov beviljas med stöd av",
    DecisionOutcome.REFUSED: "Ansökan om bygglov avslås med stöd av",
    DecisionOutcome.DISMISSED: "Ansökan om bygglov avvisas med stöd av",
    DecisionOutcome.WRITTEN_OFF: "Ärendet avskrivs",
}
# How each part shows in the extracted text: a line that starts with this.
MARKERS = {
    Part.LETTERHEAD: "BESLUT",
    Part.SUBJECT: "Fastighet",
    Part.CONDITIONS: "Villkor",
    Part.REASONS: "Skäl för beslutet",
    Part.ADVISORY_NOTES: "Upplysningar",
    Part.FEE: "Avgift",
    Part.DECIDED_BY: "Beslutet har fattats",
    Part.APPEAL: "Hur man överklagar",
    Part.DISTRIBUTION: "Beslutet skickas till",
}


def _line_index(lines: list[str], start: str, after: int = -1) -> int:
    for i, line in enumerate(lines):
        if i > after and (line == start or (start not in HEADING_LIKE and line.startswith(start))):
            return i
    raise AssertionError(f"no line {start!r} after line {after}")


HEADING_LIKE = {
    "Villkor",
    "Avgift",
    "Upplysningar",
    "Skäl för beslutet",
    "Hur man överklagar",
    "Beslutet skickas till",
}


@pytest.mark.parametrize("outcome", list(DecisionOutcome))
def test_every_required_part_present_in_order(
    outcome: DecisionOutcome, pdf_of: Callable[..., bytes], text_of: Callable[..., str]
) -> None:
    text = text_of(pdf_of("alvdala", outcome))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Älvdala kommun" in lines and "Miljö- och byggnämnden" in lines
    assert "BYGG 2026-000123" in text and "2026-04-22" in text
    where = -1
    for part in required_parts(outcome):
        start = VERB[outcome] if part is Part.DECISION else MARKERS[part]
        if part is Part.DECISION:
            where = _line_index(lines, "Beslut", where)  # the heading, then the decision stated first
        index = _line_index(lines, start, where)
        assert index > where, (part, start)
        where = index
    if outcome is not DecisionOutcome.GRANTED:
        assert "Villkor" not in lines
    pages = len(pikepdf.open(io.BytesIO(pdf_of("alvdala", outcome))).pages)
    assert re.findall(r"(?:Sida\s+)?(\d+) av (\d+)", text)[-1] == (str(pages), str(pages))


def test_granted_letter_says_what_domain_requires(
    pdf_of: Callable[..., bytes], text_of: Callable[..., str]
) -> None:
    text = " ".join(text_of(pdf_of("alvdala", DecisionOutcome.GRANTED)).split())
    for phrase in (
        "Kontrollansvarig för åtgärden är Mikael Strand",
        "Avgiften för beslutet är 19 680 kronor",
        "1. Byggnaden ska placeras",
        "12 kap. 8 a § plan- och bygglagen",
        "Grannar och sakägare som har hörts",
        "Anna Lindqvist Bygglovshandläggare",
        "Länsstyrelsen i Värmlands län",
        "Kungörelse i Post- och Inrikes Tidningar",
        "startbesked",
        "Björkvägen 7",
    ):
        assert phrase in text, phrase
    assert "medges" not in text and "bifalls" not in text


def test_only_embedded_truetype_fonts(pdf_of: Callable[..., bytes]) -> None:
    for outcome in DecisionOutcome:
        with pikepdf.open(io.BytesIO(pdf_of("norrsjo", outcome))) as pdf:
            fonts = {f.objgen: f for page in pdf.pages for f in page.Resources.Font.values()}
            assert fonts
            for font in fonts.values():
                name = str(font.BaseFont).lstrip("/").split("+")[-1]
                assert name not in STANDARD_14 and name.startswith("DejaVu"), name
                assert font.Subtype == "/TrueType" and "/FontFile2" in font.FontDescriptor, name
                assert "/ToUnicode" in font, f"{name}: text would not be searchable"


def test_searchable_swedish_letters(pdf_of: Callable[..., bytes], text_of: Callable[..., str]) -> None:
    text = text_of(pdf_of("vanerby", DecisionOutcome.GRANTED))
    assert (
        "Vänerby kommun" in text
        and "Bygg- och miljönämnden" in text
        and "Länsstyrelsen i Västra Götalands län" in text
    )


def test_two_municipalities_two_letterheads(
    pdf_of: Callable[..., bytes], pngs_of: Callable[..., list[Any]], text_of: Callable[..., str]
) -> None:
    from PIL import Image, ImageChops

    a, b = pdf_of("alvdala", DecisionOutcome.GRANTED), pdf_of("vanerby", DecisionOutcome.GRANTED)
    ta, tb = text_of(a), text_of(b)
    assert "Älvdala kommun" in ta and "Vänerby kommun" not in ta and "Vänerby kommun" in tb
    assert "Org.nr 212000-1787" in ta and "Org.nr 212000-1949" in tb  # the footers
    first_a, first_b = pngs_of(a, name="a")[0], pngs_of(b, name="b")[0]
    with Image.open(first_a) as ia, Image.open(first_b) as ib:
        head = (0, 0, ia.width, ia.height // 7)
        diff = ImageChops.difference(ia.convert("L").crop(head), ib.convert("L").crop(head))
        assert diff.point(lambda v: 255 if v > 40 else 0).histogram()[255] > 300  # logo, name, committee


def test_long_content_flows_onto_later_pages(
    long_letter: DecisionLetter, text_of: Callable[..., str]
) -> None:
    data = render_pdf(long_letter)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        total = len(pdf.pages)
    assert total >= 4
    pages = text_of(data).split("\f")[:total]
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        if number == 1:
            assert "Diarienummer" in flat and "BYGG 2026-000123" in flat and f"{number} av {total}" in flat
        else:  # the later pages' running head, not the letterhead
            assert "BESLUT 2026-04-22 BYGG 2026-000123" in flat and f"Sida {number} av {total}" in flat
            assert "Diarienummer" not in flat and "Lisa Bergström Tallvägen 3" not in flat
        assert "Org.nr 212000-1787" in flat  # the footer on every page
    with pikepdf.open(io.BytesIO(data)) as pdf:  # a paragraph broken over pages is one element on both
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        elements = [e for i in range(1, len(nums), 2) for e in nums[i]]
        spanning = [e for e in elements if len({k.Pg.objgen for k in e.K}) > 1]
        assert spanning, "no element continues on the next page"
    flat = " ".join(" ".join(pages).split())
    positions = [flat.index(f"{i}. Villkor nummer {i}:") for i in range(1, 41)]
    assert positions == sorted(positions)  # all forty, in order, none lost at a page break
    assert flat.index("Skäl 6.") < flat.index("Hur man överklagar") < flat.index("Beslutet skickas till")


def test_an_incomplete_letter_is_not_rendered(letter: Callable[..., DecisionLetter]) -> None:
    granted = letter("alvdala", DecisionOutcome.GRANTED)
    with pytest.raises(IncompleteLetter, match="CONDITIONS"):
        render_pdf(dataclasses.replace(granted, conditions=()))
    with pytest.raises(IncompleteLetter, match="APPEAL"):
        render_pdf(dataclasses.replace(granted, appeal_instructions=()))


def test_document_information_and_pdfa_identification(pdf_of: Callable[..., bytes]) -> None:
    data = pdf_of("alvdala", DecisionOutcome.REFUSED)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert (
            str(pdf.docinfo.Title)
            == "Beslut: Ansökan om bygglov för nybyggnad av enbostadshus och garage, BYGG 2026-000123"
        )
        assert str(pdf.docinfo.Author) == "Älvdala kommun, Miljö- och byggnämnden"
        assert str(pdf.docinfo.Subject).startswith("Ansökan om bygglov avslås")
        assert str(pdf.Root.Lang) == "sv-SE" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == str(pdf.docinfo.Title)
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        assert b"sRGB" in intent.DestOutputProfile.read_bytes()[:400] or "sRGB" in str(
            intent.OutputConditionIdentifier
        )
        for page in pdf.pages:  # no transparency: no soft masks, no transparency groups
            assert "/Group" not in page
            for image in page.get_images().values():
                assert "/SMask" not in image and "/Mask" not in image
    report = pikepdf.pdfa.validate_written(io.BytesIO(data), "2b")
    assert report.passed, [(f.rule, f.where, f.message) for f in report.findings]


def _tree(elem: pikepdf.Object, depth: int = 0) -> list[tuple[int, str, pikepdf.Object]]:
    out = [(depth, str(elem.S).lstrip("/"), elem)]
    for kid in elem.K:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            out += _tree(kid, depth + 1)
    return out


def test_structure_tree_with_headings_lists_and_reading_order(
    pdf_of: Callable[..., bytes], letter: Callable[..., DecisionLetter]
) -> None:
    data = pdf_of("alvdala", DecisionOutcome.GRANTED)
    granted = letter("alvdala", DecisionOutcome.GRANTED)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        root = pdf.Root.StructTreeRoot
        (document,) = [root.K] if isinstance(root.K, pikepdf.Dictionary) else list(root.K)
        nodes = _tree(document)
        roles = [role for _, role, _ in nodes]
        assert roles[0] == "Document" and roles[1] == "Figure"
        figure = nodes[1][2]
        assert str(figure.Alt) == "Älvdala kommuns logotyp" and "/BBox" in figure.A
        headings = [str(elem.K[0].MCID) and elem for _, role, elem in nodes if role == "H2"]
        assert (
            len(headings) == 7
        )  # Beslut, Villkor, Skäl, Upplysningar, Avgift, Hur man överklagar, Skickas till
        assert roles.count("H1") == 1 and roles.count("H3") == 1
        assert roles.index("H1") < roles.index("Table") < roles.index("H2")
        lists = [elem for _, role, elem in nodes if role == "L"]
        assert [len(lst.K) for lst in lists] == [
            len(granted.conditions),
            len(granted.advisory_notes),
            len(granted.distribution),
        ]
        assert all(str(li.K[0].S) == "/LBody" for lst in lists for li in lst.K)
        assert roles.count("TR") == len(granted.subject) and roles.count("TH") == roles.count("TD")
        assert all(elem.A.Scope == "/Row" for _, role, elem in nodes if role == "TH")
        # every marked-content sequence in the pages belongs to exactly one element, through the ParentTree
        nums = list(root.ParentTree.Nums)
        parents = {int(nums[i]): list(nums[i + 1]) for i in range(0, len(nums), 2)}
        for index, page in enumerate(pdf.pages):
            mcids = [
                int(operands[1].MCID)
                for operands, operator in pikepdf.parse_content_stream(page)
                if str(operator) == "BDC"
                and isinstance(operands[1], pikepdf.Dictionary)
                and "/MCID" in operands[1]
            ]
            assert mcids == list(range(len(mcids))) and len(parents[int(page.StructParents)]) == len(mcids)
            assert int(page.StructParents) == index
