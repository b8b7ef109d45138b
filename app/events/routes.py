"""The public festival site: editions, landing pages, the program and session pages."""
from flask import Blueprint, render_template

from app.core.permissions import public
from app.events.queries import public_editions

bp = Blueprint("events", __name__)


@bp.get("/editions/")
@public
def index():
    return render_template("events/index.html", groups=public_editions())
