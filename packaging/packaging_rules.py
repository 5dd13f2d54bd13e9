"""What goes into the bundle beyond what PyInstaller finds by itself, and what is left out.

Used by ``caseworker.spec`` (and its tests): the Qt plugins the app needs, Qt's own translations for
the app's languages, modules only found at run time, and modules never needed in the bundle.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path, PurePosixPath

from caseworker.support import Licence

# Qt plugins by folder, by name without the "lib" prefix and the suffix (qwindows.dll, libqxcb.so).
QT_PLUGINS: dict[str, set[str]] = {
    "platforms": {"qwindows", "qoffscreen", "qminimal", "qxcb"},  # qoffscreen: --self-test, CI
    "imageformats": {
        "qgif",
        "qico",
        "qjpeg",
        "qsvg",
    },  # PNG is built in; TIFF and PDF go through Pillow/PDFium
    "iconengines": {"qsvgicon"},  # the SVG icons at any scaling
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},  # native file dialogs look native
    "printsupport": {"windowsprintersupport", "cupsprintersupport"},  # printing decisions
    "platformthemes": {"qxdgdesktopportal"},  # Linux: the desktop's colour scheme
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": {"qxcb-glx-integration"},
}
# No TLS backends (httpx does TLS), no network information, no OpenGL software renderer, no
# generic input or EGL devices: the app uses widgets, QLocalServer and nothing else from QtNetwork.
# (Linux, a test target only: X11 and offscreen, no Wayland.)
QT_LANGUAGES = ("sv", "en")
DROPPED_QT_FILES = {"opengl32sw.dll"}  # ~20 MB software OpenGL; the widgets do not need OpenGL

HIDDEN_IMPORTS = [
    "caseworker.sandbox.server",  # --demo and --self-test start it (imported inside a function)
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.macOS",
]
EXCLUDED_MODULES = [
    "tkinter",
    "unittest",
    "pydoc",
    "pytest",
    "hypothesis",
    "schemathesis",
    "IPython",
    "mypy",  # pydantic's mypy plugin, pulled in by pydantic's hook
    # not numpy (the drawing engine's revision compare), fontTools or lxml (pikepdf's PDF/A step of the
    # decision letters imports both): the bundle's self-test failed without them
    "jinja2",  # the sandbox's one page is a plain template (str.format)
    # httpx and httpcore import these when they are installed (trio: 0.26 s of every start; rich and
    # pygments: httpx's command line); the app runs on asyncio and has no command line of httpx
    "trio",
    "rich",
    "pygments",
    "setuptools",
    "pkg_resources",
    "psycopg",  # a shared training server on PostgreSQL runs caseworker-sandbox from Python, not the bundle
    "psycopg_binary",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus" if sys.platform == "win32" else "PySide6.QtDesigner",
    "tests",
    "benchmarks",
]


def _parts(dest: str) -> PurePosixPath:
    return PurePosixPath(dest.replace("\\", "/"))


def keep_in_bundle(dest: str) -> bool:
    """Whether a file PyInstaller collected (by its path inside the bundle) is kept."""
    path = _parts(dest)
    if path.name.lower() in DROPPED_QT_FILES:
        return False
    parts = path.parts
    if "plugins" in parts and parts.index("plugins") < len(parts) - 2 and parts[0] == "PySide6":
        folder = parts[parts.index("plugins") + 1]
        stem = path.name.split(".")[0]
        stem = stem[3:] if stem.startswith("lib") else stem
        return stem in QT_PLUGINS.get(folder, set())
    if parts[0] == "PySide6" and "translations" in parts and path.suffix == ".qm":
        stem = path.stem  # qtbase_sv
        return stem.startswith("qtbase_") and stem.split("_", 1)[1] in QT_LANGUAGES
    return True


def licence_extras(root: Path) -> list[Licence]:
    """Components whose licences are not in Python metadata: Qt (through PySide6) and Python."""
    from importlib import metadata

    folder = root / "packaging" / "licenses"
    qt = metadata.version("shiboken6")
    candidates = [Path(sys.base_prefix) / "LICENSE.txt", Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"]
    python_licence = next((p for p in candidates if p.is_file()), candidates[0])
    return [
        Licence(
            "Qt and Qt for Python (PySide6, shiboken6)",
            qt,
            "LGPL-3.0-only (Qt libraries as separate, replaceable shared libraries in this folder)",
            (str(folder / "QT-NOTICE.txt"), str(folder / "LGPL-3.0.txt"), str(folder / "GPL-3.0.txt")),
        ),
        Licence("Python", sys.version.split()[0], "PSF-2.0", (str(python_licence),)),
    ]
