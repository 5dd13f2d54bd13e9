"""An in-memory keyring backend for tests: the OS keystore is never touched.

Use as a context manager (or from a fixture)::

    with memory_keyring.install() as kr:
        store = KeyringSecretStore()      # picks up the in-memory backend
        ...

The backend is not *viable* for keyring's own discovery, so importing this module never changes which
backend keyring picks by itself; only :func:`install` makes it active, and restores the previous backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict: {(service, username): password}."""

    priority = 1  # type: ignore[assignment]  # a real (secure) backend as far as the app can tell
    viable = False  # type: ignore[assignment]  # never auto-selected by keyring's discovery

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("no such password") from None


@contextmanager
def install(backend: KeyringBackend | None = None) -> Iterator[KeyringBackend]:
    """Make ``backend`` (a fresh :class:`MemoryKeyring` by default) keyring's backend; restore on exit."""
    previous = keyring.get_keyring()
    active = backend if backend is not None else MemoryKeyring()
    keyring.set_keyring(active)
    try:
        yield active
    finally:
        keyring.set_keyring(previous)
