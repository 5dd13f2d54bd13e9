"""Exchange markups with other tools.

    python -m caseworker.markups pdf --in DRAWING.pdf --xfdf MARKUPS.xfdf --out ANNOTATED.pdf
    python -m caseworker.markups xfdf --in ANNOTATED.pdf --out MARKUPS.xfdf

``pdf`` writes the XFDF's markups into the drawing as standard annotations with appearance streams;
``xfdf`` reads the markup annotations of any PDF (e.g. one a consultant returned from another tool) and
writes them as XFDF. Unknown or broken input exits 2 with one line why; the output is written only
whole (a temporary file renamed into place), never into a missing folder.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from caseworker.markups.model import MarkupError, read_limited
from caseworker.markups.pdf import export_pdf, import_pdf
from caseworker.markups.xfdf import MAX_XFDF_BYTES, read_xfdf, write_xfdf

PROG = "python -m caseworker.markups"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{PROG}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Exchange markups with other tools (PDF annotations, XFDF).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    pdf = commands.add_parser("pdf", help="write XFDF markups into a PDF as annotations")
    pdf.add_argument("--in", dest="source", required=True, type=Path, help="the drawing (PDF)")
    pdf.add_argument("--xfdf", required=True, type=Path, help="the markups (XFDF)")
    pdf.add_argument("--out", required=True, type=Path, help="the annotated PDF to write")
    xfdf = commands.add_parser("xfdf", help="read the markup annotations of a PDF into XFDF")
    xfdf.add_argument("--in", dest="source", required=True, type=Path, help="an annotated PDF")
    xfdf.add_argument("--out", required=True, type=Path, help="the XFDF to write")
    return parser


def _write(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MarkupError(f"the folder of {path} does not exist")
    if path.is_dir():
        raise MarkupError(f"{path} is a folder")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".markups-", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise MarkupError(f"cannot write {path}: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "pdf":
            drawing = read_limited(args.source, 1 << 30)
            markups = read_xfdf(read_limited(args.xfdf, MAX_XFDF_BYTES))
            _write(args.out, export_pdf(drawing, markups, sha256=hashlib.sha256(drawing).hexdigest()))
            print(f"{len(markups)} markups written into {args.out}")
        else:
            markups = import_pdf(read_limited(args.source, 1 << 30))
            _write(args.out, write_xfdf(markups, source=args.source.name))
            print(f"{len(markups)} markups written to {args.out}")
    except MarkupError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
