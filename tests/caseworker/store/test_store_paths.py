"""caseworker.paths: one module for folders, a --data-dir override, safe per-user store folders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caseworker.paths import DATA_DIR_ENV, AppPaths, normalise_platform_url, store_dir_name


def test_override_puts_everything_under_one_root(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "portable").ensure()
    for folder in (paths.data, paths.config, paths.cache, paths.logs, paths.stores):
        assert folder.is_dir() and (tmp_path / "portable") in folder.parents


def test_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert AppPaths.resolve().data == (tmp_path / "env" / "data").resolve()
    assert AppPaths.resolve(tmp_path / "arg").data == (tmp_path / "arg" / "data").resolve()
    monkeypatch.delenv(DATA_DIR_ENV)
    default = AppPaths.resolve()
    assert default == AppPaths.default()
    assert "Caseworker" in str(default.data) and "Caseworker" in str(default.config)


def test_store_dir_name_is_safe_and_distinct() -> None:
    name = store_dir_name("https://platform.example.se", "anna.svensson@alvdala.se")
    assert re.fullmatch(r"[0-9a-f]{32}", name)
    assert name == store_dir_name("HTTPS://Platform.Example.se:443/", "anna.svensson@alvdala.se")
    assert name != store_dir_name("https://platform.example.se", "bo")
    assert name != store_dir_name("https://platform.example.se:8443", "anna.svensson@alvdala.se")
    assert name != store_dir_name("http://platform.example.se", "anna.svensson@alvdala.se")
    assert name != store_dir_name("https://platform.example.se/tenant-b", "anna.svensson@alvdala.se")


def test_invalid_identities_are_refused() -> None:
    with pytest.raises(ValueError):
        normalise_platform_url("platform.example.se")
    with pytest.raises(ValueError):
        store_dir_name("https://platform.example.se", "")


def test_store_dir_is_under_stores(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    d = paths.store_dir("https://p.example.se", "u1")
    assert d.parent == paths.stores and not d.exists()
