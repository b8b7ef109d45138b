"""core.db.UTCDateTime: only aware datetimes go in, aware UTC comes out, on every database."""
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError

from app.accounts.models import User
from app.core.db import UTCDateTime
from app.extensions import db
from tests.factories import make_user

VIETNAM = timezone(timedelta(hours=7))


def test_utc_datetime_refuses_naive_datetime():
    with pytest.raises(ValueError) as refusal:
        UTCDateTime().process_bind_param(datetime(2026, 11, 23, 10, 0), db.engine.dialect)
    assert str(refusal.value) == "naive datetime given; use core.time.utcnow() or an aware value"


def test_utc_datetime_refuses_naive_datetime_on_save():
    user = make_user()
    user.last_login_at = datetime(2026, 11, 23, 10, 0)
    with pytest.raises(StatementError) as refusal:
        db.session.commit()
    assert isinstance(refusal.value.orig, ValueError)
    db.session.rollback()
    assert db.session.get(User, user.id).last_login_at is None


def test_utc_datetime_stores_other_timezones_as_utc():
    user = make_user()
    user.last_login_at = datetime(2026, 11, 23, 17, 30, tzinfo=VIETNAM)
    db.session.commit()
    db.session.expire_all()
    saved = db.session.get(User, user.id).last_login_at
    assert (saved, saved.tzinfo) == (datetime(2026, 11, 23, 10, 30, tzinfo=UTC), UTC)


def test_utc_datetime_round_trips_microseconds():
    user = make_user()
    moment = datetime(2026, 11, 23, 3, 4, 5, 678901, tzinfo=UTC)
    user.last_login_at = moment
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at == moment


def test_utc_datetime_keeps_none():
    assert (UTCDateTime().process_bind_param(None, None), UTCDateTime().process_result_value(None, None)) == (
        None, None)
