"""The render worker: a process that holds one document open and renders pieces of its pages on request.

PDFium may not be called from two threads at once (not even for different documents) and a decoder bug
must not take the application down, so every document is opened in worker processes of its own
(started with ``spawn``) by :mod:`caseworker.drawings.engine`. A worker answers one request at a time
over a pipe and writes pixels straight into shared memory the parent created (BGRx, 4 bytes a pixel).

Protocol (tuples over a ``multiprocessing`` connection)::

    worker -> ("ready",)                       once started, imports done
    parent -> ("open", source, kind, password)  source: a path (str) or the bytes
    worker -> ("ok", [(w_pt, h_pt), ...])      page sizes in points, or ("error", DrawingError)
    parent -> ("load", page)                   parse a page before it is needed; worker -> ("ok",)
    parent -> ("render", [RenderJob, ...], [segment names to unmap])
    worker -> for each job in order: ("ok", job_id), ("cancelled", job_id) (stopped while rendering),
              ("skipped", job_id) (cancelled before it started) or ("error", job_id, DrawingError);
              a job of kind "text" answers ("ok", job_id, the page's text) and writes no pixels

While rendering, the worker keeps the job id in a shared counter (``rendering``) instead of sending a
message: on a busy two-core machine every extra wake-up of the parent costs milliseconds.

Cancelling: the parent writes the job id into a shared ring of cancelled ids; PDFium's progressive
renderer asks a pause callback between page objects, which checks the ring, and the render stops. A
raster tile is a crop of a pyramid level (milliseconds), so it finishes. A job cancelled before it
starts is skipped. Anything stuck is killed by the parent's time limit.

Scans: Pillow decodes a Group 4 page whole, so a page is decoded once (into this worker's memory),
kept as pyramid level 0 in its decoded mode, and smaller levels are made from it band by band on
demand: the page is never held whole twice, and only one page is decoded at a time.
"""

from __future__ import annotations

import collections
import ctypes
import io
import math
import mmap
import os
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from caseworker.drawings import errors, sniff
from caseworker.drawings.errors import DrawingError
from caseworker.drawings.geometry import PixelRect, displayed_size, stored_box

if TYPE_CHECKING:
    from PIL import Image as PILImage

BYTES_PER_PIXEL = 4  # BGRx: QImage.Format_RGB32 on little-endian machines
WHITE = 0xFFFFFFFF
OPEN_PAGES = 4


@dataclass(frozen=True)
class RenderJob:
    job_id: int
    page: int  # from 0
    scale: float  # pixels per point
    rotation: int  # clockwise quarter turns
    full: tuple[int, int]  # the whole rotated page in pixels at this scale
    rect: PixelRect  # the piece to render, inside ``full``
    shm_name: str
    stride: int
    draw_annotations: bool = True
    kind: str = "pixels"  # or "text": the page's text (a PDF's; a scan has none), no pixels


MAX_TEXT = 65_536  # characters of a page's text returned (a title block is near the start or the end)


def attach_shared_memory(name: str, size: int) -> mmap.mmap:
    """Map a segment the parent created (:func:`caseworker.drawings.images.create_segment`)."""
    if os.name == "nt":
        return mmap.mmap(-1, size, tagname=name)  # type: ignore[call-arg]  # Windows only
    import _posixshmem  # type: ignore[import-not-found]  # what multiprocessing.shared_memory uses

    fd = _posixshmem.shm_open("/" + name, os.O_RDWR, mode=0o600)
    try:
        # map every page now (the parent made them): one call instead of a fault per page while rendering
        return mmap.mmap(fd, size, flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0))
    finally:
        os.close(fd)


# --- PDF ------------------------------------------------------------------------------------------


class PdfSource:
    """One PDF, opened once; the last few pages stay loaded (loading a dense page parses it)."""

    def __init__(self, source: str | bytes, password: str | None = None) -> None:
        import pypdfium2 as pdfium

        self._pdfium = pdfium
        try:
            self._doc = pdfium.PdfDocument(source, password=password)
        except pdfium.PdfiumError as exc:
            raise _pdf_error(exc, password is not None) from None
        count = len(self._doc)
        if count == 0:
            raise errors.damaged("no pages could be read (its page tree is broken)")
        if count > sniff.MAX_PAGES:
            raise errors.too_large(f"it has {count} pages (at most {sniff.MAX_PAGES})")
        self.sizes: list[tuple[float, float]] = []
        for index in range(count):
            try:
                w, h = self._doc.get_page_size(index)
            except pdfium.PdfiumError:
                raise errors.damaged(f"page {index + 1} cannot be read") from None
            if not (w > 0 and h > 0 and math.isfinite(w) and math.isfinite(h)):
                raise errors.damaged(f"page {index + 1} has no size")
            self.sizes.append((w, h))
        self._pages: collections.OrderedDict[int, Any] = collections.OrderedDict()

    def load(self, index: int) -> None:
        self._page(index)

    def _page(self, index: int) -> Any:
        page = self._pages.pop(index, None)
        if page is None:
            try:
                page = self._doc[index]
            except self._pdfium.PdfiumError:
                raise errors.damaged(f"page {index + 1} cannot be read") from None
            while len(self._pages) >= OPEN_PAGES:
                self._pages.popitem(last=False)[1].close()
        self._pages[index] = page
        return page

    def render(self, job: RenderJob, buffer: mmap.mmap, should_stop: Callable[[], bool]) -> bool:
        """Render ``job.rect`` into ``buffer``; False if it was cancelled on the way."""
        import pypdfium2.raw as pdfium_c

        page = self._page(job.page)
        rect = job.rect
        pixels = (ctypes.c_ubyte * (job.stride * rect.h)).from_buffer(buffer)
        bitmap = pdfium_c.FPDFBitmap_CreateEx(rect.w, rect.h, pdfium_c.FPDFBitmap_BGRx, pixels, job.stride)
        pause = pdfium_c.IFSDK_PAUSE(version=1)
        pause.NeedToPauseNow = type(pause.NeedToPauseNow)(lambda _pause: int(should_stop()))
        flags = pdfium_c.FPDF_ANNOT if job.draw_annotations else 0
        try:
            pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, rect.w, rect.h, WHITE)
            status = pdfium_c.FPDF_RenderPageBitmap_Start(
                bitmap, page, -rect.x, -rect.y, job.full[0], job.full[1], job.rotation, flags, pause
            )
            while status == pdfium_c.FPDF_RENDER_TOBECONTINUED:
                if should_stop():
                    return False
                status = pdfium_c.FPDF_RenderPage_Continue(page, pause)
            if status == pdfium_c.FPDF_RENDER_FAILED:
                raise errors.damaged(f"page {job.page + 1} could not be drawn")
            return True
        finally:
            pdfium_c.FPDF_RenderPage_Close(page)
            pdfium_c.FPDFBitmap_Destroy(bitmap)
            del pixels

    def text(self, index: int) -> str:
        """The page's text (PDFium's reading order), at most MAX_TEXT characters: the start and the end."""
        textpage = self._page(index).get_textpage()
        try:
            count = textpage.count_chars()
            if count <= MAX_TEXT:
                return str(textpage.get_text_range())
            half = MAX_TEXT // 2
            return (
                str(textpage.get_text_range(0, half))
                + "\n"
                + str(textpage.get_text_range(count - half, half))
            )
        finally:
            textpage.close()


def _pdf_error(exc: Any, had_password: bool) -> DrawingError:
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return errors.encrypted("the password is wrong" if had_password else "it is password-protected")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return errors.encrypted("it uses an encryption this program cannot open")
    return errors.damaged("it is not a readable PDF (its structure is broken)")


# --- scans and pictures ---------------------------------------------------------------------------

_EXIF_ORIENTATION = 0x0112
_DEFAULT_DPI = 72.0


def _bytes_per_pixel(mode: str) -> int:
    """What Pillow allocates per pixel for ``mode`` (RGB is stored in four bytes)."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def _shown_mode(mode: str) -> str:
    return "L" if mode in ("1", "L") or mode.startswith("I") else "RGB"


# Pillow transposes for each orientation (as ImageOps.exif_transpose), and for the viewer's quarter turns.
_ORIENT_OPS = {2: (0,), 3: (3,), 4: (1,), 5: (5,), 6: (4,), 7: (6,), 8: (2,)}
_TURN_ORIENTATION = {0: 1, 1: 6, 2: 3, 3: 8}


@dataclass
class _PageHeader:
    stored: tuple[int, int]
    mode: str
    dpi: float
    orientation: int

    @property
    def size_pt(self) -> tuple[float, float]:
        w, h = displayed_size(self.orientation, self.stored)
        return w * 72.0 / self.dpi, h * 72.0 / self.dpi


class Pyramid:
    """A decoded page (level 0, as decoded) and its reductions by 2, 4, 8, ... made band by band."""

    BAND = 1024

    def __init__(self, image: PILImage.Image, orientation: int) -> None:
        self.levels: dict[int, PILImage.Image] = {0: image}
        self.mode = _shown_mode(image.mode)
        self.orientation = orientation  # still to apply when rendering (1: as decoded)

    def level(self, k: int) -> PILImage.Image:
        found = self.levels.get(k)
        if found is not None:
            return found
        from PIL import Image

        base = self.levels[0]
        factor = 1 << k
        width, height = base.size
        out = Image.new(self.mode, (math.ceil(width / factor), math.ceil(height / factor)), 255)
        band = factor * max(1, self.BAND // factor)
        for y in range(0, height, band):
            part = base.crop((0, y, width, min(height, y + band)))
            if part.mode != self.mode:
                part = part.convert(self.mode)
            out.paste(part.reduce(factor), (0, y // factor))
        self.levels[k] = out
        return out


class RasterSource:
    """A TIFF (multi-page; Group 4, LZW, JPEG, tiled, striped), PNG, JPEG, BMP or GIF.

    Headers are read and checked for every page when opened; a page is decoded when first rendered, by
    reopening the file (one decoded page at a time)."""

    def __init__(self, source: str | bytes) -> None:
        self._source = source
        self._decoded: tuple[int, Pyramid] | None = None
        self.headers: list[_PageHeader] = []
        with self._open(sniff.MAX_PAGE_PIXELS) as image:
            index = 0
            while True:
                self.headers.append(self._header(image, index))
                index += 1
                if index >= sniff.MAX_PAGES:
                    raise errors.too_large(f"it has more than {sniff.MAX_PAGES} pages")
                try:
                    image.seek(index)
                except EOFError:
                    break
        self.sizes = [header.size_pt for header in self.headers]

    def _open(self, max_pixels: int) -> PILImage.Image:
        from PIL import Image, UnidentifiedImageError

        Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow refuses more than twice this, and warns (an error here)
        stream = io.BytesIO(self._source) if isinstance(self._source, bytes) else self._source
        try:
            return Image.open(stream)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            claimed = re.search(r"\((\d+) pixels\)", str(exc))
            megapixels = f"{int(claimed.group(1)) / 1e6:,.0f} megapixels" if claimed else "too many pixels"
            raise errors.too_large(
                f"a page claims {megapixels} (at most {sniff.MAX_PAGE_PIXELS / 1e6:,.0f} are shown)"
            ) from None
        except UnidentifiedImageError:
            raise errors.damaged("the picture's header cannot be read") from None

    @staticmethod
    def _header(image: PILImage.Image, index: int) -> _PageHeader:
        tags = getattr(image, "tag_v2", None)
        if tags is not None and 256 in tags and 257 in tags:  # TIFF: as stored (Pillow may report it turned)
            width, height = int(tags[256]), int(tags[257])
        else:
            width, height = image.size
        sniff.check_raster_page(width, height, _bytes_per_pixel(image.mode))
        dpi = image.info.get("dpi", (_DEFAULT_DPI, _DEFAULT_DPI))[0]
        try:
            dpi = float(dpi)
        except (TypeError, ValueError):
            dpi = _DEFAULT_DPI
        if not 10 <= dpi <= 10_000:
            dpi = _DEFAULT_DPI
        try:
            orientation = int(image.getexif().get(_EXIF_ORIENTATION, 1))
        except Exception:  # noqa: BLE001 - a broken EXIF block must not hide the picture; shown as stored
            orientation = 1
        if orientation not in range(1, 9):
            orientation = 1
        return _PageHeader((width, height), image.mode, dpi, orientation)

    def _pyramid(self, page: int) -> Pyramid:
        if self._decoded is not None and self._decoded[0] == page:
            return self._decoded[1]
        self._decoded = None  # drop the previous page before decoding the next
        header = self.headers[page]
        # Pillow checks the first page when the file opens: allow the largest page this header promised
        largest = max(h.stored[0] * h.stored[1] for h in self.headers)
        with self._open(largest) as image:
            try:
                image.seek(page)
                image.load()
                if sorted(image.size) != sorted(header.stored):
                    raise errors.damaged(f"page {page + 1} changed size while it was read")
                # the decoded pixels, kept when the file closes (no copy: one page is held once)
                decoded = image._new(image.im)
            except DrawingError:
                raise
            except MemoryError:
                raise errors.too_large(f"page {page + 1} needs more memory than a page may use") from None
            except Exception as exc:  # noqa: BLE001 - Pillow reports bad data with many exception types
                raise errors.damaged(f"page {page + 1} cannot be decoded ({type(exc).__name__})") from None
        # Recent Pillow turns a TIFF by its orientation tag while loading (and drops the tag); older
        # Pillow and other formats leave that to us.
        applied = hasattr(image, "tag_v2") and _EXIF_ORIENTATION not in image.tag_v2
        pyramid = Pyramid(decoded, 1 if applied else header.orientation)
        self._decoded = (page, pyramid)
        return pyramid

    def render(self, job: RenderJob, buffer: mmap.mmap, should_stop: Callable[[], bool]) -> bool:
        from PIL import Image

        pyramid = self._pyramid(job.page)
        if should_stop():
            return False
        rect = job.rect
        stored, orientation = pyramid.levels[0].size, pyramid.orientation
        oriented = displayed_size(orientation, stored)
        turned = (oriented[1], oriented[0]) if job.rotation % 2 else oriented
        # stored pixels per output pixel along each axis of the turned page
        fx, fy = turned[0] / job.full[0], turned[1] / job.full[1]
        box = (rect.x * fx, rect.y * fy, rect.right * fx, rect.bottom * fy)
        box = stored_box(_TURN_ORIENTATION[job.rotation], box, oriented)
        box = stored_box(orientation, box, stored)
        k = max(0, math.floor(math.log2(max(fx, fy, 1.0))))
        while k > 0 and min(stored) >> k < 1:
            k -= 1
        source = pyramid.level(k)
        factor = 1 << k
        box = (box[0] / factor, box[1] / factor, box[2] / factor, box[3] / factor)
        swapped = (orientation >= 5) != bool(job.rotation % 2)
        size = (rect.h, rect.w) if swapped else (rect.w, rect.h)
        if source.mode != pyramid.mode:  # level 0 of a bilevel or palette page: convert the crop only
            x0, y0 = int(box[0]), int(box[1])
            x1, y1 = min(source.width, math.ceil(box[2])), min(source.height, math.ceil(box[3]))
            source = source.crop((x0, y0, x1, y1)).convert(pyramid.mode)
            box = (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)
        upscaling = (box[2] - box[0]) < size[0]
        piece = source.resize(size, Image.Resampling.BILINEAR if upscaling else Image.Resampling.BOX, box=box)
        for op in _ORIENT_OPS.get(orientation, ()):
            piece = piece.transpose(Image.Transpose(op))
        if job.rotation:
            piece = piece.transpose(
                {1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_90}[
                    job.rotation
                ]
            )
        _write_bgrx(piece, buffer, job.stride)
        return True


def _write_bgrx(piece: PILImage.Image, buffer: mmap.mmap, stride: int) -> None:
    import numpy as np

    width, height = piece.size
    rows = np.frombuffer(buffer, dtype=np.uint8, count=stride * height).reshape(height, stride)
    out = rows[:, : width * 4].reshape(height, width, 4)
    source = np.asarray(piece)
    if piece.mode == "L":
        out[..., :3] = source[..., None]
    else:
        out[..., 0] = source[..., 2]
        out[..., 1] = source[..., 1]
        out[..., 2] = source[..., 0]
    out[..., 3] = 255
    del out, rows


# --- the loop -------------------------------------------------------------------------------------


def _limit_memory(limit: int | None) -> None:
    """Cap the worker's address space (Linux, macOS) so a decoder gone wild fails inside the worker."""
    if not limit or sys.platform == "win32":
        return
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _open_source(source: str | bytes, kind: str, password: str | None) -> PdfSource | RasterSource:
    try:
        if kind == sniff.Kind.PDF.value:
            return PdfSource(source, password)
        return RasterSource(source)
    except MemoryError:
        raise errors.too_large("opening it needs more memory than a drawing may use") from None
    except FileNotFoundError:
        raise errors.damaged("the file is gone") from None


def _unexpected(exc: BaseException) -> DrawingError:
    # Not a known kind of bad input: name the exception so the log says what happened.
    return errors.damaged(f"it could not be read ({type(exc).__name__}: {str(exc)[:200]})")


def main(
    conn: Connection, cancelled: Any, rendering: Any, memory_limit: int | None, quiet: bool = False
) -> None:
    """Worker process entry point (``spawn``): serve requests until the pipe closes."""
    _limit_memory(memory_limit)
    if quiet:  # decoders (libtiff) write warnings about bad data to the process's stderr
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    import numpy  # noqa: F401 - import now, not in the first render
    import pypdfium2  # noqa: F401
    from PIL import Image, TiffImagePlugin  # noqa: F401

    # Pillow warns about oddities of damaged files (they are reported as errors or shown anyway);
    # a header claiming more pixels than allowed is an error.
    warnings.simplefilter("ignore")
    warnings.simplefilter("error", Image.DecompressionBombWarning)

    document: PdfSource | RasterSource | None = None
    mappings = _Mappings()
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        op = message[0]
        if op == "open":
            try:
                document = _open_source(message[1], message[2], message[3])
                conn.send(("ok", document.sizes))
            except DrawingError as exc:
                conn.send(("error", exc))
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it
                conn.send(("error", _unexpected(exc)))
        elif op == "render":
            jobs: list[RenderJob] = message[1]
            mappings.forget(message[2])
            for job in jobs:
                rendering.value = job.job_id
                answer = _render(document, job, cancelled, mappings)
                rendering.value = 0
                conn.send(answer)
        elif op == "load":  # warm up: parse the page now, before it is asked for
            try:
                if isinstance(document, PdfSource):
                    document.load(message[1])
                conn.send(("ok",))
            except DrawingError as exc:
                conn.send(("error", exc))
        elif op == "exit":
            return


class _Mappings:
    """The parent's segments mapped here, kept: writing to a page mapped before costs no page fault."""

    def __init__(self, keep_bytes: int = 128 * 1024 * 1024) -> None:
        self._maps: collections.OrderedDict[str, mmap.mmap] = collections.OrderedDict()
        self._bytes = 0
        self._keep = keep_bytes

    def forget(self, names: list[str]) -> None:
        for name in names:
            mapping = self._maps.pop(name, None)
            if mapping is not None:
                self._bytes -= len(mapping)
                mapping.close()

    def get(self, name: str, size: int) -> mmap.mmap:
        mapping = self._maps.pop(name, None)
        if mapping is None or len(mapping) < size:
            if mapping is not None:
                self._bytes -= len(mapping)
                mapping.close()
            mapping = attach_shared_memory(name, size)
            self._bytes += len(mapping)
        self._maps[name] = mapping
        while self._bytes > self._keep and len(self._maps) > 1:
            _, old = self._maps.popitem(last=False)
            self._bytes -= len(old)
            old.close()
        return mapping


# Test-only: a worker that crashes like a decoder with a memory bug would, when it renders (tests set it
# before the engine starts its workers; nothing else reads it).
CRASH_ENV = "CASEWORKER_TEST_DRAWING_WORKER_CRASH"


def _render(
    document: PdfSource | RasterSource | None, job: RenderJob, cancelled: Any, mappings: _Mappings
) -> tuple[Any, ...]:
    if os.environ.get(CRASH_ENV) == "render":
        os.abort()
    if document is None:
        return ("error", job.job_id, errors.damaged("the document is not open"))

    def should_stop() -> bool:
        return job.job_id in cancelled[:]

    if should_stop():
        return ("skipped", job.job_id)
    try:
        if job.kind == "text":
            return ("ok", job.job_id, document.text(job.page) if isinstance(document, PdfSource) else "")
        buffer = mappings.get(job.shm_name, job.stride * job.rect.h)
        done = document.render(job, buffer, should_stop)
        return ("ok", job.job_id) if done else ("cancelled", job.job_id)
    except DrawingError as exc:
        return ("error", job.job_id, exc)
    except MemoryError:
        return ("error", job.job_id, errors.too_large("the page needs more memory than a page may use"))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it
        return ("error", job.job_id, _unexpected(exc))
