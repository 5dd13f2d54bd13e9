"""Fixtures of the sign-in tests: the app's HTTP client with a token-call counter, and a test "browser"."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from caseworker.api.transport import make_http_client


@dataclass
class TokenCalls:
    """Counts the requests to the token endpoint made through the app's client."""

    count: int = 0

    async def __call__(self, request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path == "/oauth/token":
            self.count += 1


@pytest.fixture
def token_calls() -> TokenCalls:
    return TokenCalls()


@pytest.fixture
async def http(token_calls: TokenCalls) -> AsyncIterator[httpx.AsyncClient]:
    client = make_http_client(read_timeout=10, request_hooks=[token_calls])
    yield client
    await client.aclose()


@dataclass
class Browser:
    """Plays the system browser: signs in on the platform's page, then follows the redirect to us.

    Runs in its own thread (a browser is another process): the app's event loop must stay free to
    answer on the loopback listener. ``state`` replaces the state in the redirect (a forged redirect);
    ``error`` makes the redirect carry an OAuth error instead of a code; ``opens`` is what the
    open_browser callback answers (False: "no browser", the user copies the link by hand).
    """

    username: str
    state: str | None = None
    error: str | None = None
    opens: bool = True
    urls: list[str] = field(default_factory=list)
    status: int | None = None
    page: str = ""
    failure: BaseException | None = None
    _thread: threading.Thread | None = None

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        self._thread = threading.Thread(target=self._walk, args=(url,), daemon=True)
        self._thread.start()
        return self.opens

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join(10)
        if self.failure is not None:
            raise self.failure

    def _walk(self, url: str) -> None:
        try:
            params = dict(parse_qsl(urlsplit(url).query))
            with httpx.Client(timeout=10) as c:
                assert c.get(url).status_code == 200, "the sign-in page"
                r = c.post(url, data={**params, "username": self.username, "password": "demo"})
                assert r.status_code in (302, 303), r.text[:200]
                location = self._tamper(r.headers["location"])
                final = c.get(location)
                self.status, self.page = final.status_code, final.text
        except BaseException as exc:
            self.failure = exc

    def _tamper(self, location: str) -> str:
        parts = urlsplit(location)
        query = dict(parse_qsl(parts.query))
        if self.state is not None:
            query["state"] = self.state
        if self.error is not None:
            query = {"error": self.error, "state": query["state"]}
        return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
def browser() -> type[Browser]:
    """``browser(username, state=..., error=..., opens=...)``: a test browser (see Browser)."""
    return Browser
