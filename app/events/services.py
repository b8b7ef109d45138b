"""Every change to editions, venues, villages, speakers and sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, RoleGrant, User, normalise_email
from app.core.errors import Conflict, DomainError
from app.core.uploads import delete_upload, save_image
from app.registrations import notifications
from app.events.models import Edition, EditionStatus, Room, Session, Speaker, Venue, Village
from app.extensions import db

EDITION_FIELDS = ("slug", "name_vi", "name_en", "theme_vi", "theme_en", "slogan_vi", "slogan_en",
                  "description_vi", "description_en", "starts_on", "ends_on", "timezone")
SESSION_FIELDS = ("kind", "title_vi", "title_en", "description_vi", "description_en", "room_id", "online_url",
                  "village_id", "track", "language", "requires_registration", "capacity",
                  "registers_teams", "seats_per_team")
# Changing these tells everyone registered that the session changed.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "room_id", "online_url")


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# Editions -------------------------------------------------------------------------------

def _apply_edition(edition: Edition, fields: dict) -> None:
    for name in EDITION_FIELDS:
        if name in fields:
            setattr(edition, name, _clean(fields[name]))
    if edition.ends_on < edition.starts_on:
        raise DomainError(_l("The festival cannot end before it starts."))


def create_edition(*, created_by: User, banner=None, **fields) -> Edition:
    """Create a draft edition; its creator becomes one of its organisers."""
    edition = Edition(status=EditionStatus.DRAFT)
    _apply_edition(edition, fields)
    if db.session.scalar(select(Edition.id).where(Edition.slug == edition.slug)) is not None:
        raise Conflict(_l("Another edition already uses the address %(slug)s."), slug=edition.slug)
    if banner:
        edition.banner_path = _save_banner(banner)
    db.session.add(edition)
    db.session.flush()
    db.session.add(RoleGrant(user=created_by, role=str(Role.ORGANISER), edition_id=edition.id,
                             granted_by=created_by))
    _commit_or_conflict(_l("Another edition already uses the address %(slug)s."), slug=edition.slug)
    return edition


def update_edition(edition: Edition, *, banner=None, remove_banner: bool = False, **fields) -> None:
    """Change an edition's details; sessions outside the new dates are refused."""
    _apply_edition(edition, fields)
    outside = [s for s in edition.sessions if not _within_edition(edition, s.starts_at, s.ends_at)]
    if outside:
        raise DomainError(_l("%(count)d sessions would fall outside the new dates. Move them first."),
                          count=len(outside))
    old_banner = edition.banner_path
    if banner or remove_banner:
        edition.banner_path = _save_banner(banner) if banner else None
    _commit_or_conflict(_l("Another edition already uses the address %(slug)s."), slug=edition.slug)
    if old_banner != edition.banner_path:
        delete_upload(old_banner)


def set_edition_status(edition: Edition, status: EditionStatus) -> None:
    """Publish, archive or return an edition to draft."""
    edition.status = str(status)
    db.session.commit()


def add_edition_organiser(edition: Edition, *, email: str, granted_by: User) -> RoleGrant:
    """Make an existing account an organiser of this edition."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise DomainError(_l("No account uses %(email)s. Ask the person to sign up first."), email=email)
    existing = next((g for g in user.role_grants if g.role == Role.ORGANISER and g.edition_id == edition.id), None)
    if existing:
        return existing
    grant = RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=edition.id, granted_by=granted_by)
    db.session.add(grant)
    db.session.commit()
    return grant


def remove_edition_organiser(edition: Edition, grant: RoleGrant, *, removed_by: User) -> None:
    """Remove an organiser from the edition's team; nobody removes themself."""
    if grant.edition_id != edition.id or grant.role != Role.ORGANISER:
        raise DomainError(_l("This person is not an organiser of the edition."))
    if grant.user_id == removed_by.id:
        raise DomainError(_l("You cannot remove yourself from the organiser team."))
    db.session.delete(grant)
    db.session.commit()


def edition_organisers(edition: Edition) -> list[RoleGrant]:
    return list(db.session.scalars(
        select(RoleGrant).where(RoleGrant.edition_id == edition.id, RoleGrant.role == Role.ORGANISER)
        .join(RoleGrant.user).order_by(User.name_folded)
    ))


def _save_banner(file_storage) -> str:
    return save_image(file_storage, folder="banners", max_bytes=current_app.config["BANNER_MAX_BYTES"],
                      max_pixels=current_app.config["BANNER_MAX_PIXELS"])


def _commit_or_conflict(message, **params) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(message, **params) from None


# Venues, rooms, villages, speakers -----------------------------------------------------

def save_venue(edition: Edition, venue: Venue | None = None, **fields) -> Venue:
    """Create or change a venue (a hotel, a university, the science and technology department)."""
    venue = venue or Venue(edition=edition)
    for name in ("name", "address", "map_url"):
        setattr(venue, name, _clean(fields.get(name)))
    db.session.add(venue)
    db.session.commit()
    return venue


def save_room(venue: Venue, room: Room | None = None, *, name: str, capacity: int | None) -> Room:
    """Create or change a room; its capacity is the default for sessions held in it."""
    room = room or Room(venue=venue)
    room.name, room.capacity = name.strip(), capacity
    db.session.add(room)
    _commit_or_conflict(_l("This venue already has a room called %(name)s."), name=name)
    return room


def save_village(edition: Edition, village: Village | None = None, **fields) -> Village:
    """Create or change a Techfest village and its head."""
    village = village or Village(edition=edition)
    for name in ("slug", "name_vi", "name_en", "description_vi", "description_en", "head_id", "co_head_id",
                 "position"):
        if name in fields:
            setattr(village, name, _clean(fields[name]))
    db.session.add(village)
    _commit_or_conflict(_l("Another village of this edition already uses the address %(slug)s."),
                        slug=village.slug)
    return village


def save_speaker(edition: Edition, speaker: Speaker | None = None, *, photo=None, **fields) -> Speaker:
    """Create or change a speaker of the edition."""
    speaker = speaker or Speaker(edition=edition)
    for name in ("name", "title", "organisation", "bio_vi", "bio_en", "user_id"):
        if name in fields:
            setattr(speaker, name, _clean(fields[name]))
    old_photo = speaker.photo_path
    if photo:
        speaker.photo_path = save_image(photo, folder="speakers", max_bytes=current_app.config["LOGO_MAX_BYTES"],
                                        max_pixels=current_app.config["LOGO_MAX_PIXELS"])
    db.session.add(speaker)
    db.session.commit()
    if photo:
        delete_upload(old_photo)
    return speaker


# Sessions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleWarning:
    """Something an organiser should look at, but may decide to keep."""

    message: str


def to_utc(edition: Edition, local: datetime) -> datetime:
    """A wall-clock time typed for the edition's place, as an aware UTC datetime."""
    return local.replace(tzinfo=edition.zone).astimezone(UTC)


def _within_edition(edition: Edition, starts_at: datetime, ends_at: datetime) -> bool:
    first = datetime.combine(edition.starts_on, time.min, tzinfo=edition.zone)
    last = datetime.combine(edition.ends_on + timedelta(days=1), time.min, tzinfo=edition.zone)
    return first <= starts_at and ends_at <= last


def check_session_times(edition: Edition, starts_at: datetime, ends_at: datetime) -> None:
    """Refuse a session that ends before it starts or falls outside the edition's days."""
    if ends_at <= starts_at:
        raise DomainError(_l("The session must end after it starts."))
    if not _within_edition(edition, starts_at, ends_at):
        raise DomainError(_l("The session must take place between %(start)s and %(end)s."),
                          start=edition.starts_on.isoformat(), end=edition.ends_on.isoformat())


def save_session(edition: Edition, session: Session | None = None, *, starts_at: datetime, ends_at: datetime,
                 speaker_ids: list[int] = (), **fields) -> tuple[Session, list[ScheduleWarning]]:
    """Create or change a session; return it with the clashes the organiser should know about."""
    check_session_times(edition, starts_at, ends_at)
    is_new = session is None
    session = session or Session(edition=edition, confirmed_seats=0)
    before = {name: getattr(session, name) for name in NOTIFIED_FIELDS}
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(session, name, _clean(fields[name]))
    session.starts_at, session.ends_at = starts_at, ends_at
    session.registration_opens_at = fields.get("registration_opens_at")
    session.registration_closes_at = fields.get("registration_closes_at")
    _check_session_rules(edition, session)
    session.speakers = [s for s in edition.speakers if s.id in set(speaker_ids)]
    db.session.add(session)
    db.session.flush()
    changed = not is_new and any(before[name] != getattr(session, name) for name in NOTIFIED_FIELDS)
    if changed:
        notifications.notify_session_changed(session)
    warnings = schedule_warnings(session)
    db.session.commit()
    return session, warnings


def _check_session_rules(edition: Edition, session: Session) -> None:
    if session.room_id is not None:
        room = db.session.get(Room, session.room_id)
        if room is None or room.venue.edition_id != edition.id:
            raise DomainError(_l("Choose a room of this edition."))
        if session.capacity is None and session.requires_registration:
            session.capacity = room.capacity
    if session.village_id is not None:
        village = db.session.get(Village, session.village_id)
        if village is None or village.edition_id != edition.id:
            raise DomainError(_l("Choose a village of this edition."))
    if session.capacity is not None and session.capacity < session.confirmed_seats:
        raise DomainError(_l("%(count)d seats are already confirmed: the capacity cannot be lower."),
                          count=session.confirmed_seats)
    if session.registers_teams and not session.seats_per_team:
        raise DomainError(_l("Say how many seats each team may take."))
    opens, closes = session.registration_opens_at, session.registration_closes_at
    if opens and closes and closes <= opens:
        raise DomainError(_l("Registration must close after it opens."))
    if closes and closes > session.ends_at:
        raise DomainError(_l("Registration cannot close after the session has ended."))


def schedule_warnings(session: Session) -> list[ScheduleWarning]:
    """Overlaps in the same room, and speakers booked in two places at once."""
    warnings = []
    overlapping = db.session.scalars(
        select(Session).where(
            Session.edition_id == session.edition_id, Session.id != session.id, Session.status == "scheduled",
            Session.starts_at < session.ends_at, Session.ends_at > session.starts_at,
        )
    ).all()
    for other in overlapping:
        if session.room_id is not None and other.room_id == session.room_id:
            warnings.append(ScheduleWarning(str(_l("“%(other)s” uses the same room at the same time.",
                                                   other=other.title))))
        for speaker in set(session.speakers) & set(other.speakers):
            warnings.append(ScheduleWarning(str(_l("%(speaker)s also speaks at “%(other)s” at the same time.",
                                                   speaker=speaker.name, other=other.title))))
    return warnings


def cancel_session(session: Session) -> None:
    """Cancel a session and tell everyone registered, in the same transaction."""
    if session.is_cancelled:
        return
    session.status = "cancelled"
    notifications.notify_session_cancelled(session)
    db.session.commit()
