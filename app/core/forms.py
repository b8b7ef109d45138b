"""The base form and validators with translated messages (WTForms ships no Vietnamese catalog)."""
import flask_babel
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional, URL


# WTForms' own messages, listed so the extractor puts them in our catalogs.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
)


class CatalogTranslations:
    """Route WTForms' built-in messages through the application's own catalogs."""

    def gettext(self, string):
        return flask_babel.gettext(string)

    def ngettext(self, singular, plural, n):
        # Not flask_babel.ngettext: it formats the text with num=n, and WTForms' own plural
        # messages ("'%(value)s' is not a valid choice") then fail with a KeyError (a 500).
        return flask_babel.get_translations().ngettext(singular, plural, n)


class Form(FlaskForm):
    """Every form of the platform: its built-in validation messages are translated too."""

    class Meta:
        def get_translations(self, form):
            return CatalogTranslations()


def required():
    return DataRequired(message=_l("This field is required."))


def length(minimum: int = -1, maximum: int = -1):
    if minimum > 0 and maximum > 0:
        message = _l("Enter between %(min)d and %(max)d characters.")
    elif minimum > 0:
        message = _l("Enter at least %(min)d characters.")
    else:
        message = _l("Enter at most %(max)d characters.")
    return Length(min=minimum, max=maximum, message=message)


def valid_email():
    return Email(message=_l("Enter a valid email address."), check_deliverability=False)


def matches(field_name: str):
    return EqualTo(field_name, message=_l("The two passwords do not match."))


def number_range(minimum=None, maximum=None):
    return NumberRange(min=minimum, max=maximum, message=_l("Enter a number between %(min)s and %(max)s."))


def valid_url():
    return URL(require_tld=True, message=_l("Enter a full web address, starting with https://"))


optional = Optional


class ActionForm(Form):
    """A form with no fields: a POST button protected by the CSRF token."""


def render_form(template: str, form: Form, *, error=None, field=None, **context):
    """Render a form page; a refused submission answers 4xx with the user's input kept.

    ``error`` is a ``DomainError`` raised by a service: it is shown next to ``field`` (or at
    the top of the form) and its status code is used.
    """
    from flask import render_template, request

    status = 200
    if error is not None:
        status = error.status_code
        target = getattr(form, field) if field else None
        if target is not None:
            target.errors = list(target.errors) + [str(error)]
        else:
            context["form_error"] = str(error)
    elif request.method == "POST" and form.errors:
        status = 422
    return render_template(template, form=form, **context), status
