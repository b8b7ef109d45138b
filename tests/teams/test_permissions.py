"""Who may edit a profile, see its team, manage members and leave: the truth table."""
import pytest
from flask_login import AnonymousUserMixin

from app.accounts.models import Role
from app.teams import permissions
from tests.factories import make_organisation, make_user

PEOPLE = ("anonymous", "stranger", "member", "owner", "admin")

# person -> (can_edit_organisation, can_see_team, can_manage_members, can_leave)
TRUTH_TABLE = {
    "anonymous": (False, False, False, False),
    "stranger": (False, False, False, False),
    "member": (True, True, False, True),
    "owner": (True, True, True, False),
    "admin": (True, True, True, False),
}


@pytest.fixture
def team():
    """An organisation and one person in each relation to it."""
    owner, member = make_user(), make_user()
    organisation = make_organisation(owner, members=(member,))
    people = {
        "anonymous": AnonymousUserMixin(), "stranger": make_user(), "member": member, "owner": owner,
        "admin": make_user(roles=(Role.ADMIN,)),
    }
    return organisation, people


@pytest.mark.parametrize("person", PEOPLE)
def test_team_permissions_truth_table(team, person):
    organisation, people = team
    user = people[person]

    answers = (
        permissions.can_edit_organisation(user, organisation),
        permissions.can_see_team(user, organisation),
        permissions.can_manage_members(user, organisation),
        permissions.can_leave(user, organisation),
    )

    assert answers == TRUTH_TABLE[person]


def test_team_permissions_refuse_missing_user(team):
    organisation, _ = team

    assert [check(None, organisation) for check in (
        permissions.can_edit_organisation, permissions.can_see_team,
        permissions.can_manage_members, permissions.can_leave,
    )] == [False, False, False, False]


def test_team_permissions_refuse_deactivated_admin(team):
    organisation, _ = team
    admin = make_user(roles=(Role.ADMIN,), active=False)

    assert (permissions.can_edit_organisation(admin, organisation),
            permissions.can_manage_members(admin, organisation)) == (False, False)


def test_can_manage_members_is_for_owner_of_this_organisation_only(team):
    organisation, people = team
    other = make_organisation(people["owner"])

    assert permissions.can_manage_members(people["member"], other) is False
    assert permissions.can_manage_members(people["owner"], other) is True


@pytest.mark.parametrize(("who", "expected"), [
    ("anonymous", False), ("unconfirmed", False), ("confirmed", True), ("admin", True),
])
def test_can_create_organisation_needs_confirmed_account(who, expected):
    user = {
        "anonymous": AnonymousUserMixin,
        "unconfirmed": lambda: make_user(confirmed=False),
        "confirmed": make_user,
        "admin": lambda: make_user(roles=(Role.ADMIN,)),
    }[who]()

    assert permissions.can_create_organisation(user) is expected
