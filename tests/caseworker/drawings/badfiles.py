"""Bad and unusual drawing files, made in the test (each function returns the bytes)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfReader, PdfWriter

from caseworker.sandbox.assets import archive_tiff, drawing_pdf


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1..n) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    )
    return out.getvalue()


def looping_page_tree() -> bytes:
    """The page tree's only kid is the tree itself."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def two_node_page_loop() -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


def broken_xref() -> bytes:
    """A real drawing whose cross-reference offsets all point to the wrong place (repairable)."""
    data = bytearray(drawing_pdf("plan", 2))
    start = data.rindex(b"\nxref") + 1
    end = data.index(b"trailer", start)
    table = data[start:end]
    lines = table.split(b"\n")
    bad = [
        (b"%010d" % (int(line[:10]) + 7) + line[10:]) if len(line) >= 18 and line[17:18] == b"n" else line
        for line in lines
    ]
    data[start:end] = b"\n".join(bad)
    return bytes(data)


def garbage_pdf() -> bytes:
    """Looks like a PDF (header and end marker) but holds nothing readable."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def truncated_pdf() -> bytes:
    data = drawing_pdf("plan", 2)
    return data[: len(data) // 2]


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(drawing_pdf("plan", 1))))
    writer.encrypt(user_password="hemligt", owner_password="ägare", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (600, 400)) -> bytes:
    image = Image.new("RGB", size, "white")
    image.paste((200, 30, 30), (100, 100, 300, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def docx_like() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 200


def plain_text() -> bytes:
    return "Ritningsförteckning\nA-40.1-101 Planritning\n".encode() * 20


def _tiff(entries: list[tuple[int, int, int, int]], data: bytes = b"\x00" * 64) -> bytes:
    """A little-endian TIFF with one IFD of (tag, type, count, value) entries; data after the IFD."""
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    data_offset = ifd_offset + ifd_size
    entries = [(t, ty, c, data_offset if v == -1 else v) for t, ty, c, v in entries]
    out = struct.pack("<2sHI", b"II", 42, ifd_offset)
    out += struct.pack("<H", len(entries))
    for tag, typ, count, value in sorted(entries):
        out += struct.pack("<HHII", tag, typ, count, value)
    return out + struct.pack("<I", 0) + data


def tiff_bomb(width: int = 200_000, height: int = 200_000) -> bytes:
    """A Group 4 TIFF whose header claims width x height pixels, with a few bytes of data."""
    return _tiff(
        [
            (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 1), (259, 3, 1, 4), (262, 3, 1, 0),
            (273, 4, 1, -1), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, 64),
        ]
    )  # fmt: skip


def tiff_strips_past_the_end() -> bytes:
    """An 8-bit TIFF whose strip claims to start far beyond the end of the file."""
    return _tiff(
        [
            (256, 4, 1, 800), (257, 4, 1, 600), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
            (273, 4, 1, 0x7FFF0000), (277, 3, 1, 1), (278, 4, 1, 600), (279, 4, 1, 480000),
        ]
    )  # fmt: skip


def tiff_garbage_group4() -> bytes:
    """A Group 4 page of sane size whose compressed data is noise."""
    noise = bytes((i * 73 + 41) % 251 for i in range(4000))
    return _tiff(
        [
            (256, 4, 1, 2000), (257, 4, 1, 1500), (258, 3, 1, 1), (259, 3, 1, 4), (262, 3, 1, 0),
            (273, 4, 1, -1), (277, 3, 1, 1), (278, 4, 1, 1500), (279, 4, 1, len(noise)),
        ],
        noise,
    )  # fmt: skip


def png_bomb(width: int = 200_000, height: int = 200_000) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def truncated_tiff() -> bytes:
    data = archive_tiff("garage")
    return data[: len(data) // 3]


def picture(size: tuple[int, int], format: str = "PNG") -> bytes:
    """A black picture of ``size`` pixels (72 dpi: a pixel a point), e.g. 1 x 1 or 60 000 x 1."""
    out = io.BytesIO()
    options = {"compression": "group4"} if format == "TIFF" else {}
    Image.new("1", size, 0).save(out, format=format, **options)
    return out.getvalue()


def pdf_page_of(width_pt: float, height_pt: float) -> bytes:
    """A PDF of one empty page with the MediaBox [0 0 width height] (e.g. 0.01 pt square)."""
    box = b"[0 0 %g %g]" % (width_pt, height_pt)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" >>",
        ]
    )
