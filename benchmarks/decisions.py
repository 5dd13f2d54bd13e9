"""Decision letter benchmark: render a three-page decision as a tagged PDF/A-2b.

    python benchmarks/decisions.py            # 30 renders, median
    python benchmarks/decisions.py --quick    # 5 renders: a second or two

Prints, per figure, ``figure: value | baseline: value | ratio: r`` (QUALITY.md):

* ``decision_pdf_3p`` -- ``render_pdf`` of the sample granted decision (Älvdala, three pages: letterhead,
  conditions, reasons, notes, fee, appeal, distribution), including the PDF/A-2b and tagging step
  (pikepdf: structure tree, output intent, XMP), against the same pages drawn by reportlab alone
  (``draw_letter``: no structure tree, no PDF/A step). Budget: 0.150 s. Medians after one warm-up.
* ``decision_pdf_3p_first`` -- the first render in the process (font files parsed), no baseline.
"""

from __future__ import annotations

import _root  # noqa: F401  # first: the project root on the import path (see _root.py)

# isort: split
import io
import json
import statistics
import time

import pikepdf

from benchmarks._common import arguments, line
from caseworker.decisions.__main__ import letter_from_sample
from caseworker.decisions.render import draw_letter, render_pdf
from caseworker.domain.models import DecisionOutcome
from caseworker.sandbox.decision_sample import sample


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, "5 renders (seconds)")
    parser.add_argument("--repeat", type=int, help="renders per figure (median)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (5 if args.quick else 30)

    data = json.loads(json.dumps(sample("alvdala", DecisionOutcome.GRANTED)))
    letter = letter_from_sample(data, DecisionOutcome.GRANTED)
    started = time.perf_counter()
    first = render_pdf(letter)
    first_s = time.perf_counter() - started
    pages = len(pikepdf.open(io.BytesIO(first)).pages)
    if pages != 3:
        raise SystemExit(
            f"the sample letter has {pages} pages, not 3: the figure would not be decision_pdf_3p"
        )

    full, bare = [], []
    for _ in range(repeat):  # interleaved, so that machine noise hits both alike
        started = time.perf_counter()
        render_pdf(letter)
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        draw_letter(letter)
        bare.append(time.perf_counter() - started)
    print(line("decision_pdf_3p", statistics.median(full), statistics.median(bare)))
    print(line("decision_pdf_3p_first", first_s))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
