"""Decision letters built from the sandbox's sample data (in-process: tests may use the sandbox)."""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from caseworker.decisions.__main__ import letter_from_sample
from caseworker.decisions.letter import DecisionLetter
from caseworker.decisions.render import render_pdf
from caseworker.domain.models import DecisionOutcome
from caseworker.sandbox.decision_sample import sample

OUTCOMES = list(DecisionOutcome)


@functools.cache
def sample_letter(municipality: str, outcome: DecisionOutcome) -> DecisionLetter:
    data = json.loads(json.dumps(sample(municipality, outcome)))  # as the child process hands it over
    return letter_from_sample(data, outcome)


@functools.cache
def rendered(municipality: str, outcome: DecisionOutcome) -> bytes:
    return render_pdf(sample_letter(municipality, outcome))


@pytest.fixture
def letter() -> Callable[[str, DecisionOutcome], DecisionLetter]:
    return sample_letter


@pytest.fixture
def pdf_of() -> Callable[[str, DecisionOutcome], bytes]:
    return rendered


@pytest.fixture
def long_letter() -> DecisionLetter:
    """A granted letter with 40 conditions and long reasons: four or more pages."""
    base = sample_letter("alvdala", DecisionOutcome.GRANTED)
    conditions = tuple(
        f"Villkor nummer {i}: {'åtgärden ska utföras enligt ritningarna. ' * (1 + i % 4)}"
        for i in range(1, 41)
    )
    reasons = ("Bakgrund. " + "Platsen har besökts och ansökan har prövats mot detaljplanen. " * 60,)
    reasons += base.reasons + tuple(
        f"Skäl {i}. " + "Bedömningen grundar sig på detaljplanen och platsbesöket. " * 9 for i in range(1, 7)
    )
    return dataclasses.replace(base, conditions=conditions, reasons=reasons)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} (poppler-utils) is needed: apt-get install poppler-utils"
    return path


def pdf_text(data: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    """The text as pdftotext extracts it (what a search or a screen reader without tags would get)."""
    src = tmp_path / "letter.pdf"
    src.write_bytes(data)
    args = [poppler("pdftotext"), *(["-layout"] if layout else []), str(src), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def pages_png(data: bytes, tmp_path: Path, name: str = "page", dpi: int = 60) -> list[Path]:
    """Each page as a grey PNG (pdftoppm), named ``<name>-<n>.png``."""
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(data)
    command = [poppler("pdftoppm"), "-r", str(dpi), "-gray", "-png", str(src), str(tmp_path / name)]
    subprocess.run(command, check=True)
    return sorted(tmp_path.glob(f"{name}-*.png"))


@pytest.fixture
def text_of(tmp_path: Path) -> Callable[..., str]:
    return functools.partial(pdf_text, tmp_path=tmp_path)


@pytest.fixture
def pngs_of(tmp_path: Path) -> Callable[..., list[Path]]:
    return functools.partial(pages_png, tmp_path=tmp_path)
