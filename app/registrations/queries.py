"""Reads about registrations that several pages share."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from app.core.text import fold
from app.core.time import utcnow
from app.events.models import Edition, Room, Session, Village
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def registration_refusal(session: Session, now: datetime | None = None):
    """Why registration is not possible now (a translated message), or ``None``.

    A full session is not a refusal: the person joins the waitlist.
    """
    now = now or utcnow()
    if not session.requires_registration:
        return _l("This session is open to everyone without registration.")
    if session.is_cancelled:
        return _l("This session has been cancelled.")
    if not session.edition.is_published or session.edition.status == "archived":
        return _l("Registration is not open for this edition.")
    if session.ends_at <= now:
        return _l("This session is over.")
    if session.starts_at <= now:
        return _l("This session has already started.")
    if session.registration_opens_at and now < session.registration_opens_at:
        return _l("Registration has not opened yet.")
    if session.registration_closes_at and now >= session.registration_closes_at:
        return _l("Registration has closed.")
    return None


def find_registration(session: Session, user) -> Registration | None:
    """The person's own registration for ``session`` (in any status), or ``None``."""
    return db.session.scalar(
        select(Registration).where(Registration.session_id == session.id, Registration.user_id == user.id)
    )


def team_registration(session: Session, teams) -> Registration | None:
    """An active registration of one of ``teams`` for ``session`` (made by any member)."""
    team_ids = [team.id for team in teams]
    if not team_ids:
        return None
    return db.session.scalar(
        select(Registration).options(selectinload(Registration.organisation), selectinload(Registration.user))
        .where(Registration.session_id == session.id, Registration.organisation_id.in_(team_ids),
               Registration.status.in_(ACTIVE))
        .order_by(Registration.id).limit(1)
    )


def waitlist_positions(registration_ids: list[int]) -> dict[int, int]:
    """Each waitlisted registration's place in its session's queue (1 = next to get a seat)."""
    if not registration_ids:
        return {}
    mine, ahead = aliased(Registration), aliased(Registration)
    rows = db.session.execute(
        select(mine.id, func.count(ahead.id))
        .join(ahead, and_(
            ahead.session_id == mine.session_id, ahead.status == RegistrationStatus.WAITLISTED,
            or_(ahead.queued_at < mine.queued_at, and_(ahead.queued_at == mine.queued_at, ahead.id <= mine.id)),
        ))
        .where(mine.id.in_(registration_ids), mine.status == RegistrationStatus.WAITLISTED)
        .group_by(mine.id)
    )
    return {registration_id: position for registration_id, position in rows}


def waitlist_position(registration: Registration | None) -> int | None:
    if registration is None or not registration.is_waitlisted:
        return None
    return waitlist_positions([registration.id]).get(registration.id)


def startup_teams(user) -> list:
    """The startup teams ``user`` belongs to (team sessions register one of them)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.organisation for m in user.memberships if m.organisation.kind == "startup"]


def session_panel(session: Session, user) -> dict:
    """What the registration panel of a session page shows to ``user``.

    Keys: ``registration`` (theirs and active, or None), ``position`` (on the waitlist),
    ``team_registration`` (their team's, made by a teammate), ``refusal`` (why they cannot
    register now, or None), ``full`` (registering now means joining the waitlist), ``teams``
    (their startup teams, for sessions that register teams), and ``can_see_online_link``
    (only registered participants and organisers see the link).
    """
    from app.registrations.permissions import can_see_online_link

    signed_in = getattr(user, "is_authenticated", False)
    registration = find_registration(session, user) if signed_in else None
    active = registration if registration is not None and registration.is_active else None
    teams = startup_teams(user) if session.registers_teams else []
    return {
        "registration": active,
        "position": waitlist_position(active),
        "team_registration": team_registration(session, teams) if active is None else None,
        "refusal": registration_refusal(session),
        "full": session.seats_left == 0,
        "teams": teams,
        "can_see_online_link": can_see_online_link(user, session, active),
    }


def _with_place():
    return (selectinload(Registration.session).selectinload(Session.edition),
            selectinload(Registration.session).selectinload(Session.room).selectinload(Room.venue))


def agenda_registrations(user) -> list[Registration]:
    """The person's confirmed and waitlisted registrations, soonest first, with what the agenda shows."""
    return list(db.session.scalars(
        select(Registration).join(Registration.session)
        .where(Registration.user_id == user.id, Registration.status.in_(ACTIVE))
        .options(*_with_place(), selectinload(Registration.organisation))
        .order_by(Session.starts_at, Session.id)
    ))


def user_for_calendar_token(token: str):
    """The account whose personal calendar feed is at ``token``, or ``None``."""
    from app.accounts.models import User

    if not token:
        return None
    return db.session.scalar(select(User).where(User.calendar_token == token, User.active.is_(True)))


def registration_for_ticket(code: str) -> Registration | None:
    from app.registrations.codes import normalise_code

    return db.session.scalar(
        select(Registration).options(*_with_place(), selectinload(Registration.user),
                                     selectinload(Registration.organisation))
        .where(Registration.check_in_code == normalise_code(code))
    )


# Organisers ------------------------------------------------------------------------------

STATUS_FILTERS = ("confirmed", "waitlisted", "cancelled", "arrived", "not_arrived")


def session_registrations_query(session: Session, status: str | None = None) -> Select:
    """Registrations of a session for the organisers' list and exports, in queue order."""
    query = (
        select(Registration).where(Registration.session_id == session.id)
        .options(selectinload(Registration.user), selectinload(Registration.organisation),
                 selectinload(Registration.checked_in_by))
        .order_by(Registration.queued_at, Registration.id)
    )
    if status in ("confirmed", "waitlisted", "cancelled"):
        query = query.where(Registration.status == status)
    elif status == "arrived":
        query = query.where(Registration.checked_in_at.is_not(None))
    elif status == "not_arrived":
        query = query.where(Registration.status == RegistrationStatus.CONFIRMED,
                            Registration.checked_in_at.is_(None))
    return query


def export_rows(session: Session, status: str | None = None) -> list[Registration]:
    from app.accounts.models import User

    query = session_registrations_query(session, status).options(
        selectinload(Registration.user).selectinload(User.province))
    return list(db.session.scalars(query))


def _counts():
    confirmed = Registration.status == RegistrationStatus.CONFIRMED
    return (
        func.coalesce(func.sum(case((confirmed, 1), else_=0)), 0).label("confirmed"),
        func.coalesce(func.sum(case((confirmed, Registration.seats), else_=0)), 0).label("seats"),
        func.coalesce(func.sum(case((Registration.status == RegistrationStatus.WAITLISTED, 1), else_=0)), 0)
        .label("waitlisted"),
        func.coalesce(func.sum(case((and_(confirmed, Registration.checked_in_at.is_not(None)), 1), else_=0)), 0)
        .label("arrived"),
        func.count(distinct(case((Registration.status.in_(ACTIVE), Registration.user_id)))).label("people"),
    )


def _as_dict(row) -> dict:
    return {name: int(row._mapping[name] or 0) for name in ("confirmed", "seats", "waitlisted", "arrived", "people")}


def session_counts(session: Session) -> dict:
    """How many confirmed (registrations and seats), waitlisted, cancelled and arrived."""
    row = db.session.execute(select(*_counts()).where(Registration.session_id == session.id)).one()
    cancelled = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.session_id == session.id, Registration.status == RegistrationStatus.CANCELLED))
    return {**_as_dict(row), "cancelled": cancelled}


def recent_arrivals(session: Session, limit: int = 50) -> list[Registration]:
    """The latest arrivals at a session, newest first, for the check-in page."""
    return list(db.session.scalars(
        select(Registration).options(selectinload(Registration.user), selectinload(Registration.organisation))
        .where(Registration.session_id == session.id, Registration.checked_in_at.is_not(None))
        .order_by(Registration.checked_in_at.desc(), Registration.id.desc()).limit(limit)
    ))


def edition_overview(edition: Edition) -> dict:
    """Registration counts of an edition: in total, per session, per session type, per village and per province.

    Each breakdown is one aggregate query, whatever the number of registrations.
    """
    from app.accounts.models import User
    from app.teams.models import Province

    in_edition = Session.edition_id == edition.id
    base = select(*_counts()).select_from(Registration).join(Session, Registration.session_id == Session.id)
    totals = _as_dict(db.session.execute(base.where(in_edition)).one())
    per_session = db.session.execute(
        select(Session, *_counts()).outerjoin(Registration, Registration.session_id == Session.id)
        .where(in_edition, or_(Session.requires_registration.is_(True), Registration.id.is_not(None)))
        .group_by(Session.id).order_by(Session.starts_at, Session.id)
    ).all()
    per_kind = db.session.execute(base.add_columns(Session.kind).where(in_edition).group_by(Session.kind)
                                  .order_by(Session.kind)).all()
    per_village = db.session.execute(
        base.add_columns(Village.name_vi, Village.name_en).outerjoin(Village, Session.village_id == Village.id)
        .where(in_edition).group_by(Village.id, Village.name_vi, Village.name_en, Village.position)
    ).all()
    per_province = db.session.execute(
        base.add_columns(Province.name_vi, Province.name_en).join(User, Registration.user_id == User.id)
        .outerjoin(Province, User.province_id == Province.id)
        .where(in_edition).group_by(Province.id, Province.name_vi, Province.name_en)
    ).all()
    return {
        "totals": totals,
        "sessions": [(row[0], _as_dict(row)) for row in per_session],
        "kinds": [(row.kind, _as_dict(row)) for row in per_kind],
        "villages": _named_buckets(per_village),
        "provinces": _named_buckets(per_province),
    }


def _named_buckets(rows) -> list[tuple[tuple[str, str] | None, dict]]:
    """(Vietnamese name, English name) or ``None`` for the "none / not stated" bucket, which comes last."""
    buckets = [((row.name_vi, row.name_en) if row.name_vi else None, _as_dict(row)) for row in rows]
    return sorted(buckets, key=lambda bucket: (bucket[0] is None, fold(bucket[0][0]) if bucket[0] else ""))
