"""Public exhibition pages: the exhibition of an edition and its floor plans."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import format_currency
from flask_babel import lazy_gettext as _l

from app.core.permissions import public
from app.events.routes import visible_edition
from app.exhibition.layout import metres
from app.exhibition.queries.plan import STATES, hall_plans
from app.exhibition.queries.settings import booth_types_of, exhibition_of

bp = Blueprint("exhibition", __name__)


@bp.app_template_filter("booth_price")
def booth_price(price_vnd: int) -> str:
    """A booth type's price: "Free of charge", or the amount in Vietnamese đồng in the reader's language."""
    return str(_l("Free of charge")) if not price_vnd else format_currency(price_vnd, "VND")


bp.add_app_template_filter(metres, "metres")


@bp.get("/e/<slug>/exhibition")
@public
def exhibition(slug: str):
    edition = visible_edition(slug)
    plans = hall_plans(edition)
    totals = {state: sum(plan.counts[state] for plan in plans) for state in STATES}
    return render_template("exhibition/exhibition.html", edition=edition, exhibition=exhibition_of(edition),
                           plans=plans, totals=totals, booth_types=booth_types_of(edition))
