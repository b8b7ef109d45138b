"""Mail of the judging domain: what the invitation and the reminder say, to whom, in which language."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.judging import services
from app.notifications.models import OutboxMessage
from tests.factories import make_user
from tests.judging.helpers import add_entry, build_world, judge_user

pytestmark = pytest.mark.usefixtures("frozen_time")


def messages() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_invitation_mail_for_someone_without_an_account_in_the_inviters_language():
    world = build_world(judges=0)

    services.invite_judge(world.competition, email="tanaka@vjoin.jp", name="Tanaka Yuki", invited_by=world.organiser)

    [message] = messages()
    token = message.body_text.split("/judge/invitations/")[1].split()[0]
    assert (message.kind, message.recipient_email, message.recipient_name, message.locale) == (
        "judging.invitation", "tanaka@vjoin.jp", "Tanaka Yuki", "en")
    assert message.subject == "You are invited to judge Startup talent search"
    assert message.body_text.split("\n\n") == [
        "Hello Tanaka Yuki,",
        f"Organiser invites you to judge Startup talent search at {world.edition.name_en}.",
        "To accept, open this link. If you have no account yet, you can create one on the way:",
        f"http://127.0.0.1:5000/judge/invitations/{token}",
        "After accepting, state your expertise and declare any conflict of interest with the competing startups "
        "before the entries are assigned.",
        "The invitation expires on 12/7/26, 10:00\u202fAM.",
        "The Techfest Việt Nam team",
    ]
    assert f'href="http://127.0.0.1:5000/judge/invitations/{token}"' in message.body_html
    assert "Accept the invitation" in message.body_html


def test_invitation_mail_is_in_the_invitees_own_language_when_they_have_an_account():
    world = build_world(judges=0)
    make_user(email="lan@example.vn", locale="vi")

    services.invite_judge(world.competition, email="lan@example.vn", name=None, invited_by=world.organiser)

    [message] = messages()
    assert message.locale == "vi"
    assert message.subject.endswith("Tìm kiếm tài năng khởi nghiệp")  # the competition's Vietnamese name
    assert message.body_text.startswith("Xin chào")


def test_reminder_lists_the_sheets_not_submitted_with_links_in_the_judges_language():
    world = build_world(entries=0, judges=0, k=1)
    first, second, third = (add_entry(world, n, project_name=name) for n, name in
                            ((1, "Nông Sản Xanh"), (2, "EduBot"), (3, "Done Project")))
    from tests.judging.helpers import add_judge, scored

    judge = add_judge(world, 1, user=judge_user(1, name="Kim Min-jun"))
    late_one = services.add_judge_to_entry(world.round, judge=judge, entry=first)
    late_two = scored(world, judge, second, points=(8,), submitted=False)
    scored(world, judge, third, submitted=True)

    services.remind_late_judges(world.round)

    [message] = messages()
    assert (message.kind, message.recipient_email, message.locale) == ("judging.reminder", judge.user.email, "en")
    assert message.subject == "Reminder: entries are waiting for your scores in Startup talent search"
    assert message.body_text.split("\n\n") == [
        "Hello Kim Min-jun,",
        "In Round 1 of Startup talent search, 2 entries are waiting for your scores:\n"
        f"- EduBot: http://127.0.0.1:5000/judge/assignments/{late_two.id}\n"
        f"- Nông Sản Xanh: http://127.0.0.1:5000/judge/assignments/{late_one.id}",
        "Judging closes on Monday, November 30, 2026, 5:00\u202fPM (Asia/Ho_Chi_Minh). After that, scores are locked.",
        "All your assignments: http://127.0.0.1:5000/judge/",
        "The Techfest Việt Nam team",
    ]
    assert f'<a href="http://127.0.0.1:5000/judge/assignments/{late_one.id}"' in message.body_html
    assert "Done Project" not in message.body_text


def test_reminder_in_vietnamese_for_a_vietnamese_judge():
    world = build_world(entries=1, judges=0, k=1)
    from tests.judging.helpers import add_judge

    judge = add_judge(world, 1, user=make_user(locale="vi", name="Vũ Đức Thắng"))
    services.add_judge_to_entry(world.round, judge=judge, entry=world.entries[0])

    services.remind_late_judges(world.round)

    [message] = messages()
    assert message.locale == "vi"
    assert message.body_text.startswith("Xin chào Vũ Đức Thắng,")
    assert "Vòng 1" in message.body_text and "Tìm kiếm tài năng khởi nghiệp" in message.body_text


def test_reminder_in_blind_judging_names_projects_never_teams():
    world = build_world(entries=0, judges=1, k=1, blind=True)
    entry = add_entry(world, 1, name="Nông Sản Xanh", project_name="Smart irrigation")
    services.add_judge_to_entry(world.round, judge=world.judges[0], entry=entry)

    services.remind_late_judges(world.round)

    [message] = messages()
    assert "Smart irrigation" in message.body_text
    assert "Nông Sản Xanh" not in message.body_text and "Nông Sản Xanh" not in message.body_html
