"""Password hashes of the demo accounts: Argon2id at the OWASP Password Storage Cheat Sheet's cost.

OWASP's first choice is Argon2id with at least 19 MiB of memory, 2 iterations and 1 lane; that costs ~30 ms
per sign-in here. Hashes made by earlier sandboxes (``pbkdf2_sha256$iterations$salt$hash`` at 1 000
iterations) still verify, and ``needs_rehash`` tells the sign-in to replace them with an Argon2id hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import Type

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
# A stored hash must not be able to stall a sign-in (or exhaust memory): costs beyond these are refused.
_MAX_MEMORY_KIB = 256 * 1024
_MAX_TIME_COST = 16
_MAX_PBKDF2_ITERATIONS = 1_000_000
_LEGACY_SCHEME = "pbkdf2_sha256"

_hasher = PasswordHasher(
    time_cost=ARGON2_TIME_COST,
    memory_cost=ARGON2_MEMORY_KIB,
    parallelism=ARGON2_PARALLELISM,
    type=Type.ID,
)


def password_hash(password: str) -> str:
    """An Argon2id hash in the PHC string format, with a random salt."""
    return _hasher.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    if hashed.startswith(_LEGACY_SCHEME + "$"):
        return _verify_pbkdf2(password, hashed)
    if not _acceptable_argon2(hashed):
        return False
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    """True for a hash made with another algorithm or a lower cost than today's."""
    if not hashed.startswith("$argon2id$"):
        return True
    try:
        return _hasher.check_needs_rehash(hashed)
    except InvalidHashError:
        return True


def legacy_pbkdf2_hash(password: str, iterations: int = 1000) -> str:
    """A hash as sandboxes before Argon2id stored it (tests of the upgrade make one)."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{_LEGACY_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def _verify_pbkdf2(password: str, hashed: str) -> bool:
    try:
        _scheme, iterations_text, salt_hex, digest_hex = hashed.split("$")
        iterations, salt, expected = int(iterations_text), bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if not 1 <= iterations <= _MAX_PBKDF2_ITERATIONS:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return hmac.compare_digest(digest, expected)


def _acceptable_argon2(hashed: str) -> bool:
    """``$argon2id$v=19$m=…,t=…,p=…$salt$hash`` with costs a sign-in can afford."""
    parts = hashed.split("$")
    if len(parts) != 6 or parts[1] != "argon2id":
        return False
    try:
        costs = {k: int(v) for k, v in (p.split("=", 1) for p in parts[3].split(","))}
    except ValueError:
        return False
    return (
        0 < costs.get("m", 0) <= _MAX_MEMORY_KIB
        and 0 < costs.get("t", 0) <= _MAX_TIME_COST
        and 0 < costs.get("p", 0) <= 8
    )
