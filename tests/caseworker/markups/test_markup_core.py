"""The markup core without Qt: hit-testing (the spatial index against testing every markup), calibration
and measurement against known geometry, and markups of the first contract read from the wire."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.domain.models import Annotation, LengthUnit
from caseworker.markups import (
    Calibration,
    Kind,
    Markup,
    MarkupError,
    MarkupIndex,
    brute_force_hits,
    calibration_markup,
    measure,
    page_calibration,
)
from caseworker.markups.measure import totals
from tests.caseworker.markups.samples import every_kind

coordinate = st.floats(min_value=0, max_value=1200, allow_nan=False)
point = st.tuples(coordinate, coordinate)
size = st.floats(min_value=0, max_value=400, allow_nan=False)


@st.composite
def markups(draw: st.DrawFn, index: int) -> Markup:
    kind = draw(st.sampled_from(sorted(Kind, key=lambda k: k.value)))
    x, y = draw(point)
    w, h = draw(size), draw(size)
    width = draw(st.floats(min_value=0.1, max_value=12))
    common = {"id": f"m{index:05d}", "page": 0, "kind": kind, "width": width}
    if kind in (Kind.RECTANGLE, Kind.ELLIPSE, Kind.HIGHLIGHT, Kind.TEXT, Kind.STAMP):
        return Markup(**common, rect=(x, y, x + w, y + h))
    if kind == Kind.CALLOUT:
        return Markup(**common, rect=(x, y, x + w, y + h), anchor=draw(point))
    if kind == Kind.INK:
        return Markup(
            **common, strokes=tuple(tuple(draw(st.lists(point, min_size=1, max_size=6))) for _ in range(2))
        )
    least = 3 if kind in (Kind.POLYGON, Kind.AREA, Kind.CLOUD) else 2
    return Markup(**common, points=tuple(draw(st.lists(point, min_size=least, max_size=8))))


@st.composite
def sheets(draw: st.DrawFn) -> list[Markup]:
    count = draw(st.integers(min_value=0, max_value=60))
    return [draw(markups(i)) for i in range(count)]


@settings(max_examples=150, deadline=None)
@given(
    sheet=sheets(),
    probes=st.lists(point, min_size=1, max_size=20),
    tolerance=st.sampled_from([0.0, 2.0, 6.0]),
    cell=st.sampled_from([8.0, 48.0, 500.0]),
)
def test_the_spatial_index_answers_as_testing_every_markup(
    sheet: list[Markup], probes: list[tuple[float, float]], tolerance: float, cell: float
) -> None:
    index = MarkupIndex(sheet, cell=cell)
    for p in probes:
        assert [m.id for m in index.hits(p, tolerance)] == [
            m.id for m in brute_force_hits(sheet, p, tolerance)
        ]


@settings(max_examples=60, deadline=None)
@given(sheet=sheets(), probes=st.lists(point, min_size=1, max_size=10), data=st.data())
def test_the_index_follows_moves_and_removals(
    sheet: list[Markup], probes: list[tuple[float, float]], data: st.DataObject
) -> None:
    index = MarkupIndex(sheet)
    current = {m.id: m for m in sheet}
    for m in sheet:
        action = data.draw(st.sampled_from(["keep", "move", "remove"]))
        if action == "move":
            moved = m.moved(data.draw(st.floats(-300, 300)), data.draw(st.floats(-300, 300)))
            index.add(moved)
            current[m.id] = moved
        elif action == "remove":
            index.remove(m.id)
            del current[m.id]
    assert len(index) == len(current)
    for p in probes:
        assert [m.id for m in index.hits(p)] == [m.id for m in brute_force_hits(current.values(), p)]


def test_hits_rank_the_line_before_the_inside_and_smaller_inside_before_larger() -> None:
    big = Markup(id="big", page=0, kind=Kind.CLOUD, points=((0, 0), (400, 0), (400, 400), (0, 400)))
    small = Markup(id="small", page=0, kind=Kind.RECTANGLE, rect=(100, 100, 200, 200))
    line = Markup(id="line", page=0, kind=Kind.LINE, points=((150, 0), (150, 400)), width=2)
    index = MarkupIndex([big, small, line])
    assert [m.id for m in index.hits((151, 150), 3)] == ["line", "small", "big"]
    assert [m.id for m in index.hits((120, 120), 3)] == ["small", "big"]
    assert [m.id for m in index.hits((300, 300), 3)] == ["big"]
    assert index.hits((500, 500), 3) == []
    assert next(m.id for m in index.hits((100, 150), 1)) == "small"  # on its border


def test_calibration_from_two_points_and_a_known_length() -> None:
    cal = Calibration.from_points((100, 100), (300, 100), 5.0, LengthUnit.M)  # 200 pt = 5 m
    line = Markup(id="d", page=0, kind=Kind.DISTANCE, points=((0, 0), (0, 400)))
    assert measure(line, cal) is not None and measure(line, cal).value == pytest.approx(10.0)  # type: ignore[union-attr]
    square = Markup(id="a", page=0, kind=Kind.AREA, points=((0, 0), (80, 0), (80, 80), (0, 80)))
    assert measure(square, cal).value == pytest.approx(4.0)  # type: ignore[union-attr]  # 2 m x 2 m
    assert measure(square, cal).text() == "4,00 m²"  # type: ignore[union-attr]
    assert measure(line, None) is None  # uncalibrated: no value rather than a wrong one
    with pytest.raises(MarkupError):
        Calibration.from_points((1, 1), (1.2, 1), 5.0)
    with pytest.raises(MarkupError):
        Calibration.from_points((0, 0), (100, 0), -1)


@pytest.mark.parametrize("ratio", [20, 50, 100, 200, 250, 400, 500, 1000])
def test_preset_scales_give_real_lengths(ratio: int) -> None:
    cal = Calibration.from_ratio(ratio, LengthUnit.MM)
    inch = Markup(id="d", page=0, kind=Kind.DISTANCE, points=((0, 0), (72, 0)))  # 25.4 mm on paper
    assert measure(inch, cal).value == pytest.approx(25.4 * ratio)  # type: ignore[union-attr]
    assert cal.ratio() == pytest.approx(ratio)
    assert Calibration.from_ratio(ratio, LengthUnit.M).units_per_point == pytest.approx(
        cal.units_per_point / 1000
    )


def test_the_newest_calibration_of_the_page_is_the_one_every_reviewer_measures_with() -> None:
    day = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    old = calibration_markup("c1", 0, (0, 0), (100, 0), length=1.0)
    new = calibration_markup("c2", 0, (0, 0), (100, 0), ratio=100)
    other_page = calibration_markup("c3", 1, (0, 0), (100, 0), length=50.0)
    sheet = [
        Markup(**{**new.__dict__, "modified": day}),
        Markup(**{**old.__dict__, "modified": day - dt.timedelta(days=1)}),
        other_page,
    ]
    assert page_calibration(sheet, 0) == Calibration.from_ratio(100)
    assert page_calibration(sheet, 1) == Calibration.from_points((0, 0), (100, 0), 50.0)
    assert page_calibration(sheet, 2) is None
    with pytest.raises(MarkupError):
        calibration_markup("bad", 0, (0, 0), (0, 0), length=3.0)


def test_totals_add_lengths_and_areas_per_unit() -> None:
    sheet = every_kind()
    cal = page_calibration(sheet, 0)
    assert cal is not None and cal.units_per_point == pytest.approx(10 / 200)
    summed = totals(sheet, {0: cal})
    assert summed["length:m"].value == pytest.approx(160 * 0.05)
    assert summed["area:m"].value == pytest.approx(160 * 100 * 0.05**2)
    assert summed["length:m"].text() == "8,00 m"


def test_first_contract_markups_are_read_from_the_wire() -> None:
    def wire(kind: str, geometry: dict[str, object], **more: object) -> Annotation:
        return Annotation.model_validate({
            "id": "a", "document_id": "d", "page": 0, "kind": kind, "geometry": geometry, "author_id": "u",
            "author_name": "Karin", "version": 1, "created_at": "2026-12-01T10:00:00Z",
            "updated_at": "2026-12-01T10:00:00Z", **more,
        })  # fmt: skip

    cloud = Markup.from_annotation(wire("cloud", {"rect": [10, 20, 110, 80]}, resolved=True))
    assert cloud.points == ((10, 20), (110, 20), (110, 80), (10, 80)) and cloud.status == "completed"
    arrow = Markup.from_annotation(wire("arrow", {"from": [1, 2], "to": [30, 40]}))
    assert arrow.points == ((1, 2), (30, 40))
    stamp = Markup.from_annotation(wire("stamp", {"at": [5, 5]}))
    assert stamp.rect is not None and stamp.rect[:2] == (5, 5)
    measured = Markup.from_annotation(wire("measurement", {"points": [1, 2, 3, 4]}))
    assert measured.kind == Kind.DISTANCE and measured.points == ((1, 2), (3, 4))
    assert math.isclose(Markup.from_annotation(wire("text", {"x": 1, "y": 2})).bbox()[0], 1)
    again = Markup.from_annotation(
        wire("distance", cloud.to_input().geometry | {"points": [[0, 0], [5, 5]]}, width=2.5)
    )
    assert again.width == 2.5 and again.to_input().geometry["points"] == [[0, 0], [5, 5]]
