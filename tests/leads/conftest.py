"""Fixtures for the leads tests: the clock is frozen on 23 November 2026, 10:00 in Viet Nam,
before the default edition (10–12 December 2026); no online window is set unless a test sets one."""
import pytest


@pytest.fixture(autouse=True)
def clock(frozen_time):
    return frozen_time
