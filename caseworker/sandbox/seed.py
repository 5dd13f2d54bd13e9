"""Deterministic demo data for the sandbox platform.

``seed_if_empty`` fills an empty database: three fictional municipalities with their profiles and logos,
teams, demo accounts (password ``demo``), building-permit cases in every type and status with parties,
events and documents (application forms, vector drawings with revisions, one very dense A0 sheet), an
e-archive of older records with scanned TIFF drawings, and a few markups.

Every random choice comes from ``random.Random`` streams derived from the seed, so the same seed gives the
same ids, registration numbers and structure. Dates are laid out relative to today, so the deadlines stay
interesting (overdue, due soon, later) whenever a sandbox is started. Document bytes are shared between
cases through the content-addressed blob table, which keeps 50 000 cases fast.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from caseworker.domain.appeals import final_on
from caseworker.domain.clock import compute, statutory_period
from caseworker.domain.models import (
    CaseStatus,
    CaseType,
    DeadlineFacts,
    DecisionOutcome,
    DocumentKind,
    EventKind,
    PartyRole,
    Role,
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

DEMO_PASSWORD = "demo"  # noqa: S105 - every demo account's password, fixed by the platform contract
PERSONALISED_APPLICATIONS = 300  # beyond this many cases, one generic application form is shared
CHUNK_ROWS = 5000

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


# --- identity numbers ------------------------------------------------------------------------------


def luhn_digit(digits: str) -> int:
    """The Luhn check digit over the given digits (as Skatteverket computes it over YYMMDDNNN)."""
    total = 0
    for i, ch in enumerate(digits):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return (10 - total % 10) % 10


def luhn_valid(number: str) -> bool:
    """Whether a personnummer or organisationsnummer (10 or 12 digits, separators allowed) passes Luhn."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 12:
        digits = digits[2:]
    return len(digits) == 10 and luhn_digit(digits[:9]) == int(digits[9])


def _wrong_check(nine: str, rng: random.Random) -> str:
    # Deliberately a WRONG Luhn check digit: such a number can never belong to a real person or company.
    right = luhn_digit(nine)
    return str((right + rng.randint(1, 9)) % 10)


def fictional_personnummer(rng: random.Random) -> str:
    birth = dt.date(1938, 1, 1) + dt.timedelta(days=rng.randint(0, 63 * 365))
    serial = f"{rng.randint(1, 999):03d}"
    nine = birth.strftime("%y%m%d") + serial
    return f"{birth:%Y%m%d}-{serial}{_wrong_check(nine, rng)}"


def fictional_org_number(rng: random.Random, first: str = "55") -> str:
    """An organisation number (55… companies, 71… joint property associations) with a wrong check digit."""
    nine = first + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(first)))
    return f"{nine[:6]}-{nine[6:]}{_wrong_check(nine, rng)}"


# --- fixed profiles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityProfile:
    id: str
    name: str
    short: str
    committee: str
    org_number: str
    street: str
    postal_code: str
    city: str
    postal_prefix: str
    phone: str
    primary_color: str
    secondary_color: str
    figure: str
    appeal_body: str
    registration_prefix: str
    fee_schedule: str
    areas: tuple[str, ...]

    @property
    def domain(self) -> str:
        return f"{self.id}.example"

    @property
    def email(self) -> str:
        return f"bygglov@{self.domain}"

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"

    @property
    def footer(self) -> str:
        return (
            f"{self.name} · {self.committee} · {self.street}, {self.postal_code} {self.city} · "
            f"Tel {self.phone} · {self.email} · {self.website.removeprefix('https://')} · "
            f"Org.nr {self.org_number}"
        )


# Org numbers in the municipal 212000- series with a wrong Luhn check digit (never a real municipality);
# phone numbers from the 070-174 06 xx series that PTS sets aside for use in fiction.
MUNICIPALITIES: tuple[MunicipalityProfile, ...] = (
    MunicipalityProfile(
        "alvdala", "Älvdala kommun", "Älvdala", "Miljö- och byggnämnden", "212000-1787",
        "Storgatan 12", "686 80", "Älvdala", "686", "070-174 06 10", "#2e6b3a", "#d4a62a", "tree",
        "Länsstyrelsen i Värmlands län", "BYGG", "Taxa för byggnadsnämndens verksamhet i Älvdala kommun",
        ("Björken", "Älgen", "Forsen", "Kvarnen", "Sågen", "Tallmon", "Hamnen", "Lärkan", "Rönnen",
         "Bruket", "Ängen", "Prästgården"),
    ),
    MunicipalityProfile(
        "norrsjo", "Norrsjö kommun", "Norrsjö", "Samhällsbyggnadsnämnden", "212000-1824",
        "Sjövägen 3", "680 60", "Norrsjö", "680", "070-174 06 20", "#9b2226", "#f1f1f1", "mountain",
        "Länsstyrelsen i Värmlands län", "SBN", "Plan- och bygglovstaxa för Norrsjö kommun",
        ("Sjöliden", "Granen", "Fjället", "Myren", "Laxen", "Norrby", "Strandängen", "Bäcken", "Tjädern",
         "Vassen", "Näset", "Kullen"),
    ),
    MunicipalityProfile(
        "vanerby", "Vänerby kommun", "Vänerby", "Bygg- och miljönämnden", "212000-1949",
        "Hamngatan 1", "665 80", "Vänerby", "665", "070-174 06 30", "#1d4e89", "#f4f4f4", "waves",
        "Länsstyrelsen i Västra Götalands län", "BMN", "Taxa för bygg- och miljönämndens verksamhet, Vänerby",
        ("Vänerstrand", "Måsen", "Fyren", "Skeppet", "Ekudden", "Viken", "Hamnen", "Seglet", "Linden",
         "Gäddan", "Åsen", "Holmen"),
    ),
)  # fmt: skip
MUNICIPALITY_BY_ID = {m.id: m for m in MUNICIPALITIES}


@dataclass(frozen=True)
class TeamProfile:
    id: str
    name: str
    municipalities: tuple[str, ...]


TEAMS: tuple[TeamProfile, ...] = (
    TeamProfile("team-vast", "Gemensamma bygglovsenheten Älvdala–Norrsjö", ("alvdala", "norrsjo")),
    TeamProfile("team-vanerby", "Bygglovsenheten Vänerby", ("vanerby",)),
    # Another team in the same municipalities, without demo accounts: its cases are in "Alla", not in
    # team-vast's "Teamets ärenden".
    TeamProfile("team-tillsyn", "Tillsyns- och strandskyddsgruppen Älvdala–Norrsjö", ("alvdala", "norrsjo")),
)


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    title: str
    roles: tuple[Role, ...]
    municipalities: tuple[str, ...]
    team_id: str | None
    absent_days: int | None = None  # absent until today + this many days
    case_weight: float = 1.0  # share of the cases this account is given as assignee

    @property
    def id(self) -> str:
        return f"user-{self.username}"

    @property
    def email(self) -> str:
        first, last = _ascii(self.display_name).lower().split(" ", 1)
        return f"{first}.{last.replace(' ', '')}@{MUNICIPALITY_BY_ID[self.municipalities[0]].domain}"


CW, INSP, LEAD = Role.CASEWORKER, Role.INSPECTOR, Role.TEAM_LEAD
ACCOUNTS: tuple[Account, ...] = (
    Account("anna", "Anna Lindqvist", "Bygglovshandläggare", (CW,), ("alvdala", "norrsjo"), "team-vast"),
    Account("erik", "Erik Sandberg", "Bygglovshandläggare", (CW,), ("alvdala", "norrsjo"), "team-vast"),
    Account("lina", "Lina Forsberg", "Bygglovshandläggare", (CW,), ("alvdala", "norrsjo"), "team-vast", 18),
    Account("reza", "Reza Karimi", "Bygglovshandläggare", (CW,), ("norrsjo",), "team-vast"),
    Account("sara", "Sara Holm", "Bygglovshandläggare", (CW,), ("vanerby",), "team-vanerby"),
    Account("nils", "Nils Ekström", "Bygglovshandläggare", (CW,), ("vanerby",), "team-vanerby"),
    Account("karin", "Karin Björk", "Byggnadsinspektör", (INSP,), ("alvdala", "norrsjo"), "team-vast"),
    Account("olof", "Olof Nyberg", "Byggnadsinspektör", (INSP,), ("vanerby",), "team-vanerby"),
    Account(
        "petra", "Petra Lund", "Byggnadsinspektör (konsult)", (INSP,), ("alvdala", "norrsjo", "vanerby"), None
    ),
    Account("maria", "Maria Engström", "Enhetschef bygglov", (LEAD,), ("alvdala", "norrsjo"), "team-vast"),
    Account(
        "johan",
        "Johan Wallin",
        "Gruppledare bygglov",
        (LEAD, CW),
        ("vanerby",),
        "team-vanerby",
        case_weight=0.3,
    ),
)
ACCOUNT_BY_USERNAME = {a.username: a for a in ACCOUNTS}
TEAM_LEAD_OF = {a.team_id: a for a in ACCOUNTS if LEAD in a.roles}


def _ascii(text: str) -> str:
    return text.translate(str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE"))


# --- vocabularies ----------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anders", "Birgitta", "Carl", "Dagny", "Einar", "Frida", "Gustav", "Hanna", "Ingrid", "Jonas", "Karl",
    "Linnea", "Magnus", "Nora", "Oskar", "Pia", "Rasmus", "Signe", "Tove", "Ulf", "Vera", "Wilhelm",
    "Yvonne", "Åsa", "Elsa", "Hugo", "Maja", "Leo", "Greta", "Arvid", "Ebba", "Sven", "Astrid", "Bengt",
    "Malin", "Per", "Karolina", "Mohammed", "Leila", "Jussi",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Berglund", "Dahl", "Eklund", "Fors", "Gustafsson", "Hedlund", "Isaksson", "Jansson",
    "Knutsson", "Larsson", "Lindgren", "Lundberg", "Magnusson", "Nilsson", "Olsson", "Persson",
    "Rosén", "Sjöberg", "Strand", "Svensson", "Törnqvist", "Wikström", "Åberg", "Öberg", "Holmberg",
    "Nordin", "Bergström", "Hassan", "Virtanen",
)  # fmt: skip
STREETS = (
    "Storgatan", "Kyrkvägen", "Björkvägen", "Skolgatan", "Ängsvägen", "Sjövägen", "Industrivägen",
    "Hamngatan", "Stationsgatan", "Tallstigen", "Älvvägen", "Bruksgatan", "Granvägen", "Backvägen",
)  # fmt: skip
OLD_AREAS = ("Gården", "Bymarken", "Prästbolet", "Storskiftet", "Utmarken", "Kronoparken")

TITLES: dict[CaseType, tuple[str, ...]] = {
    CaseType.NEW_BUILDING_HOUSE: (
        "Nybyggnad av enbostadshus", "Nybyggnad av enbostadshus och garage",
        "Nybyggnad av enbostadshus med carport", "Nybyggnad av fritidshus",
    ),
    CaseType.NEW_BUILDING_APARTMENTS: (
        "Nybyggnad av flerbostadshus, 24 lägenheter", "Nybyggnad av två flerbostadshus med miljöhus",
        "Nybyggnad av radhus, 6 bostäder", "Nybyggnad av flerbostadshus med lokal i bottenvåningen",
    ),
    CaseType.NEW_BUILDING_INDUSTRY: (
        "Nybyggnad av industribyggnad", "Nybyggnad av lagerbyggnad", "Nybyggnad av verkstadsbyggnad",
        "Nybyggnad av kall förrådsbyggnad",
    ),
    CaseType.EXTENSION: (
        "Tillbyggnad av enbostadshus", "Tillbyggnad av enbostadshus med uterum",
        "Tillbyggnad av garage", "Tillbyggnad av industribyggnad med kontorsdel",
    ),
    CaseType.FACADE_CHANGE: (
        "Fasadändring, byte av fasadmaterial", "Fasadändring, nya fönster och ny entré",
        "Fasadändring, ändrad fasadkulör", "Fasadändring, inglasning av balkonger",
    ),
    CaseType.DEMOLITION: (
        "Rivning av ekonomibyggnad", "Rivning av enbostadshus", "Rivning av industribyggnad",
        "Rivning av garage",
    ),
    CaseType.SITE_PERMIT: (
        "Marklov för schaktning", "Marklov för utfyllnad", "Marklov för fällning av träd",
        "Marklov för anläggande av parkering",
    ),
    CaseType.PRELIMINARY: (
        "Förhandsbesked för nybyggnad av enbostadshus", "Förhandsbesked för två enbostadshus",
        "Förhandsbesked för nybyggnad av fritidshus",
    ),
    CaseType.SHORE_EXEMPTION: (
        "Strandskyddsdispens för brygga", "Strandskyddsdispens för komplementbyggnad",
        "Strandskyddsdispens för bastu", "Strandskyddsdispens för nybyggnad av enbostadshus",
    ),
    CaseType.NOTIFICATION: (
        "Anmälan om attefallshus", "Anmälan om attefallstillbyggnad", "Anmälan om två takkupor",
        "Anmälan om inredning av ytterligare bostad",
    ),
}  # fmt: skip

HEADINGS: dict[CaseType, str] = {
    CaseType.DEMOLITION: "Ansökan om rivningslov",
    CaseType.SITE_PERMIT: "Ansökan om marklov",
    CaseType.PRELIMINARY: "Ansökan om förhandsbesked",
    CaseType.SHORE_EXEMPTION: "Ansökan om strandskyddsdispens",
    CaseType.NOTIFICATION: "Anmälan om attefallsåtgärd",
}

# Which drawings (keys of assets.DRAWINGS) an application of each type comes with.
DRAWING_SETS: dict[CaseType, tuple[str, ...]] = {
    CaseType.NEW_BUILDING_HOUSE: ("site", "map", "plan", "facade", "section"),
    CaseType.NEW_BUILDING_APARTMENTS: ("site", "map", "plan", "facade", "section", "structure"),
    CaseType.NEW_BUILDING_INDUSTRY: ("site", "plan", "facade", "structure"),
    CaseType.EXTENSION: ("site", "plan", "facade"),
    CaseType.FACADE_CHANGE: ("facade",),
    CaseType.DEMOLITION: ("site",),
    CaseType.SITE_PERMIT: ("site",),
    CaseType.PRELIMINARY: ("site",),
    CaseType.SHORE_EXEMPTION: ("site",),
    CaseType.NOTIFICATION: ("site", "plan", "facade"),
}

FEES: dict[CaseType, tuple[int, int]] = {
    CaseType.NEW_BUILDING_HOUSE: (18_000, 34_000),
    CaseType.NEW_BUILDING_APARTMENTS: (38_000, 60_000),
    CaseType.NEW_BUILDING_INDUSTRY: (28_000, 58_000),
    CaseType.EXTENSION: (8_000, 16_000),
    CaseType.FACADE_CHANGE: (5_000, 9_500),
    CaseType.DEMOLITION: (5_000, 8_500),
    CaseType.SITE_PERMIT: (6_000, 12_000),
    CaseType.PRELIMINARY: (8_000, 14_000),
    CaseType.SHORE_EXEMPTION: (7_000, 12_500),
    CaseType.NOTIFICATION: (5_000, 8_000),
}
FEE_TABLES: dict[CaseType, str] = {
    CaseType.NOTIFICATION: "tabell 5 (anmälan)",
    CaseType.DEMOLITION: "tabell 4 (rivningslov)",
    CaseType.SITE_PERMIT: "tabell 4 (marklov)",
    CaseType.PRELIMINARY: "tabell 2 (förhandsbesked)",
    CaseType.SHORE_EXEMPTION: "tabell 7 (strandskydd)",
}

LEGAL_GROUNDS: dict[CaseType, tuple[str, ...]] = {
    CaseType.DEMOLITION: ("9 kap. 34 § PBL",),
    CaseType.SITE_PERMIT: ("9 kap. 35 § PBL",),
    CaseType.PRELIMINARY: ("9 kap. 17 § PBL",),
    CaseType.SHORE_EXEMPTION: ("7 kap. 18 b § miljöbalken",),
    CaseType.NOTIFICATION: ("10 kap. 23 § PBL",),
}
BUILDING_GROUNDS = ("9 kap. 30 § PBL", "9 kap. 31 § PBL")

STATUS_WEIGHTS: dict[CaseStatus, float] = {
    CaseStatus.RECEIVED: 10,
    CaseStatus.INCOMPLETE: 15,
    CaseStatus.COMPLETE: 10,
    CaseStatus.UNDER_REVIEW: 28,
    CaseStatus.REFERRAL: 9,
    CaseStatus.DECIDED: 16,
    CaseStatus.CLOSED: 12,
}
TYPE_WEIGHTS: dict[CaseType, float] = {
    CaseType.NEW_BUILDING_HOUSE: 18,
    CaseType.NEW_BUILDING_APARTMENTS: 5,
    CaseType.NEW_BUILDING_INDUSTRY: 5,
    CaseType.EXTENSION: 16,
    CaseType.FACADE_CHANGE: 10,
    CaseType.DEMOLITION: 6,
    CaseType.SITE_PERMIT: 6,
    CaseType.PRELIMINARY: 8,
    CaseType.SHORE_EXEMPTION: 8,
    CaseType.NOTIFICATION: 18,
}
MUNICIPALITY_WEIGHTS = {"alvdala": 0.4, "norrsjo": 0.25, "vanerby": 0.35}

# What a completion request may ask for, and the drawing it concerns (None: asked of any application).
COMPLETION_ITEMS: tuple[tuple[str, str | None], ...] = (
    ("fasadritningar i skala 1:100 som visar samtliga fasader", "facade"),
    ("situationsplan på nybyggnadskarta med avstånd till tomtgräns", "site"),
    ("sektionsritning med rumshöjder och taklutning", "section"),
    ("planritning med måttsättning och rumsbeteckningar", "plan"),
    ("uppgift om kontrollansvarig med certifiering", None),
    ("fullmakt för ombudet att företräda sökanden", None),
    ("redovisning av dagvattenhantering på tomten", None),
)
NOTES = (
    "Platsbesök genomfört. Inga anmärkningar på placeringen.",
    "Kontaktat sökanden per telefon om garagets placering; ny situationsplan utlovad.",
    "Liten avvikelse från detaljplanen: byggnaden placeras 0,4 m in på prickmark. Bedöms förenlig med "
    "planens syfte.",
    "Grannar underrättade enligt 9 kap. 25 § PBL, svarstid 14 dagar.",
    "Åtgärden ligger utanför detaljplanelagt område; prövning enligt 9 kap. 31 § PBL.",
    "Inga synpunkter inkomna från grannar under svarstiden.",
    "Kontrollerat mot översiktsplanen: området är utpekat för bostäder.",
    "Sökanden har frågat om handläggningstiden; informerat om tidsfristen.",
    "Samråd med kommunantikvarien: inga kulturhistoriska hinder.",
    "VA-enheten bekräftar att anslutning till kommunalt vatten och avlopp är möjlig.",
)  # fmt: skip
REFERRAL_BODIES = (
    "Trafikverket", "Lantmäteriet", "Räddningstjänsten", "Miljö- och hälsoskyddsenheten",
    "Kommunens VA-enhet", "Kommunantikvarien",
)  # fmt: skip
EXTENSION_REASONS = (
    "Ärendet är särskilt komplicerat: åtgärden avviker från detaljplanen och sakägare behöver höras.",
    "Omfattande remissförfarande med Trafikverket och länsstyrelsen.",
    "Åtgärden kräver en fördjupad bedömning av byggnadens kulturhistoriska värde (8 kap. 13 § PBL).",
    "Geoteknisk utredning behövs innan ansökan kan prövas.",
)
FACADES = ("stående träpanel", "liggande träpanel", "puts", "tegel", "fibercementskivor")
ROOFS = ("betongpannor", "lertegel", "bandtäckt plåt", "papp")
ARCHIVE_TITLES = (
    "nybyggnad av bostadshus", "uppförande av garage", "tillbyggnad av bostadshus", "uppförande av uthus",
    "ombyggnad av ekonomibyggnad", "uppförande av carport", "inredning av vind",
)  # fmt: skip


# --- the plan of one case --------------------------------------------------------------------------


@dataclass(slots=True)
class _Property:
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
class _Timeline:
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
class _Plan:
    index: int
    id: str
    sub_seed: int
    muni: MunicipalityProfile
    case_type: CaseType
    status: CaseStatus
    prop: _Property
    title: str
    description: str
    assignee: Account | None
    team_id: str | None
    timeline: _Timeline
    fee: int
    outcome: DecisionOutcome | None
    applicant: dict[str, Any]
    registration: str = ""


def _waiting_with(plan: _Plan) -> str | None:
    """The team an unassigned case waits with: a third each with the municipality's own team, with another
    team serving the municipality (where there is one), and with none yet (not routed). Decided by the
    case's own sub-seed, so the rest of the demo data stays as it was."""
    teams = [t.id for t in TEAMS if plan.muni.id in t.municipalities]
    share = plan.sub_seed % 3
    if share == 1:
        return None
    return teams[-1] if share == 2 else teams[0]


def _days(n: int) -> dt.timedelta:
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


def _timeline(rng: random.Random, status: CaseStatus, today: dt.date, case_type: CaseType) -> _Timeline:
    """Dates consistent with the status; open cases with a deadline spread over overdue, due within a week
    and later, on the case type's own clock (10 weeks for a lov, 4 for an anmälan)."""
    S = CaseStatus
    T = today
    days, extensions = _clock_days(case_type)
    shorter = LOV_DAYS - days  # how much sooner than a lov's this clock runs out
    ext = (
        rng.choice(extensions)
        if status in (S.UNDER_REVIEW, S.REFERRAL, S.DECIDED) and rng.random() < 0.07
        else 0
    )
    if status is S.RECEIVED:  # mostly new; some waiting long enough to be near or past the deadline
        ago = rng.randint(0, 18) if rng.random() < 0.85 else rng.randint(55, 95) - shorter
        return _Timeline(T - _days(ago))
    if status is S.INCOMPLETE:
        if rng.random() < 0.7:  # asked within three weeks: the clock waits for the completion
            r = T - _days(rng.randint(3, 75))
            return _Timeline(r, requested=r + _days(rng.randint(1, min(21, (T - r).days))))
        # asked late: the clock has run since receipt
        r = T - _days(max(22, rng.randint(30, 110) - shorter))
        return _Timeline(r, requested=r + _days(rng.randint(22, min(45, (T - r).days))))

    if status in (S.DECIDED, S.CLOSED):
        decided = T - _days(rng.randint(0, 40) if status is S.DECIDED else rng.randint(30, 110))
        limit = decided
        late = rng.random() < 0.12  # decided after the deadline: the fee is reduced
        elapsed = rng.randint(71, 100) - shorter if late else rng.randint(15, 69) * days // LOV_DAYS
        start = decided - _days(elapsed + 7 * ext)
    else:
        limit = T
        bucket = rng.random()
        if bucket < 0.25:
            days_left = rng.randint(-45, -1)
        elif bucket < 0.45:
            days_left = rng.randint(0, 7)
        else:  # later, but not before the application came in
            days_left = 8 + (rng.randint(8, 66) - 8) * (days - 12) // (LOV_DAYS - 12)
        decided = None
        start = T + _days(days_left - days - 7 * ext)

    tl = _Timeline(start)
    path = rng.random()
    if path < 0.45:  # completion asked within three weeks; the clock started at completion
        tl.completed = tl.complete_on = start
        tl.received = start - _days(rng.randint(8, 40))
        tl.requested = tl.received + _days(rng.randint(1, min(21, (start - tl.received).days - 1)))
    elif path < 0.55 and (limit - start).days >= 30:  # asked late: the clock ran from receipt anyway
        tl.requested = start + _days(rng.randint(22, 26))
        tl.completed = tl.complete_on = tl.requested + _days(rng.randint(2, (limit - tl.requested).days))
    else:
        tl.complete_on = min(start + _days(rng.randint(0, 5)), limit)

    if ext:
        first_deadline = start + _days(days)
        tl.extension_weeks = ext
        # decided and notified before the first deadline has passed, or it would not count
        tl.extension_on = min(start + _days(rng.randint(21, 63)), first_deadline - _days(1), limit)
        tl.extension_on = max(tl.extension_on, tl.received)
    after = max(d for d in (tl.complete_on, tl.received) if d is not None)
    if status in (S.UNDER_REVIEW, S.REFERRAL, S.DECIDED, S.CLOSED):
        tl.review_on = min(after + _days(rng.randint(0, 12)), limit)
    if status is S.REFERRAL or (status in (S.DECIDED, S.CLOSED) and rng.random() < 0.3):
        assert tl.review_on is not None
        tl.referral_on = min(tl.review_on + _days(rng.randint(1, 10)), limit)
    if decided is not None:
        tl.decided = decided
        if status is S.CLOSED:
            tl.closed = min(decided + _days(rng.randint(24, 30)), T)  # moved past finality by _notices
    return tl


# Decisions published in PoIT (9 kap. 41 a § PBL) when granted: lov and förhandsbesked, not an anmälan's
# startbesked nor a strandskyddsdispens.
PUBLISHED_TYPES = frozenset(CaseType) - {CaseType.NOTIFICATION, CaseType.SHORE_EXEMPTION}


def _notices(plan: _Plan, parties: list[dict[str, Any]], today: dt.date) -> dt.date | None:
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
            party["notified_on"] = tl.decided + _days(rng.randint(0, 2))
        else:
            day = tl.decided + _days(rng.randint(1, 10))
            party["notified_on"] = day if day <= today and rng.random() < 0.75 else None
    published = None
    if plan.outcome is DecisionOutcome.GRANTED and plan.case_type in PUBLISHED_TYPES:
        day = tl.decided + _days(rng.randint(1, 3) if closed else rng.randint(2, 8))
        final = final_on([], day)
        if (final is not None and final <= today) if closed else day <= today:
            published = day
    if tl.closed is not None:
        final = final_on([p["notified_on"] for p in parties], published)
        assert final is not None and final <= today
        tl.closed = max(tl.closed, final)
    return published


def _dismissed_timeline(rng: random.Random, status: CaseStatus, today: dt.date) -> _Timeline:
    """Completion asked for, never given: the application is dismissed (avvisas, 9 kap. 22 § PBL)."""
    decided = today - _days(rng.randint(0, 40) if status is CaseStatus.DECIDED else rng.randint(30, 120))
    requested = decided - _days(rng.randint(24, 45))
    received = requested - _days(rng.randint(3, 20))
    closed = min(decided + _days(rng.randint(24, 30)), today) if status is CaseStatus.CLOSED else None
    return _Timeline(received, requested=requested, decided=decided, closed=closed)


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _phone(rng: random.Random) -> str:
    return f"070-174 06 {rng.randint(5, 99):02d}"


def _party_person(
    rng: random.Random, role: PartyRole, prop: _Property, muni: MunicipalityProfile
) -> dict[str, Any]:
    first, last = _person(rng)
    return {
        "role": role.value,
        "name": f"{first} {last}",
        "personal_number": fictional_personnummer(rng),
        "org_number": None,
        "street": prop.street,
        "postal_code": prop.postal_code,
        "city": muni.city,
        "email": f"{_ascii(first).lower()}.{_ascii(last).lower()}@mail.example",
        "phone": _phone(rng),
    }


def _applicant(
    rng: random.Random, case_type: CaseType, prop: _Property, muni: MunicipalityProfile
) -> dict[str, Any]:
    company_share = (
        0.8 if case_type in (CaseType.NEW_BUILDING_APARTMENTS, CaseType.NEW_BUILDING_INDUSTRY) else 0.12
    )
    if rng.random() >= company_share:
        return _party_person(rng, PartyRole.APPLICANT, prop, muni)
    _first, last = _person(rng)
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
    slug = _ascii(name).lower().replace(" & ", "-").replace(" ", "")[:24]
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


def _description(rng: random.Random, case_type: CaseType, title: str, prop: _Property) -> str:
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


# --- the seeder ------------------------------------------------------------------------------------


class _Writer:
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


def _application_asset(plan: _Plan, personalised: bool, docs: _Docs) -> assets.Asset:
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


# Properties of hand-made cases, kept out of the random pool: (municipality, (area, block, unit)).
_RESERVED_PROPERTIES: tuple[tuple[str, tuple[str, int, int]], ...] = (("alvdala", ("Hamnen", 1, 1)),)


class _Seeder:
    def __init__(self, session: Session, seed: int, cases: int, today: dt.date, now: dt.datetime) -> None:
        self.session, self.seed, self.n_cases, self.today, self.now = session, seed, cases, today, now
        self.rng = random.Random(f"caseworker-sandbox:{seed}:data")
        self.ids = random.Random(f"caseworker-sandbox:{seed}:ids")  # own stream: ids stay put if data changes
        self.writer = _Writer(session)
        self.properties: dict[str, list[_Property]] = {}
        self.by_area: dict[tuple[str, str], list[_Property]] = {}
        self.used: list[_Property] = []
        self.used_set: set[str] = set()
        self.first_plan_rev2: dict[str, Any] | None = None
        self.dense_doc: dict[str, Any] | None = None

    def new_id(self, rng: random.Random | None = None) -> str:
        return uuid.UUID(int=(rng or self.ids).getrandbits(128), version=4).hex

    def run(self) -> None:
        self.write_reference_data()
        plans = self.plan_cases()
        self.assign_registrations(plans)
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
                    "absent_until": None if a.absent_days is None else self.today + _days(a.absent_days),
                }
                for a in ACCOUNTS
            ],
        )

    # properties

    def make_properties(self, muni: MunicipalityProfile, count: int) -> list[_Property]:
        rng = self.rng
        seen: set[tuple[str, int, int]] = {key for m, key in _RESERVED_PROPERTIES if m == muni.id}
        props: list[_Property] = []
        blocks = max(8, count // 200)
        while len(props) < count:
            key = (rng.choice(muni.areas), rng.randint(1, blocks), rng.randint(1, 40))
            if key in seen:
                continue
            seen.add(key)
            area, block, unit = key
            prop = _Property(
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

    def pick_property(self, muni: MunicipalityProfile) -> _Property:
        # Mostly distinct properties; some have several cases (a new application years after the last).
        prop = self.rng.choice(self.properties[muni.id])
        if prop.designation not in self.used_set:
            self.used_set.add(prop.designation)
            self.used.append(prop)
        return prop

    # cases

    def plan_cases(self) -> list[_Plan]:
        rng = self.rng
        counts = {m: max(20, int(self.n_cases * w * 0.9)) for m, w in MUNICIPALITY_WEIGHTS.items()}
        for muni in MUNICIPALITIES:
            self.properties[muni.id] = self.make_properties(muni, counts[muni.id])
        plans: list[_Plan] = []
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
    ) -> _Plan:
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
        return _Plan(
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

    def plan_dense_case(self) -> _Plan:
        muni = MUNICIPALITY_BY_ID["alvdala"]
        rng = random.Random("caseworker-sandbox:dense-a0")  # the same case whatever the seed
        (_muni, (area, block, unit)), *_ = _RESERVED_PROPERTIES
        prop = _Property(
            muni.id, f"{muni.short} {area} {block}:{unit}", area, block, unit,
            street="Hamngatan 2", postal_code="686 31", area_m2=18_400,
            formers=[f"{muni.short} Bruket 1:14"], changed=[1994],
        )  # fmt: skip
        self.used_set.add(prop.designation)
        self.used.append(prop)
        received = self.today - _days(DENSE_A0_RECEIVED_DAYS_AGO)
        timeline = _Timeline(received, complete_on=received + _days(1), review_on=received + _days(3))
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
        return _Plan(
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

    def assign_registrations(self, plans: list[_Plan]) -> None:
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

    # one case with its parties, documents and events

    def times(self, rng: random.Random, day: dt.date, n: int) -> list[dt.datetime]:
        """``n`` increasing moments in office hours of ``day`` (UTC), never later than now."""
        start = dt.datetime.combine(day, dt.time(7, 0), dt.UTC)
        end = min(start + dt.timedelta(hours=9), self.now - dt.timedelta(minutes=1))
        if end - start < dt.timedelta(minutes=n + 1):
            start = end - dt.timedelta(minutes=n + 1)
        span = int((end - start).total_seconds())
        return [start + dt.timedelta(seconds=s) for s in sorted(rng.sample(range(span), n))]

    def write_case(self, plan: _Plan, docs: _Docs) -> None:
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
        neighbours = self.by_area.get((muni_id, plan.prop.area), [])
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            near = rng.choice(neighbours) if neighbours else plan.prop
            parties.append(_party_person(rng, PartyRole.NEIGHBOUR, near, plan.muni))
        if rng.random() < 0.15:
            parties.append(
                {
                    "role": PartyRole.AFFECTED_PARTY.value,
                    "name": f"{plan.prop.area} Vägsamfällighetsförening",
                    "personal_number": None,
                    "org_number": fictional_org_number(rng, "71"),
                    "street": f"c/o {' '.join(_person(rng))}, {rng.choice(STREETS)} {rng.randint(1, 40)}",
                    "postal_code": plan.prop.postal_code,
                    "city": plan.muni.city,
                    "email": None,
                    "phone": None,
                }
            )
        party_rows = [{"id": self.new_id(rng), "case_id": plan.id, **party} for party in parties]
        case_row["decision_published_on"] = _notices(plan, party_rows, self.today)
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
        plan: _Plan,
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
            day = min(tl.received + _days(rng.randint(0, 2)), tl.requested or tl.complete_on or self.today)
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
            reply_by = tl.requested + _days(21)
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
                    day = tl.review_on + _days(rng.randint(0, max(0, (last - tl.review_on).days)))
                    event(EventKind.NOTE, day, officer, rng.choice(NOTES), {})
        if tl.referral_on:
            body = rng.choice(REFERRAL_BODIES)
            status(tl.referral_on, S.REFERRAL, officer, f"Remiss skickad till {body}.", referral_to=body)
            if tl.decided:
                answered = min(tl.referral_on + _days(rng.randint(5, 20)), tl.decided)
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

    def decision(self, plan: _Plan, rng: random.Random) -> tuple[str, dict[str, Any]]:
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
        self, plan: _Plan, docs: _Docs, rng: random.Random, received_at: dt.datetime
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
                    filename=f"{spec.number}_{_slug(spec.title)}_rev_{letter}.pdf",
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
        for prop in self.used:
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
                            "filename": f"{_slug(regnr)}_{k + 1}.tif",
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
                    "author_id": karin,
                    "created_at": at,
                    "updated_at": at,
                },
            )


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "_" for ch in _ascii(text).lower())
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
        _Seeder(session, seed, cases, today, now).run()
    return True
