"""The invitation email: what it says, in which language, and that it reaches Flask-Mail whole."""
from datetime import timedelta

from flask_babel import force_locale, format_datetime

from app.notifications.delivery import deliver_message
from app.teams import services
from app.teams.notifications import notify_team_invitation
from tests.factories import make_organisation, make_user
from tests.teams.helpers import invitation_token, outbox_rows


def invite_in_english(frozen_time):
    owner = make_user(name="Trần Minh Chủ", locale="en")
    organisation = make_organisation(owner, name="Nông Sản Xanh")
    services.invite_member(organisation, email="lan@example.vn", invited_by=owner)
    [message] = outbox_rows()
    return message


def test_invitation_mail_in_english_names_team_inviter_and_link(frozen_time):
    message = invite_in_english(frozen_time)
    join_url = f"http://127.0.0.1:5000/teams/join/{invitation_token(message)}"
    with force_locale("en"):
        expiry = format_datetime(frozen_time.start + timedelta(days=14), "short")

    assert (message.locale, message.kind) == ("en", "teams.invitation")
    assert message.subject == "Trần Minh Chủ invites you to join Nông Sản Xanh on Techfest Việt Nam"
    assert message.body_text.split("\n\n") == [
        "Hello,",
        "Trần Minh Chủ invites you to join the team of Nông Sản Xanh on Techfest Việt Nam.",
        "To accept, open this link. If you have no account yet, you can create one on the way:",
        join_url,
        f"The invitation expires on {expiry}.",
        "The Techfest Việt Nam team",
    ]


def test_invitation_mail_html_part_has_button_to_join(frozen_time):
    message = invite_in_english(frozen_time)
    join_url = f"http://127.0.0.1:5000/teams/join/{invitation_token(message)}"

    assert '<html lang="en">' in message.body_html
    assert f'href="{join_url}"' in message.body_html
    assert "Join Nông Sản Xanh" in message.body_html
    assert "Trần Minh Chủ invites you to join the team of Nông Sản Xanh on Techfest Việt Nam." in message.body_html


def test_invitation_mail_reaches_mail_with_text_and_html_parts(frozen_time, outbox):
    message = invite_in_english(frozen_time)

    assert deliver_message(message.id) == "sent"

    [sent] = outbox
    assert sent.recipients == ["lan@example.vn"]
    assert sent.subject == "Trần Minh Chủ invites you to join Nông Sản Xanh on Techfest Việt Nam"
    assert (sent.body, sent.html) == (message.body_text, message.body_html)
    assert sent.sender == "Techfest Việt Nam <no-reply@techfest.example>"


def test_invitation_mail_link_opens_the_invitation(frozen_time, client):
    message = invite_in_english(frozen_time)
    client.set_cookie("techfest_locale", "en")

    response = client.get(f"/teams/join/{invitation_token(message)}")

    assert response.status_code == 200
    assert "Invitation to join Nông Sản Xanh" in response.get_data(as_text=True)


def test_invitation_mail_from_deleted_inviter_names_the_festival(frozen_time):
    owner = make_user(locale="en")
    organisation = make_organisation(owner, name="Nông Sản Xanh")
    invitation = services.invite_member(organisation, email="lan@example.vn", invited_by=owner)
    invitation.invited_by = None

    notify_team_invitation(invitation, "token", locale="en")

    assert outbox_rows()[-1].subject == "Techfest Việt Nam invites you to join Nông Sản Xanh on Techfest Việt Nam"


def test_invitation_mail_escapes_names_in_html_part(frozen_time):
    owner = make_user(name="Lan <b>Boss</b>", locale="en")
    organisation = make_organisation(owner, name="Xanh & <Sạch>")

    services.invite_member(organisation, email="lan@example.vn", invited_by=owner)

    [message] = outbox_rows()
    assert "Lan &lt;b&gt;Boss&lt;/b&gt; invites you to join the team of Xanh &amp; &lt;Sạch&gt;" in message.body_html
    assert "<b>Boss</b>" not in message.body_html
    assert "Lan <b>Boss</b> invites you to join the team of Xanh & <Sạch> on Techfest Việt Nam." in message.body_text
    assert message.subject == "Lan <b>Boss</b> invites you to join Xanh & <Sạch> on Techfest Việt Nam"
