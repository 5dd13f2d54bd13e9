"""A hostile tester against the markup core: markups other clients stored through the platform with the
first contract's free geometry, stamps of no size, PDFs that list one annotation a million times or
carry ink and text far beyond the limits, and markup text full of PDF syntax and non-Latin letters. Each
is read, drawn and exported, or refused with one line, within bounded memory and CPU time."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pikepdf
import pypdf
import pypdfium2
import pytest

from caseworker.domain.models import Annotation, AnnotationInput
from caseworker.markups import (
    Kind,
    Markup,
    MarkupIndex,
    Reply,
    Status,
    export_pdf,
    import_pdf,
    read_xfdf,
    write_xfdf,
)
from caseworker.markups.geometry import hit_rank
from caseworker.store import OutboxState
from caseworker.sync.engine import ConflictChoice
from tests.caseworker.markups.samples import blank_pdf
from tests.caseworker.markups.test_markup_hostile_files import page_with
from tests.caseworker.sandbox.test_documents_api import documents_of_some_case
from tests.caseworker.sync.conftest import http, proxy, rigs, sb  # noqa: F401 (fixtures of the sync rigs)
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import OpenRig, Platform
from tests.helpers.sandbox import Sandbox, writing

ROOT = Path(__file__).resolve().parents[3]
CPU_SECONDS = 120  # far more than any of these files needs once bounded; far less than unbounded took
MEMORY_BYTES = 3 << 30


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_bounded_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command line in a process limited in CPU time and address space (killed beyond them)."""
    return subprocess.run(
        [sys.executable, "-m", "caseworker.markups", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=_bounded,
        timeout=3600,  # only a backstop: the CPU limit ends a runaway first
    )


def xfdf_of_pdf(folder: Path, pdf: bytes) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``python -m caseworker.markups xfdf`` on ``pdf``: its answer and where it wrote the XFDF."""
    source, out = folder / "in.pdf", folder / "out.xfdf"
    source.write_bytes(pdf)
    return run_bounded_cli("xfdf", "--in", source, "--out", out), out


# --- what other clients stored on the platform --------------------------------------------------------

ODD_GEOMETRY: dict[str, tuple[str, dict[str, Any]]] = {
    "a stamp of no size": ("stamp", {"rect": [300, 300, 300, 300]}),
    "a stamp smaller than its frame": ("stamp", {"rect": [300, 300, 303, 302]}),
    "a stamp at x/y of no size": ("stamp", {"x": 300, "y": 300, "w": 0, "h": 0}),
    "a stamp whose size is a list": ("stamp", {"x": 300, "y": 300, "w": [1], "h": 20}),
    "a stamp whose x is a list": ("stamp", {"x": [300], "y": 300}),
    "a text at a point of one number": ("text", {"at": [1]}),
    "a cloud of points and a number": ("cloud", {"points": [[10, 10], 5, [90, 10], [50, 80]]}),
    "a cloud of one point": ("cloud", {"points": [[10, 10]]}),
    "a callout whose anchor is a list of lists": ("callout", {"rect": [10, 10, 90, 40], "anchor": [[1, 2]]}),
    "an arrow from a list to a number": ("arrow", {"from": [[1, 2]], "to": 5}),
    "a measurement with nothing a shape knows": ("measurement", {"value": 12.5}),
}


@pytest.fixture(scope="module")
def platform(sandbox: Sandbox) -> Any:
    with sandbox.client("anna") as anna:
        yield anna


@pytest.mark.parametrize("odd", sorted(ODD_GEOMETRY))
def test_a_markup_another_client_stored_with_odd_geometry_is_read_drawn_and_exported(
    platform: httpx.Client, odd: str
) -> None:
    kind, geometry = ODD_GEOMETRY[odd]
    _, docs = documents_of_some_case(platform, kind="drawing")
    drawing = next(d for d in docs if d["kind"] == "drawing")
    r = platform.post(
        f"/api/v1/documents/{drawing['id']}/annotations",
        json={"page": 0, "kind": kind, "geometry": geometry, "text": "Godkänd"},
        headers=writing(),
    )
    assert r.status_code == 201, r.text  # the first contract's kinds keep free geometry
    stored = Annotation.model_validate({**r.json(), "etag": r.headers["etag"]})

    markup = Markup.from_annotation(stored)  # one odd markup must not keep the others from showing
    assert markup.id == stored.id and markup.kind in set(Kind)
    hit_rank(markup, (300.0, 300.0), 4.0)
    index = MarkupIndex()
    index.add(markup)
    index.hits((300.0, 300.0), 4.0)
    with pikepdf.open(io.BytesIO(blank_pdf())) as pdf:
        pdf.pages[0].MediaBox = pikepdf.Array([0, 0, 1200, 900])
        out = io.BytesIO()
        pdf.save(out)
    annotated = export_pdf(out.getvalue(), [markup])
    assert len(pypdf.PdfReader(io.BytesIO(annotated)).pages) == 1


@pytest.mark.parametrize(
    "rect", [(300.0, 300.0, 300.0, 300.0), (300.0, 300.0, 303.0, 302.0), (300.0, 300.0, 301.0, 500.0)]
)
@pytest.mark.parametrize("text", ["", "Komplettering krävs", "\u200b"])
def test_a_stamp_of_no_size_or_too_small_for_its_text_keeps_its_frame(
    rect: tuple[float, float, float, float], text: str
) -> None:
    stamp = Markup(id="s1", page=0, kind=Kind.STAMP, rect=rect, text=text)
    annotated = export_pdf(blank_pdf(), [stamp])
    (annot,) = [a.get_object() for a in pypdf.PdfReader(io.BytesIO(annotated)).pages[0]["/Annots"]]
    assert annot["/Subtype"] == "/Stamp" and "/AP" in annot
    pypdfium2.PdfDocument(annotated)[0].render(scale=0.2)  # it opens and draws


def test_the_command_line_writes_a_stamp_of_no_size_from_another_tools_xfdf(tmp_path: Path) -> None:
    drawing, xfdf, out = tmp_path / "plan.pdf", tmp_path / "in.xfdf", tmp_path / "out.pdf"
    drawing.write_bytes(blank_pdf())
    xfdf.write_bytes(b"<xfdf><annots><stamp page='0' rect='5,5,5,5' name='s'/></annots></xfdf>")
    done = run_bounded_cli("pdf", "--in", drawing, "--xfdf", xfdf, "--out", out)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert [m.kind for m in import_pdf(out.read_bytes())] == [Kind.STAMP]


# --- hostile PDFs through the command line -------------------------------------------------------------

SQUARE = "<< /Type /Annot /Subtype /Square /Rect [0 0 10 10] >>"


def test_a_pdf_listing_one_annotation_a_million_times_is_refused_with_one_line(tmp_path: Path) -> None:
    source = tmp_path / "many.pdf"
    source.write_bytes(page_with("[" + "4 0 R " * 1_000_000 + "]", SQUARE))  # 6 MB
    done = run_bounded_cli("xfdf", "--in", source, "--out", tmp_path / "out.xfdf")
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.count("\n") == 1 and "more than 50000 annotations" in done.stderr, done.stderr
    assert not (tmp_path / "out.xfdf").exists()


def test_pages_sharing_one_long_annotation_list_are_refused(tmp_path: Path) -> None:
    pages = 60
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
        "[" + "4 0 R " * 1_000 + "]",  # 3: one /Annots array of a thousand entries
        SQUARE,
        *["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Annots 3 0 R >>" for _ in range(pages)],
    ]
    from tests.caseworker.markups.test_markup_hostile_files import raw_pdf

    with pytest.raises(Exception, match="more than 50000 annotations"):
        import_pdf(raw_pdf(objects))


def test_one_annotation_listed_twice_is_one_markup() -> None:
    assert len(import_pdf(page_with("[4 0 R 4 0 R]", SQUARE))) == 1


@pytest.mark.parametrize(
    ("annots", "more"),
    [
        ("[<< /Subtype /Ink /Rect [0 0 10 10] /InkList [" + "[1 2 3 4] " * 200_000 + "] >>]", ()),
        ("[<< /Subtype /Ink /Rect [0 0 10 10] /InkList [" + "[1 2 3 4 5 6 7 8] " * 1_500 + "] >>]", ()),
        ("[<< /Subtype /FreeText /Rect [0 0 10 10] /Contents (" + "x" * 2_000_000 + ") >>]", ()),
        ("[<< /Subtype /Square /Rect [0 0 10 10] /T (" + "x" * 100_000 + ") /NM (" + "n" * 100_000
         + ") >>]", ()),
        ("[4 0 R 5 0 R]", (
            "<< /Subtype /Square /Rect [0 0 10 10] /NM (a) >>",
            "<< /Subtype /Text /Rect [0 0 1 1] /IRT 4 0 R /Contents (" + "y" * 100_000 + ") >>",
        )),
    ],
    ids=["ink-of-200000-strokes", "ink-of-6000-points", "text-of-2-mb", "names-of-100000", "reply-of-100000"],
)  # fmt: skip
def test_what_the_command_line_reads_from_a_pdf_it_reads_back_as_xfdf(
    tmp_path: Path, annots: str, more: tuple[str, ...]
) -> None:
    done, out = xfdf_of_pdf(tmp_path, page_with(annots, *more))
    assert done.returncode == 0, done.stderr[-500:]
    back = read_xfdf(out.read_bytes())  # within the limits of XFDF and the platform
    assert all(len(m.text) <= 4_000 and all(len(r.text) <= 4_000 for r in m.replies) for m in back)


@pytest.mark.parametrize(
    ("annots", "more"),
    [
        ("[4 0 R 5 0 R]", (
            "<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /IRT 5 0 R /Contents (a) >>",
            "<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /IRT 4 0 R /Contents (b) >>",
        )),
        ("4 0 R", ("[4 0 R 5 0 R]", SQUARE)),
        ("[<< /Subtype /Square /Rect [0 0 (x) 1] >> << /Subtype /Square /Rect 5 >> "
         "<< /Subtype /Square /Rect [1e400 0 1 1] >>]", ()),
        ("[<< /Subtype /Polygon /Rect [0 0 10 10] /Vertices [0 0 nan 1 2 2] >>]", ()),
        ("[<< /Subtype /Polygon /Rect [0 0 10 10] /Vertices 4 0 R >>]", ("[4 0 R]",)),
    ],
    ids=["replies-in-a-circle", "annots-holding-itself", "broken-rect", "nan-vertices",
         "vertices-holding-itself"],
)  # fmt: skip
def test_cyclic_or_broken_annotations_are_read_past(
    tmp_path: Path, annots: str, more: tuple[str, ...]
) -> None:
    done, out = xfdf_of_pdf(tmp_path, page_with(annots, *more))
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr, done.stderr[-800:]
    if done.returncode == 0:
        read_xfdf(out.read_bytes())
    else:
        assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("xfdf", "why"),
    [
        (b"<xfdf><annots><square page='0' rect='0,0,1,1'><contents-richtext>" + b"<b>" * 300_000
         + b"</b>" * 300_000 + b"</contents-richtext></square></annots></xfdf>", "elements"),
        (b" " * (100 << 20), "larger than 32 MB"),
    ],
    ids=["nested-300000-deep", "100-mb"],
)  # fmt: skip
def test_a_hostile_xfdf_is_refused_by_the_command_line_in_one_line(
    tmp_path: Path, xfdf: bytes, why: str
) -> None:
    drawing, source = tmp_path / "plan.pdf", tmp_path / "in.xfdf"
    drawing.write_bytes(blank_pdf())
    source.write_bytes(xfdf)
    done = run_bounded_cli("pdf", "--in", drawing, "--xfdf", source, "--out", tmp_path / "out.pdf")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and why in done.stderr, done.stderr[-500:]


# --- text that is PDF syntax, Swedish or emoji ----------------------------------------------------------

SYNTAX = "Fönster (rev B) \\ ändra ) ( ÅÄÖ åäö 😀 \\) slut\nrad två"


def test_markup_text_of_pdf_syntax_and_non_latin_letters_survives_the_export(tmp_path: Path) -> None:
    kinds = [Kind.TEXT, Kind.CALLOUT, Kind.STAMP, Kind.RECTANGLE]
    sheet = [
        Markup(id=f"m{i}", page=0, kind=k, rect=(40 + i * 200, 40, 200 + i * 200, 160), text=SYNTAX,
               replies=(Reply(f"r{i}", "Åsa (granskare)", SYNTAX),))
        for i, k in enumerate(kinds)
    ]  # fmt: skip
    annotated = export_pdf(blank_pdf(), sheet)
    read = pypdf.PdfReader(io.BytesIO(annotated), strict=True)
    contents = [a.get_object().get("/Contents") for a in read.pages[0]["/Annots"]]
    assert contents.count(SYNTAX) == 2 * len(kinds)  # each markup and its reply
    assert [(m.text, [r.text for r in m.replies]) for m in import_pdf(annotated)] == [(SYNTAX, [SYNTAX])] * 4
    target = tmp_path / "annotated.pdf"
    target.write_bytes(annotated)
    done = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(target), str(tmp_path / "page")], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr  # no syntax errors in the appearances
    pypdfium2.PdfDocument(annotated)[0].render(scale=0.2)
    assert [m.text for m in read_xfdf(write_xfdf(sheet))] == [SYNTAX] * 4


# --- two inspectors offline on one markup, through the sync engine -------------------------------------


async def test_two_inspectors_editing_one_markup_offline_get_a_conflict_and_lose_nothing(
    rigs: OpenRig,  # noqa: F811 (the sync rigs' fixtures, imported above)
    sb: Sandbox,  # noqa: F811
    proxy: FaultyProxy,  # noqa: F811
) -> None:
    anna_platform = Platform(sb.url, "anna")
    try:
        (case,) = anna_platform.pick(1, lambda c: bool(anna_platform.documents(c["id"])), taken=set())
        document = anna_platform.documents(case["id"])[0]
    finally:
        anna_platform.close()
    anna_rig, maria_rig = await rigs("anna", base_url=proxy.url), await rigs("maria", base_url=proxy.url)
    made = AnnotationInput(
        page=0,
        kind=Kind.POLYGON,
        geometry={"points": [[10.0, 10.0], [110.0, 10.0], [60.0, 90.0]]},
        text="Fönster (rev B)",
        document_sha256=document["sha256"],
    )
    await anna_rig.engine.add_annotation(document["id"], made)
    assert (await anna_rig.engine.sync_now()).pushed == 1
    await maria_rig.engine.sync_now()
    (markup,) = [a for a in await maria_rig.store.list_annotations(document["id"]) if a.text == made.text]

    proxy.cut()  # both offline, both change the same version
    annas = made.model_copy(
        update={"text": "Annas ändring", "geometry": {"points": [[0, 0], [50, 0], [25, 40]]}}
    )
    marias = made.model_copy(update={"text": "Marias ändring"})
    await anna_rig.engine.update_annotation(markup.id, annas)
    await maria_rig.engine.update_annotation(markup.id, marias)
    proxy.restore()

    assert (await anna_rig.engine.sync_now()).pushed == 1
    await maria_rig.engine.sync_now()
    (item,) = await maria_rig.store.list_outbox([OutboxState.CONFLICT])
    assert item.conflict is not None
    assert item.conflict.theirs["text"] == "Annas ändring" and item.conflict.ours["text"] == "Marias ändring"
    with sb.client("anna") as anna:
        (stored,) = [a for a in anna.get(f"/api/v1/documents/{document['id']}/annotations").json()
                     if a["id"] == markup.id]  # fmt: skip
    assert stored["text"] == "Annas ändring" and stored["version"] == 2  # never overwritten
    await maria_rig.engine.resolve_conflict(item.id, ConflictChoice.KEEP_MINE)
    assert (await maria_rig.engine.sync_now()).pushed == 1
    await anna_rig.engine.sync_now()
    now = await anna_rig.store.get_annotation(markup.id)
    assert now is not None and now.text == "Marias ändring" and now.version == 3


@pytest.mark.parametrize("raw", [r"a\000b", r"a\013b\033c", "a\x01b", "a\x7fb\x85c"])
def test_control_characters_in_another_tools_pdf_never_reach_the_xfdf_or_the_platform(
    tmp_path: Path, raw: str
) -> None:
    source, out = tmp_path / "in.pdf", tmp_path / "out.xfdf"
    source.write_bytes(
        page_with(f"[<< /Subtype /Square /Rect [0 0 10 10] /Contents ({raw}) /T ({raw}) /NM ({raw}) >>]")
    )
    (markup,) = import_pdf(source.read_bytes())
    assert markup.text.startswith("a") and markup.text.isprintable()  # as the platform takes it
    assert markup.author.isprintable() and markup.id.isprintable()
    done = run_bounded_cli("xfdf", "--in", source, "--out", out)
    assert done.returncode == 0, done.stderr
    assert read_xfdf(out.read_bytes()) == [markup]


def test_xfdf_is_well_formed_whatever_the_markup_text_holds() -> None:
    odd = Markup(id="m\x00", page=0, kind=Kind.TEXT, rect=(1, 1, 50, 50), text="a\x00b\x0bc\ufffed",
                 author="x\x1fy", replies=(Reply("r\x01", "Å\x02", "svar\x03"),))  # fmt: skip
    (back,) = read_xfdf(write_xfdf([odd]))
    assert (back.id, back.text, back.author, back.replies[0].text) == ("m", "abcd", "xy", "svar")


async def test_a_reply_and_a_status_made_offline_on_a_markup_removed_meanwhile_are_kept_with_why(
    rigs: OpenRig,  # noqa: F811
    sb: Sandbox,  # noqa: F811
    proxy: FaultyProxy,  # noqa: F811
) -> None:
    with sb.client("anna") as anna:
        _, docs = documents_of_some_case(anna, kind="drawing")
        document = next(d for d in docs if d["kind"] == "drawing")
        r = anna.post(
            f"/api/v1/documents/{document['id']}/annotations",
            json={"page": 0, "kind": "rectangle", "geometry": {"rect": [10, 10, 90, 90]}, "text": "Borttas"},
            headers=writing(),
        )
        assert r.status_code == 201, r.text
        markup_id, etag = r.json()["id"], r.headers["etag"]
        karin = await rigs("karin", base_url=proxy.url)
        await karin.engine.sync_now()
        assert await karin.store.get_annotation(markup_id) is not None

        proxy.cut()
        reply = await karin.engine.reply_to_annotation(markup_id, "Varför borttagen?")
        status = await karin.engine.set_annotation_status(markup_id, Status.ACCEPTED)
        r = anna.delete(f"/api/v1/annotations/{markup_id}", headers=writing(**{"If-Match": etag}))
        assert r.status_code == 204, r.text
    proxy.restore()
    await karin.engine.sync_now()
    kept = await karin.store.get_outbox_item(reply.id)
    assert kept.state is OutboxState.REJECTED and kept.last_error, kept  # waits for karin, with why
    assert kept.payload["text"] == "Varför borttagen?"  # her words are not lost
    held = await karin.store.get_outbox_item(status.id)
    assert held.state is not OutboxState.DONE  # held behind the reply (one ordering key), never sent blind
    assert (await karin.engine.sync_now()).error is None  # and nothing retries forever
    assert await karin.store.get_annotation(markup_id) is None  # the removal reached her drawing
