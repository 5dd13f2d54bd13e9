"""What packaging/caseworker.spec keeps in the bundle, and the version information build.py writes.

The whole build (freeze + the bundle's self-test) runs in .ci/run and the Windows workflow; these check
the rules it applies, on both platforms' file names."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load(name: str) -> ModuleType:
    """A module of packaging/ by path (the folder is not a package: ``packaging`` is PyPI's name)."""
    spec = importlib.util.spec_from_file_location(f"_caseworker_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rules = load("packaging_rules")
build = load("build")


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/plugins/iconengines/qsvgicon.dll",
        "PySide6/plugins/printsupport/windowsprintersupport.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/imageformats/libqico.so",
        "PySide6/translations/qtbase_sv.qm",
        "PySide6\\translations\\qtbase_en.qm",
        "PySide6/Qt6Widgets.dll",
        "pypdfium2_raw/pdfium.dll",
        "caseworker/api/openapi.yaml",
    ],
)
def test_what_the_app_uses_stays(dest: str) -> None:
    assert rules.keep_in_bundle(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/plugins/imageformats/qpdf.dll",  # would pull in Qt PDF; PDFs go through PDFium
        "PySide6/plugins/imageformats/qtiff.dll",  # TIFF goes through Pillow
        "PySide6/plugins/imageformats/qwebp.dll",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",  # httpx does TLS
        "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
        "PySide6/plugins/generic/qtuiotouchplugin.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/translations/qtdeclarative_sv.qm",
        "PySide6/opengl32sw.dll",
    ],
)
def test_what_it_does_not_use_goes(dest: str) -> None:
    assert not rules.keep_in_bundle(dest)


def test_the_bundle_leaves_out_test_tools_and_unused_qt_modules() -> None:
    for module in ("pytest", "hypothesis", "tests", "trio", "PySide6.QtQml", "PySide6.QtQuick", "tkinter"):
        assert module in rules.EXCLUDED_MODULES
    assert "caseworker.sandbox.server" in rules.HIDDEN_IMPORTS  # --demo and --self-test need it
    for needed in ("fontTools", "lxml", "numpy"):  # pikepdf's PDF/A step of the letters; the compare
        assert needed not in rules.EXCLUDED_MODULES


def test_qt_and_python_licences_are_shipped(tmp_path: Path) -> None:
    extras = rules.licence_extras(PACKAGING.parent)
    qt = next(extra for extra in extras if extra.name.startswith("Qt"))
    assert "LGPL-3.0" in qt.licence
    texts = {Path(f).name: Path(f) for f in qt.files}
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in texts["LGPL-3.0.txt"].read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in texts["GPL-3.0.txt"].read_text(encoding="utf-8")
    assert "replace" in texts["QT-NOTICE.txt"].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc3", (2, 0, 1, 0)), ("3.4.5.6", (3, 4, 5, 6))],
)
def test_windows_gets_four_numbers_from_the_version(version: str, numbers: tuple[int, ...]) -> None:
    assert build.numeric_version(version) == numbers


def test_the_version_information_names_the_app_and_its_version() -> None:
    text = build.version_info_text("1.2.3")
    assert "filevers=(1, 2, 3, 0)" in text and "prodvers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    assert "StringStruct('OriginalFilename', 'Caseworker.exe')" in text
    compile(text, "version_info.txt", "eval")  # PyInstaller evaluates it


def test_the_icon_is_drawn_from_the_svg_at_every_windows_size(qapp, tmp_path: Path) -> None:
    from PIL import Image

    # (qapp: the one QApplication exists first; build.py alone would make a QGuiApplication)
    ico, png = tmp_path / "app.ico", tmp_path / "app.png"
    build.render_icon(PACKAGING.parent / "resources" / "icons" / "app.svg", ico, png)
    with Image.open(ico) as image:
        sizes = set(image.info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    with Image.open(png) as image:
        assert image.size == (256, 256)
        assert image.getpixel((128, 128))[3] == 255  # drawn, not transparent
        assert image.getpixel((0, 0))[3] == 0  # the rounded corner stays transparent
