"""Fixtures shared by every test: sandboxes on loopback and an in-memory keyring."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from tests.helpers.sandbox import Sandbox, make_template, running_sandbox


@pytest.fixture(scope="session")
def sandbox_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded SQLite database per test run, copied for every sandbox."""
    return make_template(tmp_path_factory.mktemp("sandbox-template"))


@pytest.fixture(scope="session")
def sandbox(sandbox_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A sandbox shared by the session's tests: use it for reads and for writes that make their own data."""
    with running_sandbox(sandbox_template, tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb


@pytest.fixture
def make_sandbox(sandbox_template: Path, tmp_path: Path) -> Iterator[Callable[..., Sandbox]]:
    """Start a fresh sandbox with its own database (settings may be overridden, e.g. access_token_ttl)."""
    with ExitStack() as stack:
        counter = iter(range(1000))

        def make(**overrides: object) -> Sandbox:
            workdir = tmp_path / f"sandbox-{next(counter)}"
            workdir.mkdir()
            return stack.enter_context(running_sandbox(sandbox_template, workdir, **overrides))

        yield make
