"""Password hashing with argon2id (argon2-cffi's defaults: 3 passes over 64 MiB, 4 lanes)."""

from __future__ import annotations

from functools import lru_cache

from marsad.errors import AccountError

MIN_LENGTH = 8
MAX_LENGTH = 1024  # argon2 accepts more; longer inputs only cost time


@lru_cache(maxsize=1)
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def check_password_policy(password: str) -> str:
    """``password`` when it is acceptable: at least 8 characters, not only spaces."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH or not password.strip():
        raise AccountError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise AccountError(f"a password has at most {MAX_LENGTH} characters")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash string (salt and parameters included) of an acceptable password."""
    return _hasher().hash(check_password_policy(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; False for any malformed input."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not stored_hash or not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with weaker parameters than today's defaults."""
    return _hasher().check_needs_rehash(stored_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when a name is unknown, so that a failed login takes as long
    whether or not the user exists."""
    return _hasher().hash("not-a-password-of-anyone")
