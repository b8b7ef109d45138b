"""Setting up an edition's exhibition: settings and days, halls, booth types, and booths on the plans.

Layout changes in one hall take a lock on the hall's row first (``SELECT … FOR UPDATE`` on
PostgreSQL), so two organisers placing booths at the same moment cannot both pass the
overlap check; booth codes are unique per edition in the database as well.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict, DomainError
from app.core.text import blank_to_none
from app.core.uploads import read_limited
from app.events.models import Edition, Venue, Village
from app.exhibition.layout import (
    BoothTypeChoice, ExistingBooth, Footprint, LineError, check_import, code_problem, is_inside, metres,
    normalise_code, overlap, parse_booth_csv,
)
from app.exhibition.models import (
    Booth, BoothApplication, BoothBooking, BoothType, Exhibition, ExhibitionDay, Hall,
)
from app.exhibition.queries.settings import exhibition_of
from app.extensions import db

CSV_MAX_BYTES = 512 * 1024
HALL_CODE_MAX_LENGTH = 10


class LayoutRefused(DomainError):
    """Input that cannot go on the plan as typed (a booth outside its hall, a bad code)."""

    status_code = 422


class BoothFileRefused(DomainError):
    """A booth CSV file with problems: nothing was imported. ``errors`` lists them by line."""

    status_code = 422

    def __init__(self, errors: list[LineError]):
        super().__init__(_l("Nothing was imported: the file has %(count)d problems. Correct them and upload it again.",
                            count=len(errors)))
        self.errors = errors
        self.field = "csv_file"


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


def _commit_or_conflict(message, *, field: str | None = None, **params) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(message, field=field, **params) from None


# Settings and days ------------------------------------------------------------------------

def save_exhibition_settings(edition: Edition, *, applications_open: bool, exhibitors_pick_booths: bool,
                             booths_per_exhibitor: int, setup_starts_at: datetime | None,
                             setup_ends_at: datetime | None, online_opens_at: datetime | None,
                             online_closes_at: datetime | None, stall_owners_see_analytics: bool,
                             notes_vi: str | None = None, notes_en: str | None = None) -> Exhibition:
    """Create (on the first save) or change the exhibition settings; each window must end after it starts."""
    if booths_per_exhibitor is None or booths_per_exhibitor < 1:
        raise LayoutRefused(_l("An exhibitor may have at least one booth."), field="booths_per_exhibitor")
    if setup_starts_at and setup_ends_at and setup_ends_at <= setup_starts_at:
        raise LayoutRefused(_l("Set-up must end after it starts."), field="setup_ends_at")
    if online_opens_at and online_closes_at and online_closes_at <= online_opens_at:
        raise LayoutRefused(_l("The virtual stalls must close after they open."), field="online_closes_at")
    exhibition = exhibition_of(edition) or Exhibition(edition=edition)
    exhibition.applications_open = bool(applications_open)
    exhibition.exhibitors_pick_booths = bool(exhibitors_pick_booths)
    exhibition.booths_per_exhibitor = booths_per_exhibitor
    exhibition.setup_starts_at, exhibition.setup_ends_at = setup_starts_at, setup_ends_at
    exhibition.online_opens_at, exhibition.online_closes_at = online_opens_at, online_closes_at
    exhibition.stall_owners_see_analytics = bool(stall_owners_see_analytics)
    exhibition.notes_vi, exhibition.notes_en = blank_to_none(notes_vi), blank_to_none(notes_en)
    db.session.add(exhibition)
    _commit_or_conflict(_l("Someone else saved the settings at the same moment. Reload the page and try again."))
    return exhibition


def _exhibition_for(edition: Edition) -> Exhibition:
    """The edition's exhibition settings, created with the defaults when there are none yet."""
    exhibition = exhibition_of(edition)
    if exhibition is None:
        exhibition = Exhibition(edition=edition)
        db.session.add(exhibition)
    return exhibition


def add_exhibition_day(edition: Edition, *, day: date, opens_at: time, closes_at: time) -> ExhibitionDay:
    """Open the exhibition on one of the edition's days (hours in local time); adding a day again changes its hours."""
    if closes_at <= opens_at:
        raise LayoutRefused(_l("The exhibition must close after it opens."), field="closes_at")
    if not edition.starts_on <= day <= edition.ends_on:
        raise LayoutRefused(_l("Choose a day of the festival, between %(start)s and %(end)s."), field="day",
                       start=edition.starts_on.isoformat(), end=edition.ends_on.isoformat())
    exhibition = _exhibition_for(edition)
    exhibition_day = next((d for d in exhibition.days if d.day == day), None) or ExhibitionDay(day=day)
    exhibition_day.opens_at, exhibition_day.closes_at = opens_at, closes_at
    if exhibition_day not in exhibition.days:
        exhibition.days.append(exhibition_day)
    _commit_or_conflict(_l("%(day)s was added at the same moment by someone else. Reload the page."), field="day",
                        day=day.isoformat())
    return exhibition_day


def remove_exhibition_day(exhibition_day: ExhibitionDay) -> None:
    """The exhibition no longer opens on this day."""
    db.session.delete(exhibition_day)
    db.session.commit()


# Halls ------------------------------------------------------------------------------------

def save_hall(edition: Edition, hall: Hall | None = None, *, code: str, name_vi: str, name_en: str, width: float,
              depth: float, village_id: int | None = None, venue_id: int | None = None, position: int = 0) -> Hall:
    """Create or change a hall; shrinking it is refused while booths would stick out of it."""
    code = normalise_code(code)
    if not code or len(code) > HALL_CODE_MAX_LENGTH:
        raise LayoutRefused(_l("Give the hall a short code (at most %(max)d characters), e.g. A."),
                       field="code", max=HALL_CODE_MAX_LENGTH)
    _check_size(width, depth)
    _check_belongs(Village, village_id, edition, _l("Choose a village of this edition."), field="village_id")
    _check_belongs(Venue, venue_id, edition, _l("Choose a venue of this edition."), field="venue_id")
    taken = select(Hall.id).where(Hall.edition_id == edition.id, Hall.code == code)
    if hall is not None:
        taken = taken.where(Hall.id != hall.id)
        _lock_hall(hall)
        _check_booths_fit(hall, width, depth)
    if db.session.scalar(taken) is not None:
        raise Conflict(_l("Another hall already uses the code %(code)s."), field="code", code=code)
    hall = hall or Hall(edition=edition)
    hall.code, hall.name_vi, hall.name_en = code, " ".join(name_vi.split()), " ".join(name_en.split())
    hall.width, hall.depth, hall.village_id, hall.venue_id = width, depth, village_id, venue_id
    hall.position = position or 0
    db.session.add(hall)
    _commit_or_conflict(_l("Another hall already uses the code %(code)s."), field="code", code=code)
    return hall


def _check_size(width: float | None, depth: float | None) -> None:
    if width is None or width <= 0:
        raise LayoutRefused(_l("The width must be more than 0 metres."), field="width")
    if depth is None or depth <= 0:
        raise LayoutRefused(_l("The depth must be more than 0 metres."), field="depth")


def _check_belongs(model, object_id: int | None, edition: Edition, message, *, field: str) -> None:
    if object_id is not None:
        item = db.session.get(model, object_id)
        if item is None or item.edition_id != edition.id:
            raise LayoutRefused(message, field=field)


def _check_booths_fit(hall: Hall, width: float, depth: float) -> None:
    outside = [booth.code for booth in _booths_in(hall) if not is_inside(_footprint(booth), width, depth)]
    if outside:
        raise Conflict(_l("%(count)d booths would be outside the hall (%(codes)s). Move them first."),
                       field="width", count=len(outside), codes=", ".join(outside[:10]))


def delete_hall(hall: Hall) -> None:
    """Delete a hall with its booths, unless an exhibitor has a booth in it."""
    booked = db.session.scalar(select(func.count()).select_from(BoothBooking).join(Booth)
                               .where(Booth.hall_id == hall.id))
    if booked:
        raise Conflict(_l("%(count)d booths of this hall are taken by exhibitors. Move them to another booth first."),
                       count=booked)
    db.session.delete(hall)
    db.session.commit()


def _lock_hall(hall: Hall) -> None:
    """Serialise layout changes in one hall (PostgreSQL row lock; SQLite writes one at a time anyway)."""
    db.session.execute(select(Hall.id).where(Hall.id == hall.id).with_for_update())


def _booths_in(hall: Hall) -> list[Booth]:
    return list(db.session.scalars(select(Booth).where(Booth.hall_id == hall.id).order_by(Booth.code)))


def _footprint(booth: Booth) -> Footprint:
    return Footprint(booth.code, booth.x, booth.y, booth.width, booth.depth)


# Booth types ------------------------------------------------------------------------------

def save_booth_type(edition: Edition, booth_type: BoothType | None = None, *, name_vi: str, name_en: str,
                    width: float, depth: float, price_vnd: int = 0, for_startups: bool = False,
                    includes_vi: str | None = None, includes_en: str | None = None, position: int = 0) -> BoothType:
    """Create or change a booth type: footprint, what is included, price in VND (0 is free).

    Booths already placed keep their own size on the plan.
    """
    _check_size(width, depth)
    if price_vnd is None or price_vnd < 0:
        raise LayoutRefused(_l("The price cannot be negative; 0 means free."), field="price_vnd")
    booth_type = booth_type or BoothType(edition=edition)
    booth_type.name_vi, booth_type.name_en = " ".join(name_vi.split()), " ".join(name_en.split())
    booth_type.width, booth_type.depth, booth_type.price_vnd = width, depth, price_vnd
    booth_type.for_startups = bool(for_startups)
    booth_type.includes_vi, booth_type.includes_en = blank_to_none(includes_vi), blank_to_none(includes_en)
    booth_type.position = position or 0
    db.session.add(booth_type)
    db.session.commit()
    return booth_type


def delete_booth_type(booth_type: BoothType) -> None:
    """Delete a booth type that no booth and no application uses."""
    booths = db.session.scalar(select(func.count()).where(Booth.booth_type_id == booth_type.id))
    applications = db.session.scalar(select(func.count()).where(BoothApplication.booth_type_id == booth_type.id))
    if booths or applications:
        raise Conflict(_l("This booth type is used by %(booths)d booths and %(applications)d applications. "
                          "Change them first."), booths=booths, applications=applications)
    db.session.delete(booth_type)
    _commit_or_conflict(_l("This booth type has just been used. Reload the page."))


# Booths -----------------------------------------------------------------------------------

def save_booth(hall: Hall, booth: Booth | None = None, *, code: str, booth_type_id: int, x: float, y: float,
               width: float | None = None, depth: float | None = None) -> Booth:
    """Place a booth on a hall's plan, or move, resize or retype it: inside the hall, overlapping no other booth.

    Width and depth default to the booth type's size.
    """
    code = normalise_code(code)
    problem = code_problem(code)
    if problem:
        raise LayoutRefused(problem, field="code")
    booth_type = _booth_type_of(hall.edition_id, booth_type_id)
    footprint = Footprint(code, x, y, width or booth_type.width, depth or booth_type.depth)
    _check_inside(footprint, hall)
    _lock_hall(hall)
    clashing = [other.code for other in _booths_in(hall)
                if (booth is None or other.id != booth.id) and overlap(footprint, _footprint(other))]
    if clashing:
        raise Conflict(_l("Booth %(code)s would overlap booth %(others)s. Choose another place."),
                       field="x", code=code, others=", ".join(clashing))
    _check_code_free(hall, booth, code)
    booth = booth or Booth(edition_id=hall.edition_id, hall=hall)
    booth.code, booth.booth_type = code, booth_type
    booth.x, booth.y, booth.width, booth.depth = footprint.x, footprint.y, footprint.width, footprint.depth
    db.session.add(booth)
    _commit_or_conflict(_l("The code %(code)s is already used by another booth."), field="code", code=code)
    return booth


def _booth_type_of(edition_id: int, booth_type_id: int | None) -> BoothType:
    booth_type = db.session.get(BoothType, booth_type_id) if booth_type_id else None
    if booth_type is None or booth_type.edition_id != edition_id:
        raise LayoutRefused(_l("Choose a booth type of this edition."), field="booth_type_id")
    return booth_type


def _check_inside(footprint: Footprint, hall: Hall) -> None:
    if not is_inside(footprint, hall.width, hall.depth):
        raise LayoutRefused(_l("Booth %(code)s does not fit in the hall (%(width)s × %(depth)s m)."),
                       field="x", code=footprint.code, width=metres(hall.width), depth=metres(hall.depth))


def _check_code_free(hall: Hall, booth: Booth | None, code: str) -> None:
    query = select(Hall.code).join(Booth, Booth.hall_id == Hall.id).where(
        Booth.edition_id == hall.edition_id, Booth.code == code)
    if booth is not None:
        query = query.where(Booth.id != booth.id)
    used_in = db.session.scalar(query)
    if used_in is not None:
        raise Conflict(_l("The code %(code)s is already used in hall %(hall)s."), field="code",
                       code=code, hall=used_in)


def delete_booth(booth: Booth) -> None:
    """Remove a booth from the plan, unless an exhibitor has it."""
    deleted = db.session.execute(
        delete(Booth).where(Booth.id == booth.id, ~exists().where(BoothBooking.booth_id == Booth.id))
        .execution_options(synchronize_session=False)
    ).rowcount
    if not deleted:
        db.session.rollback()
        raise Conflict(_l("Booth %(code)s is taken by an exhibitor: move them to another booth first."),
                       code=booth.code)
    db.session.commit()
    db.session.expunge(booth)


def hold_booth(booth: Booth, *, note: str | None = None) -> None:
    """Keep a free booth back (for a sponsor, a stage, …) so that nobody books or picks it."""
    held = db.session.execute(
        update(Booth).where(Booth.id == booth.id, ~exists().where(BoothBooking.booth_id == Booth.id))
        .values(is_held=True, hold_note=blank_to_none(note)).execution_options(synchronize_session=False)
    ).rowcount
    if not held:
        db.session.rollback()
        raise Conflict(_l("Booth %(code)s is taken by an exhibitor and cannot be held."), code=booth.code)
    db.session.commit()
    db.session.refresh(booth)


def release_booth(booth: Booth) -> None:
    """Make a held booth free again."""
    booth.is_held, booth.hold_note = False, None
    db.session.commit()


def import_booths(hall: Hall, *, csv_file) -> ImportSummary:
    """Place or move the booths listed in a CSV file, all or nothing: with any bad line, nothing changes.

    A code already in this hall moves (and retypes) that booth; other codes are new booths.
    """
    booth_types = db.session.scalars(select(BoothType).where(BoothType.edition_id == hall.edition_id)).all()
    parsed = parse_booth_csv(read_limited(csv_file.stream, CSV_MAX_BYTES), [
        BoothTypeChoice(t.id, t.name_vi, t.name_en, t.width, t.depth) for t in booth_types])
    if parsed.errors:
        raise BoothFileRefused(parsed.errors)
    _lock_hall(hall)
    booths = db.session.execute(select(Booth, Hall.code).join(Hall, Booth.hall_id == Hall.id)
                                .where(Booth.edition_id == hall.edition_id)).all()
    existing = [ExistingBooth(_footprint(booth), booth.hall_id, hall_code) for booth, hall_code in booths]
    errors = check_import(parsed.booths, hall_id=hall.id, hall_width=hall.width, hall_depth=hall.depth,
                          existing=existing)
    if errors:
        raise BoothFileRefused(errors)
    in_hall = {booth.code: booth for booth, _ in booths if booth.hall_id == hall.id}
    for row in parsed.booths:
        booth = in_hall.get(row.code) or Booth(edition_id=hall.edition_id, hall_id=hall.id, code=row.code)
        booth.booth_type_id = row.booth_type_id
        booth.x, booth.y = row.footprint.x, row.footprint.y
        booth.width, booth.depth = row.footprint.width, row.footprint.depth
        db.session.add(booth)
    created = sum(1 for row in parsed.booths if row.code not in in_hall)
    _commit_or_conflict(_l("Another organiser changed the booths at the same moment. Upload the file again."))
    return ImportSummary(created=created, updated=len(parsed.booths) - created)
