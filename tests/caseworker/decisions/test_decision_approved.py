"""Rendered pages compared with approved images (looked at by a person), within a tolerance.

After an intended change to the letter's look: ``CASEWORKER_APPROVE_DECISIONS=1 python -m pytest
tests/caseworker/decisions/test_decision_approved.py`` rewrites the images (the tests then skip); look at
every rewritten PNG before committing it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from caseworker.domain.models import DecisionOutcome

APPROVED = Path(__file__).parent / "approved"
CASES = [("alvdala", DecisionOutcome.GRANTED), ("norrsjo", DecisionOutcome.REFUSED)]
MEAN_TOLERANCE = 1.5  # mean absolute grey difference (0-255): anti-aliasing differences pass
CHANGED_PIXELS = 0.003  # share of pixels that may differ by more than a quarter of the range


@pytest.mark.parametrize(("municipality", "outcome"), CASES)
def test_pages_look_as_approved(
    municipality: str,
    outcome: DecisionOutcome,
    pdf_of: Callable[..., bytes],
    pngs_of: Callable[..., list[Path]],
) -> None:
    name = f"{outcome.value}-{municipality}"
    pages = pngs_of(pdf_of(municipality, outcome), name=name)
    if os.environ.get("CASEWORKER_APPROVE_DECISIONS") == "1":
        APPROVED.mkdir(exist_ok=True)
        for old in APPROVED.glob(f"{name}-*.png"):
            old.unlink()
        for page in pages:
            shutil.copyfile(page, APPROVED / page.name)
        pytest.skip(f"approved images of {name} rewritten: look at them before committing")
    approved = sorted(APPROVED.glob(f"{name}-*.png"))
    assert [p.name for p in pages] == [p.name for p in approved], "the page count changed"
    for page, reference in zip(pages, approved, strict=True):
        with Image.open(page) as got, Image.open(reference) as want:
            assert got.size == want.size, page.name
            diff = ImageChops.difference(got.convert("L"), want.convert("L"))
            histogram = diff.histogram()
            total = got.width * got.height
            mean = sum(value * count for value, count in enumerate(histogram)) / total
            changed = sum(histogram[64:]) / total
            assert mean <= MEAN_TOLERANCE and changed <= CHANGED_PIXELS, (
                f"{page.name} differs from the approved image: mean {mean:.2f}, changed {changed:.2%}"
            )
