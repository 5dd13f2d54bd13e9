"""Logging to the logs folder, scrubbed: no bearer token and no personnummer ever reaches a log line.

The file (``logs/caseworker.log``, rotated) is what support asks for; tracebacks are kept there (and
only there — the user never sees one), passed through the same scrubber as every message.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

from caseworker.api.errors import scrub
from caseworker.paths import make_private, private_dir, private_opener

LOG_FILE = "caseworker.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then removes tokens and personnummer from the whole text (traceback included)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only the user can read (0600 where the OS has modes), whatever the umask."""

    def _open(self) -> TextIO:
        return open(
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=private_opener
        )


def setup_logging(logs_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``logs_dir/caseworker.log`` (5 × 2 MB) and to stderr; returns the file's path."""
    private_dir(logs_dir)
    path = logs_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_caseworker", False):
            root.removeHandler(handler)
            handler.close()
    formatter = ScrubbingFormatter(_FORMAT)
    file_handler = PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    make_private(path)  # an older version's log was readable by others
    handlers: list[logging.Handler] = [file_handler]
    if sys.stderr is not None:  # None in the Windows bundle, which has no console
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, "_caseworker", True)  # noqa: B010  # marks our handlers for removal
        root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs may carry search terms
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("uvicorn").setLevel(logging.WARNING)
    return path


def close_logging() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_caseworker", False):
            root.removeHandler(handler)
            handler.close()
