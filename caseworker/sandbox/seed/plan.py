"""The plan of the demo cases: properties, and per case its type, status, timeline on the case
type's clock, notices of the decision, people and fee. Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from caseworker.domain.appeals import final_on
from caseworker.domain.clock import statutory_period
from caseworker.domain.models import CaseStatus, CaseType, DecisionOutcome, PartyRole
from caseworker.sandbox.seed.identity import fictional_org_number, fictional_personnummer
from caseworker.sandbox.seed.profiles import (
    ACCOUNT_BY_USERNAME,
    ACCOUNTS,
    CW,
    MUNICIPALITIES,
    MUNICIPALITY_BY_ID,
    TEAMS,
    Account,
    MunicipalityProfile,
    ascii_fold,
)
from caseworker.sandbox.seed.vocabulary import (
    FACADES,
    FEES,
    FIRST_NAMES,
    LAST_NAMES,
    MUNICIPALITY_WEIGHTS,
    OLD_AREAS,
    ROOFS,
    STATUS_WEIGHTS,
    STREETS,
    TITLES,
    TYPE_WEIGHTS,
)

# The case that carries the dense A0 sheet: fixed id (whatever the seed), in Älvdala, assigned to anna.
DENSE_A0_CASE_ID = uuid.uuid5(uuid.NAMESPACE_URL, "caseworker-sandbox:dense-a0").hex
DENSE_A0_CASE_TITLE = "Nybyggnad av kvarter Hamnen, A0-sammanställning"
DENSE_A0_RECEIVED_DAYS_AGO = 12
_DENSE_A0_SERIAL = 1  # ordinary serials start higher, so this one is always free


def dense_a0_registration(today: dt.date | None = None) -> str:
    """The dense A0 case's registration number; its year is that of its receipt, 12 days before today."""
    received = (today or dt.date.today()) - dt.timedelta(days=DENSE_A0_RECEIVED_DAYS_AGO)
    return f"BYGG {received.year}-{_DENSE_A0_SERIAL:06d}"


DENSE_A0_CASE_REGISTRATION = dense_a0_registration()


# Properties of hand-made cases, kept out of the random pool: (municipality, (area, block, unit)).
_RESERVED_PROPERTIES: tuple[tuple[str, tuple[str, int, int]], ...] = (("alvdala", ("Hamnen", 1, 1)),)


def new_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


@dataclass(slots=True)
class DemoProperty:
    municipality_id: str
    designation: str
    area: str
    block: int
    unit: int
    street: str
    postal_code: str
    area_m2: int
    formers: list[str] = field(default_factory=list)  # newest first
    changed: list[int] = field(default_factory=list)  # the year each former name was replaced

    def name_in(self, year: int) -> str:
        """The designation the property had in a given year."""
        name = self.designation
        for former, changed in zip(self.formers, self.changed, strict=True):
            if year < changed:
                name = former
        return name


@dataclass(slots=True)
class Timeline:
    received: dt.date
    requested: dt.date | None = None
    completed: dt.date | None = None
    complete_on: dt.date | None = None  # status became complete (completion or a check after receipt)
    review_on: dt.date | None = None
    referral_on: dt.date | None = None
    extension_weeks: int = 0
    extension_on: dt.date | None = None
    decided: dt.date | None = None
    closed: dt.date | None = None


@dataclass(slots=True)
class CasePlan:
    index: int
    id: str
    sub_seed: int
    muni: MunicipalityProfile
    case_type: CaseType
    status: CaseStatus
    prop: DemoProperty
    title: str
    description: str
    assignee: Account | None
    team_id: str | None
    timeline: Timeline
    fee: int
    outcome: DecisionOutcome | None
    applicant: dict[str, Any]
    registration: str = ""


def _waiting_with(plan: CasePlan) -> str | None:
    """The team an unassigned case waits with: a third each with the municipality's own team, with another
    team serving the municipality (where there is one), and with none yet (not routed). Decided by the
    case's own sub-seed, so the rest of the demo data stays as it was."""
    teams = [t.id for t in TEAMS if plan.muni.id in t.municipalities]
    share = plan.sub_seed % 3
    if share == 1:
        return None
    return teams[-1] if share == 2 else teams[0]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# The demo's dates were first laid out for the 10-week clock of a lov; other clocks scale them (below).
LOV_DAYS = 70
LOV_EXTENSIONS = (4, 6, 8, 10)


def _clock_days(case_type: CaseType) -> tuple[int, tuple[int, ...]]:
    """The case type's statutory days and the extensions (in weeks) the demo draws from. A type without a
    PBL clock (strandskyddsdispens) keeps a lov's pace of work and is never extended."""
    period = statutory_period(case_type)
    if period is None:
        return LOV_DAYS, (0, 0, 0, 0)
    most = period.max_extension_weeks
    return period.period.days, tuple(min(most, max(1, w * most // 10)) for w in LOV_EXTENSIONS)


def _timeline(rng: random.Random, status: CaseStatus, today: dt.date, case_type: CaseType) -> Timeline:
    """Dates consistent with the status; open cases with a deadline spread over overdue, due within a week
    and later, on the case type's own clock (10 weeks for a lov, 4 for an anmälan)."""
    S = CaseStatus
    T = today
    period_days, extensions = _clock_days(case_type)
    shorter = LOV_DAYS - period_days  # how much sooner than a lov's this clock runs out
    ext = (
        rng.choice(extensions)
        if status in (S.UNDER_REVIEW, S.REFERRAL, S.DECIDED) and rng.random() < 0.07
        else 0
    )
    if status is S.RECEIVED:  # mostly new; some waiting long enough to be near or past the deadline
        ago = rng.randint(0, 18) if rng.random() < 0.85 else rng.randint(55, 95) - shorter
        return Timeline(T - days(ago))
    if status is S.INCOMPLETE:
        if rng.random() < 0.7:  # asked within three weeks: the clock waits for the completion
            r = T - days(rng.randint(3, 75))
            return Timeline(r, requested=r + days(rng.randint(1, min(21, (T - r).days))))
        # asked late: the clock has run since receipt
        r = T - days(max(22, rng.randint(30, 110) - shorter))
        return Timeline(r, requested=r + days(rng.randint(22, min(45, (T - r).days))))

    if status in (S.DECIDED, S.CLOSED):
        decided = T - days(rng.randint(0, 40) if status is S.DECIDED else rng.randint(30, 110))
        limit = decided
        late = rng.random() < 0.12  # decided after the deadline: the fee is reduced
        elapsed = rng.randint(71, 100) - shorter if late else rng.randint(15, 69) * period_days // LOV_DAYS
        start = decided - days(elapsed + 7 * ext)
    else:
        limit = T
        bucket = rng.random()
        if bucket < 0.25:
            days_left = rng.randint(-45, -1)
        elif bucket < 0.45:
            days_left = rng.randint(0, 7)
        else:  # later, but not before the application came in
            days_left = 8 + (rng.randint(8, 66) - 8) * (period_days - 12) // (LOV_DAYS - 12)
        decided = None
        start = T + days(days_left - period_days - 7 * ext)

    tl = Timeline(start)
    path = rng.random()
    if path < 0.45:  # completion asked within three weeks; the clock started at completion
        tl.completed = tl.complete_on = start
        tl.received = start - days(rng.randint(8, 40))
        tl.requested = tl.received + days(rng.randint(1, min(21, (start - tl.received).days - 1)))
    elif path < 0.55 and (limit - start).days >= 30:  # asked late: the clock ran from receipt anyway
        tl.requested = start + days(rng.randint(22, 26))
        tl.completed = tl.complete_on = tl.requested + days(rng.randint(2, (limit - tl.requested).days))
    else:
        tl.complete_on = min(start + days(rng.randint(0, 5)), limit)

    if ext:
        first_deadline = start + days(period_days)
        tl.extension_weeks = ext
        # decided and notified before the first deadline has passed, or it would not count
        tl.extension_on = min(start + days(rng.randint(21, 63)), first_deadline - days(1), limit)
        tl.extension_on = max(tl.extension_on, tl.received)
    after = max(d for d in (tl.complete_on, tl.received) if d is not None)
    if status in (S.UNDER_REVIEW, S.REFERRAL, S.DECIDED, S.CLOSED):
        tl.review_on = min(after + days(rng.randint(0, 12)), limit)
    if status is S.REFERRAL or (status in (S.DECIDED, S.CLOSED) and rng.random() < 0.3):
        assert tl.review_on is not None
        tl.referral_on = min(tl.review_on + days(rng.randint(1, 10)), limit)
    if decided is not None:
        tl.decided = decided
        if status is S.CLOSED:
            tl.closed = min(decided + days(rng.randint(24, 30)), T)  # moved past finality by notices
    return tl


# Decisions published in PoIT (9 kap. 41 a § PBL) when granted: lov and förhandsbesked, not an anmälan's
# startbesked nor a strandskyddsdispens.
PUBLISHED_TYPES = frozenset(CaseType) - {CaseType.NOTIFICATION, CaseType.SHORE_EXEMPTION}


def notices(plan: CasePlan, parties: list[dict[str, Any]], today: dt.date) -> dt.date | None:
    """Set when each party was notified of the decision on the party rows; the day it was published in
    PoIT. A closed case has every party notified and its closing day on or after the day the decision
    became final; a decided one still waits for some notices. Drawn from a stream of the case's own, so
    the rest of the demo data stays as it was."""
    tl = plan.timeline
    for party in parties:
        party["notified_on"] = None
    if tl.decided is None or plan.outcome is None:
        return None
    rng = random.Random(f"caseworker-sandbox:notices:{plan.sub_seed}")
    closed = tl.closed is not None
    for party in parties:
        if closed:  # decided 30 days ago or more: every appeal period of a notice has run out by today
            party["notified_on"] = tl.decided + days(rng.randint(0, 2))
        else:
            day = tl.decided + days(rng.randint(1, 10))
            party["notified_on"] = day if day <= today and rng.random() < 0.75 else None
    published = None
    if plan.outcome is DecisionOutcome.GRANTED and plan.case_type in PUBLISHED_TYPES:
        day = tl.decided + days(rng.randint(1, 3) if closed else rng.randint(2, 8))
        final = final_on([], day)
        if (final is not None and final <= today) if closed else day <= today:
            published = day
    if tl.closed is not None:
        final = final_on([p["notified_on"] for p in parties], published)
        assert final is not None and final <= today
        tl.closed = max(tl.closed, final)
    return published


def _dismissed_timeline(rng: random.Random, status: CaseStatus, today: dt.date) -> Timeline:
    """Completion asked for, never given: the application is dismissed (avvisas, 9 kap. 22 § PBL)."""
    decided = today - days(rng.randint(0, 40) if status is CaseStatus.DECIDED else rng.randint(30, 120))
    requested = decided - days(rng.randint(24, 45))
    received = requested - days(rng.randint(3, 20))
    closed = min(decided + days(rng.randint(24, 30)), today) if status is CaseStatus.CLOSED else None
    return Timeline(received, requested=requested, decided=decided, closed=closed)


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _phone(rng: random.Random) -> str:
    return f"070-174 06 {rng.randint(5, 99):02d}"


def party_person(
    rng: random.Random, role: PartyRole, prop: DemoProperty, muni: MunicipalityProfile
) -> dict[str, Any]:
    first, last = person(rng)
    return {
        "role": role.value,
        "name": f"{first} {last}",
        "personal_number": fictional_personnummer(rng),
        "org_number": None,
        "street": prop.street,
        "postal_code": prop.postal_code,
        "city": muni.city,
        "email": f"{ascii_fold(first).lower()}.{ascii_fold(last).lower()}@mail.example",
        "phone": _phone(rng),
    }


def _applicant(
    rng: random.Random, case_type: CaseType, prop: DemoProperty, muni: MunicipalityProfile
) -> dict[str, Any]:
    company_share = (
        0.8 if case_type in (CaseType.NEW_BUILDING_APARTMENTS, CaseType.NEW_BUILDING_INDUSTRY) else 0.12
    )
    if rng.random() >= company_share:
        return party_person(rng, PartyRole.APPLICANT, prop, muni)
    _first, last = person(rng)
    name = rng.choice(
        (
            f"{muni.short} Bygg & Fastighet AB",
            f"Fastighets AB {prop.area}",
            f"{last}s Snickeri AB",
            f"Bostadsbolaget {muni.short}hem AB",
            f"{prop.area} Industri AB",
            f"{last} & {rng.choice(LAST_NAMES)} Förvaltning AB",
        )
    )
    slug = ascii_fold(name).lower().replace(" & ", "-").replace(" ", "")[:24]
    return {
        "role": PartyRole.APPLICANT.value,
        "name": name,
        "personal_number": None,
        "org_number": fictional_org_number(rng),
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
        "postal_code": f"{muni.postal_prefix} {rng.randint(30, 39)}",
        "city": muni.city,
        "email": f"info@{slug}.example",
        "phone": _phone(rng),
    }


def _description(rng: random.Random, case_type: CaseType, title: str, prop: DemoProperty) -> str:
    base = f"Ansökan avser {title[0].lower()}{title[1:]} på fastigheten {prop.designation}."
    T = CaseType
    if case_type in (T.NEW_BUILDING_HOUSE, T.NEW_BUILDING_APARTMENTS, T.NEW_BUILDING_INDUSTRY, T.EXTENSION):
        bya = rng.randint(15, 45) if case_type is T.EXTENSION else rng.randint(90, 1400)
        return (
            f"{base} Byggnadsarea {bya} m². Fasad av {rng.choice(FACADES)}, tak av {rng.choice(ROOFS)}. "
            f"Byggnaden uppförs i {rng.choice(('ett', 'ett och ett halvt', 'två', 'tre'))} plan. "
            "Anslutning till kommunalt vatten och avlopp."
        )
    if case_type is T.FACADE_CHANGE:
        colour = rng.choice(("röd", "grå", "vit", "gul"))
        return f"{base} Befintlig fasad ersätts med {rng.choice(FACADES)} i kulör {colour}."
    if case_type is T.DEMOLITION:
        return f"{base} Byggnaden är i dåligt skick. Rivningsavfallet sorteras och lämnas till återvinning."
    if case_type is T.SITE_PERMIT:
        change = f"{rng.randint(5, 15) / 10:.1f}".replace(".", ",")
        return f"{base} Marknivån ändras med högst {change} m."
    if case_type is T.PRELIMINARY:
        return f"{base} Avstyckning planeras; tomtstorlek ca {rng.randint(12, 30) * 100} m²."
    if case_type is T.SHORE_EXEMPTION:
        distance = rng.randint(8, 90)
        return f"{base} Avstånd till strandlinjen ca {distance} m. Allemansrättslig tillgång påverkas inte."
    return f"{base} Åtgärden om högst 30 m² byggnadsarea placeras minst 4,5 m från tomtgräns."


# --- the planner -----------------------------------------------------------------------------------


class Planner:
    """Plans the demo cases: properties, then each case's type, status, dates, people and fee.

    Draws from the seeder's streams in a fixed order (``rng`` for the data, ``ids`` for ids), so the same
    seed plans the same cases."""

    def __init__(self, rng: random.Random, ids: random.Random, today: dt.date, cases: int) -> None:
        self.rng, self.ids, self.today, self.n_cases = rng, ids, today, cases
        self.properties: dict[str, list[DemoProperty]] = {}
        self.by_area: dict[tuple[str, str], list[DemoProperty]] = {}
        self.used: list[DemoProperty] = []
        self.used_set: set[str] = set()

    def new_id(self, rng: random.Random | None = None) -> str:
        return new_id(rng or self.ids)

    def make_properties(self, muni: MunicipalityProfile, count: int) -> list[DemoProperty]:
        rng = self.rng
        seen: set[tuple[str, int, int]] = {key for m, key in _RESERVED_PROPERTIES if m == muni.id}
        props: list[DemoProperty] = []
        blocks = max(8, count // 200)
        while len(props) < count:
            key = (rng.choice(muni.areas), rng.randint(1, blocks), rng.randint(1, 40))
            if key in seen:
                continue
            seen.add(key)
            area, block, unit = key
            prop = DemoProperty(
                muni.id,
                f"{muni.short} {area} {block}:{unit}",
                area,
                block,
                unit,
                f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                f"{muni.postal_prefix} {rng.randint(30, 39)}",
                rng.randint(450, 2600),
            )
            roll = rng.random()
            if roll < 0.10 and unit > 1:  # split off a larger property: the mother property's name
                prop.formers.append(f"{muni.short} {area} {block}:{rng.randint(1, unit - 1)}")
                prop.changed.append(rng.randint(1975, 2012))
            if roll < 0.04 or 0.10 <= roll < 0.16:  # renamed in the 1971 reform or a later re-registration
                prop.formers.append(
                    f"{muni.short} {rng.choice(OLD_AREAS)} {rng.randint(1, 9)}:{rng.randint(1, 90)}"
                )
                prop.changed.append(
                    rng.randint(1960, min(prop.changed[0] - 1, 1974) if prop.changed else 1974)
                )
            props.append(prop)
            self.by_area.setdefault((muni.id, area), []).append(prop)
        return props

    def pick_property(self, muni: MunicipalityProfile) -> DemoProperty:
        # Mostly distinct properties; some have several cases (a new application years after the last).
        prop = self.rng.choice(self.properties[muni.id])
        if prop.designation not in self.used_set:
            self.used_set.add(prop.designation)
            self.used.append(prop)
        return prop

    def plan_cases(self) -> list[CasePlan]:
        rng = self.rng
        counts = {m: max(20, int(self.n_cases * w * 0.9)) for m, w in MUNICIPALITY_WEIGHTS.items()}
        for muni in MUNICIPALITIES:
            self.properties[muni.id] = self.make_properties(muni, counts[muni.id])
        plans: list[CasePlan] = []
        if self.n_cases >= 1:
            plans.append(self.plan_dense_case())
        types, statuses = list(CaseType), list(CaseStatus)
        for i in range(1, self.n_cases):
            # the first 70 cases cover every type × status pair; then the weights take over
            k = i - 1
            if k < len(types) * len(statuses):
                case_type, status = types[k % len(types)], statuses[k % len(statuses)]
            else:
                case_type, status = _weighted(rng, TYPE_WEIGHTS), _weighted(rng, STATUS_WEIGHTS)
            muni = MUNICIPALITY_BY_ID[_weighted(rng, MUNICIPALITY_WEIGHTS)]
            plan = self.plan_case(i, muni, case_type, status)
            if plan.assignee is None:
                plan.team_id = _waiting_with(plan)
            plans.append(plan)
        return plans

    def plan_case(
        self, index: int, muni: MunicipalityProfile, case_type: CaseType, status: CaseStatus
    ) -> CasePlan:
        rng = self.rng
        case_id = self.new_id()
        prop = self.pick_property(muni)
        title = rng.choice(TITLES[case_type])
        outcome: DecisionOutcome | None = None
        if status in (CaseStatus.DECIDED, CaseStatus.CLOSED):
            outcome = _weighted(
                rng,
                {
                    DecisionOutcome.GRANTED: 84,
                    DecisionOutcome.REFUSED: 8,
                    DecisionOutcome.DISMISSED: 4,
                    DecisionOutcome.WRITTEN_OFF: 4,
                },
            )
        if outcome is DecisionOutcome.DISMISSED:
            timeline = _dismissed_timeline(rng, status, self.today)
        else:
            timeline = _timeline(rng, status, self.today, case_type)
        assignee = self.pick_assignee(muni, status)
        team_id = assignee.team_id if assignee else next(t.id for t in TEAMS if muni.id in t.municipalities)
        low, high = FEES[case_type]
        fee = rng.randint(low, high)
        return CasePlan(
            index=index,
            id=case_id,
            sub_seed=rng.getrandbits(64),
            muni=muni,
            case_type=case_type,
            status=status,
            prop=prop,
            title=title,
            description=_description(rng, case_type, title, prop),
            assignee=assignee,
            team_id=team_id,
            timeline=timeline,
            fee=fee,
            outcome=outcome,
            applicant=_applicant(rng, case_type, prop, muni),
        )

    def plan_dense_case(self) -> CasePlan:
        muni = MUNICIPALITY_BY_ID["alvdala"]
        rng = random.Random("caseworker-sandbox:dense-a0")  # the same case whatever the seed
        (_muni, (area, block, unit)), *_ = _RESERVED_PROPERTIES
        prop = DemoProperty(
            muni.id, f"{muni.short} {area} {block}:{unit}", area, block, unit,
            street="Hamngatan 2", postal_code="686 31", area_m2=18_400,
            formers=[f"{muni.short} Bruket 1:14"], changed=[1994],
        )  # fmt: skip
        self.used_set.add(prop.designation)
        self.used.append(prop)
        received = self.today - days(DENSE_A0_RECEIVED_DAYS_AGO)
        timeline = Timeline(received, complete_on=received + days(1), review_on=received + days(3))
        applicant = {
            "role": PartyRole.APPLICANT.value,
            "name": "Älvdala Hamnbostäder AB",
            "personal_number": None,
            "org_number": fictional_org_number(rng),
            "street": "Hamngatan 2",
            "postal_code": "686 31",
            "city": muni.city,
            "email": "projekt@hamnbostader.example",
            "phone": "070-174 06 42",
        }
        return CasePlan(
            index=0,
            id=DENSE_A0_CASE_ID,
            sub_seed=rng.getrandbits(64),
            muni=muni,
            case_type=CaseType.NEW_BUILDING_APARTMENTS,
            status=CaseStatus.UNDER_REVIEW,
            prop=prop,
            title=DENSE_A0_CASE_TITLE,
            description=(
                "Ansökan avser nybyggnad av sex flerbostadshus med 360 lägenheter i kvarter Hamnen på "
                f"fastigheten {prop.designation}, i sex våningar kring en gemensam gård. Bifogad "
                "A0-sammanställning visar samtliga lägenhetsplaner. "
                "Byggnadsarea 6 200 m², bruttoarea 34 000 m²."
            ),
            assignee=ACCOUNT_BY_USERNAME["anna"],
            team_id="team-vast",
            timeline=timeline,
            fee=59_800,
            outcome=None,
            applicant=applicant,
            registration=dense_a0_registration(self.today),
        )

    def pick_assignee(self, muni: MunicipalityProfile, status: CaseStatus) -> Account | None:
        unassigned = 0.5 if status is CaseStatus.RECEIVED else 0.04
        if self.rng.random() < unassigned:
            return None
        pool = [a for a in ACCOUNTS if CW in a.roles and muni.id in a.municipalities]
        return self.rng.choices(pool, weights=[a.case_weight for a in pool])[0]

    def assign_registrations(self, plans: list[CasePlan]) -> None:
        """Serial numbers run in order of receipt, per municipality and year (as in a real diary)."""
        counters: dict[tuple[str, int], int] = {}
        for plan in sorted(plans, key=lambda p: (p.timeline.received, p.index)):
            if plan.registration:
                continue
            key = (plan.muni.registration_prefix, plan.timeline.received.year)
            if key not in counters:
                counters[key] = self.rng.randint(20, 140)  # the diary also holds other kinds of matters
            counters[key] += 1
            plan.registration = f"{key[0]} {key[1]}-{counters[key]:06d}"
