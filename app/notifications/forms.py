from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField

from app.core.forms import Form, length, optional
from app.notifications.models import STATUS_LABELS


class OutboxFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter form

    status = SelectField(_l("Status"), validators=[optional()],
                         choices=[("", _l("Any status"))] + [(str(s), label) for s, label in STATUS_LABELS.items()])
    q = StringField(_l("Recipient or subject"), validators=[optional(), length(maximum=120)])
    submit = SubmitField(_l("Filter"))
