"""Publishing slots, booking and cancelling meetings: shape only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, RadioField, StringField, SubmitField, TimeField
from wtforms.validators import InputRequired

from app.core.forms import Form, length, number_range, optional, required
from app.meetings.models import MEETING_MODE_LABELS, MeetingMode


def typed():
    """Required, without hiding a "not a valid date" message behind "required" (as ``DataRequired`` does)."""
    return InputRequired(message=_l("This field is required."))


class PublishSlotsForm(Form):
    """A series of slots on one day, in the edition's local time."""

    day = DateField(_l("Day"), validators=[typed()])
    start = TimeField(_l("From"), validators=[typed()])
    end = TimeField(_l("Until"), validators=[typed()])
    minutes = IntegerField(_l("Length of a meeting (minutes)"), default=15,
                           validators=[required(), number_range(5, 240)])
    gap_minutes = IntegerField(_l("Break between meetings (minutes)"), default=5,
                               validators=[optional(), number_range(0, 120)])
    mode = RadioField(_l("Where"), choices=[(str(key), label) for key, label in MEETING_MODE_LABELS.items()],
                      default=str(MeetingMode.AT_BOOTH),
                      invalid_choice_message=_l("Choose where the meetings take place."))
    location = StringField(_l("Table or video link (optional)"), validators=[optional(), length(maximum=255)],
                           description=_l("At the booth: a table, for example \"Table 2\". Online: the video link "
                                          "(https://…), or leave it empty and send the link by email later."))
    submit = SubmitField(_l("Publish the slots"))

    def series(self) -> dict:
        """The service's keyword arguments."""
        return dict(day=self.day.data, start=self.start.data, end=self.end.data, minutes=self.minutes.data,
                    gap_minutes=self.gap_minutes.data or 0, mode=self.mode.data, location=self.location.data)


class BookForm(Form):
    topic = StringField(_l("Topic (optional)"), validators=[optional(), length(maximum=500)])
    submit = SubmitField(_l("Book"))


class CancelMeetingForm(Form):
    reason = StringField(_l("Reason (optional)"), validators=[optional(), length(maximum=300)])
    next = HiddenField()
    submit = SubmitField(_l("Cancel the meeting"))
