"""Files the app keeps beside the store: the plain copies handed to the OS viewer, and folder sizes.

The bottom layer: the case's documents panel writes the copies, the app removes them at start, sign-out
and quit (:func:`remove_viewer_copies`), the settings dialog shows what the folders take.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from caseworker.paths import AppPaths

log = logging.getLogger(__name__)

VIEWER_DIR = "open"  # under the cache folder: the copies handed to the OS viewer

# --- the copies for the OS viewer --------------------------------------------------------------------------

_sessions: dict[Path, Path] = {}  # the viewer folder of this session, by the cache folder it is in
_sessions_lock = threading.Lock()


def viewer_root(paths: AppPaths) -> Path:
    """Where the copies for the OS viewer are kept (every session's folder is in it)."""
    return paths.cache / VIEWER_DIR


def private_dir(folder: Path) -> Path:
    """``folder`` (and its parents) created; ``folder`` itself readable by its owner only."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)  # also when it was there already (on Windows: the user's own cache folder)
    return folder


def viewer_session(paths: AppPaths) -> Path:
    """This session's private folder for the OS viewer's copies (made on first use, mode 0700)."""
    root = viewer_root(paths)
    with _sessions_lock:
        folder = _sessions.get(root)
        if folder is None or not folder.is_dir():
            folder = Path(tempfile.mkdtemp(prefix="session-", dir=private_dir(root)))  # mode 0700
            _sessions[root] = folder
        return folder


def remove_viewer_copies(paths: AppPaths) -> bool:
    """Delete every copy made for the OS viewer: this session's and what an earlier run left (a crash).

    Called when the app shuts down or signs out, and when it starts. True if nothing is left (a file
    the viewer still holds open on Windows stays until the next start)."""
    root = viewer_root(paths)
    with _sessions_lock:
        _sessions.pop(root, None)
        if not root.exists():
            return True
        shutil.rmtree(root, ignore_errors=True)
        gone = not root.exists()
    if not gone:
        log.warning("some copies opened in another program could not be deleted yet; they go next start")
    return gone


def directory_size(directory: str | object) -> int:
    """Bytes used by all files under ``directory`` (0 if it does not exist)."""
    root = Path(str(directory))
    if not root.exists():
        return 0
    total = 0
    for path in root.rglob("*"):
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            continue
    return total
