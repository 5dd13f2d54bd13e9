"""Markups out of and into other tools: export into a PDF with appearance streams (read back with pypdf,
rendered by PDFium and by poppler with visible pixels where each markup is), the markup annotations of a PDF
another tool wrote, XFDF both ways, hostile XFDF refused, and the command line."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
from PIL import Image
from pypdf.annotations import FreeText, Line, Polygon, Rectangle

from caseworker.markups import (
    Kind,
    Markup,
    MarkupError,
    Status,
    XfdfError,
    export_pdf,
    import_pdf,
    read_xfdf,
    write_xfdf,
)
from tests.caseworker.markups.samples import A3, blank_pdf, every_kind

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def sheet() -> list[Markup]:
    return every_kind(0) + every_kind(1)


@pytest.fixture(scope="module")
def annotated(sheet: list[Markup]) -> bytes:
    return export_pdf(blank_pdf(2), sheet)


def test_export_reads_back_with_pypdf_as_standard_annotations(annotated: bytes, sheet: list[Markup]) -> None:
    page = pypdf.PdfReader(io.BytesIO(annotated)).pages[0]
    annots = [a.get_object() for a in page["/Annots"]]
    by_name = {str(a["/NM"]): a for a in annots}
    for m in (m for m in sheet if m.page == 0):
        a = by_name[m.id]
        assert "/N" in a["/AP"], m.kind  # every markup carries its own appearance
        assert int(a["/F"]) & 4, m.kind  # printable
        assert str(a["/T"]) == "Karin Björk"
    subtypes = {str(a["/NM"]).removeprefix("m0-"): str(a["/Subtype"]) for a in annots}
    assert subtypes["rectangle"] == "/Square" and subtypes["ellipse"] == "/Circle"
    assert subtypes["cloud"] == subtypes["polygon"] == subtypes["area"] == "/Polygon"
    assert subtypes["line"] == subtypes["arrow"] == subtypes["distance"] == "/Line"
    assert subtypes["polyline"] == "/PolyLine" and subtypes["ink"] == "/Ink" and subtypes["stamp"] == "/Stamp"
    assert subtypes["text"] == subtypes["callout"] == "/FreeText" and subtypes["highlight"] == "/Highlight"
    cloud = by_name["m0-cloud"]
    assert cloud["/BE"]["/S"] == "/C" and cloud["/IT"] == "/PolygonCloud"
    for name, intent in (("m0-distance", "/LineDimension"), ("m0-area", "/PolygonDimension")):
        assert by_name[name]["/IT"] == intent and by_name[name]["/Measure"]["/Subtype"] == "/RL"
    assert str(by_name["m0-distance"]["/Contents"]).startswith("8,00 m")
    assert by_name["m0-callout"]["/IT"] == "/FreeTextCallout" and len(by_name["m0-callout"]["/CL"]) == 4
    assert by_name["m0-arrow"]["/LE"][1] == "/OpenArrow"
    assert by_name["m0-stamp"]["/Name"] == "/Approved"
    replies = [a for a in annots if a.get("/IRT") is not None and a.get("/State") is None]
    assert [str(r["/Contents"]) for r in replies] == ["Åtgärdat i rev B.", "Ok."]
    assert all(r["/IRT"].get_object()["/NM"] == "m0-cloud" for r in replies)
    (state,) = [a for a in annots if a.get("/State") is not None]
    assert state["/State"] == "/Accepted" and state["/StateModel"] == "/Review"
    assert "/Measure" in page["/VP"][0]  # the page's calibration travels with it


def _ink_in(image: Image.Image, m: Markup, scale: float, page_height: float) -> int:
    """Non-white pixels inside the markup's box on a render at ``scale`` pixels per point."""
    x0, y0, x1, y1 = m.bbox()
    box = (
        int(x0 * scale) - 1,
        int((page_height - y1) * scale) - 1,
        int(x1 * scale) + 2,
        int((page_height - y0) * scale) + 2,
    )
    grey = image.convert("L").crop(box)
    return sum(grey.histogram()[:200])


def test_every_markup_is_visible_when_pdfium_renders_the_export(
    annotated: bytes, sheet: list[Markup]
) -> None:
    doc = pypdfium2.PdfDocument(annotated)
    for number in (0, 1):
        image = doc[number].render(scale=1, draw_annots=True).to_pil()
        blank = doc[number].render(scale=1, draw_annots=False).to_pil()
        for m in (m for m in sheet if m.page == number):
            assert _ink_in(image, m, 1, A3[1]) > 20, f"{m.kind} on page {number} is not drawn by PDFium"
            assert (
                _ink_in(blank, m, 1, A3[1]) == 0
            )  # the drawing itself is blank: the pixels are the markup's


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_every_markup_is_visible_when_poppler_renders_the_export(
    annotated: bytes, sheet: list[Markup], tmp_path: Path
) -> None:
    source = tmp_path / "annotated.pdf"
    source.write_bytes(annotated)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", str(source), str(tmp_path / "page")], check=True, timeout=300
    )
    for number in (0, 1):
        image = Image.open(next(tmp_path.glob(f"page-*{number + 1}.png")))
        for m in (m for m in sheet if m.page == number):
            assert _ink_in(image, m, 1, A3[1]) > 20, f"{m.kind} on page {number} is not drawn by poppler"


def test_export_then_import_gives_the_same_markups(annotated: bytes, sheet: list[Markup]) -> None:
    assert import_pdf(annotated) == sheet
    again = export_pdf(annotated, sheet)  # exporting again replaces, never duplicates
    assert import_pdf(again) == sheet


def test_a_markup_for_another_revision_or_page_is_refused() -> None:
    drawing = blank_pdf()
    sha = hashlib.sha256(drawing).hexdigest()
    mine = replace(every_kind()[0], document_sha256=sha)
    assert import_pdf(export_pdf(drawing, [mine], sha256=sha)) == [mine]
    with pytest.raises(MarkupError, match="another revision"):
        export_pdf(drawing, [replace(mine, document_sha256="0" * 64)], sha256=sha)
    with pytest.raises(MarkupError, match="page 3"):
        export_pdf(drawing, [replace(mine, page=2)])
    with pytest.raises(MarkupError, match="not a readable PDF"):
        export_pdf(b"%PDF-1.7 nothing else", [mine])


def test_the_markup_annotations_of_a_pdf_from_another_tool_are_read() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(A3[0], A3[1])
    writer.add_annotation(0, Rectangle(rect=(10, 10, 110, 60)))
    writer.add_annotation(0, FreeText(text="Kontrollera", rect=(200, 200, 320, 240)))
    writer.add_annotation(0, Line(p1=(10, 300), p2=(200, 300), rect=(8, 298, 202, 302)))
    writer.add_annotation(0, Polygon(vertices=[(400, 400), (500, 400), (450, 480)]))
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))  # a reply and a review state, as Acrobat writes them
    page = pdf.pages[0].obj
    parent = page.Annots[0]
    parent.T, parent.NM, parent.C = (
        pikepdf.String("Konsult AB"),
        pikepdf.String("ext-1"),
        pikepdf.Array([1, 0, 0]),
    )
    page.Annots[3].BE = pikepdf.Dictionary(S=pikepdf.Name.C, I=1)
    for extra in (
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 1, 1], IRT=parent,
                           Contents=pikepdf.String("Svar från konsulten"), T=pikepdf.String("Konsult AB")),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 1, 1], IRT=parent,
                           State=pikepdf.Name.Completed, StateModel=pikepdf.Name.Review),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9]),
    ):  # fmt: skip
        page.Annots.append(pdf.make_indirect(extra))
    out = io.BytesIO()
    pdf.save(out)
    found = import_pdf(out.getvalue())
    assert [m.kind for m in found] == [Kind.RECTANGLE, Kind.TEXT, Kind.LINE, Kind.CLOUD]
    rect = found[0]
    assert rect.id == "ext-1" and rect.author == "Konsult AB" and rect.color == "#ff0000"
    assert rect.status == Status.COMPLETED and [r.text for r in rect.replies] == ["Svar från konsulten"]
    assert found[1].text == "Kontrollera" and found[2].points == ((10, 300), (200, 300))
    assert found[3].points == ((400, 400), (500, 400), (450, 480))


def test_xfdf_round_trip_gives_the_same_markups(sheet: list[Markup]) -> None:
    data = write_xfdf(sheet, source="plan.pdf")
    assert (
        data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        and b'xmlns="http://ns.adobe.com/xfdf/"' in data
    )
    assert read_xfdf(data) == sheet
    assert read_xfdf(write_xfdf(import_pdf(export_pdf(blank_pdf(2), read_xfdf(data))))) == sheet


SQUARE_WITH = b"""<xfdf xmlns="http://ns.adobe.com/xfdf/"><annots>
<square page="0" rect="0,0,1,1"><contents>%s</contents></square></annots></xfdf>"""
BILLION_LAUGHS = (
    b"""<?xml version="1.0"?><!DOCTYPE xfdf [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
"""
    + SQUARE_WITH % b"&c;"
)
EXTERNAL = (
    b"""<?xml version="1.0"?><!DOCTYPE xfdf [<!ENTITY x SYSTEM "file:///etc/passwd">]>
"""
    + SQUARE_WITH % b"&x;"
)
TOO_MANY_POINTS = b'<xfdf><annots><polygon page="0" rect="0,0,1,1" vertices="%s"/></annots></xfdf>' % (
    b"1,1;" * 6000
)


def _square(**attributes: str) -> bytes:
    attrs = {"page": "0", "rect": "0,0,10,10", **attributes}
    text = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return f'<xfdf xmlns="http://ns.adobe.com/xfdf/"><annots><square {text}/></annots></xfdf>'.encode()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (BILLION_LAUGHS, "DTD, entities"),
        (EXTERNAL, "DTD, entities"),
        (b'<?xml version="1.0"?><!DOCTYPE xfdf SYSTEM "http://example.invalid/x.dtd"><xfdf/>', "DTD"),
        (b"<xfdf><annots><square></xfdf>", "not well-formed"),
        (b"", "not well-formed"),
        (b"<html/>", "not an XFDF"),
        (b" " * (33 * 1024 * 1024), "larger than"),
        (_square(rect="0,0,nan,1"), "not finite"),
        (_square(rect="0,0,1e300,1"), "not finite"),
        (_square(rect="a,b,c,d"), "not a number"),
        (_square(rect="1,2"), "rect of four"),
        (_square(color="red"), "colour"),
        (_square(page="-1"), "out of range"),
        (TOO_MANY_POINTS, "points"),
        (SQUARE_WITH % (b"x" * 5000), "longer than"),
    ],
)  # fmt: skip
def test_hostile_or_broken_xfdf_is_refused_with_a_message(data: bytes, why: str) -> None:
    with pytest.raises(XfdfError, match=why):
        read_xfdf(data)


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "caseworker.markups", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_the_command_line_writes_a_pdf_from_xfdf_and_xfdf_from_a_pdf(
    tmp_path: Path, sheet: list[Markup]
) -> None:
    drawing, xfdf, out, back = (
        tmp_path / "plan.pdf",
        tmp_path / "in.xfdf",
        tmp_path / "annotated.pdf",
        tmp_path / "out.xfdf",
    )
    drawing.write_bytes(blank_pdf(2))
    xfdf.write_bytes(write_xfdf(sheet))
    done = run_cli("pdf", "--in", drawing, "--xfdf", xfdf, "--out", out)
    assert done.returncode == 0, done.stderr
    assert import_pdf(out.read_bytes()) == sheet
    done = run_cli("xfdf", "--in", out, "--out", back)
    assert done.returncode == 0, done.stderr
    assert read_xfdf(back.read_bytes()) == sheet


def test_the_command_line_refuses_bad_input_with_one_line(tmp_path: Path) -> None:
    drawing, hostile, encrypted = tmp_path / "plan.pdf", tmp_path / "evil.xfdf", tmp_path / "locked.pdf"
    drawing.write_bytes(blank_pdf())
    hostile.write_bytes(BILLION_LAUGHS)
    with pikepdf.open(io.BytesIO(blank_pdf())) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="a", user="b"))
    good = tmp_path / "ok.xfdf"
    good.write_bytes(write_xfdf(every_kind()))
    cases = [
        (("pdf", "--in", drawing, "--xfdf", hostile, "--out", tmp_path / "x.pdf"), "DTD"),
        (
            ("pdf", "--in", tmp_path / "missing.pdf", "--xfdf", good, "--out", tmp_path / "x.pdf"),
            "not a file",
        ),
        (("pdf", "--in", good, "--xfdf", good, "--out", tmp_path / "x.pdf"), "not a readable PDF"),
        (("pdf", "--in", drawing, "--xfdf", good, "--out", tmp_path / "no" / "x.pdf"), "does not exist"),
        (("pdf", "--in", drawing, "--xfdf", good, "--out", tmp_path), "is a folder"),
        (("xfdf", "--in", encrypted, "--out", tmp_path / "x.xfdf"), "encrypted"),
        (("xfdf", "--in", tmp_path, "--out", tmp_path / "x.xfdf"), "not a file"),
        (("nonsense",), "invalid choice"),
        (("pdf", "--in", drawing), "required"),
    ]
    for args, why in cases:
        done = run_cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and why in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists() and not list(tmp_path.glob(".markups-*"))
