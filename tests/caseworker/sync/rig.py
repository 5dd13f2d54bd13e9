"""Moved to tests/helpers/rig.py. Kept only so tests written before the move still import; remove once
they import ``tests.helpers.rig``."""

from tests.helpers.rig import *  # noqa: F403
from tests.helpers.rig import FAST, MINIMAL_PDF, OPEN, TOKENS_SECRET  # noqa: F401
