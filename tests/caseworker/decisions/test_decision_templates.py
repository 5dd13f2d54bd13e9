"""The standard texts as data: complete for every case type and outcome, plain Swedish, overridable."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from caseworker.decisions.compose import compose_letter, letter_title, standard_decision
from caseworker.decisions.letter import Part, missing_parts
from caseworker.decisions.templates import DEFAULT_DIR, TemplateError, load_templates
from caseworker.domain.models import Case, CaseType, DecisionOutcome
from caseworker.sandbox.decision_sample import sample

VERBS = {
    DecisionOutcome.GRANTED: ("beviljas", "Startbesked ges"),
    DecisionOutcome.REFUSED: ("avslås",),
    DecisionOutcome.DISMISSED: ("avvisas",),
    DecisionOutcome.WRITTEN_OFF: ("avskrivs",),
}


@pytest.mark.parametrize("municipality", ["alvdala", "norrsjo", "vanerby"])
def test_every_case_type_and_outcome_has_a_plain_decision(municipality: str) -> None:
    templates = load_templates(municipality)
    for case_type in CaseType:
        for outcome in DecisionOutcome:
            texts = templates.outcome(case_type, outcome)
            assert any(verb in texts.decision for verb in VERBS[outcome]), (
                case_type,
                outcome,
                texts.decision,
            )
            if outcome is DecisionOutcome.GRANTED:
                assert texts.conditions and texts.advisory_notes, (case_type, "granted needs standard texts")


def test_granted_lov_notes_cover_startbesked_lapse_and_poit() -> None:
    notes = " ".join(
        load_templates("alvdala").outcome(CaseType.EXTENSION, DecisionOutcome.GRANTED).advisory_notes
    )
    assert "startbesked" in notes and "två år" in notes and "fem år" in notes
    assert "Post- och Inrikes Tidningar" in notes and "fyra veckor" in notes


def test_a_municipality_overrides_the_standard_conditions() -> None:
    standard = load_templates("alvdala").outcome(CaseType.NEW_BUILDING_HOUSE, DecisionOutcome.GRANTED)
    own = load_templates("vanerby").outcome(CaseType.NEW_BUILDING_HOUSE, DecisionOutcome.GRANTED)
    assert any("Vänern" in c for c in own.conditions) and not any("Vänern" in c for c in standard.conditions)
    assert own.advisory_notes == standard.advisory_notes  # merged key by key, not replaced wholesale


def test_override_folder_and_its_errors(tmp_path: Path) -> None:
    (tmp_path / "alvdala.yaml").write_text(
        "appeal_instructions: ['Överklaga till {appeal_body} senast tre veckor efter delfåendet.']\n", "utf-8"
    )
    assert load_templates("alvdala", override_dir=tmp_path).appeal_instructions == (
        "Överklaga till {appeal_body} senast tre veckor efter delfåendet.",
    )
    (tmp_path / "alvdala.yaml").write_text("committee_decision: 'Ansökan medges av {committee}.'\n", "utf-8")
    with pytest.raises(TemplateError, match="plain verbs"):
        load_templates("alvdala", override_dir=tmp_path)
    (tmp_path / "alvdala.yaml").write_text("committee_decision: 'Beslut av {chairman}.'\n", "utf-8")
    with pytest.raises(TemplateError, match="unknown placeholder"):
        load_templates("alvdala", override_dir=tmp_path)
    (tmp_path / "alvdala.yaml").write_text("groups: [\n", "utf-8")
    with pytest.raises(TemplateError, match="cannot read"):
        load_templates("alvdala", override_dir=tmp_path)


def test_the_shipped_files_never_say_medges_or_bifalls() -> None:
    for path in DEFAULT_DIR.rglob("*.yaml"):
        text = path.read_text("utf-8").lower()
        body = "\n".join(
            line for line in text.splitlines() if not line.lstrip().startswith("#")
        )  # comments name them
        assert "medges" not in body and "bifalls" not in body, path


def test_appeal_instructions_name_the_municipalitys_appeal_body(letter) -> None:  # type: ignore[no-untyped-def]
    for municipality, body in (("alvdala", "Värmlands län"), ("vanerby", "Västra Götalands län")):
        text = " ".join(letter(municipality, DecisionOutcome.GRANTED).appeal_instructions)
        assert f"Länsstyrelsen i {body}" in text and "tre veckor" in text and "fyra veckor" in text


def test_fee_reduction_committee_and_publication(letter) -> None:  # type: ignore[no-untyped-def]
    granted = letter("alvdala", DecisionOutcome.GRANTED)
    # received 12 Jan, completion asked 26 Jan (in time), complete 9 Feb → deadline 20 Apr; decided 22 Apr
    assert "en påbörjad vecka efter tidsfristen, som löpte ut 2026-04-20" in " ".join(granted.fee)
    assert "19\u00a0680\u00a0kronor" in granted.fee[0] and "en femtedel" in granted.fee[1]
    assert granted.decided_under.startswith("Beslutet har fattats med stöd av delegation enligt")
    assert granted.distribution[-1].startswith("Kungörelse i Post- och Inrikes Tidningar")
    refused = letter("norrsjo", DecisionOutcome.REFUSED)
    assert (
        refused.decided_under
        == "Beslutet har fattats av samhällsbyggnadsnämnden vid sammanträde 2026-04-22, § 58."
    )
    assert refused.presented_by is not None
    assert not any("Post- och Inrikes" in d for d in refused.distribution)  # refusals are not published
    written_off = letter("alvdala", DecisionOutcome.WRITTEN_OFF)
    assert written_off.fee == ("Ingen avgift tas ut för ärendet.",)
    assert not missing_parts(written_off)


def test_shore_exemption_is_not_reduced_and_not_published(letter) -> None:  # type: ignore[no-untyped-def]
    base = letter("alvdala", DecisionOutcome.GRANTED)
    templates = load_templates("alvdala")
    case = Case.model_validate(sample("alvdala", DecisionOutcome.GRANTED)["case"]).model_copy(
        update={"case_type": CaseType.SHORE_EXEMPTION, "title": "Strandskyddsdispens för brygga"}
    )
    decision = standard_decision(
        templates,
        base.municipality,
        case,
        DecisionOutcome.GRANTED,
        decided_on=dt.date(2026, 9, 1),
        signed_by="Anna",
    )
    assert decision.fee_sek == case.fee_sek  # no 12 kap. 8 a § reduction under miljöbalken
    shore = compose_letter(case, decision, base.municipality, templates)
    assert shore.title == "Strandskyddsdispens för brygga"
    assert (
        shore.decision[0] == "Strandskyddsdispens beviljas med stöd av 7 kap. 18 b § miljöbalken (1998:808)."
    )
    assert not any("satts ned" in p for p in shore.fee)
    assert not any("Post- och Inrikes" in d for d in shore.distribution)
    assert missing_parts(shore) == (Part.REASONS,)  # the caseworker has not written the reasons yet
    assert missing_parts(dataclasses.replace(shore, conditions=(), reasons=("Skäl.",))) == (Part.CONDITIONS,)


def test_a_refusal_is_titled_by_what_was_applied_for(letter) -> None:  # type: ignore[no-untyped-def]
    assert (
        letter("alvdala", DecisionOutcome.GRANTED).title == "Bygglov för nybyggnad av enbostadshus och garage"
    )
    for outcome in (DecisionOutcome.REFUSED, DecisionOutcome.DISMISSED, DecisionOutcome.WRITTEN_OFF):
        title = letter("alvdala", outcome).title
        assert title == "Ansökan om bygglov för nybyggnad av enbostadshus och garage", outcome
    case = Case.model_validate(sample("alvdala", DecisionOutcome.REFUSED)["case"])
    shore = case.model_copy(
        update={"case_type": CaseType.SHORE_EXEMPTION, "title": "Strandskyddsdispens för bastu"}
    )
    assert letter_title(shore, DecisionOutcome.GRANTED) == "Strandskyddsdispens för bastu"
    assert letter_title(shore, DecisionOutcome.REFUSED) == "Ansökan om strandskyddsdispens för bastu"
    notice = case.model_copy(update={"case_type": CaseType.NOTIFICATION, "title": "Anmälan om attefallshus"})
    assert letter_title(notice, DecisionOutcome.REFUSED) == "Anmälan om attefallshus"
