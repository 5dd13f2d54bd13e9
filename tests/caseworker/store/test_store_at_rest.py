"""Nothing personal and no secret on disk in plaintext: scan every byte under the data directory."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from caseworker.auth.secrets import SERVICE, KeyringSecretStore, data_key_account
from caseworker.domain.models import Annotation, AnnotationKind, Document, DocumentKind, Event, EventKind
from caseworker.paths import AppPaths
from caseworker.store import (
    CaseQuery,
    Conflict,
    CorruptBlob,
    LocalChange,
    NewWrite,
    OfflineStore,
)
from caseworker.store.crypto import normalise
from caseworker.store.store import CACHE_FILE
from caseworker.store.user import open_for_user
from tests.caseworker.store.factories import full_case
from tests.helpers.plaintext import files_under

PLATFORM = "https://platform.example.se"
USER = "u-anna"
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)

APPLICANTS = [
    ("Quintessa Wahlgrenius-Öhrström", "19811218-9876"),
    ("Bartholomeus Ängsklöver", "20010203-1234"),
]
NEIGHBOUR = ("Gunnelwyn Fjällsippa", "19450607-4321")
ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.access-token-ZXhhbXBsZQ"
REFRESH_TOKEN = "rt_7f3a9c1e5b2d4f6a8c0e2b4d6f8a0c2e"


def _needles(data_key: bytes) -> dict[str, bytes]:
    texts: list[str] = [ACCESS_TOKEN, REFRESH_TOKEN, base64.b64encode(data_key).decode()]
    for name, pnr in [*APPLICANTS, NEIGHBOUR]:
        texts += [name, pnr, pnr.replace("-", ""), pnr[2:]]
        texts += [w for part in name.split() for w in normalise(part).split("-") if len(w) >= 6]
        texts += [part for part in name.replace("-", " ").split() if len(part) >= 6]
    needles: dict[str, bytes] = {"data key (raw)": data_key, "PDF header": b"%PDF"}
    for text in texts:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles[f"{text!r} as {encoding}"] = text.encode(encoding)
    return needles


def _scan(root: Path, needles: dict[str, bytes]) -> tuple[int, list[str]]:
    found, scanned = [], 0
    for path, raw in files_under(root):
        scanned += 1
        found += [
            f"{label} in {path.relative_to(root)}" for label, needle in needles.items() if needle in raw
        ]
    return scanned, found


def _personal_writes(store: OfflineStore, cases: Iterable[object]) -> None:
    (name, pnr), (neighbour, npnr) = APPLICANTS[0], NEIGHBOUR
    case = full_case(1, applicant=name, personnummer=pnr)
    case.parties.append(
        case.parties[0].model_copy(update={"id": "p-2", "name": neighbour, "personal_number": npnr})
    )
    store.upsert_cases([case, *cases])  # type: ignore[list-item]
    doc = Document(
        id="doc-1",
        case_id=case.id,
        title=f"Ansökan från {name}",
        filename=f"ansokan-{name}.pdf",
        kind=DocumentKind.APPLICATION,
        media_type="application/pdf",
        size=10,
        sha256="0" * 64,
        pages=1,
        created_at=NOW,
    )
    store.upsert_documents([doc])
    store.upsert_annotations(
        [
            Annotation(
                id="a-1",
                document_id="doc-1",
                page=0,
                kind=AnnotationKind.TEXT,
                geometry={"x": 0},
                text=f"Fråga {neighbour} om grannyttrande",
                author_id=USER,
                author_name="Anna Handläggare",
                version=1,
                created_at=NOW,
                updated_at=NOW,
            )
        ]
    )
    note = f"Ringde {name} ({pnr}) om kompletteringen"
    item = store.enqueue(
        NewWrite(
            kind="add_note", method="POST", path=f"/api/v1/cases/{case.id}/notes", payload={"text": note}
        ),
        LocalChange(events=[Event(id="local-1", case_id=case.id, kind=EventKind.NOTE, at=NOW, text=note)]),
    )
    store.mark_in_flight(item.id)
    store.mark_conflict(item.id, Conflict(base={"n": name}, theirs={"n": neighbour}, ours={"text": note}))
    second = store.enqueue(
        NewWrite(
            kind="message", method="POST", path=f"/api/v1/cases/{case.id}/messages", payload={"to": npnr}
        )
    )
    store.mark_in_flight(second.id)
    store.mark_rejected(second.id, f"422: personnummer {npnr} is not valid for {neighbour}")
    store.put_secret("access_token", ACCESS_TOKEN)
    store.put_secret("refresh_token", REFRESH_TOKEN)
    application = f"%PDF-1.7 Sökande: {name}, personnummer {pnr}\n".encode() * 1000
    store.blobs.put_bytes(application)
    # a download that broke off half-way is on disk too, sealed like the blobs
    letter = application.replace(b"1.7", b"1.4")
    with store.blobs.open_download(hashlib.sha256(letter).hexdigest(), len(letter)) as download:
        if not download.received:
            download.write(letter[: len(letter) // 2])
    # a damaged blob goes to quarantine: it must not hold plaintext either
    bad = store.blobs.put_bytes(f"Granne: {neighbour} {npnr}".encode("utf-16-le") * 50)
    path = store.blobs.path_for(bad)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    with contextlib.suppress(CorruptBlob):
        store.blobs.read_bytes(bad)


async def test_no_personnummer_name_or_token_in_any_file(
    tmp_path: Path, memory_keyring_backend: object
) -> None:
    paths = AppPaths.under(tmp_path).ensure()
    secrets = KeyringSecretStore()
    data_key = secrets.get_or_create_data_key(SERVICE, data_key_account(PLATFORM, USER))
    needles = _needles(data_key)
    more = [full_case(2, applicant=APPLICANTS[1][0], personnummer=APPLICANTS[1][1])]

    store = await open_for_user(paths, secrets, PLATFORM, USER)  # as the app opens it
    assert store is not None
    await store.run(lambda s: _personal_writes(s, more))
    scanned, found = _scan(tmp_path, needles)
    assert scanned >= 4 and found == []  # open, journals present

    def scan_mid_transaction(s: OfflineStore) -> tuple[int, list[str]]:
        with s.transaction():  # mid-transaction: the rollback journal holds original pages
            s.upsert_cases([more[0].model_copy(update={"version": 2})])
            return _scan(tmp_path, needles)

    scanned, found = await store.run(scan_mid_transaction)
    assert found == []
    await store.close()

    # a damaged cache is quarantined whole: the copy must not leak either
    cache = store.directory / CACHE_FILE
    with open(cache, "r+b") as f:
        f.write(b"\0" * 100)
    store = await open_for_user(paths, secrets, PLATFORM, USER)
    assert store is not None
    assert store.open_result.recovered_from_corruption
    await store.run(lambda s: _personal_writes(s, more))
    assert await store.count(CaseQuery(text="quintessa")) == 1  # searchable by name, yet not on disk
    case = await store.get_case("case-000002")
    assert case is not None and case.parties[0].personal_number == APPLICANTS[1][1]
    await store.close()

    scanned, found = _scan(tmp_path, needles)
    assert any((store.directory / "incoming").iterdir())
    quarantined = list((store.directory / "quarantine").rglob("*"))
    assert any(p.name == CACHE_FILE for p in quarantined) and any(p.name.isalnum() for p in quarantined)
    assert scanned >= 6
    assert found == []


def test_the_scan_would_see_plaintext(tmp_path: Path) -> None:
    """The scanner itself works: plaintext in any of the three encodings is found."""
    needles = _needles(b"k" * 32)
    for i, encoding in enumerate(("utf-8", "utf-16-le", "utf-16-be")):
        (tmp_path / f"f{i}").write_bytes(b"xx" + APPLICANTS[0][1].encode(encoding) + b"yy")
    _, found = _scan(tmp_path, needles)
    for i, encoding in enumerate(("utf-8", "utf-16-le", "utf-16-be")):
        assert f"'{APPLICANTS[0][1]}' as {encoding} in f{i}" in found
