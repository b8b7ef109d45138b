"""``flask mail ...`` commands."""
import click
from flask import Blueprint, current_app

from app.notifications.delivery import deliver_due_messages

mail_cli = Blueprint("mail_cli", __name__, cli_group="mail")


@mail_cli.cli.command("send-pending")
@click.option("--limit", default=200, show_default=True, help="Most messages to send in one run.")
def send_pending(limit: int) -> None:
    """Deliver every queued or retrying message that is due (run it from cron every minute)."""
    sent = deliver_due_messages(limit=limit)
    click.echo(f"sent {sent} message(s)")


@mail_cli.cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run the RQ worker that delivers mail (production, MAIL_QUEUE=rq)."""
    from rq import SimpleWorker

    from app.notifications.jobs import mail_queue

    queue = mail_queue()
    # SimpleWorker runs jobs in this process, inside the app context, with the app's own
    # database pool (a forking worker would share connections across processes).
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=not burst)
    current_app.logger.info("mail worker stopped")
