"""Organiser forms for editions, venues, rooms, villages, speakers and sessions: shape only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, EmailField, HiddenField, IntegerField, SelectField,
    SelectMultipleField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Form, length, number_range, optional, required, valid_email, valid_url
from app.events.models import DEFAULT_TIMEZONE, SESSION_KIND_LABELS, SESSION_LANGUAGE_LABELS, EditionStatus

IMAGE_KINDS = FileAllowed(["png", "jpg", "jpeg", "webp", "gif"], _l("Upload a PNG, JPEG, WebP or GIF image."))
LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends

TIMEZONES = [
    (DEFAULT_TIMEZONE, _l("Viet Nam (UTC+7)")),
    ("Asia/Bangkok", _l("Thailand (UTC+7)")),
    ("Asia/Singapore", _l("Singapore (UTC+8)")),
    ("Asia/Seoul", _l("Korea (UTC+9)")),
    ("Asia/Tokyo", _l("Japan (UTC+9)")),
    ("Europe/Berlin", _l("Germany (Central European Time)")),
    ("UTC", _l("Coordinated Universal Time (UTC)")),
]


def _slug_field(label):
    return StringField(label, validators=[
        required(), length(2, 80),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message=_l("Use lowercase letters, digits and single dashes, e.g. techfest-hai-phong-2026.")),
    ], description=_l("Part of the web address: lowercase letters, digits and dashes."))


def _typed():
    """Required, but a value that does not parse keeps its own message ("Not a valid date value.")."""
    return InputRequired(message=_l("This field is required."))


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class EditionForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 160)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 160)])
    slug = _slug_field(_l("Address"))
    theme_vi = StringField(_l("Theme (Vietnamese)"), validators=[optional(), length(maximum=255)])
    theme_en = StringField(_l("Theme (English)"), validators=[optional(), length(maximum=255)])
    slogan_vi = StringField(_l("Slogan (Vietnamese)"), validators=[optional(), length(maximum=255)])
    slogan_en = StringField(_l("Slogan (English)"), validators=[optional(), length(maximum=255)])
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[optional(), length(maximum=10000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[optional(), length(maximum=10000)])
    starts_on = DateField(_l("First day"), validators=[_typed()])
    ends_on = DateField(_l("Last day"), validators=[_typed()])
    timezone = SelectField(_l("Timezone"), choices=TIMEZONES, default=DEFAULT_TIMEZONE,
                           description=_l("Session times are typed and shown in this timezone."))
    banner = FileField(_l("Banner image"), validators=[IMAGE_KINDS],
                       description=_l("A wide image, at most 5 MB. It is resized to 1920 pixels."))
    remove_banner = BooleanField(_l("Remove the current banner"))
    submit = SubmitField(_l("Save"))

    def edition_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "slug", "name_vi", "name_en", "theme_vi", "theme_en", "slogan_vi", "slogan_en",
            "description_vi", "description_en", "starts_on", "ends_on", "timezone")}


class StatusForm(Form):
    status = HiddenField(validators=[AnyOf([str(s) for s in EditionStatus])])


class OrganiserForm(Form):
    email = EmailField(_l("Email of the person to add"), validators=[required(), valid_email(), length(maximum=254)],
                       description=_l("The person needs an account on the platform."))
    submit = SubmitField(_l("Add organiser"))


class VenueForm(Form):
    name = StringField(_l("Name"), validators=[required(), length(2, 160)])
    address = StringField(_l("Address"), validators=[optional(), length(maximum=255)])
    map_url = StringField(_l("Map link"), validators=[optional(), valid_url(), length(maximum=500)])
    submit = SubmitField(_l("Save venue"))


class RoomForm(Form):
    name = StringField(_l("Name"), validators=[required(), length(1, 120)])
    capacity = IntegerField(_l("Capacity (seats)"), validators=[optional(), number_range(1, 100000)],
                            description=_l("Leave empty if the room has no seat limit."))
    submit = SubmitField(_l("Save room"))


class VillageForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 160)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 160)])
    slug = _slug_field(_l("Address"))
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[optional(), length(maximum=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[optional(), length(maximum=5000)])
    head_email = EmailField(_l("Email of the village head"),
                            validators=[optional(), valid_email(), length(maximum=254)])
    co_head_email = EmailField(_l("Email of the co-head"), validators=[optional(), valid_email(), length(maximum=254)])
    position = IntegerField(_l("Position in lists"), default=0, validators=[optional(), number_range(0, 999)])
    submit = SubmitField(_l("Save village"))

    def village_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "slug", "name_vi", "name_en", "description_vi", "description_en", "head_email", "co_head_email",
            "position")}


class SpeakerForm(Form):
    name = StringField(_l("Name"), validators=[required(), length(2, 120)])
    title = StringField(_l("Title"), validators=[optional(), length(maximum=160)])
    organisation = StringField(_l("Organisation"), validators=[optional(), length(maximum=160)])
    photo = FileField(_l("Photo"), validators=[IMAGE_KINDS],
                      description=_l("Square image, at most 2 MB. It is resized to 512 pixels."))
    remove_photo = BooleanField(_l("Remove the current photo"))
    bio_vi = TextAreaField(_l("Biography (Vietnamese)"), validators=[optional(), length(maximum=5000)])
    bio_en = TextAreaField(_l("Biography (English)"), validators=[optional(), length(maximum=5000)])
    user_email = EmailField(_l("Email of the speaker's account (optional)"),
                            validators=[optional(), valid_email(), length(maximum=254)])
    submit = SubmitField(_l("Save speaker"))

    def speaker_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "name", "title", "organisation", "bio_vi", "bio_en", "user_email", "remove_photo")}


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(Form):
    kind = SelectField(_l("Type"), choices=[(str(k), label) for k, label in SESSION_KIND_LABELS.items()])
    title_vi = StringField(_l("Title (Vietnamese)"), validators=[required(), length(2, 200)])
    title_en = StringField(_l("Title (English)"), validators=[required(), length(2, 200)])
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[optional(), length(maximum=10000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[optional(), length(maximum=10000)])
    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL_TIME_FORMAT, validators=[_typed()])
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL_TIME_FORMAT, validators=[_typed()])
    room_id = SelectField(_l("Room"), coerce=_optional_int, validators=[optional()])
    online_url = StringField(_l("Online link"), validators=[optional(), valid_url(), length(maximum=500)],
                             description=_l("For online or hybrid sessions; shown to registered participants."))
    village_id = SelectField(_l("Village"), coerce=_optional_int, validators=[optional()])
    track = StringField(_l("Track"), validators=[optional(), length(maximum=80)])
    language = SelectField(_l("Language"), choices=list(SESSION_LANGUAGE_LABELS.items()), default="vi")
    requires_registration = BooleanField(_l("Participants must register"))
    capacity = IntegerField(_l("Capacity (seats)"), validators=[optional(), number_range(0, 100000)],
                            description=_l("Leave empty to use the room's capacity."))
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), format=LOCAL_TIME_FORMAT,
                                               validators=[optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), format=LOCAL_TIME_FORMAT,
                                                validators=[optional()])
    registers_teams = BooleanField(_l("Registers whole startup teams"))
    seats_per_team = IntegerField(_l("Seats per team"), validators=[optional(), number_range(1, 50)])
    speaker_ids = CheckboxListField(_l("Speakers"), coerce=int, validators=[optional()])
    submit = SubmitField(_l("Save session"))

    LOCAL_TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    def __init__(self, *args, rooms=(), villages=(), speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.room_id.choices = [("", _l("No room (online only)"))] + [(r.id, r.label) for r in rooms]
        self.village_id.choices = [("", _l("No village"))] + [(v.id, v.name) for v in villages]
        self.speaker_ids.choices = [(s.id, s.name) for s in speakers]

    @classmethod
    def data_of(cls, session) -> dict:
        """A session's values as the form shows them: times in the edition's timezone, without a zone."""
        zone = session.edition.zone
        data = {name: getattr(session, name) for name in (
            "kind", "title_vi", "title_en", "description_vi", "description_en", "room_id", "online_url",
            "village_id", "track", "language", "requires_registration", "capacity", "registers_teams",
            "seats_per_team")}
        for name in cls.LOCAL_TIMES:
            moment = getattr(session, name)
            data[name] = moment.astimezone(zone).replace(tzinfo=None) if moment else None
        data["speaker_ids"] = [s.id for s in session.speakers]
        return data

    def session_fields(self) -> dict:
        """What the organiser typed, times still local to the edition (the route converts them)."""
        return {name: getattr(self, name).data for name in (
            "kind", "title_vi", "title_en", "description_vi", "description_en", "room_id", "online_url",
            "village_id", "track", "language", "requires_registration", "capacity", "registers_teams",
            "seats_per_team", "speaker_ids", *self.LOCAL_TIMES)}
