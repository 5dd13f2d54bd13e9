"""Encryption at rest and searchable name tokens for the offline store.

Keys
    The 32-byte data key from the OS keystore (``caseworker.auth.secrets``) is never used directly.
    HKDF-SHA256 derives independent subkeys: one AES-256-GCM key for database fields, one for document
    blobs, one HMAC-SHA256 key for search tokens. A leak of one use cannot be replayed against another.

Sealed values
    ``nonce (12 random bytes) || AES-GCM ciphertext || tag (16)``. The associated data names where the
    value belongs (table, row id, column), so a ciphertext copied onto another row or column fails to
    open instead of showing one person's data in another case. Random 96-bit nonces are fine for far
    more than the ~2^32 encryptions per key NIST allows with random nonces; a store re-encrypts at
    most a few hundred thousand rows per full resync.

Search over encrypted applicant names (see :class:`NameTokens`)
    Names are personal data, so neither the name nor an FTS index of it may be on disk in plaintext. Each
    name is normalised (case-folded, diacritics removed, split on anything not a letter or digit) and
    every prefix of every word, 1 to :data:`MAX_PREFIX` characters, becomes a token
    ``HMAC-SHA256(search_key, "p:" + prefix)`` truncated to 64 bits (a signed SQLite INTEGER: small and
    fast to index). A query word is normalised the same way and looked up by its own token, which gives
    "a word of the name starts with ..." search without the name on disk.

    What this does reveal to someone holding the database file but not the key: which cases share a name
    prefix (equal tokens), and how many words and letters a name has (token counts per case). It does not
    reveal the names, and without the key a dictionary of names cannot be hashed to match them. Query
    words longer than ``MAX_PREFIX`` match on their first ``MAX_PREFIX`` characters (can over-match, never
    under-match); a 64-bit token collision can only add a false hit, never hide a true one.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseworker.store.errors import DecryptionFailed

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
MAX_PREFIX = 16

_HKDF_SALT = b"caseworker/store/v1"


def _derive(data_key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=_HKDF_SALT, info=label).derive(data_key)


@dataclass(frozen=True, repr=False)
class StoreKeys:
    """The subkeys derived from one data key (repr hides them)."""

    fields: bytes
    blobs: bytes
    search: bytes
    previews: bytes  # the drawing viewer's disk cache of page previews (pictures of documents)

    @classmethod
    def derive(cls, data_key: bytes) -> StoreKeys:
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"data key must be {KEY_BYTES} bytes, got {len(data_key)}")
        return cls(
            fields=_derive(data_key, b"fields"),
            blobs=_derive(data_key, b"blobs"),
            search=_derive(data_key, b"search"),
            previews=_derive(data_key, b"drawing-previews"),
        )

    def __repr__(self) -> str:
        return "StoreKeys(<hidden>)"


def aad(*parts: str) -> bytes:
    """Associated data from parts (table, id, column); the separator cannot occur in ids we use."""
    return "\x1f".join(parts).encode("utf-8")


class FieldCipher:
    """AES-256-GCM sealing of small values (database columns)."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, associated)

    def open(self, sealed: bytes, associated: bytes) -> bytes:
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionFailed("encrypted value is too short")
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
        except InvalidTag:
            raise DecryptionFailed(
                "encrypted value did not authenticate (altered, moved or wrong key)"
            ) from None

    def seal_json(self, value: Any, associated: bytes) -> bytes:
        return self.seal(dump_json(value), associated)

    def open_json(self, sealed: bytes, associated: bytes) -> Any:
        return json.loads(self.open(sealed, associated))


def dump_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Case-folded, compatibility-decomposed, without combining marks: 'Åsa Öberg' -> 'asa oberg'."""
    if text.isascii():
        return text.casefold()
    # NFKD before and after case folding, so that normalising is idempotent ('𝔸' -> 'A' -> 'a').
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The searchable words of ``text`` (normalised; split on anything that is not a letter or digit)."""
    return _WORD.findall(normalise(text))


class NameTokens:
    """Keyed tokens for prefix search over names that must not be stored in plaintext."""

    _CACHE_WORDS = 4096

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._word_cache: dict[str, tuple[int, ...]] = {}  # word -> its prefix tokens (names repeat)

    def _token(self, kind: bytes, text: str) -> int:
        digest = hmac.digest(self._key, kind + text.encode("utf-8"), "sha256")
        return int.from_bytes(digest[:8], "big", signed=True)

    def tokens(self, text: str) -> set[int]:
        """All tokens of ``text``: every prefix (1..MAX_PREFIX chars) of every word."""
        out: set[int] = set()
        for word in words(text):
            cached = self._word_cache.get(word)
            if cached is None:
                cached = tuple(
                    self._token(b"p:", word[:end]) for end in range(1, min(len(word), MAX_PREFIX) + 1)
                )
                if len(self._word_cache) >= self._CACHE_WORDS:
                    self._word_cache.clear()
                self._word_cache[word] = cached
            out.update(cached)
        return out

    def query_token(self, word: str) -> int:
        """The token a query word (already one of :func:`words`) is looked up by."""
        return self._token(b"p:", word[:MAX_PREFIX])

    def fingerprint(self, text: str) -> int:
        """A keyed hash of the whole normalised name: tells whether a name changed without storing it."""
        return self._token(b"f:", " ".join(words(text)))
