"""Configuration: database URLs from hosting providers, environment overrides, secrets."""
import stat

import pytest

from app import create_app
from app.config import ENVIRONMENT_SETTINGS, Config, development_secret_key, load_environment, normalise_database_url


@pytest.fixture
def clean_environment(monkeypatch):
    """No configuration variables from the machine running the tests."""
    for variable in ENVIRONMENT_SETTINGS:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u:p@db.example:5432/techfest", "postgresql+psycopg://u:p@db.example:5432/techfest"),
    ("postgresql://u:p@db.example/techfest", "postgresql+psycopg://u:p@db.example/techfest"),
    ("postgresql://127.0.0.1/test_a", "postgresql+psycopg://127.0.0.1/test_a"),
    ("postgresql+psycopg://u@db/techfest", "postgresql+psycopg://u@db/techfest"),
    ("postgresql+psycopg2://u@db/techfest", "postgresql+psycopg2://u@db/techfest"),
    ("sqlite:////srv/techfest.db", "sqlite:////srv/techfest.db"),
])
def test_normalise_database_url_picks_psycopg3(given, expected):
    assert normalise_database_url(given) == expected


def test_create_app_refuses_production_without_secret_key(clean_environment):
    clean_environment.setenv("APP_ENV", "production")
    with pytest.raises(RuntimeError) as refusal:
        create_app()
    assert str(refusal.value) == "SECRET_KEY must be set in production (APP_ENV=production)."


def test_create_app_refuses_production_with_empty_secret_key(clean_environment):
    clean_environment.setenv("APP_ENV", "production")
    clean_environment.setenv("SECRET_KEY", "")
    with pytest.raises(RuntimeError):
        create_app()


def test_load_environment_reads_and_parses_variables(clean_environment):
    clean_environment.setenv("DATABASE_URL", "postgres://u:p@db/techfest")
    clean_environment.setenv("MAIL_PORT", "587")
    clean_environment.setenv("MAIL_USE_TLS", "yes")
    clean_environment.setenv("FESTIVAL_NAME", "Techfest Hải Phòng")
    clean_environment.setenv("BASE_URL", "")  # empty means "not set"
    config = {"BASE_URL": Config.BASE_URL}
    load_environment(config)
    assert config == {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@db/techfest", "MAIL_PORT": 587, "MAIL_USE_TLS": True,
        "FESTIVAL_NAME": "Techfest Hải Phòng", "BASE_URL": "http://127.0.0.1:5000",
    }


def test_load_environment_in_production_secures_cookies_and_sends_real_mail(clean_environment):
    clean_environment.setenv("APP_ENV", "production")
    config = {}
    load_environment(config)
    assert config == {"APP_ENV": "production", "SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True,
                      "MAIL_TRANSPORT": "smtp"}


def test_load_environment_in_production_keeps_chosen_mail_transport(clean_environment):
    clean_environment.setenv("APP_ENV", "production")
    clean_environment.setenv("MAIL_TRANSPORT", "folder")
    config = {}
    load_environment(config)
    assert config["MAIL_TRANSPORT"] == "folder"


def test_development_secret_key_is_created_once_and_private(tmp_path):
    first = development_secret_key(str(tmp_path / "instance"))
    second = development_secret_key(str(tmp_path / "instance"))
    mode = stat.S_IMODE((tmp_path / "instance" / "secret_key").stat().st_mode)
    assert (len(first), first == second, mode) == (64, True, 0o600)


def test_test_app_uses_test_settings(app):
    settings = ("APP_ENV", "TESTING", "WTF_CSRF_ENABLED", "RATELIMIT_ENABLED", "BABEL_DEFAULT_LOCALE")
    assert [app.config[name] for name in settings] == ["testing", True, False, False, "vi"]
