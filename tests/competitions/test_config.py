"""The deck size limit: 20 MB by default, configurable, and requests large enough to carry it."""
import pytest

from app.config import ENVIRONMENT_SETTINGS, Config, entry_upload_budget, load_environment


@pytest.fixture
def monkeypatch(monkeypatch):
    """No configuration variables from the machine running the tests."""
    for variable in ENVIRONMENT_SETTINGS:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def test_default_limits_fit_a_deck_and_five_images():
    assert (Config.DECK_MAX_BYTES, Config.ENTRY_MAX_IMAGES, Config.ENTRY_IMAGE_MAX_BYTES) == (
        20 * 1024 * 1024, 5, 5 * 1024 * 1024)
    assert Config.MAX_CONTENT_LENGTH == entry_upload_budget(20 * 1024 * 1024, 5, 5 * 1024 * 1024) == 46 * 1024 * 1024


def test_deck_limit_from_the_environment_raises_the_request_limit(monkeypatch):
    monkeypatch.setenv("DECK_MAX_BYTES", str(50 * 1024 * 1024))
    config = {"MAX_CONTENT_LENGTH": Config.MAX_CONTENT_LENGTH}

    load_environment(config)

    assert config == {"DECK_MAX_BYTES": 50 * 1024 * 1024, "MAX_CONTENT_LENGTH": 76 * 1024 * 1024}


def test_a_smaller_deck_limit_keeps_the_request_limit(monkeypatch):
    monkeypatch.setenv("DECK_MAX_BYTES", str(5 * 1024 * 1024))
    config = {"MAX_CONTENT_LENGTH": Config.MAX_CONTENT_LENGTH}

    load_environment(config)

    assert config == {"DECK_MAX_BYTES": 5 * 1024 * 1024, "MAX_CONTENT_LENGTH": 46 * 1024 * 1024}
