"""Languages: Vietnamese by default, English on a switch remembered per browser and per user."""
import os
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from app.accounts.models import User
from app.core.i18n import TRANSLATIONS_SOURCE, bilingual, compile_catalogs, localized
from app.extensions import db
from tests.core.pages import Page
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")


def switch_language(client, language, next_path="/account/login"):
    return client.post("/language", data={"language": language, "next": next_path})


def test_pages_are_vietnamese_by_default(client):
    assert Page(client.get("/")).lang == "vi"


def test_browser_language_does_not_override_the_default(client):
    assert Page(client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})).lang == "vi"


def test_switch_to_english_sets_cookie_and_returns_to_page(client):
    response = switch_language(client, "en")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login")
    cookie = client.get_cookie("techfest_locale")
    assert (cookie.value, cookie.http_only, cookie.same_site) == ("en", True, "Lax")
    assert "Max-Age=31536000" in response.headers["Set-Cookie"]
    page = Page(client.get("/account/login"))
    assert (page.lang, page.title) == ("en", "Sign in · Techfest Việt Nam")


def test_switch_back_to_vietnamese(client):
    switch_language(client, "en")
    switch_language(client, "vi")
    assert (client.get_cookie("techfest_locale").value, Page(client.get("/")).lang) == ("vi", "vi")


def test_switch_to_unknown_language_changes_nothing(client):
    response = switch_language(client, "fr")
    assert (response.status_code, response.headers["Location"]) == (302, "/account/login")
    assert client.get_cookie("techfest_locale") is None
    assert Page(client.get("/")).lang == "vi"


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example", "", "/\\evil.example"])
def test_switch_language_never_leaves_the_site(client, next_path):
    assert switch_language(client, "en", next_path).headers["Location"] == "/"


def test_switch_language_by_get_is_not_allowed(client):
    assert client.get("/language?language=en").status_code == 405


def test_switch_language_saves_signed_in_users_preference(client, login):
    user = login(make_user(locale="vi"))
    switch_language(client, "en")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    assert (client.get_cookie("techfest_locale").value, Page(client.get("/")).lang) == ("en", "en")


def test_signed_in_users_preference_wins_over_cookie(client, login):
    login(make_user(locale="en"))
    client.set_cookie("techfest_locale", "vi")
    assert Page(client.get("/")).lang == "en"


def test_language_switch_form_points_back_to_current_page(client):
    response = client.get("/teams/?q=xanh")
    assert Page(response).value("next") == "/teams/?q=xanh"
    assert re.findall(r'name="language" value="(\w+)"', response.get_data(as_text=True)) == ["vi", "en"]


def test_unknown_url_is_404_page_not_500(client):
    response = client.get("/no/such/page")
    page = Page(response)
    assert (response.status_code, page.lang) == (404, "vi")


def test_unknown_url_in_english_says_page_not_found(client):
    client.set_cookie("techfest_locale", "en")
    response = client.get("/no/such/page")
    page = Page(response)
    assert (response.status_code, page.lang, page.title) == (404, "en", "Page not found · Techfest Việt Nam")
    assert "The page you asked for does not exist or has moved." in page.text


VI_CATALOG = TRANSLATIONS_SOURCE / "vi" / "LC_MESSAGES" / "messages.po"


def vietnamese_for(msgid: str) -> str | None:
    with VI_CATALOG.open("rb") as handle:
        message = read_po(handle).get(msgid)
    return message.string if message is not None and not message.fuzzy and message.string else None


@pytest.mark.skipif(not VI_CATALOG.exists(), reason="the Vietnamese catalog is not written yet")
def test_vietnamese_catalog_is_compiled_and_used(client):
    """The one test reading a Vietnamese translation: whatever the catalog says for "Page not found"."""
    translated = vietnamese_for("Page not found")
    if translated is None:
        pytest.skip('"Page not found" has no Vietnamese translation yet')
    page = Page(client.get("/no/such/page"))
    assert (page.lang, page.title) == ("vi", f"{translated} · Techfest Việt Nam")
    assert translated != "Page not found"


def test_localized_picks_current_language_with_fallback(app):
    with app.test_request_context():
        with force_locale("vi"):
            assert (localized("Hải Phòng", "Hai Phong"), localized(None, "Hai Phong"), localized("", "")) == (
                "Hải Phòng", "Hai Phong", "")
        with force_locale("en"):
            assert (localized("Hải Phòng", "Hai Phong"), localized("Hải Phòng", None)) == ("Hai Phong", "Hải Phòng")


PO_TEXT = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Sign in"
msgstr "{}"
'''


def test_compile_catalogs_writes_mo_and_recompiles_only_stale_ones(tmp_path):
    source, target = tmp_path / "po", tmp_path / "mo"
    po = source / "vi" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO_TEXT.format("Đăng nhập"), encoding="utf-8")
    compile_catalogs(source, target)
    mo = target / "vi" / "LC_MESSAGES" / "messages.mo"
    assert "Đăng nhập".encode() in mo.read_bytes()

    os.utime(mo, (po.stat().st_mtime + 10, po.stat().st_mtime + 10))
    before = mo.stat().st_mtime
    compile_catalogs(source, target)
    assert mo.stat().st_mtime == before  # up to date: left alone

    po.write_text(PO_TEXT.format("Vào hệ thống"), encoding="utf-8")
    os.utime(po, (before + 10, before + 10))
    compile_catalogs(source, target)
    assert ("Vào hệ thống".encode() in mo.read_bytes(), list(Path(target).rglob("*.tmp"))) == (True, [])


class _Leaflet:
    title = bilingual("title")

    def __init__(self, title_vi, title_en):
        self.title_vi, self.title_en = title_vi, title_en


def test_bilingual_attribute_reads_the_current_language_and_falls_back(app):
    leaflet = _Leaflet("Làng Nông nghiệp", "Agritech village")
    with app.test_request_context(), force_locale("en"):
        assert leaflet.title == "Agritech village"
    with app.test_request_context(), force_locale("vi"):
        assert leaflet.title == "Làng Nông nghiệp"
    with app.test_request_context(), force_locale("en"):
        assert _Leaflet("Chỉ tiếng Việt", None).title == "Chỉ tiếng Việt"
    assert isinstance(_Leaflet.title, bilingual)
