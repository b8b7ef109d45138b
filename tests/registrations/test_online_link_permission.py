"""Who sees a session's online link (the rule lives in registrations/permissions.py)."""
from app.accounts.models import Role
from app.registrations.permissions import can_see_online_link
from tests.factories import make_edition, make_registration, make_session, make_user


def test_online_link_truth_table():
    session = make_session(make_edition(), online_url="https://meet.example.vn/x", requires_registration=True)
    confirmed, waitlisted, stranger = make_user(), make_user(), make_user()
    admin = make_user(roles=(Role.ADMIN,))
    mine = make_registration(session, user=confirmed, status="confirmed")
    waiting = make_registration(session, user=waitlisted, status="waitlisted")
    assert can_see_online_link(confirmed, session, mine) is True
    assert can_see_online_link(waitlisted, session, waiting) is False
    assert can_see_online_link(stranger, session, mine) is False  # someone else's registration
    assert can_see_online_link(stranger, session, None) is False
    assert can_see_online_link(admin, session, None) is True
    session.requires_registration = False
    assert can_see_online_link(stranger, session, None) is True
