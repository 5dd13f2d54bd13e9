"""What the accessibility audit checks on one window, as a keyboard or screen-reader user meets it.

Each check takes the window (shown and active) and returns problems as plain sentences:

- ``unnamed``: a control Tab can reach that has no accessible name (nothing for a reader to say);
- ``tab_walk``: Tab and Shift+Tab from the first control: every control must be reached, and none may
  keep the focus (a Tab trap: a table moving cell to cell, an editor inserting a tab character);
- ``mnemonics``: two Alt+letter shortcuts with the same letter in one window (only one can work);
- ``contrast``: text/background pairs under 4.5:1 (3:1 for large or bold text) from the palette, the
  widgets' style sheets, rich text, item models' colours and the pairs a delegate paints
  (``contrast_pairs()`` on the widget);
- ``swedish_left``: Swedish words on an English screen, once the data (names, addresses, case titles,
  the platform's texts) is taken out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ui.qt import Qt, QtCore, QtGui, QtWidgets

QAccessible = QtGui.QAccessible
NORMAL, LARGE = 4.5, 3.0


# --- which widgets a keyboard user meets -----------------------------------------------------------------


def _owner(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """The control a focus widget belongs to (a spin box for its line edit: the spin box has the name)."""
    parent = widget.parentWidget()
    while parent is not None and parent.focusProxy() is widget:
        widget, parent = parent, parent.parentWidget()
    return widget


def tab_stops(window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The visible, enabled widgets of ``window`` that Tab should reach."""
    stops = []
    for w in window.findChildren(QtWidgets.QWidget):
        if w.window() is not window or not w.isVisibleTo(window) or not w.isEnabled():
            continue
        if w.focusProxy() is not None or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        stops.append(w)
    return stops


def name_of(widget: QtWidgets.QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed(window: QtWidgets.QWidget) -> list[str]:
    out = []
    for w in tab_stops(window):
        owner = _owner(w)
        if not name_of(owner) and not name_of(w):
            out.append(f"no accessible name: {_describe(owner)}")
    return out


def _describe(w: QtWidgets.QWidget) -> str:
    return f"{type(w).__name__} #{w.objectName() or '?'} in {type(w.parentWidget()).__name__}"


def _process() -> None:
    QtWidgets.QApplication.processEvents()
    QtWidgets.QApplication.processEvents()


def tab_walk(window: QtWidgets.QWidget, *, backwards: bool = False) -> list[str]:
    """Walk the Tab chain (or Shift+Tab) once around: report traps and stops never reached."""
    stops = [_owner(w) for w in tab_stops(window)]
    if len(stops) < 2:
        return []
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    _process()
    seen: list[QtWidgets.QWidget] = []
    problems: list[str] = []
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(2 * len(stops) + 4):
        focus = QtWidgets.QApplication.focusWidget()
        if focus is None or focus.window() is not window:
            problems.append(f"{'Shift+Tab' if backwards else 'Tab'} left the window (focus: {focus!r})")
            break
        seen.append(_owner(focus))
        QtGui.QGuiApplication.sendEvent(focus, QtGui.QKeyEvent(QtCore.QEvent.Type.KeyPress, key, modifier))
        QtGui.QGuiApplication.sendEvent(focus, QtGui.QKeyEvent(QtCore.QEvent.Type.KeyRelease, key, modifier))
        _process()
        if QtWidgets.QApplication.focusWidget() is focus:
            problems.append(
                f"Tab trap: {'Shift+Tab' if backwards else 'Tab'} stays in {_describe(_owner(focus))}"
            )
            break
    missed = [w for w in stops if w not in seen]
    problems += [f"not reachable by {'Shift+Tab' if backwards else 'Tab'}: {_describe(w)}" for w in missed]
    return problems


# --- mnemonics -------------------------------------------------------------------------------------------

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def mnemonics(window: QtWidgets.QWidget) -> list[str]:
    """Alt+letter shortcuts of one window: the menu bar's menus, buttons, buddy labels, group boxes, tabs."""
    owners: dict[str, list[str]] = {}

    def add(text: str, where: str) -> None:
        letter = mnemonic(text)
        if letter:
            owners.setdefault(letter, []).append(f"{text!r} ({where})")

    if isinstance(window, QtWidgets.QMainWindow) and window.menuBar() is not None:
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text(), "menu bar")
    for w in window.findChildren(QtWidgets.QWidget):
        if w.window() is not window or not w.isVisibleTo(window):
            continue
        if (
            isinstance(w, QtWidgets.QAbstractButton)
            and not isinstance(w, QtWidgets.QToolButton | QtWidgets.QMenuBar)
        ) or (isinstance(w, QtWidgets.QLabel) and w.buddy() is not None):
            add(w.text(), _describe(w))
        elif isinstance(w, QtWidgets.QGroupBox):
            add(w.title(), _describe(w))
        elif isinstance(w, QtWidgets.QTabBar):
            for i in range(w.count()):
                add(w.tabText(i), "tab")
    return [
        f"Alt+{k.upper()} is used {len(v)} times: {', '.join(v)}" for k, v in owners.items() if len(v) > 1
    ]


# --- contrast --------------------------------------------------------------------------------------------


def luminance(colour: QtGui.QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def ratio(a: QtGui.QColor, b: QtGui.QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Pair:
    fg: QtGui.QColor
    bg: QtGui.QColor
    where: str
    large: bool = False

    def problem(self) -> str | None:
        need = LARGE if self.large else NORMAL
        r = ratio(self.fg, self.bg)
        if r + 1e-6 < need:
            return f"contrast {r:.2f}:1 < {need}:1: {self.fg.name()} on {self.bg.name()} ({self.where})"
        return None


_ROLES = {
    "window": "Window", "window-text": "WindowText", "base": "Base", "alternate-base": "AlternateBase",
    "text": "Text", "button": "Button", "button-text": "ButtonText", "highlight": "Highlight",
    "highlighted-text": "HighlightedText", "mid": "Mid", "dark": "Dark", "light": "Light",
    "midlight": "Midlight", "shadow": "Shadow", "link": "Link", "bright-text": "BrightText",
}  # fmt: skip


def _colour(value: str) -> QtGui.QColor | None:
    """A style sheet's colour; ``palette(role)`` is the application's (a widget's own palette already
    carries what its style sheet set)."""
    palette = QtWidgets.QApplication.palette()
    value = value.strip().split()[0] if value.strip() else ""
    m = re.fullmatch(r"palette\(([\w-]+)\)", value)
    if m:
        role = getattr(QtGui.QPalette.ColorRole, _ROLES.get(m.group(1), ""), None)
        return palette.color(role) if role is not None else None
    if value in ("transparent", "none", "") or value.startswith(("qlineargradient", "rgba")):
        return None
    colour = QtGui.QColor(value)
    return colour if colour.isValid() else None


def _rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    rules = []
    if "{" not in sheet:  # a bare declaration list applies to the widget itself
        sheet = f"* {{ {sheet} }}"
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        decls = {}
        for decl in body.split(";"):
            if ":" in decl:
                key, value = decl.split(":", 1)
                decls[key.strip().lower()] = value.strip()
        rules.append((selector.strip(), decls))
    return rules


def _sheet_background(w: QtWidgets.QWidget) -> QtGui.QColor | None:
    for selector, decls in _rules(w.styleSheet()):
        if ":" in selector.split()[-1]:
            continue  # a pseudo-state (:disabled, :focus) is not the widget's everyday background
        value = decls.get("background-color") or decls.get("background")
        colour = _colour(value) if value else None
        if colour is not None:
            return colour
    return None


def background_of(w: QtWidgets.QWidget) -> QtGui.QColor:
    """What is behind the widget's text: its own or the nearest ancestor's style-sheet background, else
    its palette's (Base for editors and lists, Button for buttons, Window otherwise)."""
    node: QtWidgets.QWidget | None = w
    while node is not None:
        colour = _sheet_background(node) if node.styleSheet() else None
        if colour is not None:
            return colour
        if node.isWindow():
            break
        node = node.parentWidget()
    palette = w.palette()
    if isinstance(w, QtWidgets.QAbstractScrollArea | QtWidgets.QLineEdit):
        return palette.color(QtGui.QPalette.ColorRole.Base)
    if isinstance(w, QtWidgets.QPushButton) and not w.isFlat():
        return palette.color(QtGui.QPalette.ColorRole.Button)
    return palette.color(QtGui.QPalette.ColorRole.Window)


def _large(w: QtWidgets.QWidget) -> bool:
    font = w.font()
    size = font.pointSizeF()
    return size >= 18 or (font.bold() and size >= 14)


def palette_pairs(window: QtWidgets.QWidget) -> list[Pair]:
    p, R = window.palette(), QtGui.QPalette.ColorRole
    roles = [("WindowText", "Window"), ("Text", "Base"), ("Text", "AlternateBase"), ("ButtonText", "Button"),
             ("HighlightedText", "Highlight"), ("PlaceholderText", "Base"), ("ToolTipText", "ToolTipBase"),
             ("Link", "Base"), ("Link", "Window")]  # fmt: skip
    return [Pair(p.color(getattr(R, f)), p.color(getattr(R, b)), f"palette {f} on {b}") for f, b in roles]


def sheet_pairs(window: QtWidgets.QWidget) -> list[Pair]:
    pairs = []
    for w in [window, *window.findChildren(QtWidgets.QWidget)]:
        if not w.styleSheet() or (not w.isVisibleTo(window) and w is not window):
            continue
        for selector, decls in _rules(w.styleSheet()):
            fg = _colour(decls["color"]) if "color" in decls else None
            if fg is None:
                continue
            value = decls.get("background-color") or decls.get("background")
            bg = _colour(value) if value else None
            pairs.append(
                Pair(fg, bg or background_of(w), f"style sheet {selector!r} of {_describe(w)}", _large(w))
            )
    return pairs


_STYLE = re.compile(r'style="([^"]*)"')


def rich_text_pairs(window: QtWidgets.QWidget) -> list[Pair]:
    pairs = []
    for w in window.findChildren(QtWidgets.QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QtWidgets.QLabel):
            text = w.text()
        elif isinstance(w, QtWidgets.QTextEdit):
            text = w.toHtml()
        else:
            continue
        for style in _STYLE.findall(text):
            decls = {
                k.strip().lower(): v.strip() for k, _, v in (d.partition(":") for d in style.split(";")) if v
            }
            fg = _colour(decls["color"]) if "color" in decls else None
            if fg is None:
                continue
            value = decls.get("background-color") or decls.get("background")
            bg = (_colour(value) if value else None) or background_of(w)
            pairs.append(Pair(fg, bg, f"rich text {style!r} in {_describe(w)}"))
    return pairs


def _count(method: Callable[..., int]) -> int:
    """rowCount / columnCount of any model (some bindings want the parent, some refuse it)."""
    try:
        return method()
    except TypeError:
        try:
            return method(QtCore.QModelIndex())
        except TypeError:
            return 1


def _brush_colour(value: object) -> QtGui.QColor | None:
    if isinstance(value, QtGui.QBrush):
        return value.color() if value.style() != Qt.BrushStyle.NoBrush else None
    return value if isinstance(value, QtGui.QColor) else None


def model_pairs(window: QtWidgets.QWidget, rows: int = 40) -> list[Pair]:
    """The colours item models give their cells (deadline bands, problem rows, a conflict's cells)."""
    pairs = []
    for view in window.findChildren(QtWidgets.QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisibleTo(window) or isinstance(view, QtWidgets.QHeaderView):
            continue
        p = view.palette()
        for r in range(min(rows, _count(model.rowCount))):
            for c in range(_count(model.columnCount)):
                index = model.index(r, c)
                fg = _brush_colour(model.data(index, Qt.ItemDataRole.ForegroundRole))
                bg = _brush_colour(model.data(index, Qt.ItemDataRole.BackgroundRole))
                if fg is None and bg is None:
                    continue
                fg = fg or p.color(QtGui.QPalette.ColorRole.Text)
                backgrounds = [bg] if bg is not None else [
                    p.color(QtGui.QPalette.ColorRole.Base), p.color(QtGui.QPalette.ColorRole.AlternateBase)
                ]  # fmt: skip
                for b in backgrounds:
                    pairs.append(Pair(fg, b, f"cell ({r}, {c}) of {_describe(view)}"))
    return pairs


def painted_pairs(window: QtWidgets.QWidget) -> list[Pair]:
    """Colours a delegate paints itself: widgets tell them with ``contrast_pairs() -> [(fg, bg, what)]``."""
    pairs = []
    for w in [window, *window.findChildren(QtWidgets.QWidget)]:
        method = getattr(w, "contrast_pairs", None)
        if callable(method) and w.isVisibleTo(window):
            pairs += [
                Pair(QtGui.QColor(fg), QtGui.QColor(bg), f"{what} ({_describe(w)})")
                for fg, bg, what in method()
            ]
    return pairs


def contrast(window: QtWidgets.QWidget) -> list[str]:
    pairs = [*palette_pairs(window), *sheet_pairs(window), *rich_text_pairs(window), *model_pairs(window),
             *painted_pairs(window)]  # fmt: skip
    return sorted({p for pair in pairs if (p := pair.problem())})


# --- Swedish left on an English screen -------------------------------------------------------------------


def visible_texts(window: QtWidgets.QWidget) -> list[tuple[str, str]]:
    """(text, where) of what the window shows or says: labels, buttons, titles, tabs, tooltips, accessible
    names and descriptions, menus, headers and the visible rows of lists and tables. Not what the user
    typed (editors' contents)."""
    out: list[tuple[str, str]] = [(window.windowTitle(), "window title")]

    def plain(text: str) -> str:
        if "<" in text and ">" in text:
            doc = QtGui.QTextDocument()
            doc.setHtml(text)
            return doc.toPlainText()
        return text

    if isinstance(window, QtWidgets.QMainWindow):
        menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        for action in window.menuBar().actions():
            out.append((action.text(), "menu"))
        for menu in menus:
            for action in menu.actions():
                out.append((action.text(), f"menu item of {menu.title()!r}"))
    for w in window.findChildren(QtWidgets.QWidget):
        if w.window() is not window or not w.isVisibleTo(window):
            continue
        where = _describe(w)
        out += [(w.accessibleName(), f"name of {where}"), (w.toolTip(), f"tooltip of {where}"),
                (w.accessibleDescription(), f"description of {where}")]  # fmt: skip
        if isinstance(w, QtWidgets.QLabel):
            out.append((plain(w.text()), where))
        elif isinstance(w, QtWidgets.QAbstractButton):
            out.append((w.text(), where))
        elif isinstance(w, QtWidgets.QGroupBox):
            out.append((w.title(), where))
        elif isinstance(w, QtWidgets.QLineEdit):
            out.append((w.placeholderText(), f"placeholder of {where}"))
        elif isinstance(w, QtWidgets.QPlainTextEdit):
            out.append((w.placeholderText(), f"placeholder of {where}"))
            if w.isReadOnly():  # what the app shows there (a refusal's reason, a version's text), not typing
                out.append((w.toPlainText(), f"text of {where}"))
        elif isinstance(w, QtWidgets.QTabBar):
            out += [(w.tabText(i), where) for i in range(w.count())]
        elif isinstance(w, QtWidgets.QComboBox):
            out += [(w.itemText(i), where) for i in range(w.count())]
        elif isinstance(w, QtWidgets.QTextBrowser):
            out.append((w.toPlainText(), where))
        if (
            isinstance(w, QtWidgets.QAbstractItemView)
            and w.model() is not None
            and not isinstance(w, QtWidgets.QHeaderView)
            and not w.property("userContent")  # a list the user edits (a letter's conditions): their text
        ):
            out += _model_texts(w)
    return [(t, where) for t, where in out if t and t.strip()]


def _model_texts(view: QtWidgets.QAbstractItemView, rows: int = 30) -> list[tuple[str, str]]:
    model = view.model()
    out = []
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
    for c in range(_count(model.columnCount)):
        for role in roles:
            value = model.headerData(c, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                out.append((value, f"header {c} of {_describe(view)}"))
    for r in range(min(rows, _count(model.rowCount))):
        for c in range(_count(model.columnCount)):
            for role in roles:
                value = model.data(model.index(r, c), role)
                if isinstance(value, str):
                    out.append((value, f"cell ({r}, {c}) of {_describe(view)}"))
    return out


_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")
SWEDISH_LETTER = re.compile(r"[åäöÅÄÖ]")


@dataclass
class Language:
    """Swedish-only words (in the app's Swedish texts and never in its English ones) and the data to leave
    out (case titles, names, addresses: Swedish whatever the UI language)."""

    swedish_words: frozenset[str]
    data: list[str]

    def strip_data(self, text: str) -> str:
        for item in self.data:
            if item in text:
                text = text.replace(item, " ")
        return text

    def swedish_in(self, text: str) -> list[str]:
        rest = self.strip_data(html.unescape(text))
        words = [
            w for w in _WORD.findall(rest) if w.lower() in self.swedish_words or SWEDISH_LETTER.search(w)
        ]
        return words


def swedish_left(window: QtWidgets.QWidget, language: Language) -> list[str]:
    out = []
    for text, where in visible_texts(window):
        words = language.swedish_in(text)
        if words:
            out.append(f"Swedish {' '.join(sorted(set(words)))!r} in {text[:80]!r} ({where})")
    return sorted(set(out))


def language_from_ts(messages: Iterable[tuple[str, str]], data: list[str]) -> Language:
    """From the .ts's (source, translation) pairs: the words only the Swedish side uses."""
    swedish: set[str] = set()
    english: set[str] = set()
    for source, translation in messages:
        swedish |= {w.lower() for w in _WORD.findall(source)}
        english |= {w.lower() for w in _WORD.findall(translation)}
    words = {w for w in swedish - english if len(w) > 2}
    return Language(frozenset(words), sorted({d for d in data if d and d.strip()}, key=len, reverse=True))


Check = Callable[[QtWidgets.QWidget], list[str]]
