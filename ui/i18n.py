"""Languages of the UI: Swedish (the source language), English, and a pseudo-locale for layout checks.

UI text is written in Swedish in the code, always through Qt's translation calls::

    self.tr("Mina ärenden")                                     # in a QObject subclass
    QCoreApplication.translate("Navigation", "Mina ärenden")    # elsewhere
    self.tr("{n} ärenden väntar").format(n=n)                   # placeholders, never f-strings

``resources/translations/caseworker_en.ts`` holds the English translations (Qt Linguist format). The
``.qm`` files Qt loads are build outputs (not committed) made by::

    python -m ui.i18n build      # lupdate over ui/ (adds new strings to the .ts) + lrelease (.ts → .qm)
    python -m ui.i18n release    # lrelease only (what the app does by itself when a .qm is missing)
    python -m ui.i18n check      # list English strings that still lack a translation, and Swedish text
                                 # that lupdate cannot see (see extraction_misses)

The pseudo-locale (``--lang pseudo``) is generated at run time from the source strings: accented letters
and about 40 % more length inside ``[ … ]``, so a clipped label (the closing bracket missing) or a string
that bypasses translation (no accents) stands out.

How dates, numbers and sizes read (Swedish conventions in every language) is in :mod:`ui.labels`.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET  # our own .ts files
from pathlib import Path

from ui.qt import QtCore

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
# where lupdate looks for texts: the UI, and the core's descriptions of write kinds (Qt-free, marked)
TEXT_SOURCES = (UI_DIR, ROOT / "caseworker" / "sync" / "kinds")
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
SOURCE_LANGUAGE = "sv"
LANGUAGES: dict[str, str] = {"sv": "Svenska", "en": "English"}  # shown in settings (names not translated)
PSEUDO = "pseudo"
CATALOG = "caseworker"

# --- the pseudo-locale -------------------------------------------------------------------------------------

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķĺɱñøþǫŕšŧüṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑØÞǪŔŠŦÜṼŴẊÝŽ",
)
# placeholders, HTML tags, entities and Qt's %1/%n must survive untouched
_PROTECTED = re.compile(r"\{[^{}]*\}|<[^<>]*>|&[a-zA-Z]+;|%L?\d|%n")
EXPANSION = 0.4


def pseudo(text: str) -> str:
    """The pseudo-locale form of ``text``: accented, ~40 % longer, in brackets; placeholders kept."""
    if not text.strip():
        return text
    out: list[str] = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        out.append(text[pos : m.start()].translate(_ACCENTED))
        out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:].translate(_ACCENTED))
    body = "".join(out)
    pad = max(1, round(len(text) * EXPANSION) - 2)
    if "\n" in body:  # keep multi-line texts multi-line; pad the first line
        first, rest = body.split("\n", 1)
        return f"[{first} {'·' * pad}\n{rest}]"
    return f"[{body} {'·' * pad}]"


class PseudoTranslator(QtCore.QTranslator):
    """Translates every string of the app (and of Qt itself) into the pseudo-locale."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return pseudo(source)

    def isEmpty(self) -> bool:
        return False


class TsTranslator(QtCore.QTranslator):
    """Reads a .ts file directly: the fallback when no lrelease is available to build the .qm.

    With ``any_context`` it also answers for a known source text asked for under another context: a
    text translated in a module-level helper gets lupdate's context (the module's, or none) while Qt
    asks with the one the code passes at run time. Installed below the .qm, it only fills such gaps.
    """

    def __init__(self, ts_file: Path, parent: QtCore.QObject | None = None, *, any_context: bool = False):
        super().__init__(parent)
        self.messages = read_ts(ts_file)
        self.by_source: dict[str, str] = {}
        if any_context:
            for (_context, source), text in self.messages.items():
                self.by_source.setdefault(source, text)

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) means "not mine": Qt asks the next translator. An empty string would
        # be taken as the translation.
        return self.messages.get((context, source)) or self.by_source.get(source)

    def isEmpty(self) -> bool:
        return not self.messages


def read_ts(ts_file: Path) -> dict[tuple[str, str], str]:
    """{(context, source): translation} of the finished translations in a .ts file."""
    messages: dict[tuple[str, str], str] = {}
    root = ET.parse(ts_file).getroot()  # noqa: S314  # our own file
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            if translation.text:
                messages[(name, source)] = translation.text
    return messages


def untranslated(ts_file: Path) -> list[tuple[str, str]]:
    """(context, source) of every current message without a finished translation."""
    missing = []
    root = ET.parse(ts_file).getroot()  # noqa: S314  # our own file
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            if translation is None or kind == "unfinished" or not (translation.text or "").strip():
                missing.append((name, message.findtext("source") or ""))
    return missing


# --- text that extraction would miss ---------------------------------------------------------------------

TRANSLATING = frozenset({"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "_tr"})
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
NOT_UI_TEXT = "# i18n: not ui text"  # on a line whose Swedish literal is data or a sample, not UI text


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _text_argument(call: ast.Call) -> ast.expr | None:
    """The source-text argument of a translation call (``translate(context, text)``: the second)."""
    name = _callee_name(call.func)
    index = 1 if name in ("translate", "QT_TRANSLATE_NOOP") and len(call.args) >= 2 else 0
    return call.args[index] if len(call.args) > index else None


def _literal(node: ast.expr | None) -> str | None:
    """A string literal's value (implicit concatenation is one Constant)."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Scanner(ast.NodeVisitor):
    """Collects, in one module: aliases of translation functions, literals given to translation calls,
    and Swedish literals outside them (not docstrings, log calls or exceptions)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.aliases: list[tuple[int, str]] = []
        self.translated: list[tuple[int, str]] = []
        self.bare: list[tuple[int, str]] = []
        self._skip: set[int] = set()  # ids of Constant nodes that are fine where they are

    def visit_Module(self, node: ast.Module) -> None:
        self._docstring(node)
        self.generic_visit(node)

    def _docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and _literal(body[0].value) is not None:
            self._skip.add(id(body[0].value))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._docstring(node)
        if "Swedish on purpose" in (ast.get_docstring(node) or ""):  # e.g. a letter to the applicant
            for child in ast.walk(node):
                self._skip.add(id(child))
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._docstring(node)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        # t = labels.tr / tr = QCoreApplication.translate: calls through the alias are invisible to lupdate
        value = node.value
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        for target in node.targets:
            if isinstance(target, ast.Tuple):
                names += [e.id for e in target.elts if isinstance(e, ast.Name)]
        values = value.elts if isinstance(value, ast.Tuple) else [value]
        aliased = [
            v for v in values if isinstance(v, (ast.Attribute, ast.Name)) and _callee_name(v) in TRANSLATING
        ]
        if aliased and not all(n in TRANSLATING for n in names):  # translate = X.translate is still seen
            self.aliases.append((node.lineno, ast.unparse(node)))
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        for child in ast.walk(node):
            self._skip.add(id(child))  # exception messages are English, for logs
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _callee_name(node.func)
        if name in TRANSLATING:
            text = _literal(_text_argument(node))
            if text is not None:
                self.translated.append((node.lineno, text))
            for child in ast.walk(node):
                self._skip.add(id(child))
        elif (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id in ("log", "logging", "logger"))
        ):
            for child in ast.walk(node):
                self._skip.add(id(child))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if id(node) in self._skip or not isinstance(node.value, str):
            return
        if not SWEDISH_LETTERS.search(node.value):
            return
        line = self.lines[node.lineno - 1] if node.lineno - 1 < len(self.lines) else ""
        if NOT_UI_TEXT not in line:
            self.bare.append((node.lineno, node.value))


def extraction_misses(ts: Path | None = None, root: Path = UI_DIR) -> list[str]:
    """User text lupdate cannot see, as ``file:line: what`` lines:

    - an alias of a translation function (``t = labels.tr``: calls through ``t`` are not extracted);
    - a Swedish literal outside any translation call (shown untranslated in English);
    - a literal given to a translation call that is not in the .ts (a call lupdate did not understand).

    A literal that is data or a layout sample, not UI text, is marked on its line with
    ``# i18n: not ui text``.
    """
    ts = ts or ts_file("en")
    known = {source for (_context, source) in _all_sources(ts)}
    misses: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "i18n.py":  # the pseudo-locale's own alphabets
            continue
        text = path.read_text(encoding="utf-8")
        scanner = _Scanner(text.splitlines())
        scanner.visit(ast.parse(text, str(path)))
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for line, code in scanner.aliases:
            misses.append(f"{where}:{line}: alias of a translation function hides its texts: {code}")
        for line, literal in scanner.bare:
            misses.append(f"{where}:{line}: Swedish text outside a translation call: {literal!r}")
        for line, literal in scanner.translated:
            if literal not in known:
                misses.append(f"{where}:{line}: not extracted into {ts.name}: {literal!r}")
    return misses


def _all_sources(ts_file: Path) -> list[tuple[str, str]]:
    root = ET.parse(ts_file).getroot()  # noqa: S314  # our own file
    return [
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    ]


# --- building ---------------------------------------------------------------------------------------------


def ts_file(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{lang}.ts"


def qm_file(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{lang}.qm"


def qt_tool(name: str) -> str | None:
    """The path of a Qt tool (lupdate, lrelease) shipped with PySide6, or on PATH as pyside6-<name>."""
    import PySide6

    exe = name + (".exe" if sys.platform == "win32" else "")
    bundled = Path(PySide6.__file__).resolve().parent / exe
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def release(lang: str) -> Path:
    """Compile ``caseworker_<lang>.ts`` into its .qm (lrelease); returns the .qm path."""
    tool = qt_tool("lrelease")
    if tool is None:
        raise FileNotFoundError("lrelease not found (it ships with PySide6: pyside6-lrelease)")
    target = qm_file(lang)
    subprocess.run(  # noqa: S603  # a fixed tool with our own file names
        [tool, "-silent", str(ts_file(lang)), "-qm", str(target)], check=True, capture_output=True
    )
    return target


def update() -> list[Path]:
    """Run lupdate over ui/ and the write kinds: new strings are added to every .ts, translations kept."""
    tool = qt_tool("lupdate")
    if tool is None:
        raise FileNotFoundError("lupdate not found (it ships with PySide6: pyside6-lupdate)")
    sources = sorted(str(p) for folder in TEXT_SOURCES for p in folder.rglob("*.py"))
    targets = sorted(TRANSLATIONS_DIR.glob(f"{CATALOG}_*.ts"))
    for target in targets:
        lang = target.stem.split("_", 1)[1]
        subprocess.run(  # noqa: S603  # a fixed tool with our own file names
            [tool, "-silent", "-locations", "none", "-no-obsolete", "-source-language", "sv_SE",
             "-target-language", lang, *sources, "-ts", str(target)],
            check=True, capture_output=True, cwd=ROOT,
        )  # fmt: skip
    return targets


def ensure_built(lang: str) -> Path | None:
    """The .qm of ``lang``, built now if it is missing or older than its .ts; None if it cannot be."""
    source, target = ts_file(lang), qm_file(lang)
    if not source.exists():
        return target if target.exists() else None
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    try:
        return release(lang)
    except (OSError, subprocess.CalledProcessError) as exc:
        log.warning("could not build the %s translations (%s); reading the .ts directly", lang, exc)
        return None


# --- installing -------------------------------------------------------------------------------------------


class Translations:
    """The translators installed in the application; :meth:`apply` switches the language live.

    Qt then sends every widget a ``QEvent.LanguageChange``: widgets whose texts are set in code
    re-apply them in ``changeEvent`` (see ``retranslate`` in the shell's widgets).
    """

    def __init__(self, app: QtCore.QCoreApplication) -> None:
        self._app = app
        self._installed: list[QtCore.QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def apply(self, lang: str) -> str:
        """Install ``lang`` (sv, en or pseudo; anything else falls back to Swedish); returns it."""
        if lang not in (*LANGUAGES, PSEUDO):
            log.warning("unknown language %r, using Swedish", lang)
            lang = SOURCE_LANGUAGE
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        if lang == PSEUDO:
            self._install(PseudoTranslator(self._app))
        else:
            qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
            qt_base = QtCore.QTranslator(self._app)
            if qt_base.load(f"qtbase_{lang}", qt_dir):  # Qt's own texts: OK/Avbryt, context menus
                self._install(qt_base)
            if lang != SOURCE_LANGUAGE and ts_file(lang).exists():
                self._install(TsTranslator(ts_file(lang), self._app, any_context=True))  # gaps only
            if lang != SOURCE_LANGUAGE:
                self._install(self._catalog(lang))
        self.language = lang
        return lang

    def uninstall(self) -> None:
        """Remove this object's translators (the app's texts go back to the Swedish source)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        self.language = SOURCE_LANGUAGE

    def _catalog(self, lang: str) -> QtCore.QTranslator:
        qm = ensure_built(lang)
        if qm is not None:
            translator = QtCore.QTranslator(self._app)
            if translator.load(str(qm)):
                return translator
            log.warning("could not load %s; reading the .ts directly", qm.name)
        return TsTranslator(ts_file(lang), self._app)

    def _install(self, translator: QtCore.QTranslator) -> None:
        self._app.installTranslator(translator)
        self._installed.append(translator)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "build"
    if command == "build":
        for target in update():
            print(f"updated {target.relative_to(ROOT)}")
    if command in ("build", "release"):
        for source in sorted(TRANSLATIONS_DIR.glob(f"{CATALOG}_*.ts")):
            lang = source.stem.split("_", 1)[1]
            print(f"built {release(lang).relative_to(ROOT)}")
    if command in ("build", "check"):
        missing = [m for lang in LANGUAGES if lang != SOURCE_LANGUAGE for m in untranslated(ts_file(lang))]
        for context, text in missing:
            print(f"untranslated: {context}: {text!r}")
        misses = extraction_misses()
        for miss in misses:
            print(f"not extractable: {miss}")
        if command == "check":
            return 1 if missing or misses else 0
    if command not in ("build", "release", "check"):
        print("usage: python -m ui.i18n [build|release|check]")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
