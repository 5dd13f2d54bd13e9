"""A spatial index of one page's markups: a uniform grid of cells, each listing the markups whose box
(plus half their line width) touches it. A markup larger than ``MAX_CELLS`` cells is kept in a short list
checked on every query instead (a cloud around the whole sheet would otherwise fill every cell).

A point query looks only at the cells within the tolerance of the point, then tests the candidates
exactly (``geometry.hit_rank``); the answer equals testing every markup (a hypothesis test holds it to
that).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from caseworker.markups.geometry import expanded, hit_rank, intersects, reach_box
from caseworker.markups.model import Markup, Point, Rect

MAX_CELLS = 1024


class MarkupIndex:
    def __init__(self, markups: Iterable[Markup] = (), *, cell: float = 48.0) -> None:
        if not cell > 0:
            raise ValueError("cell must be positive")
        self._cell = cell
        self._markups: dict[str, Markup] = {}
        self._boxes: dict[str, Rect] = {}
        self._cells: dict[tuple[int, int], set[str]] = {}
        self._large: set[str] = set()
        for m in markups:
            self.add(m)

    def __len__(self) -> int:
        return len(self._markups)

    def __iter__(self) -> Iterator[Markup]:
        return iter(self._markups.values())

    def __contains__(self, markup_id: object) -> bool:
        return markup_id in self._markups

    def get(self, markup_id: str) -> Markup | None:
        return self._markups.get(markup_id)

    def _span(self, box: Rect) -> tuple[int, int, int, int]:
        c = self._cell
        return (
            math.floor(box[0] / c),
            math.floor(box[1] / c),
            math.floor(box[2] / c),
            math.floor(box[3] / c),
        )

    def add(self, m: Markup) -> None:
        """Add ``m`` (or replace the markup with its id)."""
        if m.id in self._markups:
            self.remove(m.id)
        box = reach_box(m)
        self._markups[m.id] = m
        self._boxes[m.id] = box
        i0, j0, i1, j1 = self._span(box)
        if (i1 - i0 + 1) * (j1 - j0 + 1) > MAX_CELLS:
            self._large.add(m.id)
            return
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                self._cells.setdefault((i, j), set()).add(m.id)

    def remove(self, markup_id: str) -> None:
        if self._markups.pop(markup_id, None) is None:
            return
        box = self._boxes.pop(markup_id)
        if markup_id in self._large:
            self._large.discard(markup_id)
            return
        i0, j0, i1, j1 = self._span(box)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                cell = self._cells.get((i, j))
                if cell is not None:
                    cell.discard(markup_id)
                    if not cell:
                        del self._cells[(i, j)]

    def candidates(self, box: Rect) -> set[str]:
        """Ids of the markups whose reach box may touch ``box``."""
        found = set(self._large)
        i0, j0, i1, j1 = self._span(box)
        if (i1 - i0 + 1) * (j1 - j0 + 1) > len(self._cells):
            cells: Iterable[set[str]] = (
                ids for (i, j), ids in self._cells.items() if i0 <= i <= i1 and j0 <= j <= j1
            )
        else:
            empty: set[str] = set()
            cells = (self._cells.get((i, j), empty) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1))
        for ids in cells:
            found |= ids
        return {i for i in found if intersects(self._boxes[i], box)}

    def hits(self, p: Point, tolerance: float = 4.0) -> list[Markup]:
        """The markups at ``p`` (within ``tolerance`` points), best first."""
        box = expanded((p[0], p[1], p[0], p[1]), tolerance)
        ranked = []
        for markup_id in self.candidates(box):
            m = self._markups[markup_id]
            rank = hit_rank(m, p, tolerance)
            if rank is not None:
                ranked.append((rank, m))
        ranked.sort(key=lambda r: r[0])
        return [m for _, m in ranked]

    def in_box(self, box: Rect) -> list[Markup]:
        """The markups whose reach box touches ``box`` (what a view of that area shows), in id order."""
        return [self._markups[i] for i in sorted(self.candidates(box))]


def brute_force_hits(markups: Iterable[Markup], p: Point, tolerance: float = 4.0) -> list[Markup]:
    """What ``MarkupIndex.hits`` answers, by testing every markup (for tests and benchmarks)."""
    ranked = [(r, m) for m in markups if (r := hit_rank(m, p, tolerance)) is not None]
    ranked.sort(key=lambda r: r[0])
    return [m for _, m in ranked]
