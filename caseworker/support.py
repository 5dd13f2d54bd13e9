"""What the help desk needs, without Qt: the diagnostics text ("Kopiera diagnostik") and the third-party
licences shipped with the bundle ("Licenser för tredje part").

Diagnostics say which build runs where and in what state -- version, OS, Qt, folders, platform, sync
and outbox state, the last warnings and errors of the log -- and nothing about the person: no user name
or id, no case numbers, no tokens, no personnummer. The home folder in a path (which names the Windows
account) is written ``~``; every line goes through the log scrubber once more.

Licences are collected at build time (``packaging/caseworker.spec`` calls :func:`write_licences`) into
``licenses/`` beside the app's files: one folder per distribution with its licence files, plus
``index.json`` that the About box lists (:func:`read_licences`).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from caseworker.api.errors import scrub

LICENCE_INDEX = "index.json"
LICENCES_DIR = "licenses"
_LICENCE_FILE = re.compile(r"(licen[cs]e|copying|notice|authors|copyright)", re.IGNORECASE)
_CASE_NUMBER = re.compile(r"\b[A-ZÅÄÖ]{2,6} ?\d{4}-\d{3,6}\b")  # BYGG 2026-000009 names a person's case
# tokens however they are written: a JWT, or a token/code/password parameter's value
_TOKEN = re.compile(
    r"eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*"
    r"|(?i:(?<![\w])((?:access_|refresh_|id_)?token|code|password|secret|code_verifier)([\"']?\s*[=:]\s*[\"']?))[^\s&\"',}]+"
)
LOG_LEVELS = (" WARNING ", " ERROR ", " CRITICAL ")


# --- licences ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Licence:
    """One shipped component: its name, version, licence and the files with the licence texts."""

    name: str
    version: str
    licence: str
    files: tuple[str, ...] = ()  # relative to the licences folder


def _licence_name(meta: metadata.PackageMetadata) -> str:
    fields = meta.json  # lower-case keys; lists for fields that repeat
    expression = fields.get("license_expression")
    if expression:
        return str(expression)
    text = str(fields.get("license") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    licences = fields.get("classifier", [])
    classifiers = [str(c).rsplit("::", 1)[-1].strip() for c in licences if "License ::" in c]
    return ", ".join(classifiers) or "see the licence files"


def distribution_for_modules(modules: Iterable[str]) -> list[str]:
    """The installed distributions that provide these (top-level) modules, by name, sorted."""
    provided = metadata.packages_distributions()
    names = {dist for module in modules for dist in provided.get(module.split(".")[0], [])}
    return sorted(names, key=str.lower)


def write_licences(
    target: Path, distributions: Iterable[str], extra: Sequence[Licence] = ()
) -> list[Licence]:
    """Copy each distribution's licence files into ``target/<name>/`` and write ``target/index.json``.

    ``extra`` are components that are not Python distributions (Qt, Python itself): their files are
    given as absolute paths and copied the same way."""
    target.mkdir(parents=True, exist_ok=True)
    found: list[Licence] = []
    for name in distributions:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        canonical = dist.metadata["Name"] or name
        copied: list[str] = []
        for entry in dist.files or []:
            if _is_licence_file(entry.parts):
                source = Path(str(dist.locate_file(entry)))
                if source.is_file():
                    copied.append(_copy(source, target, canonical, entry.parts))
        found.append(Licence(canonical, dist.version, _licence_name(dist.metadata), tuple(copied)))
    for item in extra:
        files = tuple(
            _copy(Path(f), target, item.name, (Path(f).name,)) for f in item.files if Path(f).is_file()
        )
        found.append(Licence(item.name, item.version, item.licence, files))
    found.sort(key=lambda licence: licence.name.lower())
    index = [asdict(licence) for licence in found]
    (target / LICENCE_INDEX).write_text(json.dumps(index, indent=1, ensure_ascii=False), encoding="utf-8")
    return found


def _is_licence_file(parts: Sequence[str]) -> bool:
    """A licence file of a distribution: in its metadata folder (any file of a ``licenses`` folder
    there), or a ``LICENSE``-like file at the top of one of its packages."""
    name, folders = parts[-1], parts[:-1]
    if name.endswith((".py", ".pyc", ".pyi")):
        return False
    in_metadata = any(p.endswith((".dist-info", ".egg-info")) for p in folders)
    if in_metadata:
        return bool(_LICENCE_FILE.search(name)) or any(_LICENCE_FILE.search(p) for p in folders)
    return len(folders) == 1 and bool(_LICENCE_FILE.search(name))


def _copy(source: Path, target: Path, name: str, parts: Sequence[str]) -> str:
    inside = [p for p in parts if not p.endswith((".dist-info", ".egg-info"))] or [source.name]
    relative = Path(re.sub(r"[^A-Za-z0-9._-]", "_", name), *inside)
    (target / relative).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target / relative)
    return relative.as_posix()


def licences_folder() -> Path | None:
    """The bundle's licences folder (``licenses/`` beside the app's files), or None from source."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    folder = Path(base) / LICENCES_DIR
    return folder if (folder / LICENCE_INDEX).is_file() else None


def read_licences(folder: Path) -> list[Licence]:
    data = json.loads((folder / LICENCE_INDEX).read_text(encoding="utf-8"))
    return [Licence(d["name"], d["version"], d["licence"], tuple(d["files"])) for d in data]


# --- diagnostics ------------------------------------------------------------------------------------------


@dataclass
class Diagnostics:
    """What the app knows about itself; :func:`diagnostics_text` turns it into the text to paste."""

    app_version: str
    qt_version: str = ""
    binding_version: str = ""
    frozen: bool = False
    language: str = ""
    platform_url: str = ""
    demo: bool = False
    folders: Mapping[str, Path] = field(default_factory=dict)
    online: bool | None = None
    last_sync: str = ""  # ISO time of the last complete sync, "" if never
    outbox: Mapping[str, int] = field(default_factory=dict)  # state -> count
    log_file: Path | None = None


def last_log_problems(log_file: Path | None, limit: int = 20, tail_bytes: int = 512_000) -> list[str]:
    """The last ``limit`` warning and error lines of the log (its last half megabyte), first line only."""
    if log_file is None or not log_file.is_file():
        return []
    with log_file.open("rb") as f:
        f.seek(max(0, f.seek(0, os.SEEK_END) - tail_bytes))
        text = f.read().decode("utf-8", errors="replace")
    lines = [line for line in text.splitlines() if any(level in line for level in LOG_LEVELS)]
    return lines[-limit:]


def _private(text: str, home: str) -> str:
    """Scrubbed of tokens and personnummer, case numbers, and the home folder (names the account)."""
    if home and len(home) > 3:
        text = text.replace(home, "~")
    text = _TOKEN.sub(lambda m: f"{m.group(1)}{m.group(2)}[token]" if m.group(1) else "[token]", scrub(text))
    return _CASE_NUMBER.sub("<ärende>", text)


def diagnostics_text(d: Diagnostics, *, home: str | None = None) -> str:
    """Plain text for the help desk (English labels: it is read by support, and pasted into tickets)."""
    home = str(Path.home()) if home is None else home
    frozen = "installed bundle" if d.frozen else "from source"
    # the names of proxy variables only: their values may hold passwords
    proxies = sorted(k for k in os.environ if k.lower().endswith("_proxy"))
    lines = [
        f"Caseworker {d.app_version} ({frozen})",
        f"OS: {platform.platform()} ({platform.machine()})",
        f"Python: {platform.python_version()} ({sys.implementation.name})",
        f"Qt: {d.qt_version or '?'}, PySide6 {d.binding_version or '?'}",
        f"Language: {d.language or '?'}",
        f"Platform: {d.platform_url or 'none'}{' (embedded demo sandbox)' if d.demo else ''}",
        "Connection: " + {True: "online", False: "offline", None: "unknown"}[d.online],
        f"Last complete sync: {d.last_sync or 'never'}",
        "Outbox: " + (", ".join(f"{state} {n}" for state, n in sorted(d.outbox.items())) or "empty"),
        "Folders:",
        *(f"  {name}: {path}" for name, path in d.folders.items()),
        f"Proxy variables: {', '.join(proxies) or 'none (the system proxy)'}",
    ]
    problems = last_log_problems(d.log_file)
    lines.append(
        f"Last warnings and errors in the log ({len(problems)}):" if problems else "Log: no warnings"
    )
    lines.extend(f"  {line}" for line in problems)
    return "\n".join(_private(line, home) for line in lines) + "\n"
