"""Back office: the outbox, every message with its status, and a resend button."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.accounts.permissions import is_admin
from app.core.forms import ActionForm
from app.core.permissions import guard_blueprint
from app.extensions import db
from app.notifications.forms import OutboxFilterForm
from app.notifications.models import OutboxMessage
from app.notifications.services import outbox_query, resend_message, status_counts

bp = Blueprint("outbox_admin", __name__, url_prefix="/admin/outbox")
guard_blueprint(bp, is_admin, "platform administrator")


@bp.get("/")
def messages():
    form = OutboxFilterForm(request.args)
    form.validate()
    page = db.paginate(outbox_query(status=form.status.data, text=form.q.data),
                       per_page=current_app.config["ADMIN_PAGE_SIZE"], error_out=False)
    return render_template("notifications/manage/outbox.html", form=form, page=page, counts=status_counts())


@bp.get("/<int:message_id>")
def message(message_id: int):
    return render_template("notifications/manage/message.html",
                           message=db.get_or_404(OutboxMessage, message_id), action_form=ActionForm())


@bp.post("/<int:message_id>/resend")
def resend(message_id: int):
    original = db.get_or_404(OutboxMessage, message_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".message", message_id=original.id)), 400
    copy = resend_message(original)
    flash(_("A new copy of the message has been queued."), "success")
    return redirect(url_for(".message", message_id=copy.id))


STATUS_STYLES = {"queued": "secondary", "sending": "info", "retrying": "warning", "sent": "success", "failed": "danger"}


@bp.context_processor
def status_display():
    from app.notifications.models import STATUS_LABELS

    return {"status_labels": {str(k): v for k, v in STATUS_LABELS.items()}, "status_styles": STATUS_STYLES}
