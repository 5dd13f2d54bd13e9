"""Moved to tests/helpers/rig.py. Kept only so tests written before the move still import; remove once
they import ``tests.helpers.rig``."""

from tests.helpers.rig import *  # noqa: F403
from tests.helpers.rig import FAST, OPEN, TOKENS_SECRET  # noqa: F401
from tests.helpers.sandbox import MINIMAL_PDF  # noqa: F401
