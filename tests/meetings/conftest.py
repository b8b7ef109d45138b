"""Fixtures for the meetings tests: the clock is frozen on 23 November 2026, 10:00 in Viet Nam,
before the default edition (10–12 December 2026)."""
import pytest


@pytest.fixture(autouse=True)
def clock(frozen_time):
    return frozen_time
