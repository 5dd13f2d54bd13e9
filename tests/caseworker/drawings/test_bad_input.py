"""Bad input (QUALITY.md reliability 7): every kind gives a typed reason through the engine and exit 2 with
one plain line through the render command; nothing crashes, hangs or decodes a bomb."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from caseworker.drawings import DrawingError, Reason, RenderEngine, sniff
from tests.caseworker.drawings import badfiles
from tests.helpers.drawings import WAIT

BAD: dict[str, tuple[Callable[[], bytes], Reason, str]] = {
    "zero-byte": (lambda: b"", Reason.EMPTY, "empty"),
    "truncated PDF": (badfiles.truncated_pdf, Reason.DAMAGED, "incomplete"),
    "truncated TIFF": (badfiles.truncated_tiff, Reason.DAMAGED, "damaged"),
    "encrypted PDF": (badfiles.encrypted_pdf, Reason.ENCRYPTED, "password"),
    "Office document named .pdf": (badfiles.docx_like, Reason.NOT_A_DRAWING, "Office document"),
    "text named .pdf": (badfiles.plain_text, Reason.NOT_A_DRAWING, "plain text"),
    "PDF with nothing readable": (badfiles.garbage_pdf, Reason.DAMAGED, "damaged"),
    "page tree that contains itself": (badfiles.looping_page_tree, Reason.DAMAGED, "page 1"),
    "page tree loop over two nodes": (badfiles.two_node_page_loop, Reason.DAMAGED, "page 1"),
    "TIFF claiming 200000 x 200000": (badfiles.tiff_bomb, Reason.TOO_LARGE, "40,000 megapixels"),
    "TIFF just over the limit": (
        lambda: badfiles.tiff_bomb(20_000, 15_000),
        Reason.TOO_LARGE,
        "300 megapixels",
    ),
    "PNG claiming 200000 x 200000": (badfiles.png_bomb, Reason.TOO_LARGE, "megapixels"),
    "TIFF strips past the end": (badfiles.tiff_strips_past_the_end, Reason.DAMAGED, "page 1"),
}

# Bad-looking files that are shown: the content decides, and PDFium rebuilds a broken cross-reference table.
SHOWN: dict[str, Callable[[], bytes]] = {
    "PNG named .pdf": badfiles.png_bytes,
    "PDF with a broken cross-reference table": badfiles.broken_xref,
}


def _render_command(path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caseworker.drawings", "render", str(path),
         "--width", "400", "--out", str(out), *extra],
        capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip


@pytest.mark.parametrize("kind", list(BAD))
def test_the_command_exits_2_with_one_plain_line(kind: str, tmp_path: Path) -> None:
    make, reason, words = BAD[kind]
    path = tmp_path / "ritning.pdf"
    path.write_bytes(make())
    result = _render_command(path, tmp_path / "out.png")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cannot render ritning.pdf: ")
    assert reason.value in lines[0]  # the plain word: empty, encrypted, damaged, not a drawing, too large
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("kind", list(BAD))
def test_the_engine_raises_a_typed_reason(kind: str, engine: RenderEngine) -> None:
    make, reason, words = BAD[kind]
    with pytest.raises(DrawingError) as caught:
        document = engine.open(make()).result(WAIT)
        engine.render_page(document, 0, width=300).result(WAIT)
    assert caught.value.reason is reason
    assert words in str(caught.value)


@pytest.mark.parametrize("kind", list(SHOWN))
def test_files_that_look_wrong_but_hold_a_drawing_are_shown(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "ritning.pdf"
    path.write_bytes(SHOWN[kind]())
    result = _render_command(path, tmp_path / "out.png")
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "out.png") as image:
        assert image.width == 400
        assert image.convert("L").getextrema()[0] < 128  # something dark was drawn


def test_an_encrypted_pdf_opens_with_its_password(engine: RenderEngine) -> None:
    data = badfiles.encrypted_pdf()
    with pytest.raises(DrawingError) as wrong:
        engine.open(data, password="fel").result(WAIT)
    assert wrong.value.reason is Reason.ENCRYPTED and "password is wrong" in str(wrong.value)
    document = engine.open(data, password="hemligt").result(WAIT)
    image = engine.render_page(document, 0, width=300).result(WAIT)
    assert image.width == 300


def test_a_group4_page_of_noise_does_not_crash_the_engine(engine: RenderEngine) -> None:
    # libtiff decodes what it can of noise: either a picture of noise or "damaged", never a crash or hang
    try:
        document = engine.open(badfiles.tiff_garbage_group4()).result(WAIT)
        image = engine.render_page(document, 0, width=300).result(WAIT)
        assert image.width == 300
    except DrawingError as exc:
        assert exc.reason is Reason.DAMAGED
    assert engine.stats.worker_restarts == 0


def test_a_missing_page_and_a_missing_file_are_plain_errors(
    tmp_path: Path, drawings: dict[str, Path]
) -> None:
    result = _render_command(drawings["house.tif"], tmp_path / "out.png", "--page", "4")
    assert result.returncode == 2
    assert result.stderr.strip() == "cannot render house.tif: there is no page 4: the drawing has 3 pages"
    result = _render_command(tmp_path / "saknas.pdf", tmp_path / "out.png")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


# Pages too small or too thin for the width asked: the scale is kept between the engine's limits and the
# page is rendered (a page smaller than width/64 points comes out at 64 pixels a point, not blown up).
ODD_SIZES: dict[str, tuple[Callable[[], bytes], int, tuple[int, int]]] = {
    "1 x 1 PNG": (lambda: badfiles.picture((1, 1)), 400, (64, 64)),
    "60000 x 1 PNG": (lambda: badfiles.picture((60_000, 1)), 400, (400, 1)),
    "65535 x 1 TIFF": (lambda: badfiles.picture((65_535, 1), "TIFF"), 400, (400, 1)),
    "PDF page of 0.01 pt": (lambda: badfiles.pdf_page_of(0.01, 0.01), 400, (1, 1)),
    "A4 PDF at 1 pixel wide": (lambda: badfiles.pdf_page_of(595, 842), 1, (1, 2)),
}


@pytest.mark.parametrize("kind", list(ODD_SIZES))
def test_the_command_renders_tiny_and_thin_pages(kind: str, tmp_path: Path) -> None:
    make, width, size = ODD_SIZES[kind]
    path = tmp_path / "ritning.pdf"
    path.write_bytes(make())
    result = subprocess.run(
        [sys.executable, "-m", "caseworker.drawings", "render", str(path),
         "--width", str(width), "--out", str(tmp_path / "out.png")],
        capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "out.png") as image:
        assert image.size == size


@pytest.mark.parametrize("kind", list(ODD_SIZES))
def test_the_engine_fits_tiny_and_thin_pages(kind: str, engine: RenderEngine) -> None:
    make, width, size = ODD_SIZES[kind]
    document = engine.open(make()).result(WAIT)
    image = engine.render_page(document, 0, width=width).result(WAIT)
    assert (image.width, image.height) == size
    fitted = engine.first_view(document, 0, width, 300).result(WAIT)
    assert fitted.width <= max(width, 64) and fitted.height <= 300


def _one_plain_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero exist on Linux and macOS")
def test_only_regular_files_are_read(tmp_path: Path, engine: RenderEngine) -> None:
    # each would block (a FIFO without a writer) or never end (/dev/zero) if it were read
    os.mkfifo(tmp_path / "pipe.pdf")
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    for path in (tmp_path / "pipe.pdf", tmp_path / "zero.pdf", Path("/dev/zero")):
        _one_plain_line(
            _render_command(path, tmp_path / "out.png"), f"cannot render {path.name}: ", "not a file"
        )
        with pytest.raises(DrawingError, match="not a file"):
            engine.open(path).result(WAIT)
    assert not (tmp_path / "out.png").exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:  # sparse: takes no disk
        f.write(b"%PDF-1.7\n")
        f.truncate(sniff.MAX_FILE_BYTES + 1)
    _one_plain_line(_render_command(path, tmp_path / "out.png"), "too large", "1,024 MB")


def test_the_timeout_covers_the_whole_run(tmp_path: Path, drawings: dict[str, Path]) -> None:
    # worker processes that take 10 minutes to start: each step alone had its own limit (starting a
    # worker up to two minutes), the whole run must stop at --timeout
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "sitecustomize.py").write_text(
        'import sys, time\nif "--multiprocessing-fork" in sys.argv:\n    time.sleep(600)\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(slow), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "caseworker.drawings", "render", str(drawings["plan.pdf"]),
         "--width", "400", "--out", str(tmp_path / "out.png"), "--timeout", "2"],
        capture_output=True, text=True, timeout=WAIT, env=env,
    )  # fmt: skip
    _one_plain_line(result, "took longer than 2 s")
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("{tmp}", "it is a folder"),
        ("", "it is a folder"),
        ("{tmp}/saknas/mapp/ut.png", "the folder {tmp}/saknas/mapp does not exist"),
        pytest.param(
            "/dev/full",
            "No space left",
            marks=pytest.mark.skipif(not Path("/dev/full").exists(), reason="Linux"),
        ),
    ],
)
def test_an_output_that_cannot_be_written_is_one_plain_line(
    out: str, words: str, tmp_path: Path, drawings: dict[str, Path]
) -> None:
    target = out.format(tmp=tmp_path)
    result = _render_command(drawings["plan.pdf"], Path(target) if target else Path(""), "--out", target)
    _one_plain_line(result, "cannot render plan.pdf: cannot write ", words.format(tmp=tmp_path))
    assert not (tmp_path / "saknas").exists()  # no folders made


@pytest.mark.parametrize("seconds", ["nan", "inf", "-1", "0", "soon"])
def test_a_timeout_that_is_not_a_time_is_an_argument_error(
    seconds: str, tmp_path: Path, drawings: dict[str, Path]
) -> None:
    result = _render_command(drawings["plan.pdf"], tmp_path / "out.png", "--timeout", seconds)
    assert result.returncode == 2 and "argument --timeout" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out.png").exists()


def test_a_missing_file_says_it_does_not_exist(tmp_path: Path) -> None:
    result = _render_command(tmp_path / "saknas.pdf", tmp_path / "out.png")
    assert result.stderr.strip() == "cannot render saknas.pdf: the file does not exist"
    assert result.returncode == 2
