"""Mail about leads: who hears of a request, in which language, and what it says."""
import pytest

from app.leads import services
from app.leads.queries import Recipient, stall_recipients
from tests.factories import make_user
from tests.leads.helpers import outbox_rows, stall_with_team

REQUEST = dict(name="Trần Thị Nhà Đầu Tư", email="investor@quy.vn", phone="0901 234 567", company="Quỹ Sao Mai",
               interest="investment", message="Chúng tôi muốn tìm hiểu thêm.\nXin gọi lại.", locale="en")


def test_without_contact_email_every_active_member_hears_in_their_language():
    hoa = make_user(name="Đỗ Thị Hoa", email="hoa@startup.vn", locale="en")
    gone = make_user(name="Người Đã Nghỉ", email="gone@startup.vn", active=False)
    stall = stall_with_team(owner_locale="vi", members=(hoa, gone))

    assert stall_recipients(stall) == [Recipient("owner@startup.vn", "Lê Minh Chủ", "vi"),
                                       Recipient("hoa@startup.vn", "Đỗ Thị Hoa", "en")]


def test_contact_email_replaces_the_members_in_the_owners_language():
    stall = stall_with_team(owner_locale="en", members=(make_user(),), contact_email="sales@startup.vn",
                            contact_name="Phòng Kinh doanh")
    assert stall_recipients(stall) == [Recipient("sales@startup.vn", "Phòng Kinh doanh", "en")]


def test_contact_email_of_a_member_uses_that_members_language_and_the_stall_name_by_default():
    hoa = make_user(name="Đỗ Thị Hoa", email="hoa@startup.vn", locale="en")
    stall = stall_with_team(owner_locale="vi", members=(hoa,), contact_email="HOA@startup.vn")
    assert stall_recipients(stall) == [Recipient("HOA@startup.vn", "Nông Nghiệp Xanh", "en")]


def test_each_recipient_gets_one_message_and_the_visitor_a_copy():
    stall = stall_with_team(members=(make_user(email="hoa@startup.vn", locale="en"),))
    services.send_lead(stall, **REQUEST)
    assert [(m.kind, m.recipient_email, m.locale) for m in outbox_rows()] == [
        ("leads.received", "owner@startup.vn", "vi"),
        ("leads.received", "hoa@startup.vn", "en"),
        ("leads.copy", "investor@quy.vn", "en"),
    ]


def test_exhibitor_mail_in_english_has_the_visitor_details_and_the_inbox_link():
    stall = stall_with_team(owner_locale="en")
    services.send_lead(stall, **REQUEST)
    [message] = outbox_rows("leads.received")

    assert message.subject == "New contact request from Trần Thị Nhà Đầu Tư"
    assert message.body_text.split("\n\n") == [
        "Hello Lê Minh Chủ,",
        "Trần Thị Nhà Đầu Tư sent a contact request to your stall Nông Nghiệp Xanh at Techfest Haiphong 2026:",
        "Name: Trần Thị Nhà Đầu Tư\nEmail: investor@quy.vn\nPhone: 0901 234 567\nCompany: Quỹ Sao Mai\n"
        "Interest: Investment\nMessage:\nChúng tôi muốn tìm hiểu thêm.\nXin gọi lại.",
        f"Reply to the visitor by email, then mark the request as replied in your inbox:\n"
        f"http://127.0.0.1:5000/me/stalls/{stall.id}/leads",
        "The Techfest Việt Nam team",
    ]
    assert "mailto:investor@quy.vn" in message.body_html
    assert "Chúng tôi muốn tìm hiểu thêm.\nXin gọi lại." in message.body_html


def test_exhibitor_mail_in_vietnamese_uses_the_vietnamese_edition_name():
    stall = stall_with_team(owner_locale="vi")
    services.send_lead(stall, **{**REQUEST, "phone": None, "company": None})
    [message] = outbox_rows("leads.received")
    paragraphs = message.body_text.split("\n\n")

    assert (message.locale, paragraphs[0], paragraphs[-1]) == ("vi", "Xin chào Lê Minh Chủ,",
                                                               "Ban tổ chức Techfest Việt Nam")
    assert "Techfest Hải Phòng 2026" in paragraphs[1]
    assert "Phone" not in message.body_text and "Company" not in message.body_text
    assert f"http://127.0.0.1:5000/me/stalls/{stall.id}/leads" in message.body_text


def test_visitor_copy_in_the_language_of_the_page():
    stall = stall_with_team()
    services.send_lead(stall, **REQUEST)
    [copy] = outbox_rows("leads.copy")

    assert (copy.recipient_email, copy.recipient_name, copy.subject) == (
        "investor@quy.vn", "Trần Thị Nhà Đầu Tư", "Your message to Nông Nghiệp Xanh")
    paragraphs = copy.body_text.split("\n\n")
    assert paragraphs[:2] == [
        "Hello Trần Thị Nhà Đầu Tư,",
        "Thank you for writing to Nông Nghiệp Xanh at Techfest Haiphong 2026. The stall's team has your request "
        "and will answer you at investor@quy.vn.",
    ]
    assert paragraphs[-2] == f"Visit the stall again:\nhttp://127.0.0.1:5000/e/techfest-2026/stalls/{stall.id}"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_visitor_copy_locale_follows_the_request(locale):
    services.send_lead(stall_with_team(), **{**REQUEST, "locale": locale})
    assert outbox_rows("leads.copy")[0].locale == locale
