"""The e-archive and a revision compare for the README (called from scripts/screenshots.py while the
demo platform is online): ``archive.png`` (a search by a former designation, with thumbnails) and
``compare.png`` (two revisions of a case's plan overlaid, the changed regions listed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseworker.domain.models import Document, DocumentKind
from caseworker.store import CaseQuery, QueueKind

if TYPE_CHECKING:
    from ui.app.controller import AppController
    from ui.shell.main_window import MainWindow


async def revision_pair(window: MainWindow) -> tuple[Document, Document]:
    """Two revisions of one drawing in one of Anna's cases (the older first)."""
    store = window.services.store
    for case_id in await store.ids(CaseQuery(queue=QueueKind.ALL)):
        drawings = [d for d in await store.list_documents(case_id) if d.kind is DocumentKind.DRAWING]
        for new in sorted(drawings, key=lambda d: -d.revision):
            for old in drawings:
                if old.drawing_type == new.drawing_type and old.revision < new.revision and old.revision:
                    return old, new
    raise LookupError("no case has two revisions of a drawing")


async def shoot_drawings(
    controller: AppController, window: MainWindow, out: Path, until: Any, settle: Any, save: Any
) -> None:
    from ui.drawings.compare_window import open_compare

    services = window.services
    page = await services.client.archive_search(limit=200)
    renamed = [r for r in page.items if r.property_designation != r.current_designation and r.documents]
    # the property with the most archived records, searched by a former designation
    record = max(
        renamed, key=lambda r: sum(o.current_designation == r.current_designation for o in page.items)
    )
    host = window.archive  # type: ignore[attr-defined]
    archive = host.open(record.property_designation)
    archive.resize(1300, 760)
    await until(lambda: archive.result is not None and not archive.thumbnails.busy, what="the archive")
    await settle()
    save(archive, "archive", out)
    archive.close()

    old, new = await revision_pair(window)
    compare = open_compare(controller.drawings, services, old, new, window)
    compare.resize(1500, 860)
    await until(lambda: compare.comparison is not None or compare.error is not None, what="the compare")
    compare.tabs.setCurrentIndex(1)
    compare.overlay.fit()
    if compare.regions.count():
        compare.regions.setCurrentRow(0)
    await settle()
    save(compare, "compare", out)
    compare.close()
