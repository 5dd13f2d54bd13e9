"""The page cache every lazy table uses (ui.paging): what is on screen now is fetched first, a page read for
an old query is dropped, a reload keeps the old rows until fresh ones arrive, the cache stays bounded."""

from __future__ import annotations

import asyncio

from tests.helpers.waiting import until
from ui.paging import PageCache

ROWS = 1000


class Source:
    """Rows "q:n" of query q; each read waits until the test lets it through, so order can be seen."""

    def __init__(self) -> None:
        self.asked: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def fetch(self, query: str, offset: int, limit: int) -> list[str]:
        self.asked.append(offset // limit)
        await self.gate.wait()
        return [f"{query}:{n}" for n in range(offset, min(offset + limit, ROWS))]


def cache_over(source: Source, arrived: list[int], **kwargs: int) -> PageCache[str, str]:
    cache: PageCache[str, str] = PageCache(source.fetch, arrived.append, page_size=10, **kwargs)
    cache.show("a", [f"a:{n}" for n in range(10)])
    cache.count = ROWS
    return cache


async def test_the_newest_request_is_fetched_first_and_old_ones_are_dropped() -> None:
    source, arrived = Source(), []
    cache = cache_over(source, arrived, max_queued=3)
    assert cache.entry(5) == "a:5" and source.asked == []  # page 0 came with the query
    source.gate.clear()
    assert cache.entry(15) is None  # page 1: fetched at once, held at the gate
    await until(lambda: source.asked == [1], what="the first fetch to start")
    for row in (25, 35, 45, 55, 65):  # the user scrolls on while page 1 is read
        cache.entry(row)
    source.gate.set()
    await until(lambda: cache.idle, what="the cache to settle")
    assert source.asked == [1, 6, 5, 4]  # the newest first; pages 2 and 3 fell out of the queue
    assert arrived == [1, 6, 5, 4] and cache.entry(65) == "a:65"


async def test_a_page_read_for_an_older_query_is_dropped() -> None:
    source, arrived = Source(), []
    cache = cache_over(source, arrived)
    source.gate.clear()
    cache.entry(15)
    await until(lambda: source.asked == [1], what="the fetch to start")
    cache.show("b", [f"b:{n}" for n in range(10)])
    source.gate.set()
    await until(lambda: cache.idle, what="the cache to settle")
    assert arrived == [] and cache.entry(15, fetch=False) is None and cache.cached_pages() == {0}


async def test_a_reload_shows_the_old_rows_until_their_fresh_page_arrives() -> None:
    source, arrived = Source(), []
    cache = cache_over(source, arrived)
    cache.entry(15)
    await until(lambda: cache.is_row_loaded(15), what="page 1")
    cache.reload("b", [f"b:{n}" for n in range(10)])
    assert cache.entry(5) == "b:5"
    assert cache.entry(15) == "a:15" and not cache.is_row_loaded(15)  # stale, and its fresh page is asked
    await until(lambda: cache.is_row_loaded(15), what="the fresh page 1")
    assert cache.entry(15) == "b:15"


async def test_the_cache_keeps_the_pages_nearest_the_newest() -> None:
    source, arrived = Source(), []
    cache = cache_over(source, arrived, max_cached=3)
    for row in (15, 25, 95, 85):
        cache.entry(row)
        await until(lambda: cache.idle, what="the page")
    assert cache.cached_pages() == {2, 8, 9}  # pages 0 and 1 went, each the farthest from the newest
    assert cache.find(lambda e: e == "a:85") == 85 and cache.find(lambda e: e == "a:5") is None
