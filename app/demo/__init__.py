"""Realistic demo data for a newcomer's first run."""

from functools import lru_cache

from werkzeug.security import generate_password_hash


@lru_cache(maxsize=4)
def demo_password_hash(password: str) -> str:
    """Hash the shared demo password once: seeding dozens of accounts stays quick."""
    return generate_password_hash(password)
