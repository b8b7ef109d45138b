"""The contact form is rate limited per IP address on sending (switched off in the shared test app)."""
import pytest

from tests.core.apps import another_app
from tests.core.pages import Page
from tests.leads.helpers import lead_count, lead_form, stall_with_team


@pytest.fixture
def limited_client(app):
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_LEAD="2 per minute") as limited:
        client = limited.test_client()
        client.set_cookie("techfest_locale", "en")
        yield client


def test_third_lead_in_a_minute_is_429_with_the_translated_page(limited_client):
    stall = stall_with_team()
    url = f"/e/{stall.edition.slug}/stalls/{stall.id}/contact"

    responses = [limited_client.post(url, data=lead_form()) for _ in range(3)]

    assert [r.status_code for r in responses] == [302, 302, 429]
    page = Page(responses[2])
    assert (page.lang, page.title) == ("en", "Too many attempts · Techfest Việt Nam")
    assert "You tried too many times in a short while. Wait a minute and try again." in page.text
    assert lead_count() == 2


def test_honeypot_posts_count_too_and_reading_the_form_does_not(limited_client):
    stall = stall_with_team()
    url = f"/e/{stall.edition.slug}/stalls/{stall.id}/contact"

    assert [limited_client.get(url).status_code for _ in range(4)] == [200] * 4
    statuses = [limited_client.post(url, data=lead_form(reference="bot")).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]


def test_default_limit_is_five_per_minute_and_thirty_per_hour(app):
    from app.config import Config

    assert Config.RATELIMIT_LEAD == "5 per minute;30 per hour"
    with another_app(app, RATELIMIT_ENABLED=True) as limited:
        client = limited.test_client()
        stall = stall_with_team()
        url = f"/e/{stall.edition.slug}/stalls/{stall.id}/contact"
        statuses = [client.post(url, data=lead_form()).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
