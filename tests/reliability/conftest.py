"""Fixtures of the reliability tests (QUALITY.md, Reliability): the sync tests' rig — a sandbox of the
module's own, signed-in rigs over a fault-injecting proxy, plain-HTTP views of the platform. The network
timeout is the sync tests' (5 s): short enough that a hung answer costs little, long enough that an
answer from a busy machine is not taken for a hung one."""

from __future__ import annotations

from tests.caseworker.sync.conftest import anna, http, proxy, rigs, sb, taken

__all__ = ["anna", "http", "proxy", "rigs", "sb", "taken"]
