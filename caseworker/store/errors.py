"""Typed errors of the offline store: each says what happened and what the caller can do."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the offline store raises."""


class WrongDataKey(StoreError):
    """The data key does not open this store (a new keystore entry, another user's key, a restored disk).

    Nothing was changed. The cached data cannot be read with this key: the caller may wipe the store
    (``OfflineStore.wipe``) and resync, telling the user that unsent changes in it cannot be recovered.
    """


class StoreCorrupted(StoreError):
    """SQLite reported a damaged database while the store was open.

    Close the store and open it again: opening checks both files, quarantines what is damaged and starts
    afresh (the outbox survives unless the outbox file itself is damaged); then resync.
    """


class StoreClosed(StoreError):
    """The store was closed (sign-out, a repair, quitting) before this call reached it: nothing was read
    or written. Work still running for a screen that is going away ends with this."""


class StoreTooNew(StoreError):
    """The database was written by a newer Caseworker (its schema version is unknown here)."""


class DecryptionFailed(StoreError):
    """An encrypted value did not authenticate: it was altered, moved, or sealed with another key."""


class InvalidTransition(StoreError):
    """An outbox item cannot go from its current state to the requested one."""


class OutboxItemNotFound(StoreError, LookupError):
    """No outbox item with that id."""


class BlobError(StoreError):
    """Base class of blob store errors."""


class BlobNotFound(BlobError, LookupError):
    """No blob with that sha256 is stored: download it (again)."""


class CorruptBlob(BlobError):
    """A stored blob failed to decrypt or its sha256 did not match; it was moved to quarantine.

    ``quarantined_to`` is where the file went. Download the document again.
    """

    def __init__(self, message: str, sha256: str, quarantined_to: object | None = None) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.quarantined_to = quarantined_to


class BlobMismatch(BlobError, ValueError):
    """The bytes written do not have the sha256 they were announced with; nothing was stored."""
