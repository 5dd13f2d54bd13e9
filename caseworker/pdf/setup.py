"""reportlab settings that are process-global, switched safely around our own saves."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

_RL_LOCK = threading.Lock()


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams zlib-compressed without the ASCII85 layer: reportlab's pure-Python ASCII85 encoder
    costs more than drawing a page. The setting is global and read when a PDF is saved, so it is switched
    only around our own saves (under one lock: the sandbox and a decision letter may save at the same
    time on different threads) and restored."""
    with _RL_LOCK:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = previous


def save_canvas(c: Canvas) -> None:
    """``c.save()`` with binary streams."""
    with binary_streams():
        c.save()
