"""Account forms: shape only, rules live in services."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField

from app.accounts.models import ROLE_LABELS
from app.core.forms import Form, length, matches, optional, required, valid_email

PASSWORD_MIN_LENGTH = 10
LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]


def new_password_field(label):
    return PasswordField(label, validators=[required(), length(PASSWORD_MIN_LENGTH, 128)],
                         description=_l("At least %(min)d characters.", min=PASSWORD_MIN_LENGTH))


class SignupForm(Form):
    name = StringField(_l("Full name"), validators=[required(), length(2, 120)],
                       description=_l("As you want it shown, e.g. Nguyễn Thị Lan."))
    email = EmailField(_l("Email"), validators=[required(), valid_email(), length(maximum=254)])
    password = new_password_field(_l("Password"))
    password_again = PasswordField(_l("Repeat password"), validators=[required(), matches("password")])
    locale = RadioField(_l("Preferred language"), choices=LANGUAGE_CHOICES, default="vi")
    submit = SubmitField(_l("Create account"))


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[required(), valid_email()])
    password = PasswordField(_l("Password"), validators=[required()])
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Sign in"))


class EmailOnlyForm(Form):
    email = EmailField(_l("Email"), validators=[required(), valid_email()])
    submit = SubmitField(_l("Send the link"))


class ResetPasswordForm(Form):
    password = new_password_field(_l("New password"))
    password_again = PasswordField(_l("Repeat new password"), validators=[required(), matches("password")])
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[required()])
    password = new_password_field(_l("New password"))
    password_again = PasswordField(_l("Repeat new password"), validators=[required(), matches("password")])
    submit = SubmitField(_l("Change password"))


class ProfileForm(Form):
    name = StringField(_l("Full name"), validators=[required(), length(2, 120)])
    locale = RadioField(_l("Preferred language"), choices=LANGUAGE_CHOICES)
    province_id = SelectField(_l("Province or city where you live or work"), validators=[optional()],
                              coerce=lambda value: int(value) if value else None,
                              description=_l("Optional. Organisers use it for statistics per province."))
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.province_id.choices = [("", _l("Not stated"))] + [(p.id, p.name) for p in provinces]


class UserSearchForm(Form):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Name or email"), validators=[optional(), length(maximum=120)])
    role = SelectField(_l("Role"), validators=[optional()],
                       choices=[("", _l("Any role"))] + [(str(r), label) for r, label in ROLE_LABELS.items()])
    submit = SubmitField(_l("Search"))


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=[(str(r), label) for r, label in ROLE_LABELS.items()])
    submit = SubmitField(_l("Grant role"))
