"""Rules the database itself keeps for organisations and their teams."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.teams.models import Invitation, MemberRole, Membership
from tests.factories import make_organisation, make_province, make_user


def test_second_owner_is_refused_by_database():
    organisation = make_organisation()

    db.session.add(Membership(organisation=organisation, user=make_user(), role=MemberRole.OWNER))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

    assert [m.role for m in organisation.memberships] == ["owner"]


def test_owners_of_different_organisations_are_allowed_by_database():
    owner = make_user()
    first, second = make_organisation(owner), make_organisation(owner)

    assert (first.owner, second.owner) == (owner, owner)


def test_same_person_twice_in_a_team_is_refused_by_database():
    member = make_user()
    organisation = make_organisation(members=(member,))

    db.session.add(Membership(organisation=organisation, user=member, role=MemberRole.MEMBER))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_province_outside_viet_nam_is_refused_by_database():
    province = make_province()

    with pytest.raises(IntegrityError):
        make_organisation(country_code="TH", province_id=province.id)
    db.session.rollback()


def test_invitation_is_pending_until_accepted_revoked_or_expired(frozen_time):
    organisation = make_organisation()
    invitation = Invitation(organisation=organisation, email="lan@example.vn", token_hash="x" * 64,
                            expires_at=frozen_time.start + timedelta(days=1))
    db.session.add(invitation)
    db.session.commit()

    assert invitation.is_pending is True
    frozen_time(frozen_time.start + timedelta(days=1))
    assert invitation.is_pending is False
    frozen_time(frozen_time.start)
    invitation.revoked_at = frozen_time.start
    assert invitation.is_pending is False
    invitation.revoked_at, invitation.accepted_at = None, frozen_time.start
    assert invitation.is_pending is False
