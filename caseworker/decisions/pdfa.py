"""Finish a reportlab PDF as tagged PDF/A-2b with pikepdf.

- PDF/A-2b: ``pikepdf.pdfa.prepare`` installs the sRGB output intent (the ICC profile pikepdf ships)
  and rewrites the XMP metadata with the PDF/A identification (part 2, conformance B) and the document
  information kept in step with it.
- Tagged: the structure tree collected while drawing (:class:`~caseworker.decisions.tagging.TagSink`)
  becomes the StructTreeRoot with a ParentTree, each page gets /StructParents and /Tabs /S, the catalog
  /MarkInfo << /Marked true >>, /Lang and DisplayDocTitle.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pikepdf
import pikepdf.pdfa
from pikepdf import Array, Dictionary, Name, String

from caseworker.decisions.tagging import StructNode, TagSink

FLAVOUR = "2b"


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    lang: str
    date: dt.date  # the decision's date: creation and modification date of the document


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def _structure(pdf: pikepdf.Pdf, sink: TagSink) -> None:
    pages = [p.obj for p in pdf.pages]
    by_page: dict[int, dict[int, pikepdf.Object]] = {i: {} for i in range(len(pages))}
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def element(node: StructNode, parent: pikepdf.Object) -> pikepdf.Object:
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        kids = Array()
        for kid in node.kids:
            if isinstance(kid, StructNode):
                kids.append(element(kid, elem))
            else:
                page, mcid = kid
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
                by_page[page][mcid] = elem
        elem.K = kids
        if node.alt is not None:
            elem.Alt = String(node.alt)
        if node.role == "TH":  # the subject block's labels head their rows
            elem.A = Dictionary(O=Name.Table, Scope=Name.Row)
        if node.bbox is not None:
            elem.A = Dictionary(O=Name.Layout, BBox=Array(list(node.bbox)), Placement=Name.Block)
        return elem

    root.K = element(sink.root, root)
    nums = Array()
    for i, page in enumerate(pages):
        page.StructParents = i
        page.Tabs = Name.S
        if Name.Trans in page:  # reportlab's empty page transition: meaningless on paper, unchecked by PDF/A
            del page[Name.Trans]
        mcids = by_page[i]
        nums.append(i)
        nums.append(pdf.make_indirect(Array([mcids[m] for m in range(len(mcids))])))
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)


def finish_pdfa(data: bytes, sink: TagSink, info: DocumentInfo) -> bytes:
    """``data`` (a reportlab PDF whose content is marked as ``sink`` recorded) as tagged PDF/A-2b."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _structure(pdf, sink)
        pdf.Root.Lang = String(info.lang)
        prefs = pdf.Root.get("/ViewerPreferences", Dictionary())
        prefs.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = prefs
        pdf.docinfo[Name.CreationDate] = _pdf_date(info.date)
        pdf.docinfo[Name.ModDate] = _pdf_date(info.date)
        pikepdf.pdfa.prepare(pdf, FLAVOUR)
        out = io.BytesIO()
        pdf.save(out, **pikepdf.pdfa.resolve_save_kwargs(FLAVOUR))
        return out.getvalue()
