"""Fixtures for the results tests: the clock is frozen on 23 November 2026, 10:00 in Viet Nam."""
import pytest


@pytest.fixture(autouse=True)
def clock(frozen_time):
    return frozen_time


@pytest.fixture
def example():
    """The hand-computed worked example (see ``helpers.worked_example``)."""
    from tests.results.helpers import worked_example

    return worked_example()
