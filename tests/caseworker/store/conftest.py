"""Fixtures for the store tests.

``memory_keyring`` belongs in tests/conftest.py once other packages need it (it only wraps
tests.helpers.memory_keyring.install); the rest is specific to these tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from caseworker.store import OfflineStore
from tests.helpers import memory_keyring


@pytest.fixture
def memory_keyring_backend() -> Iterator[KeyringBackend]:
    """An in-memory keyring installed as keyring's backend for the test."""
    with memory_keyring.install() as backend:
        yield backend


@pytest.fixture
def data_key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path, data_key: bytes) -> Iterator[OfflineStore]:
    s = OfflineStore.open(store_dir, data_key, user_id="u-anna")
    yield s
    s.close()
