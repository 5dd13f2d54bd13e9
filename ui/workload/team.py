"""Who is on the team lead's team: from the platform's workload answer when online, else the copy of it
kept in the store (so the board works offline with the team's names, municipalities and absences)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caseworker.api.errors import PlatformError
from caseworker.domain.models import Role, User, Workload
from ui.services import Services

if TYPE_CHECKING:  # the workload core is imported when a team is first loaded, not at start
    from caseworker.workload import Member

log = logging.getLogger(__name__)

ROSTER_STATE = "workload.team"  # the last workload answer, as JSON, in the store's sync state


def is_team_lead(user: User) -> bool:
    return Role.TEAM_LEAD in user.roles and bool(user.team_id)


@dataclass(frozen=True)
class Team:
    roster: list[Member]  # those who may take cases have their municipalities; others serve none
    platform: Workload | None  # the platform's answer (its figures are the cross-check); None offline

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.roster if m.id == member_id), None)


def _team_of(workload: Workload) -> list[Member]:
    from caseworker.workload import roster_from_workload

    served = {m.user_id: m.municipalities if m.takes_cases else [] for m in workload.members}
    return roster_from_workload(workload, served)


async def load_team(services: Services) -> Team | None:
    """The team: asked of the platform when it answers (and kept), else the kept copy (None: never seen)."""
    team_id = services.user.team_id
    if team_id is None:
        return None
    try:
        workload = await services.client.workload(team_id)
    except PlatformError as exc:  # offline, or not (or no longer) a lead: the kept copy, if any
        log.info("team workload not fetched (%s); using the kept copy", type(exc).__name__)
    else:
        await services.store.set_state(ROSTER_STATE, workload.model_dump_json())
        return Team(_team_of(workload), workload)
    kept = await services.store.get_state(ROSTER_STATE)
    if kept is None:
        return None
    workload = Workload.model_validate(json.loads(kept))
    return Team(_team_of(workload), None)
