"""Leads: sending a contact request and following it up, with every refusal."""
from datetime import UTC, datetime, timedelta

import pytest

from app.core.errors import DomainError, NotAllowed
from app.extensions import db
from app.leads import services
from app.leads.models import Lead
from app.leads.queries import StallClosed
from tests.core.pages import in_english
from tests.factories import make_exhibition, make_lead, make_user
from tests.leads.helpers import lead_count, outbox_rows, stall_with_team

ANONYMOUS = dict(name="Trần Thị Nhà Đầu Tư", email="investor@quy.vn", phone=" 0901 234 567 ", company="  ",
                 interest="investment", message="  Chúng tôi muốn tìm hiểu thêm về sản phẩm.  ", locale="vi")


@pytest.fixture
def stall():
    return stall_with_team()


def test_send_lead_stores_the_request_trimmed(stall, clock):
    lead = services.send_lead(stall, **ANONYMOUS)

    assert (lead.stall_id, lead.user_id, lead.name, lead.email, lead.phone, lead.company) == (
        stall.id, None, "Trần Thị Nhà Đầu Tư", "investor@quy.vn", "0901 234 567", None)
    assert (lead.interest, lead.message, lead.status, lead.locale) == (
        "investment", "Chúng tôi muốn tìm hiểu thêm về sản phẩm.", "new", "vi")
    assert lead.created_at == clock.start
    assert [m.kind for m in outbox_rows()] == ["leads.received", "leads.copy"]


def test_signed_in_visitor_writes_under_their_account(stall):
    visitor = make_user(name="Phạm Văn Khách", email="khach@example.vn")

    lead = services.send_lead(stall, user=visitor, **{**ANONYMOUS, "name": "Someone else", "email": "x@y.vn"})

    assert (lead.user_id, lead.name, lead.email) == (visitor.id, "Phạm Văn Khách", "khach@example.vn")


def test_anonymous_lead_without_name_or_email_is_refused(stall):
    with pytest.raises(DomainError) as refused:
        services.send_lead(stall, **{**ANONYMOUS, "email": " "})
    assert in_english(refused.value) == "Give your name and email so that the exhibitor can answer you."
    assert lead_count() == 0


def test_unknown_interest_is_refused(stall):
    with pytest.raises(DomainError) as refused:
        services.send_lead(stall, **{**ANONYMOUS, "interest": "spam"})
    assert in_english(refused.value) == "Choose what you are interested in."


def test_own_stall_is_refused(stall):
    member = stall.organisation.owner
    with pytest.raises(NotAllowed) as refused:
        services.send_lead(stall, user=member, **ANONYMOUS)
    assert (refused.value.status_code, in_english(refused.value)) == (
        403, "This is your own stall: contact requests come from visitors.")
    assert (lead_count(), outbox_rows()) == (0, [])


def test_hidden_stall_is_refused(stall):
    stall.is_hidden = True
    with pytest.raises(NotAllowed) as refused:
        services.send_lead(stall, **ANONYMOUS)
    assert in_english(refused.value) == "This stall has been taken down by the organisers."
    assert lead_count() == 0


def test_before_the_online_window_is_refused_with_the_opening_time(stall):
    make_exhibition(stall.edition, online_opens_at=datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    with pytest.raises(StallClosed) as refused:
        services.send_lead(stall, **ANONYMOUS)
    assert (refused.value.status_code, in_english(refused.value)) == (
        409, "The online exhibition opens on 01/12/2026 08:00; this stall takes requests from then on.")
    assert lead_count() == 0


def test_after_the_online_window_is_refused(stall, clock):
    make_exhibition(stall.edition, online_opens_at=clock.start - timedelta(days=30),
                    online_closes_at=clock.start)
    with pytest.raises(StallClosed) as refused:
        services.send_lead(stall, **ANONYMOUS)
    assert in_english(refused.value) == "The online exhibition has closed; this stall no longer takes requests."


def test_inside_the_online_window_is_accepted(stall, clock):
    make_exhibition(stall.edition, online_opens_at=clock.start - timedelta(days=1),
                    online_closes_at=clock.start + timedelta(days=30))
    assert services.send_lead(stall, **ANONYMOUS).id is not None


def test_set_lead_status_records_when(stall, clock):
    lead = make_lead(stall)
    clock(clock.start + timedelta(hours=2))

    services.set_lead_status(lead, "replied", by=stall.organisation.owner)

    assert (lead.status, lead.status_changed_at) == ("replied", clock.start + timedelta(hours=2))


def test_set_lead_status_to_the_same_status_changes_nothing(stall):
    lead = make_lead(stall)
    services.set_lead_status(lead, "new", by=stall.organisation.owner)
    assert (lead.status, lead.status_changed_at) == ("new", None)


def test_set_lead_status_refuses_outsiders(stall):
    lead = make_lead(stall)
    with pytest.raises(NotAllowed):
        services.set_lead_status(lead, "closed", by=make_user())
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).status == "new"


def test_set_lead_status_refuses_unknown_status(stall):
    lead = make_lead(stall)
    with pytest.raises(DomainError) as refused:
        services.set_lead_status(lead, "archived", by=stall.organisation.owner)
    assert in_english(refused.value) == "Choose a status from the list."
