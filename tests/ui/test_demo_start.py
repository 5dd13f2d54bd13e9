"""`caseworker --demo`: the main window comes up against the embedded sandbox and shows the user's queue."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.sandbox import Sandbox
from tests.ui.conftest import LoopRunner
from ui.main import MainWindow, count_my_cases, run_demo


def test_demo_signs_in_and_shows_my_case_count(qtbot, qloop: LoopRunner, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qloop.run(run_demo(window, tmp_path, "anna"), timeout=120)
    text = window.summary.text()
    assert "Anna" in text
    assert "Mina ärenden:" in text
    shown = int(text.rsplit(":", 1)[1])
    assert shown > 0


def test_queue_count_matches_the_platform(qloop: LoopRunner, sandbox: Sandbox) -> None:
    import httpx

    tokens = sandbox.sign_in("anna")
    with sandbox.client("anna") as c:
        expected, cursor = 0, None
        while True:
            page = c.get(
                "/api/v1/cases",
                params={"queue": "mine", "limit": 50, **({"cursor": cursor} if cursor else {})},
            ).json()
            expected += len(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                break

    async def count() -> int:
        async with httpx.AsyncClient() as client:
            return (await count_my_cases(client, sandbox.url, tokens["access_token"]))[1]

    assert qloop.run(count()) == expected
