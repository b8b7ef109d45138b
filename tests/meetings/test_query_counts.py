"""Meeting pages run the same number of SQL statements with 3 slots or meetings as with 30."""
from datetime import timedelta

import pytest

from tests.factories import make_meeting, make_meeting_slot, make_user
from tests.meetings.helpers import give_booth, other_stall, stall_with_team, vietnam


def _queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter["n"]


def _add_slots(stall, numbers: range) -> None:
    """Slots of 10 minutes every 10 minutes from 08:00 on 10 December, every other one booked."""
    for number in numbers:
        slot = make_meeting_slot(stall, starts_at=vietnam(10, 8) + timedelta(minutes=10 * number), minutes=10)
        if number % 2:
            make_meeting(slot, visitor=make_user())


@pytest.mark.parametrize("who", ["anonymous", "visitor"])
def test_public_slots_page(client, login, count_queries, who):
    stall = stall_with_team()
    give_booth(stall)
    if who == "visitor":
        login(make_user())
    url = f"/e/{stall.edition.slug}/stalls/{stall.id}/meetings"
    _add_slots(stall, range(3))
    small = _queries(client, count_queries, url)
    _add_slots(stall, range(3, 30))
    assert _queries(client, count_queries, url) == small


def test_owner_slots_page(client, login, count_queries):
    stall = stall_with_team()
    login(stall.organisation.owner)
    url = f"/me/stalls/{stall.id}/meetings"
    _add_slots(stall, range(3))
    small = _queries(client, count_queries, url)
    _add_slots(stall, range(3, 30))
    assert _queries(client, count_queries, url) == small


def test_my_meetings_page(client, login, count_queries):
    visitor = login(make_user())
    edition = stall_with_team().edition

    def book_at_new_stalls(numbers: range) -> None:
        for number in numbers:
            stall = other_stall(edition, name=f"Công ty {number}")
            if number % 2:
                give_booth(stall, code=f"A-{number:02d}", hall_code=f"H{number}")
            start = vietnam(10, 8) + timedelta(minutes=20 * number)
            make_meeting(make_meeting_slot(stall, starts_at=start), visitor=visitor)

    book_at_new_stalls(range(3))
    small = _queries(client, count_queries, "/me/meetings")
    book_at_new_stalls(range(3, 30))
    assert _queries(client, count_queries, "/me/meetings") == small
