"""Small file-system helpers: durable renames and the quarantine folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from caseworker.paths import private_dir


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def quarantine(files: Iterable[Path], quarantine_dir: Path, label: str) -> list[Path]:
    """Move the files that exist into ``quarantine_dir/<UTC time>-<label>-<random>/``; returns new paths.

    Quarantined files are kept for inspection, never read by the app again; wiping the store removes
    them. They hold only what was on disk before (ciphertext and non-personal columns).
    """
    present = [f for f in files if f.exists()]
    if not present:
        return []
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target_dir = quarantine_dir / f"{stamp}-{label}-{uuid.uuid4().hex[:8]}"
    private_dir(target_dir)
    moved = []
    for f in present:
        target = target_dir / f.name
        shutil.move(str(f), str(target))
        moved.append(target)
    fsync_dir(quarantine_dir)
    return moved
