"""Decisions: the editor (structured fields, checklist, live preview, drafts), print, save and send.

Nothing is imported here: the case view imports ``ui.decisions.appeal`` on every start, and the editor
(``ui.decisions.editor``) brings the letter's renderer (reportlab, pikepdf, lxml) only when first opened."""
