"""A keyring backend in a JSON file, for a *separate process* of the app in benchmarks and tests.

:mod:`tests.helpers.memory_keyring` covers the app inside a test process. A subprocess (the start-up
benchmark starts the real ``caseworker`` again and again) needs the data key to outlive one process, and CI
has no OS keystore. Select this backend explicitly in the child's environment::

    PYTHON_KEYRING_BACKEND=tests.helpers.file_keyring.FileKeyring
    CASEWORKER_TEST_KEYRING_FILE=/tmp/some-run/keyring.json
    PYTHONPATH=<the repository root>          # ``tests`` is not installed with the app

The file holds the data keys in the clear: it is for throw-away data folders of synthetic sandbox data,
never for real use. Nothing selects it by itself (``viable`` is False, so keyring's discovery skips it;
only the environment variable above, or ``memory_keyring.install(FileKeyring(path))`` in a test
process, makes it active), and the app's refusal of the plaintext/fail/null backends
(``caseworker.auth.secrets``) is untouched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend

FILE_ENV = "CASEWORKER_TEST_KEYRING_FILE"
BACKEND_NAME = f"{__name__}.FileKeyring"
"""The value for ``PYTHON_KEYRING_BACKEND``."""


class FileKeyring(KeyringBackend):
    """Passwords in the JSON file named by ``$CASEWORKER_TEST_KEYRING_FILE`` (or ``path``)."""

    priority = 1  # type: ignore[assignment]  # a real keystore as far as the app can tell
    viable = False  # type: ignore[assignment]  # never auto-selected by keyring's discovery

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        where = path if path is not None else os.environ.get(FILE_ENV)
        if not where:
            raise RuntimeError(f"{FILE_ENV} must name the keyring file")
        self.path = Path(where)

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _save(self, data: dict[str, str]) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, self.path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\n{username}"

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[self._key(service, username)] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(self._key(service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")
        self._save(data)


def environment(path: str | os.PathLike[str]) -> dict[str, str]:
    """The variables that make a child process use the keyring file ``path`` (the repository root must
    be on its import path too)."""
    return {"PYTHON_KEYRING_BACKEND": BACKEND_NAME, FILE_ENV: str(path)}
