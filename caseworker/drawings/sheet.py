"""What a sheet says about itself: the drawing scale written in its title block ("Skala 1:100")."""

from __future__ import annotations

import re
from collections import Counter

# "Skala 1:100", "SKALA: 1:50 (A1)", "Scale 1 : 200", "Skala\n1:100 (A3)" (label and value in two cells)
_LABELLED = re.compile(r"\b(?:skala|scale|sk)\b\W{0,40}?1\s*:\s*(\d{1,5})\b", re.IGNORECASE)
_ANY = re.compile(r"(?<![\d:./])1\s?:\s?(\d{1,5})(?![\d:./])")
# the scales drawings are made at; a bare "1:3" elsewhere on a sheet is more likely something else
_USUAL = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 400, 500, 1000, 2000, 2500, 5000, 10000, 20000}


def sheet_scale(text: str) -> str | None:
    """The scale the sheet states ("1:100"), or None. A labelled scale wins; otherwise the most common
    usual ratio standing alone. Several different labelled scales (details at other scales): the first."""
    labelled = [int(n) for n in _LABELLED.findall(text) if int(n) > 0]
    if labelled:
        return f"1:{labelled[0]}"
    found = Counter(int(n) for n in _ANY.findall(text) if int(n) in _USUAL)
    if not found:
        return None
    (best, count), *rest = found.most_common()
    if rest and rest[0][1] == count:
        return None  # two scales as common as each other: the sheet does not say which
    return f"1:{best}"
