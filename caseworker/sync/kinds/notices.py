"""The decision's notices: when each party was notified (delgivning) and the day the decision was
published in Post- och Inrikes Tidningar. A ``PATCH /cases/{id}`` like any change of the case (If-Match:
the case's ETag), its own kind so that the cache shows the dates at once and the outbox names it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from caseworker.domain.models import Case, CasePatch
from caseworker.store import LocalChange, OfflineStore, OutboxItem
from caseworker.sync.kinds.base import QT_TRANSLATE_NOOP, Actor, Phrase, as_dict
from caseworker.sync.kinds.case import PatchCase


def noticed_case(case: Case, patch: Mapping[str, Any]) -> Case:
    """``case`` as the platform will have it after recording the notices in ``patch``."""
    days: dict[str, dt.date | None] = {}
    for item in patch.get("parties_notified") or []:
        day = item.get("notified_on")
        days[str(item["party_id"])] = None if day is None else dt.date.fromisoformat(str(day))
    parties = [p.model_copy(update={"notified_on": days[p.id]}) if p.id in days else p for p in case.parties]
    changes: dict[str, Any] = {"parties": parties}
    if "decision_published_on" in patch:
        published = patch["decision_published_on"]
        changes["decision_published_on"] = None if published is None else dt.date.fromisoformat(published)
    return case.model_copy(update=changes)


class RecordNotices(PatchCase):
    name = "record_notices"

    def optimistic(
        self, s: OfflineStore, item: OutboxItem, actor: Actor, today: dt.date
    ) -> LocalChange | None:
        cached = self.still_based(s, item)
        if not isinstance(cached, Case):
            return None  # only the summary is cached: the platform's answer brings the parties
        return LocalChange(cases=[noticed_case(cached, as_dict(item.payload))])

    def normalise(self, item: OutboxItem, edited: Any) -> Any:
        patch = super().normalise(item, edited)
        if set(patch) - {"parties_notified", "decision_published_on", "acted_at"}:
            raise ValueError("a record_notices payload holds only notices")
        return patch

    def describe(self, payload: Any) -> list[Phrase]:
        p = as_dict(payload)
        parts = []
        notified = p.get("parties_notified") or []
        if notified:
            parts.append(
                Phrase(
                    QT_TRANSLATE_NOOP("OutboxDescribe", "Delgivning av beslutet ({n} parter)"),
                    {"n": len(notified)},
                )
            )
        if "decision_published_on" in p:
            parts.append(Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Kungörelse i PoIT")))
        return parts or [Phrase(QT_TRANSLATE_NOOP("OutboxDescribe", "Delgivning av beslutet"))]

    def changes_status(self, payload: Any) -> bool:
        return False

    def extends_deadline(self, payload: Any) -> bool:
        return False


def notices_patch(
    notified: Mapping[str, dt.date | None], published: dt.date | None, *, publishing: bool
) -> CasePatch:
    """The patch that records ``notified`` (party id → day, None removes it) and, with ``publishing``,
    the PoIT day ``published`` (None removes it)."""
    fields: dict[str, Any] = {}
    if notified:
        fields["parties_notified"] = [
            {"party_id": party_id, "notified_on": day} for party_id, day in notified.items()
        ]
    if publishing:
        fields["decision_published_on"] = published
    return CasePatch.model_validate(fields)
