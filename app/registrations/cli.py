"""``flask registrations ...`` commands, run by a scheduler."""
import click
from flask import Blueprint

from app.notifications.delivery import deliver_due_messages
from app.registrations.services import send_due_reminders

registrations_cli = Blueprint("registrations_cli", __name__, cli_group="registrations")


@registrations_cli.cli.command("send-reminders")
def send_reminders() -> None:
    """Email confirmed participants of sessions starting within 24 hours (never twice); run hourly."""
    count = send_due_reminders()
    deliver_due_messages()
    click.echo(f"queued {count} reminder(s)")
