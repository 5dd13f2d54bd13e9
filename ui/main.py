"""Entry point `caseworker`: QApplication + qasync loop; `--demo` runs against an embedded sandbox."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

import httpx
import qasync

from caseworker.auth.flow import demo_sign_in
from caseworker.domain.models import CasePage, User
from ui.qt import QtWidgets

log = logging.getLogger("caseworker")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="caseworker", description="Caseworker – handläggning av ärenden.")
    p.add_argument("--demo", action="store_true", help="start an embedded sandbox platform with demo data")
    p.add_argument("--platform", help="URL of the platform to sign in to")
    p.add_argument("--data-dir", type=Path, help="keep all local data in this folder (tests, portable use)")
    p.add_argument("--user", default="anna", help="demo account to sign in with (with --demo)")
    return p.parse_args(argv)


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Caseworker")
        self.resize(900, 600)
        self.summary = QtWidgets.QLabel("Startar sandlådeplattformen …")
        self.summary.setObjectName("queueSummary")
        self.summary.setMargin(24)
        self.setCentralWidget(self.summary)

    def show_signed_in(self, user: User, mine: int) -> None:
        self.setWindowTitle(f"Caseworker – {user.display_name}")
        self.summary.setText(f"Inloggad som {user.display_name}\n\nMina ärenden: {mine}")
        self.statusBar().showMessage("Ansluten till sandlådeplattformen")


async def count_my_cases(client: httpx.AsyncClient, base: str, token: str) -> tuple[User, int]:
    headers = {"Authorization": f"Bearer {token}"}
    me = User.model_validate(
        (await client.get(f"{base}/api/v1/me", headers=headers)).raise_for_status().json()
    )
    total, cursor = 0, None
    while True:
        params = {"queue": "mine", "limit": 500, **({"cursor": cursor} if cursor else {})}
        r = await client.get(f"{base}/api/v1/cases", params=params, headers=headers)
        page = CasePage.model_validate(r.raise_for_status().json())
        total += len(page.items)
        cursor = page.next_cursor
        if not cursor:
            return me, total


async def run_demo(window: MainWindow, data_dir: Path, username: str) -> None:
    from caseworker.sandbox.config import SandboxSettings
    from caseworker.sandbox.server import start_in_thread

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = SandboxSettings(db_url=f"sqlite:///{data_dir / 'sandbox.db'}")
    loop = asyncio.get_running_loop()
    sandbox = await loop.run_in_executor(
        None, start_in_thread, settings
    )  # seeding is slow: off the UI thread
    window.destroyed.connect(lambda: sandbox.stop())
    async with httpx.AsyncClient(timeout=30) as client:
        tokens = await demo_sign_in(client, sandbox.url, username)
        user, mine = await count_my_cases(client, sandbox.url, tokens.access_token)
    window.show_signed_in(user, mine)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Caseworker")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow()
    window.show()
    if not args.demo and not args.platform:
        window.summary.setText("Ange --platform URL eller starta med --demo.")
        window.statusBar().showMessage("Ingen plattform vald")
    data_dir = args.data_dir or Path.home() / ".caseworker-demo"
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)
    with loop:
        if args.demo:
            loop.create_task(run_demo(window, data_dir, args.user))
        loop.run_until_complete(closing.wait())
    return 0


if __name__ == "__main__":
    sys.exit(main())
