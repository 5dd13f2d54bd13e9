"""The scale a sheet states, read from its text (the engine's page_text) and from the sandbox's drawings."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseworker.drawings import RenderEngine
from caseworker.drawings.sheet import sheet_scale
from tests.caseworker.drawings.conftest import WAIT


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("Ritning A-10\nSkala\n1:100 (A3)\nDatum 2026-01-02", "1:100"),
        ("SKALA: 1:50", "1:50"),
        ("Scale 1 : 200 at A1", "1:200"),
        ("Plan 1:100\nSektion 1:100\nDetalj 1:20", "1:100"),  # no label: the most common usual ratio
        ("Detalj 1:20 och 1:50", None),  # as common as each other: the sheet does not say
        ("Datum 2026-01-02 kl 11:30, rum 1:3", None),  # times and odd ratios are no scale
        ("", None),
    ],
)
def test_the_stated_scale_is_found_in_the_text(text: str, scale: str | None) -> None:
    assert sheet_scale(text) == scale


def test_page_text_of_a_drawing_names_its_scale_and_a_scan_has_none(
    engine: RenderEngine, drawings: dict[str, Path]
) -> None:
    plan = engine.open(drawings["plan.pdf"]).result(WAIT)
    text = engine.page_text(plan, 0).result(WAIT)
    assert sheet_scale(text) == "1:100", text[:200]
    scan = engine.open(drawings["house.tif"]).result(WAIT)
    assert engine.page_text(scan, 0).result(WAIT) == ""
    engine.close_document(plan)
    engine.close_document(scan)
