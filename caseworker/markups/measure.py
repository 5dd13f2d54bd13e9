"""Calibration and measurement: lengths and areas of markups in the sheet's real units.

A page's scale comes from its newest calibration markup (kind ``calibration``): two points and the known
length between them, or a drawing scale 1:N (a point on paper is 25.4/72 mm, times N in reality). The
calibration is a markup like any other, so it travels with the document page through the platform and
every reviewer measures with the same scale.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from caseworker.domain.models import LengthUnit, MarkupScale
from caseworker.markups.geometry import path_length, polygon_area
from caseworker.markups.model import Kind, Markup, MarkupError, Point

MM_PER_POINT = 25.4 / 72
MM_PER_UNIT = {LengthUnit.MM: 1.0, LengthUnit.CM: 10.0, LengthUnit.M: 1000.0}
PRESET_RATIOS = (20, 50, 100, 200, 250, 400, 500, 1000)
MIN_CALIBRATION_POINTS = 1.0  # two points closer than this cannot carry a scale


@dataclass(frozen=True)
class Calibration:
    """``units_per_point``: real ``unit``s per PDF point of the sheet."""

    units_per_point: float
    unit: LengthUnit = LengthUnit.M

    def __post_init__(self) -> None:
        if not (math.isfinite(self.units_per_point) and self.units_per_point > 0):
            raise MarkupError("a scale must be a positive finite number")

    @classmethod
    def from_points(cls, a: Point, b: Point, length: float, unit: LengthUnit = LengthUnit.M) -> Calibration:
        """The scale that makes the distance from ``a`` to ``b`` ``length`` ``unit``s."""
        points = math.dist(a, b)
        if points < MIN_CALIBRATION_POINTS:
            raise MarkupError("the two calibration points are too close together")
        if not (math.isfinite(length) and length > 0):
            raise MarkupError("the known length must be a positive number")
        return cls(length / points, unit)

    @classmethod
    def from_ratio(cls, ratio: float, unit: LengthUnit = LengthUnit.M) -> Calibration:
        """A drawing scale 1:``ratio`` (1:100 means a paper millimetre is 100 mm in reality)."""
        if not (math.isfinite(ratio) and ratio > 0):
            raise MarkupError("a drawing scale must be 1:N with N positive")
        return cls(MM_PER_POINT * ratio / MM_PER_UNIT[unit], unit)

    @classmethod
    def of_markup(cls, m: Markup) -> Calibration:
        """The scale a calibration markup states."""
        if m.kind != Kind.CALIBRATION or m.scale is None:
            raise MarkupError("not a calibration markup")
        if m.scale.ratio is not None:
            return cls.from_ratio(m.scale.ratio, m.scale.unit)
        if m.scale.length is None or len(m.points) != 2:
            raise MarkupError("a calibration needs two points and a known length, or a ratio")
        return cls.from_points(m.points[0], m.points[1], m.scale.length, m.scale.unit)

    def ratio(self) -> float:
        """The scale as 1:N."""
        return self.units_per_point * MM_PER_UNIT[self.unit] / MM_PER_POINT


def calibration_markup(
    markup_id: str, page: int, a: Point, b: Point, *, length: float | None = None, ratio: float | None = None,
    unit: LengthUnit = LengthUnit.M,
) -> Markup:  # fmt: skip
    """A calibration markup for ``page`` (checked: it must give a usable scale)."""
    m = Markup(
        id=markup_id,
        page=page,
        kind=Kind.CALIBRATION,
        points=(a, b),
        scale=MarkupScale(length=length, ratio=ratio, unit=unit),
        color="#6a1b9a",
    )
    Calibration.of_markup(m)
    return m


def page_calibration(markups: Iterable[Markup], page: int) -> Calibration | None:
    """The page's scale: its newest calibration markup that states a usable one (None: uncalibrated)."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    found = [m for m in markups if m.kind == Kind.CALIBRATION and m.page == page and m.scale is not None]
    for m in sorted(found, key=lambda m: (m.modified or m.created or oldest, m.id), reverse=True):
        try:
            return Calibration.of_markup(m)
        except MarkupError:
            continue
    return None


@dataclass(frozen=True)
class Measurement:
    value: float
    unit: LengthUnit
    area: bool  # square units

    def text(self) -> str:
        """Swedish number format: '4,60 m', '12,35 m²'."""
        digits = {LengthUnit.MM: 0, LengthUnit.CM: 1, LengthUnit.M: 2}[self.unit]
        number = f"{self.value:,.{digits}f}".replace(",", "\u00a0").replace(".", ",")
        return f"{number} {self.unit.value}{'²' if self.area else ''}"


def length_of(points: Iterable[Point], calibration: Calibration) -> Measurement:
    return Measurement(path_length(list(points)) * calibration.units_per_point, calibration.unit, False)


def area_of_polygon(points: Iterable[Point], calibration: Calibration) -> Measurement:
    return Measurement(polygon_area(list(points)) * calibration.units_per_point**2, calibration.unit, True)


def measure(m: Markup, calibration: Calibration | None) -> Measurement | None:
    """A distance's length or an area's area in real units; None for other kinds or without a scale."""
    if calibration is None:
        return None
    if m.kind in (Kind.DISTANCE, Kind.MEASUREMENT) and len(m.points) >= 2:
        return length_of(m.points, calibration)
    if m.kind == Kind.AREA and len(m.points) >= 3:
        return area_of_polygon(m.points, calibration)
    return None


def totals(markups: Iterable[Markup], calibrations: dict[int, Calibration | None]) -> dict[str, Measurement]:
    """The sum of the lengths and of the areas (by unit) over measured markups: 'length:m', 'area:m'."""
    sums: dict[str, Measurement] = {}
    for m in markups:
        value = measure(m, calibrations.get(m.page))
        if value is None:
            continue
        key = f"{'area' if value.area else 'length'}:{value.unit.value}"
        before = sums.get(key)
        sums[key] = Measurement(value.value + (before.value if before else 0.0), value.unit, value.area)
    return sums
