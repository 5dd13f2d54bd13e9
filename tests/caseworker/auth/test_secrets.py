"""SecretStore: only secure keyring backends, one small data key per (platform, user)."""

from __future__ import annotations

import base64

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from caseworker.auth.secrets import (
    DATA_KEY_BYTES,
    SERVICE,
    InvalidDataKey,
    KeyringSecretStore,
    NoSecureBackend,
    SecretStoreError,
    SessionSecretStore,
    data_key_account,
    insecure_backend_reason,
)
from tests.helpers import memory_keyring
from tests.helpers.memory_keyring import MemoryKeyring


class _PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's plaintext file backend."""

    viable = False


_PlaintextKeyring.__module__ = "keyrings.alt.file"


class _EmptyChainer(chainer.ChainerBackend):
    viable = False
    backends: tuple[KeyringBackend, ...] = ()  # type: ignore[assignment]


class _ChainerWithPlaintext(chainer.ChainerBackend):
    viable = False
    backends = (MemoryKeyring(), _PlaintextKeyring())  # type: ignore[assignment]


class _ChainerWithMemory(chainer.ChainerBackend):
    viable = False
    backends = (MemoryKeyring(),)  # type: ignore[assignment]


class _ForgetfulKeyring(MemoryKeyring):
    """Accepts writes and keeps nothing (like the null backend, but not recognisable by type)."""

    viable = False

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class _BrokenKeyring(MemoryKeyring):
    viable = False

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), _EmptyChainer(), _ChainerWithPlaintext(), _PlaintextKeyring()],
    ids=["fail", "null", "empty-chainer", "chainer-with-plaintext", "plaintext"],
)
def test_insecure_backends_raise_no_secure_backend(backend: KeyringBackend) -> None:
    assert insecure_backend_reason(backend) is not None
    with pytest.raises(NoSecureBackend, match="cannot keep its encryption key safe"):
        KeyringSecretStore(backend)


def test_active_fail_backend_is_refused_by_default() -> None:
    with memory_keyring.install(fail.Keyring()), pytest.raises(NoSecureBackend, match="no keyring backend"):
        KeyringSecretStore()


def test_active_null_backend_is_refused_by_default() -> None:
    with memory_keyring.install(null.Keyring()), pytest.raises(NoSecureBackend, match="null backend"):
        KeyringSecretStore()


def test_chainer_of_secure_backends_is_accepted() -> None:
    assert insecure_backend_reason(_ChainerWithMemory()) is None


def test_memory_keyring_install_restores_previous_backend() -> None:
    before = keyring.get_keyring()
    with memory_keyring.install() as kr:
        assert keyring.get_keyring() is kr
        keyring.set_password("svc", "acct", "v")
        assert keyring.get_password("svc", "acct") == "v"
        keyring.delete_password("svc", "acct")
        assert keyring.get_password("svc", "acct") is None
    assert keyring.get_keyring() is before


def test_data_key_created_once_and_stored_small() -> None:
    with memory_keyring.install() as kr:
        assert isinstance(kr, MemoryKeyring)
        store = KeyringSecretStore()
        account = data_key_account("https://platform.example.se", "u-1")
        key = store.get_or_create_data_key(SERVICE, account)
        assert len(key) == DATA_KEY_BYTES
        assert store.get_or_create_data_key(SERVICE, account) == key
        stored = kr.passwords[(SERVICE, account)]
        assert len(stored) == 44 and base64.b64decode(stored) == key  # well under the 1280-char cap
        other = store.get_or_create_data_key(SERVICE, data_key_account("https://platform.example.se", "u-2"))
        assert other != key
        store.delete(SERVICE, account)
        store.delete(SERVICE, account)  # idempotent
        assert store.get_data_key(SERVICE, account) is None
        assert store.get_or_create_data_key(SERVICE, account) != key


def test_account_differs_per_platform_and_user_and_hides_user_id() -> None:
    a = data_key_account("https://a.example.se", "anna.svensson")
    assert a != data_key_account("https://b.example.se", "anna.svensson")
    assert a != data_key_account("https://a.example.se", "bo")
    assert a == data_key_account("https://A.example.se:443/", "anna.svensson")
    assert "anna" not in a


def test_garbage_under_our_name_is_a_clear_error() -> None:
    with memory_keyring.install():
        store = KeyringSecretStore()
        store.set(SERVICE, "acct", "not base64 !!")
        with pytest.raises(InvalidDataKey, match="not a Caseworker data key"):
            store.get_or_create_data_key(SERVICE, "acct")
        store.set(SERVICE, "acct", base64.b64encode(b"short").decode())
        with pytest.raises(InvalidDataKey, match="expected 32"):
            store.get_data_key(SERVICE, "acct")


def test_backend_that_keeps_nothing_is_caught_on_create() -> None:
    store = KeyringSecretStore(_ForgetfulKeyring())
    with pytest.raises(NoSecureBackend, match="did not keep it"):
        store.get_or_create_data_key(SERVICE, "acct")


def test_keyring_errors_become_secret_store_errors() -> None:
    store = KeyringSecretStore(_BrokenKeyring())
    with pytest.raises(SecretStoreError, match="Could not read"):
        store.get_or_create_data_key(SERVICE, "acct")


@pytest.mark.parametrize("store_factory", [SessionSecretStore, lambda: KeyringSecretStore(MemoryKeyring())])
def test_large_secrets_are_refused(store_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="small keys"):
        store_factory().set(SERVICE, "acct", "x" * 2000)


def test_session_store_is_memory_only() -> None:
    store = SessionSecretStore()
    assert store.persistent is False
    key = store.get_or_create_data_key(SERVICE, "acct")
    assert store.get_or_create_data_key(SERVICE, "acct") == key
    assert SessionSecretStore().get_data_key(SERVICE, "acct") is None
    store.delete(SERVICE, "acct")
    store.delete(SERVICE, "acct")
    assert store.get(SERVICE, "acct") is None
