"""Virtual stall forms: shape only (the services check villages, videos, images and PDFs by content)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, MultipleFileField
from wtforms import (BooleanField, EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField,
                     URLField)

from app.core.forms import Form, length, number_range, optional, required, valid_email, valid_url
from app.teams.choices import SECTORS, STAGES

IMAGE_KINDS = FileAllowed(["png", "jpg", "jpeg", "webp", "gif"], _l("Upload a PNG, JPEG, WebP or GIF image."))
MARKDOWN_HINT = _l("Markdown: **bold**, *italic*, lists starting with “- ”, links as [text](https://…).")
MAX_PRICE_VND = 1_000_000_000_000


def optional_int(value):
    """A select's value as a number; the empty choice is ``None``."""
    return int(value) if value not in (None, "", "None") else None


class StallForm(Form):
    tagline_vi = StringField(_l("Tagline (Vietnamese)"), validators=[optional(), length(maximum=200)])
    tagline_en = StringField(_l("Tagline (English)"), validators=[optional(), length(maximum=200)])
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[optional(), length(maximum=20000)],
                                   description=MARKDOWN_HINT)
    description_en = TextAreaField(_l("Description (English)"), validators=[optional(), length(maximum=20000)],
                                   description=MARKDOWN_HINT)
    village_id = SelectField(_l("Village"), coerce=optional_int, validators=[optional()])
    sector = SelectField(_l("Sector"), choices=[("", _l("Choose a sector"))] + list(SECTORS.items()),
                         validators=[optional()])
    video_url = StringField(_l("Video (YouTube or Vimeo link)"), validators=[optional(), length(maximum=500)],
                            description=_l("Visitors' browsers contact YouTube or Vimeo only when they press Play."))
    contact_name = StringField(_l("Contact person"), validators=[optional(), length(maximum=120)])
    contact_role = StringField(_l("Role"), validators=[optional(), length(maximum=120)])
    contact_email = EmailField(_l("Contact email"), validators=[optional(), valid_email(), length(maximum=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[optional(), length(maximum=30)])
    website = URLField(_l("Website"), validators=[optional(), valid_url(), length(maximum=255)])
    banner = FileField(_l("Banner"), validators=[IMAGE_KINDS],
                       description=_l("A wide image, at most 5 MB. It is resized to 1600 pixels."))
    remove_banner = BooleanField(_l("Remove the current banner"))
    logo = FileField(_l("Logo"), validators=[IMAGE_KINDS],
                     description=_l("Square image, at most 2 MB. It is resized to 400 pixels. Without one, the "
                                    "organisation's logo is shown."))
    remove_logo = BooleanField(_l("Remove the current logo"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.village_id.choices = [("", _l("No village"))] + [(village.id, village.name) for village in villages]

    def stall_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "tagline_vi", "tagline_en", "description_vi", "description_en", "village_id", "sector", "video_url",
            "contact_name", "contact_role", "contact_email", "contact_phone", "website")}


class ProductForm(Form):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[required(), length(maximum=160)])
    name_en = StringField(_l("Name (English)"), validators=[optional(), length(maximum=160)])
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[optional(), length(maximum=10000)],
                                   description=MARKDOWN_HINT)
    description_en = TextAreaField(_l("Description (English)"), validators=[optional(), length(maximum=10000)],
                                   description=MARKDOWN_HINT)
    stage = SelectField(_l("Stage"), choices=[("", _l("Choose a stage"))] + list(STAGES.items()),
                        validators=[optional()])
    price_vnd = IntegerField(_l("Price in VND"), validators=[optional(), number_range(0, MAX_PRICE_VND)],
                             description=_l("Leave empty to show “Contact us”."))
    position = IntegerField(_l("Order in the catalogue"), default=0, validators=[optional(), number_range(0, 999)],
                            description=_l("Smaller numbers come first."))
    # Not "images": that is the product's own list, which ``ProductForm(obj=product)`` would put in the field.
    new_images = MultipleFileField(_l("Add images"), validators=[IMAGE_KINDS],
                                   description=_l("Up to 5 images per product, at most 5 MB each."))
    submit = SubmitField(_l("Save the product"))

    def product_fields(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "name_vi", "name_en", "description_vi", "description_en", "stage", "price_vnd", "position")}


class BrochureForm(Form):
    title = StringField(_l("Title"), validators=[required(), length(maximum=160)])
    # Checked by content in the service; the name of the file proves nothing.
    file = FileField(_l("PDF file"), description=_l("A PDF document, at most 10 MB."))
    submit = SubmitField(_l("Upload the brochure"))


class OpenStallForm(Form):
    # Not limited to the listed choices: the route checks membership (403) and the service eligibility (409).
    organisation_id = SelectField(_l("Organisation"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Open my virtual stall"))


class DirectoryForm(Form):
    """The directory's search and filters: a GET form, so a filtered list is a link people can share."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[optional(), length(maximum=120)])
    village = SelectField(_l("Village"), coerce=optional_int, validators=[optional()])
    sector = SelectField(_l("Sector"), choices=[("", _l("All sectors"))] + list(SECTORS.items()),
                         validators=[optional()])
    province = SelectField(_l("Province"), coerce=optional_int, validators=[optional()])
    submit = SubmitField(_l("Search"))

    def __init__(self, formdata, *, villages=(), provinces=()):
        super().__init__(formdata)
        self.village.choices = [("", _l("All villages"))] + [(village.id, village.name) for village in villages]
        self.province.choices = [("", _l("All provinces"))] + [(province.id, province.name) for province in provinces]

    def filters(self) -> dict:
        """The search and filters chosen; a value that is not a choice is ignored (and shown as an error)."""
        return {"text": self.q.data if not self.q.errors else None,
                "village_id": self.village.data if not self.village.errors else None,
                "sector": self.sector.data if not self.sector.errors else None,
                "province_id": self.province.data if not self.province.errors else None}

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())


class SearchForm(Form):
    """The organisers' stall list search (GET)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[optional(), length(maximum=120)])
    submit = SubmitField(_l("Search"))


class FeatureForm(Form):
    position = IntegerField(_l("Position"), default=0, validators=[optional(), number_range(0, 999)],
                            description=_l("Smaller numbers come first."))
    submit = SubmitField(_l("Feature"))


class HideForm(Form):
    reason = StringField(_l("Reason, shown to the exhibitor"), validators=[required(), length(maximum=300)])
    submit = SubmitField(_l("Take down"))
