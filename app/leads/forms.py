"""The contact form of a stall, the lead status buttons and the inbox filter: shape only."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms import TextAreaField
from wtforms.validators import DataRequired, ValidationError

from app.core.forms import Form, length, optional, required, valid_email
from app.core.time import utcnow
from app.leads import bots
from app.leads.models import INTEREST_LABELS, LEAD_STATUS_LABELS

TOKEN_MESSAGES = {
    "missing": _l("We could not check this form. Look over your message and send it again."),
    "too_fast": _l("That was very quick. Look over your message and send it again."),
    "too_old": _l("This form was open for a long time. Look over your message and send it again."),
}


class LeadForm(Form):
    """A visitor's contact request. Signed-in visitors write under their account, so name and email go."""

    name = StringField(_l("Your name"), validators=[required(), length(maximum=120)])
    email = EmailField(_l("Your email"), validators=[required(), valid_email(), length(maximum=254)])
    phone = StringField(_l("Phone (optional)"), validators=[optional(), length(maximum=30)])
    company = StringField(_l("Company or organisation (optional)"), validators=[optional(), length(maximum=160)])
    interest = RadioField(_l("What are you interested in?"),
                          choices=[(str(key), label) for key, label in INTEREST_LABELS.items()],
                          invalid_choice_message=_l("Choose what you are interested in."))
    message = TextAreaField(_l("Message"), validators=[required(), length(10, 2000)])
    consent = BooleanField(_l("Share my contact details with this exhibitor"), validators=[
        DataRequired(message=_l("Tick this box so that the exhibitor may see your contact details."))])
    # The honeypot: hidden from people by CSS, filled in by bots that fill in every field.
    reference = StringField(_l("Leave this field empty"))
    form_token = HiddenField()
    submit = SubmitField(_l("Send"))

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.name
            del self.email
        if not self.form_token.data:
            self.renew_token()

    def renew_token(self) -> None:
        self.form_token.data = bots.form_token(current_app.config["SECRET_KEY"], utcnow())

    def is_spam(self) -> bool:
        """A bot filled in the honeypot: answer as if the message was sent, and keep nothing."""
        return self.is_submitted() and bool(self.reference.data)

    def validate_form_token(self, field) -> None:
        problem = bots.token_problem(current_app.config["SECRET_KEY"], field.data, utcnow())
        if problem:
            self.renew_token()
            raise ValidationError(TOKEN_MESSAGES[problem])

    def lead_data(self) -> dict:
        """What the service needs; ``name`` and ``email`` are ``None`` for a signed-in visitor."""
        return dict(name=self.name.data if "name" in self else None,
                    email=self.email.data if "email" in self else None,
                    phone=self.phone.data, company=self.company.data, interest=self.interest.data,
                    message=self.message.data)


class LeadStatusForm(Form):
    status = SelectField(_l("Status"), choices=[(str(key), label) for key, label in LEAD_STATUS_LABELS.items()])
    next = HiddenField()


class LeadFilterForm(Form):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[("", _l("All"))] + [(str(key), label) for key, label
                                                                     in LEAD_STATUS_LABELS.items()],
                         validators=[optional()])
    submit = SubmitField(_l("Filter"))
