"""The team lead's workload tools, Qt-free and deterministic (the board and dialogs live in ``ui/workload``).

Start here:

* :func:`read_figures` / :func:`load_figures` -- the board's figures per member (open, due within 7 days,
  overdue, fee at risk, per municipality, absence) from the local store's plaintext case columns
  (``query.py``, ``figures.py``); :class:`WorkloadFilter` narrows them by municipality and case type.
* :func:`cross_check` -- the platform's ``GET /teams/{id}/workload`` against those figures
  (``crosscheck.py``).
* :func:`propose_balance` and :func:`absence_cover` -- moves with one Swedish line each (``balance.py``).
* :func:`deadline_risk` -- where a deadline stands today, and the fee it puts at risk: the one adapter
  over ``caseworker.domain.clock`` (``risk.py``).

Never imports the sandbox (import-linter contract).
"""

from caseworker.workload.balance import (
    RISK_POINTS,
    CoverPreview,
    MemberLoad,
    Move,
    MoveKind,
    Proposal,
    Skipped,
    absence_cover,
    propose_balance,
)
from caseworker.workload.crosscheck import Difference, cross_check
from caseworker.workload.figures import MemberFigures, TeamFigures
from caseworker.workload.query import load_figures, load_open_cases, read_figures, read_open_cases
from caseworker.workload.risk import DUE_SOON_DAYS, Band, DeadlineRisk, deadline_risk
from caseworker.workload.team import Member, OpenCase, WorkloadFilter, roster_from_workload

__all__ = [
    "DUE_SOON_DAYS",
    "RISK_POINTS",
    "Band",
    "CoverPreview",
    "DeadlineRisk",
    "Difference",
    "Member",
    "MemberFigures",
    "MemberLoad",
    "Move",
    "MoveKind",
    "OpenCase",
    "Proposal",
    "Skipped",
    "TeamFigures",
    "WorkloadFilter",
    "absence_cover",
    "cross_check",
    "deadline_risk",
    "load_figures",
    "load_open_cases",
    "propose_balance",
    "read_figures",
    "read_open_cases",
    "roster_from_workload",
]
