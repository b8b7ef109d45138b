"""Fixtures for the virtual stall tests: a frozen clock, and placeholders for the leads and meetings pages.

The stall pages link to ``leads.*`` and ``meetings.*`` pages built in parallel elsewhere; until
those endpoints exist, links to them build as ``/stub/<endpoint>`` in these tests only.
"""
import pytest


@pytest.fixture(autouse=True)
def clock(frozen_time):
    """23 November 2026, 10:00 in Viet Nam (03:00 UTC)."""
    return frozen_time


@pytest.fixture(autouse=True)
def placeholder_links(app):
    def build_placeholder(error, endpoint, values):
        if endpoint.split(".", 1)[0] in ("leads", "meetings"):
            return f"/stub/{endpoint}"
        return None

    app.url_build_error_handlers.append(build_placeholder)
    yield
    app.url_build_error_handlers.remove(build_placeholder)
