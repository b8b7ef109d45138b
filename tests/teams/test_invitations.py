"""Inviting people to a team by email, and the single-use links they receive."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import Conflict
from app.extensions import db
from app.teams import services
from app.teams.models import Invitation, Membership
from app.teams.services import InvalidInvitation
from tests.factories import make_organisation, make_user
from tests.teams.helpers import english, invitation_token, outbox_rows


def test_invite_member_records_invitation_and_queues_mail(frozen_time):
    owner = make_user(locale="en")
    organisation = make_organisation(owner, name="Nông Sản Xanh")

    invitation = services.invite_member(organisation, email="  Lan@Example.VN ", invited_by=owner)

    assert (invitation.email, invitation.invited_by_id) == ("lan@example.vn", owner.id)
    assert (invitation.created_at, invitation.expires_at) == (frozen_time.start, frozen_time.start + timedelta(days=14))
    assert (invitation.accepted_at, invitation.revoked_at) == (None, None)
    [message] = outbox_rows()
    assert (message.recipient_email, message.kind, message.status) == ("lan@example.vn", "teams.invitation", "queued")
    assert services.invitation_for_token(invitation_token(message)) == invitation


def test_invite_member_stores_only_a_hash_of_the_token():
    owner = make_user()
    invitation = services.invite_member(make_organisation(owner), email="lan@example.vn", invited_by=owner)

    token = invitation_token()
    assert len(token) >= 40
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_invite_member_writes_in_inviter_language_when_invitee_has_no_account():
    owner = make_user(locale="en")

    services.invite_member(make_organisation(owner), email="lan@example.vn", invited_by=owner)

    assert [m.locale for m in outbox_rows()] == ["en"]


def test_invite_member_writes_in_invitee_account_language():
    owner = make_user(locale="en")
    invitee = make_user(email="lan@example.vn", locale="vi")
    english_invitee = make_user(email="mai@example.vn", locale="en")
    vietnamese_owner = make_user(locale="vi")

    services.invite_member(make_organisation(owner), email="LAN@example.vn", invited_by=owner)
    services.invite_member(make_organisation(vietnamese_owner), email=english_invitee.email,
                           invited_by=vietnamese_owner)

    assert [(m.recipient_email, m.locale) for m in outbox_rows()] == [(invitee.email, "vi"), ("mai@example.vn", "en")]


def test_invite_member_refuses_existing_member():
    owner, member = make_user(), make_user(email="lan@example.vn")
    organisation = make_organisation(owner, members=(member,))

    with pytest.raises(Conflict) as refusal:
        services.invite_member(organisation, email="Lan@Example.vn", invited_by=owner)

    assert english(refusal.value) == "lan@example.vn is already a member of this team."
    assert refusal.value.status_code == 409
    assert db.session.scalars(select(Invitation)).all() == []
    assert outbox_rows() == []


def test_invite_member_again_revokes_earlier_link(frozen_time):
    owner = make_user()
    organisation = make_organisation(owner)
    first = services.invite_member(organisation, email="lan@example.vn", invited_by=owner)
    first_token = invitation_token()
    later = frozen_time(frozen_time.start + timedelta(hours=2))

    second = services.invite_member(organisation, email="LAN@example.vn", invited_by=owner)

    assert (first.revoked_at, second.revoked_at) == (later, None)
    with pytest.raises(InvalidInvitation):
        services.invitation_for_token(first_token)
    assert services.invitation_for_token(invitation_token()) == second
    assert len(outbox_rows()) == 2


def test_invite_member_keeps_invitations_to_other_people():
    owner = make_user()
    organisation = make_organisation(owner)
    first = services.invite_member(organisation, email="lan@example.vn", invited_by=owner)

    services.invite_member(organisation, email="mai@example.vn", invited_by=owner)

    assert first.is_pending is True


# --- invitation_for_token ---------------------------------------------------------------------

@pytest.fixture
def invited(frozen_time):
    """An invitation sent now, and the token from its mail."""
    owner = make_user()
    invitation = services.invite_member(make_organisation(owner, name="Nông Sản Xanh"),
                                        email="lan@example.vn", invited_by=owner)
    return invitation, invitation_token()


def test_invitation_for_token_refuses_unknown_token(invited):
    with pytest.raises(InvalidInvitation) as refusal:
        services.invitation_for_token("not-a-real-token")

    assert (english(refusal.value), refusal.value.status_code) == ("This invitation link is not valid.", 404)


def test_invitation_for_token_refuses_used_link(invited):
    invitation, token = invited
    services.accept_invitation(token, make_user())

    with pytest.raises(InvalidInvitation) as refusal:
        services.invitation_for_token(token)

    assert english(refusal.value) == "This invitation has already been used."


def test_invitation_for_token_refuses_revoked_link(invited):
    invitation, token = invited
    services.revoke_invitation(invitation)

    with pytest.raises(InvalidInvitation) as refusal:
        services.invitation_for_token(token)

    assert english(refusal.value) == "This invitation has been withdrawn or replaced by a newer one."


def test_invitation_for_token_accepts_link_until_just_before_expiry(invited, frozen_time):
    invitation, token = invited
    frozen_time(invitation.expires_at - timedelta(seconds=1))

    assert services.invitation_for_token(token) == invitation


def test_invitation_for_token_refuses_expired_link(invited, frozen_time):
    invitation, token = invited
    frozen_time(frozen_time.start + timedelta(days=14))

    with pytest.raises(InvalidInvitation) as refusal:
        services.invitation_for_token(token)

    assert english(refusal.value) == "This invitation has expired. Ask the team owner for a new one."


def test_revoke_invitation_sets_time_once(invited, frozen_time):
    invitation, _ = invited
    services.revoke_invitation(invitation)
    frozen_time(frozen_time.start + timedelta(hours=1))

    services.revoke_invitation(invitation)

    assert invitation.revoked_at == frozen_time.start


# --- accept_invitation ------------------------------------------------------------------------

def test_accept_invitation_joins_team_as_member(invited, frozen_time):
    invitation, token = invited
    lan = make_user(email="lan@example.vn")

    membership = services.accept_invitation(token, lan)

    assert (membership.organisation_id, membership.user_id, membership.role) == (
        invitation.organisation_id, lan.id, "member")
    assert membership.joined_at == frozen_time.start
    assert (invitation.accepted_at, invitation.accepted_by_id) == (frozen_time.start, lan.id)
    assert [m.user_id for m in invitation.organisation.memberships] == [invitation.organisation.owner.id, lan.id]


def test_accept_invitation_second_time_is_refused(invited):
    invitation, token = invited
    services.accept_invitation(token, make_user())

    with pytest.raises(InvalidInvitation) as refusal:
        services.accept_invitation(token, make_user())

    assert english(refusal.value) == "This invitation has already been used."
    assert len(invitation.organisation.memberships) == 2


def test_accept_invitation_by_existing_member_is_refused(invited):
    invitation, token = invited
    owner = invitation.organisation.owner

    with pytest.raises(Conflict) as refusal:
        services.accept_invitation(token, owner)

    assert english(refusal.value) == "You are already a member of Nông Sản Xanh."
    assert invitation.accepted_at is None
    assert db.session.scalar(select(Membership.id).where(Membership.user_id == owner.id,
                                                         Membership.role == "member")) is None
