"""caseworker.pdf: the shipped fonts load from the package (not the system) and the save lock restores
reportlab's global setting."""

from __future__ import annotations

import io
import threading

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from caseworker import pdf


def test_fonts_ship_inside_the_package() -> None:
    for name in (pdf.SANS, pdf.SANS_BOLD, pdf.SANS_ITALIC, pdf.SERIF, pdf.SERIF_BOLD, pdf.SERIF_ITALIC):
        path = pdf.font_path(name)
        assert path.is_file() and "caseworker" in path.parts and path.suffix == ".ttf"
    assert (pdf.font_path(pdf.SANS).parent / "LICENSE.txt").is_file()
    with pytest.raises(ValueError, match="unknown font"):
        pdf.font_path("Helvetica")
    with pytest.raises(ValueError, match="unknown font family"):
        pdf.register_fonts("Comic")


def test_swedish_text_is_embedded_and_searchable() -> None:
    pdf.register_fonts(pdf.SERIF)
    buf = io.BytesIO()
    c = Canvas(buf, initialFontName=pdf.SERIF)
    c.setFont(pdf.SERIF, 12)
    c.drawString(72, 720, "Överklagande – 9 kap. 31 § – Älvdala, Åsen, Näset")
    c.showPage()
    pdf.save_canvas(c)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    assert "Överklagande – 9 kap. 31 § – Älvdala, Åsen, Näset" in reader.pages[0].extract_text()
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all("/FontFile2" in f.get_object()["/FontDescriptor"] for f in fonts.values())


def test_binary_streams_restore_the_global_setting_even_after_an_error() -> None:
    before = rl_config.useA85
    with pytest.raises(RuntimeError), pdf.binary_streams():
        assert rl_config.useA85 == 0
        raise RuntimeError("save failed")
    assert rl_config.useA85 == before


def test_binary_streams_serialise_concurrent_saves() -> None:
    inside, overlap = threading.Event(), []

    def other() -> None:
        with pdf.binary_streams():
            overlap.append(inside.is_set())

    with pdf.binary_streams():
        inside.set()
        thread = threading.Thread(target=other)
        thread.start()
        inside.clear()  # the other save runs only after this one: it never sees "inside" set
    thread.join(30)
    assert not thread.is_alive() and overlap == [False]
