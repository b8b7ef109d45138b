"""Configuration: safe defaults for a laptop, everything overridable from the environment."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Accept the URLs hosting providers hand out and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def development_secret_key(instance_path: str) -> str:
    """A random key kept in the instance folder, so sessions survive restarts in development."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def entry_upload_budget(deck_max_bytes: int, max_images: int, image_max_bytes: int) -> int:
    """The largest request a competition entry form can send: a deck, its images and the text.

    A request above ``MAX_CONTENT_LENGTH`` is cut off before its form is read, so the typed
    text would be lost; below it, an oversized deck gets a message next to the field instead.
    """
    return deck_max_bytes + max_images * image_max_bytes + 1024 * 1024


class Config:
    """Defaults. ``load_environment`` applies environment overrides at app creation."""

    APP_ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    FESTIVAL_NAME = "Techfest Việt Nam"
    BASE_URL = "http://127.0.0.1:5000"  # for links in mail written outside a web request

    # Internationalisation
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    LOCALE_COOKIE = "techfest_locale"

    # Accounts
    CONFIRM_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600
    INVITATION_MAX_AGE_DAYS = 14
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Uploads
    LOGO_MAX_BYTES = 2 * 1024 * 1024
    LOGO_MAX_PIXELS = 512
    BANNER_MAX_BYTES = 5 * 1024 * 1024
    BANNER_MAX_PIXELS = 1920
    UPLOAD_FOLDER: str | None = None  # default: <instance>/uploads
    # Competition entries: a pitch deck (PDF) and up to ENTRY_MAX_IMAGES product images.
    DECK_MAX_BYTES = 20 * 1024 * 1024
    ENTRY_IMAGE_MAX_BYTES = 5 * 1024 * 1024
    ENTRY_IMAGE_MAX_PIXELS = 1600
    ENTRY_MAX_IMAGES = 5
    # Fits an entry form's uploads (46 MB by default); recomputed when DECK_MAX_BYTES comes from the environment.
    MAX_CONTENT_LENGTH = entry_upload_budget(DECK_MAX_BYTES, ENTRY_MAX_IMAGES, ENTRY_IMAGE_MAX_BYTES)

    # Mail: transport is how a message leaves, queue is who runs delivery
    MAIL_TRANSPORT = "console"  # smtp | console | folder
    MAIL_QUEUE = "inline"  # inline (in the app process) | rq (Redis worker)
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Techfest Việt Nam <no-reply@techfest.example>"
    MAIL_MAX_ATTEMPTS = 6
    MAIL_RETRY_BASE_SECONDS = 60
    MAIL_FOLDER: str | None = None  # default: <instance>/mail
    REDIS_URL = "redis://127.0.0.1:6379/0"
    RQ_MAIL_QUEUE = "techfest-mail"

    # Rate limits (Flask-Limiter); memory storage is per process, use Redis in production
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_PASSWORD_RESET = "5 per minute;20 per hour"
    RATELIMIT_SIGNUP = "10 per minute;50 per hour"
    RATELIMIT_LEAD = "5 per minute;30 per hour"  # contact requests to a stall, per IP address

    WTF_CSRF_TIME_LIMIT = None  # tied to the session, not a clock: long forms stay valid

    ADMIN_PAGE_SIZE = 50


# Environment variables read at start-up: name -> (config key, parser)
ENVIRONMENT_SETTINGS = {
    "APP_ENV": ("APP_ENV", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", normalise_database_url),
    "FESTIVAL_NAME": ("FESTIVAL_NAME", str),
    "BASE_URL": ("BASE_URL", str),
    "DEFAULT_LOCALE": ("BABEL_DEFAULT_LOCALE", str),
    "DEFAULT_TIMEZONE": ("BABEL_DEFAULT_TIMEZONE", str),
    "UPLOAD_FOLDER": ("UPLOAD_FOLDER", str),
    "DECK_MAX_BYTES": ("DECK_MAX_BYTES", int),
    "MAIL_TRANSPORT": ("MAIL_TRANSPORT", str),
    "MAIL_QUEUE": ("MAIL_QUEUE", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: _env_bool("MAIL_USE_TLS", False)),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: _env_bool("MAIL_USE_SSL", False)),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "MAIL_FOLDER": ("MAIL_FOLDER", str),
    "REDIS_URL": ("REDIS_URL", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
}


def load_environment(config: dict) -> None:
    """Copy the environment variables above into ``config``."""
    for variable, (key, parse) in ENVIRONMENT_SETTINGS.items():
        if variable in os.environ and os.environ[variable] != "":
            config[key] = parse(os.environ[variable])
    if os.environ.get("DECK_MAX_BYTES"):  # larger decks need larger requests, or the typed entry is lost
        config["MAX_CONTENT_LENGTH"] = max(config.get("MAX_CONTENT_LENGTH", 0), entry_upload_budget(
            config["DECK_MAX_BYTES"], Config.ENTRY_MAX_IMAGES, Config.ENTRY_IMAGE_MAX_BYTES))
    if config.get("APP_ENV") == "production":
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        if os.environ.get("MAIL_TRANSPORT") is None:
            config["MAIL_TRANSPORT"] = "smtp"


class TestConfig(Config):
    """Used by the test suite: fast hashing is *not* swapped in, so tests exercise real hashing."""

    APP_ENV = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    WTF_CSRF_ENABLED = False
    MAIL_TRANSPORT = "smtp"
    MAIL_SUPPRESS_SEND = True
    MAIL_QUEUE = "inline"
    RATELIMIT_ENABLED = False
