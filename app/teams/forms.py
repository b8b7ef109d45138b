"""Organisation and team forms: shape only."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField

from app.core.forms import Form, length, number_range, optional, required, valid_email, valid_url
from app.teams.choices import ORGANISATION_KINDS, SECTORS, STAGES


def country_choices():
    """Every country, named in the reader's language (from Babel's CLDR data), Viet Nam first."""
    territories = get_locale().territories
    countries = sorted(
        ((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha() and code != "VN"),
        key=lambda pair: pair[1],
    )
    return [("VN", territories.get("VN", "Việt Nam"))] + countries


class OrganisationForm(Form):
    kind = SelectField(_l("Type of organisation"), choices=list(ORGANISATION_KINDS.items()), default="startup")
    name = StringField(_l("Name"), validators=[required(), length(2, 160)])
    logo = FileField(_l("Logo"), validators=[FileAllowed(["png", "jpg", "jpeg", "webp", "gif"],
                                                         _l("Upload a PNG, JPEG, WebP or GIF image."))],
                     description=_l("Square image, at most 2 MB. It is resized to 512 pixels."))
    remove_logo = BooleanField(_l("Remove the current logo"))
    sector = SelectField(_l("Sector"), choices=[("", _l("Choose a sector"))] + list(SECTORS.items()),
                         validators=[optional()])
    stage = SelectField(_l("Stage"), choices=[("", _l("Choose a stage"))] + list(STAGES.items()),
                        validators=[optional()])
    country_code = SelectField(_l("Country"), default="VN")
    province_id = SelectField(_l("Province or city (in Viet Nam)"), coerce=lambda v: int(v) if v else None,
                              validators=[optional()])
    founded_year = IntegerField(_l("Year founded"), validators=[optional(), number_range(1900, 2100)])
    website = StringField(_l("Website"), validators=[optional(), valid_url(), length(maximum=255)])
    pitch_vi = StringField(_l("One-line pitch (Vietnamese)"), validators=[optional(), length(maximum=280)])
    pitch_en = StringField(_l("One-line pitch (English)"), validators=[optional(), length(maximum=280)])
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[optional(), length(maximum=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[optional(), length(maximum=5000)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country_code.choices = country_choices()
        self.province_id.choices = [("", _l("Choose a province"))] + [(p.id, p.name) for p in provinces]

    def profile_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "kind", "sector", "stage", "country_code", "province_id", "founded_year", "website",
            "pitch_vi", "pitch_en", "description_vi", "description_en")}


class InviteForm(Form):
    email = EmailField(_l("Email of the person to invite"), validators=[required(), valid_email(), length(maximum=254)])
    submit = SubmitField(_l("Send invitation"))


class TransferForm(Form):
    membership_id = SelectField(_l("New owner"), coerce=int)
    submit = SubmitField(_l("Transfer ownership"))


class DirectoryForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name"), validators=[optional(), length(maximum=120)])
    kind = SelectField(_l("Type"), choices=[("", _l("All types"))] + list(ORGANISATION_KINDS.items()),
                       validators=[optional()])
    submit = SubmitField(_l("Search"))
