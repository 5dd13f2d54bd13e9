"""The frozen app's entry point (PyInstaller runs this file as ``__main__``): the same ``main`` as the
``caseworker`` command. ``freeze_support`` lets worker processes (rendering) start from the bundle."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ui.main import main

    sys.exit(main())
