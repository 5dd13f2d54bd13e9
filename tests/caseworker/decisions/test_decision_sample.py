"""``python -m caseworker.decisions sample``: a complete letter from the demo data, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "caseworker.decisions", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_sample_writes_a_valid_letter(tmp_path: Path) -> None:
    out = tmp_path / "beslut.pdf"
    done = _run("sample", "--outcome", "written_off", "--municipality", "vanerby", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    with pikepdf.open(out) as pdf:
        assert "Vänerby kommun" in str(pdf.docinfo.Author) and "/StructTreeRoot" in pdf.Root
    assert pikepdf.pdfa.validate_written(out, "2b").passed


def test_sample_refuses_an_unknown_municipality_clearly(tmp_path: Path) -> None:
    out = tmp_path / "beslut.pdf"
    done = _run("sample", "--outcome", "granted", "--municipality", "gotham", "--out", str(out))
    assert done.returncode == 2 and not out.exists()  # like any other bad argument
    assert "no demo municipality 'gotham'" in done.stderr and "Traceback" not in done.stderr
    bad = _run("sample", "--outcome", "medges", "--municipality", "alvdala", "--out", str(out))
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("{tmp}", "it is a folder"),
        ("", "cannot write .: it is a folder"),
        ("{tmp}/nodir/a/b.pdf", "the folder {tmp}/nodir/a does not exist"),
        pytest.param(
            "/dev/full",
            "No space left",
            marks=pytest.mark.skipif(not Path("/dev/full").exists(), reason="Linux"),
        ),
    ],
)
def test_sample_says_in_one_line_why_it_cannot_write(out: str, words: str, tmp_path: Path) -> None:
    target = out.format(tmp=tmp_path)
    done = _run("sample", "--outcome", "granted", "--municipality", "alvdala", "--out", target)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("cannot write ") and words.format(tmp=tmp_path) in lines[0]
    assert not (tmp_path / "nodir").exists()
