"""On a phone (390×844): the navbar folds into a menu button and signing in works."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MOBILE
from tests.browser.steps import PASSWORD, expect_signed_in_as
from tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(new_context):
    return new_context(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()


def test_mobile_navbar_collapses_behind_the_menu_button(phone):
    phone.goto("/")
    toggler, menu = phone.locator(".navbar-toggler"), phone.locator("#main-nav")

    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    toggler.tap()

    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("button", name="English")).to_be_visible()


def test_mobile_sign_in_form_fits_and_works(phone, screenshot):
    user = make_user(name="Phạm Thị Thu Hà", email="ha.pham@example.vn")
    phone.goto("/")
    phone.locator(".navbar-toggler").tap()
    # Bootstrap adds .show once the opening animation has finished: tap only then.
    expect(phone.locator("#main-nav.show")).to_be_visible()
    phone.locator('#main-nav a[href="/account/login"]').tap()

    expect(phone).to_have_url(re.compile(r"/account/login$"))
    expect(phone.locator("#main-nav")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    for field in ("#email", "#password", "#main [type=submit]"):
        box = phone.locator(field).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], field
    screenshot(phone, "sign-in-mobile")

    phone.locator("#email").fill(user.email)
    phone.locator("#password").fill(PASSWORD)
    phone.locator("#main [type=submit]").tap()

    expect(phone.locator(".navbar-toggler")).to_be_visible()
    phone.locator(".navbar-toggler").tap()
    expect_signed_in_as(phone, user.name)
