"""Who reads a stall's leads and who may write to it: truth tables."""
import pytest
from flask_login import AnonymousUserMixin

from app.accounts.models import Role
from app.leads.permissions import can_contact_stall, can_read_leads
from tests.factories import make_edition, make_organisation, make_stall, make_user


@pytest.fixture
def world():
    people = {"anonymous": AnonymousUserMixin(), "visitor": make_user(), "owner": make_user(), "member": make_user(),
              "organiser": make_user(), "other_organiser": make_user(), "admin": make_user(roles=(Role.ADMIN,))}
    edition = make_edition(organisers=(people["organiser"],))
    make_edition(organisers=(people["other_organiser"],))
    stall = make_stall(edition, organisation=make_organisation(people["owner"], members=(people["member"],)))
    return stall, people


@pytest.mark.parametrize(("person", "expected"), [
    ("anonymous", False), ("visitor", False), ("owner", True), ("member", True), ("organiser", True),
    ("other_organiser", False), ("admin", True),
])
def test_can_read_leads(world, person, expected):
    stall, people = world
    assert can_read_leads(people[person], stall) is expected


@pytest.mark.parametrize(("person", "expected"), [
    ("anonymous", True), ("visitor", True), ("owner", False), ("member", False), ("organiser", True),
    ("other_organiser", True), ("admin", True),
])
def test_can_contact_stall(world, person, expected):
    stall, people = world
    assert can_contact_stall(people[person], stall) is expected


@pytest.mark.parametrize(("person", "expected"), [
    ("anonymous", False), ("visitor", False), ("owner", False), ("organiser", True), ("admin", True),
])
def test_hidden_stall_takes_contact_from_nobody_but_its_organisers(world, person, expected):
    stall, people = world
    stall.is_hidden = True
    assert can_contact_stall(people[person], stall) is expected


def test_draft_edition_stall_takes_no_contact_from_visitors(world):
    stall, people = world
    stall.edition.status = "draft"
    assert (can_contact_stall(people["visitor"], stall), can_contact_stall(people["organiser"], stall)) == (False, True)
