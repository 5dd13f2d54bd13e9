"""The offline banner above the work area: "Offline sedan …", what that means, and a way to retry."""

from __future__ import annotations

import datetime as dt

from ui.announce import alert
from ui.labels import format_datetime
from ui.qt import QtCore, QtWidgets
from ui.theme import banner_colors, icon, scheme_name, theme_changed
from ui.widgets import Retranslated, action_button


def since_text(since: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """``14:05`` today, ``2026-11-24 14:05`` on another day; empty when unknown."""
    if since is None:
        return ""
    local = since.astimezone() if since.tzinfo else since
    today = (now or dt.datetime.now()).date()
    return local.strftime("%H:%M") if local.date() == today else format_datetime(local)


class OfflineBanner(Retranslated, QtWidgets.QFrame):
    retryRequested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.since: dt.datetime | None = None
        self.trying = False  # "Försök ansluta" is under way
        self.unanswered_at: dt.datetime | None = None  # when the last try found no platform
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        self.icon = QtWidgets.QLabel()
        self.icon.setPixmap(icon("offline").pixmap(18, 18))
        self.label = QtWidgets.QLabel()
        self.label.setObjectName("offlineText")
        self.label.setWordWrap(True)
        self.retry = action_button("offlineRetry")
        self.retry.clicked.connect(self.retryRequested)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry)
        self.restyle()
        self.retranslate()
        self.hide()
        changed = theme_changed()
        if changed is not None:  # widgets with a style sheet do not hear palette changes themselves
            changed.connect(self.restyle)

    @QtCore.Slot()
    def restyle(self) -> None:
        scheme = scheme_name()
        if getattr(self, "_scheme", None) == scheme:  # setStyleSheet itself sends a PaletteChange
            return
        self._scheme = scheme
        bg, fg = banner_colors()
        self.setStyleSheet(f"#offlineBanner {{ background: {bg}; }} #offlineBanner QLabel {{ color: {fg}; }}")
        self.icon.setPixmap(icon("offline", fg).pixmap(18, 18))

    def retranslate(self) -> None:
        self.retry.setText(self.tr("Försök ansluta"))
        self.retry.setAccessibleName(self.tr("Försök ansluta till plattformen nu"))
        self.setAccessibleName(self.tr("Offline"))
        self._render()

    def set_offline(self, since: dt.datetime | None) -> None:
        self.since = since
        self._render()
        appeared = self.isHidden()
        self.show()
        if appeared:
            alert(self)  # a banner that appears matters now (the indicator announces the words)

    def set_online(self) -> None:
        self.unanswered_at = None
        self.hide()

    @QtCore.Slot(bool, object)
    def on_reconnecting(self, trying: bool, reached: bool | None) -> None:
        """The engine tries the platform at the user's request ("Försök ansluta"), then says how it went."""
        self.trying = trying
        if not trying:
            self.unanswered_at = None if reached else dt.datetime.now().astimezone()
        self.retry.setEnabled(not trying)
        self._render()

    def text(self) -> str:
        return self.label.text()

    def _render(self) -> None:
        when = since_text(self.since)
        headline = self.tr("Offline sedan {when}.").format(when=when) if when else self.tr("Offline.")
        if self.trying:
            detail = self.tr("Försöker ansluta …")
        elif self.unanswered_at is not None:
            detail = self.tr("Plattformen svarade inte ({time}). Det du gör sparas i utkorgen.").format(
                time=since_text(self.unanswered_at)
            )
        else:
            detail = self.tr(
                "Du ser den senast synkade kopian. Det du gör sparas i utkorgen och skickas när "
                "anslutningen är tillbaka."
            )
        self.label.setText(f"<b>{headline}</b> {detail}")
        self.label.setAccessibleName(f"{headline} {detail}")
