"""Thumbnails of archived scans, rendered by the drawing engine in its worker processes (never on the UI
thread). A scan's bytes come from the encrypted store, fetched into it first when online (so a scan seen
in a result list opens offline later); offline, only the scans already stored get a thumbnail."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from caseworker.domain.models import Document
from ui.case.documents import document_bytes
from ui.ops import run_op
from ui.qt import QtGui
from ui.services import Services

if TYPE_CHECKING:  # the engine starts when the archive first shows a scan, not at start
    from caseworker.drawings.engine import RenderEngine

log = logging.getLogger(__name__)

THUMBNAIL_PX = 96  # the longer side, in device-independent pixels
MAX_SCANS = 40  # thumbnails of a result list: a scan is fetched whole for its thumbnail, so not hundreds


async def render_thumbnail(engine: RenderEngine, data: bytes, sha256: str, size: int) -> QtGui.QImage:
    """The first page fitted into ``size`` x ``size`` pixels, as a QImage that owns its pixels."""
    document = await asyncio.wrap_future(engine.open(data, sha256=sha256))
    try:
        image = await asyncio.wrap_future(engine.render_page(document, 0, width=size, height=size))
        wrapped = QtGui.QImage(
            image.pixels, image.width, image.height, image.stride, QtGui.QImage.Format.Format_RGB32
        )
        return wrapped.copy()  # the engine reuses its shared memory
    finally:
        engine.close_document(document)


class ThumbnailLoader:
    """Renders the thumbnails of a result list one scan at a time, newest list first (a new search
    cancels the rest of the old one)."""

    def __init__(
        self,
        services: Services,
        engine: Callable[[], RenderEngine],
        deliver: Callable[[str, QtGui.QImage], None],
        device_pixel_ratio: float = 1.0,
    ) -> None:
        self.services = services
        self.engine = engine
        self.deliver = deliver
        self.size = round(THUMBNAIL_PX * device_pixel_ratio)
        self.done: set[str] = set()
        self.failed: set[str] = set()
        self._task: asyncio.Task[None] | None = None

    def load(self, documents: list[Document], *, offline: bool) -> asyncio.Task[None]:
        if self._task is not None:
            self._task.cancel()
        self._task = run_op(None, self._load(documents, offline))  # the window cancels it when it closes
        return self._task

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _load(self, documents: list[Document], offline: bool) -> None:
        seen: set[str] = set()
        for doc in documents:
            if doc.sha256 in seen or doc.sha256 in self.done or doc.sha256 in self.failed:
                continue
            seen.add(doc.sha256)
            if len(seen) > MAX_SCANS:
                return
            if offline and not await asyncio.to_thread(self.services.store.blobs.contains, doc.sha256):
                continue  # not fetched before: nothing to show until online
            try:
                data = await document_bytes(self.services, doc)
                image = await render_thumbnail(self.engine(), data, doc.sha256, self.size)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a scan without a thumbnail still opens (and says why)
                log.info("no thumbnail for an archived scan: %s", type(exc).__name__)
                self.failed.add(doc.sha256)
                continue
            self.done.add(doc.sha256)
            self.deliver(doc.sha256, image)
