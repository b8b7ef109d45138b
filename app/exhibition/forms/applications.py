"""Forms for booth applications, decisions, booths, payment and staff passes: shape only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from app.core.forms import Form, length, number_range, optional, required, valid_email
from app.exhibition.models import APPLICATION_STATUS_LABELS, PAYMENT_STATUS_LABELS

MAX_STAFF = 50
MAX_BOOTHS_ALLOWED = 20


def _number_required():
    """Like ``required()``, but 0 counts as an answer (then the range says what is allowed)."""
    return InputRequired(message=_l("This field is required."))


def _optional_int(value):
    return int(value) if value not in (None, "") else None


def booth_options(groups, *, blank=None) -> dict | list:
    """Select choices for booths grouped by hall: {"A · hall name": [(id, "A-12 · type")]} (optgroups)."""
    options = {f"{hall.code} · {hall.name}": [(booth.id, _booth_label(booth)) for booth in booths]
               for hall, booths in groups}
    return {None: [("", blank)], **options} if blank is not None else options


def _booth_label(booth) -> str:
    label = f"{booth.code} · {booth.booth_type.name}"
    return f"{label} · {_l('held')}" if booth.is_held else label


class ApplicationForm(Form):
    """An exhibitor's booth application."""

    organisation_id = SelectField(_l("Exhibitor"), coerce=_optional_int, validators=[required()],
                                  description=_l("The organisation that will exhibit."))
    booth_type_id = SelectField(_l("Booth type"), coerce=_optional_int, validators=[required()])
    preferred_hall_id = SelectField(_l("Preferred hall or zone"), coerce=_optional_int, validators=[optional()])
    preferred_booth_id = SelectField(_l("Preferred booth"), coerce=_optional_int, validators=[optional()],
                                     description=_l("Free booths on the plan today; the organisers decide."))
    products = TextAreaField(_l("Products and technologies you will show"),
                             validators=[required(), length(maximum=4000)])
    staff_count = IntegerField(_l("Booth staff"), default=2, validators=[_number_required(), number_range(1, MAX_STAFF)],
                               description=_l("How many people will work at the booth (each gets a staff pass)."))
    note = TextAreaField(_l("Anything else for the organisers"), validators=[optional(), length(maximum=2000)])
    submit = SubmitField(_l("Send the application"))

    def __init__(self, *args, organisations=(), halls=(), booth_types=(), booth_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [(o.id, o.name) for o in organisations]
        self.booth_type_id.choices = [("", "")] + [(t.id, _type_label(t)) for t in booth_types]
        self.preferred_hall_id.choices = [("", _l("No preference"))] + [(h.id, h.name) for h in halls]
        self.preferred_booth_id.choices = booth_options(booth_groups, blank=_l("No preference"))


def _type_label(booth_type) -> str:
    size = f"{booth_type.width:g} × {booth_type.depth:g} m"
    price = _l("free") if booth_type.is_free else f"{booth_type.price_vnd:,} VND".replace(",", ".")
    return f"{booth_type.name} · {size} · {price}"


class ApproveForm(Form):
    # Any booth may be sent: the service says why a booth cannot be had ("just taken by …"), which a
    # stale list of choices cannot.
    booth_id = SelectField(_l("Booth"), coerce=_optional_int, validators=[optional()], validate_choice=False,
                           description=_l("Optional: assign a booth now, or later."))
    booths_allowed = IntegerField(_l("Booths allowed"), validators=[optional(), number_range(1, MAX_BOOTHS_ALLOWED)],
                                  description=_l("How many booths this exhibitor may hold (usually 1)."))
    submit = SubmitField(_l("Approve"))

    def __init__(self, *args, booth_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.booth_id.choices = booth_options(booth_groups, blank=_l("No booth yet"))


class AllowanceForm(Form):
    booths_allowed = IntegerField(_l("Booths allowed"),
                                  validators=[_number_required(), number_range(1, MAX_BOOTHS_ALLOWED)])
    submit = SubmitField(_l("Save"))


class RejectForm(Form):
    reason = TextAreaField(_l("Reason (sent to the exhibitor)"), validators=[required(), length(maximum=2000)])
    submit = SubmitField(_l("Reject"))


class BoothForm(Form):
    """Assign a booth, or move a booking to another booth."""

    booth_id = SelectField(_l("Booth"), coerce=_optional_int, validators=[required()], validate_choice=False)
    submit = SubmitField(_l("Assign this booth"))

    def __init__(self, *args, booth_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.booth_id.choices = booth_options(booth_groups, blank="")


class PaymentForm(Form):
    status = SelectField(_l("Payment"), choices=[(str(k), v) for k, v in PAYMENT_STATUS_LABELS.items()],
                         validators=[required()])
    submit = SubmitField(_l("Save payment status"))


class PickForm(Form):
    """Confirm a booth picked on the plan, for one of my approved applications."""

    application_id = SelectField(_l("For"), coerce=_optional_int, validators=[required()])
    submit = SubmitField(_l("Take this booth"))

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.application_id.choices = [(a.id, a.organisation.name) for a in applications]


class StaffPassForm(Form):
    name = StringField(_l("Name"), validators=[required(), length(maximum=120)])
    email = StringField(_l("Email"), validators=[optional(), length(maximum=254), valid_email()],
                        description=_l("Optional: the pass and its QR code are emailed to this address."))
    phone = StringField(_l("Phone"), validators=[optional(), length(maximum=30)])
    submit = SubmitField(_l("Add a staff pass"))


STATUS_FILTER_LABELS = {"": _l("All"), **{str(k): v for k, v in APPLICATION_STATUS_LABELS.items()}}


class ApplicationFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=list(STATUS_FILTER_LABELS.items()), validators=[optional()])
    submit = SubmitField(_l("Filter"))
