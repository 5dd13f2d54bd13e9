"""The fixed demo organisation: municipalities with their profiles, teams and accounts."""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.domain.models import Role


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
        first, last = ascii_fold(self.display_name).lower().split(" ", 1)
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


def ascii_fold(text: str) -> str:
    return text.translate(str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE"))
