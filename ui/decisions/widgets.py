"""The editor's parts: an ordered list of texts (conditions, advisory notes), the checklist of the
letter's required parts, and the preview of the letter's pages."""

from __future__ import annotations

from caseworker.decisions.letter import Part
from ui import theme
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from ui.widgets import Retranslated, action_button, label_button


class _NumberedDelegate(QtWidgets.QStyledItemDelegate):
    """Shows "1. ", "2. " (or a bullet) before each text; the text edited is the text alone."""

    def __init__(self, numbered: bool, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.numbered = numbered

    def initStyleOption(self, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex) -> None:
        super().initStyleOption(option, index)
        mark = f"{index.row() + 1}." if self.numbered else "•"
        option.text = f"{mark}  {option.text}"


class ItemList(Retranslated, QtWidgets.QWidget):
    """Texts in an order the user sets: add (Insert), remove (Delete), move (Ctrl+Up/Down), edit (F2 or
    double-click). ``changed`` on every change."""

    changed = Signal()

    def __init__(self, name: str, numbered: bool, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.list = QtWidgets.QListWidget()
        # the letter's own text, written (or taken from the templates) by the user: Swedish whatever the UI
        # language, like the letter it goes into
        self.list.setProperty("userContent", True)
        self.list.setObjectName(f"{name}List")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setItemDelegate(_NumberedDelegate(numbered, self.list))
        self.list.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.DoubleClicked
            | QtWidgets.QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.list.setMinimumHeight(110)
        self.list.itemChanged.connect(lambda _i: self.changed.emit())
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.add = action_button(f"{name}Add")
        self.remove = action_button(f"{name}Remove")
        self.up = action_button(f"{name}Up")
        self.down = action_button(f"{name}Down")
        self.add.clicked.connect(self.add_item)
        self.remove.clicked.connect(self.remove_item)
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(1))
        for keys, slot in (
            ("Insert", self.add_item),
            ("Delete", self.remove_item),
            ("Ctrl+Up", lambda: self.move(-1)),
            ("Ctrl+Down", lambda: self.move(1)),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        buttons = QtWidgets.QVBoxLayout()
        for b in (self.add, self.remove, self.up, self.down):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        label_button(self.add, self.tr("Lägg till"))
        label_button(self.remove, self.tr("Ta bort"))
        label_button(self.up, self.tr("Flytta upp"))
        label_button(self.down, self.tr("Flytta ned"))
        self.add.setToolTip(self.tr("Lägg till en rad (Insert)"))
        self.remove.setToolTip(self.tr("Ta bort den markerade raden (Delete)"))
        self.up.setToolTip(self.tr("Flytta den markerade raden uppåt (Ctrl+Upp)"))
        self.down.setToolTip(self.tr("Flytta den markerade raden nedåt (Ctrl+Ned)"))

    def items(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_items(self, texts: list[str]) -> None:
        if texts == self.items():
            return
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for text in texts:
            self.list.addItem(self._item(text))
        self.list.blockSignals(blocked)
        self._update_buttons()

    @staticmethod
    def _item(text: str) -> QtWidgets.QListWidgetItem:
        item = QtWidgets.QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip(text)
        return item

    def add_item(self, text: str = "") -> None:
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = self._item(text)
        self.list.insertItem(row, item)
        self.list.setCurrentRow(row)
        self.changed.emit()
        if not text:
            self.list.editItem(item)

    def remove_item(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self.changed.emit()
        self._update_buttons()

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        self.remove.setEnabled(row >= 0)
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < self.list.count() - 1)


PART_LABELS: dict[Part, str] = {
    Part.LETTERHEAD: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Brevhuvud med kommun och diarienummer"),
    Part.SUBJECT: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Fastighet, ansökan och sökande"),
    Part.DECISION: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Beslut med lagrum"),
    Part.CONDITIONS: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Villkor"),
    Part.REASONS: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Skäl för beslutet"),
    Part.ADVISORY_NOTES: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Upplysningar"),
    Part.FEE: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Avgift enligt taxa"),
    Part.DECIDED_BY: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Beslutsfattare och delegation"),
    Part.APPEAL: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Hur man överklagar"),
    Part.DISTRIBUTION: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "Beslutet skickas till"),
}
PART_HINTS: dict[Part, str] = {
    Part.LETTERHEAD: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "kommunens uppgifter saknas"),
    Part.SUBJECT: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "ärendets uppgifter är inte hämtade"),
    Part.DECISION: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "ange lagrum"),
    Part.CONDITIONS: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "lägg till minst ett villkor"),
    Part.REASONS: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "skriv skälen för beslutet"),
    Part.ADVISORY_NOTES: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "lägg till upplysningarna"),
    Part.FEE: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "ange grunden i taxan"),
    Part.DECIDED_BY: QtCore.QT_TRANSLATE_NOOP(
        "DecisionChecklist", "ange vem som beslutar och delegationspunkt eller sammanträde"
    ),
    Part.APPEAL: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "mallen saknar överklagandehänvisning"),
    Part.DISTRIBUTION: QtCore.QT_TRANSLATE_NOOP("DecisionChecklist", "mottagare saknas"),
}


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("DecisionChecklist", text)


class Checklist(QtWidgets.QListWidget):
    """Every part the chosen outcome requires (DOMAIN.md), each marked done or with what is missing."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionChecklist")
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.parts: tuple[Part, ...] = ()
        self.missing: tuple[Part, ...] = ()
        theme.on_theme_change(self._recolour)

    def _recolour(self) -> None:
        self.show_parts(self.parts, self.missing)

    def show_parts(self, required: tuple[Part, ...], missing: tuple[Part, ...]) -> None:
        self.parts, self.missing = required, missing
        self.clear()
        # the theme's readable greens and reds on the list (the fixed light ones were 1.6:1 in dark)
        good, bad = QtGui.QColor(theme.tone("ok")[1]), QtGui.QColor(theme.problem_text())
        for part in required:
            label = _tr(PART_LABELS[part])
            if part in missing:
                text = QtCore.QCoreApplication.translate("DecisionChecklist", "✗ {part}: {hint}").format(
                    part=label, hint=_tr(PART_HINTS[part])
                )
            else:
                text = QtCore.QCoreApplication.translate("DecisionChecklist", "✓ {part}").format(part=label)
            item = QtWidgets.QListWidgetItem(text)
            item.setForeground(bad if part in missing else good)
            self.addItem(item)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(line * max(1, len(required)) + 2 * self.frameWidth() + 4)


class LetterPreview(QtWidgets.QScrollArea):
    """The letter's pages, one under the other, as the municipality's paper shows them."""

    resized = Signal()
    MARGIN = 16

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterPreview")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("#letterPreview, #letterPages { background: #6b7278; }")
        pages = QtWidgets.QWidget()
        pages.setObjectName("letterPages")
        self.column = QtWidgets.QVBoxLayout(pages)
        self.column.setContentsMargins(self.MARGIN, self.MARGIN, self.MARGIN, self.MARGIN)
        self.column.setSpacing(14)
        self.column.addStretch(1)
        self.setWidget(pages)
        self.images: list[QtGui.QImage] = []
        self.labels: list[QtWidgets.QLabel] = []

    def page_dpi(self) -> float:
        """The resolution at which an A4 page fills the visible width (between 40 and 150 dpi)."""
        width = self.viewport().width() - 2 * self.MARGIN - self.verticalScrollBar().sizeHint().width()
        return max(40.0, min(150.0, width / (210 / 25.4)))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def show_pages(self, images: list[QtGui.QImage], ratio: float) -> None:
        self.images = images
        while len(self.labels) < len(images):
            label = QtWidgets.QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setStyleSheet("QLabel { background: white; border: 1px solid #3d4246; }")
            self.column.insertWidget(len(self.labels), label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.labels.append(label)
        for i, label in enumerate(self.labels):
            if i < len(images):
                pixmap = QtGui.QPixmap.fromImage(images[i])
                pixmap.setDevicePixelRatio(ratio)
                label.setPixmap(pixmap)
                label.setAccessibleName(
                    self.tr("Sida {page} av {pages}").format(page=i + 1, pages=len(images))
                )
            label.setVisible(i < len(images))
