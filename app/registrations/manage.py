"""Organiser pages for registrations: lists, attendance, exports, statistics and check-in."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import DomainError
from app.core.forms import render_form
from app.core.permissions import guard_blueprint, require
from app.events.manage import managed_edition
from app.events.models import SESSION_KIND_LABELS, Session
from app.events.permissions import can_manage_any_edition
from app.extensions import db
from app.registrations import exports, permissions, queries, services
from app.registrations.forms import CheckInForm, StatusFilterForm
from app.registrations.models import Registration

bp = Blueprint("registrations_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")

PAGE_SIZE = 100


def managed_session(slug: str, session_id: int) -> Session:
    """A session of an edition the current user organises: 404 if unknown or elsewhere, 403 if not theirs."""
    edition = managed_edition(slug)
    session = db.get_or_404(Session, session_id)
    if session.edition_id != edition.id:
        abort(404)
    return session


@bp.get("/e/<slug>/registrations")
def overview(slug: str):
    edition = managed_edition(slug)
    return render_template("registrations/manage/overview.html", edition=edition,
                           overview=queries.edition_overview(edition), kind_labels=SESSION_KIND_LABELS)


@bp.get("/e/<slug>/sessions/<int:session_id>/registrations")
def session_registrations(slug: str, session_id: int):
    session = managed_session(slug, session_id)
    form = StatusFilterForm(request.args)
    status = form.status.data if form.validate() else ""
    page = db.paginate(queries.session_registrations_query(session, status), per_page=PAGE_SIZE, error_out=False)
    return render_template("registrations/manage/session.html", session=session, edition=session.edition,
                           form=form, status=status, page=page, counts=queries.session_counts(session))


@bp.get("/e/<slug>/sessions/<int:session_id>/registrations.<any(csv, xlsx):kind>")
def export(slug: str, session_id: int, kind: str):
    session = managed_session(slug, session_id)
    form = StatusFilterForm(request.args)
    status = form.status.data if form.validate() else ""
    header, rows = _export_table(session, status)
    filename = f"{session.edition.slug}-session-{session.id}-registrations.{kind}"
    if kind == "csv":
        response = Response(exports.to_csv(header, rows), content_type=exports.CSV_TYPE)
    else:
        response = Response(exports.to_xlsx(header, rows, title=session.title), content_type=exports.XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/e/<slug>/sessions/<int:session_id>/check-in", methods=["GET", "POST"])
def check_in(slug: str, session_id: int):
    session = managed_session(slug, session_id)
    require(permissions.can_check_in(current_user, session))
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            registration = services.check_in(session, form.code.data, by=current_user)
        except DomainError as error:
            return _check_in_page(session, form, error=error)
        flash(_("%(name)s is checked in (%(code)s).", name=registration.user.name,
                code=registration.display_code), "success")
        return redirect(url_for(".check_in", slug=slug, session_id=session.id))
    return _check_in_page(session, form)


def _check_in_page(session: Session, form: CheckInForm, *, error: DomainError | None = None):
    if error is not None:
        form.code.data = ""  # ready for the next person; the refusal is shown next to the field
    edition, counts = session.edition, queries.session_counts(session)
    desk = {
        "title": _("Check-in: %(title)s", title=session.title), "subject": session.title,
        "breadcrumbs": [(edition.name, url_for(".overview", slug=edition.slug)),
                        (session.title, url_for(".session_registrations", slug=edition.slug, session_id=session.id))],
        "count": _("%(arrived)s of %(confirmed)s confirmed participants have arrived.",
                   arrived=format_decimal(counts["arrived"]), confirmed=format_decimal(counts["confirmed"])),
        "arrivals": [{"name": r.user.name, "detail": r.organisation.name if r.organisation else None,
                      "at": r.checked_in_at} for r in queries.recent_arrivals(session)],
        "other_desk": other_desk(error),
    }
    return render_form("registrations/manage/check_in.html", form, error=error, field="code", edition=edition,
                       desk=desk)


def other_desk(error: DomainError | None) -> tuple[str, str] | None:
    """(label, URL) of the check-in desk a code scanned at the wrong one belongs to, or ``None``."""
    if not isinstance(error, services.WrongDesk):
        return None
    owner = error.owner
    if isinstance(owner, Registration):
        return (_("Open the check-in of %(title)s", title=owner.session.title),
                url_for("registrations_manage.check_in", slug=owner.session.edition.slug, session_id=owner.session_id))
    return (_("Open the exhibition entrance check-in"),
            url_for("exhibition_manage.check_in", slug=owner.application.edition.slug))


def _export_table(session: Session, status: str) -> tuple[list[str], list[list]]:
    edition = session.edition
    header = [_("Code"), _("Name"), _("Email"), _("Province"), _("Team"), _("Seats"), _("Status"),
              _("Registered at"), _("Confirmed at"), _("Arrived at")]
    rows = [[
        registration.display_code, registration.user.name, registration.user.email,
        registration.user.province.name if registration.user.province else "",
        registration.organisation.name if registration.organisation else "", registration.seats,
        str(registration.status_label), _local(registration.created_at, edition),
        _local(registration.confirmed_at, edition), _local(registration.checked_in_at, edition),
    ] for registration in queries.export_rows(session, status)]
    return header, rows


def _local(moment, edition):
    return moment.astimezone(edition.zone) if moment else None
