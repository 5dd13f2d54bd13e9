"""One Caseworker per data folder: a second start hands over to the running one and exits.

Two processes on one offline store would fight over its single SQLite connection and could send an
outbox item twice. The guard is a named local socket (a named pipe on Windows) whose name is derived from
the data folder; the second process connects, asks the first to come to the front, and quits.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6 import QtNetwork  # part of PySide6-Essentials

from ui.qt import QtCore

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    digest = hashlib.sha256(f"{user}\n{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"caseworker-{digest}"


class SingleInstance(QtCore.QObject):
    """``acquire()`` is True for the first process; later ones get False after waking the first."""

    activated = QtCore.Signal()  # another start asked us to come to the front

    def __init__(self, data_dir: Path, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server: QtNetwork.QLocalServer | None = None

    def acquire(self) -> bool:
        socket = QtNetwork.QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(500):
            socket.write(ACTIVATE)
            socket.waitForBytesWritten(500)
            socket.disconnectFromServer()
            log.info("Caseworker already runs on this data folder; asked it to come to the front")
            return False
        server = QtNetwork.QLocalServer(self)
        server.setSocketOptions(QtNetwork.QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QtNetwork.QLocalServer.removeServer(self.name)  # a stale socket after a crash (Unix)
            if not server.listen(self.name):
                log.warning("single-instance guard unavailable: %s", server.errorString())
                return True
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    @QtCore.Slot()
    def _on_connection(self) -> None:
        assert self._server is not None
        socket = self._server.nextPendingConnection()
        if socket is None:
            return

        def read() -> None:
            if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
                self.activated.emit()
            socket.disconnectFromServer()

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)
