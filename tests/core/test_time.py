"""core.time: one clock for the app, which tests can freeze."""
from datetime import UTC, datetime

import pytest

from app.core import time as core_time


def test_utcnow_is_aware_utc():
    now = core_time.utcnow()
    assert (now.tzinfo, abs(datetime.now(UTC) - now).total_seconds() < 5) == (UTC, True)


def test_frozen_time_fixture_moves_the_clock(frozen_time):
    assert core_time.utcnow() == datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    frozen_time(datetime(2027, 1, 1, tzinfo=UTC))
    assert core_time.utcnow() == datetime(2027, 1, 1, tzinfo=UTC)


def test_freeze_refuses_naive_moment():
    with pytest.raises(ValueError) as refusal:
        core_time.freeze(datetime(2026, 1, 1))
    assert str(refusal.value) == "freeze() needs an aware datetime"
