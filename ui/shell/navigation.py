"""The left navigation: the queues and the outbox, each with its count.

A plain QListWidget (six rows, keyboard navigable, read by screen readers as a list) with a delegate that
draws the count right-aligned as a small badge. Each row's accessible text carries the count as words.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.store import QueueKind
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.theme import icon
from ui.widgets import Retranslated

OUTBOX = "outbox"
WORKLOAD = "workload"  # the team lead's board (ui/workload), hidden for everyone else
KeyRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
ProblemRole = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class NavEntry:
    key: str  # a QueueKind value, OUTBOX or WORKLOAD
    icon: str
    shortcut: str


ENTRIES = (
    NavEntry(QueueKind.MINE.value, "person", "Ctrl+1"),
    NavEntry(QueueKind.UNASSIGNED.value, "unassigned", "Ctrl+2"),
    NavEntry(QueueKind.TEAM.value, "team", "Ctrl+3"),
    NavEntry(QueueKind.ALL.value, "all", "Ctrl+4"),
    NavEntry(QueueKind.BOOKMARKED.value, "bookmark", "Ctrl+5"),
    NavEntry(OUTBOX, "outbox", "Ctrl+6"),
    NavEntry(WORKLOAD, "team", "Ctrl+7"),
)


def nav_label(key: str) -> str:
    """The label of a navigation entry, translated (context "Navigation")."""
    translate = QtCore.QCoreApplication.translate
    return {
        QueueKind.MINE.value: translate("Navigation", "Mina ärenden"),
        QueueKind.UNASSIGNED.value: translate("Navigation", "Ej tilldelade"),
        QueueKind.TEAM.value: translate("Navigation", "Teamets ärenden"),
        QueueKind.ALL.value: translate("Navigation", "Alla"),
        QueueKind.BOOKMARKED.value: translate("Navigation", "Bokmärken"),
        OUTBOX: translate("Navigation", "Utkorg"),
        WORKLOAD: translate("Navigation", "Arbetsbelastning"),
    }[key]


class CountDelegate(QtWidgets.QStyledItemDelegate):
    """Draws the row as usual, with its count as a rounded badge at the right edge."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(CountRole)
        if not isinstance(count, int) or count <= 0:
            return
        problem = bool(index.data(ProblemRole))
        text = f"! {count}" if problem else str(count)  # not by colour alone
        painter.save()
        font = QtGui.QFont(option.font)  # type: ignore[attr-defined]
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        font.setBold(True)
        painter.setFont(font)
        metrics = QtGui.QFontMetrics(font)
        rect: QtCore.QRect = option.rect  # type: ignore[attr-defined]
        width = max(metrics.horizontalAdvance(text) + 12, metrics.height() + 4)
        badge = QtCore.QRect(rect.right() - width - 8, rect.center().y() - metrics.height() // 2 - 1,
                             width, metrics.height() + 2)  # fmt: skip
        palette: QtGui.QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QtWidgets.QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if problem:
            bg, fg = QtGui.QColor("#b3261e"), QtGui.QColor("#ffffff")
        elif selected:
            bg, fg = (
                palette.color(QtGui.QPalette.ColorRole.HighlightedText),
                palette.color(QtGui.QPalette.ColorRole.Highlight),
            )
        else:
            bg = palette.color(QtGui.QPalette.ColorRole.Mid)
            fg = palette.color(QtGui.QPalette.ColorRole.WindowText)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(fg)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(
        self, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex
    ) -> QtCore.QSize:
        size = super().sizeHint(option, index)
        return QtCore.QSize(size.width() + 56, max(size.height(), 34))  # room for the count badge


class NavigationSidebar(Retranslated, QtWidgets.QListWidget):
    """Emits ``entryChosen(key)`` when the user moves to another entry (mouse, keyboard, shortcut)."""

    entryChosen = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setItemDelegate(CountDelegate(self))
        self.setIconSize(QtCore.QSize(20, 20))
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Expanding)
        self.setUniformItemSizes(True)
        self._items: dict[str, QtWidgets.QListWidgetItem] = {}
        for entry in ENTRIES:
            item = QtWidgets.QListWidgetItem(icon(entry.icon), "")
            item.setData(KeyRole, entry.key)
            self.addItem(item)
            self._items[entry.key] = item
        self.currentItemChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Navigering: köer och utkorg"))
        for entry in ENTRIES:
            self._update_texts(entry.key)
        self.fit_width()

    def fit_width(self) -> None:
        """Never narrower than the longest label with its icon and count (long languages too)."""
        self.doItemsLayout()
        self.setMinimumWidth(self.sizeHint().width())

    def _update_texts(self, key: str) -> None:
        item = self._items[key]
        label = nav_label(key)
        count = item.data(CountRole)
        entry = next(e for e in ENTRIES if e.key == key)
        item.setText(label)
        shortcut = QtGui.QKeySequence(entry.shortcut).toString(QtGui.QKeySequence.SequenceFormat.NativeText)
        item.setToolTip(f"{label} ({shortcut})")
        problems = item.data(ProblemRole)
        if isinstance(count, int):
            if key == OUTBOX and problems:
                spoken = self.tr("{label}, {n} väntar, {p} behöver åtgärd").format(
                    label=label, n=count, p=int(problems)
                )
            elif key == OUTBOX:
                spoken = self.tr("{label}, {n} väntar").format(label=label, n=count)
            else:
                spoken = self.tr("{label}, {n} ärenden").format(label=label, n=count)
        else:
            spoken = label
        item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)

    def set_count(self, key: str, count: int | None, *, problem: int = 0) -> None:
        """``problem``: how many of them need the user (conflicts, rejected); shown apart from the rest."""
        item = self._items.get(key)
        if item is None:
            return
        item.setData(CountRole, count)
        item.setData(ProblemRole, int(problem))
        self._update_texts(key)

    def count_of(self, key: str) -> int | None:
        value = self._items[key].data(CountRole)
        return value if isinstance(value, int) else None

    def set_visible_entry(self, key: str, visible: bool) -> None:
        self._items[key].setHidden(not visible)

    def select(self, key: str) -> None:
        item = self._items.get(key)
        if item is not None and not item.isHidden():
            self.setCurrentItem(item)

    def current_key(self) -> str | None:
        item = self.currentItem()
        return str(item.data(KeyRole)) if item is not None else None

    def item_for(self, key: str) -> QtWidgets.QListWidgetItem:
        return self._items[key]

    @QtCore.Slot(QtWidgets.QListWidgetItem, QtWidgets.QListWidgetItem)
    def _changed(self, current: QtWidgets.QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.entryChosen.emit(str(current.data(KeyRole)))

    def sizeHint(self) -> QtCore.QSize:
        width = max(self.sizeHintForColumn(0), 180) + 8
        return QtCore.QSize(width, super().sizeHint().height())
