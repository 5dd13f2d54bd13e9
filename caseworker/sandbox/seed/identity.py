"""Who the demo people are: their sign-in password and fictional identity numbers.

The password hashing itself is ``caseworker.sandbox.passwords``; every number here has a wrong
check digit, so it can never be a real person's or company's.
"""

from __future__ import annotations

import datetime as dt
import random

DEMO_PASSWORD = "demo"  # noqa: S105 - every demo account's password, fixed by the platform contract


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
