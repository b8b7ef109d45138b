"""Organiser forms to set up the exhibition: settings, days, halls, booth types, booths: shape only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, FloatField, IntegerField, SelectField, StringField, SubmitField,
    TextAreaField, TimeField,
)
from wtforms.validators import InputRequired, StopValidation

from app.core.forms import Form, length, number_range, optional, required
from app.exhibition.layout import CODE_MAX_LENGTH, parse_metres

LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends
MAX_METRES = 2000


def _typed():
    """Required, but a value that does not parse keeps its own message."""
    return InputRequired(message=_l("This field is required."))


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class MetresField(FloatField):
    """A length in metres; accepts a decimal comma ("2,5") as Vietnamese keyboards type it."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_metres(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Enter a number of metres, e.g. 3 or 2.5."))

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # "not a number" says it all; no range message on top


def _metres(label, *, required_value: bool = True, minimum: float = 0.1, description=None):
    validators = [_typed()] if required_value else [optional()]
    return MetresField(label, validators=[*validators, number_range(minimum, MAX_METRES)], description=description)


class ExhibitionSettingsForm(Form):
    applications_open = BooleanField(_l("Exhibitors may apply for a booth"))
    exhibitors_pick_booths = BooleanField(_l("Approved exhibitors pick a free booth themselves on the plan"))
    booths_per_exhibitor = IntegerField(_l("Booths per exhibitor"), default=1,
                                        validators=[_typed(), number_range(1, 50)],
                                        description=_l("The default for new applications; you may allow more "
                                                       "to one exhibitor."))
    setup_starts_at = DateTimeLocalField(_l("Set-up starts"), format=LOCAL_TIME_FORMAT, validators=[optional()])
    setup_ends_at = DateTimeLocalField(_l("Set-up ends"), format=LOCAL_TIME_FORMAT, validators=[optional()])
    online_opens_at = DateTimeLocalField(_l("Virtual stalls open"), format=LOCAL_TIME_FORMAT, validators=[optional()],
                                         description=_l("Leave empty to keep the stalls open."))
    online_closes_at = DateTimeLocalField(_l("Virtual stalls close"), format=LOCAL_TIME_FORMAT,
                                          validators=[optional()])
    stall_owners_see_analytics = BooleanField(_l("Stall owners see the analytics of their stall"), default=True)
    notes_vi = TextAreaField(_l("Practical information for exhibitors (Vietnamese)"),
                             validators=[optional(), length(maximum=10000)],
                             description=_l("Markdown: **bold**, lists, links."))
    notes_en = TextAreaField(_l("Practical information for exhibitors (English)"),
                             validators=[optional(), length(maximum=10000)])
    submit = SubmitField(_l("Save settings"))

    LOCAL_TIMES = ("setup_starts_at", "setup_ends_at", "online_opens_at", "online_closes_at")
    FIELDS = ("applications_open", "exhibitors_pick_booths", "booths_per_exhibitor", "stall_owners_see_analytics",
              "notes_vi", "notes_en", *LOCAL_TIMES)

    @classmethod
    def data_of(cls, exhibition, zone) -> dict | None:
        """The saved settings as the form shows them: times in the edition's timezone, without a zone."""
        if exhibition is None:
            return None
        data = {name: getattr(exhibition, name) for name in cls.FIELDS}
        for name in cls.LOCAL_TIMES:
            moment = data[name]
            data[name] = moment.astimezone(zone).replace(tzinfo=None) if moment else None
        return data

    def settings_fields(self) -> dict:
        """What the organiser typed, times still local to the edition (the route converts them)."""
        return {name: getattr(self, name).data for name in self.FIELDS}


class ExhibitionDayForm(Form):
    day = DateField(_l("Day"), validators=[_typed()])
    opens_at = TimeField(_l("Opens"), default=None, validators=[_typed()])
    closes_at = TimeField(_l("Closes"), validators=[_typed()])
    submit = SubmitField(_l("Add the day"))


class HallForm(Form):
    code = StringField(_l("Code"), validators=[required(), length(1, 10)],
                       description=_l("Short, e.g. A: booth codes of this hall usually start with it."))
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 160)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 160)])
    village_id = SelectField(_l("Village"), coerce=_optional_int, validators=[optional()])
    venue_id = SelectField(_l("Venue"), coerce=_optional_int, validators=[optional()])
    width = _metres(_l("Width (metres)"), description=_l("Left to right on the plan."))
    depth = _metres(_l("Depth (metres)"), description=_l("Top to bottom on the plan."))
    position = IntegerField(_l("Position in lists"), default=0, validators=[optional(), number_range(0, 999)])
    submit = SubmitField(_l("Save hall"))

    FIELDS = ("code", "name_vi", "name_en", "village_id", "venue_id", "width", "depth", "position")

    def __init__(self, *args, villages=(), venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.village_id.choices = [("", _l("No village"))] + [(v.id, v.name) for v in villages]
        self.venue_id.choices = [("", _l("No venue"))] + [(v.id, v.name) for v in venues]

    def hall_fields(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class BoothTypeForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 120)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 120)])
    width = _metres(_l("Width (metres)"))
    depth = _metres(_l("Depth (metres)"))
    includes_vi = TextAreaField(_l("What is included (Vietnamese)"), validators=[optional(), length(maximum=2000)],
                                description=_l("E.g. walls, name board, a table and two chairs, one 500 W socket."))
    includes_en = TextAreaField(_l("What is included (English)"), validators=[optional(), length(maximum=2000)])
    price_vnd = IntegerField(_l("Price (VND)"), default=0, validators=[_typed(), number_range(0, 10_000_000_000)],
                             description=_l("0 means free."))
    for_startups = BooleanField(_l("For startups"))
    position = IntegerField(_l("Position in lists"), default=0, validators=[optional(), number_range(0, 999)])
    submit = SubmitField(_l("Save booth type"))

    FIELDS = ("name_vi", "name_en", "width", "depth", "includes_vi", "includes_en", "price_vnd", "for_startups",
              "position")

    def booth_type_fields(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class BoothForm(Form):
    code = StringField(_l("Booth code"), validators=[required(), length(1, CODE_MAX_LENGTH)],
                       description=_l("E.g. A-12."))
    booth_type_id = SelectField(_l("Booth type"), coerce=_optional_int, validators=[_typed()])
    x = _metres(_l("x: from the left (m)"), minimum=0)
    y = _metres(_l("y: from the top (m)"), minimum=0)
    width = _metres(_l("Width (m)"), required_value=False, description=_l("Leave empty for the type's size."))
    depth = _metres(_l("Depth (m)"), required_value=False)
    submit = SubmitField(_l("Save booth"))

    FIELDS = ("code", "booth_type_id", "x", "y", "width", "depth")

    def __init__(self, *args, booth_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.booth_type_id.choices = [("", _l("Choose a type"))] + [
            (t.id, f"{t.name} ({t.width:g} × {t.depth:g} m)") for t in booth_types]

    def booth_fields(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class HoldForm(Form):
    note = StringField(_l("Why it is held"), validators=[optional(), length(maximum=200)],
                       description=_l("E.g. for the Diamond sponsor, or the stage."))
    submit = SubmitField(_l("Hold"))


class BoothImportForm(Form):
    csv_file = FileField(_l("CSV file of booths"), validators=[
        FileRequired(_l("Choose a CSV file.")),
        FileAllowed(["csv", "txt"], _l("Upload a .csv file (in Excel: Save as › CSV UTF-8)."))])
    submit = SubmitField(_l("Import booths"))
