"""The platform's ``GET /teams/{id}/workload`` against the figures computed from the local store.

The board shows the local figures (they work offline and are current after each sync); the platform's
answer is a cross-check. A difference means the store is behind (a sync is due), a case changed in a way
the feed has not brought yet, or the two disagree on the deadline -- worth a log line, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.domain.models import Workload
from caseworker.workload.figures import TeamFigures

COMPARED = ("open_cases", "due_within_7_days", "overdue", "absent")


@dataclass(frozen=True)
class Difference:
    member_id: str
    name: str
    field: str  # one of COMPARED, or "member" when only one side lists the member
    platform: object  # the platform's value (None: the platform does not list the member)
    local: object  # the local value (None: the local figures do not list the member)

    def describe(self) -> str:
        """English, for the log (names of staff acting in office are not personal data of applicants)."""
        if self.field == "member":
            where = "the platform" if self.platform is not None else "the local store"
            return f"{self.name} ({self.member_id}) is listed only by {where}"
        who = f"{self.name} ({self.member_id})"
        return f"{who}: {self.field} is {self.platform} on the platform, {self.local} locally"


def cross_check(platform: Workload, local: TeamFigures) -> list[Difference]:
    """Every disagreement between the platform's workload and the local figures, in the platform's member
    order, then members only the local side has. Local members with no cases that the platform does not
    list are not a difference (the local side lists the roster it was given)."""
    if not local.filter.is_empty:
        raise ValueError("compare the platform's workload with unfiltered local figures")
    differences: list[Difference] = []
    seen: set[str] = set()
    for remote in platform.members:
        seen.add(remote.user_id)
        mine = local.member(remote.user_id)
        if mine is None:
            if remote.open_cases:
                differences.append(Difference(remote.user_id, remote.display_name, "member", True, None))
            continue
        for name in COMPARED:
            theirs, ours = getattr(remote, name), getattr(mine, name)
            if theirs != ours:
                differences.append(Difference(remote.user_id, remote.display_name, name, theirs, ours))
    for mine in local.members:
        if mine.member_id not in seen and mine.open_cases:
            differences.append(Difference(mine.member_id, mine.name, "member", None, True))
    return differences
