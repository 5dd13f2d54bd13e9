"""Clouds around a revision compare's changes ("Molnmarkera ändringar"): nearby changes become one cloud,
each cloud sits a margin outside its change and inside the page, bound to the new sheet's sha256; clouds
already made around the same changes are not made again; sent through the outbox (offline first), they
reach the platform as cloud markups."""

from __future__ import annotations

import uuid

from caseworker.domain.models import AnnotationKind
from caseworker.markups import Kind, Markup
from caseworker.markups.clouds import (
    MARGIN,
    MERGE_GAP,
    Region,
    change_clouds,
    merge_boxes,
    merge_regions,
    not_yet_made,
)
from caseworker.store import OutboxState
from tests.caseworker.sync.conftest import OpenRig, anna, http, proxy, rigs, sb, taken
from tests.caseworker.sync.test_sync_markups import a_drawing
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import Platform

__all__ = ["anna", "http", "proxy", "rigs", "sb", "taken"]  # fixtures, used by name

A3 = (1190.55, 841.89)
SHA = "a" * 64


def clouds(regions: list[Region], sha256: str = SHA, text: str = "Ändrat sedan rev A") -> list[Markup]:
    return change_clouds(regions, {0: A3, 1: A3}, document_sha256=sha256, author="Anna Lindqvist", text=text)


def test_changes_closer_than_the_gap_are_one_cloud_and_far_ones_their_own() -> None:
    word = [(100.0 + 9 * i, 500.0, 106.0 + 9 * i, 510.0) for i in range(20)]  # 20 glyphs of one changed text
    far = (900.0, 100.0, 950.0, 140.0)
    assert merge_boxes([*word, far]) == [(100.0, 500.0, 277.0, 510.0), far]
    # a chain: the first and the last are far apart, the middle one (met last) joins them
    a, b, c = (0.0, 0.0, 10.0, 10.0), (25.0, 0.0, 35.0, 10.0), (50.0, 0.0, 60.0, 10.0)
    assert merge_boxes([a, c]) == [a, c]
    assert merge_boxes([a, c, b]) == [(0.0, 0.0, 60.0, 10.0)]
    just_apart = (10.0 + MERGE_GAP + 0.5, 0.0, 30.0 + MERGE_GAP, 10.0)
    assert len(merge_boxes([a, just_apart])) == 2
    # never across pages
    assert len(merge_regions([Region(0, a), Region(1, a)])) == 2


def test_each_cloud_is_a_margin_outside_its_change_and_inside_the_page_on_the_new_sheet() -> None:
    middle = Region(0, (400.0, 300.0, 460.0, 330.0))
    corner = Region(1, (2.0, A3[1] - 3.0, 40.0, A3[1]))  # touches the top left corner
    made = clouds([middle, corner])
    assert [m.page for m in made] == [0, 1]
    first, second = made
    assert first.bbox() == (400.0 - MARGIN, 300.0 - MARGIN, 460.0 + MARGIN, 330.0 + MARGIN)
    assert second.bbox() == (0.0, A3[1] - 3.0 - MARGIN, 40.0 + MARGIN, A3[1])
    for m in made:
        assert m.kind is Kind.CLOUD and len(m.polygon()) == 4
        assert m.document_sha256 == SHA and m.author == "Anna Lindqvist" and m.text == "Ändrat sedan rev A"
        assert m.color == "#d32f2f"
        sent = m.to_input()
        assert sent.kind is AnnotationKind.CLOUD and sent.document_sha256 == SHA
        assert sent.geometry["points"] == [list(p) for p in m.polygon()]
    assert len({m.id for m in made}) == 2


def test_clouds_made_before_around_the_same_changes_are_not_made_again() -> None:
    regions = [Region(0, (400.0, 300.0, 460.0, 330.0)), Region(0, (800.0, 100.0, 820.0, 120.0))]
    earlier = clouds(regions)
    again = clouds(regions)
    assert not_yet_made(again, earlier) == []
    assert not_yet_made(again, earlier[:1]) == again[1:]
    # on another revision, or around a change that grew, it is a new cloud
    assert not_yet_made(clouds(regions, sha256="b" * 64), earlier) != []
    grown = clouds([Region(0, (400.0, 300.0, 470.0, 330.0))])
    assert not_yet_made(grown, earlier) == grown
    # another kind of markup around the same box is no cloud
    rectangle = Markup(id="r", page=0, kind=Kind.RECTANGLE, rect=earlier[0].bbox(), document_sha256=SHA)
    assert not_yet_made(again[:1], [rectangle]) == again[:1]


async def test_clouds_sent_offline_reach_the_platform_as_cloud_markups_once(
    rigs: OpenRig, anna: Platform, taken: set[str], proxy: FaultyProxy
) -> None:
    document = a_drawing(anna, taken)
    rig = await rigs(base_url=proxy.url)
    await rig.engine.sync_now()
    text = f"Ändrat sedan rev A [{uuid.uuid4().hex[:8]}]"
    regions = [
        Region(0, (100.0, 100.0, 140.0, 120.0)),
        Region(0, (150.0, 100.0, 170.0, 120.0)),  # within the gap of the first: one cloud
        Region(0, (600.0, 400.0, 650.0, 460.0)),
    ]
    made = clouds(regions, sha256=document["sha256"], text=text)
    assert len(made) == 2

    proxy.cut()
    for cloud in made:  # one outbox write per cloud, as the compare window sends them
        await rig.engine.add_annotation(document["id"], cloud.to_input())
    assert (await rig.counts())[OutboxState.PENDING] == 2
    shown = [Markup.from_annotation(a) for a in await rig.store.list_annotations(document["id"])]
    assert not_yet_made(clouds(regions, sha256=document["sha256"], text=text), shown) == []  # offline too

    proxy.restore()
    assert (await rig.engine.sync_now()).pushed == 2
    on_platform = [a for a in anna.annotations(document["id"]) if a["text"] == text]
    assert sorted(a["kind"] for a in on_platform) == ["cloud", "cloud"]
    assert {a["document_sha256"] for a in on_platform} == {document["sha256"]}
    assert {a["author_name"] for a in on_platform} == {"Anna Lindqvist"}
    boxes = sorted(Markup.from_annotation(a).bbox() for a in await rig.store.list_annotations(document["id"])
                   if a.text == text)  # fmt: skip
    assert boxes == sorted(m.bbox() for m in made)
    assert (await rig.engine.sync_now()).pushed == 0  # exactly once
