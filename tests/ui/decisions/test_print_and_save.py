"""Printing a decision goes through QPrinter one page at a time as pictures of at most 300 dpi (the
printer gets what the preview shows); "Spara som PDF", and printing to a PDF file from the print dialog,
give the letter itself: tagged PDF/A with searchable text."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import until
from tests.ui.services_factory import find_case, running_services
from ui.decisions.editor import DecisionEditor
from ui.decisions.pages import PRINT_DPI_MAX
from ui.qt import QtPrintSupport
from ui.services import Services

A4_WIDTH_POINTS = 595.3


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


@pytest.fixture
def ready(qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services) -> DecisionEditor:
    """The editor of an open building-permit case, its decision complete and its preview drawn."""
    with sandbox.client("anna") as c:
        case = find_case(
            c,
            lambda k: (
                k["status"] in ("received", "complete", "under_review")
                and k["case_type"].startswith("bygglov_")
                and any(p["role"] == "applicant" for p in k["parties"])
            ),
        )
    editor = DecisionEditor(anna, case["id"])
    qtbot.addWidget(editor)
    editor.show()
    qloop.run(editor.load_task)
    editor.reasons.setPlainText("Åtgärden följer detaljplanen; grannarna har inte haft något att invända.")
    editor.delegation_ref.setText("delegationsordningen, punkt 3.4")
    qloop.run(until(lambda: not editor.missing and not editor.preview_timer.isActive()))
    if editor._rendering is not None:
        qloop.run(editor._rendering)
    return editor


def pdf_printer(path: Path) -> QtPrintSupport.QPrinter:
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def assert_tagged_pdfa(path: Path, registration_number: str) -> None:
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "sv-SE"
        with pdf.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Skäl för beslutet" in text and registration_number in text


def test_printing_sends_one_picture_per_page_at_no_more_than_300_dpi(
    qloop: LoopRunner, ready: DecisionEditor, tmp_path: Path
) -> None:
    printed = tmp_path / "utskrift.pdf"
    printer = pdf_printer(printed)
    assert printer.resolution() > PRINT_DPI_MAX  # the printer could take more: the letter is capped
    pages = qloop.run(ready.print_to(printer))
    assert pages == len(ready.preview.images) >= 2
    widest = math.ceil(A4_WIDTH_POINTS / 72 * PRINT_DPI_MAX) + 1
    with pikepdf.open(printed) as pdf:
        assert len(pdf.pages) == pages
        for page in pdf.pages:
            images = list(page.get_images().values())
            assert len(images) == 1  # the page as one picture
            assert 0.9 * widest < int(images[0].Width) <= widest
    assert "Utskrivet" in ready.draft_status.text()


def test_save_as_pdf_and_print_to_a_pdf_file_give_the_tagged_letter(
    qloop: LoopRunner, ready: DecisionEditor, tmp_path: Path
) -> None:
    assert ready.case is not None
    saved = tmp_path / "beslut.pdf"
    qloop.run(ready.save_pdf_to(saved))
    assert_tagged_pdfa(saved, ready.case.registration_number)

    to_file = tmp_path / "utskrift-till-fil.pdf"
    qloop.run(ready.print_or_save(pdf_printer(to_file)))  # "Skriv ut till fil" in the print dialog
    assert_tagged_pdfa(to_file, ready.case.registration_number)  # its text extracts: not pictures
