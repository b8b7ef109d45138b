"""``flask mail send-pending``: the sweep that cron runs every minute."""
from datetime import timedelta

from tests.notifications.helpers import addresses, make_message, reloaded


def test_send_pending_sends_due_messages_and_prints_count(app, outbox, frozen_time):
    first, second = make_message("lan@example.vn"), make_message("mai@example.vn")
    later = make_message("later@example.vn", status="retrying", attempts=1,
                         next_attempt_at=frozen_time.start + timedelta(minutes=2))

    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])

    assert (result.exit_code, result.output) == (0, "sent 2 message(s)\n")
    assert sorted(addresses(m)[0] for m in outbox) == ["lan@example.vn", "mai@example.vn"]
    assert [reloaded(m).status for m in (first, second, later)] == ["sent", "sent", "retrying"]


def test_send_pending_respects_limit(app, outbox):
    make_message("lan@example.vn"), make_message("mai@example.vn")

    result = app.test_cli_runner().invoke(args=["mail", "send-pending", "--limit", "1"])

    assert (result.exit_code, result.output, [addresses(m) for m in outbox]) == (
        0, "sent 1 message(s)\n", [["lan@example.vn"]])


def test_send_pending_with_nothing_due_prints_zero(app, outbox):
    make_message(status="sent", attempts=1)

    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])

    assert (result.exit_code, result.output, list(outbox)) == (0, "sent 0 message(s)\n", [])
