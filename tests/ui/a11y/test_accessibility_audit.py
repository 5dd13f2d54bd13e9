"""The accessibility audit: every screen and dialog of the app (``tests/ui/a11y/screens.py``), in Swedish
and English, light and dark, driven as a keyboard and screen-reader user meets it, must pass every check
of ``tests/ui/a11y/checks.py``: accessible names, Tab reaching every control without a trap, unique
mnemonics per window, WCAG AA contrast, and no Swedish left on an English screen (data aside).

A failure lists every problem as "screen: what"; a new screen joins by registering its factory in
``screens.py`` (docs/architecture.md says how). With ``CASEWORKER_A11Y_SHOTS=folder`` every screen is
also saved as a PNG as audited (``sv-dark-main-window-case.png``), to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from caseworker.domain.models import Case
from caseworker.store import CaseQuery, OfflineStore, QueueKind
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.a11y import checks
from tests.ui.a11y.env import language, themed
from tests.ui.a11y.screens import SCREENS, Ctx, prepare, text_conflict
from tests.ui.services_factory import running_services
from ui import i18n
from ui.qt import QtWidgets


def data_strings(store: OfflineStore) -> list[str]:
    """Everything the platform's data says (Swedish whatever the UI language): names, addresses, titles,
    property designations, the history's texts, documents' titles, municipalities."""
    out: list[str] = []
    for m in store.list_municipalities():
        out += [m.name, m.name.removesuffix(" kommun"), m.committee, m.address.street, m.address.city]
    for case_id in store.ids(CaseQuery(queue=QueueKind.ALL)):
        s = store.get_case_summary(case_id)
        if s is None:
            continue
        out += [
            s.registration_number,
            s.title,
            s.property_designation,
            s.applicant_name or "",
            s.assignee_name or "",
        ]
        if isinstance(s, Case):
            out += [s.description, *s.property.former_designations]
            for p in s.parties:
                out.append(p.name)
                if p.address is not None:
                    out += [p.address.street, p.address.city]
        for e in store.list_events(case_id):
            out += [e.text or "", str(e.data.get("subject", "")), e.actor_name or ""]
        out += [t for d in store.list_documents(case_id) for t in (d.title, d.filename)]
    for r in store.list_archive_records():
        out += [r.title, r.property_designation, r.current_designation, r.registration_number]
        out += [t for d in r.documents for t in (d.title, d.filename)]
    # what the audit itself typed or made (a note, a text conflict's versions, a property in a dialog)
    conflict = text_conflict().conflict
    assert conflict is not None
    versions = [str(v["text"]) for v in (conflict.base, conflict.theirs, conflict.ours)]
    out += ["Platsbesök bokat till torsdag kl. 10.", *versions, "Älvdala Hamnen 1:1", "Älvdala"]
    return out


def activate(ctx: Ctx, window: QtWidgets.QWidget) -> None:
    window.raise_()
    window.activateWindow()
    ctx.wait(lambda: QtWidgets.QApplication.activeWindow() is window)


def audit(window: QtWidgets.QWidget, english: checks.Language | None) -> list[str]:
    runs: list[Callable[[QtWidgets.QWidget], list[str]]] = [
        checks.unnamed,
        checks.tab_walk,
        lambda w: checks.tab_walk(w, backwards=True),
        checks.mnemonics,
        checks.contrast,
    ]
    if english is not None:
        runs.append(lambda w: checks.swedish_left(w, english))
    return [problem for run in runs for problem in run(window)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_screen_passes_the_accessibility_audit(
    qtbot,
    qapp,
    qloop: LoopRunner,
    make_sandbox: Callable[..., Sandbox],
    tmp_path: Path,
    lang: str,
    scheme: str,
) -> None:
    sandbox = make_sandbox()
    with (
        themed(qapp, scheme),
        language(qapp, lang),
        FaultyProxy(sandbox.url) as proxy,
        running_services(qloop, proxy.url, "anna", tmp_path / "anna") as services,
    ):
        ctx = Ctx(qtbot, qloop, services, sandbox, proxy, tmp_path / "config", lang)
        prepare(ctx)
        english = None
        if lang == "en":
            with sandbox.client("anna") as c:  # the demo accounts' names, on the sign-in screen
                accounts = c.get("/sandbox/accounts").raise_for_status().json()
            data = qloop.run(services.store.run(data_strings))
            data += [str(a.get(k, "")) for a in accounts for k in ("name", "display_name")]
            messages = [(s, t) for (_c, s), t in i18n.read_ts(i18n.ts_file("en")).items()]
            english = checks.language_from_ts(messages, data)
        problems: list[str] = []
        shots = Path(os.environ["CASEWORKER_A11Y_SHOTS"]) if os.environ.get("CASEWORKER_A11Y_SHOTS") else None
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
        try:
            for screen in SCREENS:
                window = screen.build(ctx)
                activate(ctx, window)
                problems += [f"{screen.name}: {p}" for p in audit(window, english)]
                if shots is not None:  # to look at: every screen as audited
                    name = re.sub(r"[^a-z0-9]+", "-", screen.name.lower()).strip("-")
                    window.grab().save(str(shots / f"{lang}-{scheme}-{name}.png"))
                if not screen.keep:
                    ctx.close_opened()
        finally:
            ctx.close_all()
        assert problems == [], "\n".join(problems)
