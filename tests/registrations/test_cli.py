"""``flask registrations send-reminders``: run hourly by a scheduler, never reminds anyone twice."""
from datetime import timedelta

from tests.factories import make_registration, make_session, make_user
from tests.notifications.helpers import addresses
from tests.registrations.helpers import outbox_rows


def test_send_reminders_queues_and_delivers_once(app, outbox, clock):
    session = make_session(starts_at=clock.start + timedelta(hours=5), title_en="Investor talk show")
    person = make_user(locale="en")
    make_registration(session, person)
    make_registration(session, status="waitlisted")

    first = app.test_cli_runner().invoke(args=["registrations", "send-reminders"])
    clock(clock.start + timedelta(hours=1))
    second = app.test_cli_runner().invoke(args=["registrations", "send-reminders"])

    assert (first.exit_code, first.output) == (0, "queued 1 reminder(s)\n")
    assert (second.exit_code, second.output) == (0, "queued 0 reminder(s)\n")
    assert [(addresses(m), m.subject) for m in outbox] == [([person.email], "Reminder: Investor talk show")]
    assert [(m.kind, m.status) for m in outbox_rows()] == [("registrations.reminder", "sent")]


def test_send_reminders_waits_until_the_day_before(app, outbox, clock):
    make_registration(make_session(starts_at=clock.start + timedelta(hours=25)))

    result = app.test_cli_runner().invoke(args=["registrations", "send-reminders"])

    assert (result.output, list(outbox)) == ("queued 0 reminder(s)\n", [])
