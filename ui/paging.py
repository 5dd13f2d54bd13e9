"""Pages of rows for a lazy table model: a bounded cache, fetched on demand, newest request first.

A model over many rows (the queue; next the workload table and the markups list) asks :meth:`PageCache.entry`
for a row. A row not cached yet answers None (the model shows a placeholder) and its page is queued; a
task fetches queued pages one by one, the most recently asked first (what is on screen now), keeping at
most ``max_queued`` requests, so scrolling fast through 50 000 rows fetches only the pages the view stops
on. When a page arrives ``on_page(number)`` tells the model, which emits ``dataChanged`` for it. At most
``max_cached`` pages are kept: the ones farthest from the newest page are dropped first.

Every query has a generation: a page fetched for an older one is dropped when it arrives. :meth:`reload`
(the same query, fresh data) keeps the old pages as "stale" rows until their fresh pages arrive, so the
rows stay on screen and in place.

Qt-free: the model owns the Qt signals and the count's begin/end notifications.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

Q = TypeVar("Q")  # the query the rows belong to
E = TypeVar("E")  # a row as the model shows it

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40  # 4 000 rows of 100
MAX_QUEUED_PAGES = 6  # pages waiting to be fetched; older requests are dropped when the user scrolls on


def event_loop() -> asyncio.AbstractEventLoop:
    """The running loop, or the thread's loop when called from a Qt callback outside a coroutine."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.get_event_loop_policy().get_event_loop()


class PageCache(Generic[Q, E]):
    """The cached pages of one model's current query (see the module doc).

    ``fetch(query, offset, limit)`` reads rows; an exception of a type in ``recoverable`` (the store's
    errors) is logged and the page is asked again the next time a row of it is wanted.
    """

    def __init__(
        self,
        fetch: Callable[[Q, int, int], Awaitable[Sequence[E]]],
        on_page: Callable[[int], None],
        *,
        page_size: int = PAGE_SIZE,
        max_cached: int = MAX_CACHED_PAGES,
        max_queued: int = MAX_QUEUED_PAGES,
        recoverable: tuple[type[Exception], ...] = (),
        name: str = "page",
        spawn: Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]] | None = None,
    ) -> None:
        self._fetch, self._on_page = fetch, on_page
        self.page_size, self.max_cached, self.max_queued = page_size, max_cached, max_queued
        self._recoverable, self._name = recoverable, name
        # how the pump is started: the UI passes its operation object (ui.ops), so the pump ends with
        # its model and tests can wait until the UI is idle
        self._spawn = spawn or (lambda work: event_loop().create_task(work))
        self.query: Q | None = None
        self.count = 0  # rows in the query (the model sets it inside its begin/end notifications)
        self.generation = 0  # bumped whenever the rows' meaning changes
        self.pages: dict[int, list[E]] = {}
        self._stale: dict[int, list[E]] = {}  # shown during a reload until fresh pages arrive
        self._wanted: list[int] = []  # pages to fetch, most recent request last
        self._in_flight: set[int] = set()
        self._pump_task: asyncio.Task[None] | None = None
        self.pages_fetched = 0  # pages fetched (diagnostics, tests)

    # --- the model's questions ---------------------------------------------------------------------

    def entry(self, row: int, *, fetch: bool = True) -> E | None:
        """Row ``row`` if its page (fresh or stale) is cached; with ``fetch`` a missing page is queued."""
        number, offset = divmod(row, self.page_size)
        page = self.pages.get(number)
        if page is not None:
            return page[offset] if offset < len(page) else None
        if fetch:
            self._want(number)
        stale = self._stale.get(number)
        if stale is not None and offset < len(stale):
            return stale[offset]
        return None

    def is_row_loaded(self, row: int) -> bool:
        page = self.pages.get(row // self.page_size)
        return page is not None and row % self.page_size < len(page)

    def cached_pages(self) -> set[int]:
        return set(self.pages)

    def find(self, matches: Callable[[E], bool]) -> int | None:
        """The row of the first cached entry that ``matches`` (None if none is cached)."""
        for number, page in self.pages.items():
            for i, entry in enumerate(page):
                if matches(entry):
                    return number * self.page_size + i
        return None

    @property
    def idle(self) -> bool:
        """Every page asked for has been fetched (or dropped)."""
        pumping = self._pump_task is not None and not self._pump_task.done()
        return not pumping and not self._wanted and not self._in_flight

    # --- the model's changes ------------------------------------------------------------------------

    def show(self, query: Q | None, first: list[E]) -> None:
        """A new query (or none): everything cached goes; ``first`` is its page 0 (the model sets count)."""
        self.generation += 1
        self.query = query
        self.pages = {0: first} if first else {}
        self._stale = {}
        self._wanted.clear()

    def reload(self, query: Q, first: list[E]) -> None:
        """Fresh data for the query shown: the cached pages stay as stale rows until theirs arrive."""
        stale = {**self._stale, **self.pages}
        self.show(query, first)
        self._stale = stale

    def remap(self, describe: Callable[[E], E]) -> None:
        """Describe every cached row again (the language or a name changed)."""
        self.pages = {p: [describe(e) for e in page] for p, page in self.pages.items()}
        self._stale = {p: [describe(e) for e in page] for p, page in self._stale.items()}

    def cancel(self) -> None:
        """The model is going away: fetch nothing more."""
        self._wanted.clear()
        if self._pump_task is not None:
            self._pump_task.cancel()

    # --- fetching -------------------------------------------------------------------------------------

    def _want(self, page: int) -> None:
        if page in self._in_flight or page in self._wanted:
            return
        self._wanted.append(page)
        if len(self._wanted) > self.max_queued:
            del self._wanted[0]  # the oldest request: the view has moved on
        if self._pump_task is None or self._pump_task.done():
            self._pump_task = self._spawn(self._pump())

    async def _pump(self) -> None:
        """Fetch wanted pages one by one, newest request first, for the query shown at the time."""
        while self._wanted:
            page = self._wanted.pop()
            query, generation = self.query, self.generation
            if query is None or page in self.pages or page * self.page_size >= self.count:
                continue
            self._in_flight.add(page)
            try:
                rows = await self._fetch(query, page * self.page_size, self.page_size)
            except self._recoverable as exc:
                log.warning("%s %d failed: %s", self._name, page, type(exc).__name__)
                continue
            finally:
                self._in_flight.discard(page)
            if generation != self.generation:
                continue  # the query changed while this page was read
            self.pages_fetched += 1
            self._put(page, list(rows))

    def _put(self, number: int, entries: list[E]) -> None:
        self.pages[number] = entries
        self._stale.pop(number, None)
        if len(self.pages) > self.max_cached:
            farthest = max(self.pages, key=lambda p: abs(p - number))
            del self.pages[farthest]
        self._on_page(number)
