"""Signed, expiring tokens for links sent by mail."""
from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from app.core.time import utcnow

CONFIRM_SALT = "accounts.confirm-email"
RESET_SALT = "accounts.reset-password"


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


class _Signer(TimestampSigner):
    # itsdangerous reads time.time(); link ages follow the app's clock (core.time) instead.
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=_Signer)


def password_fingerprint(password_hash: str) -> str:
    """Changes whenever the password does, so a used reset link stops working."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def make_token(payload: dict, salt: str) -> str:
    return _serializer(salt).dumps(payload)


def read_token(token: str, salt: str, max_age: int) -> dict:
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenExpired from None
    except BadSignature:
        raise TokenInvalid from None
