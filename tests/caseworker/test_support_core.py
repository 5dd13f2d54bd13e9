"""The help desk's diagnostics hold what support needs and nothing personal; licences are collected
with their texts for the bundle's About box."""

from __future__ import annotations

import json
from pathlib import Path

from caseworker.support import (
    LICENCE_INDEX,
    Diagnostics,
    Licence,
    diagnostics_text,
    distribution_for_modules,
    read_licences,
    write_licences,
)

PERSONNUMMER = "19811218-9876"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm5hIn0.c2lnbmF0dXJl"
REFRESH = "rt_8f3a9c2b7d6e5f4a3b2c1d0e"


def write_log(path: Path) -> None:
    path.write_text(
        "\n".join(
            [
                "2026-11-24 14:05:01,000 INFO caseworker: Caseworker starting",
                f"2026-11-24 14:05:02,000 WARNING caseworker.sync: push failed for {PERSONNUMMER}",
                f"2026-11-24 14:05:03,000 ERROR caseworker.auth: refresh rejected: Bearer {JWT}",
                f"2026-11-24 14:05:04,000 ERROR caseworker.auth: POST /token refresh_token={REFRESH}&x=1",
                f'2026-11-24 14:05:05,000 WARNING ui.case: "access_token": "{JWT}" for BYGG 2026-000123',
                "2026-11-24 14:05:06,000 INFO caseworker.sync: synced 12 cases",
                "2026-11-24 14:05:07,000 ERROR ui.app: store closed while counting",
            ]
        )
        + "\n",
        encoding="utf-8",
    )


def diagnostics(tmp_path: Path, home: Path) -> str:
    log = tmp_path / "caseworker.log"
    write_log(log)
    d = Diagnostics(
        app_version="0.1.0",
        qt_version="6.11.3",
        binding_version="6.11.3",
        frozen=True,
        language="sv_SE",
        platform_url="https://etjanst.kommun.se",
        folders={"data": home / "AppData" / "Local" / "Caseworker", "logs": home / "Logs"},
        online=False,
        last_sync="2026-11-24T14:00:00+01:00",
        outbox={"pending": 3, "conflict": 1},
        log_file=log,
    )
    return diagnostics_text(d, home=str(home))


def test_diagnostics_say_what_support_needs(tmp_path: Path) -> None:
    text = diagnostics(tmp_path, tmp_path / "Users" / "anna.lindqvist")
    assert text.startswith("Caseworker 0.1.0 (installed bundle)")
    for expected in (
        "OS: ",
        "Qt: 6.11.3, PySide6 6.11.3",
        "Platform: https://etjanst.kommun.se",
        "Connection: offline",
        "Last complete sync: 2026-11-24T14:00:00+01:00",
        "Outbox: conflict 1, pending 3",
        "data: ~",
        "Last warnings and errors in the log (5):",
        "store closed while counting",
    ):
        assert expected in text, expected
    assert "synced 12 cases" not in text  # info lines are not "last errors"


def test_diagnostics_hold_no_personnummer_token_case_number_or_account_name(tmp_path: Path) -> None:
    text = diagnostics(tmp_path, tmp_path / "Users" / "anna.lindqvist")
    for secret in (PERSONNUMMER, "9876", JWT, "eyJ", REFRESH, "BYGG 2026-000123", "anna.lindqvist"):
        assert secret not in text, secret
    assert "[personnummer]" in text and "[token]" in text  # scrubbed, not dropped: support sees what it was


def test_diagnostics_without_a_log_say_so(tmp_path: Path) -> None:
    text = diagnostics_text(Diagnostics(app_version="0.1.0", log_file=tmp_path / "none.log"), home="")
    assert "Log: no warnings" in text
    assert "Connection: unknown" in text and "Outbox: empty" in text


def test_licences_are_copied_with_an_index_the_about_box_reads(tmp_path: Path) -> None:
    extra_text = tmp_path / "QT-NOTICE.txt"
    extra_text.write_text("Qt under LGPL-3.0", encoding="utf-8")
    names = distribution_for_modules(["PIL", "httpx", "PIL.Image", "not_a_module"])
    assert names == ["httpx", "pillow"]
    target = tmp_path / "licenses"
    qt = Licence("Qt", "6.11.3", "LGPL-3.0-only", (str(extra_text),))
    written = write_licences(target, names, [qt])
    assert [licence.name for licence in written] == ["httpx", "pillow", "Qt"]
    assert json.loads((target / LICENCE_INDEX).read_text(encoding="utf-8"))[1]["name"] == "pillow"
    read = read_licences(target)
    assert read == written
    for licence in read:
        assert licence.files, licence.name
        for name in licence.files:
            assert (target / name).stat().st_size > 0
    pillow = next(licence for licence in read if licence.name == "pillow")
    assert "Copyright" in (target / pillow.files[0]).read_text(encoding="utf-8")
