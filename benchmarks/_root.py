"""Imported first by every benchmark script (``python benchmarks/<name>.py`` puts this folder first on the
import path): takes the folder off the path again, as its queue.py would shadow the standard library's
``queue`` (which asyncio and qasync import), and puts the project root on it instead, so ``benchmarks``,
``caseworker``, ``ui`` and ``tests`` import from this checkout."""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))
