"""Request bodies as the platform accepts them: the wire models with every string, list and number bounded.

The classes keep the wire models' names, so the contract's schemas (AnnotationInput, NoteCreate, …) are the
same ones, now stating their bounds (maxLength, maxItems, maximum, pattern). The wire models themselves stay
lenient: the client reads them too, and must not choke on what an older platform stored. Values no field
may hold at all (NUL, lone surrogates, numbers beyond 64 bits) are refused before any route (guard.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

from caseworker.domain import models as wire

# --- media types (RFC 6838 names, RFC 9110 parameters; ASCII only, no control characters) -------------

_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_PARAMETER_WORD = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[\t \x21\x23-\x5b\x5d-\x7e]|\\[\t \x21-\x7e])*"'
MEDIA_TYPE_PATTERN = rf"^{_NAME}/{_NAME}(?:[ \t]*;[ \t]*{_PARAMETER_WORD}=(?:{_PARAMETER_WORD}|{_QUOTED}))*$"
_MEDIA_TYPE = re.compile(MEDIA_TYPE_PATTERN.removeprefix("^").removesuffix("$"))
MAX_MEDIA_TYPE_LENGTH = 255
SERVED_WHEN_UNSURE = "application/octet-stream"


def is_media_type(value: str) -> bool:
    return len(value) <= MAX_MEDIA_TYPE_LENGTH and _MEDIA_TYPE.fullmatch(value) is not None


def served_media_type(stored: str) -> str:
    """What a stored media type is served as: itself if valid, else bytes of no particular kind (a value
    stored before the check must not break the Content-Type header, for anyone)."""
    return stored if is_media_type(stored) else SERVED_WHEN_UNSURE


def _media_type(value: str) -> str:
    if not is_media_type(value):
        raise ValueError("must be a media type such as application/pdf (ASCII; parameters as name=value)")
    return value


# --- strings ---------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must be one line without control characters")
    return value


def _text(value: str) -> str:
    if _CONTROL_BUT_LINES.search(value):
        raise ValueError("must not contain control characters other than tab and line breaks")
    return value


_OneLine = AfterValidator(_line)
_MultiLine = AfterValidator(_text)
# acted_at: when the user acted, as the client says. A queued write may be old, but not absurdly so. A
# computer whose clock runs fast says a moment ahead of ours: that is kept as our now (the user acted at
# the latest now), not refused, because a client resends a write with the same body (Idempotency-Key) and
# cannot know our clock beforehand. Over a day ahead is no clock error but a wrong value.
ACTED_AT_FUTURE_LIMIT = dt.timedelta(days=1)
ACTED_AT_OLDEST = dt.timedelta(days=366)


def _plausible_moment(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    now = dt.datetime.now(dt.UTC)
    if value > now + ACTED_AT_FUTURE_LIMIT:
        raise ValueError("is more than a day ahead of the platform's clock")
    if value < now - ACTED_AT_OLDEST:
        raise ValueError("is more than a year ago")
    return min(value, now).astimezone(dt.UTC)


# decided_on: the decision's day. Notices are dated between it and today, so a day ahead would make the
# decision impossible to notify; one day of skew covers a client past midnight before the platform is.
DECIDED_ON_FUTURE_SKEW = dt.timedelta(days=1)
DECIDED_ON_OLDEST = dt.timedelta(days=366)


def _plausible_decision_day(value: dt.date) -> dt.date:
    today = dt.date.today()
    if value > today + DECIDED_ON_FUTURE_SKEW:
        raise ValueError("is after today (the platform's date)")
    if value < today - DECIDED_ON_OLDEST:
        raise ValueError("is more than a year ago")
    return value


ActedAt = Annotated[
    AwareDatetime | None,
    Field(description=wire.ACTED_AT_DESCRIPTION),
    AfterValidator(_plausible_moment),
]
ID_LENGTH = 40  # every id column's width
Id = Annotated[str, Field(min_length=1, max_length=ID_LENGTH), _OneLine]
ShortLine = Annotated[str, Field(max_length=200), _OneLine]
Name = Annotated[str, Field(min_length=1, max_length=200), _OneLine]
MAX_STORED_FILENAME = 120  # characters, the extension kept
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_NOT_IN_FILENAMES = re.compile(r'[<>:"|?*]')
FALLBACK_FILENAME = "bilaga"


def safe_filename(value: str) -> str:
    """A client's file name as it may be stored and handed out again: its last path part only (no ``/``,
    ``\\``, ``..``), no control or invisible format characters (bidi overrides that make ``exe.pdf`` read
    as ``fdp.exe``, zero-width characters), none of the characters Windows refuses, no device name, not
    ending in a dot or space, at most 120 characters with the extension kept; "bilaga" if nothing is
    left."""
    name = unicodedata.normalize("NFC", value)
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        " " if unicodedata.category(c) in ("Zl", "Zp") else c
        for c in name
        if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    name = _NOT_IN_FILENAMES.sub("_", name).strip().lstrip(".").rstrip(". ")
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    if len(name) > MAX_STORED_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_STORED_FILENAME - len(extension) - 1].rstrip(". ") + "." + extension
        else:
            name = name[:MAX_STORED_FILENAME].rstrip(". ")
    return name or FALLBACK_FILENAME


Filename = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(safe_filename)]
Heading = Annotated[str, Field(min_length=1, max_length=500), _OneLine]
Paragraph = Annotated[str, Field(max_length=2000), _MultiLine]
Reason = Annotated[str, Field(min_length=1, max_length=2000), _MultiLine]
# One strong entity tag (RFC 9110 8.8.3): no "*", no weak W/ tag, no list — a bulk item names one version.
STRONG_ETAG_PATTERN = r'^"[\x21\x23-\x7e]{1,198}"$'
StrongETag = Annotated[
    str,
    Field(
        min_length=3,
        max_length=200,
        pattern=STRONG_ETAG_PATTERN,
        description='The ETag of the case the move is based on: one strong tag, e.g. "case-…-v3" (not "*", '
        "not W/)",
    ),
]
MarkupText = Annotated[str, Field(max_length=4000), _MultiLine]
LongText = Annotated[str, Field(max_length=20000), _MultiLine]
Message = Annotated[str, Field(min_length=1, max_length=20000), _MultiLine]
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENT_BASE64 = 4 * math.ceil(MAX_ATTACHMENT_BYTES / 3)
MAX_ATTACHMENTS = 10
MAX_LIST_ITEMS = 50

# --- geometry of a markup ---------------------------------------------------------------------------------

MAX_GEOMETRY_KEYS = 32
MAX_GEOMETRY_NUMBERS = 10_000
MAX_GEOMETRY_DEPTH = 4
MAX_COORDINATE = 1_000_000.0  # PDF user space is at most 14 400 units a side; generous beyond that
_GEOMETRY_KEY = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def geometry_problem(geometry: dict[str, Any]) -> str | None:
    """Why a markup's geometry cannot be stored, or None: names mapped to finite numbers (or lists of them,
    nested at most MAX_GEOMETRY_DEPTH deep), at most MAX_GEOMETRY_NUMBERS numbers within ±MAX_COORDINATE."""
    if not geometry:
        return "geometry must map names to finite numbers or lists of them"
    count = 0

    def numbers(value: Any, depth: int) -> bool:
        nonlocal count
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            count += 1
            return math.isfinite(value) and abs(value) <= MAX_COORDINATE and count <= MAX_GEOMETRY_NUMBERS
        if isinstance(value, list) and depth < MAX_GEOMETRY_DEPTH:
            return all(numbers(v, depth + 1) for v in value)
        return False

    for key, value in geometry.items():
        if not _GEOMETRY_KEY.fullmatch(key):
            return "geometry names are 1-64 letters, digits, '_', '-' or '.'"
        if not numbers(value, 0):
            if count > MAX_GEOMETRY_NUMBERS:
                return f"geometry may hold at most {MAX_GEOMETRY_NUMBERS} numbers"
            return (
                f"geometry must map names to finite numbers within ±{MAX_COORDINATE:g} or lists of them "
                f"(nested at most {MAX_GEOMETRY_DEPTH} deep)"
            )
    return None


MAX_LINE_WIDTH = 50.0
MAX_SCALE_LENGTH = 1_000_000.0
MAX_SCALE_RATIO = 100_000.0
MAX_REPLIES = 500
# a known length over two points this close (or one point twice) is no scale: every client skips it
MIN_CALIBRATION_POINTS = 1.0  # as caseworker.markups.measure, which the sandbox does not import
_RECT_KINDS = frozenset({"rectangle", "ellipse", "highlight"})
_TWO_POINT_KINDS = frozenset({"line", "distance", "calibration"})
_MIN_POINTS = {"polyline": 2, "polygon": 3, "area": 3}


def _point(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value)


def _points(value: Any, least: int) -> bool:
    return isinstance(value, list) and len(value) >= least and all(_point(p) for p in value)


def _rect(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 4 and all(isinstance(v, int | float) for v in value)


def kind_geometry_problem(kind: str, geometry: dict[str, Any], scale: Any) -> str | None:
    """Why the geometry does not suit the kind, or None. Kinds of the first contract (cloud, callout,
    measurement, stamp, rectangle, arrow, text) keep their free geometry, except that a rectangle needs
    its ``rect``; the kinds added with the review contract have exactly the shape AnnotationInput says."""
    if kind in _RECT_KINDS and not _rect(geometry.get("rect")):
        return f"a {kind} needs rect [x0, y0, x1, y1]"
    if kind in _TWO_POINT_KINDS and not (_points(geometry.get("points"), 2) and len(geometry["points"]) == 2):
        return f"a {kind} needs points [[x, y], [x, y]]"
    if kind in _MIN_POINTS and not _points(geometry.get("points"), _MIN_POINTS[kind]):
        return f"a {kind} needs points with at least {_MIN_POINTS[kind]} [x, y] pairs"
    if kind == "ink":
        strokes = geometry.get("strokes")
        if not (isinstance(strokes, list) and strokes and all(_points(s, 1) for s in strokes)):
            return "ink needs strokes [[[x, y], ...], ...]"
    if kind == "calibration":
        if scale is None or (scale.length is None) == (scale.ratio is None):
            return "a calibration needs a scale with either length or ratio"
        if scale.length is not None and math.dist(*geometry["points"]) < MIN_CALIBRATION_POINTS:
            return (
                f"a calibration with a length needs its two points at least {MIN_CALIBRATION_POINTS:g} apart"
            )
    elif scale is not None:
        return "only a calibration has a scale"
    return None


# --- the bodies ------------------------------------------------------------------------------------------


class DeadlineExtension(wire.DeadlineExtension):
    __doc__ = wire.DeadlineExtension.__doc__  # the contract keeps describing the schema as before
    reason: Reason


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_only(value: Any) -> Any:
    """A notice day is a date (YYYY-MM-DD): lax parsing took a date-time at midnight as its day, whatever
    the zone meant, and a number as seconds since 1970. (strict=True would refuse every JSON string here,
    as FastAPI validates the parsed body.)"""
    if value is None or (isinstance(value, str) and _DAY.fullmatch(value)):
        return value
    raise ValueError("must be a date as YYYY-MM-DD (not a date-time or a number)")


StrictDay = Annotated[dt.date | None, BeforeValidator(_day_only)]


class PartyNotified(wire.PartyNotified):
    __doc__ = wire.PartyNotified.__doc__  # the contract keeps describing the schema as before
    party_id: Id
    notified_on: StrictDay = Field(description=wire.PartyNotified.model_fields["notified_on"].description)


class CasePatch(wire.CasePatch):
    __doc__ = wire.CasePatch.__doc__  # the contract keeps describing the schema as before
    assignee_id: Id | None = None
    deadline_extension: DeadlineExtension | None = None
    parties_notified: list[PartyNotified] | None = Field(  # type: ignore[assignment]
        default=None,
        max_length=MAX_LIST_ITEMS,
        description=wire.CasePatch.model_fields["parties_notified"].description,
    )
    decision_published_on: StrictDay = Field(
        default=None, description=wire.CasePatch.model_fields["decision_published_on"].description
    )
    acted_at: ActedAt = None


class NoteCreate(wire.NoteCreate):
    __doc__ = wire.NoteCreate.__doc__  # the contract keeps describing the schema as before
    text: Message
    acted_at: ActedAt = None


class Attachment(wire.Attachment):
    __doc__ = wire.Attachment.__doc__  # the contract keeps describing the schema as before
    filename: Filename
    media_type: Annotated[
        str,
        Field(
            min_length=3,
            max_length=MAX_MEDIA_TYPE_LENGTH,
            json_schema_extra={"pattern": MEDIA_TYPE_PATTERN},
            description="RFC 6838 type/subtype, optionally with ASCII parameters (`; charset=utf-8`)",
        ),
        AfterValidator(_media_type),
    ]
    content_base64: str = Field(
        max_length=MAX_ATTACHMENT_BASE64,
        description=f"The file's bytes in base64 (at most {MAX_ATTACHMENT_BYTES} bytes decoded)",
    )


class MessageCreate(wire.MessageCreate):
    __doc__ = wire.MessageCreate.__doc__  # the contract keeps describing the schema as before
    subject: Heading
    body: Message
    attachments: list[Attachment] = Field(default=[], max_length=MAX_ATTACHMENTS)  # type: ignore[assignment]
    acted_at: ActedAt = None


class MarkupScale(wire.MarkupScale):
    __doc__ = wire.MarkupScale.__doc__  # the contract keeps describing the schema as before
    length: float | None = Field(default=None, gt=0, le=MAX_SCALE_LENGTH)
    ratio: float | None = Field(default=None, ge=1, le=MAX_SCALE_RATIO)


class AnnotationInput(wire.AnnotationInput):
    __doc__ = wire.AnnotationInput.__doc__  # the contract keeps describing the schema as before
    page: int = Field(ge=0, le=100_000)
    width: float = Field(default=1.0, gt=0, le=MAX_LINE_WIDTH, description="Line width in points")
    scale: MarkupScale | None = None  # type: ignore[assignment]
    geometry: dict[str, Any] = Field(
        min_length=1,
        max_length=MAX_GEOMETRY_KEYS,
        description=f"Names (e.g. rect, points) mapped to numbers or lists of them, in PDF user space: "
        f"at most {MAX_GEOMETRY_NUMBERS} numbers, each within ±{MAX_COORDINATE:g}, nested at most "
        f"{MAX_GEOMETRY_DEPTH} deep",
    )
    text: MarkupText = ""


class AnnotationReplyInput(wire.AnnotationReplyInput):
    __doc__ = wire.AnnotationReplyInput.__doc__  # the contract keeps describing the schema as before
    text: Annotated[str, Field(min_length=1, max_length=4000), _MultiLine]


class DecisionInput(wire.DecisionInput):
    __doc__ = wire.DecisionInput.__doc__  # the contract keeps describing the schema as before
    legal_ground: Heading
    conditions: list[Paragraph] = Field(default=[], max_length=MAX_LIST_ITEMS)
    reasons: LongText = ""
    advisory_notes: list[Paragraph] = Field(default=[], max_length=MAX_LIST_ITEMS)
    decided_on: Annotated[
        dt.date,
        Field(
            strict=True,  # a date (YYYY-MM-DD), not a date-time that happens to be midnight
            description="The decision's day: not after today (the platform's date, one day of skew) nor "
            "more than a year ago",
        ),
        AfterValidator(_plausible_decision_day),
    ]
    fee_sek: int = Field(ge=0, le=100_000_000, strict=True)  # not "1", true or 1.0
    fee_basis: Paragraph = ""
    delegation_ref: ShortLine | None = None
    signed_by: Name
    signer_title: ShortLine = ""
    acted_at: ActedAt = None


class ReassignmentItem(wire.ReassignmentItem):
    __doc__ = wire.ReassignmentItem.__doc__  # the contract keeps describing the schema as before
    case_id: Id
    to_user_id: Id
    if_match: StrongETag


class ReassignmentRequest(wire.ReassignmentRequest):
    __doc__ = wire.ReassignmentRequest.__doc__  # the contract keeps describing the schema as before
    items: list[ReassignmentItem] = Field(min_length=1, max_length=1000)  # type: ignore[assignment]
    reason: Reason
    acted_at: ActedAt = None
