"""Decisions: the editor (structured fields, checklist, live preview, drafts), print, save and send."""

from ui.decisions.editor import DecisionEditor, may_be_decided

__all__ = ["DecisionEditor", "may_be_decided"]
