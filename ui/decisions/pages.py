"""The letter off the UI thread: rendered to PDF (reportlab, ~0.1 s), pages rasterised with PDFium, and
printed one page at a time at no more than 300 dpi.

All work runs on one worker thread: renders are serialised (PDFium is not thread-safe, and a newer
preview simply waits for the one being drawn), and the UI thread only receives finished QImages.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pypdfium2 as pdfium

from caseworker.decisions.letter import DecisionLetter
from caseworker.decisions.render import render_pdf
from ui.qt import QtCore, QtGui, QtPrintSupport

T = TypeVar("T")
PRINT_DPI_MAX = 300
POINTS_PER_INCH = 72
_worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="decision-letter")


async def _off_thread(fn: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(_worker, fn)


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    pages: list[QtGui.QImage]  # the pages at the preview's resolution, composited on white


def _page_image(document: pdfium.PdfDocument, index: int, dpi: float) -> QtGui.QImage:
    bitmap = document[index].render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
    try:
        view = bitmap.buffer
        image = QtGui.QImage(
            view, bitmap.width, bitmap.height, bitmap.stride, QtGui.QImage.Format.Format_RGBX8888
        )
        return image.copy()  # own the pixels: the bitmap's buffer is freed below
    finally:
        bitmap.close()


def rasterise(pdf: bytes, dpi: float) -> list[QtGui.QImage]:
    """Every page of ``pdf`` as an image at ``dpi`` (call off the UI thread)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_page_image(document, i, dpi) for i in range(len(document))]
    finally:
        document.close()


def _render(letter: DecisionLetter, dpi: float) -> RenderedLetter:
    pdf = render_pdf(letter)
    return RenderedLetter(pdf, rasterise(pdf, dpi))


async def render_letter(letter: DecisionLetter, dpi: float) -> RenderedLetter:
    """The letter as PDF bytes and page images, made on the worker thread."""
    return await _off_thread(functools.partial(_render, letter, dpi))


async def page_count(pdf: bytes) -> int:
    def count() -> int:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()

    return await _off_thread(count)


async def print_pdf(pdf: bytes, printer: QtPrintSupport.QPrinter) -> int:
    """Print ``pdf`` on ``printer`` (set up by the system print dialog, or a PDF file in tests): each page
    rasterised on the worker thread at the printer's resolution but at most 300 dpi, painted, then
    dropped before the next. Returns the number of pages printed."""
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    document = await _off_thread(lambda: pdfium.PdfDocument(pdf))
    try:
        pages = await _off_thread(lambda: len(document))
        printer.setFullPage(True)
        painter = QtGui.QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            for index in range(pages):
                image = await _off_thread(functools.partial(_page_image, document, index, dpi))
                if index:
                    printer.newPage()
                target = QtCore.QRectF(painter.window())
                size = QtCore.QSizeF(image.size()).scaled(
                    target.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio
                )
                placed = QtCore.QRectF(target.topLeft(), size)
                placed.moveCenter(target.center())
                painter.drawImage(placed, image)
                del image
        finally:
            painter.end()
    finally:
        await _off_thread(document.close)
    return pages
