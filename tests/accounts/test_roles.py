"""Platform roles: granting, revoking, deactivating, the predicates built on them, and user search."""
import pytest
from flask_babel import force_locale

from app.accounts import services
from app.accounts.models import Role, RoleGrant, User
from app.accounts.permissions import can_deactivate, can_manage_roles, has_role, is_admin, role_summary
from app.core.errors import NotAllowed
from app.extensions import db
from tests.core.pages import in_english
from tests.factories import make_organisation, make_user


def grants() -> list[tuple[int, str, int | None]]:
    rows = db.session.query(RoleGrant).order_by(RoleGrant.user_id, RoleGrant.role)
    return [(grant.user_id, grant.role, grant.granted_by_id) for grant in rows]


# -- grant_role / revoke_role ----------------------------------------------------------------

def test_grant_role_records_who_granted_it_and_when(frozen_time):
    admin = make_user(roles=(Role.ADMIN,))
    judge = make_user()
    grant = services.grant_role(judge, Role.JUDGE, granted_by=admin)
    assert (grant.user_id, grant.role, grant.granted_by_id, grant.granted_at) == (
        judge.id, "judge", admin.id, frozen_time.start)
    assert grants() == [(admin.id, "admin", None), (judge.id, "judge", admin.id)]


def test_grant_role_already_held_changes_nothing():
    admin = make_user(roles=(Role.ADMIN,))
    judge = make_user()
    first = services.grant_role(judge, Role.JUDGE, granted_by=admin)
    again = services.grant_role(judge, Role.JUDGE, granted_by=None)
    assert again.id == first.id
    assert grants() == [(admin.id, "admin", None), (judge.id, "judge", admin.id)]


def test_revoke_role_removes_only_that_role():
    admin = make_user(roles=(Role.ADMIN,))
    person = make_user(roles=(Role.JUDGE, Role.EXHIBITOR))
    services.revoke_role(person, Role.JUDGE, revoked_by=admin)
    assert grants() == [(admin.id, "admin", None), (person.id, "exhibitor", None)]


def test_revoke_role_not_held_changes_nothing():
    admin = make_user(roles=(Role.ADMIN,))
    person = make_user(roles=(Role.JUDGE,))
    services.revoke_role(person, Role.ORGANISER, revoked_by=admin)
    assert grants() == [(admin.id, "admin", None), (person.id, "judge", None)]


def test_revoke_role_refuses_own_admin_role():
    admin = make_user(roles=(Role.ADMIN,))
    with pytest.raises(NotAllowed) as refusal:
        services.revoke_role(admin, Role.ADMIN, revoked_by=admin)
    assert (in_english(refusal.value), refusal.value.status_code) == (
        "You cannot remove your own administrator role.", 403)
    assert grants() == [(admin.id, "admin", None)]


def test_revoke_role_of_another_admin_is_allowed():
    admin = make_user(roles=(Role.ADMIN,))
    other = make_user(roles=(Role.ADMIN,))
    services.revoke_role(other, Role.ADMIN, revoked_by=admin)
    assert grants() == [(admin.id, "admin", None)]


def test_revoke_own_other_role_is_allowed():
    admin = make_user(roles=(Role.ADMIN, Role.JUDGE))
    services.revoke_role(admin, Role.JUDGE, revoked_by=admin)
    assert grants() == [(admin.id, "admin", None)]


# -- set_account_active ----------------------------------------------------------------------

def test_set_account_active_deactivates_and_reactivates():
    admin = make_user(roles=(Role.ADMIN,))
    person = make_user()
    services.set_account_active(person, False, by=admin)
    db.session.expire_all()
    assert db.session.get(User, person.id).active is False
    services.set_account_active(person, True, by=admin)
    db.session.expire_all()
    assert db.session.get(User, person.id).active is True


def test_set_account_active_refuses_own_account():
    admin = make_user(roles=(Role.ADMIN,))
    with pytest.raises(NotAllowed) as refusal:
        services.set_account_active(admin, False, by=admin)
    assert in_english(refusal.value) == "You cannot deactivate your own account."
    assert admin.active is True


def test_set_account_active_refuses_non_admin():
    organiser = make_user(roles=(Role.ORGANISER,))
    person = make_user()
    with pytest.raises(NotAllowed):
        services.set_account_active(person, False, by=organiser)
    assert person.active is True


# -- predicates ------------------------------------------------------------------------------

def test_has_role_for_held_role_only():
    judge = make_user(roles=(Role.JUDGE,))
    assert (has_role(judge, Role.JUDGE), has_role(judge, Role.ORGANISER), is_admin(judge)) == (True, False, False)


def test_has_role_admin_holds_every_role():
    admin = make_user(roles=(Role.ADMIN,))
    assert [has_role(admin, role) for role in Role] == [True, True, True, True]


def test_has_role_false_for_deactivated_admin():
    admin = make_user(roles=(Role.ADMIN,), active=False)
    assert (is_admin(admin), can_manage_roles(admin)) == (False, False)


def test_has_role_false_for_nobody():
    from flask_login import AnonymousUserMixin

    assert (has_role(None, Role.JUDGE), is_admin(AnonymousUserMixin())) == (False, False)


def test_can_deactivate_others_but_not_self():
    admin = make_user(roles=(Role.ADMIN,))
    person = make_user()
    assert (can_deactivate(admin, person), can_deactivate(admin, admin), can_deactivate(person, admin)) == (
        True, False, False)


def test_role_summary_lists_granted_and_derived_roles():
    person = make_user(roles=(Role.JUDGE, Role.EXHIBITOR))
    make_organisation(person, kind="startup")
    with force_locale("en"):
        assert role_summary(person) == ["Exhibitor", "Judge", "Startup member"]


def test_role_summary_empty_for_visitor():
    with force_locale("en"):
        assert role_summary(make_user()) == []


# -- search_users_query ----------------------------------------------------------------------

def search(text=None, role=None) -> list[str]:
    return [user.name for user in db.session.scalars(services.search_users_query(text, role))]


@pytest.fixture
def people():
    return {
        "lan": make_user(name="Nguyễn Thị Lan", email="lan@example.vn", roles=(Role.JUDGE,)),
        "ha": make_user(name="Đặng Thu Hà", email="ha.dang@techfest.vn", roles=(Role.ORGANISER, Role.JUDGE)),
        "binh": make_user(name="Trần Văn Bình", email="binh@example.vn"),
        "thinh": make_user(name="Nguyễn Thịnh", email="thinh@example.vn", roles=(Role.EXHIBITOR,)),
    }


def test_search_users_query_without_filters_lists_everyone_by_folded_name(people):
    assert search() == ["Đặng Thu Hà", "Nguyễn Thị Lan", "Nguyễn Thịnh", "Trần Văn Bình"]


def test_search_users_query_ignores_vietnamese_diacritics(people):
    assert search("nguyen thi") == ["Nguyễn Thị Lan", "Nguyễn Thịnh"]
    assert search("nguyen thi lan") == ["Nguyễn Thị Lan"]


def test_search_users_query_ignores_case_and_extra_spaces(people):
    assert search("  NGUYỄN   THỊ LAN ") == ["Nguyễn Thị Lan"]


def test_search_users_query_folds_d_with_stroke(people):
    assert search("dang") == ["Đặng Thu Hà"]
    assert search("Đặng") == ["Đặng Thu Hà"]


def test_search_users_query_matches_email(people):
    assert search("BINH@EXAMPLE") == ["Trần Văn Bình"]
    assert search("techfest.vn") == ["Đặng Thu Hà"]


def test_search_users_query_filters_by_role(people):
    assert search(role="judge") == ["Đặng Thu Hà", "Nguyễn Thị Lan"]
    assert search("nguyen", role="judge") == ["Nguyễn Thị Lan"]
    assert search(role="admin") == []


def test_search_users_query_with_no_match_is_empty(people):
    assert search("phạm") == []


def test_search_users_query_treats_wildcards_as_characters(people):
    make_user(name="Trần Bảo", email="tran_bao@example.vn")
    assert (search("%"), search("_"), search("n_b")) == ([], ["Trần Bảo"], ["Trần Bảo"])
