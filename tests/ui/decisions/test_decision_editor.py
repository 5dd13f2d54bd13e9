"""The decision editor against a live sandbox: the checklist blocks an incomplete decision, the preview
renders, the draft survives closing, printing through QPrinter, and sending online, offline and into a
decision someone else made meanwhile."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from caseworker.decisions.letter import Part
from caseworker.domain.models import CaseStatus, DecisionOutcome
from caseworker.store import OutboxState
from caseworker.store.drafts import load_draft
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox, send_decision
from tests.helpers.waiting import until
from tests.ui.services_factory import case_view, find_case, running_services, status_on_platform
from ui.case import CaseView
from ui.decisions.draft import DRAFT_KIND
from ui.decisions.editor import DecisionEditor
from ui.qt import Qt, QtPrintSupport, QtWidgets
from ui.services import Services

REASONS = "Åtgärden stämmer med detaljplanen och bedöms inte medföra betydande olägenhet för grannarna."
OPEN = ("received", "complete", "under_review", "referral")


def decidable(c: httpx.Client) -> dict[str, Any]:
    """An open building-permit case of the user's queue with an applicant and a fee."""
    return find_case(
        c,
        lambda k: (
            k["status"] in OPEN
            and k["case_type"].startswith("bygglov_")
            and k["fee_sek"] > 0
            and any(p["role"] == "applicant" for p in k["parties"])
        ),
    )


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


@pytest.fixture
def case(sandbox: Sandbox) -> dict[str, Any]:
    """A case Anna may decide (from the shared sandbox: these tests do not send)."""
    with sandbox.client("anna") as c:
        return decidable(c)


def open_editor(qtbot: Any, qloop: LoopRunner, services: Services, case_id: str) -> DecisionEditor:
    editor = DecisionEditor(services, case_id)
    qtbot.addWidget(editor)
    editor.show()
    qloop.run(editor.load_task)
    qloop.run(until(lambda: editor.rendered is not None and not editor.preview_timer.isActive()))
    return editor


def complete(qloop: LoopRunner, editor: DecisionEditor) -> None:
    """Fill in what the templates cannot know: the reasons and the delegation."""
    editor.reasons.setPlainText(REASONS)
    editor.delegation_ref.setText("delegationsordningen, punkt 3.4")
    assert editor.missing == ()


def settle_preview(qloop: LoopRunner, editor: DecisionEditor) -> None:
    qloop.run(until(lambda: not editor.preview_timer.isActive()))
    task = editor._rendering
    if task is not None:
        qloop.run(task)


# --- the editor ------------------------------------------------------------------------------------


def test_the_checklist_blocks_an_incomplete_decision_and_the_preview_renders(
    qtbot: Any, qloop: LoopRunner, anna: Services, case: dict[str, Any]
) -> None:
    editor = open_editor(qtbot, qloop, anna, case["id"])
    # it opens inside the screen's free area, its buttons reachable (it used to open 860 px tall)
    assert editor.screen().availableGeometry().contains(editor.frameGeometry().topLeft())
    assert editor.height() <= editor.screen().availableGeometry().height()

    # prefilled from the municipality's templates: a granted permit with conditions and notes
    assert editor.selected_outcome() is DecisionOutcome.GRANTED
    assert editor.legal_ground.text() and editor.conditions.items() and editor.notes.items()
    assert editor.decided_by.text() == anna.user.display_name
    assert editor.fee_basis.text() == case["fee_basis"]
    assert "Avgift i beslutet" in editor.fee_text.text()
    # what the templates cannot know is missing, and nothing can be finalised
    assert set(editor.missing) == {Part.REASONS, Part.DECIDED_BY}
    assert editor.checklist.count() == len(Part)  # a granted permit needs all ten parts
    assert not any(b.isEnabled() for b in (editor.send_button, editor.print_button, editor.save_pdf_button))
    assert any("✗" in editor.checklist.item(i).text() for i in range(editor.checklist.count()))
    # the preview shows the letter's pages (gaps marked) as images
    assert editor.preview.images and not editor.preview.images[0].isNull()
    assert editor.preview.images[0].width() > 300

    complete(qloop, editor)
    assert all(b.isEnabled() for b in (editor.send_button, editor.print_button, editor.save_pdf_button))
    assert all("✓" in editor.checklist.item(i).text() for i in range(editor.checklist.count()))

    # a refusal needs no conditions or notes; an empty legal ground blocks it again
    editor.outcome.setCurrentIndex(editor.outcome.findData(DecisionOutcome.REFUSED.value))
    assert editor.conditions_box.isHidden()
    assert Part.CONDITIONS not in editor.checklist.parts and editor.missing == ()
    assert editor.legal_ground.text(), "the refusal's legal ground comes from the templates"
    editor.legal_ground.clear()
    assert editor.missing == (Part.DECISION,)
    assert not editor.send_button.isEnabled()
    settle_preview(qloop, editor)
    assert editor.preview_status.text().endswith("sidor")


def test_a_draft_survives_closing_and_reopening(
    qtbot: Any, qloop: LoopRunner, anna: Services, case: dict[str, Any]
) -> None:
    editor = open_editor(qtbot, qloop, anna, case["id"])
    editor.reasons.setPlainText(REASONS)
    editor.conditions.list.setCurrentRow(0)
    editor.conditions.add_item("Fasaden ska målas i kulören NCS S 1005-Y20R.")
    editor.conditions.move(-1)
    conditions = editor.conditions.items()
    assert conditions[0] == "Fasaden ska målas i kulören NCS S 1005-Y20R."
    editor.close()  # before the pause that saves it: closing saves at once
    assert editor._saving is not None
    qloop.run(editor._saving)
    saved = qloop.run(anna.store.run(lambda s: load_draft(s, DRAFT_KIND, case["id"])))
    assert saved is not None and saved["reasons"] == REASONS

    again = open_editor(qtbot, qloop, anna, case["id"])
    assert again.reasons.toPlainText() == REASONS
    assert again.conditions.items() == conditions
    assert "återställt" in again.draft_status.text()


def test_printing_through_qprinter_to_a_pdf_file_and_saving_as_pdf(
    qtbot: Any, qloop: LoopRunner, anna: Services, case: dict[str, Any], tmp_path: Path
) -> None:
    editor = open_editor(qtbot, qloop, anna, case["id"])
    complete(qloop, editor)
    settle_preview(qloop, editor)
    pages = len(editor.preview.images)

    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "utskrift.pdf"
    printer.setOutputFileName(str(printed))
    assert qloop.run(editor.print_to(printer)) == pages
    reader = PdfReader(io.BytesIO(printed.read_bytes()))
    assert len(reader.pages) == pages >= 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4

    saved = tmp_path / "beslut.pdf"
    qloop.run(editor.save_pdf_to(saved))
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Skäl för beslutet" in text and "detaljplanen" in text and case["registration_number"] in text


def try_sync(qloop: LoopRunner, services: Services) -> None:
    """A sync that may fail (offline): the test only needs it to have tried."""
    try:
        qloop.run(services.sync.sync_now())
    except Exception as exc:  # offline: whatever the failure, the outbox keeps the write
        logging.getLogger(__name__).info("sync failed as expected offline: %s", type(exc).__name__)


# --- sending -------------------------------------------------------------------------------------


@pytest.fixture
def fresh(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return make_sandbox()


def editor_of(qloop: LoopRunner, view: CaseView) -> DecisionEditor:
    """The editor as the case view opens it ("Skriv beslut …"), loaded."""
    view.write_decision.click()
    editor = view.decision_editor
    assert editor is not None and editor.isVisible()
    qloop.run(editor.load_task)
    return editor


@contextlib.contextmanager
def ready_to_send(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, folder: Path, url: str | None = None
) -> Iterator[tuple[dict[str, Any], Services, CaseView, DecisionEditor]]:
    """A decidable case shown to Anna (through ``url``, the platform's by default) and its decision
    editor filled in: (the case as the platform had it, her services, the case view, the editor)."""
    with fresh.client("anna") as c:
        case = decidable(c)
    with running_services(qloop, url or fresh.url, "anna", folder) as anna:
        view = case_view(qtbot, qloop, anna, case["id"])
        assert view.write_decision.isEnabled()
        editor = editor_of(qloop, view)
        complete(qloop, editor)
        yield case, anna, view, editor


def test_sending_online_makes_the_case_decided_on_the_platform(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    with ready_to_send(qtbot, qloop, fresh, tmp_path / "a") as (case, anna, view, editor):
        item = qloop.run(editor.send())
        qloop.run(anna.sync.sync_now())
        assert qloop.run(anna.store.run(lambda s: s.get_outbox_item(item.id))).state is OutboxState.DONE
        assert qloop.run(anna.store.run(lambda s: load_draft(s, DRAFT_KIND, case["id"]))) is None
        qloop.run(until(lambda: view.snapshot is not None and view.snapshot.summary is not None
                        and view.snapshot.summary.status is CaseStatus.DECIDED))  # fmt: skip
        qloop.run(until(lambda: not view.write_decision.isEnabled() and view.appeal_box.isVisibleTo(view)))
        assert "Laga kraft tidigast" in view.appeal.text()
    with fresh.client("anna") as c:
        assert status_on_platform(c, case["id"]) == "decided"
        documents = c.get(f"/api/v1/cases/{case['id']}/documents").raise_for_status().json()
        letter = next(d for d in documents if d["kind"] == "decision")
        events = c.get(f"/api/v1/cases/{case['id']}/events").raise_for_status().json()
        decision = next(e for e in events if e["kind"] == "decision")
    assert decision["data"]["outcome"] == "granted" and decision["text"] == REASONS
    assert letter["size"] > 10_000


def test_sending_offline_waits_in_the_outbox_and_lands_after_reconnect(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    with (
        FaultyProxy(fresh.url) as proxy,
        ready_to_send(qtbot, qloop, fresh, tmp_path / "a", proxy.url) as (case, anna, _view, editor),
    ):
        proxy.cut()
        item = qloop.run(editor.send())
        try_sync(qloop, anna)
        stored = qloop.run(anna.store.run(lambda s: s.get_outbox_item(item.id)))
        assert stored.state is OutboxState.PENDING
        summary = qloop.run(anna.store.run(lambda s: s.get_case_summary(case["id"])))
        assert summary is not None and summary.status is CaseStatus.DECIDED  # shown decided at once
        with fresh.client("anna") as c:
            assert status_on_platform(c, case["id"]) == case["status"]
        proxy.restore()
        qloop.run(anna.sync.sync_now())
        assert qloop.run(anna.store.run(lambda s: s.get_outbox_item(item.id))).state is OutboxState.DONE
    with fresh.client("anna") as c:
        assert status_on_platform(c, case["id"]) == "decided"


def test_a_decision_made_meanwhile_by_someone_else_shows_as_a_conflict(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    with ready_to_send(qtbot, qloop, fresh, tmp_path / "a") as (case, anna, view, editor):
        # meanwhile the team lead decides the case on the platform
        with fresh.client("maria") as c:
            current = c.get(f"/api/v1/cases/{case['id']}")
            decision = {
                "outcome": "refused",
                "legal_ground": "9 kap. 30 § plan- och bygglagen (2010:900)",
                "decided_on": current.json()["deadline"]["received_on"],
                "fee_sek": 0,
                "signed_by": "Maria Engström",
            }
            etag, fields = current.headers["etag"], json.dumps(decision)
            send_decision(
                c, case["id"], etag, b"%PDF-1.4\n%%EOF\n", fields, key="maria-decides-first"
            ).raise_for_status()
        item = qloop.run(editor.send())
        qloop.run(anna.sync.sync_now())
        stored = qloop.run(anna.store.run(lambda s: s.get_outbox_item(item.id)))
        assert stored.state is OutboxState.CONFLICT
        qloop.run(
            until(lambda: view.problem_badge.isVisibleTo(view) and "Konflikt" in view.problem_badge.text())
        )
    with fresh.client("anna") as c:
        events = c.get(f"/api/v1/cases/{case['id']}/events").raise_for_status().json()
    outcomes = [e["data"]["outcome"] for e in events if e["kind"] == "decision"]
    assert outcomes == ["refused"], "the team lead's decision stands; ours was not applied"


# --- keyboard and screen reader --------------------------------------------------------------------


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def test_the_editor_by_keyboard_names_unique_mnemonics_and_a_tab_walk_without_traps(
    qtbot: Any, qloop: LoopRunner, anna: Services, case: dict[str, Any]
) -> None:
    editor = open_editor(qtbot, qloop, anna, case["id"])
    complete(qloop, editor)
    editor.activateWindow()
    qloop.run(until(lambda: QtWidgets.QApplication.activeWindow() is editor))

    def reachable(w: QtWidgets.QWidget) -> bool:
        inner = isinstance(w.parentWidget(), QtWidgets.QAbstractSpinBox | QtWidgets.QComboBox)
        return (
            w.isVisibleTo(editor)
            and w.isEnabled()
            and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and not inner
            and not isinstance(w, QtWidgets.QScrollBar)
        )

    focusable = [w for w in editor.findChildren(QtWidgets.QWidget) if reachable(w)]
    assert len(focusable) > 15
    unnamed = [f"{type(w).__name__} {w.objectName()}" for w in focusable if not w.accessibleName()]
    assert unnamed == []

    labels = editor.findChildren(QtWidgets.QLabel)
    texts = [w.text() for w in [*labels, *editor.findChildren(QtWidgets.QAbstractButton)]]
    keys = [k for k in (_mnemonic(t) for t in texts if t) if k]
    assert len(keys) >= 15 and len(keys) == len(set(keys)), sorted(keys)

    first = editor.outcome
    first.setFocus()
    qloop.run(until(lambda: first.hasFocus()))
    visited: list[QtWidgets.QWidget] = []
    for _ in range(3 * len(focusable)):
        widget = QtWidgets.QApplication.focusWidget()
        assert widget is not None
        visited.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if QtWidgets.QApplication.focusWidget() is first:
            break
    else:
        raise AssertionError("Tab never came back to the first field: a trap")
    missed = [f"{type(w).__name__} {w.objectName()}" for w in focusable if w not in visited]
    assert missed == []
