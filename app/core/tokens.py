"""Secret link tokens: the link carries the token, the database keeps only its hash."""
import hashlib
import secrets


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored: a leaked database row cannot be turned back into a working link."""
    return hashlib.sha256(token.encode()).hexdigest()
