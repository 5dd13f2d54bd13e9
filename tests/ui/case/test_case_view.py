"""The case view against a live sandbox: what it shows, and actions online and offline through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import CaseStatus
from caseworker.store import OutboxState
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import until
from tests.ui.services_factory import (
    a_case,
    case_view,
    find_case,
    notes_on_platform,
    open_case,
    reloads_over,
    running_services,
    started,
    status_on_platform,
)
from ui import i18n, identity
from ui.case import CaseView
from ui.case.timeline import Entry
from ui.labels import format_datetime
from ui.outbox.indicator import SyncIndicator
from ui.outbox.view import OutboxView
from ui.qt import Qt, QtWidgets
from ui.services import Services

NO_ITEM = QtWidgets.QTreeWidgetItem()


def all_text(widget: QtWidgets.QWidget) -> str:
    """Every text the widget tree shows (labels, buttons, editors, the history)."""
    parts = []
    for w in widget.findChildren(QtWidgets.QWidget):
        for attr in ("text", "toPlainText"):
            fn = getattr(w, attr, None)
            if callable(fn):
                with contextlib.suppress(TypeError):
                    parts.append(str(fn()))
    return "\n".join(parts)


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


@pytest.fixture
def fresh(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return make_sandbox()


# --- what the view shows ---------------------------------------------------------------------------


def test_case_view_shows_the_case_and_masks_personal_numbers(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with sandbox.client("anna") as c:
        case = find_case(
            c,
            lambda k: (
                any(p["personal_number"] for p in k["parties"])
                and k["property"]["former_designations"]
                and k["case_type"] != "strandskyddsdispens"  # no PBL clock, so no deadline to show
            ),
        )
    view = case_view(qtbot, qloop, anna, case["id"])

    municipality = anna.municipalities[case["municipality_id"]]
    assert view.band.name.text() == municipality.name
    assert view.band.committee.text() == municipality.committee
    assert view.band.property("bandColour") == municipality.primary_color
    qloop.run(until(lambda: not view.band.logo.pixmap().isNull()))  # fetched once, then cached
    assert view.registration.text() == case["registration_number"]
    assert view.title.text() == case["title"]
    assert view.status_badge.text() != ""
    assert case["property"]["designation"] in view.property_label.text()
    assert case["property"]["former_designations"][0] in view.property_label.text()
    assert view.clock.text is not None and view.clock.text.deadline != "–"
    assert view.timeline.entries, "the history is shown"
    assert view.documents.tree.topLevelItemCount() > 0

    person = next(p for p in case["parties"] if p["personal_number"])
    row = view.parties.row_for(person["name"])
    number = person["personal_number"]
    assert row.number.text() == number[:-4] + "****"
    assert number not in all_text(view), "the full number must not show before the user asks"
    qtbot.mouseClick(row.reveal, Qt.MouseButton.LeftButton)
    assert row.number.text() == number
    assert row.reveal.text() == "Dölj"
    others = [r for r in view.parties.rows if r is not row and r.party.personal_number]
    assert all(r.number.text().endswith("****") for r in others), "one party at a time"
    qtbot.mouseClick(row.reveal, Qt.MouseButton.LeftButton)
    assert row.number.text().endswith("****")
    assert number not in caplog.text


def test_documents_open_from_the_blob_store_after_one_download(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services
) -> None:
    with sandbox.client("anna") as c:
        case = find_case(c, lambda k: k["status"] != "closed")
        documents = c.get(f"/api/v1/cases/{case['id']}/documents").json()
    small = min(documents, key=lambda d: d["size"])
    opened: list[Path] = []
    view = CaseView(anna)
    qtbot.addWidget(view)
    view.documents.opener = lambda p: opened.append(p) is None  # type: ignore[func-returns-value]
    open_case(qloop, view, case["id"])
    view.documents.select(small["id"])
    task = view.documents.open_selected()
    assert task is not None
    path = qloop.run(task)
    qloop.run(until(lambda: bool(opened)))
    assert opened == [path]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == small["sha256"]
    assert qloop.run(anna.store.has_blob(small["sha256"]))
    qloop.run(until(lambda: "Finns offline" in (view.documents.tree.currentItem() or NO_ITEM).text(3)))
    assert not view.documents.drawing_button.isEnabled() or view.documents.drawing_viewer_available


def test_the_history_speaks_the_ui_language_and_follows_a_live_switch(
    qtbot: Any, qapp: QtWidgets.QApplication, qloop: LoopRunner, sandbox: Sandbox, anna: Services
) -> None:
    case = a_case(sandbox, lambda k: k["deadline"]["extension_weeks"] > 1)
    weeks = case["deadline"]["extension_weeks"]
    translations = i18n.Translations(qapp)
    translations.apply("sv")
    try:
        view = case_view(qtbot, qloop, anna, case["id"])
        assert entry(view, "Ärendet inkom").endswith(" · Systemet")  # no person: the platform's entry
        assert entry(view, "Tidsfristen förlängd", body=True).startswith(f"{weeks} veckor. ")

        translations.apply("en")
        qloop.run(until(lambda: "Time limit extended" in view.timeline.plain()))
        assert entry(view, "Case received").endswith(" · System")
        # the number of weeks in the UI language; the platform's own text after it stays as written
        extended = entry(view, "Time limit extended", body=True)
        assert extended.startswith(f"{weeks} weeks. Handläggningstiden förlängs med {weeks} veckor."), (
            extended
        )
        assert "Systemet" not in view.timeline.plain()
        assert view.timeline.accessibleName() == "History"

        translations.apply("sv")
        qloop.run(until(lambda: "Tidsfristen förlängd" in view.timeline.plain()))
        assert entry(view, "Ärendet inkom").endswith(" · Systemet")
        assert entry(view, "Tidsfristen förlängd", body=True).startswith(f"{weeks} veckor. ")
        # redrawn in Swedish, and the reloads over before the store closes
        qloop.run(until(lambda: " · Inkom " in view.meta.text() and reloads_over(view), what="the reload"))
    finally:
        if translations.language != "sv":  # a switch now would reach the view after its services closed
            translations.apply("sv")


def entry(view: CaseView, label: str, *, body: bool = False) -> str:
    """The heading line of the history entry ``label`` (date · label · who), or with ``body`` its text."""
    lines = view.timeline.plain().splitlines()
    at = next(i for i, line in enumerate(lines) if f" · {label} · " in line)
    return lines[at + 1] if body else lines[at]


# --- acting online ---------------------------------------------------------------------------------


def test_note_and_status_change_online_reach_the_platform(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    case = a_case(fresh, lambda k: k["status"] == "under_review")
    with running_services(qloop, fresh.url, "anna", tmp_path / "anna") as anna:
        view = case_view(qtbot, qloop, anna, case["id"])

        text = "Grannehorande klart, inga erinringar."  # QTest types ASCII only
        qtbot.keyClicks(view.note_edit, text)
        assert view.add_note_button.isEnabled()
        qtbot.mouseClick(view.add_note_button, Qt.MouseButton.LeftButton)
        qloop.run(until(lambda: view.note_edit.toPlainText() == ""))
        qloop.run(anna.sync.sync_now())
        qloop.run(until(lambda: any(e.text == text and not e.badge for e in view.timeline.entries)))

        assert view.send_referral.isEnabled()
        qtbot.mouseClick(view.send_referral, Qt.MouseButton.LeftButton)
        qloop.run(until(lambda: view.status_badge.text() == "På remiss"))
        qloop.run(anna.sync.sync_now())
        qloop.run(until(lambda: not view.pending_badge.isVisible() and not view.waiting.isVisible()))

    with fresh.client("anna") as c:
        assert notes_on_platform(c, case["id"], text) == 1
        assert status_on_platform(c, case["id"]) == "referral"


def test_note_by_keyboard_ctrl_enter(qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path) -> None:
    case = a_case(fresh, lambda k: k["status"] not in ("closed", "decided"))
    with running_services(qloop, fresh.url, "anna", tmp_path / "anna") as anna:
        view = case_view(qtbot, qloop, anna, case["id"])
        view.note_edit.setFocus()
        qtbot.keyClicks(view.note_edit, "Via tangentbordet")
        qtbot.keyClick(view.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qloop.run(until(lambda: view.note_edit.toPlainText() == ""))
        items = qloop.run(anna.store.list_outbox(case_id=case["id"]))
        assert [i.payload["text"] for i in items if i.kind == "add_note"] == ["Via tangentbordet"]


# --- acting offline --------------------------------------------------------------------------------


def test_offline_actions_wait_in_the_outbox_and_land_once(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    case = a_case(fresh, lambda k: k["status"] == "received")
    with FaultyProxy(fresh.url) as proxy, running_services(qloop, proxy.url, "anna", tmp_path / "a") as anna:
        view = CaseView(anna)
        outbox = OutboxView(anna)
        indicator = SyncIndicator(anna)
        for w in (view, outbox, indicator):
            qtbot.addWidget(w)
        view.show()
        open_case(qloop, view, case["id"])

        proxy.cut()
        text = "Skrivet på tåget utan nät."
        view.note_edit.setPlainText(text)
        qloop.run(started(view.add_note()))
        qloop.run(started(view.set_status(CaseStatus.COMPLETE)))
        qloop.run(until(lambda: view.status_badge.text() == "Komplett"))
        qloop.run(_sync_quietly(anna))
        qloop.run(until(lambda: anna.bridge.online is False))

        qloop.run(outbox.refresh())
        lines = outbox.lines()
        number = case["registration_number"]
        assert f"Anteckning på {number} – väntar på nätverk" in lines
        assert f"Statusändring (Komplett) på {number} – väntar på nätverk" in lines
        qloop.run(until(lambda: view.pending_badge.isVisible()))
        assert any(e.text == text and e.badge == "Ej skickad ännu" for e in view.timeline.entries)
        qloop.run(until(lambda: indicator.text().startswith("Offline sedan")))
        assert indicator.outbox.text().startswith("2 i utkorgen")

        proxy.restore()
        qloop.run(anna.sync.sync_now())
        qloop.run(outbox.refresh())
        assert outbox.lines() == []
        qloop.run(until(lambda: not view.pending_badge.isVisible()))
        qloop.run(until(lambda: indicator.text().startswith("Synkad")))
        assert not indicator.outbox.isVisible()
        counts = qloop.run(anna.store.outbox_counts())
        assert (
            counts[OutboxState.PENDING] == counts[OutboxState.CONFLICT] == counts[OutboxState.REJECTED] == 0
        )

    with fresh.client("anna") as c:
        assert notes_on_platform(c, case["id"], text) == 1
        assert status_on_platform(c, case["id"]) == "complete"


async def _sync_quietly(services: Services) -> None:
    """A sync that may fail (offline): the engine reports it; the test only needs it to have tried."""
    try:
        await services.sync.sync_now()
    except Exception as exc:
        logging.getLogger(__name__).info("sync failed as expected offline: %s", type(exc).__name__)
    await asyncio.sleep(0)


# --- the user's own actions in the history --------------------------------------------------------


def test_own_actions_show_at_once_when_acted_then_once_as_sent(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    """A note and a status change made offline show in the history at once, marked not sent and dated
    when the user acted; after the sync each shows once, as the platform's event, still dated so."""
    case = a_case(fresh, lambda k: k["status"] == "received")
    with FaultyProxy(fresh.url) as proxy, running_services(qloop, proxy.url, "anna", tmp_path / "a") as anna:
        view = case_view(qtbot, qloop, anna, case["id"])
        shown: list[list[Entry]] = []  # every rendering of the history, to find flicker and duplicates
        show = view.timeline.show_entries
        view.timeline.show_entries = lambda entries: (shown.append(list(entries)), show(entries))[1]  # type: ignore[method-assign]

        proxy.cut()
        noted_at = (dt.datetime.now().astimezone() - dt.timedelta(hours=3)).replace(microsecond=0)
        changed_at = noted_at + dt.timedelta(minutes=5)
        text = "Skrivet offline i fält."
        anna.sync.clock = lambda: noted_at
        view.note_edit.setPlainText(text)
        qloop.run(started(view.add_note()))
        anna.sync.clock = lambda: changed_at
        qloop.run(started(view.set_status(CaseStatus.COMPLETE)))

        def note(entries: list[Entry]) -> list[Entry]:
            return [e for e in entries if e.text == text]

        def completed(entries: list[Entry]) -> list[Entry]:
            return [e for e in entries if "Komplett" in e.label or e.text.endswith("→ Komplett")]

        [pending_note], [pending_change] = note(view.timeline.entries), completed(view.timeline.entries)
        assert (pending_note.badge, pending_note.at) == ("Ej skickad ännu", noted_at)
        assert pending_note.label == "Intern anteckning"
        assert (pending_change.badge, pending_change.at) == ("Ej skickad ännu", changed_at)
        assert pending_change.label == "Statusändring (Komplett)"
        plain = view.timeline.plain()
        assert f"{format_datetime(noted_at)} · Intern anteckning" in plain and "Ej skickad ännu" in plain
        first = len(shown) - 1

        proxy.restore()
        anna.sync.clock = lambda: dt.datetime.now().astimezone()
        qloop.run(anna.sync.sync_now())
        qloop.run(until(lambda: not any(e.badge for e in view.timeline.entries), what="the history as sent"))
        [sent_note], [sent_change] = note(view.timeline.entries), completed(view.timeline.entries)
        assert (sent_note.at, sent_change.at) == (noted_at, changed_at)  # the platform's acted_at
        assert sent_change.label == "Statusändring"
        assert "Ej skickad ännu" not in view.timeline.plain()
        for entries in shown[first:]:  # never gone, never twice, from acting to the event
            assert len(note(entries)) == 1 and len(completed(entries)) == 1, entries
        qloop.run(until(lambda: reloads_over(view)))


# --- the deadline extension ------------------------------------------------------------------------


def test_extension_once_then_the_button_says_why_not(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    import datetime as dt

    from caseworker.domain import clock
    from caseworker.domain.models import DeadlineFacts

    def extendable(k: dict[str, Any]) -> bool:
        facts = DeadlineFacts.model_validate(k["deadline"])
        return (
            k["status"] in ("received", "under_review", "complete")
            and clock.may_extend(facts, dt.date.today()) is None
        )

    case = a_case(fresh, extendable)
    with running_services(qloop, fresh.url, "anna", tmp_path / "anna") as anna:
        view = case_view(qtbot, qloop, anna, case["id"], show=False)
        assert view.extend.isEnabled()
        dialog = view.extension_dialog()
        assert dialog is not None
        dialog.weeks.setValue(6)
        dialog.reason.setPlainText("Ärendet kräver samråd med länsstyrelsen.")
        qloop.run(started(view.extend_with(dialog.extension())))
        assert not view.extend.isEnabled()
        qloop.run(anna.sync.sync_now())
        open_case(qloop, view, case["id"])
        assert not view.extend.isEnabled()
        assert view.extend.toolTip() == "Tidsfristen har redan förlängts en gång."
        assert (
            view.extend_reason.text() == "Förlängning inte möjlig: Tidsfristen har redan förlängts en gång."
        )
        assert view.clock.extension.text() == "6 veckor: Ärendet kräver samråd med länsstyrelsen."
    with fresh.client("anna") as c:
        assert c.get(f"/api/v1/cases/{case['id']}").json()["deadline"]["extension_weeks"] == 6


# --- the other actions -----------------------------------------------------------------------------


def test_request_completion_sends_the_message_and_sets_incomplete(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    case = a_case(fresh, lambda k: k["status"] == "under_review")
    with running_services(qloop, fresh.url, "anna", tmp_path / "anna") as anna:
        view = case_view(qtbot, qloop, anna, case["id"], show=False)
        assert view.request_completion.isEnabled()
        dialog = view.completion_dialog()
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert dialog.subject.text() == f"Begäran om komplettering – {case['registration_number']}"
        assert case["property"]["designation"] in dialog.body.toPlainText()
        dialog.body.setPlainText("Hej!\n\nSituationsplan i skala 1:500 saknas.")
        qloop.run(started(view.request_completion_with(dialog.message())))
        assert view.status_badge.text() == "Väntar på komplettering"
        assert not view.request_completion.isEnabled()
        assert view.mark_complete.isEnabled()
        qloop.run(anna.sync.sync_now())

        # and a plain message to the applicant from the message tab
        view.message_subject.setText("Fråga om fasadmaterial")
        view.message_body.setPlainText("Vilken kulör har fasaden?")
        qtbot.mouseClick(view.send_message_button, Qt.MouseButton.LeftButton)
        qloop.run(until(lambda: view.message_subject.text() == ""))
        qloop.run(anna.sync.sync_now())
        qloop.run(until(lambda: not view.pending_badge.isVisible()))
    with fresh.client("anna") as c:
        platform = c.get(f"/api/v1/cases/{case['id']}").json()
        events = c.get(f"/api/v1/cases/{case['id']}/events").json()
    assert platform["status"] == "incomplete"
    assert platform["deadline"]["completion_requested_on"] is not None
    messages = [(e["data"].get("subject"), e["text"]) for e in events if e["kind"] == "message"]
    assert (dialog.subject.text(), "Hej!\n\nSituationsplan i skala 1:500 saknas.") in messages
    assert ("Fråga om fasadmaterial", "Vilken kulör har fasaden?") in messages


def test_bookmark_and_make_available_offline(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services
) -> None:
    with sandbox.client("anna") as c:
        case = find_case(c, lambda k: k["status"] == "complete")
        documents = c.get(f"/api/v1/cases/{case['id']}/documents").json()
    view = case_view(qtbot, qloop, anna, case["id"])
    qloop.run(started(view.toggle_bookmark()))
    assert view.bookmark.isChecked() and view.bookmark_mark.isVisible()
    assert case["id"] in qloop.run(anna.store.bookmarks())

    task = view.make_available_offline()
    assert task is not None
    progress = view.findChild(QtWidgets.QProgressDialog, "offlineProgress")
    assert progress is not None and progress.isVisible()
    qloop.run(task, timeout=120)
    qloop.run(until(lambda: not progress.isVisible()))
    for doc in documents:
        assert qloop.run(anna.store.has_blob(doc["sha256"]))
    qloop.run(until(lambda: all("Finns offline" in (view.documents.tree.topLevelItem(i) or NO_ITEM).text(3)
                                for i in range(view.documents.tree.topLevelItemCount()))))  # fmt: skip


def test_everything_is_reachable_by_keyboard_with_names_and_unique_mnemonics(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services
) -> None:
    import re

    case = a_case(sandbox, lambda k: k["status"] == "received")
    view = case_view(qtbot, qloop, anna, case["id"])
    interactive = (QtWidgets.QAbstractButton, QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit,
                   QtWidgets.QTextBrowser, QtWidgets.QTreeWidget)  # fmt: skip
    mnemonics: dict[str, str] = {}
    for w in view.findChildren(QtWidgets.QWidget):
        if not w.isVisibleTo(view):
            continue
        if isinstance(w, interactive) and not isinstance(w, QtWidgets.QTabBar):
            assert w.focusPolicy() & Qt.FocusPolicy.TabFocus, f"{w.objectName()} cannot be reached by Tab"
            text = w.text() if isinstance(w, QtWidgets.QAbstractButton) else ""
            assert w.accessibleName() or text, f"{type(w).__name__} {w.objectName()} has no name"
        label = w.text() if isinstance(w, (QtWidgets.QAbstractButton, QtWidgets.QLabel)) else ""
        if isinstance(w, QtWidgets.QGroupBox):
            label = w.title()
        m = re.search(r"&(\w)", label or "")
        if m:
            key = m.group(1).lower()
            assert key not in mnemonics, f"Alt+{key} is both {mnemonics[key]!r} and {label!r}"
            mnemonics[key] = label
    # Stäng and Handlingar have none: the menu bar's &Synk and &Hjälp own S and H in the window (Esc closes)
    assert {"b", "k", "g", "r", "t", "l", "c"} <= set(mnemonics)

    # Tab walks from the first action through the history to the note editor
    chain, w = [], view.request_completion
    for _ in range(5000):
        chain.append(w)
        w = w.nextInFocusChain()
        if w is view.request_completion:
            break
    for target in (view.extend, view.timeline, view.note_edit, view.documents.tree):
        assert target in chain


def test_the_municipalitys_logo_is_drawn_offline_from_the_local_store(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path
) -> None:
    """Synced, then offline and restarted: a case of a municipality never opened before still shows its
    coat of arms -- the sync kept every logo in the local store."""
    with FaultyProxy(sandbox.url) as proxy, running_services(qloop, proxy.url, "anna", tmp_path) as anna:
        qloop.run(until(lambda: not anna.background, what="the logos to be kept after the sync"))
        for m in anna.municipalities.values():
            assert qloop.run(anna.store.get_state(identity.logo_state_key(m))), m.id
        proxy.cut()
        identity._memory.clear()  # as after a restart: only what is on the computer
        case = a_case(sandbox, lambda k: True)
        view = case_view(qtbot, qloop, anna, case["id"])
        assert view.band.name.text() == anna.municipalities[case["municipality_id"]].name
        qloop.run(until(lambda: not view.band.logo.pixmap().isNull(), what="the logo, offline"))
        assert view.band.logo.isVisible()
