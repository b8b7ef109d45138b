"""Switching between Vietnamese and English: remembered by the browser, and by the profile once signed in."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.browser.steps import expect_signed_in_as, fill_sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def saved_locale(user_id: int) -> str:
    locale = db.session.scalar(select(User.locale).where(User.id == user_id))
    db.session.rollback()
    return locale


def test_language_switch_to_english_persists_across_pages(page, screenshot):
    html = page.locator("html")

    page.goto("/")
    expect(html).to_have_attribute("lang", "vi")
    screenshot(page, "home")
    page.get_by_role("button", name="English").click()

    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    page.goto("/account/login")
    expect(html).to_have_attribute("lang", "en")
    page.reload()
    expect(html).to_have_attribute("lang", "en")


def test_language_switch_when_signed_in_is_saved_to_the_profile(new_context):
    user = make_user(name="Lê Văn Tám", email="tam.le@example.vn", locale="vi")
    page = new_context().new_page()
    page.goto("/account/login")
    fill_sign_in(page, email=user.email)
    expect_signed_in_as(page, user.name)
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert saved_locale(user.id) == "en"
    # Another device, without the cookie: the profile brings English back at sign-in.
    elsewhere = new_context().new_page()
    elsewhere.goto("/account/login")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "vi")
    fill_sign_in(elsewhere, email=user.email)
    expect_signed_in_as(elsewhere, user.name)
    expect(elsewhere.locator("html")).to_have_attribute("lang", "en")


def test_language_switch_back_to_vietnamese(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Tiếng Việt").click()

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.goto("/teams/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
