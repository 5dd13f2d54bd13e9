"""The sandbox's demo data: deterministic, complete, and shaped the way the rest of the project relies on."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import re
from collections import Counter as Tally
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from caseworker.domain.appeals import final_on
from caseworker.domain.clock import compute, statutory_period
from caseworker.domain.models import CaseStatus, CaseType, DocumentKind, Role
from caseworker.sandbox import db
from caseworker.sandbox.passwords import legacy_pbkdf2_hash, needs_rehash, password_hash, verify_password
from caseworker.sandbox.routes.common import deadline_facts
from caseworker.sandbox.seed import (
    DEMO_PASSWORD,
    DENSE_A0_CASE_ID,
    DENSE_A0_CASE_TITLE,
    dense_a0_registration,
    luhn_digit,
    luhn_valid,
    seed_if_empty,
)

SEED = 7  # the seed the shared sandbox template uses, so generated documents are reused from the cache
CASES = 300
A0_LANDSCAPE_PT = (3370.39, 2383.94)


def _seed(path: Path, *, seed: int = SEED, cases: int = CASES) -> tuple[Engine, sessionmaker[Session]]:
    engine = db.make_engine(f"sqlite:///{path}")
    db.create_schema(engine)
    maker = db.make_sessionmaker(engine)
    assert seed_if_empty(maker, seed=seed, cases=cases) is True
    return engine, maker


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    engine, maker = _seed(tmp_path_factory.mktemp("seed") / "demo.db")
    yield maker
    engine.dispose()


@pytest.fixture
def session(seeded: sessionmaker[Session]) -> Iterator[Session]:
    with seeded() as s:
        yield s


def _structure(maker: sessionmaker[Session]) -> list[tuple[str, ...]]:
    with maker() as s:
        cases = s.execute(
            select(db.Case.id, db.Case.registration_number, db.Case.status, db.Case.case_type,
                   db.Case.property_designation, db.Case.assignee_id).order_by(db.Case.seq)
        ).all()  # fmt: skip
        docs = s.execute(select(db.Document.id, db.Document.sha256).order_by(db.Document.seq)).all()
    return [tuple(str(v) for v in row) for row in [*cases, *docs]]


# --- determinism and seeding once -------------------------------------------------------------------


def test_the_same_seed_gives_the_same_data(seeded: sessionmaker[Session], tmp_path: Path) -> None:
    engine, again = _seed(tmp_path / "again.db")
    try:
        assert _structure(again) == _structure(seeded)
    finally:
        engine.dispose()


def test_another_seed_gives_other_cases(tmp_path: Path) -> None:
    engines = []
    try:
        a_engine, a = _seed(tmp_path / "a.db", seed=1, cases=30)
        b_engine, b = _seed(tmp_path / "b.db", seed=2, cases=30)
        engines = [a_engine, b_engine]
        ids_a = {row[0] for row in _structure(a)[:30]}
        ids_b = {row[0] for row in _structure(b)[:30]}
        assert ids_a & ids_b == {DENSE_A0_CASE_ID}  # only the hand-made A0 case is the same
    finally:
        for e in engines:
            e.dispose()


def test_a_seeded_database_is_left_alone(seeded: sessionmaker[Session], session: Session) -> None:
    before = session.scalar(select(func.count()).select_from(db.Case))
    assert seed_if_empty(seeded, seed=SEED + 1, cases=10) is False
    assert session.scalar(select(func.count()).select_from(db.Case)) == before == CASES


def test_every_change_number_is_distinct_and_the_counters_are_set(session: Session) -> None:
    seqs: list[int] = []
    for model in (db.Case, db.Document, db.Event, db.Annotation):
        seqs += session.scalars(select(model.seq)).all()
    assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert db.read_counter(session, "seq") == len(seqs)
    assert db.read_counter(session, "horizon") == 0
    assert session.get(db.Counter, "horizon") is not None


# --- municipalities, teams, accounts ---------------------------------------------------------------


def test_three_municipalities_with_their_own_profile_and_a_drawn_logo(session: Session) -> None:
    munis = session.scalars(select(db.Municipality).order_by(db.Municipality.id)).all()
    assert [m.id for m in munis] == ["alvdala", "norrsjo", "vanerby"]
    assert [m.name for m in munis] == ["Älvdala kommun", "Norrsjö kommun", "Vänerby kommun"]
    assert len({m.registration_prefix for m in munis}) == len({m.committee for m in munis}) == 3
    for m in munis:
        assert re.fullmatch(r"#[0-9a-f]{6}", m.primary_color) and re.fullmatch(
            r"#[0-9a-f]{6}", m.secondary_color
        )
        assert m.appeal_body.startswith("Länsstyrelsen i ")
        assert m.email.endswith(f"@{m.id}.example") and m.website.startswith("https://")
        assert re.fullmatch(r"212000-\d{4}", m.org_number) and not luhn_valid(m.org_number)
        assert m.name in m.footer and m.org_number in m.footer
        with Image.open(io.BytesIO(m.logo_png)) as logo:
            assert logo.format == "PNG" and logo.mode == "RGBA" and logo.size == (256, 256)
            alpha = logo.getchannel("A")
            assert alpha.getpixel((2, 2)) == 0 and alpha.getpixel((128, 128)) == 255  # a shield on clear
    assert len({m.logo_png for m in munis}) == 3


def test_accounts_in_every_role_with_the_demo_password(session: Session) -> None:
    users = session.scalars(select(db.User)).all()
    for role in Role:
        assert any(role.value in u.roles for u in users), role
    pure = [u for u in users if "caseworker" in u.roles and "team_lead" not in u.roles]
    for muni in ("alvdala", "norrsjo", "vanerby"):
        assert any(muni in u.municipalities for u in pure), muni
    anna = session.scalars(select(db.User).where(db.User.username == "anna")).one()
    assert anna.roles == ["caseworker"] and anna.municipalities == ["alvdala", "norrsjo"]
    assert anna.team_id == "team-vast"
    assert any(u.absent_until is not None and u.absent_until > dt.date.today() for u in users)
    assert all(verify_password(DEMO_PASSWORD, u.password_hash) for u in users)
    assert not verify_password("wrong", users[0].password_hash)
    teams = {t.id: t for t in session.scalars(select(db.Team))}
    assert teams["team-vast"].municipalities == ["alvdala", "norrsjo"]  # a shared service team
    assert teams["team-vanerby"].municipalities == ["vanerby"]
    for lead in (u for u in users if "team_lead" in u.roles):
        assert lead.team_id in teams


def test_password_hashes() -> None:
    hashed = password_hash("demo")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")  # OWASP's Argon2id minimum
    assert password_hash("demo") != hashed  # a salt per hash
    assert verify_password("demo", hashed) and not verify_password("Demo", hashed)
    assert not needs_rehash(hashed)
    stalling = hashed.replace("m=19456,t=2", "m=19456,t=999")
    for broken in (
        "",
        "pbkdf2_sha256$x$00$00",
        "md5$1$00$00",
        "pbkdf2_sha256$99999999$00$00",
        hashed + "$",
        stalling,
    ):
        assert not verify_password("demo", broken)
    legacy = legacy_pbkdf2_hash("demo")
    assert verify_password("demo", legacy) and not verify_password("Demo", legacy) and needs_rehash(legacy)


def test_the_demo_password_is_hashed_once_per_seed(session: Session) -> None:
    assert len(set(session.scalars(select(db.User.password_hash)))) == 1


# --- cases -----------------------------------------------------------------------------------------


def test_every_case_type_and_status_is_present(session: Session) -> None:
    rows = session.execute(select(db.Case.case_type, db.Case.status)).all()
    assert {t for t, _ in rows} == {t.value for t in CaseType}
    assert {s for _, s in rows} == {s.value for s in CaseStatus}
    assert {m for (m,) in session.execute(select(db.Case.municipality_id))} == {
        "alvdala",
        "norrsjo",
        "vanerby",
    }


def test_registration_numbers_are_unique_and_carry_the_municipality_prefix(session: Session) -> None:
    prefixes = dict(session.execute(select(db.Municipality.id, db.Municipality.registration_prefix)).all())
    rows = session.execute(
        select(db.Case.registration_number, db.Case.municipality_id, db.Case.received_on)
    ).all()
    assert len({r for r, _, _ in rows}) == len(rows)
    for number, muni, received in rows:
        assert number == f"{prefixes[muni]} {received.year}-{number[-6:]}", number
        assert re.fullmatch(r"[A-Z]+ \d{4}-\d{6}", number)


def test_deadlines_fall_before_near_and_after_today(session: Session) -> None:
    today = dt.date.today()
    open_statuses = {"received", "incomplete", "complete", "under_review", "referral"}
    days_left = []
    for case in session.scalars(select(db.Case).where(db.Case.status.in_(open_statuses))):
        days_left.append(compute(deadline_facts(case), today, CaseType(case.case_type)).days_left)
    assert sum(d is not None and d < 0 for d in days_left) >= 10  # overdue
    assert sum(d is not None and 0 <= d <= 7 for d in days_left) >= 10  # due within a week
    assert sum(d is not None and d > 7 for d in days_left) >= 10  # later
    assert sum(d is None for d in days_left) >= 3  # waiting for a completion asked for in time


def test_every_type_with_a_deadline_has_one_before_near_and_after_today(session: Session) -> None:
    """On the case type's own clock (issue 14): an anmälan runs 4 weeks, so the demo's anmälan cases are
    not mostly overdue; a strandskyddsdispens has no deadline at all."""
    today = dt.date.today()
    open_statuses = {"received", "incomplete", "complete", "under_review", "referral"}
    bands: dict[CaseType, set[str]] = {t: set() for t in CaseType}
    for case in session.scalars(select(db.Case).where(db.Case.status.in_(open_statuses))):
        case_type = CaseType(case.case_type)
        days_left = compute(deadline_facts(case), today, case_type).days_left
        if days_left is not None:
            bands[case_type].add("overdue" if days_left < 0 else "near" if days_left <= 7 else "later")
        if case.extension_weeks:
            period = statutory_period(case_type)
            assert period is not None and case.extension_weeks <= period.max_extension_weeks
    for case_type, seen in bands.items():
        expected = set() if statutory_period(case_type) is None else {"overdue", "near", "later"}
        assert seen == expected, case_type
    # as often late as any other type, not (as on a 10-week layout) most of them
    for status in (open_statuses, {"decided", "closed"}):
        cases = session.scalars(
            select(db.Case).where(
                db.Case.case_type == CaseType.NOTIFICATION.value, db.Case.status.in_(status)
            )
        ).all()
        clocks = [compute(deadline_facts(c), today, CaseType.NOTIFICATION) for c in cases]
        late = [c for c in clocks if c.weeks_late]  # after the deadline: today, or when decided
        assert len(late) < 0.3 * sum(c.deadline is not None for c in clocks), status


def test_decisions_were_notified_and_published_and_closed_ones_are_final(session: Session) -> None:
    today = dt.date.today()
    decided = session.scalars(select(db.Case).where(db.Case.decided_on.is_not(None))).all()
    parties: dict[str, list[db.Party]] = {}
    for party in session.scalars(select(db.Party)):
        parties.setdefault(party.case_id, []).append(party)
    outcomes = {
        e.case_id: e.data["outcome"]
        for e in session.scalars(select(db.Event).where(db.Event.kind == "decision"))
    }
    closing = {
        e.case_id: e.at.date()
        for e in session.scalars(select(db.Event).where(db.Event.kind == "status_changed"))
        if e.data["to"] == "closed"
    }
    waiting = published = 0
    for case in decided:
        assert case.decided_on is not None
        days = [p.notified_on for p in parties[case.id]]
        assert all(d is None or case.decided_on <= d <= today for d in days)
        if case.decision_published_on is not None:
            published += 1
            assert outcomes[case.id] == "granted"
            assert case.case_type not in (CaseType.NOTIFICATION.value, CaseType.SHORE_EXEMPTION.value)
            assert case.decided_on <= case.decision_published_on <= today
        final = final_on(days, case.decision_published_on)
        if case.status == "closed":
            assert final is not None and final <= closing[case.id] <= today, case.registration_number
        else:
            waiting += final is None
    assert published and waiting, "some decisions published, some still waiting for a notice"
    assert all(
        p.notified_on is None
        for c in session.scalars(select(db.Case).where(db.Case.decided_on.is_(None)))
        for p in parties[c.id]
    )


def test_case_dates_agree_with_the_status(session: Session) -> None:
    today = dt.date.today()
    cases = session.scalars(select(db.Case)).all()
    early = late = 0
    for c in cases:
        assert c.received_on <= today
        if c.status == "incomplete":
            assert c.completion_requested_on is not None and c.completed_on is None
        if c.completion_requested_on is not None:
            assert c.received_on <= c.completion_requested_on <= today
            if c.completion_requested_on - c.received_on <= dt.timedelta(weeks=3):
                early += 1
            else:
                late += 1
        if c.completed_on is not None:
            assert c.completion_requested_on is not None and c.completed_on >= c.completion_requested_on
        if c.status in ("decided", "closed"):
            assert c.decided_on is not None and c.received_on <= c.decided_on <= today
        else:
            assert c.decided_on is None
        if c.extension_weeks:
            assert 1 <= c.extension_weeks <= 10 and c.extension_reason
        assert 5_000 <= c.fee_sek <= 60_000 and "tabell" in c.fee_basis
    assert early > 0 and late > 0
    assert any(c.extension_weeks for c in cases)
    decided = [c for c in cases if c.decided_on is not None]
    assert any(compute(deadline_facts(c), today, CaseType(c.case_type)).fee_factor < 1 for c in decided)


def test_assignees_serve_the_case_municipality(session: Session) -> None:
    users = {u.id: u for u in session.scalars(select(db.User))}
    teams = {t.id: t for t in session.scalars(select(db.Team))}
    cases = session.scalars(select(db.Case)).all()
    assert any(c.assignee_id is None for c in cases)
    for c in cases:
        assert c.team_id is not None or c.assignee_id is None  # only an unassigned case may be unrouted
        assert c.team_id is None or c.municipality_id in teams[c.team_id].municipalities
        if c.assignee_id is not None:
            user = users[c.assignee_id]
            assert "caseworker" in user.roles and c.municipality_id in user.municipalities
            assert c.team_id == user.team_id


def test_the_team_queue_is_a_part_of_all_cases(session: Session) -> None:
    """For a team member the team queue ("Teamets ärenden") is smaller than "Alla": in the same
    municipalities there are cases of another team and unassigned ones routed to no team yet (issue 9.10)."""
    anna = session.scalars(select(db.User).where(db.User.username == "anna")).one()
    members = set(session.scalars(select(db.User.id).where(db.User.team_id == anna.team_id)))
    every = session.scalars(select(db.Case).where(db.Case.municipality_id.in_(anna.municipalities))).all()
    team = [c for c in every if c.team_id == anna.team_id or c.assignee_id in members]
    others = [c for c in every if c not in team]
    assert len(team) < len(every)
    assert any(c.team_id not in (None, anna.team_id) for c in others), "cases of another team"
    assert any(c.team_id is None and c.assignee_id is None for c in others), "unrouted, unassigned cases"
    assert any(c.assignee_id is None for c in team), "the team still has unassigned cases of its own"
    for municipality in anna.municipalities:
        assert any(c.municipality_id == municipality for c in others)


def test_properties_are_designated_in_the_municipality(session: Session) -> None:
    names = dict(session.execute(select(db.Municipality.id, db.Municipality.name)).all())
    rows = session.execute(
        select(db.Case.property_designation, db.Case.former_designations, db.Case.municipality_id)
    ).all()
    for designation, former, muni in rows:
        short = names[muni].removesuffix(" kommun")
        assert re.fullmatch(rf"{short} \w+ \d+:\d+", designation), designation
        assert all(f.startswith(short + " ") for f in former)
    assert sum(bool(former) for _, former, _ in rows) >= 5


def test_parties_have_fictional_identity_numbers_only(session: Session) -> None:
    assert luhn_valid("811218-987" + str(luhn_digit("811218987")))  # the check itself works
    parties = session.scalars(select(db.Party)).all()
    people = [p.personal_number for p in parties if p.personal_number]
    companies = [p.org_number for p in parties if p.org_number]
    assert len(people) > CASES and companies
    for number in people:
        assert re.fullmatch(r"(19|20)\d{6}-\d{4}", number) and not luhn_valid(number), number
    for number in companies:
        assert re.fullmatch(r"\d{6}-\d{4}", number) and not luhn_valid(number), number
    per_case = Tally(p.case_id for p in parties if p.role == "applicant")
    assert len(per_case) == CASES and set(per_case.values()) == {1}
    assert {p.role for p in parties} == {"applicant", "neighbour", "affected_party"}


def test_events_tell_a_history_consistent_with_the_case(session: Session) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    cases = {c.id: c for c in session.scalars(select(db.Case))}
    history: dict[str, list[db.Event]] = {}
    for e in session.scalars(select(db.Event).order_by(db.Event.seq)):
        history.setdefault(e.case_id, []).append(e)
    assert set(history) == set(cases)
    for case_id, events in history.items():
        case = cases[case_id]
        assert events[0].kind == "created"
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert events[-1].at.replace(tzinfo=None) <= now
        changes = [e.data for e in events if e.kind == "status_changed"]
        for before, after in itertools.pairwise(changes):
            assert before["to"] == after["from"]
        assert (changes[-1]["to"] if changes else "received") == case.status
        kinds = {e.kind for e in events}
        assert ("decision" in kinds) == (case.decided_on is not None)
        assert ("deadline_extended" in kinds) == bool(case.extension_weeks)
        if case.completion_requested_on:
            assert "message" in kinds
    decisions = session.scalars(select(db.Event).where(db.Event.kind == "decision")).all()
    assert {d.data["outcome"] for d in decisions} >= {"granted", "refused"}


# --- documents -------------------------------------------------------------------------------------


def test_documents_point_at_their_blobs(session: Session) -> None:
    blobs = {b.sha256: b for b in session.scalars(select(db.Blob))}
    for sha, size in session.execute(select(db.Document.sha256, db.Document.size).distinct()):
        blob = blobs[sha]
        assert blob.size == size == len(blob.data) and hashlib.sha256(blob.data).hexdigest() == sha
    counts = Tally(
        session.scalars(select(db.Document.case_id).where(db.Document.kind == DocumentKind.APPLICATION.value))
    )
    assert len(counts) == CASES and set(counts.values()) == {1}


def test_drawings_come_in_visibly_different_revisions(session: Session) -> None:
    docs = session.scalars(select(db.Document).where(db.Document.kind == "drawing")).all()
    assert {d.drawing_type for d in docs} >= {"A", "P", "N", "K"}
    by_case: dict[tuple[str | None, str], dict[int, db.Document]] = {}
    for d in docs:
        by_case.setdefault((d.case_id, d.title), {})[d.revision] = d
    pairs = [revs for revs in by_case.values() if 2 in revs]
    assert len(pairs) >= 10
    for revs in pairs:
        assert revs[1].sha256 != revs[2].sha256
        assert revs[2].created_at >= revs[1].created_at
    plan = next(
        revs for (_case, title), revs in by_case.items() if title.startswith("Planritning") and 2 in revs
    )
    texts = {}
    for rev in (1, 2):
        data = session.get(db.Blob, plan[rev].sha256).data  # type: ignore[union-attr]
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == plan[rev].pages == 1
        texts[rev] = reader.pages[0].extract_text()
    assert "SOVRUM 3" in texts[2] and "SOVRUM 3" not in texts[1]
    assert "Nytt sovrum 3" in texts[2]  # the revision table says what changed


def test_the_dense_a0_sheet(session: Session) -> None:
    case = session.get(db.Case, DENSE_A0_CASE_ID)
    assert case is not None and case.title == DENSE_A0_CASE_TITLE
    assert case.registration_number == dense_a0_registration(dt.date.today())
    assert case.assignee_id == "user-anna" and case.status == "under_review"
    sheets = [
        d
        for d in session.scalars(select(db.Document).where(db.Document.case_id == case.id))
        if d.filename.startswith("A-40.9-900")
    ]
    assert len(sheets) == 1 and sheets[0].kind == "drawing"
    data = session.get(db.Blob, sheets[0].sha256).data  # type: ignore[union-attr]
    page = PdfReader(io.BytesIO(data)).pages[0]
    size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
    assert size == pytest.approx(sorted(A0_LANDSCAPE_PT), abs=1.0)
    content = page.get_contents().get_data()  # type: ignore[union-attr]
    assert len(content) > 3_000_000 and content.count(b" l\n") > 100_000


def test_the_archive_holds_scans_of_the_same_properties_under_old_names(session: Session) -> None:
    cases = session.execute(select(db.Case.property_designation, db.Case.former_designations)).all()
    current = {c for c, _ in cases}
    former = {f for _, fs in cases for f in fs}
    records = session.scalars(select(db.ArchiveRecord)).all()
    assert records and all(1950 <= r.year <= 2015 for r in records)
    assert all(r.current_designation in current for r in records)
    assert any(
        r.property_designation in former and r.property_designation != r.current_designation for r in records
    )
    for r in records:
        names = r.search_designations.split("|")
        assert r.search_designations == r.search_designations.lower()
        assert r.property_designation.lower() in names and r.current_designation.lower() in names
    scans = session.scalars(select(db.Document).where(db.Document.kind == "archive_scan")).all()
    assert {d.archive_record_id for d in scans} == {r.id for r in records}
    assert all(d.case_id is None and d.media_type == "image/tiff" and d.drawing_type for d in scans)
    for sha in {d.sha256 for d in scans}:
        pages = next(d.pages for d in scans if d.sha256 == sha)
        with Image.open(io.BytesIO(session.get(db.Blob, sha).data)) as tiff:  # type: ignore[union-attr]
            frames = getattr(tiff, "n_frames", 1)
            assert tiff.format == "TIFF" and frames == pages >= 2
            for frame in range(frames):
                tiff.seek(frame)
                assert tiff.mode == "1" and tiff.info["compression"] == "group4"


def test_markups_on_drawings_by_an_inspector(session: Session) -> None:
    notes = session.scalars(select(db.Annotation)).all()
    assert len(notes) >= 3
    for note in notes:
        doc = session.get(db.Document, note.document_id)
        author = session.get(db.User, note.author_id)
        assert doc is not None and doc.kind == "drawing" and note.municipality_id == doc.municipality_id
        assert (
            author is not None
            and "inspector" in author.roles
            and doc.municipality_id in author.municipalities
        )
        assert note.kind in ("cloud", "callout") and note.geometry["rect"] and note.page < doc.pages
    assert {session.get(db.Document, n.document_id).case_id for n in notes} >= {DENSE_A0_CASE_ID}  # type: ignore[union-attr]
