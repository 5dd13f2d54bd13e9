"""The municipality's identity on a case: a band in its primary colour with its logo and committee.

Logos are kept in the user's local store (``logo:<municipality>:<logo url>`` in its sync state) as soon
as a sync has succeeded (:func:`keep_logos`, run by the app after every sync), so a screen draws them
offline too -- also for a municipality none of whose cases was opened while online. In memory for the
app's life as well. (Logos are public letterhead, not personal data.)
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging

from caseworker.api.errors import PlatformError
from caseworker.domain.models import Municipality
from caseworker.store import StoreError
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services

log = logging.getLogger(__name__)

LOGO_HEIGHT = 40
_memory: dict[tuple[str, str], bytes] = {}
_in_flight: dict[tuple[str, str], asyncio.Future[bytes | None]] = {}


def logo_state_key(m: Municipality) -> str:
    """Where the store keeps a municipality's logo (a new logo URL is a new logo)."""
    return f"logo:{m.id}:{m.logo_url}"


def _key(services: Services, m: Municipality) -> tuple[str, str]:
    return str(services.store.directory), logo_state_key(m)


async def municipality_logo(services: Services, m: Municipality) -> bytes | None:
    """The logo's image bytes: from memory, the local store, or (once) the platform, then kept in the
    store. None if it is not available (offline and never synced)."""
    key = _key(services, m)
    if key in _memory:
        return _memory[key]
    if key in _in_flight:
        return await asyncio.shield(_in_flight[key])
    future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
    _in_flight[key] = future
    try:
        data = await _load(services, m)
        if data is not None:
            _memory[key] = data
        future.set_result(data)
        return data
    except BaseException as exc:
        future.set_exception(exc)
        future.exception()  # observed here; waiters get it too
        raise
    finally:
        del _in_flight[key]


async def _load(services: Services, m: Municipality) -> bytes | None:
    kept = await services.store.get_state(logo_state_key(m))
    if kept:
        try:
            return base64.b64decode(kept, validate=True)
        except binascii.Error:
            log.warning("the kept logo of %s is unreadable; fetching it again", m.id)
    try:
        data = await services.client.municipality_logo(m)
    except PlatformError as exc:
        log.info("logo of %s not available now: %s", m.id, type(exc).__name__)
        return None
    await services.store.set_state(logo_state_key(m), base64.b64encode(data).decode("ascii"))
    return data


async def keep_logos(services: Services) -> None:
    """Every municipality's logo of the user into the local store (after a sync), for offline screens."""
    for m in list(services.municipalities.values()):
        try:
            await municipality_logo(services, m)
        except StoreError as exc:  # the store closed meanwhile (sign-out, quit): the next start tries again
            log.info("could not keep the logo of %s: %s", m.id, type(exc).__name__)
            return


def readable_on(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (#rrggbb)."""
    colour = QtGui.QColor(background)
    luminance = 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()
    return "#000000" if luminance > 0.5 else "#ffffff"


class IdentityBand(QtWidgets.QFrame):
    """Logo on a white plate, municipality name and committee, in the municipality's primary colour."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityBand")
        self.setAutoFillBackground(True)
        self.logo = QtWidgets.QLabel()
        self.logo.setObjectName("municipalityLogo")
        self.logo.setFixedHeight(LOGO_HEIGHT + 8)
        self.logo.setMinimumWidth(LOGO_HEIGHT + 8)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setAccessibleName(self.tr("Kommunens logotyp"))
        self.name = QtWidgets.QLabel()
        self.name.setObjectName("municipalityName")
        font = self.name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.name.setFont(font)
        self.committee = QtWidgets.QLabel()
        self.committee.setObjectName("committeeName")
        texts = QtWidgets.QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.name)
        texts.addWidget(self.committee)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.logo)
        layout.addSpacing(8)
        layout.addLayout(texts, 1)
        self.municipality: Municipality | None = None
        self._logo_source: QtGui.QPixmap | None = None  # as fetched; drawn again for each screen's scale

    def show_municipality(self, m: Municipality | None, fallback_id: str = "") -> None:
        self.municipality = m
        if m is None:
            self.name.setText(fallback_id or self.tr("Okänd kommun"))
            self.committee.setText("")
            self._colours("#5f6b73")
            self.logo.clear()
            self.logo.hide()
            return
        self.name.setText(m.name)
        self.committee.setText(m.committee)
        self._colours(m.primary_color)
        self.setAccessibleName(f"{m.name}, {m.committee}")

    def set_logo(self, data: bytes | None) -> None:
        pixmap = QtGui.QPixmap()
        if not data or not pixmap.loadFromData(data):
            self._logo_source = None
            self.logo.clear()
            self.logo.hide()
            return
        self._logo_source = pixmap
        self._render_logo()

    def _render_logo(self) -> None:
        """The logo scaled for this screen's pixel ratio (125 %, 150 %, 200 %: sharp, not stretched)."""
        if self._logo_source is None:
            return
        ratio = self.devicePixelRatioF() or 1.0
        scaled = self._logo_source.scaledToHeight(
            round(LOGO_HEIGHT * ratio), Qt.TransformationMode.SmoothTransformation
        )
        scaled.setDevicePixelRatio(ratio)
        self.logo.setPixmap(scaled)
        self.logo.setFixedWidth(round(scaled.width() / ratio) + 8)
        self.logo.show()

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.DevicePixelRatioChange:
            self._render_logo()  # the window moved to a screen with another scale
        return super().event(event)

    def _colours(self, background: str) -> None:
        text = readable_on(background)
        self.setStyleSheet(
            f"#identityBand {{ background: {background}; }}"
            f"#identityBand QLabel {{ color: {text}; background: transparent; }}"
            "#identityBand #municipalityLogo { background: #ffffff; border-radius: 4px; }"
        )
        self.setProperty("bandColour", background)
        self.style().unpolish(self)
        self.style().polish(self)
