"""Printing a drawing (the whole sheet or the part in view) to scale, and saving the view as a PNG.

A print is rendered through the engine (its workers; the UI thread only hands the pieces to the printer)
at the printer's resolution but at most 300 dpi, one page of paper, in bands that fit the engine's memory
budget. To scale: one point of the sheet is one point on paper, so a 1:100 drawing measures 1:100. A sheet
larger than the paper is reduced to fit and the caller is told by how much (it is no longer to scale).
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from pathlib import Path

from caseworker.drawings.engine import Document, RenderEngine
from caseworker.drawings.geometry import PixelRect, page_pixels
from caseworker.drawings.images import PixelImage
from ui.qt import QtCore, QtGui, QtPrintSupport

MAX_DPI = 300
BAND_BYTES = 32 * 1024 * 1024  # the pixels of one band of a print (a piece the engine renders at once)


@dataclass(frozen=True)
class Printed:
    factor: float  # 1.0: to scale; less: reduced to fit the paper
    dpi: int  # the pixels per inch of the drawing on paper


def qimage(piece: PixelImage) -> QtGui.QImage:
    """A copy of a rendered piece (the engine may reuse its memory once it is let go)."""
    return QtGui.QImage(
        piece.pixels, piece.width, piece.height, piece.stride, QtGui.QImage.Format.Format_RGB32
    ).copy()


def orient(printer: QtPrintSupport.QPrinter, area: QtCore.QRectF) -> None:
    """Paper turned like the area (landscape for a wide one): the dialog then offers that."""
    landscape = area.width() > area.height()
    printer.setPageOrientation(
        QtGui.QPageLayout.Orientation.Landscape if landscape else QtGui.QPageLayout.Orientation.Portrait
    )


async def print_area(
    printer: QtPrintSupport.QPrinter,
    engine: RenderEngine,
    document: Document,
    page: int,
    rotation: int,
    area: QtCore.QRectF,
) -> Printed:
    """Print ``area`` (points of the page as shown, turned ``rotation`` quarter turns) on one sheet of
    paper, to scale if it fits. Rendering happens in the engine's workers; this only waits."""
    resolution = printer.resolution()
    paper = printer.pageRect(QtPrintSupport.QPrinter.Unit.DevicePixel)  # printable area, device pixels
    factor = min(
        1.0,
        paper.width() / (area.width() / 72 * resolution),
        paper.height() / (area.height() / 72 * resolution),
    )
    dpi = min(MAX_DPI, resolution)
    scale = dpi / 72 * factor  # pixels rendered per point of the sheet
    size = document.page_size(page)
    turned = (size[1], size[0]) if rotation % 2 else size
    full = page_pixels(turned, scale)
    x0, y0 = max(0, math.floor(area.left() * scale)), max(0, math.floor(area.top() * scale))
    x1, y1 = min(full[0], math.ceil(area.right() * scale)), min(full[1], math.ceil(area.bottom() * scale))
    if x1 <= x0 or y1 <= y0:
        raise ValueError("nothing of the page is in the area to print")
    band_rows = max(1, BAND_BYTES // ((x1 - x0) * 4))
    device_per_pixel = resolution / 72 * factor / scale  # printer pixels for one rendered pixel
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        for top in range(y0, y1, band_rows):
            band = PixelRect(x0, top, x1 - x0, min(band_rows, y1 - top))
            piece = await asyncio.wrap_future(
                engine.render_area(document, page, scale, band, rotation=rotation * 90)
            )
            target = QtCore.QRectF(
                (band.x - area.left() * scale) * device_per_pixel,
                (band.y - area.top() * scale) * device_per_pixel,
                band.w * device_per_pixel,
                band.h * device_per_pixel,
            )
            painter.drawImage(target, qimage(piece))
    finally:
        painter.end()
    return Printed(factor, round(dpi * factor) if factor < 1 else dpi)


async def save_png(
    engine: RenderEngine,
    document: Document,
    page: int,
    rotation: int,
    scale: float,
    view: PixelRect,
    path: Path,
) -> None:
    """The visible area as shown (``view``: pixels of the page at ``scale``) into a PNG file."""
    piece = await asyncio.wrap_future(engine.render_area(document, page, scale, view, rotation=rotation * 90))
    image = qimage(piece)

    def write() -> bool:  # QImage may be used off the GUI thread
        return bool(image.save(str(path), "PNG"))  # type: ignore[call-overload]  # the stub wants bytes

    saved = await asyncio.to_thread(write)
    if not saved:
        raise OSError("the picture could not be written")
