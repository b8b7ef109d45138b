"""The public festival site: editions, landing pages, the program, session and speaker pages."""
from __future__ import annotations

from datetime import date

from babel.dates import format_interval
from flask import Blueprint, abort, render_template, request
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, SubmitField

from app.core.forms import Form, optional
from app.core.permissions import public
from app.core.time import utcnow
from app.events import queries
from app.events.models import SESSION_KIND_LABELS, Edition
from app.events.permissions import can_view_edition
from app.extensions import db
from app.registrations.queries import session_panel

bp = Blueprint("events", __name__)

SPEAKERS_ON_LANDING = 12


def _optional_int(value):
    return int(value) if value not in (None, "") else None


def _optional_date(value):
    if isinstance(value, date) or value in (None, ""):
        return value or None
    return date.fromisoformat(value)


# TODO(merge): belongs in app/events/forms.py, which another part of issue #3 owns.
class ProgramFilterForm(Form):
    """Filters of the program: a GET form, so a filtered program is a link people can share."""

    class Meta:
        csrf = False

    day = SelectField(_l("Day"), coerce=_optional_date, validators=[optional()])
    kind = SelectField(_l("Type"), validators=[optional()])
    village = SelectField(_l("Village"), coerce=_optional_int, validators=[optional()])
    room = SelectField(_l("Room"), coerce=_optional_int, validators=[optional()])
    submit = SubmitField(_l("Filter"))

    def __init__(self, formdata, *, days, villages, rooms):
        super().__init__(formdata)
        self.day.choices = [("", _l("All days"))] + [(d.isoformat(), format_date(d, "full")) for d in days]
        self.kind.choices = [("", _l("All types"))] + [(str(k), label) for k, label in SESSION_KIND_LABELS.items()]
        self.village.choices = [("", _l("All villages"))] + [(v.id, v.name) for v in villages]
        self.room.choices = [("", _l("All rooms"))] + [(r.id, r.label) for r in rooms]

    def filters(self) -> dict:
        """The filters chosen; a value that is not a choice is ignored (and shown as an error)."""
        chosen = {"day": self.day, "kind": self.kind, "village_id": self.village, "room_id": self.room}
        return {name: field.data for name, field in chosen.items() if field.data and not field.errors}


@bp.app_template_filter("date_range")
def date_range(start: date, end: date) -> str:
    """Two dates as the reader's language writes a range: Sep 18 – 23, 2023 / 18 – 23 thg 9, 2023."""
    return format_interval(start, end, "yMMMd", locale=get_locale())


def visible_edition(slug: str) -> Edition:
    """The edition at ``slug``; a draft is 404 (not 403) to all but its organisers, so drafts don't leak."""
    edition = db.first_or_404(select(Edition).where(Edition.slug == slug))
    if not can_view_edition(current_user, edition):
        abort(404)
    return edition


@bp.get("/editions/")
@public
def index():
    return render_template("events/index.html", groups=queries.public_editions())


@bp.get("/e/<slug>/", endpoint="edition")
@public
def landing(slug: str):
    edition = visible_edition(slug)
    numbers = queries.edition_numbers(edition)
    return render_template(
        "events/edition.html", edition=edition, numbers=numbers, now=utcnow(),
        starts_at=queries.edition_start(edition, numbers), villages=queries.edition_villages(edition),
        speakers=queries.edition_speakers(edition, limit=SPEAKERS_ON_LANDING),
        days=queries.sessions_per_day(edition), upcoming=queries.upcoming_sessions(edition),
    )


@bp.get("/e/<slug>/program", endpoint="program")
@public
def program(slug: str):
    edition = visible_edition(slug)
    form = ProgramFilterForm(request.args, days=queries.edition_days(edition),
                             villages=queries.edition_villages(edition), rooms=queries.edition_rooms(edition))
    form.validate()
    filters = form.filters()
    return render_template("events/program.html", edition=edition, form=form, filtered=bool(filters),
                           days=queries.program(edition, **filters))


@bp.get("/e/<slug>/sessions/<int:session_id>", endpoint="session")
@public
def session_page(slug: str, session_id: int):
    edition = visible_edition(slug)
    session = queries.session_details(edition, session_id)
    if session is None:
        abort(404)
    return render_template("events/session.html", edition=edition, session=session,
                           panel=session_panel(session, current_user))


@bp.get("/e/<slug>/speakers", endpoint="speakers")
@public
def speakers(slug: str):
    edition = visible_edition(slug)
    return render_template("events/speakers.html", edition=edition,
                           speakers=queries.edition_speakers(edition, with_sessions=True))
