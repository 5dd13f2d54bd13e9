"""The headless render command, for support, thumbnails and scripted checks::

    python -m caseworker.drawings render FILE --page N --width PX --out OUT.png

Renders page N (from 1) of a PDF or a scan at PX pixels wide through the same engine as the viewer.
Exit status: 0 written; 2 the file cannot be shown (one line on stderr saying why: empty, encrypted,
damaged, not a drawing, too large, timed out, no such page); 1 anything else (one line, no traceback).
"""

from __future__ import annotations

import argparse
import io
import logging
import math
import multiprocessing
import os
import sys
import threading
from pathlib import Path

from caseworker.drawings import errors
from caseworker.drawings.engine import RenderEngine
from caseworker.drawings.errors import DrawingError
from caseworker.drawings.geometry import MAX_SCALE, fit_scale, page_pixels

MAX_WIDTH = 20_000
MAX_OUTPUT_PIXELS = 150_000_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m caseworker.drawings", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="render one page to a PNG file")
    render.add_argument("file", type=Path)
    render.add_argument("--page", type=int, default=1, help="page number, from 1 (default 1)")
    render.add_argument(
        "--width",
        type=int,
        required=True,
        help=f"width of the picture in pixels (a page narrower than PX/{MAX_SCALE:g} points comes out "
        f"{MAX_SCALE:g} pixels a point, narrower than PX)",
    )
    render.add_argument("--out", type=Path, required=True, help="the PNG file to write")
    render.add_argument(
        "--timeout", type=_seconds, default=60.0, help="seconds the whole run may take before it is stopped"
    )
    return parser


def _seconds(text: str) -> float:
    """A time limit: a finite number of seconds above zero (argparse reports anything else, exit 2)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds and finite, got {text!r}")
    return seconds


def render(file: Path, page: int, width: int, out: Path, timeout: float) -> None:
    """Render one page to a PNG file; raises DrawingError for a file that cannot be shown, OutputError
    for an output that cannot be written."""
    _check_output(out)
    if not 1 <= width <= MAX_WIDTH:
        raise errors.too_large(f"a width of {width} pixels was asked for (1 to {MAX_WIDTH})")
    with RenderEngine(
        time_limit=timeout, workers_per_document=1, spare_workers=0, quiet_workers=True
    ) as engine:
        document = engine.open(file).result()
        if not 1 <= page <= document.page_count:
            raise errors.no_such_page(page, document.page_count)
        # the page fitted to the width; a page too small for it is shown at the engine's largest scale
        scale = fit_scale(document.page_size(page - 1), width, 1 << 30)
        full_w, full_h = page_pixels(document.page_size(page - 1), scale)
        if full_w * full_h > MAX_OUTPUT_PIXELS:
            raise errors.too_large(f"a picture of {full_w} x {full_h} pixels was asked for")
        image = engine.render_page(document, page - 1, scale=scale).result()
        picture = image.to_pil()
    png = io.BytesIO()
    picture.save(png, format="PNG")
    try:
        out.write_bytes(png.getvalue())
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or type(exc).__name__}") from None


class OutputError(Exception):
    """The picture cannot be written where it was asked to go (one plain line, exit 2)."""


def _check_output(out: Path) -> None:
    """Refuse an output that cannot be written before rendering; parent folders are never created."""
    if out.is_dir():  # also "" (argparse makes it ".")
        raise OutputError(f"cannot write {out}: it is a folder")
    if not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: the folder {out.parent} does not exist")


def _stop_at(seconds: float, name: str) -> threading.Timer:
    """The timeout covers the whole run (a worker starting, the open, the render, the writing), not each
    step: when it passes, say so, stop the workers (this process's own children) and exit at once."""

    def expire() -> None:
        print(f"cannot render {name}: {errors.timed_out(seconds)}", file=sys.stderr, flush=True)
        for child in multiprocessing.active_children():
            child.kill()
        os._exit(2)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    watchdog = _stop_at(args.timeout, args.file.name)
    try:
        render(args.file, args.page, args.width, args.out, args.timeout)
    except (DrawingError, OutputError) as exc:
        print(f"cannot render {args.file.name}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the command promises one line, never a traceback
        print(
            f"cannot render {args.file.name}: internal error ({type(exc).__name__}: {exc})", file=sys.stderr
        )
        return 1
    finally:
        watchdog.cancel()
    return 0


if __name__ == "__main__":
    sys.exit(main())
