"""Tagged PDF with reportlab: marked content while drawing, the structure tree afterwards.

reportlab's open-source edition writes no structure. While a page is drawn, every piece of real content
is wrapped in a marked-content sequence with a page-unique MCID (``/P <</MCID 3>> BDC … EMC``) and the
:class:`StructNode` it belongs to records (page, MCID); running heads, footers, rules and page numbers
are wrapped as ``/Artifact``. The nodes form the logical tree (Document → H1, P, L → LI → LBody, Table →
TR → TH/TD, Figure) in reading order, which is the order nodes are created, not the order they are
drawn. :mod:`caseworker.decisions.pdfa` writes the tree into the file (StructTreeRoot, ParentTree,
/StructParents on each page).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable


@dataclass(eq=False)
class StructNode:
    """One structure element: its type, children (nodes or marked content on a page) and attributes."""

    role: str  # a standard structure type: Document, H1, H2, P, L, LI, LBody, Table, TR, TH, TD, Figure
    parent: StructNode | None = None
    alt: str | None = None  # alternative text (Figure)
    bbox: tuple[float, float, float, float] | None = None  # Figure layout box, page coordinates
    kids: list[StructNode | tuple[int, int]] = field(default_factory=list)  # (page index, MCID)

    def __post_init__(self) -> None:
        if self.parent is not None:
            self.parent.kids.append(self)

    def child(self, role: str, **attrs: Any) -> StructNode:
        return StructNode(role, self, **attrs)


class TagSink:
    """The structure of one document being drawn: the root node and the MCIDs used on each page."""

    def __init__(self) -> None:
        self.root = StructNode("Document")
        self._next_mcid: dict[int, int] = {}

    @contextlib.contextmanager
    def content(self, canv: Canvas, node: StructNode) -> Iterator[None]:
        """Everything drawn inside is content of ``node``."""
        page = canv.getPageNumber() - 1
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        node.kids.append((page, mcid))
        canv.addLiteral(f"/{node.role} <</MCID {mcid}>> BDC")
        try:
            yield
        finally:
            canv.addLiteral("EMC")

    @staticmethod
    @contextlib.contextmanager
    def artifact(canv: Canvas, kind: str = "Layout") -> Iterator[None]:
        """Everything drawn inside is an artifact (not read aloud): running heads, rules, page numbers."""
        canv.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        try:
            yield
        finally:
            canv.addLiteral("EMC")


class Tagged(Flowable):  # type: ignore[misc]
    """A flowable whose drawing is content of a structure node; split parts stay content of the same
    node (a paragraph broken over two pages is one P with content on both)."""

    def __init__(self, inner: Flowable, node: StructNode, sink: TagSink) -> None:
        super().__init__()
        self.inner, self.node, self.sink = inner, node, sink
        self.keepWithNext = inner.getKeepWithNext()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.inner.splitOn(self.canv, available_width, available_height)
        return [Tagged(p, self.node, self.sink) for p in parts]

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with self.sink.content(canvas, self.node):
            self.inner.drawOn(canvas, x, y, _sW)
