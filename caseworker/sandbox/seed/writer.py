"""Writes the planned demo data: reference data, each case with its parties, documents and events,
the e-archive and a few markups, buffered and inserted in foreign-key order a chunk at a time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from caseworker.domain.clock import compute
from caseworker.domain.models import (
    CaseStatus,
    CaseType,
    DeadlineFacts,
    DecisionOutcome,
    DocumentKind,
    EventKind,
    PartyRole,
)
from caseworker.sandbox import assets
from caseworker.sandbox.db import (
    Annotation,
    ArchiveRecord,
    Base,
    Blob,
    Case,
    Counter,
    Document,
    Event,
    Municipality,
    Party,
    Team,
    User,
)
from caseworker.sandbox.passwords import password_hash
from caseworker.sandbox.seed.identity import DEMO_PASSWORD, fictional_org_number
from caseworker.sandbox.seed.plan import (
    DENSE_A0_CASE_ID,
    CasePlan,
    Planner,
    days,
    new_id,
    notices,
    party_person,
    person,
)
from caseworker.sandbox.seed.profiles import (
    ACCOUNT_BY_USERNAME,
    ACCOUNTS,
    MUNICIPALITIES,
    MUNICIPALITY_BY_ID,
    TEAM_LEAD_OF,
    TEAMS,
    ascii_fold,
)
from caseworker.sandbox.seed.vocabulary import (
    ARCHIVE_TITLES,
    BUILDING_GROUNDS,
    COMPLETION_ITEMS,
    DRAWING_SETS,
    EXTENSION_REASONS,
    FEE_TABLES,
    HEADINGS,
    LEGAL_GROUNDS,
    NOTES,
    REFERRAL_BODIES,
    STREETS,
)

PERSONALISED_APPLICATIONS = 300  # beyond this many cases, one generic application form is shared
CHUNK_ROWS = 5000


class RowWriter:
    """Buffers rows and inserts them in foreign-key order, a chunk at a time."""

    ORDER: tuple[type[Base], ...] = (Blob, Case, Party, ArchiveRecord, Document, Event, Annotation)

    def __init__(self, session: Session) -> None:
        self.session = session
        self.buffers: dict[type[Base], list[dict[str, Any]]] = {m: [] for m in self.ORDER}
        self.pending = 0
        self.seq = 0
        self.blobs: set[str] = set()

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        self.buffers[model].append(row)
        self.pending += 1
        if self.pending >= CHUNK_ROWS:
            self.flush()

    def blob(self, asset: assets.Asset) -> None:
        if asset.sha256 not in self.blobs:
            self.blobs.add(asset.sha256)
            self.add(Blob, {"sha256": asset.sha256, "size": asset.size, "data": asset.data})

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.buffers[model]
            if rows:
                # Core insert of the table: executemany as batched multi-row VALUES on PostgreSQL too,
                # where the ORM's bulk path sends the rows one statement at a time.
                self.session.execute(insert(cast(Table, model.__table__)), rows)
                rows.clear()
        self.pending = 0


@dataclass(frozen=True)
class _Docs:
    """Shared document bytes, made once per process."""

    drawings: dict[tuple[str, int], assets.Asset]
    dense: assets.Asset
    scans: dict[str, assets.Asset]
    generic_application: assets.Asset


def _shared_docs() -> _Docs:
    return _Docs(
        drawings={
            (key, rev): _cached_asset(("drawing", key, rev))
            for key, spec in assets.DRAWINGS.items()
            for rev in range(1, spec.revisions + 1)
        },
        dense=_cached_asset(("dense",)),
        scans={key: _cached_asset(("scan", key)) for key in assets.ARCHIVE_SCANS},
        generic_application=_cached_asset(("generic-application",)),
    )


_ASSET_CACHE: dict[tuple[Any, ...], assets.Asset] = {}


def _cached_asset(key: tuple[Any, ...]) -> assets.Asset:
    """Assets with their page counts, kept per process (counting pages of the A0 sheet is not free)."""
    if key not in _ASSET_CACHE:
        kind = key[0]
        if kind == "drawing":
            _ASSET_CACHE[key] = assets.make_asset(assets.drawing_pdf(key[1], key[2]), assets.PDF)
        elif kind == "dense":
            _ASSET_CACHE[key] = assets.make_asset(assets.dense_a0_pdf(), assets.PDF)
        elif kind == "scan":
            _ASSET_CACHE[key] = assets.make_asset(assets.archive_tiff(key[1]), assets.TIFF)
        elif kind == "generic-application":
            data = assets.application_pdf(
                "Ansökan om bygglov",
                "Kommunens bygglovsenhet",
                (
                    ("Ärende", "Uppgifterna finns i ärendet i e-tjänsten"),
                    ("Fastighetsbeteckning", "Se ärendet"),
                    ("Sökande", "Se ärendets intressenter"),
                ),
                "Ansökan har kommit in via e-tjänsten. Den ifyllda blanketten visas i ärendets uppgifter; "
                "denna sammanfattning är gemensam för alla ärenden i demodatabasens stora variant.",
            )
            _ASSET_CACHE[key] = assets.make_asset(data, assets.PDF)
        else:
            raise KeyError(key)
    return _ASSET_CACHE[key]


def _application_asset(plan: CasePlan, personalised: bool, docs: _Docs) -> assets.Asset:
    if not personalised:
        return docs.generic_application
    a = plan.applicant
    identity = (
        ("Personnummer", a["personal_number"])
        if a["personal_number"]
        else ("Organisationsnummer", a["org_number"])
    )
    fields = (
        ("Ärende", plan.title),
        ("Fastighetsbeteckning", plan.prop.designation),
        ("Sökande", a["name"]),
        identity,
        ("Adress", f"{a['street']}, {a['postal_code']} {a['city']}"),
        ("E-post och telefon", f"{a['email']}   {a['phone']}"),
        ("Inkom", f"{plan.timeline.received.isoformat()}   Diarienummer {plan.registration}"),
    )
    heading = HEADINGS.get(plan.case_type, "Ansökan om bygglov")
    data = assets.application_pdf(
        heading, f"{plan.muni.name}, {plan.muni.committee}", fields, plan.description
    )
    return assets.make_asset(data, assets.PDF)


class Seeder:
    """Seeds one empty database: reference data, the planned cases, the e-archive and markups."""

    def __init__(self, session: Session, seed: int, cases: int, today: dt.date, now: dt.datetime) -> None:
        self.session, self.seed, self.n_cases, self.today, self.now = session, seed, cases, today, now
        self.rng = random.Random(f"caseworker-sandbox:{seed}:data")
        self.ids = random.Random(f"caseworker-sandbox:{seed}:ids")  # own stream: ids stay put if data changes
        self.writer = RowWriter(session)
        self.planner = Planner(self.rng, self.ids, today, cases)
        self.first_plan_rev2: dict[str, Any] | None = None
        self.dense_doc: dict[str, Any] | None = None

    def new_id(self, rng: random.Random | None = None) -> str:
        return new_id(rng or self.ids)

    def run(self) -> None:
        self.write_reference_data()
        plans = self.planner.plan_cases()
        self.planner.assign_registrations(plans)
        docs = _shared_docs()
        for plan in plans:
            self.write_case(plan, docs)
        self.write_archive(docs)
        self.write_annotations()
        self.writer.flush()
        self.session.execute(
            insert(Counter), [{"name": "seq", "value": self.writer.seq}, {"name": "horizon", "value": 0}]
        )

    # reference data

    def write_reference_data(self) -> None:
        self.session.execute(
            insert(Municipality),
            [
                {
                    "id": m.id,
                    "name": m.name,
                    "committee": m.committee,
                    "org_number": m.org_number,
                    "street": m.street,
                    "postal_code": m.postal_code,
                    "city": m.city,
                    "phone": m.phone,
                    "email": m.email,
                    "website": m.website,
                    "primary_color": m.primary_color,
                    "secondary_color": m.secondary_color,
                    "appeal_body": m.appeal_body,
                    "footer": m.footer,
                    "registration_prefix": m.registration_prefix,
                    "logo_png": assets.municipality_logo(m.figure, m.primary_color, m.secondary_color),
                }
                for m in MUNICIPALITIES
            ],
        )
        self.session.execute(
            insert(Team),
            [{"id": t.id, "name": t.name, "municipalities": list(t.municipalities)} for t in TEAMS],
        )
        demo_hash = password_hash(DEMO_PASSWORD)  # hashed once (Argon2id costs ~30 ms), shared by all
        self.session.execute(
            insert(User),
            [
                {
                    "id": a.id,
                    "username": a.username,
                    "display_name": a.display_name,
                    "title": a.title,
                    "email": a.email,
                    "roles": [r.value for r in a.roles],
                    "municipalities": list(a.municipalities),
                    "team_id": a.team_id,
                    "password_hash": demo_hash,
                    "absent_until": None if a.absent_days is None else self.today + days(a.absent_days),
                }
                for a in ACCOUNTS
            ],
        )

    # one case with its parties, documents and events

    def times(self, rng: random.Random, day: dt.date, n: int) -> list[dt.datetime]:
        """``n`` increasing moments in office hours of ``day`` (UTC), never later than now."""
        start = dt.datetime.combine(day, dt.time(7, 0), dt.UTC)
        end = min(start + dt.timedelta(hours=9), self.now - dt.timedelta(minutes=1))
        if end - start < dt.timedelta(minutes=n + 1):
            start = end - dt.timedelta(minutes=n + 1)
        span = int((end - start).total_seconds())
        return [start + dt.timedelta(seconds=s) for s in sorted(rng.sample(range(span), n))]

    def write_case(self, plan: CasePlan, docs: _Docs) -> None:
        w = self.writer
        rng = random.Random(plan.sub_seed)
        tl = plan.timeline
        muni_id = plan.muni.id
        received_at = self.times(rng, tl.received, 1)[0]
        case_row: dict[str, Any] = {
            "id": plan.id,
            "seq": w.next_seq(),
            "version": 1,
            "registration_number": plan.registration,
            "municipality_id": muni_id,
            "title": plan.title,
            "description": plan.description,
            "case_type": plan.case_type.value,
            "status": plan.status.value,
            "assignee_id": plan.assignee.id if plan.assignee else None,
            "team_id": plan.team_id,
            "property_designation": plan.prop.designation,
            "former_designations": list(plan.prop.formers),
            "area_m2": plan.prop.area_m2,
            "applicant_name": plan.applicant["name"],
            "received_on": tl.received,
            "completion_requested_on": tl.requested,
            "completed_on": tl.completed,
            "extension_weeks": tl.extension_weeks,
            "extension_reason": rng.choice(EXTENSION_REASONS) if tl.extension_weeks else None,
            "decided_on": tl.decided,
            "fee_sek": plan.fee,
            "fee_basis": f"{plan.muni.fee_schedule}, {FEE_TABLES.get(plan.case_type, 'tabell 3 (bygglov)')}",
            "updated_at": received_at,
        }

        parties = [plan.applicant]
        neighbours = self.planner.by_area.get((muni_id, plan.prop.area), [])
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            near = rng.choice(neighbours) if neighbours else plan.prop
            parties.append(party_person(rng, PartyRole.NEIGHBOUR, near, plan.muni))
        if rng.random() < 0.15:
            parties.append(
                {
                    "role": PartyRole.AFFECTED_PARTY.value,
                    "name": f"{plan.prop.area} Vägsamfällighetsförening",
                    "personal_number": None,
                    "org_number": fictional_org_number(rng, "71"),
                    "street": f"c/o {' '.join(person(rng))}, {rng.choice(STREETS)} {rng.randint(1, 40)}",
                    "postal_code": plan.prop.postal_code,
                    "city": plan.muni.city,
                    "email": None,
                    "phone": None,
                }
            )
        party_rows = [{"id": self.new_id(rng), "case_id": plan.id, **party} for party in parties]
        case_row["decision_published_on"] = notices(plan, party_rows, self.today)
        doc_rows = self.case_documents(plan, docs, rng, received_at)
        event_rows = self.case_events(plan, rng, case_row, doc_rows, received_at)
        case_row["updated_at"] = event_rows[-1]["at"]
        # parents before children, whatever chunk boundary falls in between
        w.add(Case, case_row)
        for row in party_rows:
            w.add(Party, row)
        for row in doc_rows:
            w.add(Document, row)
        for row in event_rows:
            w.add(Event, row)

    def case_events(
        self,
        plan: CasePlan,
        rng: random.Random,
        case_row: dict[str, Any],
        doc_rows: list[dict[str, Any]],
        received_at: dt.datetime,
    ) -> list[dict[str, Any]]:
        tl = plan.timeline
        S = CaseStatus
        pending: list[tuple[dt.date, int, str, str | None, str, dict[str, Any]]] = []
        current = [S.RECEIVED]

        def event(kind: EventKind, day: dt.date, actor: str | None, text: str, data: dict[str, Any]) -> None:
            pending.append((day, len(pending), kind.value, actor, text, data))

        def status(day: dt.date, to: CaseStatus, actor: str | None, text: str, **extra: Any) -> None:
            event(
                EventKind.STATUS_CHANGED,
                day,
                actor,
                text,
                {"from": current[0].value, "to": to.value, **extra},
            )
            current[0] = to

        lead = TEAM_LEAD_OF.get(plan.team_id)
        officer = plan.assignee.id if plan.assignee else (lead.id if lead else None)
        event(EventKind.CREATED, tl.received, None, "Ansökan inkom via e-tjänsten.", {"channel": "e-tjänst"})
        if plan.assignee:
            day = min(tl.received + days(rng.randint(0, 2)), tl.requested or tl.complete_on or self.today)
            day = min(day, self.today)
            event(
                EventKind.ASSIGNED,
                day,
                lead.id if lead else None,
                f"Ärendet tilldelades {plan.assignee.display_name}.",
                {"assignee_id": plan.assignee.id, "previous_assignee_id": None},
            )
        if tl.requested:
            drawings = DRAWING_SETS[plan.case_type]
            items = rng.sample([text for text, key in COMPLETION_ITEMS if key is None or key in drawings], 2)
            reply_by = tl.requested + days(21)
            status(tl.requested, S.INCOMPLETE, officer, "Väntar på komplettering.")
            event(
                EventKind.MESSAGE,
                tl.requested,
                officer,
                f"Hej {plan.applicant['name']}!\n\nVi har gått igenom er ansökan om "
                f"{plan.title[0].lower()}{plan.title[1:]} på fastigheten {plan.prop.designation}. För att vi "
                "ska kunna pröva ansökan behöver vi följande komplettering:\n\n"
                f"– {items[0]}\n– {items[1]}\n\n"
                f"Kompletteringen ska ha kommit in senast {reply_by.isoformat()}. Om den inte kommer in kan "
                "ansökan avvisas (9 kap. 22 § PBL).\n\nMed vänlig hälsning\n"
                f"{plan.assignee.display_name if plan.assignee else plan.muni.committee}\n{plan.muni.name}",
                {
                    "subject": "Begäran om komplettering",
                    "direction": "outgoing",
                    "to": plan.applicant["name"],
                    "reply_by": reply_by.isoformat(),
                },
            )
        if tl.completed:
            supplements = [row for row in doc_rows if row["revision"] >= 2]
            if supplements:
                titles = ", ".join(
                    f"{row['title']} rev. {assets.revision_letter(row['revision'])}" for row in supplements
                )
                event(
                    EventKind.DOCUMENT_ADDED, tl.completed, None, f"Komplettering inkom: {titles}.",
                    {"document_ids": [row["id"] for row in supplements]},
                )  # fmt: skip
            status(tl.completed, S.COMPLETE, officer, "Ansökan är komplett.")
        elif tl.complete_on:
            status(tl.complete_on, S.COMPLETE, officer, "Ansökan är komplett.")
        if tl.extension_on:
            reason = case_row["extension_reason"]
            event(
                EventKind.DEADLINE_EXTENDED, tl.extension_on, officer,
                f"Handläggningstiden förlängs med {tl.extension_weeks} veckor. {reason}",
                {"weeks": tl.extension_weeks, "reason": reason},
            )  # fmt: skip
        if tl.review_on:
            status(tl.review_on, S.UNDER_REVIEW, officer, "Ärendet är under handläggning.")
            if rng.random() < 0.7:
                last = tl.referral_on or tl.decided or self.today
                for _ in range(rng.randint(1, 2)):
                    day = tl.review_on + days(rng.randint(0, max(0, (last - tl.review_on).days)))
                    event(EventKind.NOTE, day, officer, rng.choice(NOTES), {})
        if tl.referral_on:
            body = rng.choice(REFERRAL_BODIES)
            status(tl.referral_on, S.REFERRAL, officer, f"Remiss skickad till {body}.", referral_to=body)
            if tl.decided:
                answered = min(tl.referral_on + days(rng.randint(5, 20)), tl.decided)
                event(EventKind.NOTE, answered, officer, f"Remissvar från {body}: inget att erinra.", {})
        if tl.decided and plan.outcome:
            event(EventKind.DECISION, tl.decided, officer, *self.decision(plan, rng))
            status(tl.decided, S.DECIDED, officer, "Beslut fattat.")
            if tl.closed:
                status(
                    tl.closed,
                    S.CLOSED,
                    officer,
                    "Beslutet har vunnit laga kraft. Ärendet avslutas och arkiveras.",
                )

        pending.sort(key=lambda e: (e[0], e[1]))
        rows: list[dict[str, Any]] = []
        k = 0
        while k < len(pending):
            day = pending[k][0]
            same = [e for e in pending[k:] if e[0] == day]
            moments = self.times(rng, day, len(same))
            if k == 0:
                moments[0] = min(received_at, moments[0])  # the application's own arrival
                moments.sort()
            for (_day, _i, kind, actor, text, data), at in zip(same, moments, strict=True):
                rows.append(
                    {
                        "id": self.new_id(rng),
                        "seq": 0,
                        "municipality_id": plan.muni.id,
                        "case_id": plan.id,
                        "kind": kind,
                        "at": at,
                        "actor_id": actor,
                        "text": text,
                        "data": data,
                    }
                )
            k += len(same)
        for row in rows:
            row["seq"] = self.writer.next_seq()
        return rows

    def decision(self, plan: CasePlan, rng: random.Random) -> tuple[str, dict[str, Any]]:
        """Text and data of the decision event."""
        tl, outcome = plan.timeline, plan.outcome
        assert tl.decided is not None and outcome is not None
        facts = DeadlineFacts(
            received_on=tl.received,
            completion_requested_on=tl.requested,
            completed_on=tl.completed,
            extension_weeks=tl.extension_weeks,
            decided_on=tl.decided,
        )
        clock = compute(facts, tl.decided, plan.case_type)
        ground = rng.choice(LEGAL_GROUNDS.get(plan.case_type, BUILDING_GROUNDS))
        if outcome is DecisionOutcome.DISMISSED:
            ground = "9 kap. 22 § PBL"
        elif outcome is DecisionOutcome.WRITTEN_OFF:
            ground = "ansökan har återkallats av sökanden"
        verb = {
            DecisionOutcome.GRANTED: "beviljas",
            DecisionOutcome.REFUSED: "avslås",
            DecisionOutcome.DISMISSED: "avvisas",
            DecisionOutcome.WRITTEN_OFF: "avskrivs",
        }[outcome]
        if plan.case_type is CaseType.NOTIFICATION:
            what = "Startbesked ges" if outcome is DecisionOutcome.GRANTED else f"Anmälan {verb}"
        else:
            heading = HEADINGS.get(plan.case_type, "Ansökan om bygglov")
            what = f"{heading.removeprefix('Ansökan om ').capitalize()} {verb}"
        fee = 0 if outcome is DecisionOutcome.WRITTEN_OFF else clock.fee_after_reduction(plan.fee)
        delegation = f"Delegationsordning för {plan.muni.committee.lower()}, punkt 3.{rng.randint(1, 12)}"
        return f"Beslut: {what} ({ground}).", {
            "outcome": outcome.value,
            "legal_ground": ground,
            "fee_sek": fee,
            "fee_before_reduction": plan.fee,
            "weeks_late": clock.weeks_late,
            "delegation_ref": delegation,
        }

    def case_documents(
        self, plan: CasePlan, docs: _Docs, rng: random.Random, received_at: dt.datetime
    ) -> list[dict[str, Any]]:
        tl = plan.timeline
        rows: list[dict[str, Any]] = []

        def document(asset: assets.Asset, at: dt.datetime, **fields: Any) -> dict[str, Any]:
            self.writer.blob(asset)
            row = {
                "id": self.new_id(rng),
                "seq": self.writer.next_seq(),
                "municipality_id": plan.muni.id,
                "case_id": plan.id,
                "archive_record_id": None,
                "drawing_type": None,
                "revision": 0,
                "media_type": asset.media_type,
                "size": asset.size,
                "sha256": asset.sha256,
                "pages": asset.pages,
                "created_at": at,
                **fields,
            }
            rows.append(row)
            return row

        document(
            _application_asset(plan, plan.index < PERSONALISED_APPLICATIONS, docs),
            received_at,
            title=HEADINGS.get(plan.case_type, "Ansökan om bygglov"),
            filename=f"ansokan_{plan.registration.replace(' ', '_')}.pdf",
            kind=DocumentKind.APPLICATION.value,
        )
        keys = DRAWING_SETS[plan.case_type]
        revisable = [k for k in keys if assets.DRAWINGS[k].revisions >= 2]
        revised = {k for k in revisable if rng.random() < 0.6} or (
            {rng.choice(revisable)} if revisable else set()
        )
        completed_at = self.times(rng, tl.completed, 1)[0] if tl.completed else None
        for key in keys:
            spec = assets.DRAWINGS[key]
            for rev in (1, 2) if completed_at and key in revised else (1,):
                letter = assets.revision_letter(rev)
                row = document(
                    docs.drawings[(key, rev)],
                    received_at if rev == 1 else completed_at or received_at,
                    title=spec.title,
                    filename=f"{spec.number}_{slug(spec.title)}_rev_{letter}.pdf",
                    kind=DocumentKind.DRAWING.value,
                    drawing_type=spec.drawing_type,
                    revision=rev,
                )
                if rev == 2 and key == "plan" and self.first_plan_rev2 is None and plan.muni.id == "alvdala":
                    self.first_plan_rev2 = row
        if plan.id == DENSE_A0_CASE_ID:
            self.dense_doc = document(
                docs.dense,
                received_at,
                title="A0-sammanställning, lägenhetsplaner hus A–K",
                filename="A-40.9-900_sammanstallning_rev_A.pdf",
                kind=DocumentKind.DRAWING.value,
                drawing_type="A",
                revision=1,
            )
        return rows

    # the e-archive

    def write_archive(self, docs: _Docs) -> None:
        rng = self.rng
        w = self.writer
        scan_keys = list(assets.ARCHIVE_SCANS)
        # Properties with former names always get a history (the archive must find them under old names).
        for prop in self.planner.used:
            if not prop.formers and rng.random() > 0.3:
                continue
            muni = MUNICIPALITY_BY_ID[prop.municipality_id]
            years: list[int] = sorted(rng.sample(range(1950, 2016), rng.randint(1, 3)))
            if prop.formers and all(y >= prop.changed[-1] for y in years):
                years[0] = rng.randint(1950, prop.changed[-1] - 1)  # filed under the oldest name
                years.sort()
            for year in years:
                recorded = prop.name_in(year)
                names = [recorded, prop.designation, *prop.formers]
                record_id = self.new_id()
                serial = rng.randint(1, 480)
                regnr = (
                    f"Bn {serial}/{year}"
                    if year < 1987
                    else f"{muni.registration_prefix} {year}-{serial:06d}"
                )
                word = "Byggnadslov" if year < 1987 else "Bygglov"  # the term before PBL 1987
                w.add(
                    ArchiveRecord,
                    {
                        "id": record_id,
                        "municipality_id": muni.id,
                        "property_designation": recorded,
                        "current_designation": prop.designation,
                        "search_designations": "|".join(dict.fromkeys(n.lower() for n in names)),
                        "title": f"{word} för {rng.choice(ARCHIVE_TITLES)}",
                        "year": year,
                        "registration_number": regnr,
                    },
                )
                for k, key in enumerate(rng.sample(scan_keys, rng.randint(1, 2))):
                    spec, asset = assets.ARCHIVE_SCANS[key], docs.scans[key]
                    w.blob(asset)
                    scanned = dt.datetime(2018, 1, 8, 9, 0, tzinfo=dt.UTC) + dt.timedelta(
                        days=rng.randint(0, 700), minutes=rng.randint(0, 480)
                    )
                    w.add(
                        Document,
                        {
                            "id": self.new_id(),
                            "seq": w.next_seq(),
                            "municipality_id": muni.id,
                            "case_id": None,
                            "archive_record_id": record_id,
                            "title": f"{spec.title} ({year})",
                            "filename": f"{slug(regnr)}_{k + 1}.tif",
                            "kind": DocumentKind.ARCHIVE_SCAN.value,
                            "drawing_type": spec.drawing_type,
                            "revision": 0,
                            "media_type": asset.media_type,
                            "size": asset.size,
                            "sha256": asset.sha256,
                            "pages": asset.pages,
                            "created_at": scanned,
                        },
                    )

    # markups

    def write_annotations(self) -> None:
        karin = ACCOUNT_BY_USERNAME["karin"].id
        marks: list[tuple[dict[str, Any], str, dict[str, Any], str, str, bool]] = []
        if self.dense_doc is not None:
            d = self.dense_doc
            marks += [
                (d, "cloud", {"rect": [140.0, 1760.0, 470.0, 2090.0]}, "Brandcellsgräns mellan lägenheterna?",
                 "#d32f2f", False),
                (d, "callout", {"anchor": [1230.0, 1320.0], "rect": [1300.0, 1400.0, 1560.0, 1470.0]},
                 "Badrum: vändzon 1,5 m saknas (tillgänglighet).", "#d32f2f", False),
                (d, "callout", {"anchor": [2410.0, 660.0], "rect": [2480.0, 560.0, 2760.0, 630.0]},
                 "Måttkedjan stämmer inte med totalmåttet.", "#f57c00", False),
                (d, "cloud", {"rect": [2900.0, 300.0, 3240.0, 640.0]}, "Kontrollerad, ok.", "#388e3c", True),
            ]  # fmt: skip
        if self.first_plan_rev2 is not None:
            p = self.first_plan_rev2
            x0, y0 = assets.plan_point(9.0, 0.0)
            x1, y1 = assets.plan_point(12.0, 3.4)
            ax, ay = assets.plan_point(1.9, 8.4)
            marks += [
                (p, "cloud", {"rect": [x0 - 6, y0 - 6, x1 + 6, y1 + 6]},
                 "Sovrum 3: fönstrets storlek räcker inte som utrymningsväg.", "#d32f2f", False),
                (p, "callout", {"anchor": [ax, ay], "rect": [ax - 40, ay + 40, ax + 130, ay + 70]},
                 "Nytt fönster mot norr – ok.", "#388e3c", False),
            ]  # fmt: skip
        for doc, kind, geometry, text, color, resolved in marks:
            at = max(doc["created_at"], self.now - dt.timedelta(days=2))
            self.writer.add(
                Annotation,
                {
                    "id": self.new_id(),
                    "seq": self.writer.next_seq(),
                    "version": 1,
                    "municipality_id": doc["municipality_id"],
                    "document_id": doc["id"],
                    "page": 0,
                    "kind": kind,
                    "geometry": geometry,
                    "text": text,
                    "color": color,
                    "resolved": resolved,
                    "status": "completed" if resolved else "open",
                    "width": 1.5,
                    "document_sha256": doc.get("sha256"),
                    "author_id": karin,
                    "created_at": at,
                    "updated_at": at,
                },
            )


def slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "_" for ch in ascii_fold(text).lower())
    return "_".join(part for part in out.split("_") if part)


def seed_if_empty(
    maker: sessionmaker[Session], *, seed: int, cases: int, today: dt.date | None = None
) -> bool:
    """Seed the demo data into an empty database (one transaction); False if it was seeded already."""
    now = dt.datetime.now(dt.UTC)
    today = today or dt.date.today()
    with maker() as session, session.begin():
        if session.execute(select(Municipality.id).limit(1)).first() is not None:
            return False
        Seeder(session, seed, cases, today, now).run()
    return True
