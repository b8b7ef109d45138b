"""Participants: register and cancel, my agenda, tickets with QR codes, calendar files."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm
from app.core.permissions import public, require, signed_in
from app.core.urls import safe_next_url
from app.events.models import Session
from app.events.permissions import can_view_edition
from app.extensions import db
from app.registrations import agenda, permissions, queries, services
from app.registrations.calendar import calendar_file, session_event
from app.registrations.codes import qr_png, qr_svg
from app.registrations.forms import CheckInForm, RegisterForm
from app.registrations.models import Registration
from app.registrations.notifications import session_location, ticket_url
from app.teams.models import Organisation

bp = Blueprint("registrations", __name__)
bp.add_app_template_filter(agenda.session_time, "session_time")
bp.add_app_template_filter(agenda.local_time, "local_time")

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def visible_session(slug: str, session_id: int) -> Session:
    """The session at this address if the reader may see its edition; 404 otherwise (drafts stay hidden)."""
    session = db.get_or_404(Session, session_id)
    if session.edition.slug != slug or not can_view_edition(current_user, session.edition):
        abort(404)
    return session


def session_page(session: Session) -> str:
    return url_for("events.session", slug=session.edition.slug, session_id=session.id)


def not_possible(session: Session, message: str, status: int):
    """A refused registration or cancellation: the reason, translated, with its 4xx status."""
    db.session.rollback()
    back_url = safe_next_url(request.form.get("next")) or session_page(session)
    return render_template("registrations/not_possible.html", session=session, message=message,
                           back_url=back_url), status


@bp.post("/e/<slug>/sessions/<int:session_id>/register")
@signed_in
def register(slug: str, session_id: int):
    session = visible_session(slug, session_id)
    form = RegisterForm(teams=queries.startup_teams(current_user))
    if not form.validate_on_submit():
        return not_possible(session, " ".join(str(errors[0]) for errors in form.errors.values()), 422)
    organisation = db.session.get(Organisation, form.organisation_id.data) if form.organisation_id.data else None
    try:
        registration = services.register(session, current_user, organisation=organisation, seats=form.seats.data or 1)
    except DomainError as error:
        return not_possible(session, str(error), error.status_code)
    if registration.is_confirmed:
        flash(_("Your seat is confirmed. Your ticket and a calendar file are on their way by email."), "success")
    else:
        flash(_("The session is full: you are number %(position)d on the waitlist. We will email you if a seat "
                "frees up.", position=queries.waitlist_position(registration)), "warning")
    return redirect(session_page(session))


@bp.post("/registrations/<int:registration_id>/cancel")
@signed_in
def cancel(registration_id: int):
    registration = db.get_or_404(Registration, registration_id)
    require(permissions.can_cancel_registration(current_user, registration))
    session = registration.session
    if ActionForm().validate_on_submit():
        try:
            services.cancel(registration)
        except DomainError as error:
            return not_possible(session, str(error), error.status_code)
        flash(_("Your registration for %(title)s is cancelled.", title=session.title), "info")
    return redirect(safe_next_url(request.form.get("next")) or session_page(session))


@bp.get("/me/agenda")
@signed_in
def my_agenda():
    token = services.ensure_calendar_token(current_user)
    registrations = queries.agenda_registrations(current_user)
    return render_template(
        "registrations/my_agenda.html", groups=agenda.by_edition_and_day(registrations),
        clashes=agenda.registration_clashes(registrations), action_form=ActionForm(),
        positions=queries.waitlist_positions([r.id for r in registrations if r.is_waitlisted]),
        feed_url=url_for(".calendar_feed", token=token, _external=True),
    )


@bp.post("/me/agenda/calendar/reset")
@signed_in
def reset_calendar():
    if ActionForm().validate_on_submit():
        services.reset_calendar_token(current_user)
        flash(_("Your calendar address has changed. Subscribe again with the new address; the old one no longer "
                "works."), "info")
    return redirect(url_for(".my_agenda"))


@bp.get("/calendar/<token>.ics")
@public
def calendar_feed(token: str):
    user = queries.user_for_calendar_token(token)
    if user is None:
        abort(404)
    with force_locale(user.locale):
        events = [session_event(r.session, url=_external_session_url(r.session),
                                location=session_location(r.session), tentative=r.is_waitlisted)
                  for r in queries.agenda_registrations(user)]
        name = _("My agenda · %(festival)s", festival=current_app.config["FESTIVAL_NAME"])
        body = calendar_file(name, events, refresh_hours=1)
    return _calendar_response(body, "agenda.ics", private=True)


@bp.get("/e/<slug>/sessions/<int:session_id>.ics")
@public
def session_calendar(slug: str, session_id: int):
    session = visible_session(slug, session_id)
    event = session_event(session, url=_external_session_url(session), location=session_location(session))
    return _calendar_response(calendar_file(session.edition.name, [event]), f"session-{session.id}.ics")


@bp.get("/r/<code>")
@signed_in
def ticket(code: str):
    registration = _ticket_or_404(code)
    can_check_in = permissions.can_check_in(current_user, registration.session)
    return render_template(
        "registrations/ticket.html", registration=registration, session=registration.session,
        qr=qr_svg(ticket_url(registration)), can_check_in=can_check_in,
        check_in_form=CheckInForm(formdata=None, code=registration.check_in_code) if can_check_in else None,
    )


@bp.get("/r/<code>/qr.png")
@signed_in
def ticket_qr(code: str):
    registration = _ticket_or_404(code)
    response = Response(qr_png(ticket_url(registration)), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _ticket_or_404(code: str) -> Registration:
    """Tickets are not listed anywhere: anyone but the registrant and organisers gets 404, not 403."""
    registration = queries.registration_for_ticket(code)
    if registration is None or not permissions.can_view_ticket(current_user, registration):
        abort(404)
    return registration


def _external_session_url(session: Session) -> str:
    return url_for("events.session", slug=session.edition.slug, session_id=session.id, _external=True)


def _calendar_response(body: bytes, filename: str, *, private: bool = False) -> Response:
    response = Response(body, content_type=CALENDAR_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response
