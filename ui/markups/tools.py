"""The markup tool bar: a tool per kind with its key, colour, line width, the text of text boxes and
callouts, the stamp, the calibration (a known length, or a drawing scale 1:20 … 1:1000), undo and redo.

Two rows, each narrower than the drawing beside the markups list in a 1280 px window: the tools as icons (the
name in the tooltip with the key, and for screen readers) in groups -- select, shapes and lines, text,
measuring -- with undo and redo; under them the properties: colour, width and the drawing's scale always,
and the field of the chosen tool (the text of text boxes and callouts, the stamp, the known length for
calibrating) while it is chosen."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from functools import cache
from typing import Any

from caseworker.markups import Kind, calibration_markup
from caseworker.markups.measure import PRESET_RATIOS, Calibration
from caseworker.markups.model import STAMP_LABELS
from ui.markups.editor import MarkupEditor
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.theme import icon
from ui.widgets import Retranslated

# the tool of each kind and its key (None: selecting); the names are translated in retranslate()
TOOLS: tuple[tuple[Kind | None, str], ...] = (
    (None, "V"), (Kind.RECTANGLE, "R"), (Kind.ELLIPSE, "E"), (Kind.CLOUD, "C"), (Kind.LINE, "L"),
    (Kind.ARROW, "A"), (Kind.POLYLINE, "P"), (Kind.POLYGON, "G"), (Kind.INK, "I"), (Kind.TEXT, "T"),
    (Kind.CALLOUT, "B"), (Kind.HIGHLIGHT, "H"), (Kind.STAMP, "S"), (Kind.DISTANCE, "D"), (Kind.AREA, "Y"),
    (Kind.CALIBRATION, "K"),
)  # fmt: skip
GROUP_ENDS = (None, Kind.INK, Kind.STAMP)  # a separator after these tools: select | shapes | text | measuring
TEXT_KINDS = (Kind.TEXT, Kind.CALLOUT)
COLOURS = ("#d32f2f", "#1565c0", "#2e7d32", "#f57c00", "#6a1b9a", "#212121")


def colour_name(colour: str) -> str:
    """The Swedish name of one of the tool bar's colours (translated)."""
    names = dict(
        zip(
            COLOURS,
            (
                QtCore.QCoreApplication.translate("MarkupTools", "Röd"),
                QtCore.QCoreApplication.translate("MarkupTools", "Blå"),
                QtCore.QCoreApplication.translate("MarkupTools", "Grön"),
                QtCore.QCoreApplication.translate("MarkupTools", "Orange"),
                QtCore.QCoreApplication.translate("MarkupTools", "Lila"),
                QtCore.QCoreApplication.translate("MarkupTools", "Svart"),
            ),
            strict=True,
        )
    )
    return names.get(colour, colour)


def kind_name(kind: Kind | None) -> str:
    """The Swedish name of a tool / kind (translated)."""
    names = {
        None: QtCore.QCoreApplication.translate("MarkupTools", "Markera"),
        Kind.RECTANGLE: QtCore.QCoreApplication.translate("MarkupTools", "Rektangel"),
        Kind.ELLIPSE: QtCore.QCoreApplication.translate("MarkupTools", "Ellips"),
        Kind.CLOUD: QtCore.QCoreApplication.translate("MarkupTools", "Moln"),
        Kind.LINE: QtCore.QCoreApplication.translate("MarkupTools", "Linje"),
        Kind.ARROW: QtCore.QCoreApplication.translate("MarkupTools", "Pil"),
        Kind.POLYLINE: QtCore.QCoreApplication.translate("MarkupTools", "Polylinje"),
        Kind.POLYGON: QtCore.QCoreApplication.translate("MarkupTools", "Polygon"),
        Kind.INK: QtCore.QCoreApplication.translate("MarkupTools", "Frihand"),
        Kind.TEXT: QtCore.QCoreApplication.translate("MarkupTools", "Textruta"),
        Kind.CALLOUT: QtCore.QCoreApplication.translate("MarkupTools", "Pratbubbla"),
        Kind.HIGHLIGHT: QtCore.QCoreApplication.translate("MarkupTools", "Överstrykning"),
        Kind.STAMP: QtCore.QCoreApplication.translate("MarkupTools", "Stämpel"),
        Kind.DISTANCE: QtCore.QCoreApplication.translate("MarkupTools", "Avstånd"),
        Kind.AREA: QtCore.QCoreApplication.translate("MarkupTools", "Area"),
        Kind.CALIBRATION: QtCore.QCoreApplication.translate("MarkupTools", "Kalibrera"),
        Kind.MEASUREMENT: QtCore.QCoreApplication.translate("MarkupTools", "Avstånd"),
    }
    return names[kind]


@cache
def kind_icon(kind: Kind | None) -> QtGui.QIcon:
    """The icon of a tool / kind (in the palette's text colour), as the tool bar and the list show it."""
    if kind == Kind.MEASUREMENT:
        kind = Kind.DISTANCE
    return icon(f"markup-{kind.value if kind else 'select'}")


class MarkupToolBar(Retranslated, QtWidgets.QWidget):
    """The tools (``tool_row``) over their properties (``property_row``). ``actions()`` are the tools, undo
    and redo, each with its key (the owner adds them to its window so the keys work anywhere in it)."""

    def __init__(self, editor: MarkupEditor, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setObjectName("markupToolbar")
        self.tool_row = QtWidgets.QToolBar()
        self.tool_row.setObjectName("markupToolRow")
        self.tool_row.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.tool_row.setIconSize(QtCore.QSize(20, 20))
        self.property_row = QtWidgets.QToolBar()
        self.property_row.setObjectName("markupPropertyRow")
        rows = QtWidgets.QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(0)
        rows.addWidget(self.tool_row)
        rows.addWidget(self.property_row)
        self.group = QtGui.QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_kind: dict[Kind | None, QtGui.QAction] = {}
        for kind, key in TOOLS:
            action = QtGui.QAction(self)
            action.setCheckable(True)
            action.setShortcut(QtGui.QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setObjectName(f"tool_{kind.value if kind else 'select'}")
            action.setIcon(kind_icon(kind))
            action.triggered.connect(lambda _=False, k=kind: editor.set_tool(k))
            self.group.addAction(action)
            self.addAction(action)
            self.actions_by_kind[kind] = action
            if kind in GROUP_ENDS:
                self.tool_row.addSeparator()
        self.actions_by_kind[None].setChecked(True)
        editor.toolChanged.connect(lambda k: self.actions_by_kind[k].setChecked(True))
        self.tool_row.addSeparator()
        self.undo_action = editor.undo_stack.createUndoAction(self, self.tr("Ångra"))
        self.undo_action.setShortcut(QtGui.QKeySequence.StandardKey.Undo)
        self.redo_action = editor.undo_stack.createRedoAction(self, self.tr("Gör om"))
        self.redo_action.setShortcut(QtGui.QKeySequence("Ctrl+Y"))  # Ctrl+Shift+Z zooms to an area
        self.undo_action.setIcon(icon("markup-undo"))
        self.redo_action.setIcon(icon("markup-redo"))
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.colour_label, self.colour = QtWidgets.QLabel(), QtWidgets.QComboBox()
        self.colour.setObjectName("markupColour")
        for colour in COLOURS:
            pixmap = QtGui.QPixmap(14, 14)
            pixmap.fill(QtGui.QColor(colour))
            self.colour.addItem(QtGui.QIcon(pixmap), "", colour)
        self.colour.currentIndexChanged.connect(lambda _: editor.set_colour(self.colour.currentData()))
        self.width_label, self.width_box = QtWidgets.QLabel(), QtWidgets.QDoubleSpinBox()
        self.width_box.setObjectName("markupWidth")
        self.width_box.setRange(0.25, 20)
        self.width_box.setSingleStep(0.5)
        self.width_box.setValue(editor.width)
        self.width_box.valueChanged.connect(lambda v: editor.set_width(float(v)))
        self.text_label, self.text = QtWidgets.QLabel(), QtWidgets.QLineEdit()
        self.text.setObjectName("markupText")
        self.text.setMaxLength(4000)
        self.text.setMinimumWidth(110)
        self.text.setMaximumWidth(180)
        self.text.textChanged.connect(lambda v: setattr(editor, "text", v))
        self.stamp_label, self.stamp = QtWidgets.QLabel(), QtWidgets.QComboBox()
        self.stamp.setObjectName("markupStamp")
        self.stamp.setEditable(True)  # the municipality's own stamps
        self.stamp.addItems(list(STAMP_LABELS))
        self.stamp.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.stamp.currentTextChanged.connect(lambda v: setattr(editor, "stamp", v))
        self.length_label, self.length = QtWidgets.QLabel(), QtWidgets.QDoubleSpinBox()
        self.length.setObjectName("markupKnownLength")
        self.length.setRange(0.001, 10_000)
        self.length.setDecimals(3)
        self.length.setValue(editor.known_length)
        self.length.valueChanged.connect(lambda v: setattr(editor, "known_length", float(v)))
        self.scale_label, self.scale = QtWidgets.QLabel(), QtWidgets.QComboBox()
        self.scale.setObjectName("markupScale")
        self.scale.addItem("", None)
        for ratio in PRESET_RATIOS:
            self.scale.addItem(f"1:{ratio}", ratio)  # i18n: not ui text
        self.scale.activated.connect(self._preset)
        editor.layer.changed.connect(self.show_scale)  # a scale set, moved, undone or read from the store
        # the properties: (label, field, the tools that use it; None: always shown)
        self.properties: list[tuple[QtWidgets.QLabel, QtWidgets.QWidget, tuple[Kind, ...] | None]] = [
            (self.colour_label, self.colour, None),
            (self.width_label, self.width_box, None),
            (self.text_label, self.text, TEXT_KINDS),
            (self.stamp_label, self.stamp, (Kind.STAMP,)),
            (self.length_label, self.length, (Kind.CALIBRATION,)),
            (self.scale_label, self.scale, None),
        ]
        self._shown_with: list[tuple[tuple[QtGui.QAction, QtGui.QAction], tuple[Kind, ...]]] = []
        for label, widget, kinds in self.properties:
            label.setBuddy(widget)
            label.setContentsMargins(6, 0, 2, 0)
            placed = (self.property_row.addWidget(label), self.property_row.addWidget(widget))
            if kinds is not None:
                self._shown_with.append((placed, kinds))
        editor.toolChanged.connect(self.show_properties)
        self.show_properties(editor.tool)
        self.retranslate()

    # a tool bar's API, on the tool row: an action added here gets its button there and is one of actions()
    def addAction(self, *args: Any) -> Any:  # type: ignore[override]
        if len(args) == 1 and isinstance(args[0], QtGui.QAction):
            action = args[0]
            self.tool_row.addAction(action)
        else:
            action = self.tool_row.addAction(*args)
        QtWidgets.QWidget.addAction(self, action)
        return action

    def addSeparator(self) -> QtGui.QAction:
        return self.tool_row.addSeparator()

    def addWidget(self, widget: QtWidgets.QWidget) -> QtGui.QAction:
        return self.tool_row.addWidget(widget)

    def widgetForAction(self, action: QtGui.QAction) -> QtWidgets.QWidget | None:
        return self.tool_row.widgetForAction(action)

    def show_properties(self, tool: Kind | None) -> None:
        """The fields of the chosen tool; colour, width and the drawing's scale are always there."""
        for placed, kinds in self._shown_with:
            for action in placed:
                action.setVisible(tool in kinds)

    def retranslate(self) -> None:
        for kind, key in TOOLS:
            action = self.actions_by_kind[kind]
            action.setText(kind_name(kind))
            action.setToolTip(f"{kind_name(kind)} ({key})")
        for i, colour in enumerate(COLOURS):
            self.colour.setItemText(i, colour_name(colour))
        fields: list[tuple[QtWidgets.QLabel, QtWidgets.QWidget, str, str]] = [  # label, field, their texts
            (self.colour_label, self.colour, self.tr("Färg"), self.tr("Färg")),
            (self.width_label, self.width_box, self.tr("Bredd"), self.tr("Linjebredd i punkter")),
            (self.text_label, self.text, self.tr("Text"), self.tr("Text i textruta och pratbubbla")),
            (self.stamp_label, self.stamp, self.tr("Stämpel"), self.tr("Stämpel")),
            (
                self.length_label,
                self.length,
                self.tr("Känd längd"),
                self.tr("Känd längd i meter för kalibrering"),
            ),
            (self.scale_label, self.scale, self.tr("Skala"), self.tr("Ritningens skala")),
        ]
        for label, field, text, accessible_name in fields:
            label.setText(text)
            field.setAccessibleName(accessible_name)
        self.width_box.setSuffix(" pt")  # i18n: not ui text (the unit)
        self.length.setSuffix(" m")  # i18n: not ui text (the unit)
        self.scale.setItemText(0, self.tr("Mät själv"))

    def show_scale(self) -> None:
        """The scale box shows the page's scale when it is one of the presets (set by anyone, before too);
        "Mät själv" when the page has none or a scale measured between two points."""
        calibration = self.editor.layer.calibration(self.editor.canvas.current_page())
        index = 0
        if calibration is not None:
            for i in range(1, self.scale.count()):
                preset = Calibration.from_ratio(float(self.scale.itemData(i)), calibration.unit)
                if math.isclose(preset.units_per_point, calibration.units_per_point, rel_tol=1e-6):
                    index = i
        self.scale.setCurrentIndex(index)

    def _preset(self, index: int) -> None:
        """A drawing scale chosen from the list: the page's calibration (a markup: every reviewer uses it)."""
        ratio = self.scale.itemData(index)
        editor = self.editor
        if ratio is None or editor.document_id is None:
            return
        page = editor.canvas.current_page()
        width, _ = editor.canvas.unturned_page_size()
        end = (min(width - 36, 236.0), 36.0)
        markup = calibration_markup(f"draft-scale-{page}", page, (36.0, 36.0), end, ratio=float(ratio))
        now = dt.datetime.now(dt.UTC)  # as a drawn markup: the list shows when the scale was set
        editor.add(
            replace(
                markup,
                author=editor.author,
                document_sha256=editor.document_sha256,
                created=now,
                modified=now,
            )
        )
