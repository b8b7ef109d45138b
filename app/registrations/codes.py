"""Check-in codes: short, unambiguous when read aloud or typed, and shown as a QR code."""
from __future__ import annotations

import io
import re
import secrets

import segno

# Crockford's base 32: no I, L, O or U, so nobody confuses 1/I/L or 0/O at the door.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """Accept what people type or scan: lower case, spaces, dashes, a whole ticket URL."""
    text = (typed or "").strip().upper()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    text = re.sub(r"[\s\-]", "", text).translate(_CONFUSABLE)
    return text


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def qr_png(content: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(content: str, *, scale: int = 5) -> str:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False,
                                        svgns=True, title="QR")
    return buffer.getvalue().decode()
