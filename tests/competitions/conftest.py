"""Fixtures for the competitions tests: the clock is frozen on 23 November 2026, 10:00 in Viet Nam."""
import pytest


@pytest.fixture(autouse=True)
def clock(frozen_time):
    return frozen_time
