"""Reading a secret key written as text (hex or base64): one rule for the pseudonymisation key and the workspace key."""

from __future__ import annotations

import base64
import binascii


def key_bytes(text: str) -> bytes | None:
    """The bytes of a key written as hex or base64 (surrounding whitespace ignored), or None when it is neither.

    >>> key_bytes("00ff" * 8) == bytes.fromhex("00ff" * 8)
    True
    >>> key_bytes("not a key!") is None
    True
    """
    t = text.strip()
    if t and len(t) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in t):
        return bytes.fromhex(t)
    try:
        return base64.b64decode(t, validate=True)
    except (binascii.Error, ValueError):
        return None
