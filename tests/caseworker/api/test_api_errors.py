"""Typed errors: Swedish messages for the user, technical text without tokens or personnummer."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest

from caseworker.api import errors
from caseworker.api.client import RetryPolicy, parse_retry_after
from caseworker.domain.models import Problem

ALL = [
    errors.InsecureURL, errors.Offline, errors.SignedOut, errors.Forbidden, errors.NotFound, errors.Rejected,
    errors.Gone, errors.ServerError, errors.BadResponse,
]  # fmt: skip


@pytest.mark.parametrize("kind", ALL)
def test_every_error_has_a_swedish_message_and_no_secrets_in_its_text(
    kind: type[errors.PlatformError],
) -> None:
    problem = Problem(title="Bad", status=400, detail="Sökanden 19121212-1212 / Bearer abc.def-ghi")
    error = kind("GET /cases answered 400", status=400, problem=problem)
    assert error.user_message and any(c in error.user_message for c in "åäöÅÄÖ")
    text = str(error)
    assert "GET /cases" in text and "1212" not in text and "abc.def" not in text


def test_conflict_and_overloaded_carry_what_the_ui_needs() -> None:
    conflict = errors.Conflict(
        "PATCH /cases/c1 answered 412", current=None, current_data={"id": "c1"}, etag='"v2"'
    )
    assert conflict.status == 412 and conflict.etag == '"v2"' and conflict.current_data == {"id": "c1"}
    overloaded = errors.Overloaded("GET /me answered 429", status=429, retry_after=7)
    assert overloaded.retry_after == 7


@pytest.mark.parametrize(
    "text", ["ring 19121212-1212", "ring 121212-1212", "ring 191212121212", "ring 121212+1212"]
)
def test_scrub_hides_personal_numbers(text: str) -> None:
    assert errors.scrub(text) == "ring [personnummer]"


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("5", now) == 5.0
    later = email.utils.format_datetime(now + dt.timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now) == 90.0
    earlier = email.utils.format_datetime(now - dt.timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(earlier, now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_backoff_is_exponential_with_full_jitter_and_capped() -> None:
    import random

    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    rng = random.Random(1)
    for failed in range(1, 10):
        cap = min(4.0, 0.5 * 2 ** (failed - 1))
        samples = [policy.backoff(failed, rng) for _ in range(200)]
        assert all(0 <= s <= cap for s in samples) and max(samples) > cap * 0.8
