"""Realistic demo data for a newcomer's first run."""

from functools import lru_cache

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.accounts.models import User
from app.core.time import utcnow
from app.extensions import db


@lru_cache(maxsize=4)
def demo_password_hash(password: str) -> str:
    """Hash the shared demo password once: seeding dozens of accounts stays quick."""
    return generate_password_hash(password)


def demo_user(email: str, name: str, password: str, locale: str = "vi") -> User:
    """The demo account with this email, created (confirmed, with the demo password) if missing."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, password=None, locale=locale, email_confirmed_at=utcnow())
        user.password_hash = demo_password_hash(password)
        db.session.add(user)
        db.session.flush()
    return user
