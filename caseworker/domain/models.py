"""Wire models of the platform API, shared by the client and the sandbox.

These pydantic models are the single definition of every JSON body in the contract: the sandbox answers
with them (and FastAPI derives ``caseworker/api/openapi.yaml`` from them), the client validates what it
receives into them. Field names are English snake_case and stable once released.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Wire(BaseModel):
    """Base for all wire models: unknown fields from a newer platform are ignored, not fatal."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Role(StrEnum):
    CASEWORKER = "caseworker"
    INSPECTOR = "inspector"
    TEAM_LEAD = "team_lead"


class CaseStatus(StrEnum):
    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    COMPLETE = "complete"
    UNDER_REVIEW = "under_review"
    REFERRAL = "referral"
    DECIDED = "decided"
    CLOSED = "closed"


class CaseType(StrEnum):
    NEW_BUILDING_HOUSE = "bygglov_nybyggnad_enbostadshus"
    NEW_BUILDING_APARTMENTS = "bygglov_nybyggnad_flerbostadshus"
    NEW_BUILDING_INDUSTRY = "bygglov_nybyggnad_industri"
    EXTENSION = "bygglov_tillbyggnad"
    FACADE_CHANGE = "bygglov_fasadandring"
    DEMOLITION = "rivningslov"
    SITE_PERMIT = "marklov"
    PRELIMINARY = "forhandsbesked"
    SHORE_EXEMPTION = "strandskyddsdispens"
    NOTIFICATION = "anmalan_attefall"


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    AFFECTED_PARTY = "affected_party"
    NEIGHBOUR = "neighbour"


class DocumentKind(StrEnum):
    APPLICATION = "application"
    DRAWING = "drawing"
    ATTACHMENT = "attachment"
    DECISION = "decision"
    ARCHIVE_SCAN = "archive_scan"


class DrawingType(StrEnum):
    """Ritningstyp, per DOMAIN.md."""

    N = "N"
    P = "P"
    A = "A"
    K = "K"
    V = "V"
    VA = "VA"
    VVS = "VVS"
    EL = "EL"
    SK = "SK"


class EventKind(StrEnum):
    CREATED = "created"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    NOTE = "note"
    MESSAGE = "message"
    DOCUMENT_ADDED = "document_added"
    DEADLINE_EXTENDED = "deadline_extended"
    DECISION = "decision"
    DECISION_NOTIFIED = "decision_notified"  # when parties were notified / the decision published in PoIT


class DecisionOutcome(StrEnum):
    GRANTED = "granted"  # beviljas
    REFUSED = "refused"  # avslås
    DISMISSED = "dismissed"  # avvisas
    WRITTEN_OFF = "written_off"  # avskrivs


# --- sign-in and identity -------------------------------------------------------------------------


class OidcConfiguration(Wire):
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    revocation_endpoint: str
    userinfo_endpoint: str | None = None
    response_types_supported: list[str] = ["code"]
    grant_types_supported: list[str] = ["authorization_code", "refresh_token"]
    code_challenge_methods_supported: list[str] = ["S256"]
    token_endpoint_auth_methods_supported: list[str] = ["none"]


class TokenResponse(Wire):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 (the OAuth token type, not a secret)
    expires_in: int
    refresh_token: str
    scope: str = "openid"


class OAuthError(Wire):
    error: str
    error_description: str | None = None


class SandboxAccount(Wire):
    username: str
    display_name: str
    roles: list[Role]
    municipalities: list[str]
    team: str | None = None


class User(Wire):
    id: str
    username: str
    display_name: str
    title: str
    email: str
    roles: list[Role]
    municipalities: list[str]
    team_id: str | None = None


class Address(Wire):
    street: str
    postal_code: str
    city: str


class Municipality(Wire):
    id: str
    name: str
    committee: str
    org_number: str
    address: Address
    phone: str
    email: str
    website: str
    primary_color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    secondary_color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    logo_url: str
    appeal_body: str
    footer: str
    registration_prefix: str


# --- cases ----------------------------------------------------------------------------------------


class Party(Wire):
    id: str
    role: PartyRole
    name: str
    personal_number: str | None = None  # personnummer: personal data, never logged
    org_number: str | None = None
    address: Address | None = None
    email: str | None = None
    phone: str | None = None
    notified_on: dt.date | None = Field(
        default=None,
        description="The day the party was notified of the case's decision (delgivning); their appeal "
        "period of 3 weeks runs from it. Null until recorded (PATCH /cases/{id}, `parties_notified`).",
    )


class Property(Wire):
    designation: str  # fastighetsbeteckning, e.g. "Älvdala Björken 4:12"
    former_designations: list[str] = []
    municipality_id: str
    area_m2: int | None = None


class DeadlineFacts(Wire):
    """What the statutory clock needs; the client computes the deadline itself (caseworker.domain.clock)."""

    received_on: dt.date
    supplemented_on: dt.date | None = Field(
        default=None,
        description="The latest day on which the applicant, on their own initiative (not asked), handed in "
        "more material; the statutory clock then starts from that day, unless its deadline had already "
        "passed (MÖD 2022:8).",
    )
    completion_requested_on: dt.date | None = None
    completed_on: dt.date | None = None
    extension_weeks: int = 0
    extension_reason: str | None = None
    decided_on: dt.date | None = None


class CaseSummary(Wire):
    """One row of a queue."""

    id: str
    registration_number: str
    municipality_id: str
    title: str
    case_type: CaseType
    status: CaseStatus
    assignee_id: str | None = None
    assignee_name: str | None = None
    team_id: str | None = None
    property_designation: str
    applicant_name: str
    deadline: DeadlineFacts
    fee_sek: int
    version: int
    updated_at: dt.datetime
    etag: str | None = Field(
        default=None,
        description="The case's current entity tag, the same as the ETag header of GET /cases/{id}: send "
        "it as If-Match to change the case. Carried in queue pages and the delta feed too, so that an "
        "offline client can base a change on the version it has cached. Opaque.",
    )


class Case(CaseSummary):
    """A whole case, as GET /cases/{id} answers (with an ETag)."""

    description: str
    property: Property
    parties: list[Party]
    fee_basis: str
    decision_published_on: dt.date | None = Field(
        default=None,
        description="The day the decision was published in Post- och Inrikes Tidningar (PoIT); the appeal "
        "period of those not notified directly ends 4 weeks after it. Null until recorded. With each "
        "party's `notified_on` this gives the appeal ends and the day the decision is final.",
    )


class CasePage(Wire):
    items: list[CaseSummary]
    next_cursor: str | None = None


class DeadlineExtension(Wire):
    weeks: int = Field(ge=1, le=10)
    reason: str = Field(min_length=1, max_length=2000)


ACTED_AT_DESCRIPTION = (
    "When the user acted (ISO 8601 with an offset), if the write was queued before it was sent. The "
    "platform keeps it beside its own time on the resulting events (`Event.acted_at`). A moment ahead of "
    "the platform's clock (a computer whose clock runs fast) is kept as the platform's now, up to a day "
    "ahead; further ahead, or more than a year old, is 422."
)


def _acted_at() -> Any:
    return Field(default=None, description=ACTED_AT_DESCRIPTION)


class PartyNotified(Wire):
    """When one party of a decided case was notified of the decision."""

    model_config = ConfigDict(extra="forbid")

    party_id: str
    notified_on: dt.date | None = Field(
        description="The day of notification: not before the decision, not in the future. Null removes a "
        "date recorded by mistake."
    )


class CasePatch(Wire):
    """PATCH /cases/{id}: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    status: CaseStatus | None = None
    assignee_id: str | None = None
    deadline_extension: DeadlineExtension | None = None
    completion_requested: bool | None = None  # sets completion_requested_on to today
    parties_notified: list[PartyNotified] | None = Field(
        default=None,
        description="Decided cases only: when these parties were notified of the decision (each party at "
        "most once per request); the parties not named keep their dates.",
    )
    decision_published_on: dt.date | None = Field(
        default=None,
        description="Decided cases only: the day the decision was published in PoIT (not before the "
        "decision, not in the future); null removes it. Absent: unchanged.",
    )
    acted_at: dt.datetime | None = _acted_at()


class Event(Wire):
    id: str
    case_id: str
    kind: EventKind
    at: dt.datetime
    actor_id: str | None = None
    actor_name: str | None = None
    text: str = ""
    data: dict[str, Any] = {}
    acted_at: dt.datetime | None = Field(
        default=None,
        description="When the user acted, as the write said (`acted_at`); `at` is the platform's time.",
    )


class NoteCreate(Wire):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20000)
    acted_at: dt.datetime | None = _acted_at()


class Attachment(Wire):
    filename: str = Field(min_length=1, max_length=255)
    media_type: str = Field(min_length=1, max_length=255)
    content_base64: str


class MessageCreate(Wire):
    model_config = ConfigDict(extra="forbid")

    subject: str = Field(min_length=1, max_length=500)
    body: str = Field(min_length=1, max_length=20000)
    attachments: list[Attachment] = []
    acted_at: dt.datetime | None = _acted_at()


# --- documents and markups ------------------------------------------------------------------------


class Document(Wire):
    id: str
    case_id: str | None = None
    archive_record_id: str | None = None
    title: str
    filename: str
    kind: DocumentKind
    drawing_type: DrawingType | None = None
    revision: int = 0
    media_type: str
    size: int
    sha256: str
    pages: int
    created_at: dt.datetime


class AnnotationKind(StrEnum):
    """What a markup draws. ``text`` is a text box; ``measurement`` is the first contract's distance (read
    as ``distance``); ``calibration`` is a page's scale (two points and a known length, or a preset 1:N):
    the newest one of a page is the scale every reviewer's measurements on that page use."""

    CLOUD = "cloud"
    CALLOUT = "callout"
    MEASUREMENT = "measurement"
    STAMP = "stamp"
    RECTANGLE = "rectangle"
    ARROW = "arrow"
    TEXT = "text"
    ELLIPSE = "ellipse"
    LINE = "line"
    POLYLINE = "polyline"
    POLYGON = "polygon"
    INK = "ink"
    HIGHLIGHT = "highlight"
    DISTANCE = "distance"
    AREA = "area"
    CALIBRATION = "calibration"


class AnnotationStatus(StrEnum):
    """The review state of a markup (the PDF review states)."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    COMPLETED = "completed"


class LengthUnit(StrEnum):
    MM = "mm"
    CM = "cm"
    M = "m"


class MarkupScale(Wire):
    """A calibration's scale: ``length`` in ``unit`` between the markup's two points, or a drawing scale
    1:``ratio`` (the sheet's paper millimetres times ``ratio``). Exactly one of them is set."""

    model_config = ConfigDict(extra="forbid")

    unit: LengthUnit = LengthUnit.M
    length: float | None = Field(default=None, gt=0)
    ratio: float | None = Field(default=None, gt=0)


class AnnotationInput(Wire):
    """A markup in PDF user-space coordinates of one page.

    Geometry by kind: ``rect`` [x0, y0, x1, y1] (rectangle, ellipse, highlight, text, stamp, callout; a
    cloud without points), ``points`` [[x, y], …] (line, arrow, distance and calibration take two;
    polyline two or more; polygon, area and a cloud three or more), ``anchor`` [x, y] (the callout's
    leader end), ``strokes`` [[[x, y], …], …] (ink). Kinds of the first contract keep any geometry."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(ge=0)
    kind: AnnotationKind
    geometry: dict[str, Any]
    text: str = ""
    color: str = Field(default="#d32f2f", pattern=r"^#[0-9a-fA-F]{6}$")
    resolved: bool = Field(
        default=False,
        description="Kept for clients of the first contract: true means status completed when status is "
        "not sent; in answers, true whenever status is not open",
    )
    status: AnnotationStatus | None = Field(
        default=None, description="The review state; not sent: open (completed when resolved is true)"
    )
    width: float = Field(default=1.0, gt=0, description="Line width in points")
    document_sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="The sha256 of the document revision the markup was made on: a markup sent for another "
        "revision is refused (422 document-changed), never moved onto it",
    )
    scale: MarkupScale | None = Field(default=None, description="A calibration's scale (kind calibration)")


class AnnotationReply(Wire):
    """One answer in a markup's thread."""

    id: str
    author_id: str
    author_name: str
    text: str
    created_at: dt.datetime


class AnnotationReplyInput(Wire):
    """An answer to a markup: anyone in the markup's municipality may reply."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)


class AnnotationStatusInput(Wire):
    """A markup's new review state: anyone in the markup's municipality may set it (If-Match required)."""

    model_config = ConfigDict(extra="forbid")

    status: AnnotationStatus


class Annotation(AnnotationInput):
    model_config = ConfigDict(extra="ignore")

    status: AnnotationStatus = AnnotationStatus.OPEN  # type: ignore[assignment]
    id: str
    document_id: str
    author_id: str
    author_name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    replies: list[AnnotationReply] = Field(default=[], description="The thread, oldest first")
    etag: str | None = Field(
        default=None,
        description="The markup's current entity tag (as the ETag header of its last write): send it as "
        "If-Match to change or remove it. Carried in lists and the delta feed too. Opaque.",
    )

    @model_validator(mode="before")
    @classmethod
    def _status_and_resolved(cls, data: Any) -> Any:
        """A markup of the first contract has no status: resolved means completed. Resolved always follows
        the status, so both kinds of client read the same."""
        if isinstance(data, dict):
            status = data.get("status") or (
                AnnotationStatus.COMPLETED if data.get("resolved") else AnnotationStatus.OPEN
            )
            data = {**data, "status": status, "resolved": status != AnnotationStatus.OPEN}
        return data


# --- decisions, reassignment, workload, archive ---------------------------------------------------


class DecisionInput(Wire):
    """Structured fields of a decision; the rendered PDF travels beside it (multipart)."""

    model_config = ConfigDict(extra="forbid")

    outcome: DecisionOutcome
    legal_ground: str = Field(min_length=1)
    decided_on: dt.date
    conditions: list[str] = []
    reasons: str = ""
    advisory_notes: list[str] = []
    fee_sek: int = Field(ge=0)
    fee_basis: str = ""
    delegation_ref: str | None = None
    signed_by: str = Field(min_length=1)
    signer_title: str = ""
    acted_at: dt.datetime | None = _acted_at()


class DecisionResult(Wire):
    case: Case
    document: Document


class ReassignmentItem(Wire):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    to_user_id: str
    if_match: str


class ReassignmentRequest(Wire):
    model_config = ConfigDict(extra="forbid")

    items: list[ReassignmentItem] = Field(min_length=1, max_length=1000)
    reason: str = Field(min_length=1, max_length=2000)
    acted_at: dt.datetime | None = _acted_at()


class ReassignmentItemResult(Wire):
    case_id: str
    status: int  # HTTP-like status of this item: 200, 404, 412, 422
    etag: str | None = None
    detail: str | None = None


class ReassignmentResult(Wire):
    results: list[ReassignmentItemResult]


class MemberWorkload(Wire):
    user_id: str
    display_name: str
    open_cases: int
    due_within_7_days: int
    overdue: int
    absent: bool = False
    absent_until: dt.date | None = None
    municipalities: list[str] = Field(
        default=[],
        description="The municipalities the member serves (as in their GET /me). Empty from a platform "
        "that does not say.",
    )
    takes_cases: bool = Field(
        default=False,
        description="Whether the member may be case officer (the caseworker role): a case may be moved to "
        "them in any of their `municipalities`. False for inspectors and leads who take no cases, and "
        "from a platform that does not say.",
    )


class Workload(Wire):
    team_id: str
    team_name: str
    members: list[MemberWorkload]


class ArchiveRecord(Wire):
    id: str
    municipality_id: str
    property_designation: str  # as recorded at the time (may be a former designation)
    current_designation: str
    title: str
    year: int
    registration_number: str
    documents: list[Document]


class ArchivePage(Wire):
    items: list[ArchiveRecord]
    next_cursor: str | None = None


# --- delta sync ------------------------------------------------------------------------------------


class ChangeEntity(StrEnum):
    CASE = "case"
    DOCUMENT = "document"
    ANNOTATION = "annotation"
    EVENT = "event"


class Change(Wire):
    entity: ChangeEntity
    op: Literal["upsert", "delete"]
    id: str
    seq: int
    data: dict[str, Any] | None = None  # the entity's full representation on upsert


class ChangePage(Wire):
    changes: list[Change]
    next_cursor: str
    has_more: bool


# --- errors ---------------------------------------------------------------------------------------


class Problem(Wire):
    """RFC 9457 problem details; on 412 ``current`` and ``etag`` carry the current representation."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    current: dict[str, Any] | None = None
    etag: str | None = None
