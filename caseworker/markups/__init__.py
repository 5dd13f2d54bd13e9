"""Markups on drawings (issue 13 core, no Qt): the model, geometry and hit-testing with a spatial index,
calibration and measurement, XFDF, and export into a PDF as standard annotations with appearance streams.

``python -m caseworker.markups`` exchanges markups with other tools (see ``__main__``).
"""

from caseworker.markups.index import MarkupIndex, brute_force_hits
from caseworker.markups.measure import Calibration, Measurement, calibration_markup, measure, page_calibration
from caseworker.markups.model import Kind, Markup, MarkupError, Reply, Status
from caseworker.markups.pdf import export_pdf, import_pdf
from caseworker.markups.xfdf import XfdfError, read_xfdf, write_xfdf

__all__ = [
    "Calibration",
    "Kind",
    "Markup",
    "MarkupError",
    "MarkupIndex",
    "Measurement",
    "Reply",
    "Status",
    "XfdfError",
    "brute_force_hits",
    "calibration_markup",
    "export_pdf",
    "import_pdf",
    "measure",
    "page_calibration",
    "read_xfdf",
    "write_xfdf",
]
