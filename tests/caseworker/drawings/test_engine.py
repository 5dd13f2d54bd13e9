"""The render engine through its API: tiles line up, scans in every TIFF flavour, cancelling, dead and
stuck workers, the memory budget, the encrypted preview cache, asyncio."""

from __future__ import annotations

import asyncio
import io
import itertools
import os
import signal
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from caseworker.drawings import (
    TILE,
    AsyncRenderEngine,
    DrawingError,
    PixelImage,
    PixelRect,
    PreviewCache,
    Reason,
    RenderEngine,
    page_pixels,
)
from caseworker.drawings.worker import CRASH_ENV
from caseworker.sandbox.assets import SCAN_DPI, archive_tiff
from tests.helpers.drawings import WAIT
from tests.helpers.waiting import wait_until


def pixels(image: PixelImage) -> np.ndarray:
    """The image as an H x W x 4 array (BGRx)."""
    rows = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    return rows[:, : image.width * 4].reshape(image.height, image.width, 4).copy()


def grey(image: PixelImage) -> np.ndarray:
    return pixels(image)[..., :3].mean(axis=2)


def test_pdf_page_opens_with_its_size_and_renders_bgrx(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
    assert document.page_count == 1
    w, h = document.page_size(0)
    assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (1189, 841)  # A0 landscape, mm
    image = engine.render_page(document, 0, width=800).result(WAIT)
    assert (image.width, image.height) == (800, round(800 * h / w))
    assert image.stride == image.width * 4
    bgrx = pixels(image)
    assert (bgrx[..., 3] == 255).all()  # QImage.Format_RGB32 wants 0xffRRGGBB
    assert bgrx[..., :3].min() < 64 and bgrx[:5, :5, :3].min() == 255  # black lines, white margin
    with pytest.raises(DrawingError) as missing:
        engine.render_page(document, 1, width=100)
    assert missing.value.reason is Reason.NO_SUCH_PAGE


def test_tiles_line_up_with_one_render_of_the_same_area(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
    scale = 4 * 96 / 72
    full = page_pixels(document.page_size(0), scale)
    view = PixelRect(full[0] // 2 - TILE, full[1] // 2 - TILE, 2 * TILE, 2 * TILE)
    view = PixelRect(view.x - view.x % TILE, view.y - view.y % TILE, view.w, view.h)  # on the grid
    area = grey(engine.render_area(document, 0, scale, view).result(WAIT))
    futures = engine.request_tiles(document, 0, scale, view)
    assert len(futures) == 4
    stitched = np.zeros_like(area)
    for future in futures:
        tile = future.result(WAIT)
        r = tile.placement.rect
        stitched[r.y - view.y : r.bottom - view.y, r.x - view.x : r.right - view.x] = grey(tile)
    assert area.min() < 100  # there is drawing in this area
    diff = np.abs(stitched - area)
    # no drift and no seams: lines continue across tile edges to the pixel; only glyphs that straddle an
    # edge may differ in anti-aliasing (PDFium places each glyph's bitmap per render)
    assert (diff > 2).mean() < 0.001
    for edge in (TILE - 1, TILE):
        assert diff[:, edge].mean() < 2 and diff[edge, :].mean() < 2


def test_what_is_cached_for_a_view_comes_coarsest_first(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["plan.pdf"]).result(WAIT)
    overview = engine.first_view(document, 0, 400, 300).result(WAIT)
    view = PixelRect(800, 600, 640, 400)
    assert engine.pieces_for_view(document, 0, 4.0, view) == [overview]  # blurry, but at once
    for future in engine.request_tiles(document, 0, 4.0, view):
        future.result(WAIT)
    pieces = engine.pieces_for_view(document, 0, 4.0, view)
    assert pieces[0] is overview and len(pieces) > 1
    assert all(p.placement.scale == 4.0 for p in pieces[1:])  # the sharp tiles, painted last
    assert engine.pieces_for_view(document, 0, 4.0, view, rotation=90) == []  # another rotation


def test_a_piece_larger_than_the_memory_budget_is_refused(drawings: dict[str, Path]) -> None:
    with RenderEngine(time_limit=WAIT, budget_bytes=16 * 2**20) as engine:
        document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
        with pytest.raises(DrawingError) as caught:
            engine.render_page(document, 0, scale=2.0)  # 6741 x 4768 pixels: 128 MB
        assert caught.value.reason is Reason.TOO_LARGE and "ask for tiles" in str(caught.value)
        tiles = engine.request_tiles(document, 0, 2.0, PixelRect(0, 0, 6741, 4768))  # tiles are fine
        assert len(tiles) == 14 * 10
        for future in tiles:
            future.cancel()


def test_a_pdf_page_turned_a_quarter_is_the_same_picture_turned(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["plan.pdf"]).result(WAIT)
    upright = grey(engine.render_page(document, 0, scale=0.5).result(WAIT))
    turned = grey(engine.render_page(document, 0, scale=0.5, rotation=90).result(WAIT))
    assert turned.shape == upright.shape[::-1]
    assert np.abs(np.rot90(upright, k=-1) - turned).mean() < 3  # clockwise; anti-aliasing may differ


def test_requesting_a_tile_again_comes_from_the_cache(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["plan.pdf"]).result(WAIT)
    first = engine.request_tiles(document, 0, 2.0, PixelRect(0, 0, 10, 10))[0].result(WAIT)
    rendered = engine.stats.rendered
    again = engine.request_tiles(document, 0, 2.0, PixelRect(0, 0, 10, 10))[0]
    assert again.done() and again.result() is first
    assert engine.stats.rendered == rendered


def _scan(mode: str = "L", size: tuple[int, int] = (900, 600)) -> Image.Image:
    """An asymmetric picture: a dark block top left, a diagonal, text-like ticks along the bottom."""
    image = Image.new("L", size, 255)
    d = ImageDraw.Draw(image)
    d.rectangle([20, 20, 220, 120], fill=0)
    d.line([0, 0, size[0], size[1]], fill=0, width=9)
    for x in range(40, size[0] - 40, 25):
        d.line([x, size[1] - 60, x, size[1] - 30], fill=0, width=3)
    if mode == "1":
        return image.point(lambda v: 255 if v > 128 else 0, mode="1")
    return image.convert(mode)


def _tiff(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="TIFF", **options)
    return out.getvalue()


def _tiled_tiff(image: Image.Image, tile: int = 256) -> bytes:
    """An 8-bit grey TIFF in deflate-compressed tiles (Pillow writes only strips)."""
    w, h = image.size
    across, down = -(-w // tile), -(-h // tile)
    blobs = []
    padded = Image.new("L", (across * tile, down * tile), 255)
    padded.paste(image.convert("L"))
    for row in range(down):
        for col in range(across):
            part = padded.crop((col * tile, row * tile, (col + 1) * tile, (row + 1) * tile))
            blobs.append(zlib.compress(part.tobytes()))
    count = len(blobs)
    entries = 11
    ifd_at = 8
    offsets_at = ifd_at + 2 + 12 * entries + 4
    counts_at = offsets_at + 4 * count
    data_at = counts_at + 4 * count
    offsets, position = [], data_at
    for blob in blobs:
        offsets.append(position)
        position += len(blob)
    tags = [
        (256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, 8), (262, 3, 1, 1), (277, 3, 1, 1),
        (284, 3, 1, 1), (322, 3, 1, tile), (323, 3, 1, tile),
        (324, 4, count, offsets_at), (325, 4, count, counts_at),
    ]  # fmt: skip
    out = struct.pack("<2sHI", b"II", 42, ifd_at) + struct.pack("<H", entries)
    for tag in tags:
        out += struct.pack("<HHII", *tag)
    out += struct.pack("<I", 0)
    out += struct.pack(f"<{count}I", *offsets) + struct.pack(f"<{count}I", *map(len, blobs))
    return out + b"".join(blobs)


def _with_orientation(image: Image.Image, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _tiff(image, compression="tiff_lzw", exif=exif)


@pytest.mark.parametrize(
    "flavour",
    ["group4", "lzw", "jpeg", "packbits-striped", "tiled", "png", "rgb-lzw"],
)
def test_scans_in_every_flavour_render_pixel_for_pixel(engine: RenderEngine, flavour: str) -> None:
    source = _scan("1" if flavour == "group4" else "RGB" if flavour == "rgb-lzw" else "L")
    data = {
        "group4": lambda: _tiff(source, compression="group4", dpi=(300, 300)),
        "lzw": lambda: _tiff(source, compression="tiff_lzw"),
        "jpeg": lambda: _tiff(source, compression="jpeg"),
        "packbits-striped": lambda: _tiff(source, compression="packbits", strip_size=4096),
        "tiled": lambda: _tiled_tiff(source),
        "png": lambda: _png(source),
        "rgb-lzw": lambda: _tiff(source, compression="tiff_lzw"),
    }[flavour]()
    document = engine.open(data).result(WAIT)
    dpi = 300 if flavour == "group4" else 72
    assert document.page_size(0) == pytest.approx((900 * 72 / dpi, 600 * 72 / dpi))
    native = dpi / 72  # one output pixel per stored pixel
    rect = PixelRect(100, 50, 400, 300)
    tile = engine.render_area(document, 0, native, rect).result(WAIT)
    with Image.open(io.BytesIO(data)) as decoded:
        expected = np.asarray(decoded.convert("L").crop((100, 50, 500, 350)), dtype=float)
    assert np.abs(grey(tile) - expected).max() <= 1


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("rotation", [0, 90])
def test_the_orientation_tag_and_the_viewers_rotation_are_honoured(
    engine: RenderEngine, orientation: int, rotation: int
) -> None:
    source = _scan("L", (300, 200))
    data = _with_orientation(source, orientation)
    with Image.open(io.BytesIO(data)) as decoded:
        shown = ImageOps.exif_transpose(decoded).rotate(-rotation, expand=True)
    document = engine.open(data).result(WAIT)
    assert document.page_size(0) == pytest.approx(
        (200, 300) if orientation >= 5 else (300, 200)
    )  # unrotated size, as the tag says to show it
    rect = PixelRect(10, 30, shown.width - 40, shown.height - 60)
    tile = engine.render_area(document, 0, 1.0, rect, rotation=rotation).result(WAIT)
    expected = np.asarray(shown.convert("L").crop((rect.x, rect.y, rect.right, rect.bottom)), dtype=float)
    assert np.abs(grey(tile) - expected).max() <= 1


def test_a_multi_page_group4_scan_zooms_out_through_its_pyramid(engine: RenderEngine) -> None:
    data = archive_tiff("house")
    document = engine.open(data).result(WAIT)
    assert document.page_count == 3
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.seek(2)
        stored = decoded.convert("L")
    scale = SCAN_DPI / 72 / 4  # a quarter of the stored resolution: pyramid level 2
    image = engine.render_page(document, 2, scale=scale).result(WAIT)
    assert (image.width, image.height) == (-(-stored.width // 4), -(-stored.height // 4))
    expected = np.asarray(stored.reduce(4), dtype=float)
    assert np.abs(grey(image) - expected).mean() < 2


def test_tiles_that_left_the_view_are_cancelled_not_rendered(drawings: dict[str, Path]) -> None:
    with RenderEngine(time_limit=WAIT, workers_per_document=1) as engine:
        document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
        # a large piece keeps the worker busy; the tiles queued behind it leave the view (fast zoom)
        busy = engine.render_page(document, 0, scale=2.0)
        scale = 4 * 96 / 72
        queued = engine.request_tiles(document, 0, scale, PixelRect(0, 0, 5 * TILE, 8 * TILE))
        assert len(queued) == 40
        wait_until(lambda: engine.job_state(busy) == "rendering", what="the large render to start")
        for future in queued:
            assert future.cancel()
        assert busy.cancel()
        wait_until(lambda: engine.stats.cancelled_rendering == 1, what="the running render to stop")
        wait_until(
            lambda: engine.stats.cancelled_queued == len(queued), what="the queued tiles to be dropped"
        )
        assert busy.cancelled() and all(f.cancelled() for f in queued)
        assert engine.stats.rendered == 0
        # the worker is free again and renders the new view
        after = engine.render_area(document, 0, scale, PixelRect(0, 0, 256, 256)).result(WAIT)
        assert after.width == 256 and engine.stats.rendered == 1


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_worker_is_restarted_and_the_tile_retried(drawings: dict[str, Path]) -> None:
    with RenderEngine(time_limit=WAIT, workers_per_document=1) as engine:
        document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
        engine.render_page(document, 0, width=200).result(WAIT)
        (first,) = engine.worker_pids(document)
        os.kill(first, signal.SIGKILL)  # idle worker killed: the next request finds it dead
        image = engine.render_page(document, 0, width=300).result(WAIT)
        assert image.width == 300
        (second,) = engine.worker_pids(document)
        assert second != first and engine.stats.worker_restarts == 1
        # killed in the middle of a render: the same request is answered by a new worker
        busy = engine.render_page(document, 0, scale=1.5)
        wait_until(lambda: engine.job_state(busy) == "rendering", what="the render to start")
        os.kill(second, signal.SIGKILL)
        assert busy.result(WAIT).width == page_pixels(document.page_size(0), 1.5)[0]
        assert engine.stats.worker_restarts == 2
        assert engine.worker_pids(document)[0] not in (first, second)


def test_a_page_that_crashes_the_renderer_twice_is_reported_damaged(
    drawings: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CRASH_ENV, "render")  # every worker of this engine dies when it renders
    with RenderEngine(time_limit=WAIT, workers_per_document=1) as engine:
        document = engine.open(drawings["plan.pdf"]).result(WAIT)  # opening works
        with pytest.raises(DrawingError) as caught:
            engine.render_page(document, 0, width=200).result(WAIT)
        assert caught.value.reason is Reason.DAMAGED and "stopped twice" in str(caught.value)
        assert engine.stats.worker_restarts == 2 and engine.stats.rendered == 0


def test_a_render_over_the_time_limit_is_stopped_and_the_engine_goes_on(drawings: dict[str, Path]) -> None:
    with RenderEngine(time_limit=WAIT, workers_per_document=1) as engine:
        document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
        engine.time_limit = 0.05  # loading the page alone (181 000 segments) takes longer
        with pytest.raises(DrawingError) as caught:
            engine.render_page(document, 0, scale=1.0).result(WAIT)
        assert caught.value.reason is Reason.TIMED_OUT and engine.stats.timeouts == 1
        assert "longer than 0.05 s" in str(caught.value)
        engine.time_limit = WAIT
        assert engine.render_page(document, 0, width=100).result(WAIT).width == 100


def _tree_rss(pid: int) -> int:
    """Proportional resident bytes (PSS: shared memory counted once) of a process and its children."""
    total = 0
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        total += _tree_rss(int(child))
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            total += int(line.split()[1]) * 1024
    return total


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads /proc")
@pytest.mark.slow
def test_memory_stays_inside_the_budget_while_panning_an_a0_sheet(drawings: dict[str, Path]) -> None:
    budget = 64 * 1024 * 1024
    with RenderEngine(time_limit=WAIT, budget_bytes=budget) as engine:
        document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
        scale = 4 * 96 / 72
        full = page_pixels(document.page_size(0), scale)
        baseline = _tree_rss(os.getpid())
        peak = 0
        rendered = 0
        for step in range(12):  # pan diagonally across the sheet at 400 %, a 1920 x 1080 view
            x = (full[0] - 1920) * step // 11
            y = (full[1] - 1080) * step // 11
            for future in engine.request_tiles(document, 0, scale, PixelRect(x, y, 1920, 1080)):
                future.result(WAIT)
                rendered += 1
            assert engine.cache.nbytes <= budget
            peak = max(peak, _tree_rss(os.getpid()))
        assert rendered >= 100
        assert rendered * TILE * TILE * 4 > 2 * budget  # far more was rendered than the budget holds
        assert peak - baseline < budget + 200 * 1024 * 1024, (peak - baseline) / 2**20


def test_previews_come_back_from_the_encrypted_disk_cache(tmp_path: Path, drawings: dict[str, Path]) -> None:
    key = bytes(range(32))
    cache = PreviewCache(tmp_path / "previews", key)
    with RenderEngine(time_limit=WAIT, previews=cache) as engine:
        document = engine.open(drawings["plan.pdf"]).result(WAIT)
        assert engine.preview(document, 0).result(WAIT) is None
        shown = engine.first_view(document, 0, 640, 480).result(WAIT)
        wait_until(lambda: any((tmp_path / "previews").glob("*/*.cwprev")), what="the preview to be stored")
    (stored,) = (tmp_path / "previews").glob("*/*.cwprev")
    assert stored.name.startswith(document.sha256)
    with RenderEngine(time_limit=WAIT, previews=PreviewCache(tmp_path / "previews", key)) as engine:
        document = engine.open(drawings["plan.pdf"]).result(WAIT)
        assert engine.preview_of(document.sha256, 0).result(WAIT) is not None  # before opening, too
        preview = engine.preview(document, 0).result(WAIT)
        assert preview is not None
        assert (preview.width, preview.height) == (shown.width, shown.height)
        assert bytes(preview.pixels) == bytes(shown.pixels)
    raw = stored.read_bytes()
    assert bytes(shown.pixels)[:4096] not in raw and b"\xff\xff\xff\xff" * 64 not in raw  # encrypted
    # another key, or the file moved onto another document's name: not opened, deleted, rendered again
    assert PreviewCache(tmp_path / "previews", bytes(32)).load(document.sha256, 0) is None
    assert not stored.exists()


def test_a_tampered_preview_is_dropped(tmp_path: Path) -> None:
    key = os.urandom(32)
    cache = PreviewCache(tmp_path, key)
    from caseworker.drawings.images import Placement

    image = PixelImage(4, 2, 16, Placement(0, 1.0, 0, PixelRect(0, 0, 4, 2), (4, 2)), bytearray(range(32)))
    sha = "ab" * 32
    cache.store(sha, 0, 0, image)
    loaded = cache.load(sha, 0)
    assert loaded is not None and bytes(loaded.pixels) == bytes(range(32))
    path = next(tmp_path.glob("*/*.cwprev"))
    moved = tmp_path / "cd" / f"{'cd' * 32}-0-0.cwprev"
    moved.parent.mkdir()
    path.rename(moved)
    assert cache.load("cd" * 32, 0) is None and not moved.exists()
    cache.store(sha, 0, 0, image)
    data = bytearray(path.read_bytes())
    data[-20] ^= 1
    path.write_bytes(bytes(data))
    assert cache.load(sha, 0) is None and not path.exists()


def test_the_async_api_resolves_on_the_event_loop_and_cancels(drawings: dict[str, Path]) -> None:
    async def scenario() -> None:
        with RenderEngine(time_limit=WAIT, workers_per_document=1) as sync_engine:
            engine = AsyncRenderEngine(sync_engine)
            document = await engine.open(drawings["dense-a0.pdf"])
            image = await engine.first_view(document, 0, 1280, 800)
            assert image.width == 1280 or image.height == 800
            task = asyncio.ensure_future(engine.render_area(document, 0, 2.0, PixelRect(0, 0, 6000, 4000)))
            await asyncio.sleep(0)  # the task starts and submits its request
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await asyncio.to_thread(
                wait_until,
                lambda: sync_engine.stats.cancelled == 1,
                what="the render to be cancelled",
            )
            tiles = engine.request_tiles(document, 0, 1.0, PixelRect(0, 0, 600, 600))
            done = await asyncio.gather(*tiles)
            assert [(t.placement.rect.x, t.placement.rect.y) for t in done] == [
                (0, 0),
                (512, 0),
                (0, 512),
                (512, 512),
            ]

    asyncio.run(scenario())


def test_the_view_after_a_zoom_takes_the_fewest_tiles_and_panning_reuses_them(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["plan.pdf"]).result(WAIT)
    scale = 3.0
    view = PixelRect(1001, 703, 1280, 800)
    first = engine.request_tiles(document, 0, scale, view)
    assert len(first) == 6  # 3 x 2, laid from the view's corner (a fixed grid could need 4 x 3)
    tiles = [f.result(WAIT) for f in first]
    assert (
        min(t.placement.rect.x for t in tiles) == view.x and min(t.placement.rect.y for t in tiles) == view.y
    )
    rendered = engine.stats.rendered
    panned = engine.request_tiles(document, 0, scale, PixelRect(view.x + 300, view.y + 100, 1280, 800))
    reused = [f for f in panned if f.done()]
    assert len(panned) == 8 and len(reused) == 6  # one new column of two tiles on the same grid
    assert all(f.result() in tiles for f in reused)
    for future in panned:
        future.result(WAIT)
    assert engine.stats.rendered == rendered + len(panned) - len(reused)


@pytest.mark.skipif(sys.platform == "win32", reason="os.kill(pid, 0)")
def test_close_ends_the_workers_of_documents_closed_before_it(drawings: dict[str, Path]) -> None:
    engine = RenderEngine(time_limit=WAIT)
    document = engine.open(drawings["plan.pdf"]).result(WAIT)
    engine.render_page(document, 0, width=300).result(WAIT)
    engine.page_text(document, 0).result(WAIT)  # busy right up to the close, like a viewer
    workers = engine.worker_pids(document)
    assert workers
    engine.close_document(document)  # the window closed: its workers end by themselves...
    engine.close()  # ...and are gone when the engine is (the app's shutdown checks nothing after this)
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_view_is_rendered_in_one_band_per_warm_worker_that_together_are_exactly_it(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    document = engine.open(drawings["dense-a0.pdf"]).result(WAIT)
    engine.first_view(document, 0, 800, 600).result(WAIT)
    wait_until(
        lambda: engine.ready_workers(document) >= min(2, os.cpu_count() or 1), what="the second worker"
    )
    scale = 16 / 3  # 400 %
    view = PixelRect(5000, 3000, 1280, 801)
    bands = [f.result(WAIT) for f in engine.render_view(document, 0, scale, view)]
    assert len(bands) == engine.ready_workers(document)
    rects = [b.placement.rect for b in bands]
    assert rects[0].y == view.y and rects[-1].bottom == view.bottom
    assert all(r.x == view.x and r.w == view.w for r in rects)
    assert all(a.bottom == b.y for a, b in itertools.pairwise(rects)), "no gap, no overlap"
    whole = pixels(engine.render_area(document, 0, scale, view).result(WAIT))
    joined = np.concatenate([pixels(b) for b in bands]).astype(int)
    differ = np.abs(joined - whole.astype(int)).max(axis=2)
    assert (differ > 8).sum() == 0, "the same picture as one piece (anti-aliasing aside)"
    small = PixelRect(0, 0, 300, 100)  # too short to share
    assert len(engine.render_view(document, 0, scale, small)) == 1
    engine.close_document(document)
