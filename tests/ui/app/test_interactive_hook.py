"""The start-up benchmark's test hook (``ui/app/interactive.py``): it reports once the main window is
interactive -- the queue's first rows loaded and painted -- and then the app quits cleanly by itself."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest

from tests.helpers import memory_keyring
from tests.ui.apphelpers import SameComputer
from ui.app import interactive
from ui.main import main

REPORT = re.compile(r"caseworker: interactive \(main \+\d+\.\d{3} s\)\n")


class RecordingProbe(interactive.InteractiveProbe):
    """The probe, remembering what the main window showed when it reported."""

    seen: dict[str, object]

    def _report(self) -> None:
        window = self._window
        assert window is not None
        model, table = window.queue_view.model, window.queue_view.table
        self.seen = {
            "visible": window.isVisible(),
            "rows": model.rowCount(),
            "first_screen_loaded": all(model.is_row_loaded(r) for r in range(max(table.rowAt(0), 0), 20)),
            "updates": table.viewport().updatesEnabled(),
        }
        super()._report()


def test_an_offline_start_reports_once_the_queue_is_painted_then_quits(qtbot, computer: SameComputer) -> None:
    with computer.signed_in(qtbot) as (_app, window):
        mine = window.navigation.count_of("mine")
    computer.platform.stop()  # as in the benchmark: the remembered user starts offline
    assert mine and mine > 20

    out = io.StringIO()
    with computer.app(start=False) as app:
        probe = RecordingProbe(app.controller, time.perf_counter(), out=out)
        app.start()
        assert app.controller.signin is None
        app.wait(lambda: app.controller.finished, what="the hook to quit the app")

    assert REPORT.fullmatch(out.getvalue())
    assert probe.seen == {"visible": True, "rows": mine, "first_screen_loaded": True, "updates": True}


def test_the_environment_variable_makes_main_report_and_exit(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(interactive.ENV, "1")
    with memory_keyring.install():
        code = main(["--demo", "--user", "anna", "--data-dir", str(tmp_path), "--no-single-instance"])
    assert code == 0  # nobody closed the window: the hook ended the app, cleanly
    assert REPORT.fullmatch(capsys.readouterr().out)


@pytest.mark.parametrize(("value", "on"), [(None, False), ("", False), ("0", False), ("1", True)])
def test_the_hook_is_off_unless_asked_for(
    monkeypatch: pytest.MonkeyPatch, value: str | None, on: bool
) -> None:
    if value is None:
        monkeypatch.delenv(interactive.ENV, raising=False)
    else:
        monkeypatch.setenv(interactive.ENV, value)
    assert interactive.requested() is on
