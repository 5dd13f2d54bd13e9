"""Where Caseworker keeps its files: the one module that knows about data, config, cache and log folders.

Resolution order for the root of everything:

1. an explicit ``data_dir`` (the app's ``--data-dir``; tests and portable installs), then
2. the ``CASEWORKER_DATA_DIR`` environment variable, then
3. the platform's per-user folders from platformdirs. On Windows that is ``%LOCALAPPDATA%\\Caseworker`` for
   data, cache and logs (large, machine-local; must not roam) and ``%APPDATA%\\Caseworker`` for config
   (small settings that may follow a roaming municipal profile).

With an override every folder lives under the one root (``root/data``, ``root/config``, ...), so deleting
that root removes everything the app wrote.

The offline store keeps one folder per (platform URL, user id): ``data/stores/<hash>/``. The folder name is
a hash, so neither a user id nor a host name appears in a path, and two users or two platforms can never
share a database (see :func:`store_dir_name`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

APP_NAME = "Caseworker"
DATA_DIR_ENV = "CASEWORKER_DATA_DIR"
STORES_DIR = "stores"


def normalise_platform_url(url: str) -> str:
    """The identity of a platform: lower-case scheme and host, explicit port, no trailing slash, no query.

    ``https://Platform.example.se/`` and ``https://platform.example.se:443`` are the same platform.
    """
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.hostname:
        raise ValueError(f"not an absolute platform URL: {url!r}")
    scheme = parts.scheme.lower()
    port = parts.port or {"https": 443, "http": 80}.get(scheme)
    path = parts.path.rstrip("/")
    return f"{scheme}://{parts.hostname.lower()}:{port}{path}"


def store_dir_name(platform_url: str, user_id: str) -> str:
    """A safe, stable folder name for one user on one platform: 32 hex digits of SHA-256.

    Hashing keeps user ids (which may be readable user names) and host names out of paths, and cannot
    produce path separators or reserved Windows names.
    """
    if not user_id:
        raise ValueError("user_id must not be empty")
    identity = f"{normalise_platform_url(platform_url)}\n{user_id}".encode()
    return hashlib.sha256(identity).hexdigest()[:32]


@dataclass(frozen=True)
class AppPaths:
    """The app's folders. Create with :meth:`resolve` (or :meth:`under` / :meth:`default`)."""

    data: Path
    config: Path
    cache: Path
    logs: Path

    @classmethod
    def under(cls, root: str | os.PathLike[str]) -> AppPaths:
        """Everything under one root folder (``--data-dir``)."""
        base = Path(root).expanduser().resolve()
        return cls(data=base / "data", config=base / "config", cache=base / "cache", logs=base / "logs")

    @classmethod
    def default(cls) -> AppPaths:
        """The platform's per-user folders (platformdirs)."""
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        roaming = platformdirs.PlatformDirs(APP_NAME, appauthor=False, roaming=True)
        return cls(
            data=Path(dirs.user_data_dir),
            config=Path(roaming.user_config_dir),
            cache=Path(dirs.user_cache_dir),
            logs=Path(dirs.user_log_dir),
        )

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """``data_dir`` if given, else ``$CASEWORKER_DATA_DIR`` if set, else the platform defaults."""
        if data_dir is not None and str(data_dir) != "":
            return cls.under(data_dir)
        env = os.environ.get(DATA_DIR_ENV)
        if env:
            return cls.under(env)
        return cls.default()

    @property
    def stores(self) -> Path:
        """Parent folder of all per-user offline stores."""
        return self.data / STORES_DIR

    def store_dir(self, platform_url: str, user_id: str) -> Path:
        """The folder of one user's offline store on one platform (not created)."""
        return self.stores / store_dir_name(platform_url, user_id)

    def ensure(self) -> AppPaths:
        """Create all folders, private to the user (idempotent); returns self for chaining."""
        for folder in (self.data, self.config, self.cache, self.logs, self.stores):
            private_dir(folder)
        return self


# --- files for the user alone --------------------------------------------------------------------------
# Everything the client writes is private to the user where the OS has modes (POSIX): folders 0700, files
# 0600, whatever the umask. Windows keeps these folders private through the profile's ACLs.

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def keep_private() -> None:
    """Whatever this process creates from now on is the user's alone (umask 077; POSIX only)."""
    if os.name == "posix":
        os.umask(0o077)


def private_dir(path: Path) -> Path:
    """``path`` as a folder only the user may use: created (with any missing parents) 0700, or an existing
    one tightened to 0700; returns it."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile (another thread, another process)
            folder.mkdir(mode=PRIVATE_DIR_MODE)
    make_private(path)
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for ``open()`` that creates the file 0600 (only the user may read or write it)."""
    return os.open(path, flags, PRIVATE_FILE_MODE)


def make_private(path: Path) -> None:
    """Tighten an existing file (0600) or folder (0700), e.g. one an older version wrote; POSIX only."""
    if os.name != "posix":
        return
    mode = PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE
    if path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)
