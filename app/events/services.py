"""Every change to editions, venues, villages, speakers and sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from app.accounts.models import Role, RoleGrant, User, normalise_email
from app.core.text import blank_to_none
from app.core.errors import Conflict, DomainError
from app.core.uploads import delete_upload, save_image
from app.events.models import (
    DEFAULT_TIMEZONE, EDITION_STATUS_LABELS, Edition, EditionStatus, Room, Session, Speaker, Venue, Village,
)
from app.extensions import db
from app.registrations import notifications
from app.registrations.services import promote_after_capacity_change

EDITION_FIELDS = ("slug", "name_vi", "name_en", "theme_vi", "theme_en", "slogan_vi", "slogan_en",
                  "description_vi", "description_en", "starts_on", "ends_on", "timezone")
SESSION_FIELDS = ("kind", "title_vi", "title_en", "description_vi", "description_en", "room_id", "online_url",
                  "village_id", "track", "language", "requires_registration", "capacity",
                  "registers_teams", "seats_per_team")
# Changing these tells everyone registered that the session changed.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "room_id", "online_url")


def _user_for_email(email: str | None, *, field: str) -> User | None:
    """The account using ``email`` (None for a blank email); an unknown email is refused."""
    email = blank_to_none(email)
    if email is None:
        return None
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise DomainError(_l("No account uses %(email)s. Ask the person to sign up first."),
                       field=field, email=email)
    return user


# Editions -------------------------------------------------------------------------------

# Publishing, archiving and returning to draft; nothing else.
EDITION_TRANSITIONS = {
    EditionStatus.DRAFT: {EditionStatus.PUBLISHED},
    EditionStatus.PUBLISHED: {EditionStatus.ARCHIVED, EditionStatus.DRAFT},
    EditionStatus.ARCHIVED: {EditionStatus.DRAFT},
}


def _edition_window(starts_on: date, ends_on: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From midnight of the first day to midnight after the last day, in the edition's timezone."""
    return (datetime.combine(starts_on, time.min, tzinfo=zone),
            datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=zone))


def _edition_values(edition: Edition, fields: dict) -> dict:
    """The cleaned new values of an edition, checked before anything is changed.

    Checking first keeps a refused change out of the database session: nothing half-applied
    can be flushed by a later query or committed by a later service call.
    """
    values = {name: blank_to_none(fields[name]) for name in EDITION_FIELDS if name in fields}
    if values.get("timezone", "") is None:
        del values["timezone"]  # blank: keep the current one (or the default)
    starts_on = values.get("starts_on", edition.starts_on)
    ends_on = values.get("ends_on", edition.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_l("The festival cannot end before it starts."), field="ends_on")
    try:
        ZoneInfo(values.get("timezone") or edition.timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(_l("Choose a timezone from the list."), field="timezone") from None
    slug = values.get("slug", edition.slug)
    taken = select(Edition.id).where(Edition.slug == slug)
    if edition.id is not None:
        taken = taken.where(Edition.id != edition.id)
    if db.session.scalar(taken) is not None:
        raise Conflict(_l("Another edition already uses the address %(slug)s."), field="slug", slug=slug)
    return values


def create_edition(*, created_by: User, banner=None, **fields) -> Edition:
    """Create a draft edition; its creator becomes one of its organisers."""
    values = _edition_values(Edition(), fields)
    edition = Edition(status=EditionStatus.DRAFT, **{"timezone": DEFAULT_TIMEZONE, **values})
    if banner:
        edition.banner_path = _save_banner(banner)
    db.session.add(edition)
    db.session.flush()
    db.session.add(RoleGrant(user=created_by, role=str(Role.ORGANISER), edition_id=edition.id,
                             granted_by=created_by))
    _commit_or_conflict(_l("Another edition already uses the address %(slug)s."), field="slug", slug=edition.slug)
    return edition


def update_edition(edition: Edition, *, banner=None, remove_banner: bool = False, **fields) -> None:
    """Change an edition's details; dates (or a timezone) that would leave sessions outside are refused."""
    values = _edition_values(edition, fields)
    first, last = _edition_window(values.get("starts_on", edition.starts_on), values.get("ends_on", edition.ends_on),
                                  ZoneInfo(values.get("timezone", edition.timezone)))
    # Cancelled sessions cannot be moved any more, so they do not hold the dates.
    outside = [s for s in edition.sessions
               if not s.is_cancelled and not (first <= s.starts_at and s.ends_at <= last)]
    if outside:
        raise DomainError(_l("%(count)d sessions would fall outside the new dates. Move them first."),
                       field="starts_on", count=len(outside))
    for name, value in values.items():
        setattr(edition, name, value)
    old_banner = edition.banner_path
    if banner or remove_banner:
        edition.banner_path = _save_banner(banner) if banner else None
    _commit_or_conflict(_l("Another edition already uses the address %(slug)s."), field="slug", slug=edition.slug)
    if old_banner != edition.banner_path:
        delete_upload(old_banner)


def next_statuses(edition: Edition) -> list[EditionStatus]:
    """The statuses an edition may move to from its current one, in the order the buttons show them."""
    allowed = EDITION_TRANSITIONS[EditionStatus(edition.status)]
    return [status for status in EditionStatus if status in allowed]


def set_edition_status(edition: Edition, status: EditionStatus) -> None:
    """Publish a draft, archive a published edition, or return either to draft."""
    current = EditionStatus(edition.status)
    if status == current:
        return
    if status not in EDITION_TRANSITIONS[current]:
        raise Conflict(_l("An edition that is %(current)s cannot become %(new)s."),
                       current=EDITION_STATUS_LABELS[current], new=EDITION_STATUS_LABELS[EditionStatus(status)])
    edition.status = str(status)
    db.session.commit()


def add_edition_organiser(edition: Edition, *, email: str, granted_by: User) -> RoleGrant:
    """Make an existing account an organiser of this edition (adding someone twice changes nothing)."""
    user = _user_for_email(email, field="email")
    if user is None:
        raise DomainError(_l("Enter the email of the person to add."), field="email")
    existing = next((g for g in user.role_grants if g.role == Role.ORGANISER and g.edition_id == edition.id), None)
    if existing:
        return existing
    grant = RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=edition.id, granted_by=granted_by)
    db.session.add(grant)
    _commit_or_conflict(_l("%(email)s is already an organiser of this edition."), field="email", email=user.email)
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
    """The edition's own organisers by name (platform-wide organisers and administrators are not listed)."""
    return list(db.session.scalars(
        select(RoleGrant).where(RoleGrant.edition_id == edition.id, RoleGrant.role == Role.ORGANISER)
        .join(RoleGrant.user).options(contains_eager(RoleGrant.user)).order_by(User.name_folded, RoleGrant.id)
    ))


def _save_banner(file_storage) -> str:
    return save_image(file_storage, folder="banners", max_bytes=current_app.config["BANNER_MAX_BYTES"],
                      max_pixels=current_app.config["BANNER_MAX_PIXELS"])


def _commit_or_conflict(message, *, field: str | None = None, **params) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(message, field=field, **params) from None


# Venues, rooms, villages, speakers -----------------------------------------------------

def save_venue(edition: Edition, venue: Venue | None = None, **fields) -> Venue:
    """Create or change a venue (a hotel, a university, the science and technology department)."""
    venue = venue or Venue(edition=edition)
    for name in ("name", "address", "map_url"):
        setattr(venue, name, blank_to_none(fields.get(name)))
    db.session.add(venue)
    db.session.commit()
    return venue


def _sessions_using(*conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(Session).where(*conditions))


def delete_venue(venue: Venue) -> None:
    """Delete a venue and its rooms, unless a session takes place in one of them."""
    room_ids = [room.id for room in venue.rooms]
    used = _sessions_using(Session.room_id.in_(room_ids)) if room_ids else 0
    if used:
        raise Conflict(_l("%(count)d sessions take place at this venue. Move them to another room first."),
                       count=used)
    db.session.delete(venue)
    db.session.commit()


def save_room(venue: Venue, room: Room | None = None, *, name: str, capacity: int | None) -> Room:
    """Create or change a room; its capacity is the default for sessions held in it."""
    name = " ".join(name.split())
    taken = select(Room.id).where(Room.venue_id == venue.id, Room.name == name)
    if room is not None:
        taken = taken.where(Room.id != room.id)
    if db.session.scalar(taken) is not None:
        raise Conflict(_l("This venue already has a room called %(name)s."), field="name", name=name)
    room = room or Room(venue=venue)
    room.name, room.capacity = name, capacity
    db.session.add(room)
    _commit_or_conflict(_l("This venue already has a room called %(name)s."), field="name", name=name)
    return room


def delete_room(room: Room) -> None:
    """Delete a room that no session uses."""
    used = _sessions_using(Session.room_id == room.id)
    if used:
        raise Conflict(_l("%(count)d sessions take place in this room. Move them first."), count=used)
    db.session.delete(room)
    db.session.commit()


def save_village(edition: Edition, village: Village | None = None, *, head_email: str | None = None,
                 co_head_email: str | None = None, **fields) -> Village:
    """Create or change a Techfest village; its head and co-head are existing accounts, found by email."""
    head = _user_for_email(head_email, field="head_email")
    co_head = _user_for_email(co_head_email, field="co_head_email")
    if head is not None and co_head is not None and head.id == co_head.id:
        raise DomainError(_l("The co-head must be another person than the village head."),
                       field="co_head_email")
    slug = blank_to_none(fields.get("slug")) if "slug" in fields else getattr(village, "slug", None)
    taken = select(Village.id).where(Village.edition_id == edition.id, Village.slug == slug)
    if village is not None:
        taken = taken.where(Village.id != village.id)
    if db.session.scalar(taken) is not None:
        raise Conflict(_l("Another village of this edition already uses the address %(slug)s."),
                       field="slug", slug=slug)
    village = village or Village(edition=edition)
    for name in ("slug", "name_vi", "name_en", "description_vi", "description_en", "position"):
        if name in fields:
            setattr(village, name, blank_to_none(fields[name]))
    village.position = village.position or 0
    village.head_id = head.id if head else None
    village.co_head_id = co_head.id if co_head else None
    db.session.add(village)
    _commit_or_conflict(_l("Another village of this edition already uses the address %(slug)s."),
                        field="slug", slug=village.slug)
    return village


def delete_village(village: Village) -> None:
    """Delete a village; its sessions stay in the program without a village."""
    db.session.execute(update(Session).where(Session.village_id == village.id).values(village_id=None)
                       .execution_options(synchronize_session="fetch"))
    db.session.delete(village)
    db.session.commit()


def save_speaker(edition: Edition, speaker: Speaker | None = None, *, photo=None, remove_photo: bool = False,
                 user_email: str | None = None, **fields) -> Speaker:
    """Create or change a speaker of the edition, optionally linked to an existing account (by email)."""
    user = _user_for_email(user_email, field="user_email")
    new_photo = _save_photo(photo) if photo else None
    speaker = speaker or Speaker(edition=edition)
    for name in ("name", "title", "organisation", "bio_vi", "bio_en"):
        if name in fields:
            setattr(speaker, name, blank_to_none(fields[name]))
    speaker.user_id = user.id if user else None
    old_photo = speaker.photo_path
    if new_photo or remove_photo:
        speaker.photo_path = new_photo
    db.session.add(speaker)
    db.session.commit()
    if old_photo != speaker.photo_path:
        delete_upload(old_photo)
    return speaker


def delete_speaker(speaker: Speaker) -> None:
    """Delete a speaker; the sessions they spoke at keep their other speakers."""
    photo = speaker.photo_path
    speaker.sessions = []
    db.session.delete(speaker)
    db.session.commit()
    delete_upload(photo)


def _save_photo(file_storage) -> str:
    return save_image(file_storage, folder="speakers", max_bytes=current_app.config["LOGO_MAX_BYTES"],
                      max_pixels=current_app.config["LOGO_MAX_PIXELS"])


# Sessions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleWarning:
    """Something an organiser should look at, but may decide to keep."""

    message: str


def to_utc(edition: Edition, local: datetime) -> datetime:
    """A wall-clock time typed for the edition's place (naive), as an aware UTC datetime."""
    return local.replace(tzinfo=edition.zone).astimezone(UTC)


def check_session_times(edition: Edition, starts_at: datetime, ends_at: datetime) -> None:
    """Refuse a session that ends before it starts or falls outside the edition's days (in its timezone)."""
    if ends_at <= starts_at:
        raise DomainError(_l("The session must end after it starts."), field="ends_at")
    first, last = _edition_window(edition.starts_on, edition.ends_on, edition.zone)
    if not (first <= starts_at < last and ends_at <= last):
        raise DomainError(_l("The session must take place between %(start)s and %(end)s."),
                       field="starts_at" if not first <= starts_at < last else "ends_at",
                       start=edition.starts_on.isoformat(), end=edition.ends_on.isoformat())


def save_session(edition: Edition, session: Session | None = None, *, starts_at: datetime, ends_at: datetime,
                 speaker_ids: list[int] = (), **fields) -> tuple[Session, list[ScheduleWarning]]:
    """Create or change a session; return it with the clashes the organiser should know about.

    Everyone registered is told when the time or place changes; raising the capacity moves
    people up from the waitlist.
    """
    if session is not None and session.is_cancelled:
        raise Conflict(_l("This session is cancelled and can no longer be changed."))
    values = {name: blank_to_none(fields[name]) for name in SESSION_FIELDS if name in fields}
    values.update(starts_at=starts_at, ends_at=ends_at,
                  registration_opens_at=fields.get("registration_opens_at"),
                  registration_closes_at=fields.get("registration_closes_at"))
    check_session_times(edition, starts_at, ends_at)
    _check_session_rules(edition, session, values)  # before any change, so a refusal leaves nothing behind
    is_new = session is None
    session = session or Session(edition=edition, confirmed_seats=0)
    before = {name: getattr(session, name) for name in (*NOTIFIED_FIELDS, "capacity")}
    for name, value in values.items():
        setattr(session, name, value)
    db.session.add(session)
    session.speakers = [s for s in edition.speakers if s.id in set(speaker_ids)]
    db.session.flush()
    if not is_new and any(before[name] != getattr(session, name) for name in NOTIFIED_FIELDS):
        notifications.notify_session_changed(session)
    warnings = schedule_warnings(session)
    db.session.commit()
    if not is_new and _capacity_raised(before["capacity"], session.capacity):
        promote_after_capacity_change(session)
    return session, warnings


def _capacity_raised(old: int | None, new: int | None) -> bool:
    return old is not None and (new is None or new > old)


def _check_session_rules(edition: Edition, session: Session | None, values: dict) -> None:
    """Check the new ``values`` of a session (completing ``capacity`` from the room) without changing it."""
    def current(name):
        return values[name] if name in values else getattr(session, name, None)

    if current("room_id") is not None:
        room = db.session.get(Room, current("room_id"))
        if room is None or room.venue.edition_id != edition.id:
            raise DomainError(_l("Choose a room of this edition."), field="room_id")
        if current("capacity") is None and current("requires_registration"):
            values["capacity"] = room.capacity
    if current("village_id") is not None:
        village = db.session.get(Village, current("village_id"))
        if village is None or village.edition_id != edition.id:
            raise DomainError(_l("Choose a village of this edition."), field="village_id")
    confirmed = session.confirmed_seats if session is not None else 0
    if current("capacity") is not None and current("capacity") < confirmed:
        raise DomainError(_l("%(count)d seats are already confirmed: the capacity cannot be lower."),
                       field="capacity", count=confirmed)
    if current("registers_teams") and not current("seats_per_team"):
        raise DomainError(_l("Say how many seats each team may take."), field="seats_per_team")
    opens, closes = values["registration_opens_at"], values["registration_closes_at"]
    if opens and closes and closes <= opens:
        raise DomainError(_l("Registration must close after it opens."), field="registration_closes_at")
    if closes and closes > values["ends_at"]:
        raise DomainError(_l("Registration cannot close after the session has ended."),
                       field="registration_closes_at")


def schedule_warnings(session: Session) -> list[ScheduleWarning]:
    """Overlaps in the same room, and speakers booked in two places at once."""
    warnings = []
    overlapping = db.session.scalars(
        select(Session).where(
            Session.edition_id == session.edition_id, Session.id != session.id, Session.status == "scheduled",
            Session.starts_at < session.ends_at, Session.ends_at > session.starts_at,
        ).order_by(Session.starts_at, Session.id)
    ).all()
    for other in overlapping:
        if session.room_id is not None and other.room_id == session.room_id:
            warnings.append(ScheduleWarning(str(_l("“%(other)s” uses the same room at the same time.",
                                                   other=other.title))))
        for speaker in sorted(set(session.speakers) & set(other.speakers), key=lambda s: (s.name, s.id)):
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
