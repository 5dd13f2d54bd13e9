"""Which status a case may go to from which (DOMAIN.md), in one place.

The platform enforces it on ``PATCH /cases/{id}`` (the sandbox's routes use this table); the client uses
the same table only to keep impossible actions off the screen -- the platform still decides. ``decided``
is never a PATCH target: it comes from ``POST /cases/{id}/decision``.
"""

from __future__ import annotations

from caseworker.domain.models import CaseStatus

S = CaseStatus

FINISHED: frozenset[CaseStatus] = frozenset({S.DECIDED, S.CLOSED})


def may_be_decided(status: CaseStatus) -> bool:
    """A case that is neither decided nor closed may be decided (the platform still checks)."""
    return status not in FINISHED


TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.RECEIVED: frozenset({S.INCOMPLETE, S.COMPLETE, S.UNDER_REVIEW, S.REFERRAL, S.CLOSED}),
    S.INCOMPLETE: frozenset({S.COMPLETE, S.CLOSED}),
    S.COMPLETE: frozenset({S.INCOMPLETE, S.UNDER_REVIEW, S.REFERRAL, S.CLOSED}),
    S.UNDER_REVIEW: frozenset({S.INCOMPLETE, S.REFERRAL, S.CLOSED}),
    S.REFERRAL: frozenset({S.UNDER_REVIEW, S.INCOMPLETE, S.CLOSED}),
    S.DECIDED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}


def may_change(current: CaseStatus, target: CaseStatus) -> bool:
    """True if a case in ``current`` may be set to ``target`` by a status change."""
    return target in TRANSITIONS.get(current, frozenset())
