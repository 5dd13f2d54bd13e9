"""Real :class:`~ui.services.Services` for a demo user against a live sandbox, for UI tests.

    services = qloop.run(make_services(sandbox.url, "anna", tmp_path))
    ...
    qloop.run(close_services(services))

Everything is the real thing: the app's httpx client (``make_http_client``), a TokenSession with tokens
from the sandbox's demo sign-in, the PlatformClient, an encrypted AsyncStore in ``data_dir`` with a
random key, the SyncEngine and the SyncBridge attached to it. Point ``base_url`` at a
``tests.helpers.faulty_proxy.FaultyProxy`` to be able to go offline (``proxy.cut()``).

The engine is not started (no background interval): tests call ``services.sync.sync_now()`` when they
want a sync, so nothing happens behind their back. ``pull=True`` (default) runs one sync at the end, so
the store holds the user's cases.

``running_services`` wraps it as a context manager for fixtures.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from caseworker.api.client import PlatformClient
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import demo_sign_in
from caseworker.auth.session import TokenSession
from caseworker.paths import AppPaths
from caseworker.store import AsyncStore
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import PATIENCE
from ui.app.wiring import Platform, build_services, stop_background
from ui.services import Services

if TYPE_CHECKING:
    from ui.case import CaseView

T = TypeVar("T")


async def make_services(
    base_url: str,
    username: str,
    data_dir: Path,
    *,
    pull: bool = True,
    demo: bool = True,
) -> Services:
    """Sign ``username`` in on the platform at ``base_url`` and build their services in ``data_dir``."""
    paths = AppPaths.under(data_dir).ensure()
    http = make_http_client()
    try:
        tokens = await demo_sign_in(http, base_url, username)
        session = TokenSession(http, base_url, tokens)
        client = PlatformClient(base_url, http, session)
        user = await client.me()
        store = await AsyncStore.open(paths.store_dir(base_url, user.id), os.urandom(32), user_id=user.id)
    except BaseException:
        await http.aclose()
        raise
    try:
        await store.set_user(user)
        municipalities = await client.municipalities()
        await store.upsert_municipalities(municipalities)
        platform = Platform(base_url, base_url, demo=demo)
        services = build_services(http, paths, platform, session, client, store, user, municipalities)
        if pull:
            await services.sync.sync_now()
        return services
    except BaseException:
        await store.close()
        await http.aclose()
        raise


async def close_services(services: Services) -> None:
    """Stop the engine and the background work, close the store and the http client (in that order)."""
    services.bridge.detach()
    await stop_background(services)
    try:
        await services.sync.stop()
    finally:
        try:
            await services.store.close()
        finally:
            await services.http.aclose()


@contextlib.contextmanager
def running_services(
    qloop: LoopRunner, base_url: str, username: str, data_dir: Path, **options: bool
) -> Iterator[Services]:
    """``make_services`` on the test's qasync loop, closed on exit. Use it inside a fixture that
    depends on ``qloop`` (so it is closed before the loop is)::

        @pytest.fixture
        def anna(qloop, sandbox, tmp_path):
            with running_services(qloop, sandbox.url, "anna", tmp_path) as services:
                yield services
    """
    services = qloop.run(make_services(base_url, username, data_dir, **options), timeout=PATIENCE)
    try:
        yield services
    finally:
        qloop.run(close_services(services), timeout=PATIENCE)


def started(task: asyncio.Task[T] | None) -> asyncio.Task[T]:
    """The task a widget's action started (None would mean the action did not start)."""
    assert task is not None, "the action did not start"
    return task


def reloads_over(view: Any) -> bool:
    """A CaseView has no load or reload running (wait for it before its services close)."""
    return all(t is None or t.done() for t in (view._reloading, view._load_task))


# --- scenario helpers: the platform as a plain client sees it -----------------------------------


def find_case(c: httpx.Client, want: Callable[[dict[str, Any]], bool], queue: str = "mine") -> dict[str, Any]:
    """The first case of the queue (full representation) that ``want`` accepts."""
    cursor = None
    while True:
        params: dict[str, str | int] = {
            "queue": queue,
            "limit": 100,
            **({"cursor": cursor} if cursor else {}),
        }
        page = c.get("/api/v1/cases", params=params).raise_for_status().json()
        for summary in page["items"]:
            case = c.get(f"/api/v1/cases/{summary['id']}").raise_for_status().json()
            if want(case):
                return dict(case)
        cursor = page["next_cursor"]
        if not cursor:
            raise LookupError("no such case in the queue")


def notes_on_platform(c: httpx.Client, case_id: str, text: str) -> int:
    events = c.get(f"/api/v1/cases/{case_id}/events").raise_for_status().json()
    return sum(1 for e in events if e["kind"] == "note" and e["text"] == text)


def status_on_platform(c: httpx.Client, case_id: str) -> str:
    return str(c.get(f"/api/v1/cases/{case_id}").raise_for_status().json()["status"])


def open_case(qloop: LoopRunner, view: CaseView, case_id: str) -> None:
    """Show the case in the view and wait until it is loaded."""
    qloop.run(view.show_case(case_id))


def case_view(
    qtbot: Any, qloop: LoopRunner, services: Services, case_id: str, *, show: bool = True
) -> CaseView:
    """A case view of ``services`` (owned by ``qtbot``; shown unless ``show`` is False), the case loaded."""
    from ui.case import CaseView

    view = CaseView(services)
    qtbot.addWidget(view)
    if show:
        view.show()
    open_case(qloop, view, case_id)
    return view


def a_case(
    sandbox: Sandbox, where: Callable[[dict[str, Any]], bool], username: str = "anna"
) -> dict[str, Any]:
    """A case ``username`` sees on the platform for which ``where`` holds (see :func:`find_case`)."""
    with sandbox.client(username) as c:
        return find_case(c, where)
