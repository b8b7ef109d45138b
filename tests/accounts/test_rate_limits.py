"""Rate limits on sign-in and password reset (switched off in the shared test app)."""
import pytest

from tests.core.apps import another_app
from tests.core.pages import Page

WRONG_LOGIN = {"email": "nobody@example.vn", "password": "wrong password"}


@pytest.fixture
def limited_client(app):
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute",
                     RATELIMIT_PASSWORD_RESET="2 per minute") as limited:
        client = limited.test_client()
        client.set_cookie("techfest_locale", "en")
        yield client


def test_login_fourth_attempt_in_a_minute_is_429_with_translated_page(limited_client):
    responses = [limited_client.post("/account/login", data=WRONG_LOGIN) for _ in range(4)]
    assert [r.status_code for r in responses] == [401, 401, 401, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in responses[:3]] == ["2", "1", "0"]
    page = Page(responses[3])
    assert (page.lang, page.title) == ("en", "Too many attempts · Techfest Việt Nam")
    assert "You tried too many times in a short while. Wait a minute and try again." in page.text


def test_login_limit_counts_posts_only(limited_client):
    for _ in range(5):
        assert limited_client.get("/account/login").status_code == 200
    assert limited_client.post("/account/login", data=WRONG_LOGIN).status_code == 401


def test_password_reset_limit_applies(limited_client):
    statuses = [limited_client.post("/account/password/forgot", data={"email": "x@example.vn"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_limited_app_leaves_shared_app_unlimited_afterwards(app, client):
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute") as limited:
        other = limited.test_client()
        assert [other.post("/account/login", data=WRONG_LOGIN).status_code for _ in range(2)] == [401, 429]
    assert [client.post("/account/login", data=WRONG_LOGIN).status_code for _ in range(12)] == [401] * 12
