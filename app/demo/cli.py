"""``flask seed-demo``."""
import click
from flask import Blueprint

from app.demo.seed import seed_demo

demo_cli = Blueprint("demo_cli", __name__, cli_group=None)


@demo_cli.cli.command("seed-demo")
def seed_demo_command() -> None:
    """Create demo users, roles and startups; running it again changes nothing."""
    summary = seed_demo()
    for line in summary:
        click.echo(line)
