"""Delivering outbox messages: retries with backoff, never twice, and the transports."""
import smtplib
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from app.extensions import db, mail
from app.notifications.delivery import (
    build_mail, claim_message, deliver_due_messages, deliver_message, mark_interrupted_messages, retry_delay,
)
from tests.notifications.helpers import addresses, make_message, queue_invitation, reloaded

INTERRUPTED = "Interrupted while sending: it may or may not have been delivered. Check, then resend."


@pytest.fixture
def smtp_down(monkeypatch):
    """The SMTP server refuses every message; the list records each attempt."""
    attempts = []

    def refuse(message):
        attempts.append(message)
        raise smtplib.SMTPException("451 Temporary local problem")

    monkeypatch.setattr(mail, "send", refuse)
    return attempts


@pytest.fixture
def base_delay(app):
    return timedelta(seconds=app.config["MAIL_RETRY_BASE_SECONDS"])


def state(message):
    message = reloaded(message)
    return message.status, message.attempts


# --- success ------------------------------------------------------------------------------------

def test_deliver_message_sends_and_records(outbox, frozen_time):
    message = make_message(subject="Chào mừng", recipient_name="Phạm Lan")

    assert deliver_message(message.id) == "sent"

    message = reloaded(message)
    assert (message.status, message.attempts, message.sent_at, message.last_attempt_at) == (
        "sent", 1, frozen_time.start, frozen_time.start)
    assert [(m.subject, addresses(m), m.body, m.html) for m in outbox] == [
        ("Chào mừng", ["lan@example.vn"], "Body of Chào mừng", "<p>Body of Chào mừng</p>")]


def test_build_mail_has_one_stable_message_id():
    message = make_message()

    parsed = message_from_bytes(build_mail(message).as_bytes(), policy=default_policy)

    assert parsed.get_all("Message-ID") == [f"<outbox-{message.id}@techfest.example>"]
    assert parsed["From"] == "Techfest Việt Nam <no-reply@techfest.example>"


# --- failures and retries -------------------------------------------------------------------------

def test_retry_delay_doubles_after_each_failure(base_delay):
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [base_delay, base_delay * 2, base_delay * 4, base_delay * 8]


def test_deliver_message_smtp_failure_schedules_retry(frozen_time, smtp_down, base_delay):
    message = make_message()

    assert deliver_message(message.id) == "retrying"

    message = reloaded(message)
    assert (message.status, message.attempts, message.sent_at) == ("retrying", 1, None)
    assert message.last_error == "SMTPException: 451 Temporary local problem"
    assert (message.last_attempt_at, message.next_attempt_at) == (frozen_time.start, frozen_time.start + base_delay)
    assert len(smtp_down) == 1


def test_deliver_message_second_failure_doubles_delay(frozen_time, smtp_down, base_delay):
    message = make_message()
    deliver_message(message.id)
    second_try = frozen_time(frozen_time.start + base_delay)

    assert deliver_message(message.id) == "retrying"

    message = reloaded(message)
    assert (message.attempts, message.last_attempt_at, message.next_attempt_at) == (
        2, second_try, second_try + 2 * base_delay)


def test_deliver_message_retrying_before_due_does_nothing(frozen_time, smtp_down, base_delay):
    message = make_message()
    deliver_message(message.id)
    frozen_time(frozen_time.start + base_delay - timedelta(seconds=1))

    assert deliver_message(message.id) is None

    assert state(message) == ("retrying", 1)
    assert len(smtp_down) == 1


def test_deliver_message_fails_for_good_after_max_attempts(app, frozen_time, smtp_down):
    message = make_message()
    maximum = app.config["MAIL_MAX_ATTEMPTS"]

    statuses = []
    for _ in range(maximum):
        frozen_time(reloaded(message).next_attempt_at)
        statuses.append(deliver_message(message.id))

    assert statuses == ["retrying"] * (maximum - 1) + ["failed"]
    message = reloaded(message)
    assert (message.status, message.attempts, message.last_error) == (
        "failed", maximum, "SMTPException: 451 Temporary local problem")
    frozen_time(frozen_time.start + timedelta(days=30))
    assert (deliver_message(message.id), deliver_due_messages(), len(smtp_down)) == (None, 0, maximum)


def test_deliver_message_succeeds_after_a_failure(monkeypatch, outbox, frozen_time, base_delay):
    def refuse(mail_message):
        raise ConnectionRefusedError("refused")

    message = make_message()
    with monkeypatch.context() as server_down:
        server_down.setattr(mail, "send", refuse)
        deliver_message(message.id)
    assert reloaded(message).last_error == "ConnectionRefusedError: refused"
    frozen_time(frozen_time.start + base_delay)

    assert deliver_message(message.id) == "sent"

    message = reloaded(message)
    assert (message.status, message.attempts, message.last_error, message.sent_at) == (
        "sent", 2, None, frozen_time.start + base_delay)
    assert len(outbox) == 1


def test_deliver_due_messages_ignores_messages_not_yet_due(frozen_time, outbox):
    due = make_message("due@example.vn")
    later = make_message("later@example.vn", status="retrying", attempts=1,
                         next_attempt_at=frozen_time.start + timedelta(minutes=5))
    make_message("sent@example.vn", status="sent", attempts=1)
    make_message("failed@example.vn", status="failed", attempts=6)

    assert deliver_due_messages() == 1

    assert [addresses(m) for m in outbox] == [["due@example.vn"]]
    assert (state(due), state(later)) == (("sent", 1), ("retrying", 1))


def test_deliver_due_messages_sends_oldest_first_up_to_limit(frozen_time, outbox):
    newer = make_message("newer@example.vn")
    older = make_message("older@example.vn", status="retrying", attempts=1,
                         next_attempt_at=frozen_time.start - timedelta(minutes=1))

    assert deliver_due_messages(limit=1) == 1

    assert [addresses(m) for m in outbox] == [["older@example.vn"]]
    assert (state(older), state(newer)) == (("sent", 2), ("queued", 0))


def test_deliver_due_messages_counts_only_messages_sent(smtp_down):
    make_message()

    assert deliver_due_messages() == 0


# --- never twice ------------------------------------------------------------------------------------

def test_claim_message_already_sent_is_refused():
    message = make_message(status="sent", attempts=1)

    assert claim_message(message.id) is False
    assert state(message) == ("sent", 1)


def test_claim_message_only_once(frozen_time):
    message = make_message()

    assert (claim_message(message.id), claim_message(message.id)) == (True, False)
    assert state(message) == ("sending", 1)


def test_claim_message_unknown_id_is_refused():
    assert claim_message(424242) is False


def test_deliver_message_twice_sends_once(outbox):
    message = make_message()

    assert (deliver_message(message.id), deliver_message(message.id)) == ("sent", None)

    assert len(outbox) == 1
    assert state(message) == ("sent", 1)


def test_mark_interrupted_messages_fails_old_sending_messages(frozen_time):
    stuck = make_message("stuck@example.vn", status="sending", attempts=1,
                         last_attempt_at=frozen_time.start - timedelta(minutes=15, seconds=1))
    busy = make_message("busy@example.vn", status="sending", attempts=1,
                        last_attempt_at=frozen_time.start - timedelta(minutes=14))

    assert mark_interrupted_messages() == 1

    assert (state(stuck), reloaded(stuck).last_error) == (("failed", 1), INTERRUPTED)
    assert (state(busy), reloaded(busy).last_error) == (("sending", 1), None)


def test_deliver_due_messages_does_not_resend_interrupted_message(frozen_time, outbox):
    stuck = make_message(status="sending", attempts=1, last_attempt_at=frozen_time.start - timedelta(hours=1))

    assert deliver_due_messages() == 0

    assert (state(stuck), list(outbox)) == (("failed", 1), [])


# --- transports ----------------------------------------------------------------------------------------

def test_folder_transport_writes_eml_file(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "folder")
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path / "mail"))
    message = queue_invitation()
    db.session.commit()

    assert deliver_message(message.id) == "sent"

    path = tmp_path / "mail" / f"{message.id:06d}-teams.invitation.eml"
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == [path.name]
    parsed = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert (parsed["To"], parsed["Subject"]) == (
        "Phạm Lan <lan@example.vn>", "Trần Chủ invites you to join Nông Sản Xanh on Techfest Việt Nam")
    assert parsed.get_all("Message-ID") == [f"<outbox-{message.id}@techfest.example>"]
    plain_text = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain_text.rstrip("\n") == message.body_text.rstrip("\n")
    assert "http://127.0.0.1:5000/teams/join/abc" in parsed.get_body(("html",)).get_content()


def test_console_transport_prints_message(app, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "console")
    message = make_message(subject="Chào mừng", body_text="Xin chào Lan")

    assert deliver_message(message.id) == "sent"

    assert capsys.readouterr().err == (
        f"\n----- mail #{message.id} to lan@example.vn -----\n"
        "Subject: Chào mừng\n\nXin chào Lan\n"
        f"----- end of mail #{message.id} -----\n"
    )


def test_unknown_transport_is_recorded_as_failure(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_TRANSPORT", "pigeon")
    message = make_message()

    assert deliver_message(message.id) == "retrying"

    assert reloaded(message).last_error == "RuntimeError: Unknown MAIL_TRANSPORT 'pigeon'"
