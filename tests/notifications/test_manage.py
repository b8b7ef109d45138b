"""The back-office outbox: list, filters, one message, resend; administrators only."""
import html
import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.factories import make_user
from tests.notifications.helpers import addresses, all_messages, make_message, reloaded

pytestmark = pytest.mark.usefixtures("fresh_request_globals")  # each request gets its own g, as in production

ROW_LINK = re.compile(r'<td><a href="/admin/outbox/(\d+)">')


def listed_ids(response) -> list[int]:
    return [int(found) for found in ROW_LINK.findall(response.get_data(as_text=True))]


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def admin(login):
    return login(make_user(locale="en", roles=(Role.ADMIN,)))


@pytest.fixture
def messages():
    """One message in each of three states, oldest first."""
    return {
        "sent": make_message("lan@example.vn", subject="Xác nhận email", status="sent", attempts=1),
        "failed": make_message("mai@example.vn", subject="Lời mời tham gia nhóm", status="failed", attempts=6,
                               last_error="SMTPException: 550 mailbox unavailable"),
        "queued": make_message("Binh@Example.vn", subject="Đặt lại mật khẩu"),
    }


def test_outbox_lists_newest_first_with_counts(client, admin, messages):
    response = client.get("/admin/outbox/")

    assert response.status_code == 200
    assert listed_ids(response) == [messages[s].id for s in ("queued", "failed", "sent")]
    text = page_text(response)
    counts = ("Sent: 1", "Failed: 1", "Queued: 1", "Retrying: 0", "Sending: 0")
    assert [badge in text for badge in counts] == [True] * len(counts)


def test_outbox_filters_by_status(client, admin, messages):
    response = client.get("/admin/outbox/?status=failed")

    assert listed_ids(response) == [messages["failed"].id]
    assert "SMTPException: 550 mailbox unavailable" in page_text(response)


def test_outbox_filters_by_recipient_ignoring_case(client, admin, messages):
    assert listed_ids(client.get("/admin/outbox/?q=BINH@")) == [messages["queued"].id]


def test_outbox_filters_by_subject(client, admin, messages):
    assert listed_ids(client.get("/admin/outbox/?q=lời+mời")) == [messages["failed"].id]


def test_outbox_combines_filters(client, admin, messages):
    assert listed_ids(client.get("/admin/outbox/?status=sent&q=mai@")) == []


def test_outbox_with_unknown_status_lists_nothing(client, admin, messages):
    response = client.get("/admin/outbox/?status=bogus")

    assert (response.status_code, listed_ids(response)) == (200, [])


def test_outbox_pages_long_lists(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "ADMIN_PAGE_SIZE", 2)
    ids = [make_message(f"user{n}@example.vn").id for n in range(3)]

    first, second = client.get("/admin/outbox/"), client.get("/admin/outbox/?page=2")

    assert (listed_ids(first), listed_ids(second)) == ([ids[2], ids[1]], [ids[0]])


def test_outbox_message_page_shows_details(client, admin, messages):
    message = messages["failed"]

    response = client.get(f"/admin/outbox/{message.id}")

    text = page_text(response)
    assert response.status_code == 200
    assert ("Lời mời tham gia nhóm" in text, "mai@example.vn" in text, "Body of Lời mời tham gia nhóm" in text) == (
        True, True, True)
    assert "SMTPException: 550 mailbox unavailable" in text
    assert f'action="/admin/outbox/{message.id}/resend"' in text


def test_outbox_message_page_offers_no_resend_while_queued(client, admin, messages):
    response = client.get(f"/admin/outbox/{messages['queued'].id}")

    assert f'/admin/outbox/{messages["queued"].id}/resend' not in response.get_data(as_text=True)


def test_outbox_unknown_message_is_404(client, admin):
    assert client.get("/admin/outbox/999").status_code == 404


def test_resend_queues_copy_that_is_delivered_after_request(client, admin, messages, outbox, frozen_time):
    original = messages["failed"]

    response = client.post(f"/admin/outbox/{original.id}/resend")

    copy = all_messages()[-1]
    assert (response.status_code, response.location) == (302, f"/admin/outbox/{copy.id}")
    assert (copy.resent_from_id, copy.status, copy.attempts, copy.sent_at) == (
        original.id, "sent", 1, frozen_time.start)
    assert (copy.recipient_email, copy.subject, copy.body_text, copy.body_html, copy.kind) == (
        original.recipient_email, original.subject, original.body_text, original.body_html, original.kind)
    assert (reloaded(original).status, reloaded(original).attempts) == ("failed", 6)
    assert [addresses(m) for m in outbox] == [["mai@example.vn"]]


def test_resend_of_queued_message_is_refused(client, admin, messages, outbox):
    response = client.post(f"/admin/outbox/{messages['queued'].id}/resend")

    assert response.status_code == 409
    assert "This message is still waiting to be delivered." in page_text(response)
    assert (len(all_messages()), list(outbox)) == (3, [])


def test_outbox_refuses_non_admin(client, login, messages):
    login(make_user(roles=(Role.ORGANISER,)))

    assert [client.get("/admin/outbox/").status_code, client.get(f"/admin/outbox/{messages['sent'].id}").status_code,
            client.post(f"/admin/outbox/{messages['sent'].id}/resend").status_code] == [403, 403, 403]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 3


def test_outbox_sends_anonymous_to_login(client):
    response = client.get("/admin/outbox/")

    assert (response.status_code, response.location) == (302, "/account/login?next=/admin/outbox/")
