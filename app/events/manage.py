"""Organiser pages: editions, venues and rooms, villages, speakers and the agenda."""
from flask import Blueprint
from flask_login import current_user

from app.core.permissions import guard_blueprint, require
from app.events.models import Edition
from app.events.permissions import can_manage_any_edition, can_manage_edition
from app.extensions import db

bp = Blueprint("events_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")


def managed_edition(slug: str) -> Edition:
    """The edition at ``slug`` if the current user organises it: 404 if unknown, 403 otherwise."""
    edition = db.first_or_404(db.select(Edition).where(Edition.slug == slug))
    require(can_manage_edition(current_user, edition))
    return edition


@bp.get("/")
def index():
    from flask import render_template
    from sqlalchemy import select

    from app.events.permissions import can_create_edition, is_edition_organiser

    editions = [e for e in db.session.scalars(select(Edition).order_by(Edition.starts_on.desc()))
                if is_edition_organiser(current_user, e)]
    return render_template("events/manage/index.html", editions=editions,
                           can_create=can_create_edition(current_user))
