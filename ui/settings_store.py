"""The user's settings (an INI file in the config folder) and the list of remembered users.

Neither file holds a secret or personal data about citizens: settings are preferences and window
geometry; a remembered user is {platform, user id, staff display name}. Tokens stay sealed in the
user's encrypted offline store, its key in the OS keystore.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ui.qt import QtCore

log = logging.getLogger(__name__)

SETTINGS_FILE = "caseworker.ini"
USERS_FILE = "remembered-users.json"
RETENTION_CHOICES = (7, 30, 90, 365)  # days a sent change stays in the outbox's history
DEFAULT_RETENTION_DAYS = 30
DOCUMENT_RETENTION_CHOICES = (7, 30, 90, 365)  # days a document kept offline may go unopened
DEFAULT_DOCUMENT_RETENTION_DAYS = 90
DOCUMENT_LIMIT_CHOICES_GB = (1, 2, 5, 10)  # the most the documents kept offline may take; or no limit
DEFAULT_DOCUMENT_LIMIT_GB = 5
GB = 1000**3  # SI, as the sizes are shown (ui.i18n.format_size)


class AppSettings:
    """Typed access to ``config/caseworker.ini`` (QSettings, INI format, so it is readable and portable)."""

    def __init__(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        self.path = config_dir / SETTINGS_FILE
        self.qsettings = QtCore.QSettings(str(self.path), QtCore.QSettings.Format.IniFormat)

    def _str(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def _positive(self, key: str, default: int) -> int:
        """A whole number above 0 kept under ``key``; ``default`` when it is missing or not such a number."""
        try:
            number = int(self._str(key, str(default)).strip())
        except ValueError:
            return default
        return number if number > 0 else default

    @property
    def language(self) -> str | None:
        return self._str("ui/language") or None

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    @property
    def platform_url(self) -> str:
        return self._str("platform/url")

    @platform_url.setter
    def platform_url(self, value: str) -> None:
        self.qsettings.setValue("platform/url", value.strip())

    @property
    def retention_days(self) -> int:
        return self._positive("offline/retention_days", DEFAULT_RETENTION_DAYS)

    @retention_days.setter
    def retention_days(self, days: int) -> None:
        self.qsettings.setValue("offline/retention_days", int(days))

    @property
    def document_retention_days(self) -> int:
        """Documents kept offline and not opened for this many days are removed (at start)."""
        return self._positive("offline/document_retention_days", DEFAULT_DOCUMENT_RETENTION_DAYS)

    @document_retention_days.setter
    def document_retention_days(self, days: int) -> None:
        self.qsettings.setValue("offline/document_retention_days", int(days))

    @property
    def document_limit_gb(self) -> int | None:
        """The most the documents kept offline may take, in GB; None: no limit."""
        if self._str("offline/document_limit_gb").strip().lower() == "none":
            return None
        return self._positive("offline/document_limit_gb", DEFAULT_DOCUMENT_LIMIT_GB)

    @document_limit_gb.setter
    def document_limit_gb(self, gb: int | None) -> None:
        self.qsettings.setValue("offline/document_limit_gb", "none" if gb is None else int(gb))

    @property
    def document_limit_bytes(self) -> int | None:
        gb = self.document_limit_gb
        return None if gb is None else gb * GB

    def window_state(self, name: str) -> tuple[QtCore.QByteArray | None, QtCore.QByteArray | None]:
        geometry = self.qsettings.value(f"{name}/geometry")
        state = self.qsettings.value(f"{name}/state")
        return (
            geometry if isinstance(geometry, QtCore.QByteArray) else None,
            state if isinstance(state, QtCore.QByteArray) else None,
        )

    def save_window_state(self, name: str, geometry: QtCore.QByteArray, state: QtCore.QByteArray) -> None:
        self.qsettings.setValue(f"{name}/geometry", geometry)
        self.qsettings.setValue(f"{name}/state", state)

    def value(self, key: str) -> object:
        return self.qsettings.value(key)

    def set_value(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()


@dataclass(frozen=True)
class RememberedUser:
    platform: str  # the platform's identity (its URL; a fixed name for the embedded demo platform)
    user_id: str
    display_name: str  # the staff member's own name, shown on the sign-in window
    last_used: str = ""  # ISO timestamp

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.user_id)


class RememberedUsers:
    """``config/remembered-users.json``: who can reopen without signing in (most recent first)."""

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / USERS_FILE

    def load(self) -> list[RememberedUser]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("ignoring an unreadable list of remembered users: %s", exc)
            return []
        users: list[RememberedUser] = []
        for item in raw if isinstance(raw, list) else []:
            try:
                users.append(
                    RememberedUser(
                        platform=str(item["platform"]),
                        user_id=str(item["user_id"]),
                        display_name=str(item["display_name"]),
                        last_used=str(item.get("last_used", "")),
                    )
                )
            except (KeyError, TypeError):
                continue
        return sorted(users, key=lambda u: u.last_used, reverse=True)

    def for_platform(self, platform: str) -> list[RememberedUser]:
        return [u for u in self.load() if u.platform == platform]

    def remember(self, platform: str, user_id: str, display_name: str) -> RememberedUser:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        entry = RememberedUser(platform, user_id, display_name, now)
        others = [u for u in self.load() if u.key != entry.key]
        self._save([entry, *others])
        return entry

    def forget(self, platform: str, user_id: str) -> None:
        self._save([u for u in self.load() if u.key != (platform, user_id)])

    def _save(self, users: list[RememberedUser]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps([asdict(u) for u in users], ensure_ascii=False, indent=2)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
