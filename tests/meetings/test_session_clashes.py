"""A visitor cannot book a meeting over a session they have a confirmed place in or speak at."""
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.core.errors import Conflict
from app.extensions import db
from app.meetings import queries, services
from tests.core.pages import Page, in_english
from tests.factories import make_edition, make_registration, make_session, make_speaker, make_user
from tests.meetings.helpers import active_meetings, slot_at, slot_count, stall_with_team, vietnam

WORKSHOP = dict(title_vi="Hội thảo Chuyển đổi số", title_en="Digital transformation workshop")


@pytest.fixture
def stall():
    return stall_with_team(owner_locale="en")


@pytest.fixture
def visitor():
    return make_user(name="Sarah Johnson", email="sarah@fund.example", locale="en")


def workshop(edition, day: int = 10, hour: int = 9, minute: int = 0, hours: int = 2, **fields):
    """A session of ``hours`` at ``hour``:``minute`` (Viet Nam time) on ``day`` December 2026."""
    return make_session(edition, starts_at=vietnam(day, hour, minute), duration=timedelta(hours=hours),
                        **{**WORKSHOP, **fields})


def speaking_at(session, person=None, *, name: str | None = None):
    """``person`` (or a guest without an account, called ``name``) speaks at ``session``."""
    speaker = make_speaker(session.edition, name=name or person.name, user_id=person.id if person else None)
    session.speakers.append(speaker)
    db.session.commit()


# The rule ------------------------------------------------------------------------------------

def test_booking_over_a_confirmed_registration_is_a_conflict_naming_the_session(stall, visitor):
    make_registration(workshop(stall.edition), visitor)
    slot = slot_at(stall, 10, 10)
    with pytest.raises(Conflict) as refused:
        services.book_meeting(slot, visitor=visitor)
    assert (refused.value.status_code, in_english(refused.value)) == (
        409, "You are registered for “Hội thảo Chuyển đổi số” at that time (10/12/2026 09:00–11:00). "
             "Choose another slot, or cancel your registration first.")
    assert active_meetings(slot) == 0


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_a_waitlisted_or_cancelled_registration_does_not_block(stall, visitor, status):
    make_registration(workshop(stall.edition), visitor, status=status)
    assert services.book_meeting(slot_at(stall, 10, 10), visitor=visitor).is_active


def test_booking_over_a_session_the_visitor_speaks_at_is_a_conflict(stall, visitor):
    speaking_at(workshop(stall.edition, hour=14, minute=30, hours=1, title_vi="Gọi vốn hạt giống"), visitor)
    slot = slot_at(stall, 10, 15, 15)
    with pytest.raises(Conflict) as refused:
        services.book_meeting(slot, visitor=visitor)
    assert (refused.value.status_code, in_english(refused.value)) == (
        409, "You speak at “Gọi vốn hạt giống” at that time (10/12/2026 14:30–15:30). Choose another slot.")
    assert active_meetings(slot) == 0


def test_speaking_is_named_even_when_also_registered(stall, visitor):
    session = workshop(stall.edition)
    speaking_at(session, visitor)
    make_registration(session, visitor)
    with pytest.raises(Conflict) as refused:
        services.book_meeting(slot_at(stall, 10, 9), visitor=visitor)
    assert in_english(refused.value).startswith("You speak at “Hội thảo Chuyển đổi số”")


@pytest.mark.parametrize(("hour", "minute"), [(11, 0), (8, 45)])
def test_a_session_ending_when_the_slot_starts_or_starting_when_it_ends_is_fine(stall, visitor, hour, minute):
    make_registration(workshop(stall.edition), visitor)  # 09:00–11:00
    assert services.book_meeting(slot_at(stall, 10, hour, minute), visitor=visitor).is_active


def test_a_session_of_another_edition_blocks_too_in_its_own_local_time(stall, visitor):
    tokyo = make_edition(timezone="Asia/Tokyo")
    make_registration(make_session(tokyo, starts_at=vietnam(10, 10), title_vi="Demo Day Tokyo"), visitor)
    with pytest.raises(Conflict) as refused:
        services.book_meeting(slot_at(stall, 10, 10, 30), visitor=visitor)
    assert in_english(refused.value) == (
        "You are registered for “Demo Day Tokyo” at that time (10/12/2026 12:00–14:00). "
        "Choose another slot, or cancel your registration first.")


def test_a_cancelled_session_does_not_block(stall, visitor):
    make_registration(workshop(stall.edition, status="cancelled"), visitor)
    assert services.book_meeting(slot_at(stall, 10, 10), visitor=visitor).is_active


def test_other_people_s_registrations_and_talks_do_not_block(stall, visitor):
    session = workshop(stall.edition)
    make_registration(session, make_user())
    speaking_at(session, make_user(name="Kim Min-jun"))
    speaking_at(session, name="Khách mời chưa có tài khoản")
    assert services.book_meeting(slot_at(stall, 10, 10), visitor=visitor).is_active


def test_an_owner_publishes_slots_over_a_session_they_attend(stall):
    make_registration(workshop(stall.edition), stall.organisation.owner)
    created = services.publish_slots(stall, day=date(2026, 12, 10), start=time(9, 0), end=time(10, 0), minutes=15,
                                     gap_minutes=0, mode="booth")
    assert (len(created), slot_count(stall)) == (4, 4)


# The query -----------------------------------------------------------------------------------

def test_session_clash_names_the_earliest_session(stall, visitor):
    later, earlier = workshop(stall.edition, hour=10), workshop(stall.edition, hour=9, title_vi="Khai mạc")
    make_registration(later, visitor)
    speaking_at(earlier, visitor)
    clash = queries.session_clash(visitor, vietnam(10, 10, 30), vietnam(10, 10, 45))
    assert (clash.session, clash.speaking) == (earlier, True)
    assert queries.session_clash(visitor, vietnam(10, 12), vietnam(10, 12, 15)) is None


def test_session_clash_is_one_query_however_many_sessions(stall, visitor, count_queries):
    def add_sessions(numbers: range) -> None:
        for number in numbers:
            starts_at = datetime(2026, 12, 11, tzinfo=UTC) + timedelta(hours=number)
            session = make_session(stall.edition, starts_at=starts_at, duration=timedelta(minutes=30))
            if number % 2:
                make_registration(session, visitor)
            else:
                speaking_at(session, visitor)

    def queries_to_check() -> int:
        db.session.expire_all()
        assert visitor.id  # loaded again before counting
        with count_queries() as counter:
            clash = queries.session_clash(visitor, vietnam(11, 7), vietnam(11, 7, 15))
            assert clash.session.edition.zone  # the edition comes with the session
        return counter["n"]

    add_sessions(range(3))
    assert queries_to_check() == 1
    add_sessions(range(3, 30))
    assert queries_to_check() == 1


# The booking page ----------------------------------------------------------------------------

def test_booking_page_refuses_with_409_naming_the_session_in_the_reader_s_language(client, login, stall, visitor):
    client.set_cookie("techfest_locale", "en")
    make_registration(workshop(stall.edition), visitor)
    slot = slot_at(stall, 10, 10)
    login(visitor)
    response = client.post(f"/meetings/slots/{slot.id}/book", data={"topic": "Đầu tư"})

    assert response.status_code == 409
    assert Page(response).by_id["refusal"] == (
        "You are registered for “Digital transformation workshop” at that time (10/12/2026 09:00–11:00). "
        "Choose another slot, or cancel your registration first.")
    assert f'href="/e/{stall.edition.slug}/stalls/{stall.id}/meetings"' in response.get_data(as_text=True)
    assert active_meetings(slot) == 0
