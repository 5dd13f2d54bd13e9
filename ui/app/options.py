"""The command line of `caseworker`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

LANG_CHOICES = ("sv", "en", "pseudo")


@dataclass(frozen=True)
class AppOptions:
    demo: bool = False
    platform: str | None = None
    data_dir: Path | None = None
    lang: str | None = None  # None: the saved setting (Swedish by default)
    user: str | None = None  # with --demo: sign in as this demo account straight away
    theme: str | None = None  # "light" | "dark"; None: follow the OS
    single_instance: bool = True
    sync_interval: float = 60.0
    open_file: Path | None = None  # a drawing to show in the drawing viewer at start
    self_test: bool = False  # check the installation headless and exit (ui/selftest.py)


def parse_args(argv: list[str]) -> AppOptions:
    p = argparse.ArgumentParser(
        prog="caseworker",
        description="Caseworker: building-permit casework on the shared e-services platform.",
    )
    p.add_argument("--demo", action="store_true", help="start an embedded sandbox platform with demo data")
    p.add_argument("--platform", metavar="URL", help="URL of the platform to sign in to")
    p.add_argument(
        "--data-dir", type=Path, metavar="DIR", help="keep all local data in this folder (portable, tests)"
    )
    p.add_argument("--lang", choices=LANG_CHOICES, help="UI language (default: the saved setting, Swedish)")
    p.add_argument("--user", metavar="NAME", help="with --demo: sign in as this demo account (e.g. anna)")
    p.add_argument("--theme", choices=("light", "dark"), help="force a colour scheme (default: the OS)")
    p.add_argument(
        "--no-single-instance",
        dest="single_instance",
        action="store_false",
        help="allow a second window on the same data folder",
    )
    p.add_argument("--open", dest="open_file", type=Path, metavar="FILE", help="show a drawing (PDF, TIFF)")
    p.add_argument(
        "--self-test", action="store_true", help="check this installation headless (demo sandbox) and exit"
    )
    a = p.parse_args(argv)
    return AppOptions(
        demo=a.demo,
        platform=a.platform,
        data_dir=a.data_dir,
        lang=a.lang,
        user=a.user,
        theme=a.theme,
        single_instance=a.single_instance,
        open_file=a.open_file,
        self_test=a.self_test,
    )
