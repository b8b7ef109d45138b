"""``flask translate ...``: keep the Vietnamese and English catalogs complete."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po
from flask import Blueprint

from app.config import PROJECT_ROOT
from app.core.i18n import TRANSLATIONS_SOURCE

translate_cli = Blueprint("translate_cli", __name__, cli_group="translate")
POT_FILE = TRANSLATIONS_SOURCE / "messages.pot"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=PROJECT_ROOT)


def untranslated(po_path: Path) -> list[str]:
    """Message ids with no translation, or marked fuzzy, in one catalog."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


@translate_cli.cli.command("update")
def update() -> None:
    """Extract strings, merge them into both catalogs, and fill the English one from the source."""
    _pybabel("extract", "-F", "app/translations/babel.cfg", "-k", "_l", "-o", str(POT_FILE),
             "--no-location", "--sort-output", "--project", "Techfest Platform", ".")
    for locale in ("vi", "en"):
        po_path = TRANSLATIONS_SOURCE / locale / "LC_MESSAGES" / "messages.po"
        command = "update" if po_path.exists() else "init"
        _pybabel(command, "-i", str(POT_FILE), "-d", str(TRANSLATIONS_SOURCE), "-l", locale,
                 *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []))
    fill_english(TRANSLATIONS_SOURCE / "en" / "LC_MESSAGES" / "messages.po")
    for locale in ("vi", "en"):
        missing = untranslated(TRANSLATIONS_SOURCE / locale / "LC_MESSAGES" / "messages.po")
        click.echo(f"{locale}: {len(missing)} untranslated")


def fill_english(po_path: Path) -> None:
    """English is the source language: its catalog repeats each message id."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not (message.string if isinstance(message.string, str) else all(message.string)):
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)


@translate_cli.cli.command("check")
def check() -> None:
    """List untranslated messages; exit 1 if any catalog is incomplete."""
    incomplete = False
    for locale in ("vi", "en"):
        missing = untranslated(TRANSLATIONS_SOURCE / locale / "LC_MESSAGES" / "messages.po")
        for message_id in missing:
            click.echo(f"{locale}: {message_id}")
        incomplete |= bool(missing)
    raise SystemExit(1 if incomplete else 0)
