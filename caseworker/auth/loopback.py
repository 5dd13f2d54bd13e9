"""The loopback redirect listener of a native-app sign-in (RFC 8252 7.3).

A tiny HTTP server on 127.0.0.1 (never any other interface) on an ephemeral port that waits for the one
request the browser makes after sign-in: ``GET /callback?code=...&state=...``. It hands the full redirect
URL to the flow (which checks ``state`` and exchanges the code) and answers the browser with a short page
in Swedish. Anything else gets 404 (other paths) or 405 (other methods); requests are bounded in size
and time, so a stray or hostile local client cannot hold the sign-in up.
"""

from __future__ import annotations

import asyncio
import html
import logging
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
CALLBACK_PATH = "/callback"
DEFAULT_TIMEOUT = 300.0  # seconds the user has to complete sign-in in the browser
MAX_REQUEST_BYTES = 16 * 1024  # request line + headers; a redirect with code and state is far smaller
REQUEST_READ_TIMEOUT = 10.0  # a connection that sends nothing (browser preconnect) is dropped after this

_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,"Segoe UI",sans-serif;margin:3rem auto;max-width:32rem;color:#1f2937}}
</style></head><body><h1>{title}</h1><p>{text}</p></body></html>
"""
DONE_TITLE = "Inloggningen är klar – du kan stänga fliken"
DONE_TEXT = "Gå tillbaka till Caseworker för att fortsätta arbeta."
FAILED_TITLE = "Inloggningen misslyckades"
FAILED_TEXT = "Gå tillbaka till Caseworker och försök logga in igen."


def _page(title: str, text: str) -> bytes:
    return _PAGE.format(title=html.escape(title), text=html.escape(text)).encode("utf-8")


def _response(status: str, body: bytes, extra: str = "") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n"
        f"{extra}"
        "\r\n"
    )
    return head.encode("ascii") + body


class LoopbackListener:
    """Receive one authorization redirect on ``http://127.0.0.1:{port}/callback``.

    Use as ``async with LoopbackListener() as listener: ... await listener.wait()``. Set
    ``expected_state`` before the browser is sent off: the browser then sees a failure page (instead
    of "done") when a redirect with another state or an ``error`` arrives. The flow checks ``state``
    again (AuthorizationRequest.code_from_redirect) — that check is the one that counts.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_request_bytes: int = MAX_REQUEST_BYTES,
        request_read_timeout: float = REQUEST_READ_TIMEOUT,
    ) -> None:
        self.timeout = timeout
        self.max_request_bytes = max_request_bytes
        self.request_read_timeout = request_read_timeout
        self.expected_state: str | None = None
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[str] | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._port = 0

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the listener is not started")
        return self._port

    @property
    def redirect_uri(self) -> str:
        return f"http://{HOST}:{self.port}{CALLBACK_PATH}"

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("the listener is already started")
        self._result = asyncio.get_running_loop().create_future()
        # One socket, bound to the IPv4 loopback address only (RFC 8252 8.3): never 0.0.0.0 or "".
        self._server = await asyncio.start_server(
            self._on_connection, host=HOST, port=0, limit=self.max_request_bytes, reuse_address=False
        )
        self._port = int(self._server.sockets[0].getsockname()[1])

    async def wait(self) -> str:
        """The full redirect URL, once the browser has delivered it; TimeoutError after ``timeout``.

        Cancelling the caller cancels only the wait; ``close()`` stops the listener.
        """
        if self._result is None:
            raise RuntimeError("the listener is not started")
        return await asyncio.wait_for(asyncio.shield(self._result), self.timeout)

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        if server is not None:
            await server.wait_closed()
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # --- one browser connection -------------------------------------------------------------------------

    def _on_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.get_running_loop().create_task(self._serve(reader, writer))
        self._connections.add(task)
        task.add_done_callback(self._connections.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.request_read_timeout)
            except (asyncio.LimitOverrunError, ValueError):
                writer.write(_response("431 Request Header Fields Too Large", b""))
                return
            except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
                return
            writer.write(self._answer(head))
        except (OSError, ValueError, RuntimeError):  # one bad connection must not end the sign-in
            log.warning("loopback listener: a connection failed", exc_info=False)
        finally:
            writer.close()  # the transport sends what was written (a small page) before it closes

    def _answer(self, head: bytes) -> bytes:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            return _response("400 Bad Request", b"")
        method, target, _version = parts
        if method != "GET":
            return _response("405 Method Not Allowed", b"", "Allow: GET\r\n")
        path = urlsplit(target).path
        if path != CALLBACK_PATH or not target.startswith("/"):
            return _response("404 Not Found", b"")
        if self._result is None or self._result.done():
            # a second redirect (reload, another tab): the first one is the one the flow uses
            return _response("409 Conflict", _page(FAILED_TITLE, FAILED_TEXT))
        self._result.set_result(f"http://{HOST}:{self._port}{target}")
        if self._looks_successful(target):
            return _response("200 OK", _page(DONE_TITLE, DONE_TEXT))
        return _response("400 Bad Request", _page(FAILED_TITLE, FAILED_TEXT))

    def _looks_successful(self, target: str) -> bool:
        query = parse_qs(urlsplit(target).query)
        if "error" in query or "code" not in query:
            return False
        return self.expected_state is None or query.get("state") == [self.expected_state]
