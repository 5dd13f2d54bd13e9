"""A TCP proxy between a client and the sandbox on loopback, with switchable network faults.

It runs its own event loop in its own thread, so sync and async tests use it alike::

    with FaultyProxy(sandbox.url) as proxy:
        client = PlatformClient(proxy.url, ...)
        proxy.truncate(after_body_bytes=1000, times=1)   # the next response stops mid-body
        proxy.cut()                                      # offline: new connections are refused
        proxy.restore()

Faults that hit a connection (reset, hang, truncate) are armed for ``times`` connections (None: every
one) and claimed by a connection when it next sends request bytes — pooled keep-alive connections
included. ``latency`` and ``slice`` apply to all traffic while set. ``passthrough()`` clears everything.
Everything is bounded: a maximum of open connections, fixed-size reads, and ``stop()`` ends them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
READ_SIZE = 64 * 1024
MAX_HEADER_BYTES = 64 * 1024

Direction = Literal["request", "response"]


@dataclass
class _Fault:
    kind: Literal["reset_request", "reset_response", "hang", "truncate"]
    limit: int = 0  # bytes of request / response / response body before the fault strikes
    remaining: int | None = 1  # connections still to hit; None = every one


class _Reset(Exception):
    pass


class _Close(Exception):
    pass


class _Conn:
    def __init__(
        self,
        client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    ) -> None:
        self.client_reader, self.client_writer = client
        self.up_reader, self.up_writer = upstream
        self.fault: _Fault | None = None
        self.request_bytes = 0
        self.response_bytes = 0
        self.header_buffer = bytearray()
        self.header_origin = 0
        self.body_start: int | None = None  # offset in the response stream where the body begins

    def reset(self) -> None:
        for writer in (self.client_writer, self.up_writer):
            _abort_with_rst(writer)

    def close(self) -> None:
        for writer in (self.client_writer, self.up_writer):
            writer.close()


def _abort_with_rst(writer: asyncio.StreamWriter) -> None:
    """Close so that the peer sees a reset (RST), not an orderly end: SO_LINGER with timeout 0."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FaultyProxy:
    def __init__(self, target_url: str, *, max_connections: int = 64) -> None:
        parts = urlsplit(target_url)
        if parts.hostname is None or parts.port is None:
            raise ValueError("target_url needs a host and a port")
        self.target_host, self.target_port = parts.hostname, parts.port
        self.max_connections = max_connections
        self.port = 0
        self.connections_accepted = 0
        self.faults_struck = 0
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []
        self._latency = 0.0
        self._slice: tuple[int, float] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._conns: set[_Conn] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- life -------------------------------------------------------------------------------------------

    def start(self) -> Self:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="faulty-proxy", daemon=True)
        self._thread.start()
        self._run(self._listen(0))
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        self._run(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop.close()
        self._loop = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- faults -------------------------------------------------------------------------------------------

    def passthrough(self) -> None:
        """No faults: forward everything as it comes (a cut proxy is restored too)."""
        with self._lock:
            self._faults.clear()
            self._latency = 0.0
            self._slice = None
        if self._server is None and self._loop is not None:
            self.restore()

    def reset(
        self, *, after_request_bytes: int | None = None, after_response_bytes: int | None = None,
        times: int | None = 1,
    ) -> None:  # fmt: skip
        """Reset (RST) the connection after so many bytes of request or of response."""
        if (after_request_bytes is None) == (after_response_bytes is None):
            raise ValueError("give exactly one of after_request_bytes and after_response_bytes")
        if after_request_bytes is not None:
            self._arm(_Fault("reset_request", after_request_bytes, times))
        else:
            self._arm(_Fault("reset_response", after_response_bytes or 0, times))

    def hang(self, *, times: int | None = 1) -> None:
        """Take the request and never answer (until the client gives up or the proxy stops)."""
        self._arm(_Fault("hang", 0, times))

    def truncate(self, *, after_body_bytes: int, times: int | None = 1) -> None:
        """Forward the response headers and so many bytes of the body, then close the connection."""
        self._arm(_Fault("truncate", after_body_bytes, times))

    def latency(self, seconds: float) -> None:
        """Wait this long before forwarding each chunk, both ways."""
        with self._lock:
            self._latency = seconds

    def slice(self, size: int = 7, delay: float = 0.001) -> None:
        """Forward responses in pieces of ``size`` bytes with ``delay`` seconds between them."""
        with self._lock:
            self._slice = (size, delay)

    def cut(self) -> None:
        """Offline: refuse new connections and reset the open ones."""
        self._run(self._cut())

    def restore(self) -> None:
        """Accept connections again (on the same port) after cut()."""
        self._run(self._listen(self.port))

    def _arm(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _claim(self) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.remaining is None or fault.remaining > 0:
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    self.faults_struck += 1
                    return fault
            return None

    # --- the proxy loop -------------------------------------------------------------------------------------

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None, "the proxy is not started"
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    async def _listen(self, port: int) -> None:
        if self._server is not None:
            return
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()
        for conn in list(self._conns):
            conn.reset()

    async def _shutdown(self) -> None:
        await self._cut()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.get_running_loop().create_task(self._serve(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections_accepted += 1
        if len(self._conns) >= self.max_connections:
            _abort_with_rst(writer)
            return
        try:
            upstream = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            _abort_with_rst(writer)
            return
        conn = _Conn((reader, writer), upstream)
        self._conns.add(conn)
        try:
            await asyncio.gather(
                self._pump(conn, "request", conn.client_reader, conn.up_writer),
                self._pump(conn, "response", conn.up_reader, conn.client_writer),
            )
        finally:
            self._conns.discard(conn)
            conn.close()

    async def _pump(
        self, conn: _Conn, direction: Direction, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while True:
                data = await reader.read(READ_SIZE)
                if not data:
                    if not writer.is_closing() and writer.can_write_eof():
                        writer.write_eof()
                    return
                if direction == "request" and conn.fault is None:
                    conn.fault = self._claim()
                await self._forward(conn, direction, data, writer)
        except _Reset:
            conn.reset()
        except _Close:
            conn.close()
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            conn.reset()

    async def _forward(
        self, conn: _Conn, direction: Direction, data: bytes, writer: asyncio.StreamWriter
    ) -> None:
        fault = conn.fault
        then: type[Exception] | None = None
        if fault is not None:
            if fault.kind == "hang":
                return  # swallowed: the other side never hears of it
            if fault.kind == "reset_request" and direction == "request":
                data = _upto(data, fault.limit - conn.request_bytes)
                then = _Reset if conn.request_bytes + len(data) >= fault.limit else None
            elif fault.kind == "reset_response" and direction == "response":
                data = _upto(data, fault.limit - conn.response_bytes)
                then = _Reset if conn.response_bytes + len(data) >= fault.limit else None
            elif fault.kind == "truncate" and direction == "response":
                data, then = self._truncated(conn, fault, data)
        if direction == "request":
            conn.request_bytes += len(data)
        else:
            conn.response_bytes += len(data)
        with self._lock:
            latency, slicing = self._latency, self._slice
        if latency:
            await asyncio.sleep(latency)
        if slicing and direction == "response":
            size, delay = slicing
            for start in range(0, len(data), size):
                writer.write(data[start : start + size])
                await writer.drain()
                await asyncio.sleep(delay)
        elif data:
            writer.write(data)
            await writer.drain()
        if then is not None:
            raise then

    def _truncated(self, conn: _Conn, fault: _Fault, data: bytes) -> tuple[bytes, type[Exception] | None]:
        """How much of ``data`` to forward before closing: headers + ``fault.limit`` bytes of body."""
        if conn.body_start is None:
            if not conn.header_buffer:
                conn.header_origin = conn.response_bytes  # this response starts here in the stream
            conn.header_buffer += data
            end = conn.header_buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(conn.header_buffer) > MAX_HEADER_BYTES:
                    conn.body_start = conn.header_origin  # not HTTP as we know it: count from its start
                return data, None
            conn.body_start = conn.header_origin + end + 4
        allowed = conn.body_start + fault.limit - conn.response_bytes
        if len(data) >= allowed:
            return data[: max(0, allowed)], _Close
        return data, None


def _upto(data: bytes, n: int) -> bytes:
    return data[: max(0, n)]
