"""Meetings: slots published by stall owners, booked and cancelled by visitors and owners."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import ActionForm, render_form
from app.core.permissions import public, require, signed_in
from app.core.time import utcnow
from app.core.urls import safe_next_url
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db
from app.meetings import calendar, permissions, queries, services, slots
from app.meetings.calendar import STALL, VISITOR, side_view
from app.meetings.forms import BookForm, CancelMeetingForm, PublishSlotsForm
from app.meetings.models import Meeting, MeetingSlot
from app.stalls.models import Stall
from app.stalls.permissions import can_view_stall
from app.stalls.routes import owned_stall, visible_stall

bp = Blueprint("meetings", __name__)
bp.add_app_template_filter(slots.slot_time, "slot_time")

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def not_possible(message: str, status: int, back_url: str):
    """A refused booking, cancellation or deletion: the reason, translated, with its 4xx status."""
    db.session.rollback()
    return render_template("meetings/not_possible.html", message=message, back_url=back_url), status


@bp.get("/e/<slug>/stalls/<int:stall_id>/meetings")
@public
def stall_slots(slug: str, stall_id: int):
    stall = visible_stall(slug, stall_id)
    return render_template(
        "meetings/stall_slots.html", stall=stall, edition=stall.edition, booth=queries.booth_of(stall),
        days=slots.by_day(queries.future_slots(stall, utcnow()), stall.edition.zone),
        can_book=permissions.can_book_meeting(current_user, stall), book_form=BookForm(formdata=None),
    )


@bp.post("/meetings/slots/<int:slot_id>/book")
@signed_in
def book(slot_id: int):
    slot = db.get_or_404(MeetingSlot, slot_id)
    if not can_view_stall(current_user, slot.stall):
        abort(404)
    require(permissions.can_book_meeting(current_user, slot.stall))
    back_url = url_for(".stall_slots", slug=slot.stall.edition.slug, stall_id=slot.stall_id)
    form = BookForm()
    if not form.validate_on_submit():
        return not_possible(" ".join(str(errors[0]) for errors in form.errors.values()), 422, back_url)
    try:
        services.book_meeting(slot, visitor=current_user, topic=form.topic.data)
    except DomainError as error:
        return not_possible(str(error), error.status_code, back_url)
    flash(_("Your meeting with %(stall)s is booked: %(when)s. A calendar file is on its way by email.",
            stall=slot.stall.name, when=slots.slot_time(slot)), "success")
    return redirect(url_for(".my_meetings"))


@bp.route("/me/stalls/<int:stall_id>/meetings", methods=["GET", "POST"])
@signed_in
def owner_slots(stall_id: int):
    stall = owned_stall(stall_id, permissions.can_manage_slots)
    form = PublishSlotsForm()
    if not form.validate_on_submit():
        return _owner_page(stall, form)
    try:
        created = services.publish_slots(stall, **form.series())
    except DomainError as error:
        db.session.rollback()
        return _owner_page(stall, form, error=error)
    flash(ngettext("%(num)d slot published.", "%(num)d slots published.", len(created)), "success")
    return redirect(url_for(".owner_slots", stall_id=stall.id))


def _owner_page(stall: Stall, form: PublishSlotsForm, *, error: DomainError | None = None):
    field, exhibition = getattr(error, "field", None), exhibition_of(stall.edition)
    return render_form(
        "meetings/owner_slots.html", form, error=error, field=field if field in form else None, stall=stall,
        edition=stall.edition, booth=queries.booth_of(stall), now=utcnow(), action_form=ActionForm(),
        opening_hours=slots.opening_hours_text(exhibition.days) if exhibition else "",
        days=slots.by_day(queries.stall_slots(stall), stall.edition.zone),
        cancel_form=CancelMeetingForm(formdata=None, next=url_for(".owner_slots", stall_id=stall.id)),
    )


@bp.post("/me/slots/<int:slot_id>/delete")
@signed_in
def delete_slot(slot_id: int):
    slot = db.get_or_404(MeetingSlot, slot_id)
    stall = owned_stall(slot.stall_id, permissions.can_manage_slots)
    back_url = url_for(".owner_slots", stall_id=stall.id)
    if ActionForm().validate_on_submit():
        try:
            services.delete_slot(slot)
        except DomainError as error:
            return not_possible(str(error), error.status_code, back_url)
        flash(_("The slot is deleted."), "info")
    return redirect(back_url)


@bp.post("/me/meetings/<int:meeting_id>/cancel")
@signed_in
def cancel(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    require(permissions.can_cancel_meeting(current_user, meeting))
    form = CancelMeetingForm()
    back_url = safe_next_url(form.next.data) or url_for(".my_meetings")
    if not form.validate_on_submit():
        return not_possible(" ".join(str(errors[0]) for errors in form.errors.values()), 422, back_url)
    try:
        services.cancel_meeting(meeting, by=current_user, reason=form.reason.data)
    except DomainError as error:
        return not_possible(str(error), error.status_code, back_url)
    flash(_("The meeting of %(when)s is cancelled; the other side has been told.",
            when=slots.slot_time(meeting.slot)), "info")
    return redirect(back_url)


@bp.get("/me/meetings")
@signed_in
def my_meetings():
    meetings, now = queries.visitor_meetings(current_user), utcnow()
    booths = queries.booths_of({meeting.slot.stall for meeting in meetings})
    upcoming = [meeting for meeting in meetings if meeting.is_active and meeting.slot.ends_at > now]
    return render_template(
        "meetings/my_meetings.html", upcoming=upcoming, past=[m for m in reversed(meetings) if m not in upcoming],
        places={m.id: slots.place_of(m.slot, booths.get(m.slot.stall_id)) for m in meetings},
        cancel_form=CancelMeetingForm(formdata=None, next=url_for(".my_meetings")),
    )


@bp.get("/me/meetings/<int:meeting_id>.ics")
@signed_in
def meeting_ics(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    if not permissions.can_view_meeting(current_user, meeting):
        abort(404)
    side = VISITOR if permissions.is_meeting_visitor(current_user, meeting) else STALL
    view = side_view(meeting, side=side, booth=queries.booth_of(meeting.slot.stall))
    response = Response(calendar.meeting_ics(meeting, view), content_type=CALENDAR_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="meeting-{meeting.id}.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
