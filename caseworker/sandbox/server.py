"""Run the sandbox in this process on a loopback port (the tests and `caseworker --demo` do this)."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from caseworker.sandbox.app import create_app
from caseworker.sandbox.config import SandboxSettings


def proxy_options(settings: SandboxSettings) -> dict[str, Any]:
    """uvicorn's proxy settings: forwarded headers believed only from the configured proxies (uvicorn
    would otherwise believe them from 127.0.0.1, letting any local client choose its address)."""
    if not settings.forwarded_allow_ips:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(settings.forwarded_allow_ips)}


@dataclass
class RunningSandbox:
    url: str
    port: int
    settings: SandboxSettings
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)


def start_in_thread(settings: SandboxSettings, port: int = 0, host: str = "127.0.0.1") -> RunningSandbox:
    """Start uvicorn on ``host:port`` (0 = an ephemeral port) in a daemon thread; returns once it serves.

    Without a configured issuer the sandbox's issuer is the address it listens on."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    port = sock.getsockname()[1]
    if settings.issuer is None:
        settings = dataclasses.replace(settings, issuer=f"http://{host}:{port}")
    try:
        app = create_app(settings)
    except BaseException:
        sock.close()
        raise
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="on", **proxy_options(settings)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sandbox platform did not start")
        time.sleep(0.02)
    return RunningSandbox(f"http://{host}:{port}", port, settings, server, thread)
