"""Entry point `caseworker` (see ui/app/: start-up, wiring, shutdown).

caseworker --demo                 the embedded sandbox platform with demo data
caseworker --platform URL         a real platform
caseworker --data-dir DIR         all local data in one folder (portable use, tests)
caseworker --lang sv|en|pseudo    UI language (pseudo: a layout check)
caseworker --open FILE            show a drawing (PDF, TIFF) in the drawing viewer
caseworker --self-test            check this installation headless and exit 0 or 1 (ui/selftest.py)
"""

from __future__ import annotations

import gc
import importlib
import sys

# No cyclic garbage collection while the app's ~600 modules import: they make many objects and little garbage,
# and the full passes the allocations would trigger cost every start ~0.05 s. Back on afterwards (main()
# then moves collection to the UI thread, see ui.qt.MainThreadGarbageCollector).
_collecting = gc.isenabled()
gc.disable()
try:
    # The Qt-free core before Qt: once PySide6 is loaded, its import hook reads the source of every module
    # that imports anything (looking for ``from __feature__ import``); the core and its libraries (~400
    # modules: httpx, pydantic, keyring, cryptography) imported first are spared that, ~0.05 s per start.
    for _core in (
        "asyncio",
        "caseworker.api.transport",
        "caseworker.auth.flow",
        "caseworker.auth.secrets",
        "caseworker.store.user",
        "caseworker.sync.engine",
    ):
        importlib.import_module(_core)
    from ui.app.startup import main
finally:
    if _collecting:
        gc.enable()

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
