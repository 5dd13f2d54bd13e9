"""The offline store: an encrypted SQLite cache, the outbox and a blob store, one per (platform, user).

Start here:

* :class:`OfflineStore` (synchronous; tests, benchmarks, the store's own thread) and
  :class:`AsyncStore` (asyncio facade, one worker thread) -- see ``store.py`` for the file layout,
  journal mode, corruption handling and encryption overview.
* :class:`CaseQuery` / :class:`CaseRow` -- lazy queue paging (``queue.py``).
* :class:`NewWrite`, :class:`OutboxItem`, :class:`OutboxState`, :class:`Conflict` -- the outbox
  (``outbox.py``).
* :class:`BlobStore` -- encrypted, content-addressed document bytes (``blobs.py``);
  :class:`PartialDownload` -- a download into it, encrypted from the first byte and resumable.
* :class:`ReleaseResult` -- what ``OfflineStore.release_documents`` removed of the documents kept
  offline (least recently used first, never a blob an unsent write needs; ``release.py``).
* :func:`open_for_user` -- a signed-in user's store, opened as the app opens it (``user.py``).
* Errors in ``errors.py``; how applicant names are searchable without being stored: ``crypto.py``.
"""

from caseworker.store.aio import AsyncStore
from caseworker.store.blobs import BlobStore, BlobWriter, PartialDownload
from caseworker.store.errors import (
    BlobError,
    BlobMismatch,
    BlobNotFound,
    CorruptBlob,
    DecryptionFailed,
    InvalidTransition,
    OutboxItemNotFound,
    StoreClosed,
    StoreCorrupted,
    StoreError,
    StoreTooNew,
    WrongDataKey,
)
from caseworker.store.outbox import Conflict, NewWrite, OutboxItem, OutboxState
from caseworker.store.queue import CaseQuery, CaseRow, DeadlineBand, QueueKind, SortKey
from caseworker.store.release import ReleaseResult
from caseworker.store.store import (
    LocalChange,
    OfflineStore,
    StoreBusy,
    StoreOpenResult,
    check_cache_file,
    request_check_at_open,
)

__all__ = [
    "AsyncStore",
    "BlobError",
    "BlobMismatch",
    "BlobNotFound",
    "BlobStore",
    "BlobWriter",
    "CaseQuery",
    "CaseRow",
    "Conflict",
    "CorruptBlob",
    "DeadlineBand",
    "DecryptionFailed",
    "InvalidTransition",
    "LocalChange",
    "NewWrite",
    "OfflineStore",
    "OutboxItem",
    "OutboxItemNotFound",
    "OutboxState",
    "PartialDownload",
    "QueueKind",
    "ReleaseResult",
    "SortKey",
    "StoreBusy",
    "StoreClosed",
    "StoreCorrupted",
    "StoreError",
    "StoreOpenResult",
    "StoreTooNew",
    "WrongDataKey",
    "check_cache_file",
    "request_check_at_open",
]
