""" "Försök ansluta" gives feedback: the offline banner says it is trying, then what came of it, from the
sync engine's events as the bridge delivers them."""

from __future__ import annotations

import datetime as dt

from caseworker.sync.events import ConnectionChanged, Reconnecting
from ui.bridge import SyncBridge
from ui.qt import QtWidgets
from ui.shell.banner import OfflineBanner


def test_the_banner_says_it_is_trying_then_what_came_of_it(qapp: QtWidgets.QApplication) -> None:
    bridge, banner = SyncBridge(), OfflineBanner()
    bridge.connectionChanged.connect(
        lambda online, since: banner.set_online() if online else banner.set_offline(since)
    )
    bridge.reconnecting.connect(banner.on_reconnecting)
    bridge.dispatch(ConnectionChanged(online=False, since=dt.datetime.now(dt.UTC)))
    assert not banner.isHidden()

    bridge.dispatch(Reconnecting(trying=True))
    assert "Försöker ansluta …" in banner.text() and not banner.retry.isEnabled()

    bridge.dispatch(Reconnecting(trying=False, reached=False))
    assert "Plattformen svarade inte" in banner.text() and banner.retry.isEnabled()
    assert not banner.isHidden()

    bridge.dispatch(Reconnecting(trying=True))
    bridge.dispatch(Reconnecting(trying=False, reached=True))
    bridge.dispatch(ConnectionChanged(online=True, since=dt.datetime.now(dt.UTC)))
    assert banner.isHidden()
