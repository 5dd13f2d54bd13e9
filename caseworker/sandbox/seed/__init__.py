"""Deterministic demo data for the sandbox platform.

``seed_if_empty`` fills an empty database: three fictional municipalities with their profiles and logos,
teams, demo accounts (password ``demo``), building-permit cases in every type and status with parties,
events and documents (application forms, vector drawings with revisions, one very dense A0 sheet), an
e-archive of older records with scanned TIFF drawings, and a few markups.

Every random choice comes from ``random.Random`` streams derived from the seed, so the same seed gives the
same ids, registration numbers and structure. Dates are laid out relative to today, so the deadlines stay
interesting (overdue, due soon, later) whenever a sandbox is started. Document bytes are shared between
cases through the content-addressed blob table, which keeps 50 000 cases fast.

The package: ``identity`` (the demo password, fictional identity numbers), ``profiles``
(municipalities, teams, accounts), ``vocabulary`` (what cases are made of), ``plan`` (what each case
is, with its dates on its type's clock) and ``writer`` (rows into the database).
"""

from __future__ import annotations

from caseworker.sandbox.seed.identity import (
    DEMO_PASSWORD,
    fictional_org_number,
    fictional_personnummer,
    luhn_digit,
    luhn_valid,
)
from caseworker.sandbox.seed.plan import (
    DENSE_A0_CASE_ID,
    DENSE_A0_CASE_REGISTRATION,
    DENSE_A0_CASE_TITLE,
    dense_a0_registration,
)
from caseworker.sandbox.seed.profiles import (
    ACCOUNT_BY_USERNAME,
    ACCOUNTS,
    MUNICIPALITIES,
    MUNICIPALITY_BY_ID,
    TEAMS,
    Account,
    MunicipalityProfile,
    TeamProfile,
)
from caseworker.sandbox.seed.writer import seed_if_empty

__all__ = [
    "ACCOUNTS",
    "ACCOUNT_BY_USERNAME",
    "DEMO_PASSWORD",
    "DENSE_A0_CASE_ID",
    "DENSE_A0_CASE_REGISTRATION",
    "DENSE_A0_CASE_TITLE",
    "MUNICIPALITIES",
    "MUNICIPALITY_BY_ID",
    "TEAMS",
    "Account",
    "MunicipalityProfile",
    "TeamProfile",
    "dense_a0_registration",
    "fictional_org_number",
    "fictional_personnummer",
    "luhn_digit",
    "luhn_valid",
    "seed_if_empty",
]
