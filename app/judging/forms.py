"""Judging forms: shape only (ranges, lengths, choices); the services check the rules."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, EmailField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField,
)
from wtforms.fields import DecimalField
from wtforms.validators import AnyOf, ValidationError
from wtforms.widgets import HiddenInput, TextInput

from app.core.forms import Form, length, optional, required, valid_email
from app.events.forms import CheckboxListField
from app.teams.choices import SECTORS


class InviteJudgeForm(Form):
    email = EmailField(_l("Email"), validators=[required(), valid_email(), length(maximum=254)])
    name = StringField(_l("Name (optional)"), validators=[optional(), length(maximum=120)])
    submit = SubmitField(_l("Send invitation"))


class JudgeProfileForm(Form):
    organisation_name = StringField(_l("Organisation you work for"), validators=[optional(), length(maximum=200)],
                                    description=_l("Entries from this organisation are never given to you."))
    title = StringField(_l("Your title or role"), validators=[optional(), length(maximum=160)])
    sectors = CheckboxListField(_l("Sectors you know well"), choices=list(SECTORS.items()), validate_choice=True)
    village_ids = CheckboxListField(_l("Techfest villages you know well"), coerce=int)
    submit = SubmitField(_l("Save my profile"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.village_ids.choices = [(village.id, village.name) for village in villages]


class ConflictSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Find a startup or organisation"), validators=[optional(), length(maximum=120)])
    submit = SubmitField(_l("Search"))


class DeclareConflictForm(Form):
    organisation_id = IntegerField(widget=HiddenInput(), validators=[required()])
    reason = StringField(_l("Why (optional)"), validators=[optional(), length(maximum=300)])
    submit = SubmitField(_l("Declare a conflict"))


class PointsField(DecimalField):
    """A score typed on a phone: "7,5" means 7.5; "nan" or "inf" are not numbers.

    A text box with the decimal keyboard (``inputmode``), not ``type="number"``: a number box
    refuses "7,5" (the comma a Vietnamese keyboard offers) and sends nothing instead.
    """

    widget = TextInput()

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                value = Decimal(valuelist[0].strip().replace(",", "."))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.data = None
                raise ValueError(self.gettext("Not a valid decimal value."))
            self.data = value
        else:
            self.data = None


def points_in_range(maximum: int):
    def check(form, field):
        if field.data is not None and (not 0 <= field.data <= maximum or field.data % Decimal("0.5") != 0):
            raise ValidationError(_l("Enter a score from 0 to %(max)s, in steps of 0.5.", max=maximum))
    return check


def score_form(criteria, **kwargs) -> ScoreForm:
    """A score sheet with one number per criterion of the rubric, named ``criterion_<id>``."""

    class Sheet(ScoreForm):
        pass

    for criterion in criteria:
        setattr(Sheet, f"criterion_{criterion.id}", PointsField(
            criterion.name, places=None, validators=[optional(), points_in_range(criterion.max_points)],
            description=criterion.description,
            render_kw={"inputmode": "decimal", "autocomplete": "off", "data-max": criterion.max_points}))
    form = Sheet(**kwargs)
    form.criteria = list(criteria)
    return form


class ScoreForm(Form):
    comment_for_team = TextAreaField(_l("Comment for the team"), validators=[optional(), length(maximum=5000)],
                                     description=_l("Sent to the team with the results."))
    private_note = TextAreaField(_l("Private note for the organisers"), validators=[optional(), length(maximum=5000)],
                                 description=_l("Never shown to the team."))
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit scores"))

    def points_field(self, criterion):
        return self[f"criterion_{criterion.id}"]

    def points(self) -> dict[int, Decimal | None]:
        return {criterion.id: self.points_field(criterion).data for criterion in self.criteria}


class AddJudgeForm(Form):
    entry_id = SelectField(_l("Entry"), coerce=int, validators=[required()])
    judge_id = SelectField(_l("Judge"), coerce=int, validators=[required()])
    submit = SubmitField(_l("Add the judge"))

    def __init__(self, *args, entries=(), judges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entry_id.choices = [(entry.id, entry.project_name) for entry in entries]
        self.judge_id.choices = [(judge.id, judge.user.name) for judge in judges]


class JudgeActiveForm(Form):
    active = HiddenField(validators=[AnyOf(("0", "1"))])


class RemoveAssignmentForm(Form):
    confirm = BooleanField(_l("Remove even though scoring has begun (the scores are deleted)"))
    submit = SubmitField(_l("Remove"))
