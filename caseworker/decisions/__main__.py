"""``python -m caseworker.decisions sample --outcome granted --municipality alvdala --out beslut.pdf``

Renders a complete decision letter from the sandbox's demo data, for review by a municipality's lawyer
and for scripted checks. The demo data comes from ``python -m caseworker.sandbox.decision_sample`` in a
child process: the client core does not import the sandbox.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from caseworker.decisions.compose import compose_letter, standard_decision
from caseworker.decisions.letter import DecisionLetter, Person
from caseworker.decisions.render import render_pdf
from caseworker.decisions.templates import load_templates
from caseworker.domain.models import Case, DecisionOutcome, Municipality


def letter_from_sample(data: dict[str, Any], outcome: DecisionOutcome) -> DecisionLetter:
    """The letter of the sample data (the JSON ``caseworker.sandbox.decision_sample`` prints)."""
    municipality = Municipality.model_validate(data["municipality"])
    case = Case.model_validate(data["case"])
    templates = load_templates(municipality.id)
    decision = standard_decision(
        templates,
        municipality,
        case,
        outcome,
        decided_on=dt.date.fromisoformat(data["decided_on"]),
        signed_by=data["signed_by"],
        signer_title=data["signer_title"],
        delegation_ref=data["delegation_ref"],
        reasons=data["reasons"],
    )
    presented = data.get("presented_by")
    return compose_letter(
        case,
        decision,
        municipality,
        templates,
        logo_png=base64.b64decode(data["logo_png"]),
        property_address=data["property_address"],
        control_officer=data["control_officer"],
        neighbours_heard=data["neighbours_heard"],
        presented_by=Person(*presented) if presented else None,
        meeting=data["meeting"],
    )


class SampleError(Exception):
    """The demo data cannot be made for the arguments given (e.g. an unknown municipality)."""


def _sample_data(municipality: str, outcome: DecisionOutcome) -> dict[str, Any]:
    command = [sys.executable, "-m", "caseworker.sandbox.decision_sample", "--municipality", municipality]
    done = subprocess.run(  # noqa: S603 (our own interpreter and module, arguments from argparse choices)
        [*command, "--outcome", outcome.value], capture_output=True, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = lines[-1].split("error: ", 1)[-1] if lines else ""  # argparse's "prog: error: ..." line
        raise SampleError(last or "the demo data could not be made")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _unwritable(out: Path) -> str | None:
    """Why the letter cannot go to ``out`` (one plain line), or None; checked before rendering."""
    if out.is_dir():  # also "" (argparse makes it ".")
        return f"cannot write {out}: it is a folder"
    if not out.parent.is_dir():  # folders are never made
        return f"cannot write {out}: the folder {out.parent} does not exist"
    return None


def _write(out: Path, data: bytes) -> str | None:
    """Write the letter; why it cannot be written (one plain line), or None."""
    try:
        out.write_bytes(data)
    except OSError as exc:
        return f"cannot write {out}: {exc.strerror or type(exc).__name__}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m caseworker.decisions")
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="render a complete decision letter from the demo data")
    sample.add_argument("--outcome", required=True, choices=[o.value for o in DecisionOutcome])
    sample.add_argument(
        "--municipality", required=True, help="a demo municipality: alvdala, norrsjo, vanerby"
    )
    sample.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    args = parser.parse_args(argv)
    outcome = DecisionOutcome(args.outcome)
    problem = _unwritable(args.out)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    try:
        sample_data = _sample_data(args.municipality, outcome)
    except SampleError as exc:
        sample.error(str(exc))  # exit 2, like any other bad argument
    letter = letter_from_sample(sample_data, outcome)
    data = render_pdf(letter)
    problem = _write(args.out, data)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
