"""The README's two commands: the first installs only what the app needs and that is enough to run it;
the second installs the test tools and is exactly what `.ci/run` runs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
APP_COMMAND = "python -m pip install -e . && caseworker --demo"
TEST_COMMAND = 'python -m pip install -e ".[dev]" && python -m pytest'


def _readme_commands() -> list[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Two commands", 1)[1]
    section = section.split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, re.DOTALL)]


def test_the_readme_gives_one_line_to_run_the_app_and_one_to_run_the_tests() -> None:
    assert _readme_commands() == [APP_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readmes_test_command_exactly() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert TEST_COMMAND in lines


def test_the_readme_names_the_linux_libraries_qt_needs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for library in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-xinerama0"):
        assert library in text


def _installed_with(requirements: list[str]) -> set[str]:
    """Every distribution that installing ``requirements`` (no extras) brings, by canonical name."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            todo += [Requirement(r) for r in requires(req.name) or []]
        except PackageNotFoundError:
            continue  # not installed here (an optional platform-specific requirement)
    return seen


def _third_party_imports() -> dict[str, str]:
    """Top-level modules the app and its core import that are neither stdlib nor ours: module -> a file."""
    found: dict[str, str] = {}
    for package in ("caseworker", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ("caseworker", "ui"):
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_everything_the_app_imports_comes_with_the_base_dependencies() -> None:
    """`pip install -e .` is enough: nothing the app imports arrives only with [dev]."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = _installed_with(project["dependencies"])
    distributions = packages_distributions()
    missing = []
    for module, where in _third_party_imports().items():
        names = {canonicalize_name(d) for d in distributions.get(module, [module])}
        if not names & base:
            missing.append(f"{module} ({where})")
    assert missing == []
