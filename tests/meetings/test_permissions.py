"""Who publishes slots, books them, sees and cancels meetings: truth tables."""
import pytest
from flask_login import AnonymousUserMixin

from app.accounts.models import Role
from app.meetings.permissions import (can_book_meeting, can_cancel_meeting, can_manage_slots, can_view_meeting,
                                      is_meeting_visitor)
from tests.factories import make_edition, make_meeting, make_meeting_slot, make_organisation, make_stall, make_user


@pytest.fixture
def world():
    people = {"anonymous": AnonymousUserMixin(), "visitor": make_user(), "booker": make_user(), "owner": make_user(),
              "member": make_user(), "organiser": make_user(), "other_organiser": make_user(),
              "admin": make_user(roles=(Role.ADMIN,)), "inactive": make_user(active=False)}
    edition = make_edition(organisers=(people["organiser"],))
    make_edition(organisers=(people["other_organiser"],))
    stall = make_stall(edition, organisation=make_organisation(people["owner"], members=(people["member"],)))
    meeting = make_meeting(make_meeting_slot(stall), visitor=people["booker"])
    return stall, meeting, people


@pytest.mark.parametrize(("person", "expected"), [
    ("anonymous", False), ("visitor", False), ("booker", False), ("owner", True), ("member", True),
    ("organiser", True), ("other_organiser", False), ("admin", True), ("inactive", False),
])
def test_can_manage_slots(world, person, expected):
    stall, _, people = world
    assert can_manage_slots(people[person], stall) is expected


@pytest.mark.parametrize(("person", "expected"), [
    ("anonymous", False), ("visitor", True), ("booker", True), ("owner", False), ("member", False),
    ("organiser", True), ("other_organiser", True), ("admin", True), ("inactive", False),
])
def test_can_book_meeting(world, person, expected):
    stall, _, people = world
    assert can_book_meeting(people[person], stall) is expected


@pytest.mark.parametrize(("person", "expected"), [
    ("visitor", False), ("owner", False), ("organiser", True), ("admin", True),
])
def test_nobody_but_organisers_books_at_a_hidden_stall(world, person, expected):
    stall, _, people = world
    stall.is_hidden = True
    assert can_book_meeting(people[person], stall) is expected


@pytest.mark.parametrize(("person", "expected"), [
    ("anonymous", False), ("visitor", False), ("booker", True), ("owner", True), ("member", True),
    ("organiser", True), ("other_organiser", False), ("admin", True), ("inactive", False),
])
def test_can_view_and_cancel_meeting(world, person, expected):
    _, meeting, people = world
    assert (can_view_meeting(people[person], meeting), can_cancel_meeting(people[person], meeting)) == (
        expected, expected)


@pytest.mark.parametrize(("person", "expected"), [("anonymous", False), ("booker", True), ("owner", False)])
def test_is_meeting_visitor(world, person, expected):
    _, meeting, people = world
    assert is_meeting_visitor(people[person], meeting) is expected


def test_deactivated_booker_no_longer_cancels(world):
    _, meeting, people = world
    people["booker"].active = False
    assert can_cancel_meeting(people["booker"], meeting) is False
