"""Scan a folder for plaintext: texts in UTF-8 and UTF-16, personnummer inside any run of digits, raw
bytes. The at-rest tests (QUALITY.md Security) scan the client's whole data folder with it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
# runs of digits (with - or +) of personnummer length or longer, as they look in each encoding
_DIGITS = {
    "utf-8": re.compile(rb"[0-9][0-9+\-]{9,}"),
    "utf-16-le": re.compile(rb"[0-9]\x00(?:[0-9+\-]\x00){9,}"),
    "utf-16-be": re.compile(rb"\x00[0-9](?:\x00[0-9+\-]){9,}"),
}


def personnummer_forms(pnr: str) -> set[str]:
    """How a personnummer may be written: as given (with and without its dash), 12 or 10 digits,
    YYMMDD-NNNN."""
    digits = pnr.replace("-", "").replace("+", "")
    return {pnr, pnr.replace("-", ""), digits, digits[-10:], f"{digits[-10:-4]}-{digits[-4:]}"}


def files_under(root: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file under ``root`` with its bytes, in a stable order. A file that goes between listing and
    reading (SQLite's journal of a write that just ended) is skipped: what is gone is not at rest."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            continue
        yield path, content


def scan(
    root: Path, texts: Iterable[str], numbers: Iterable[str], raw: Iterable[bytes] = ()
) -> tuple[int, int, list[str]]:
    """Files scanned, bytes scanned, and every hit of a text (any encoding), a personnummer or raw bytes
    in any file under ``root`` -- every file, no exclusions."""
    numbers = set(numbers)
    needles = {(t, enc): t.encode(enc) for t in set(texts) for enc in ENCODINGS}
    needles |= {(piece[:16].decode("latin-1"), "bytes"): piece for piece in raw}
    hits: list[str] = []
    files = total = 0
    for path, content in files_under(root):
        files += 1
        total += len(content)
        where = path.relative_to(root)
        hits += [f"{t!r} ({enc}) in {where}" for (t, enc), needle in needles.items() if needle in content]
        for enc, pattern in _DIGITS.items():
            for m in pattern.finditer(content):
                run = m.group().decode(enc, errors="ignore")
                windows = {run[i : i + n] for n in (10, 11, 12, 13) for i in range(len(run) - n + 1)}
                hits += [f"personnummer {w} ({enc}) in {where}" for w in windows & numbers]
    return files, total, hits
