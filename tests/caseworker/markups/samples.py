"""Markups of every kind on a blank sheet, for the markup core's tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pikepdf

from caseworker.domain.models import LengthUnit
from caseworker.markups import Kind, Markup, Reply, Status, calibration_markup

A3 = (1190.0, 842.0)
WHEN = dt.datetime(2026, 11, 30, 9, 15, 0, tzinfo=dt.UTC)  # whole seconds: PDF and XFDF dates have no less


def blank_pdf(pages: int = 1, size: tuple[float, float] = A3) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=size)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def every_kind(page: int = 0) -> list[Markup]:
    """One markup of each kind, laid out on a grid of 200 x 150 pt cells so none overlaps another."""

    def cell(i: int) -> tuple[float, float]:
        return (40 + (i % 5) * 220, 60 + (i // 5) * 190)

    def m(i: int, kind: Kind, **shape: object) -> Markup:
        return Markup(
            id=f"m{page}-{kind.value}", page=page, kind=kind, color="#1565c0", width=2.0,
            author="Karin Björk", created=WHEN, modified=WHEN, **shape,  # type: ignore[arg-type]
        )  # fmt: skip

    out = []
    for i, kind in enumerate(
        [Kind.RECTANGLE, Kind.ELLIPSE, Kind.CLOUD, Kind.LINE, Kind.ARROW, Kind.POLYLINE, Kind.POLYGON,
         Kind.INK, Kind.TEXT, Kind.CALLOUT, Kind.HIGHLIGHT, Kind.STAMP, Kind.DISTANCE, Kind.AREA]
    ):  # fmt: skip
        x, y = cell(i)
        box = (x, y, x + 160, y + 100)
        square = ((x, y), (x + 160, y), (x + 160, y + 100), (x, y + 100))
        if kind in (Kind.RECTANGLE, Kind.ELLIPSE, Kind.HIGHLIGHT):
            out.append(m(i, kind, rect=box))
        elif kind == Kind.TEXT:
            out.append(m(i, kind, rect=box, text="Textruta: kontrollera måttkedjan (å, ä, ö)."))
        elif kind == Kind.CALLOUT:
            out.append(
                m(i, kind, rect=(x + 60, y + 50, x + 160, y + 100), anchor=(x + 5, y + 5), text="Varför?")
            )
        elif kind == Kind.STAMP:
            out.append(m(i, kind, rect=(x, y + 30, x + 160, y + 80), text="Godkänd"))
        elif kind in (Kind.CLOUD, Kind.POLYGON, Kind.AREA):
            out.append(m(i, kind, points=square))
        elif kind == Kind.POLYLINE:
            out.append(m(i, kind, points=((x, y), (x + 80, y + 100), (x + 160, y))))
        elif kind == Kind.INK:
            out.append(
                m(
                    i,
                    kind,
                    strokes=(
                        ((x, y), (x + 40, y + 60), (x + 80, y + 20)),
                        ((x + 100, y), (x + 160, y + 100)),
                    ),
                )
            )
        else:
            out.append(m(i, kind, points=((x, y + 50), (x + 160, y + 50))))
    cal = calibration_markup(
        f"m{page}-calibration", page, (40.0, 800.0), (240.0, 800.0), length=10.0, unit=LengthUnit.M
    )
    out.append(replace(cal, created=WHEN, modified=WHEN, author="Karin Björk"))
    thread = (
        Reply("r1", "Anna Lindqvist", "Åtgärdat i rev B.", WHEN),
        Reply("r2", "Karin Björk", "Ok.", WHEN),
    )
    out[2] = replace(out[2], status=Status.ACCEPTED, text="Brandcellsgräns?", replies=thread)
    return out
