"""Damaged or hostile PDFs and XFDF from other tools: markups are read past what cannot be read, and what
cannot be used at all is refused with one line, never a crash (found by attacking the command line)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caseworker.markups import Kind, Markup, XfdfError, export_pdf, import_pdf, read_xfdf
from tests.caseworker.markups.test_markup_exchange import run_cli

CATALOG = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
WHEN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
SQUARE = Markup(
    id="m1", page=0, kind=Kind.RECTANGLE, rect=(10.0, 10.0, 50.0, 50.0), created=WHEN, modified=WHEN
)


def raw_pdf(objects: list[str]) -> bytes:
    """A PDF written by hand (objects numbered from 1, object 1 the catalog), so it can be as broken as
    another tool's."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def page_with(annots: str, *more: str) -> bytes:
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Annots {annots} >>"
    return raw_pdf([*CATALOG, page, *more])


@pytest.mark.parametrize(
    "drawing",
    [
        page_with("[null 7 99 0 R (x)]"),  # entries that are no annotations, one of them a missing object
        page_with("42"),  # /Annots that is no array
        page_with("[4 0 R]", "<< /Type /Annot /Subtype /Ink /InkList " + "[" * 5000 + "]" * 5000 + " >>"),
    ],
    ids=["not-dictionaries", "not-an-array", "unreadable-object"],
)
def test_markups_go_into_a_pdf_whose_annotation_list_is_damaged(drawing: bytes) -> None:
    assert import_pdf(drawing) == []
    assert import_pdf(export_pdf(drawing, [SQUARE])) == [SQUARE]


def test_numbers_of_another_tool_that_are_not_numbers_are_read_as_no_value() -> None:
    calibration = (
        "<< /Type /Annot /Subtype /Line /Rect [0 0 100 100] /L [0 0 100 0] /CWKind /calibration "
        "/CWLength (abc) /CWRatio /Foo /BS << /W (wide) >> >>"
    )
    (found,) = import_pdf(page_with("[4 0 R]", calibration))
    # no usable scale: a line with a length, not a calibration that would break every measurement
    assert (found.kind, found.scale, found.width) == (Kind.DISTANCE, None, 1.0)
    (again,) = import_pdf(export_pdf(page_with("[]"), [found]))
    assert (again.kind, again.points, again.scale) == (found.kind, found.points, None)


XFDF_CALIBRATION = (
    '<?xml version="1.0"?><xfdf xmlns="http://ns.adobe.com/xfdf/" xmlns:cw="urn:caseworker:markups">'
    '<annots><line page="0" rect="0,0,100,100" start="0,0" end="100,0" cw:kind="calibration" %s/>'
    "</annots></xfdf>"
)


def test_an_xfdf_calibration_without_a_scale_is_written_without_a_caption() -> None:
    (calibration,) = read_xfdf((XFDF_CALIBRATION % "").encode())
    (back,) = import_pdf(export_pdf(page_with("[]"), [calibration]))
    assert back.kind in (Kind.CALIBRATION, Kind.DISTANCE) and back.points == calibration.points


@pytest.mark.parametrize("scale", ['cw:ratio="inf"', 'cw:length="1e400"', 'cw:length="nan"'])
def test_an_xfdf_scale_beyond_finite_numbers_is_refused(scale: str) -> None:
    with pytest.raises(XfdfError, match="not a number"):
        read_xfdf((XFDF_CALIBRATION % scale).encode())


def test_the_command_line_says_in_one_plain_line_why_a_damaged_pdf_is_refused(tmp_path: Path) -> None:
    cases = {
        "truncated.pdf": page_with("[4 0 R]", "<< /Type /Annot /Subtype /Square /Rect [0 0 1 1] >>")[:200],
        "garbage.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 20,
        "looping.pdf": raw_pdf([*CATALOG[:1], "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
    }
    xfdf = tmp_path / "ok.xfdf"
    xfdf.write_bytes(
        b'<?xml version="1.0"?><xfdf xmlns="http://ns.adobe.com/xfdf/"><annots>'
        b'<square page="0" rect="1,1,20,20"/></annots></xfdf>'
    )
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        for args in (
            ("pdf", "--in", tmp_path / name, "--xfdf", xfdf, "--out", tmp_path / "out.pdf"),
            ("xfdf", "--in", tmp_path / name, "--out", tmp_path / "out.xfdf"),
        ):
            done = run_cli(*args)
            if done.returncode == 0:  # qpdf may recover a file; then the markups are in it
                continue
            assert done.returncode == 2, (name, args[0], done.stderr)
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in done.stderr, (name, done.stderr)
            assert "object at 0x" not in done.stderr, (name, done.stderr)  # no Python object names


def test_xfdf_annotations_sharing_a_name_are_all_kept() -> None:
    """Names should be unique, but a file from elsewhere may repeat one: the second markup used to replace
    the first without a word."""
    data = (
        b'<?xml version="1.0"?><xfdf xmlns="http://ns.adobe.com/xfdf/"><annots>'
        b'<square name="a" page="0" rect="1,1,20,20"/><square name="a" page="0" rect="30,30,40,40"/>'
        b'<text name="r" inreplyto="a" page="0" rect="1,1,2,2"><contents>svar</contents></text>'
        b"</annots></xfdf>"
    )
    first, second = read_xfdf(data)
    assert (first.id, first.rect, [r.text for r in first.replies]) == ("a", (1.0, 1.0, 20.0, 20.0), ["svar"])
    assert second.id != "a" and second.rect == (30.0, 30.0, 40.0, 40.0) and not second.replies
