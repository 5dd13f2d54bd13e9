"""Secret storage: the one small data key per (platform, user) lives in the OS keystore.

Only a 32-byte random *data key* (base64, 44 characters) is kept in the keystore. Windows Credential
Manager caps a secret at 2560 bytes (about 1280 UTF-16 characters), so tokens and everything else are
kept encrypted with that key in the offline store (``caseworker.store``), never in the keystore.

Two implementations of :class:`SecretStore`:

* :class:`KeyringSecretStore` -- the OS keystore through ``keyring``. It refuses backends that would not
  actually protect the key: ``keyring.backends.fail.Keyring`` (no backend, headless Linux), the null
  backend (silently drops writes), a chainer with nothing (or only insecure backends) behind it, and the
  plaintext/"not recommended" backends of ``keyrings.alt``. Those raise :class:`NoSecureBackend`.
* :class:`SessionSecretStore` -- in memory for this process only. For the explicit "session only" choice
  the user makes when there is no keystore: the cached data is unreadable after the app quits (and is
  resynced), which is the honest consequence of not having anywhere safe to keep the key.
"""

from __future__ import annotations

import abc
import base64
import binascii
import secrets as _random
import threading

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

SERVICE = "Caseworker"
"""Service name under which data keys are stored in the OS keystore."""

DATA_KEY_BYTES = 32
MAX_SECRET_CHARS = 1000
"""Refuse anything larger: Windows Credential Manager caps secrets at ~1280 UTF-16 characters."""


class SecretStoreError(Exception):
    """The keystore could not be used; the message says what happened and what to do."""


class NoSecureBackend(SecretStoreError):
    """There is no keystore that keeps secrets safe (e.g. headless Linux, or only a plaintext backend)."""


class InvalidDataKey(SecretStoreError):
    """The keystore holds something under our name that is not a valid data key."""


def data_key_account(platform_url: str, user_id: str) -> str:
    """Account name for a user's data key: one key per (platform, user); same hash as their store folder."""
    from caseworker.paths import store_dir_name  # local import: paths is a leaf module, keep auth light

    return f"data-key:{store_dir_name(platform_url, user_id)}"


def insecure_backend_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold our key, or None when it is a real keystore."""
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if isinstance(backend, fail.Keyring):
        return "no keyring backend is available on this system (keyring.backends.fail.Keyring)"
    if isinstance(backend, null.Keyring):
        return "the keyring backend is the null backend, which silently discards secrets"
    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return "the keyring chainer has no backends to chain"
        reasons = [r for r in (insecure_backend_reason(b) for b in chained) if r]
        if reasons:
            return f"the keyring chainer includes an insecure backend: {reasons[0]}"
        return None
    module = type(backend).__module__
    if module.startswith("keyrings.alt") or "plaintext" in name.lower():
        return f"the keyring backend {name} is not a secure keystore (plaintext or not recommended)"
    return None


def _encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def _decode_key(value: str, service: str, account: str) -> bytes:
    try:
        key = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise InvalidDataKey(
            f"The keystore entry {service}/{account} is not a Caseworker data key. "
            "Remove it (sign out and wipe the local cache) and sign in again."
        ) from exc
    if len(key) != DATA_KEY_BYTES:
        raise InvalidDataKey(
            f"The keystore entry {service}/{account} has {len(key)} bytes, expected {DATA_KEY_BYTES}. "
            "Remove it (sign out and wipe the local cache) and sign in again."
        )
    return key


class SecretStore(abc.ABC):
    """A tiny key/value store for secrets of at most :data:`MAX_SECRET_CHARS` characters."""

    persistent: bool = True
    """False when secrets are lost when the process ends (the offline cache then cannot be reopened)."""

    @abc.abstractmethod
    def get(self, service: str, account: str) -> str | None:
        """The secret, or None if there is none."""

    @abc.abstractmethod
    def set(self, service: str, account: str, value: str) -> None:
        """Store (or replace) a secret."""

    @abc.abstractmethod
    def delete(self, service: str, account: str) -> None:
        """Remove a secret; no error if there is none."""

    def get_data_key(self, service: str, account: str) -> bytes | None:
        """The 32-byte data key, or None if none was created yet. Raises :class:`InvalidDataKey`."""
        value = self.get(service, account)
        return None if value is None else _decode_key(value, service, account)

    def get_or_create_data_key(self, service: str, account: str) -> bytes:
        """The 32-byte data key, created (random) and stored on first use.

        After storing a new key it is read back, so a backend that accepted the write but kept nothing
        is caught here rather than when the cache cannot be opened next time.
        """
        existing = self.get_data_key(service, account)
        if existing is not None:
            return existing
        self.set(service, account, _encode_key(_random.token_bytes(DATA_KEY_BYTES)))
        stored = self.get_data_key(service, account)
        if stored is None:
            raise NoSecureBackend(
                f"The keystore accepted the data key for {service} but did not keep it. "
                "Choose the session-only store or fix the system keystore."
            )
        return stored

    @staticmethod
    def _check_size(value: str) -> None:
        if len(value) > MAX_SECRET_CHARS:
            raise ValueError(
                f"secret of {len(value)} characters; the keystore holds only small keys "
                f"(at most {MAX_SECRET_CHARS}); keep larger secrets encrypted in the offline store"
            )


class KeyringSecretStore(SecretStore):
    """The OS keystore via ``keyring`` (Windows Credential Manager on the target platform).

    ``backend`` defaults to ``keyring.get_keyring()`` at construction. Raises :class:`NoSecureBackend`
    when that backend would not protect secrets (see :func:`insecure_backend_reason`).
    """

    persistent = True

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()
        reason = insecure_backend_reason(self._backend)
        if reason is not None:
            raise NoSecureBackend(
                f"Caseworker cannot keep its encryption key safe: {reason}. "
                "Use a system with a keystore (Windows Credential Manager), or choose the session-only "
                "store: the offline cache then lasts only until the app is closed."
            )

    @property
    def backend(self) -> KeyringBackend:
        return self._backend

    def get(self, service: str, account: str) -> str | None:
        try:
            return self._backend.get_password(service, account)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Could not read from the keystore: {exc}") from exc

    def set(self, service: str, account: str, value: str) -> None:
        self._check_size(value)
        try:
            self._backend.set_password(service, account, value)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Could not write to the keystore: {exc}") from exc

    def delete(self, service: str, account: str) -> None:
        try:
            self._backend.delete_password(service, account)
        except keyring.errors.PasswordDeleteError:
            return  # nothing stored: deleting is idempotent
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Could not remove the key from the keystore: {exc}") from exc


class SessionSecretStore(SecretStore):
    """Secrets in this process's memory only; chosen explicitly when there is no keystore."""

    persistent = False

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get(self, service: str, account: str) -> str | None:
        with self._lock:
            return self._values.get((service, account))

    def set(self, service: str, account: str, value: str) -> None:
        self._check_size(value)
        with self._lock:
            self._values[(service, account)] = value

    def delete(self, service: str, account: str) -> None:
        with self._lock:
            self._values.pop((service, account), None)
