"""The words and numbers demo cases are made of: names, streets, titles, drawings, fees, legal
grounds, how common each type and status is, notes and reasons.
"""

from __future__ import annotations

from caseworker.domain.models import CaseStatus, CaseType

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
