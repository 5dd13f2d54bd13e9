"""`caseworker --self-test` from source: what packaging/build.py runs on a frozen bundle.

Run as the bundle runs it: a fresh process, headless (offscreen), its own data folder, no keystore."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from ui.app.demo import demo_platform_home

STEPS = ("resources", "qt", "pdf", "tiff", "sandbox", "sign-in", "store", "case")


def self_test(data_dir: Path) -> subprocess.CompletedProcess[str]:
    no_keystore = "keyring.backends.fail.Keyring"  # as on a build machine
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": no_keystore}
    return subprocess.run(
        [sys.executable, "-m", "ui.main", "--self-test", "--data-dir", str(data_dir)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=600,
    )  # fmt: skip


def test_the_self_test_passes_every_step_and_exits_0(tmp_path: Path) -> None:
    result = self_test(tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    for step in STEPS:
        assert any(line.startswith(f"self-test: {step} ok") for line in lines), (step, lines)
    assert lines[-1].startswith("self-test: all ok")
    assert "FAILED" not in result.stdout
    # a Windows bundle has no console: the same lines are in the log of the data folder
    log = (tmp_path / "logs" / "caseworker.log").read_text(encoding="utf-8")
    assert "self-test: all ok" in log
    # no personal data: the demo account's name and the case numbers are not printed
    assert "Anna" not in result.stdout and "Lindqvist" not in result.stdout
    assert not re.search(r"\d{4}-\d{6}", result.stdout)  # registration numbers (BYGG 2026-000009)


def test_a_broken_step_fails_with_one_line_naming_it(tmp_path: Path) -> None:
    home = demo_platform_home(tmp_path)  # the embedded platform's own folder, beside the client's
    home.mkdir()
    (home / "sandbox.db").write_bytes(b"not a database " * 400)  # the sandbox cannot start
    result = self_test(tmp_path)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if "FAILED" in line]
    assert len(failed) == 1, result.stdout
    assert failed[0].startswith("self-test FAILED at sandbox: ")
    assert "not a database" in failed[0]
    assert "all ok" not in result.stdout
    assert "Traceback" not in result.stdout
