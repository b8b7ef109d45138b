"""Writing mail to the outbox inside the caller's transaction, and handing it over after commit."""
from app.extensions import db
from tests.notifications.helpers import addresses, all_messages, queue_invitation, reloaded

SUBJECT = "Trần Chủ invites you to join Nông Sản Xanh on Techfest Việt Nam"


def finish_request(app) -> None:
    """Run the after-request handlers, as Flask does once the view has returned."""
    app.process_response(app.response_class())


def test_queue_email_renders_subject_text_and_html_in_recipient_language():
    message = queue_invitation(locale="en")
    db.session.commit()

    assert (message.recipient_email, message.recipient_name, message.locale) == ("lan@example.vn", "Phạm Lan", "en")
    assert (message.kind, message.status, message.attempts, message.subject) == (
        "teams.invitation", "queued", 0, SUBJECT)
    assert message.body_text.startswith("Hello,\n\nTrần Chủ invites you to join the team of Nông Sản Xanh")
    assert '<html lang="en">' in message.body_html
    assert 'href="http://127.0.0.1:5000/teams/join/abc"' in message.body_html


def test_queue_email_rolled_back_leaves_no_row_and_sends_nothing(app, outbox):
    with app.test_request_context():
        queue_invitation()
        db.session.flush()
        db.session.rollback()
        db.session.commit()
        finish_request(app)

    assert (all_messages(), list(outbox)) == ([], [])


def test_queue_email_rolled_back_is_forgotten_before_next_commit(app, outbox):
    with app.test_request_context():
        queue_invitation("rolled-back@example.vn")
        db.session.flush()
        db.session.rollback()
        kept = queue_invitation("kept@example.vn")
        db.session.commit()
        finish_request(app)

    assert [m.recipient_email for m in all_messages()] == ["kept@example.vn"]
    assert [addresses(m) for m in outbox] == [["kept@example.vn"]]
    assert reloaded(kept).status == "sent"


def test_queue_email_committed_is_delivered_only_after_the_request(app, outbox, frozen_time):
    with app.test_request_context():
        message = queue_invitation()
        db.session.commit()
        waiting = (reloaded(message).status, len(outbox))
        finish_request(app)

    message = reloaded(message)
    assert waiting == ("queued", 0)
    assert (message.status, message.attempts, message.sent_at, message.last_attempt_at, message.last_error) == (
        "sent", 1, frozen_time.start, frozen_time.start, None)
    assert [(m.subject, addresses(m)) for m in outbox] == [(SUBJECT, ["lan@example.vn"])]


def test_queue_email_committed_outside_a_request_waits_for_the_sweep(outbox):
    message = queue_invitation()
    db.session.commit()

    assert (reloaded(message).status, list(outbox)) == ("queued", [])


def test_queue_email_several_in_one_transaction_are_all_delivered(app, outbox):
    with app.test_request_context():
        queue_invitation("lan@example.vn")
        queue_invitation("mai@example.vn")
        db.session.commit()
        finish_request(app)

    assert sorted(addresses(m)[0] for m in outbox) == ["lan@example.vn", "mai@example.vn"]
    assert [m.status for m in all_messages()] == ["sent", "sent"]
