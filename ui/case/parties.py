"""Parties of a case. A personnummer is masked (``19800101-****``) until the user asks to see it, one
party at a time: a deliberate reveal. The number is never logged and never put in a tooltip."""

from __future__ import annotations

from caseworker.domain.models import Party
from ui.labels import mask_personal_number, party_role_label
from ui.qt import Qt, QtWidgets


class PartyRow(QtWidgets.QWidget):
    def __init__(self, party: Party, revealed: bool, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.party = party
        self.revealed = False
        self.setObjectName(f"party-{party.id}")
        role = party_role_label(party.role)
        self.name = QtWidgets.QLabel(f"<b>{_esc(party.name)}</b> – {_esc(role)}")
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.name.setWordWrap(True)
        contact = []
        if party.address is not None:
            a = party.address
            contact.append(f"{a.street}, {a.postal_code} {a.city}")
        contact += [c for c in (party.email, party.phone) if c]
        self.contact = QtWidgets.QLabel(" · ".join(contact))
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number = QtWidgets.QLabel()
        self.number.setObjectName("personalNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal = QtWidgets.QPushButton(self.tr("Visa"))
        self.reveal.setObjectName("revealPersonalNumber")
        self.reveal.setAccessibleName(self.tr("Visa personnummer för {name}").format(name=party.name))
        self.reveal.setAutoDefault(False)
        self.reveal.clicked.connect(self.toggle)
        number_row = QtWidgets.QHBoxLayout()
        number_row.setContentsMargins(0, 0, 0, 0)
        if party.personal_number:
            number_row.addWidget(QtWidgets.QLabel(self.tr("Personnummer:")))
            number_row.addWidget(self.number)
            number_row.addWidget(self.reveal)
        else:
            self.reveal.hide()
            if party.org_number:
                number_row.addWidget(QtWidgets.QLabel(self.tr("Organisationsnummer:")))
                self.number.setText(party.org_number)
                number_row.addWidget(self.number)
        number_row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(self.name)
        layout.addLayout(number_row)
        if contact:
            layout.addWidget(self.contact)
        self.set_revealed(revealed)

    def toggle(self) -> None:
        self.set_revealed(not self.revealed)

    def set_revealed(self, revealed: bool) -> None:
        if not self.party.personal_number:
            return
        self.revealed = revealed
        if revealed:
            self.number.setText(self.party.personal_number)
            self.reveal.setText(self.tr("Dölj"))
            self.reveal.setAccessibleName(
                self.tr("Dölj personnummer för {name}").format(name=self.party.name)
            )
        else:
            self.number.setText(mask_personal_number(self.party.personal_number))
            self.reveal.setText(self.tr("Visa"))
            self.reveal.setAccessibleName(
                self.tr("Visa personnummer för {name}").format(name=self.party.name)
            )
        self.number.setAccessibleName(self.tr("Personnummer") if revealed else self.tr("Personnummer (dolt)"))


class PartiesPanel(QtWidgets.QWidget):
    """The applicant first, then affected parties and neighbours."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Parter"))
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QtWidgets.QLabel(self.tr("Inga parter registrerade."))
        self._layout.addWidget(self.empty)
        self.rows: list[PartyRow] = []
        self._case_id: str | None = None

    def show_parties(self, case_id: str, parties: list[Party]) -> None:
        keep = {r.party.id for r in self.rows if r.revealed} if case_id == self._case_id else set()
        self._case_id = case_id
        for row in self.rows:
            # Not setParent(None): a parentless widget belongs to Python, and the garbage collector may
            # then delete it on another thread (the store's, a download's) while Qt still runs its timers.
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        order = {"applicant": 0, "affected_party": 1, "neighbour": 2}
        self.rows = [
            PartyRow(p, p.id in keep, self) for p in sorted(parties, key=lambda p: order.get(p.role, 9))
        ]
        for row in self.rows:
            self._layout.addWidget(row)
        self.empty.setVisible(not parties)

    def row_for(self, name: str) -> PartyRow:
        return next(r for r in self.rows if r.party.name == name)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
