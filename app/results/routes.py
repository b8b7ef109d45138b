"""Public results: the live final's big-screen leaderboard and its JSON feed.

The competition's public page includes ``results/_public_results.html``, which reads its
data through the ``public_results(competition)`` template global registered here.
"""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template
from flask_babel import format_decimal
from flask_login import current_user
from sqlalchemy import select

from app.competitions.models import Competition, Round
from app.core.permissions import public
from app.events.models import Edition
from app.extensions import db
from app.results import queries
from app.results.permissions import can_watch_live

bp = Blueprint("results", __name__)
bp.add_app_template_global(queries.public_results, "public_results")

LIVE_POLL_SECONDS = 5


@bp.app_template_filter("two_decimals")
def two_decimals(value) -> str:
    """A result shown to two decimals in the reader's language (72.50 in English, 72,50 in Vietnamese)."""
    return format_decimal(value, format="#,##0.00") if value is not None else ""


def live_round(slug: str, comp_slug: str, round_id: int) -> Round:
    """A round of a competition of a visible edition: 404 otherwise (a draft edition stays hidden)."""
    edition = db.first_or_404(select(Edition).where(Edition.slug == slug))
    competition = db.first_or_404(select(Competition).where(Competition.edition_id == edition.id,
                                                            Competition.slug == comp_slug))
    round_ = db.get_or_404(Round, round_id)
    if round_.competition_id != competition.id or not can_watch_live(current_user, round_):
        abort(404)
    return round_


@bp.get("/e/<slug>/competitions/<comp_slug>/rounds/<int:round_id>/live")
@public
def live(slug: str, comp_slug: str, round_id: int):
    round_ = live_round(slug, comp_slug, round_id)
    return render_template("results/live.html", round_=round_, competition=round_.competition,
                           edition=round_.competition.edition, board=queries.live_board(round_),
                           poll_seconds=LIVE_POLL_SECONDS)


@bp.get("/e/<slug>/competitions/<comp_slug>/rounds/<int:round_id>/live.json")
@public
def live_json(slug: str, comp_slug: str, round_id: int):
    response = jsonify(queries.live_board(live_round(slug, comp_slug, round_id)))
    response.headers["Cache-Control"] = "no-store"
    return response
