"""Participants: register and cancel, my agenda, tickets with QR codes, calendar files."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.permissions import signed_in
from app.events.models import Session
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus

bp = Blueprint("registrations", __name__)


@bp.get("/me/agenda")
@signed_in
def my_agenda():
    registrations = db.session.scalars(
        select(Registration).join(Registration.session)
        .where(Registration.user_id == current_user.id, Registration.status != RegistrationStatus.CANCELLED)
        .options(selectinload(Registration.session).selectinload(Session.edition))
        .order_by(Session.starts_at)
    ).all()
    return render_template("registrations/my_agenda.html", registrations=registrations)
