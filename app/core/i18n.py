"""Languages: Vietnamese by default, English on a switch remembered per user or per browser."""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request
from flask_babel import force_locale, get_locale
from flask_login import current_user

TRANSLATIONS_SOURCE = Path(__file__).resolve().parent.parent / "translations"

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale() -> str:
    """The signed-in user's preference, else the browser's cookie, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    # Outside a request (CLI, mail worker, a service refusing an action) there is no cookie.
    cookie = request.cookies.get(current_app.config["LOCALE_COOKIE"]) if has_request_context() else None
    if cookie in languages:
        return cookie
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def compile_catalogs(source: Path, target: Path) -> None:
    """Compile each ``.po`` in ``source`` to a ``.mo`` in ``target`` when missing or stale.

    Compiled catalogs are build output, so they are not committed; compiling at start-up
    (a few milliseconds) means nobody can forget the step.
    """
    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        temporary = mo_path.with_suffix(".mo.tmp")
        with temporary.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        temporary.replace(mo_path)


def init_i18n(app: Flask) -> None:
    compiled = Path(app.instance_path) / "translations"
    compile_catalogs(TRANSLATIONS_SOURCE, compiled)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)

    @app.context_processor
    def language_context():
        return {
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "language_names": LANGUAGE_NAMES,
        }


def localized(value_vi: str | None, value_en: str | None) -> str:
    """Pick the field in the current language, falling back to the other one."""
    locale = str(get_locale() or "vi")
    first, second = (value_en, value_vi) if locale == "en" else (value_vi, value_en)
    return first or second or ""


class bilingual:  # noqa: N801 - used like ``property``
    """A read-only attribute that reads ``<field>_vi`` or ``<field>_en`` in the current language.

    ``name = bilingual("name")`` on a model replaces a hand-written ``name`` property.
    """

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return localized(getattr(obj, f"{self.field}_vi"), getattr(obj, f"{self.field}_en"))


__all__ = ["bilingual", "force_locale", "localized", "select_locale", "init_i18n", "compile_catalogs"]
