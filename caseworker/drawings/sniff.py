"""What a file is, from its bytes (never from its name), and the limits a page must keep before decoding.

Decision on mislabelled files: the name and the media type are labels, the content decides. A PNG or JPEG
named ``.pdf`` is a picture of a drawing and is shown (through the same raster path as a TIFF scan); a
file that is neither a PDF nor an image is refused as "not a drawing", naming what it looks like.

A PDF whose last kilobyte holds no ``%%EOF`` is refused as incomplete (a cut-off download) although
PDFium could often show part of it: a drawing with parts silently missing is worse than no drawing.
"""

from __future__ import annotations

import enum

from caseworker.drawings import errors

HEAD_BYTES = 1024
TAIL_BYTES = 1024

# A0 at 400 dpi is ~250 Mpx; a decompression bomb claims far more (200 000 x 200 000 = 40 000 Mpx).
MAX_PAGE_PIXELS = 260_000_000
# What one decoded page may occupy in a worker (an A0 colour scan at 300 dpi is ~420 MB).
MAX_DECODED_BYTES = 640 * 1024 * 1024
MAX_PAGES = 10_000
# The largest file opened (the dense A0 demo sheet is a few MB; a 300 dpi A0 colour scan as LZW ~500 MB).
MAX_FILE_BYTES = 1024 * 1024 * 1024


class Kind(enum.Enum):
    PDF = "pdf"
    RASTER = "raster"  # TIFF, PNG, JPEG, BMP, GIF: decoded by Pillow


_RASTER_MAGIC = (
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "BigTIFF"),
    (b"MM\x00+", "BigTIFF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"BM", "BMP"),
    (b"GIF8", "GIF"),
)
_OTHER_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"%!PS", "a PostScript file"),
    (b"RIFF", "a RIFF file (audio, video or WebP)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
    (b"<", "a web page or XML"),
)


def sniff(head: bytes, tail: bytes, size: int) -> tuple[Kind, str]:
    """The kind of a file and its format name, from its first and last kilobyte; raises DrawingError."""
    if size == 0:
        raise errors.empty()
    check_file_size(size)
    if b"%PDF-" in head[:HEAD_BYTES]:
        if b"%%EOF" not in tail[-TAIL_BYTES:]:
            raise errors.damaged("it is incomplete (the file ends before the PDF does; a cut-off download?)")
        return Kind.PDF, "PDF"
    for magic, name in _RASTER_MAGIC:
        if head.startswith(magic):
            return Kind.RASTER, name
    stripped = head.lstrip()
    for magic, what in _OTHER_MAGIC:
        if stripped.startswith(magic):
            raise errors.not_a_drawing(f"it looks like {what}")
    if not stripped.strip(b"\x00"):
        raise errors.damaged("it holds only zero bytes")
    if _looks_like_text(head):
        raise errors.not_a_drawing("it looks like plain text")
    raise errors.not_a_drawing("it is neither a PDF nor a picture in a known format")


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def check_raster_page(width: int, height: int, bytes_per_pixel: float) -> None:
    """Refuse a page whose header promises more than a drawing can be, before anything is decoded."""
    if width <= 0 or height <= 0:
        raise errors.damaged(f"a page claims a size of {width} x {height} pixels")
    pixels = width * height
    if pixels > MAX_PAGE_PIXELS:
        raise errors.too_large(
            f"a page claims {width} x {height} pixels ({pixels / 1e6:,.0f} megapixels; "
            f"at most {MAX_PAGE_PIXELS / 1e6:,.0f} are shown)"
        )
    if pixels * bytes_per_pixel > MAX_DECODED_BYTES:
        raise errors.too_large(
            f"a page of {width} x {height} pixels would need {pixels * bytes_per_pixel / 2**20:,.0f} MB "
            f"decoded (at most {MAX_DECODED_BYTES / 2**20:,.0f} MB)"
        )


def check_file_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise errors.too_large(
            f"the file is {size / 2**20:,.0f} MB (at most {MAX_FILE_BYTES / 2**20:,.0f} MB are opened)"
        )
