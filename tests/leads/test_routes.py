"""The contact form, the thank-you page, the inbox, status changes and the CSV export."""
from datetime import timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.leads.models import Lead
from tests.core.pages import Page
from tests.factories import make_edition, make_exhibition, make_lead, make_user
from tests.leads.helpers import lead_count, lead_form, outbox_rows, shown_token, stall_with_team


@pytest.fixture
def stall():
    return stall_with_team(owner_locale="en")


@pytest.fixture
def english(client):
    client.set_cookie("techfest_locale", "en")
    return client


def contact_url(stall) -> str:
    return f"/e/{stall.edition.slug}/stalls/{stall.id}/contact"


# The contact form ----------------------------------------------------------------------------

def test_anonymous_visitor_sees_name_and_email_fields_and_a_hidden_honeypot(english, stall):
    response = english.get(contact_url(stall))
    page = Page(response)

    assert response.status_code == 200
    assert all(page.has_field(name) for name in ("name", "email", "phone", "company", "interest", "message",
                                                 "consent", "reference", "form_token"))
    assert 'class="d-none" aria-hidden="true"' in response.get_data(as_text=True)
    assert page.inputs["reference"][0]["tabindex"] == "-1"


def test_signed_in_visitor_writes_as_their_account(english, login, stall):
    login(make_user(name="Phạm Văn Khách", email="khach@example.vn", locale="en"))
    page = Page(english.get(contact_url(stall)))

    assert (page.has_field("name"), page.has_field("email")) == (False, False)
    assert page.by_id["sender"] == "You write as Phạm Văn Khách (khach@example.vn)."


def test_sending_stores_the_lead_and_shows_the_thank_you_page(english, stall):
    response = english.post(contact_url(stall), data=lead_form())

    assert response.status_code == 302
    assert response.headers["Location"] == f"/e/{stall.edition.slug}/stalls/{stall.id}/contact/sent"
    lead = db.session.scalar(db.select(Lead))
    assert (lead.name, lead.email, lead.phone, lead.company, lead.interest, lead.locale) == (
        "Trần Thị Nhà Đầu Tư", "investor@quy.vn", "0901 234 567", "Quỹ Đầu tư Sao Mai", "investment", "en")
    assert [m.kind for m in outbox_rows()] == ["leads.received", "leads.copy"]
    thanks = english.get(response.headers["Location"])
    page = Page(thanks)
    assert page.by_id["thanks"] == ("Your message is on its way to Nông Nghiệp Xanh. A copy has been sent to your "
                                    "email.")
    assert f'href="/e/{stall.edition.slug}/stalls/{stall.id}"' in thanks.get_data(as_text=True)


def test_signed_in_visitor_sends_without_name_and_email(english, login, stall):
    visitor = login(make_user(name="Phạm Văn Khách", email="khach@example.vn"))
    response = english.post(contact_url(stall), data=lead_form(name=None, email=None))

    assert response.status_code == 302
    lead = db.session.scalar(db.select(Lead))
    assert (lead.user_id, lead.name, lead.email) == (visitor.id, "Phạm Văn Khách", "khach@example.vn")


def test_invalid_form_is_422_with_messages_and_keeps_the_text(english, stall):
    response = english.post(contact_url(stall), data=lead_form(email="not-an-email", message="Ngắn", consent=None,
                                                               interest=None))
    page = Page(response)

    assert response.status_code == 422
    assert page.error("email") == "Enter a valid email address."
    assert page.error("message") == "Enter between 10 and 2000 characters."
    assert page.error("consent") == "Tick this box so that the exhibitor may see your contact details."
    assert page.error("interest") == "Choose what you are interested in."
    assert (page.value("name"), page.value("email"), page.by_id["message"]) == (
        "Trần Thị Nhà Đầu Tư", "not-an-email", "Ngắn")
    assert lead_count() == 0


def test_message_longer_than_2000_characters_is_refused(english, stall):
    response = english.post(contact_url(stall), data=lead_form(message="a" * 2001))
    assert (response.status_code, Page(response).error("message")) == (422, "Enter between 10 and 2000 characters.")


@pytest.mark.parametrize(("token", "message"), [
    (lambda: shown_token(seconds_ago=1), "That was very quick. Look over your message and send it again."),
    (lambda: shown_token(seconds_ago=2 * 3600 + 60),
     "This form was open for a long time. Look over your message and send it again."),
    (lambda: "forged-token", "We could not check this form. Look over your message and send it again."),
])
def test_bad_time_token_is_refused_with_a_message_keeping_the_text(english, stall, token, message):
    response = english.post(contact_url(stall), data=lead_form(form_token=token()))
    page = Page(response)

    assert response.status_code == 422
    assert page.by_id["form-token-error"] == message
    assert page.by_id["message"] == "Chúng tôi muốn tìm hiểu về cảm biến độ ẩm đất."
    assert page.value("company") == "Quỹ Đầu tư Sao Mai"
    assert lead_count() == 0


def test_too_fast_form_can_be_sent_again_a_few_seconds_later(english, stall, clock):
    first = english.post(contact_url(stall), data=lead_form(form_token=shown_token(seconds_ago=0)))
    renewed = Page(first).value("form_token")
    clock(clock.start + timedelta(seconds=5))

    second = english.post(contact_url(stall), data=lead_form(form_token=renewed))

    assert (first.status_code, second.status_code, lead_count()) == (422, 302, 1)


def test_honeypot_gets_the_same_thank_you_but_nothing_is_stored_or_sent(english, stall):
    response = english.post(contact_url(stall), data=lead_form(reference="http://spam.example"))

    assert (response.status_code, response.headers["Location"]) == (
        302, f"/e/{stall.edition.slug}/stalls/{stall.id}/contact/sent")
    assert (lead_count(), outbox_rows()) == (0, [])


def test_closed_window_shows_why_and_no_form(english, stall, clock):
    make_exhibition(stall.edition, online_opens_at=clock.start - timedelta(days=40),
                    online_closes_at=clock.start - timedelta(days=10))
    page = Page(english.get(contact_url(stall)))

    assert page.by_id["refusal"] == "The online exhibition has closed; this stall no longer takes requests."
    assert page.has_field("message") is False


def test_posting_when_the_window_is_closed_is_409_with_the_reason(english, stall, clock):
    make_exhibition(stall.edition, online_opens_at=clock.start + timedelta(days=1))
    response = english.post(contact_url(stall), data=lead_form())

    assert response.status_code == 409
    assert Page(response).form_error == ("The online exhibition opens on 24/11/2026 10:00; this stall takes requests "
                                         "from then on.")
    assert lead_count() == 0


def test_own_stall_shows_why_and_posting_is_403(english, login, stall):
    login(stall.organisation.owner)
    assert Page(english.get(contact_url(stall))).by_id["refusal"] == (
        "This is your own stall: contact requests come from visitors.")
    response = english.post(contact_url(stall), data=lead_form())
    assert (response.status_code, lead_count()) == (403, 0)


def test_hidden_stall_is_404_for_visitors(client, stall):
    stall.is_hidden = True
    db.session.commit()
    assert client.get(contact_url(stall)).status_code == 404
    assert client.post(contact_url(stall), data=lead_form()).status_code == 404


def test_stall_under_another_edition_address_is_404(client, stall):
    other = make_edition(slug="other-edition")
    assert client.get(f"/e/{other.slug}/stalls/{stall.id}/contact").status_code == 404


# The inbox -----------------------------------------------------------------------------------

def inbox_url(stall, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/me/stalls/{stall.id}/leads" + (f"?{query}" if query else "")


def test_inbox_lists_newest_first_with_counts(english, login, stall, clock):
    first = make_lead(stall, name="Người Thứ Nhất")
    clock(clock.start + timedelta(hours=1))
    second = make_lead(stall, name="Người Thứ Hai", status="replied")
    login(stall.organisation.owner)

    response = english.get(inbox_url(stall))
    body = response.get_data(as_text=True)

    assert response.status_code == 200
    assert body.index(f'id="lead-{second.id}"') < body.index(f'id="lead-{first.id}"')
    page = Page(response)
    assert page.by_id[f"lead-{first.id}"].startswith("Người Thứ Nhất investor@example.vn")
    assert ("New 1" in page.by_id["lead-counts"], "Replied 1" in page.by_id["lead-counts"],
            "All 2" in page.by_id["lead-counts"]) == (True, True, True)


def test_inbox_filters_by_status(english, login, stall):
    make_lead(stall, name="Mới")
    closed = make_lead(stall, name="Đã Đóng", status="closed")
    login(stall.organisation.owner)

    body = english.get(inbox_url(stall, status="closed")).get_data(as_text=True)

    assert f'id="lead-{closed.id}"' in body and body.count('<article class="card mb-3"') == 1


def test_inbox_pages_by_25(english, login, stall):
    for number in range(27):
        make_lead(stall, name=f"Khách {number}")
    login(stall.organisation.owner)

    first, second = english.get(inbox_url(stall)), english.get(inbox_url(stall, page=2))

    assert first.get_data(as_text=True).count('<article class="card mb-3"') == 25
    assert second.get_data(as_text=True).count('<article class="card mb-3"') == 2


def test_inbox_is_403_for_visitors_and_login_for_anonymous(client, login, stall):
    assert client.get(inbox_url(stall)).status_code == 302
    login(make_user())
    assert client.get(inbox_url(stall)).status_code == 403


def test_organiser_reads_the_inbox(client, login, stall):
    organiser = make_user(roles=(Role.ADMIN,))
    make_lead(stall)
    login(organiser)
    assert client.get(inbox_url(stall)).status_code == 200


def test_set_status_marks_the_lead_and_returns_to_the_page(english, login, stall):
    lead = make_lead(stall, name="Trần Văn Hỏi")
    login(stall.organisation.owner)

    response = english.post(f"/me/leads/{lead.id}/status", data={"status": "replied",
                                                                   "next": inbox_url(stall, status="new")})

    assert (response.status_code, response.headers["Location"]) == (302, inbox_url(stall, status="new"))
    assert lead.status == "replied"
    assert Page(english.get(response.headers["Location"])).flashes == [
        "The request from Trần Văn Hỏi is marked “Replied”."]


def test_set_status_refuses_unknown_status_with_a_message(english, login, stall):
    lead = make_lead(stall)
    login(stall.organisation.owner)
    response = english.post(f"/me/leads/{lead.id}/status", data={"status": "deleted"})
    assert response.status_code == 400
    assert "Choose a status from the list." in Page(response).text
    assert lead.status == "new"


def test_set_status_is_403_for_another_stall_owner(client, login, stall):
    lead = make_lead(stall)
    login(make_user())
    assert client.post(f"/me/leads/{lead.id}/status", data={"status": "closed"}).status_code == 403


# The export ----------------------------------------------------------------------------------

def test_export_is_utf8_with_bom_and_neutralises_formulas(english, login, stall, clock):
    make_lead(stall, name="=HYPERLINK(\"http://evil\")", email="a@b.vn", company="+Công ty", phone="-1",
              message="@SUM(A1)", interest="purchase")
    login(stall.organisation.owner)

    response = english.get(f"/me/stalls/{stall.id}/leads.csv")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="techfest-2026-stall-{stall.id}-leads.csv"')
    assert response.data.startswith("\ufeff".encode())
    lines = response.data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Received at,Name,Email,Phone,Company,Interest,Message,Status,Language"
    assert lines[1] == ("2026-11-23 10:00,\"'=HYPERLINK(\"\"http://evil\"\")\",a@b.vn,'-1,'+Công ty,"
                        "Buying products or services,'@SUM(A1),New,vi")


def test_export_follows_the_status_filter(english, login, stall):
    make_lead(stall, name="Mới")
    make_lead(stall, name="Đã Trả Lời", status="replied")
    login(stall.organisation.owner)
    lines = english.get(f"/me/stalls/{stall.id}/leads.csv?status=replied").data.decode("utf-8-sig").split("\r\n")
    assert [line.split(",")[1] for line in lines[1:] if line] == ["Đã Trả Lời"]


def test_export_is_403_for_others(client, login, stall):
    login(make_user())
    assert client.get(f"/me/stalls/{stall.id}/leads.csv").status_code == 403
