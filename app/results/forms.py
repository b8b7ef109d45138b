"""Forms of the results pages: shape only."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, FieldList, FormField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField,
    StringField, SubmitField,
)
from wtforms.validators import AnyOf, InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Form, length, number_range, optional, required

RANKING_METHOD_LABELS = {
    "corrected": _l("Bias-corrected result"),
    "raw": _l("Raw mean"),
}


def typed():
    """Required, but 0 is a value (DataRequired would call it missing)."""
    return InputRequired(message=_l("This field is required."))


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class RankingMethodForm(Form):
    method = RadioField(_l("Rank this round by"), choices=list(RANKING_METHOD_LABELS.items()),
                        validators=[required()])
    submit = SubmitField(_l("Save the ranking method"))


class TrackFilterForm(Form):
    """The track filter of the results page (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    track = SelectField(_l("Track"), coerce=_optional_int, validators=[optional()])
    submit = SubmitField(_l("Show"))

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.track.choices = [("", _l("All tracks"))] + [(track.id, track.name) for track in tracks]


class AdvanceTopForm(Form):
    count = IntegerField(_l("How many entries advance"), validators=[typed(), number_range(1, 10000)])
    per_track = BooleanField(_l("That many from each track"))
    confirm_incomplete = BooleanField(_l("Decide even though judging is not complete"))
    submit = SubmitField(_l("Advance the top entries"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=kwargs.pop("prefix", "top"), **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AdvanceSelectedForm(Form):
    entry_ids = MultiCheckboxField(_l("Entries that advance"), coerce=int)
    confirm_incomplete = BooleanField(_l("Decide even though judging is not complete"))
    submit = SubmitField(_l("Advance the ticked entries"))

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, prefix=kwargs.pop("prefix", "selected"), **kwargs)
        self.entry_ids.choices = [(entry.id, entry.project) for entry in entries]


class PublishForm(Form):
    confirm_incomplete = BooleanField(_l("Publish even though judging is not complete"))
    submit = SubmitField(_l("Publish the results and email the teams"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=kwargs.pop("prefix", "publish"), **kwargs)


class RevealForm(Form):
    """The reveal and hide buttons of the live final: each button sends its own value."""

    revealed = HiddenField(validators=[AnyOf(["0", "1"])])


class PitchSlotForm(Form):
    class Meta:
        csrf = False  # a part of PitchOrderForm, which carries the token

    place_id = HiddenField(validators=[required()])
    order = IntegerField(_l("Place"), validators=[optional(), number_range(1, 999)])


class PitchOrderForm(Form):
    slots = FieldList(FormField(PitchSlotForm))
    submit = SubmitField(_l("Save the pitch order"))

    def orders(self) -> dict[int, int | None]:
        return {int(slot.place_id.data): slot.order.data for slot in self.slots}


class AwardForm(Form):
    title_vi = StringField(_l("Title (Vietnamese)"), validators=[required(), length(maximum=200)],
                           description=_l("For example: Giải Nhất, Giải thưởng Làng Nông nghiệp"))
    title_en = StringField(_l("Title (English)"), validators=[required(), length(maximum=200)],
                           description=_l("For example: First prize, Agritech village prize"))
    entry_id = SelectField(_l("Winning entry"), coerce=_optional_int, validators=[required()])
    track_id = SelectField(_l("Track (optional)"), coerce=_optional_int, validators=[optional()])
    village_id = SelectField(_l("Village (optional)"), coerce=_optional_int, validators=[optional()])
    position = IntegerField(_l("Order in the ceremony"), default=1, validators=[typed(), number_range(1, 999)],
                            description=_l("1 for the first prize, then 2, 3, … for the others."))
    submit = SubmitField(_l("Save the award"))

    def __init__(self, *args, entries=(), tracks=(), villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entry_id.choices = [("", "")] + [(entry.id, f"{entry.project_name} — {entry.organisation.name}")
                                              for entry in entries]
        self.track_id.choices = [("", "")] + [(track.id, track.name) for track in tracks]
        self.village_id.choices = [("", "")] + [(village.id, village.name) for village in villages]

    def award_fields(self) -> dict:
        return dict(title_vi=self.title_vi.data, title_en=self.title_en.data, entry_id=self.entry_id.data,
                    track_id=self.track_id.data, village_id=self.village_id.data, position=self.position.data)
