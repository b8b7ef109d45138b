"""Forms of the competitions domain: organisers' setup and screening, the teams' entries. Shape only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, MultipleFileField
from wtforms import (
    BooleanField, DateTimeLocalField, DecimalField, HiddenField, IntegerField, RadioField, SelectField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Regexp
from wtforms.widgets import TextInput

from app.competitions.models import (
    ELIGIBILITY_LABELS, ENTRY_STATUS_LABELS, ROUND_KIND_LABELS, RankingMethod,
)
from app.core.forms import Form, length, number_range, optional, required, valid_url

LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends
IMAGE_KINDS = FileAllowed(["png", "jpg", "jpeg", "webp", "gif"], _l("Upload a PNG, JPEG, WebP or GIF image."))
PDF_ONLY = FileAllowed(["pdf"], _l("The pitch deck must be a PDF file."))
MAX_TIE_BREAK_POSITIONS = 12

RANKING_METHOD_LABELS = {
    RankingMethod.CORRECTED: _l("Bias-corrected result (removes judges' harshness or leniency)"),
    RankingMethod.RAW: _l("Raw mean of the judges' totals"),
}


def _optional_int(value):
    return int(value) if value not in (None, "") else None


def _text(label, maximum: int = 10000, **kwargs):
    return TextAreaField(label, validators=[optional(), length(maximum=maximum)], **kwargs)


class CompetitionForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 200)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 200)])
    slug = StringField(_l("Address"), validators=[
        required(), length(2, 80),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message=_l("Use lowercase letters, digits and single dashes, e.g. startup-talent-2026.")),
    ], description=_l("Part of the web address: lowercase letters, digits and dashes."))
    rules_vi = _text(_l("Rules (Vietnamese)"))
    rules_en = _text(_l("Rules (English)"))
    eligibility_vi = _text(_l("Who may enter (Vietnamese)"))
    eligibility_en = _text(_l("Who may enter (English)"))
    prizes_vi = _text(_l("Prizes (Vietnamese)"))
    prizes_en = _text(_l("Prizes (English)"))
    blind_judging = BooleanField(_l("Blind judging: judges do not see the teams' names"))
    tie_break_criterion_position = SelectField(
        _l("Tie-break criterion"), coerce=_optional_int, validators=[optional()],
        choices=[("", _l("None"))] + [(n, _l("Criterion no. %(number)d of the round's rubric", number=n + 1))
                                      for n in range(MAX_TIE_BREAK_POSITIONS)],
        description=_l("Published before judging: when results and medians are equal, the higher score on this "
                       "criterion wins."))
    submit = SubmitField(_l("Save competition"))

    FIELDS = ("slug", "name_vi", "name_en", "rules_vi", "rules_en", "eligibility_vi", "eligibility_en", "prizes_vi",
              "prizes_en", "blind_judging", "tie_break_criterion_position")

    def competition_fields(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class TrackForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 160)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 160)])
    village_id = SelectField(_l("Village"), coerce=_optional_int, validators=[optional()],
                             description=_l("A village's own track, if it runs one."))
    position = IntegerField(_l("Position in lists"), default=0, validators=[optional(), number_range(0, 999)])
    submit = SubmitField(_l("Save track"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.village_id.choices = [("", _l("No village"))] + [(v.id, v.name) for v in villages]

    def track_fields(self) -> dict:
        return {name: getattr(self, name).data for name in ("name_vi", "name_en", "village_id", "position")}


class RoundForm(Form):
    kind = SelectField(_l("Kind"), choices=[(str(k), label) for k, label in ROUND_KIND_LABELS.items()])
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 160)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 160)])
    submission_opens_at = DateTimeLocalField(_l("Submissions open"), format=LOCAL_TIME_FORMAT, validators=[optional()])
    submission_closes_at = DateTimeLocalField(_l("Submission deadline"), format=LOCAL_TIME_FORMAT,
                                              validators=[optional()])
    judging_opens_at = DateTimeLocalField(_l("Judging opens"), format=LOCAL_TIME_FORMAT, validators=[optional()])
    judging_closes_at = DateTimeLocalField(_l("Judging closes"), format=LOCAL_TIME_FORMAT, validators=[optional()])
    judges_per_entry = IntegerField(_l("Judges per entry"), default=3,
                                    validators=[InputRequired(message=_l("This field is required.")),
                                                number_range(1, 20)])
    advance_count = IntegerField(_l("How many advance"), validators=[optional(), number_range(0, 10000)],
                                 description=_l("Leave empty for the last round."))
    advance_per_track = BooleanField(_l("That many per track"))
    ranking_method = SelectField(_l("Ranking by"), choices=list(RANKING_METHOD_LABELS.items()),
                                 default=str(RankingMethod.CORRECTED))
    material_request_vi = _text(_l("What advancing teams must send (Vietnamese)"), 5000)
    material_request_en = _text(_l("What advancing teams must send (English)"), 5000)
    requires_updated_deck = BooleanField(_l("Advancing teams upload an updated deck"))
    submit = SubmitField(_l("Save round"))

    LOCAL_TIMES = ("submission_opens_at", "submission_closes_at", "judging_opens_at", "judging_closes_at")
    FIELDS = ("kind", "name_vi", "name_en", "judges_per_entry", "advance_count", "advance_per_track",
              "ranking_method", "material_request_vi", "material_request_en", "requires_updated_deck")

    @classmethod
    def data_of(cls, round_) -> dict:
        """A round's values as the form shows them: times in the edition's timezone, without a zone."""
        zone = round_.competition.edition.zone
        data = {name: getattr(round_, name) for name in cls.FIELDS}
        for name in cls.LOCAL_TIMES:
            moment = getattr(round_, name)
            data[name] = moment.astimezone(zone).replace(tzinfo=None) if moment else None
        return data

    def round_fields(self) -> dict:
        """What the organiser typed, times still local to the edition (the route converts them)."""
        return {name: getattr(self, name).data for name in (*self.FIELDS, *self.LOCAL_TIMES)}


class CriterionForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(2, 160)])
    name_en = StringField(_l("Name (English)"), validators=[required(), length(2, 160)])
    description_vi = _text(_l("What judges look at (Vietnamese)"), 2000)
    description_en = _text(_l("What judges look at (English)"), 2000)
    max_points = IntegerField(_l("Maximum points"), default=10,
                              validators=[InputRequired(message=_l("This field is required.")), number_range(1, 100)])
    weight = DecimalField(_l("Weight (%)"), places=2,
                          validators=[InputRequired(message=_l("This field is required.")), number_range(0.01, 100)])
    submit = SubmitField(_l("Save criterion"))

    def criterion_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "name_vi", "name_en", "description_vi", "description_en", "max_points", "weight")}


class MoveForm(Form):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class AmountField(IntegerField):
    """A whole amount of money; people write 2.000.000.000 or 2,000,000,000 or 2 000 000 000.

    A text box (with the phone's number keyboard), not ``type="number"``: browsers refuse the
    thousands separators in a number box, so the amounts people actually write could not be typed.
    """

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")]
        super().process_formdata(valuelist)


class EntryForm(Form):
    """The application; only the project name is required to keep a draft, the rest to submit."""

    organisation_id = SelectField(_l("Team"), coerce=_optional_int, validators=[optional()])
    project_name = StringField(_l("Project name"), validators=[required(), length(2, 200)])
    track_id = SelectField(_l("Track"), coerce=_optional_int, validators=[optional()])
    problem = _text(_l("Problem"), description=_l("Which problem, for whom, and how big it is."))
    solution = _text(_l("Solution"), description=_l("Your product or service and how it solves the problem."))
    innovation = _text(_l("What is innovative"), description=_l("What is new compared with existing solutions."))
    target_market = _text(_l("Target market"), description=_l("Customers, market size, competitors."))
    business_model = _text(_l("Business model"), description=_l("How the business earns money."))
    traction = _text(_l("Traction"), description=_l("Customers, revenue, pilots, partners so far."))
    team_description = _text(_l("Team"), description=_l("The founders and key people, their experience."))
    funding_sought_vnd = AmountField(_l("Funding sought (VND)"),
                                     validators=[optional(), number_range(0, 10 ** 15)])
    links = _text(_l("Links"), 2000, description=_l("Website, app stores, press articles: one per line."))
    video_url = StringField(_l("Product video link"), validators=[optional(), valid_url(), length(maximum=500)],
                            description=_l("A link to a video of at most 3 minutes (YouTube, Google Drive, …)."))
    deck = FileField(_l("Pitch deck (PDF)"), validators=[PDF_ONLY])
    # Not "images": that is the entry's own list, which ``EntryForm(obj=entry)`` would put in the field.
    new_images = MultipleFileField(_l("Add images"), validators=[IMAGE_KINDS])
    save_draft = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit entry"))

    FIELDS = ("project_name", "track_id", "problem", "solution", "innovation", "target_market", "business_model",
              "traction", "team_description", "funding_sought_vnd", "links", "video_url")

    def __init__(self, *args, tracks=(), teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.track_id.choices = [("", _l("Choose a track"))] + [(t.id, t.name) for t in tracks]
        if teams is None:
            del self.organisation_id  # an existing entry keeps its team
        else:
            self.organisation_id.choices = [(team.id, team.name) for team in teams]
            self.organisation_id.validators = [required()]

    def entry_fields(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}

    @property
    def wants_submit(self) -> bool:
        return bool(self.submit.data)


class RoundDeckForm(Form):
    deck = FileField(_l("Updated pitch deck (PDF)"), validators=[
        InputRequired(message=_l("Choose the PDF file to upload.")), PDF_ONLY])
    note = _text(_l("Note for the organisers"), 2000)
    submit = SubmitField(_l("Upload"))


class ScreeningForm(Form):
    decision = RadioField(_l("Decision"), choices=[("eligible", _l("Eligible")), ("ineligible", _l("Not eligible"))],
                          validators=[InputRequired(message=_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (sent to the team)"), validators=[optional(), length(maximum=2000)],
                           description=_l("Required when the entry is not eligible."))
    submit = SubmitField(_l("Save decision and email the team"))


class DeadlineForm(Form):
    round_id = SelectField(_l("Round"), coerce=_optional_int, validators=[required()])
    until = DateTimeLocalField(_l("New deadline for this entry"), format=LOCAL_TIME_FORMAT, validators=[optional()],
                               description=_l("Leave empty to remove the extension."))
    submit = SubmitField(_l("Save deadline"))

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.round_id.choices = [(r.id, r.name) for r in rounds]


COMPLETENESS_LABELS = {"": _l("All"), "complete": _l("Complete"), "incomplete": _l("Something missing")}


class EntryFilterForm(Form):
    """Filters of the screening list: a GET form, so a filtered list is a link organisers can share."""

    class Meta:
        csrf = False

    q = StringField(_l("Team or project"), validators=[optional(), length(maximum=100)])
    status = SelectField(_l("Status"), validators=[optional()],
                         choices=[("", _l("All"))] + [(str(k), v) for k, v in ENTRY_STATUS_LABELS.items()])
    eligibility = SelectField(_l("Eligibility"), validators=[optional()],
                              choices=[("", _l("All"))] + [(str(k), v) for k, v in ELIGIBILITY_LABELS.items()])
    track = SelectField(_l("Track"), coerce=_optional_int, validators=[optional()])
    province = SelectField(_l("Province"), coerce=_optional_int, validators=[optional()])
    completeness = SelectField(_l("Completeness"), choices=list(COMPLETENESS_LABELS.items()), validators=[optional()])
    submit = SubmitField(_l("Filter"))

    def __init__(self, formdata, *, tracks=(), provinces=()):
        super().__init__(formdata)
        self.track.choices = [("", _l("All tracks"))] + [(t.id, t.name) for t in tracks]
        self.province.choices = [("", _l("All provinces"))] + [(p.id, p.name) for p in provinces]

    def chosen(self, name: str):
        field = getattr(self, name)
        return field.data if field.data and not field.errors else None
