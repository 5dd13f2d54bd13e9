"""Caseworker's Qt-free core."""

import os
import sys

# httpx imports its command-line client (click, rich, pygments: ~0.1 s, a sixth of a start) whenever those
# are installed, only to offer ``httpx.main``. Nothing here runs httpx's command line: marking the module
# absent makes httpx define its stub instead (its own fallback for a missing ``httpx[cli]``).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

# pydantic looks for plugins in the entry points of every installed distribution when the first model is
# built (~0.01 s per start); the app uses none. An explicit setting in the environment still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
