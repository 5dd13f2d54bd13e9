"""Case detail: one case with its clock, parties, documents, history, notes, messages and actions."""

from ui.case.view import CaseView

__all__ = ["CaseView"]
