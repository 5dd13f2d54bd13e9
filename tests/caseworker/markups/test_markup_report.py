"""The markups list as a PDF report for the case: read back with pypdf (the heading, one table row per
markup with its replies under it, Swedish characters intact, the totals of measurements per page and unit),
its structure tree and PDF/A identification, and rendered by poppler's pdftoppm (ink on the page)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from caseworker.markups import Kind, Markup
from caseworker.markups.report import ReportHeading, markup_report, page_totals, reviewers
from tests.caseworker.markups.samples import WHEN, every_kind

SHA = "3f9a2c" + "0" * 58
HEADING = ReportHeading("Fasadritning A-40-1.pdf", SHA, dt.date(2026, 12, 7), "BN 2026-000123")


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def table_rows(data: bytes) -> list[list[str]]:
    """The rows of the first table of the structure tree, each as the roles of its cells."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = pdf.Root.StructTreeRoot.K
        table = next(k for k in document.K if str(k.S) == "/Table")
        return [[str(cell.S) for cell in row.K] for row in table.K]


def test_the_report_lists_every_markup_with_its_replies_and_sums_the_measurements() -> None:
    markups = every_kind(0) + every_kind(1)
    data = markup_report(markups, HEADING)
    text = text_of(data)

    assert "Markeringar: Fasadritning A-40-1.pdf" in text
    assert "Ärende: BN 2026-000123" in text and "Version (sha256): 3f9a2c000000" in text
    assert "Datum: 2026-12-07" in text
    assert "Granskare: Karin Björk, Anna Lindqvist" in text  # the replies' authors are reviewers too
    assert f"Antal markeringar: {len(markups)}" in text
    assert "Textruta: kontrollera måttkedjan (å, ä, ö)." in text, "Swedish letters survive the font"
    for swedish in ("Överstrykning", "Stämpel: Godkänd", "Avstånd", "Öppen", "Godtagen"):
        assert swedish in text
    # the clouds' thread, indented under them, in order
    assert text.count("↳ Anna Lindqvist, 2026-11-30: Åtgärdat i rev B.") == 2
    assert text.index("Brandcellsgräns?") < text.index("↳ Anna Lindqvist") < text.index("↳ Karin Björk")
    # measured values (10 m over 200 pt: the 160 pt distance is 8 m, the 160 x 100 pt area 40 m²)
    assert text.count("8,00 m\n") + text.count("8,00 m ") >= 2 and text.count("40,00 m²") >= 4

    rows = table_rows(data)
    replies = sum(len(m.replies) for m in markups)
    assert len(rows) == 1 + len(markups) + replies, "a header, one row per markup, one per reply"
    assert rows[0] == ["/TH"] * 8
    numbered = re.findall(r"^ ?(\d+)\n ?([12])\n", text, flags=re.MULTILINE)
    assert [int(n) for n, _page in numbered] == list(range(1, len(markups) + 1)), "numbered, page by page"

    assert page_totals(markups, {0: None, 1: None}) == [], "no calibration: nothing summed"
    assert "Summor av mätningar" in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "sv-SE" and pdf.Root.MarkInfo.Marked
        assert pdf.open_metadata().pdfa_status == "2B"
        assert str(pdf.docinfo["/Title"]) == "Markeringar: Fasadritning A-40-1.pdf"
        fonts = {str(f.BaseFont) for p in pdf.pages for f in p.Resources.Font.values()}
        assert all("DejaVu" in f for f in fonts), fonts


def test_uncalibrated_measurements_and_an_empty_drawing_say_so() -> None:
    markups = [m for m in every_kind(0) if m.kind != Kind.CALIBRATION]
    text = text_of(markup_report(markups, HEADING))
    assert text.count("ej kalibrerad") == 2  # the distance and the area
    assert "Summor av mätningar" not in text

    empty = text_of(markup_report([], replace(HEADING, case="")))
    assert "Ritningen har inga markeringar." in empty and "Granskare: –" in empty
    assert "Ärende" not in empty


def test_reviewers_are_named_once_in_order_of_first_appearance() -> None:
    a = Markup(id="a", page=0, kind=Kind.RECTANGLE, rect=(0, 0, 1, 1), author="Anna", created=WHEN)
    b = replace(a, id="b", author=" Bo ")
    assert reviewers([a, b, replace(a, id="c")]) == ["Anna", "Bo"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_the_report_renders_with_ink_on_every_page(tmp_path: Path) -> None:
    source = tmp_path / "rapport.pdf"
    source.write_bytes(markup_report(every_kind(0) + every_kind(1) + every_kind(2), HEADING))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(source), str(tmp_path / "page")], check=True, timeout=300
    )
    pictures = sorted(tmp_path.glob("page-*.png"))
    assert len(pictures) >= 2, "45 markups and their replies take more than one landscape page"
    for picture in pictures:
        with Image.open(picture) as img:
            assert img.width > img.height, "landscape"
            darkest = img.convert("L").getextrema()[0]
            assert isinstance(darkest, int) and darkest < 80, f"{picture.name} has no text"
