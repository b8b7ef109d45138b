"""Both catalogs are complete, match the source, and keep every placeholder."""
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT
from app.core.cli import untranslated
from app.core.i18n import TRANSLATIONS_SOURCE

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalog(locale: str):
    with (TRANSLATIONS_SOURCE / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalog_has_no_untranslated_message(locale):
    assert untranslated(TRANSLATIONS_SOURCE / locale / "LC_MESSAGES" / "messages.po") == []


def test_catalogs_cover_every_string_in_the_source(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "app/translations/babel.cfg",
         "-k", "_l", "-o", str(pot), "."],
        check=True, cwd=PROJECT_ROOT, capture_output=True,
    )
    with pot.open("rb") as handle:
        source_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for locale in ("vi", "en"):
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(locale) if m.id}
        assert source_ids - translated == set(), f"run `flask translate update` and translate ({locale})"


def test_vietnamese_translations_keep_placeholders():
    mismatched = []
    for message in catalog("vi"):
        if not message.id:
            continue
        # A plural message is compared with its plural form (Vietnamese has only that one).
        source = message.id if isinstance(message.id, str) else message.id[-1]
        target = message.string if isinstance(message.string, str) else message.string[0]
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
            mismatched.append(source)
    assert mismatched == []


def test_wtforms_builtin_message_is_translated_to_vietnamese(client):
    response = client.post("/account/signup", data={
        "name": "Lê Văn Tám", "email": "tam@example.vn", "password": "mật khẩu rất dài",
        "password_again": "mật khẩu rất dài", "locale": "klingon",
    })
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    assert "Not a valid choice" not in response.get_data(as_text=True)
