"""QUALITY.md Security: after a real sign-in, a sync, "make available offline" and offline work, no token,
no personnummer and no name of a party is on disk in plaintext -- anywhere under the data directory
(databases, journals, blobs, partial downloads, the log), in UTF-8 or UTF-16; and no document bytes
either (a PDF header, pieces of a download that broke off half-way)."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker.api.errors import Offline
from caseworker.domain.models import Case, CasePatch, CaseStatus, MessageCreate, Party
from caseworker.paths import AppPaths
from caseworker.store import CaseQuery, OutboxState, QueueKind
from caseworker.store.crypto import normalise
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.plaintext import personnummer_forms, scan
from tests.helpers.rig import OpenRig, Platform, Rig, status_is
from ui.logs import close_logging, setup_logging


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Everything the client core logs (DEBUG and up) goes to a file under the data directory."""
    path = AppPaths.under(tmp_path / "root").logs / "caseworker.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    before = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(before)
    handler.close()


def _names(party: Party) -> list[str]:
    """How a party's name may be written, and the parts of it rare enough to mean the person."""
    return [party.name, normalise(party.name), *(part for part in party.name.split() if len(part) >= 7)]


PIECE_OF_A_DOWNLOAD = 20_000  # bytes of a document that arrive before its download breaks off


async def _break_off_a_download(rig: Rig, proxy: FaultyProxy, anna: Platform, case_id: str) -> bytes:
    """Make a case available offline, but the first document's response stops after
    PIECE_OF_A_DOWNLOAD bytes and the network goes away: the download stays in the store, unfinished.
    Returns what arrived of that document."""
    armed, gone = [False], [False]

    def network_fails(done: int, total: int) -> None:
        if not armed[0]:
            armed[0] = True  # the first progress report comes before the first document's request
            proxy.truncate(after_body_bytes=PIECE_OF_A_DOWNLOAD, times=1)
        if done >= PIECE_OF_A_DOWNLOAD and not gone[0]:
            gone[0] = True
            proxy.cut()

    with pytest.raises(Offline):
        await rig.engine.make_available_offline(case_id, progress=network_fails)
    proxy.restore()
    (partial,) = (rig.directory / "incoming").iterdir()
    document = next(d for d in anna.documents(case_id) if d["sha256"] == partial.name)
    response = anna.http.get(f"/api/v1/documents/{document['id']}/content")
    response.raise_for_status()
    return response.content[:PIECE_OF_A_DOWNLOAD]


@pytest.mark.slow
async def test_no_token_or_personal_data_in_plaintext_under_the_data_dir(
    rigs: OpenRig, anna: Platform, proxy: FaultyProxy, taken: set[str], tmp_path: Path, log_file: Path
) -> None:
    paths = AppPaths.under(tmp_path / "root").ensure()
    user_id = anna.me()["id"]
    (case,) = anna.pick(
        1, lambda c: c["status"] == "received" and len(anna.documents(c["id"])) >= 2, taken=taken
    )
    (other,) = anna.pick(1, status_is("received", "complete", "under_review"), taken=taken)
    rig: Rig = await rigs(base_url=proxy.url, directory=paths.store_dir(proxy.url, user_id))
    first_tokens = rig.session.tokens
    assert first_tokens is not None

    assert (await rig.engine.sync_now()).error is None  # every case, with parties, into the store
    await rig.engine.make_available_offline(case["id"])  # documents (applications name people) as blobs
    broken_off = await _break_off_a_download(rig, proxy, anna, other["id"])
    proxy.cut()
    secret_note = f"Sökanden uppger skuld hos Kronofogden {uuid.uuid4().hex[:6]}"
    await rig.engine.add_note(case["id"], secret_note)
    await rig.engine.add_note(other["id"], secret_note + " (2)")
    message = MessageCreate(
        subject="Besked om komplettering", body=f"Hej, bifoga ritning {uuid.uuid4().hex[:6]}"
    )
    await rig.engine.send_message(case["id"], message)

    await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.INCOMPLETE))
    assert (await rig.engine.sync_now()).error is not None  # offline: the work waits in the outbox
    assert (await rig.counts())[OutboxState.PENDING] == 4

    # what must not be found: tokens, every person's personnummer and name, the user's own texts
    cached: list[Case] = []
    for case_id in await rig.store.ids(CaseQuery(queue=QueueKind.ALL)):
        full = await rig.store.get_case(case_id)
        assert full is not None
        cached.append(full)
    people = [p for c in cached for p in c.parties if p.personal_number]
    assert len(people) > 50
    texts = {secret_note, message.body}
    numbers: set[str] = set()
    for person in people:
        assert person.personal_number is not None
        numbers |= personnummer_forms(person.personal_number)
        texts.update(_names(person))
    texts.update(c.applicant_name for c in cached)
    current = rig.session.tokens
    assert current is not None
    texts |= {
        first_tokens.access_token,
        first_tokens.refresh_token,
        current.access_token,
        current.refresh_token,
    }

    root = tmp_path / "root"
    canary = root / "canary.txt"  # the scan itself finds what it looks for, in every encoding
    someone = people[0]
    canary.write_bytes(
        someone.name.encode("utf-16-le") + b"|" + str(someone.personal_number).encode("utf-16-be")
    )
    pieces = [b"%PDF"] + [broken_off[at : at + 32] for at in range(1000, PIECE_OF_A_DOWNLOAD, 4000)]
    canary.write_bytes(canary.read_bytes() + broken_off)
    assert len(scan(root, texts, numbers, pieces)[2]) >= 2 + len(pieces)
    canary.unlink()
    files, scanned, hits = scan(root, texts, numbers, pieces)  # while the store is open
    assert files >= 4 and scanned > 100_000
    assert not hits, hits[:20]
    await rig.close()
    files, scanned, hits = scan(root, texts, numbers, pieces)  # and after it closed
    assert not hits, hits[:20]
    assert log_file.stat().st_size > 0  # the log was written (and scanned)
    assert any((paths.store_dir(proxy.url, user_id) / "blobs").rglob("*"))


def _not_private(root: Path) -> list[str]:
    """Every folder and file under ``root`` (itself included) that group or others may use."""
    return [
        f"{path.relative_to(root.parent)} {oct(path.stat().st_mode & 0o777)}"
        for path in [root, *root.rglob("*")]
        if path.stat().st_mode & 0o077
    ]


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion (Windows: the profile's ACLs)")
async def test_what_the_client_writes_is_private_to_the_user(
    rigs: OpenRig, anna: Platform, proxy: FaultyProxy, taken: set[str], tmp_path: Path
) -> None:
    """Databases, journals, blobs, partial downloads, the log and the folders: 0600 / 0700, even
    under the usual umask (022) that would make them readable by everyone."""
    permissive = os.umask(0o022)
    try:
        root = tmp_path / "root"
        paths = AppPaths.under(root).ensure()
        setup_logging(paths.logs)  # the app's own log
        user_id = anna.me()["id"]
        (case,) = anna.pick(
            1, lambda c: c["status"] == "received" and len(anna.documents(c["id"])) >= 1, taken=taken
        )
        (other,) = anna.pick(1, status_is("received", "complete", "under_review"), taken=taken)
        rig: Rig = await rigs(base_url=proxy.url, directory=paths.store_dir(proxy.url, user_id))
        assert (await rig.engine.sync_now()).error is None
        await rig.engine.make_available_offline(case["id"])
        await _break_off_a_download(rig, proxy, anna, other["id"])
        proxy.cut()
        await rig.engine.add_note(case["id"], "Offline " + uuid.uuid4().hex[:6])
        await rig.engine.patch_case(case["id"], CasePatch(status=CaseStatus.INCOMPLETE))
        logging.getLogger("caseworker.test").warning("a line in the log")
        assert (await rig.engine.sync_now()).offline
        assert _not_private(root) == []  # while the store is open (journals may be there)
        await rig.close()
        assert _not_private(root) == []
        assert (paths.logs / "caseworker.log").stat().st_size > 0 and any(
            (rig.directory / "blobs").rglob("*")
        )
    finally:
        close_logging()
        os.umask(permissive)
