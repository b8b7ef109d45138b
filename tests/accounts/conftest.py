import pytest


@pytest.fixture
def english(client):
    """Read pages in English, the source language (the Vietnamese catalog is still changing)."""
    client.set_cookie("techfest_locale", "en")
