"""A team member's PIN on a file vault: its shape, and its salted scrypt hash (never the
PIN itself is stored). Pure functions; the services set and check it (``services.team``,
``services.sessions``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from pairdesk.errors import InvalidInput
from pairdesk.i18n import _

PIN_MIN = 4
PIN_MAX = 12
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16


def check_pin(pin: str) -> str:
    if not isinstance(pin, str) or not (
        pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX
    ):
        raise InvalidInput(
            _("The PIN must be {low} to {high} digits.").format(low=PIN_MIN, high=PIN_MAX),
            field="pin",
        )
    return pin


def hash_pin(pin: str) -> str:
    """A salted scrypt hash, ``scrypt$n$r$p$salt_hex$hash_hex``."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_DKLEN
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(stored: str | None, pin: str) -> bool:
    """Compare a PIN with a stored hash in constant time; malformed input never matches."""
    if not stored or not isinstance(pin, str) or not pin.isascii():
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = bytes.fromhex(parts[4])
        expected = bytes.fromhex(parts[5])
    except ValueError:
        return False
    if n < 2 or n & (n - 1) or not 0 < r <= 64 or not 0 < p <= 16 or not expected:
        return False
    if 128 * r * n * p > 64 * 1024 * 1024:  # a stored hash cannot make us allocate gigabytes
        return False
    digest = hashlib.scrypt(
        pin.encode("ascii"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=len(expected),
        maxmem=2 * 128 * r * n * p + 1024 * 1024,
    )
    return hmac.compare_digest(digest, expected)
