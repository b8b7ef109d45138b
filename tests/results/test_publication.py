"""Publishing a round's results: one email per team member, in their language, in the same transaction."""
import pytest
from flask_babel import force_locale

from app.core.time import utcnow
from app.extensions import db
from app.results import services
from tests.results.helpers import COMMENTS, PRIVATE_NOTES, outbox_rows, results_url


def english(error) -> str:
    with force_locale("en"):
        return str(error)


@pytest.fixture
def decided(example):
    """E1 and E2 advance to the final; E3 and E4 do not."""
    services.advance_top(example.round, count=2, per_track=False)
    return example


def mail_for(email: str):
    return next(message for message in outbox_rows() if message.recipient_email == email)


def test_one_email_per_team_member(decided):
    queued = services.publish_results(decided.round)

    assert queued == 8
    recipients = sorted(message.recipient_email for message in outbox_rows())
    assert recipients == sorted(user.email for pair in decided.members.values() for user in pair)
    assert decided.round.results_published_at == utcnow()
    kinds = {message.recipient_email: message.kind for message in outbox_rows()}
    assert kinds[decided.members["E1"][0].email] == "results.advanced"
    assert kinds[decided.members["E3"][1].email] == "results.eliminated"


def test_advanced_email_in_english_with_comments(decided):
    services.publish_results(decided.round)

    message = mail_for(decided.members["E1"][1].email)  # the member reads English

    assert message.locale == "en"
    assert message.subject == "Cảng Thông Minh advances to Grand final"
    body = message.body_text
    assert "The results of Online screening of Startup talent search are published." in body
    assert "Congratulations: Cảng Thông Minh advances to Grand final." in body
    assert "For this round, the organisers ask: Bring a 5-minute demo." in body
    assert f"Judge 1:\n{COMMENTS[('J1', 'E1')]}" in body
    assert f"Judge 2:\n{COMMENTS[('J2', 'E1')]}" in body
    assert PRIVATE_NOTES[("J2", "E1")] not in body
    assert PRIVATE_NOTES[("J2", "E1")] not in message.body_html
    assert COMMENTS[("J1", "E1")] in message.body_html


def test_advanced_email_in_vietnamese_for_the_owner(decided):
    services.publish_results(decided.round)

    message = mail_for(decided.members["E1"][0].email)  # the owner reads Vietnamese

    assert message.locale == "vi"
    assert "Chung kết" in message.subject
    assert "Chuẩn bị demo 5 phút." in message.body_text
    assert "Bring a 5-minute demo." not in message.body_text
    assert "Cảng Thông Minh" in message.body_text


def test_eliminated_email_without_comments(decided):
    services.publish_results(decided.round)

    message = mail_for(decided.members["E3"][1].email)

    assert message.subject == "Results of Online screening: Học Vui"
    assert "Học Vui does not advance to Grand final this time." in message.body_text
    assert "Congratulations" not in message.body_text
    assert "The judges left no comments for your team." in message.body_text


@pytest.mark.parametrize("blind", [True, False])
def test_judges_are_never_named(blind):
    from tests.results.helpers import JUDGE_NAMES, worked_example

    example = worked_example(blind=blind)
    services.advance_top(example.round, count=2, per_track=False)

    services.publish_results(example.round)

    for message in outbox_rows():
        for name in JUDGE_NAMES.values():
            assert name not in message.body_text
            assert name not in message.body_html
        for note in PRIVATE_NOTES.values():
            assert note not in message.body_text


def test_draft_comments_are_not_sent(decided):
    sheet = decided.sheets[("J3", "E2")]
    sheet.status = "draft"
    db.session.commit()

    services.publish_results(decided.round)

    assert COMMENTS[("J3", "E2")] not in mail_for(decided.members["E2"][1].email).body_text


def test_publishing_needs_decisions_first(example):
    with pytest.raises(services.ResultsError) as refused:
        services.publish_results(example.round)

    assert english(refused.value) == "Decide who advances before publishing the results."
    assert outbox_rows() == []
    assert example.round.results_published_at is None


def test_publishing_twice_is_refused(decided):
    services.publish_results(decided.round)

    with pytest.raises(services.ResultsPublished):
        services.publish_results(decided.round)

    assert len(outbox_rows()) == 8


def test_the_last_round_is_published_with_a_thank_you(decided):
    from app.judging.models import Assignment

    final = decided.final
    message_count = len(outbox_rows())
    sheet = Assignment(round=final, judge=decided.judges["J1"], entry=decided.entries["E1"], status="draft")
    db.session.add(sheet)
    db.session.commit()

    with pytest.raises(services.IncompleteJudging):
        services.publish_results(final)
    db.session.rollback()
    services.publish_results(final, confirm_incomplete=True)

    new = outbox_rows()[message_count:]
    assert sorted(message.recipient_email for message in new) == sorted(
        user.email for key in ("E1", "E2") for user in decided.members[key])
    english_mail = next(m for m in new if m.recipient_email == decided.members["E2"][1].email)
    assert english_mail.subject == "Results of Grand final: Nông Sản Xanh"
    assert "Thank you for taking part with Nông Sản Xanh." in english_mail.body_text


def test_inactive_members_get_no_email(decided):
    decided.members["E4"][1].active = False
    db.session.commit()

    assert services.publish_results(decided.round) == 7


def test_publish_button_sends_the_mail(client, login, decided, outbox):
    login(decided.organiser)

    response = client.post(results_url(decided, suffix="results/publish"), data={})

    assert response.status_code == 302
    assert len(outbox) == 8  # delivered after the commit, inline
    assert {message.recipients[0] for message in outbox} == {
        f"{user.name} <{user.email}>" for pair in decided.members.values() for user in pair}
    page = client.get(results_url(decided)).get_data(as_text=True)
    assert "The results are published; 8 emails are on their way." in page
    assert "Results published on" in page


def test_publish_refused_page_keeps_state(client, login, example):
    login(example.organiser)

    response = client.post(results_url(example, suffix="results/publish"), data={})

    assert response.status_code == 400
    assert "Decide who advances before publishing the results." in response.get_data(as_text=True)
    assert outbox_rows() == []


def test_a_concurrent_publication_sends_nothing_more(decided):
    """Another organiser published meanwhile: this page's round object still says unpublished."""
    from sqlalchemy import update

    from app.competitions.models import Round

    db.session.execute(update(Round).where(Round.id == decided.round.id).values(results_published_at=utcnow())
                       .execution_options(synchronize_session=False))
    assert decided.round.results_published_at is None

    with pytest.raises(services.ResultsPublished):
        services.publish_results(decided.round)

    assert outbox_rows() == []
