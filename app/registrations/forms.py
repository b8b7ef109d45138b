"""Registration, check-in and filter forms: shape only."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField

from app.core.forms import Form, length, number_range, optional, required


class RegisterForm(Form):
    """The register button of a session page; team sessions also choose a team and a number of seats."""

    organisation_id = SelectField(_l("Team"), coerce=lambda v: int(v) if v else None, validators=[optional()])
    seats = IntegerField(_l("Seats"), validators=[optional(), number_range(1, 100)])
    next = HiddenField()
    submit = SubmitField(_l("Register"))

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [("", "")] + [(team.id, team.name) for team in teams]


class CheckInForm(Form):
    code = StringField(_l("Check-in code"), validators=[required(), length(maximum=500)],
                       description=_l("The 8 characters on the ticket (dashes and spaces do not matter), "
                                      "or the whole ticket address read from the QR code."))
    submit = SubmitField(_l("Check in"))


STATUS_FILTER_LABELS = {
    "": _l("All"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waitlist"),
    "cancelled": _l("Cancelled"),
    "arrived": _l("Arrived"),
    "not_arrived": _l("Confirmed, not arrived yet"),
}


class StatusFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=list(STATUS_FILTER_LABELS.items()), validators=[optional()])
    submit = SubmitField(_l("Filter"))
