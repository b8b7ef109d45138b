"""Reads about virtual stalls: who may have one, the directory, a stall's page, figures for owners and organisers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, and_, exists, func, or_, select, union
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.competitions.models import Competition, Entry, EntryStatus
from app.core.text import fold
from app.events.models import Edition, EditionStatus
from app.exhibition.models import ApplicationStatus, Booth, BoothApplication, BoothBooking
from app.extensions import db
from app.leads.models import Lead
from app.meetings.models import Meeting, MeetingSlot
from app.stalls.analytics import DayFigures, daily_figures, report_days, totals, utc_bounds
from app.stalls.models import Brochure, Product, Stall, StallVisit
from app.teams.models import Membership, Organisation, Province

MAX_SEARCH_WORDS = 8


# Who has a stall -----------------------------------------------------------------------------

def _exhibitors():
    """(edition, organisation) of every approved booth application."""
    return select(BoothApplication.edition_id.label("edition_id"),
                  BoothApplication.organisation_id.label("organisation_id")
                  ).where(BoothApplication.status == ApplicationStatus.APPROVED)


def _competitors():
    """(edition, organisation) of every submitted competition entry."""
    return select(Competition.edition_id.label("edition_id"), Entry.organisation_id.label("organisation_id")
                  ).join(Entry.competition).where(Entry.status == EntryStatus.SUBMITTED)


def is_eligible_for_stall(edition, organisation) -> bool:
    """An organisation may have a stall at an edition where it exhibits (approved booth) or competes (submitted entry)."""
    exhibitor = _exhibitors().where(BoothApplication.edition_id == edition.id,
                                    BoothApplication.organisation_id == organisation.id).exists()
    competitor = _competitors().where(Competition.edition_id == edition.id,
                                      Entry.organisation_id == organisation.id).exists()
    return bool(db.session.scalar(select(or_(exhibitor, competitor))))


@dataclass
class StallOpening:
    """An edition where some of the user's organisations may open a stall and have none yet."""

    edition: Edition
    organisations: list[Organisation] = field(default_factory=list)


def stall_openings(user) -> list[StallOpening]:
    """Published editions where one of ``user``'s organisations is eligible for a stall it has not opened (one query)."""
    mine = select(Membership.organisation_id).where(Membership.user_id == user.id)
    pairs = union(_exhibitors().where(BoothApplication.organisation_id.in_(mine)),
                  _competitors().where(Entry.organisation_id.in_(mine))).subquery()
    has_stall = exists().where(Stall.edition_id == pairs.c.edition_id, Stall.organisation_id == pairs.c.organisation_id)
    rows = db.session.execute(
        select(Edition, Organisation).join(pairs, Edition.id == pairs.c.edition_id)
        .join(Organisation, Organisation.id == pairs.c.organisation_id)
        .where(Edition.status == EditionStatus.PUBLISHED, ~has_stall)
        .order_by(Edition.starts_on.desc(), Edition.id, Organisation.name_folded, Organisation.id))
    openings: dict[int, StallOpening] = {}
    for edition, organisation in rows:
        openings.setdefault(edition.id, StallOpening(edition)).organisations.append(organisation)
    return list(openings.values())


def my_stalls(user) -> list[Stall]:
    """The stalls of every organisation ``user`` belongs to, newest edition first."""
    mine = select(Membership.organisation_id).where(Membership.user_id == user.id)
    return list(db.session.scalars(
        select(Stall).join(Stall.edition).join(Stall.organisation).where(Stall.organisation_id.in_(mine))
        .options(contains_eager(Stall.edition), contains_eager(Stall.organisation))
        .order_by(Edition.starts_on.desc(), Edition.id, Organisation.name_folded, Stall.id)))


# The directory -------------------------------------------------------------------------------

def search_words(text: str | None) -> list[str]:
    """The folded words of a search (at most eight): every one must match."""
    return fold(text).split()[:MAX_SEARCH_WORDS]


def directory_query(edition, *, text: str | None = None, village_id: int | None = None, sector: str | None = None,
                    province_id: int | None = None) -> Select:
    """The edition's visible stalls matching the search and filters, featured first, then by name."""
    query = (select(Stall).join(Stall.organisation).outerjoin(Organisation.province).outerjoin(Stall.village)
             .where(Stall.edition_id == edition.id, Stall.is_hidden.is_(False))
             .options(contains_eager(Stall.organisation).contains_eager(Organisation.province),
                      contains_eager(Stall.village))
             .order_by(Stall.is_featured.desc(), Stall.featured_position, Organisation.name_folded, Stall.id))
    for word in search_words(text):
        # autoescape: a "%" or "_" typed in the search box is a character, not a wildcard
        query = query.where(or_(Stall.search_text.contains(word, autoescape=True),
                                Organisation.name_folded.contains(word, autoescape=True)))
    if village_id:
        query = query.where(Stall.village_id == village_id)
    if sector:
        query = query.where(Stall.sector == sector)
    if province_id:
        query = query.where(Organisation.province_id == province_id)
    return query


def directory_provinces(edition) -> list[Province]:
    """The provinces of the organisations with a visible stall at ``edition`` (the directory's filter)."""
    return list(db.session.scalars(
        select(Province).where(Province.id.in_(
            select(Organisation.province_id).join(Stall, Stall.organisation_id == Organisation.id)
            .where(Stall.edition_id == edition.id, Stall.is_hidden.is_(False))))
        .order_by(Province.name_vi)))


def stall_booths(stalls) -> dict[int, list[Booth]]:
    """Stall id → the booths its exhibitor booked at the stall's edition, by code, with their hall (one query)."""
    ids = {stall.id for stall in stalls}
    rows = db.session.execute(
        select(Stall.id, Booth).options(joinedload(Booth.hall))
        .join(BoothApplication, and_(BoothApplication.edition_id == Stall.edition_id,
                                     BoothApplication.organisation_id == Stall.organisation_id))
        .join(BoothBooking, BoothBooking.application_id == BoothApplication.id)
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .where(Stall.id.in_(ids), BoothApplication.status == ApplicationStatus.APPROVED)
        .order_by(Booth.code))
    booths: dict[int, list[Booth]] = {}
    for stall_id, booth in rows:
        booths.setdefault(stall_id, []).append(booth)
    return booths


def booth_codes(stalls) -> dict[int, str]:
    """Stall id → its exhibitor's booth codes ("A-12" or "A-12, A-13"), for approved exhibitors."""
    return {stall_id: ", ".join(booth.code for booth in booths) for stall_id, booths in stall_booths(stalls).items()}


# A stall's page ------------------------------------------------------------------------------

def stall_with_content(stall_id: int) -> Stall | None:
    """A stall with everything its page shows: organisation and province, village, products with images, brochures."""
    return db.session.scalar(
        select(Stall).where(Stall.id == stall_id)
        .options(joinedload(Stall.edition), joinedload(Stall.organisation).joinedload(Organisation.province),
                 joinedload(Stall.village), selectinload(Stall.products).selectinload(Product.images),
                 selectinload(Stall.brochures)))


def catalogue(stall: Stall) -> list[Product]:
    """The stall's products in catalogue order, with their images."""
    return list(db.session.scalars(select(Product).where(Product.stall_id == stall.id)
                                   .options(selectinload(Product.images)).order_by(Product.position, Product.id)))


def product_count(stall: Stall) -> int:
    return db.session.scalar(select(func.count()).select_from(Product).where(Product.stall_id == stall.id))


# Figures -------------------------------------------------------------------------------------

def views_per_day(stall: Stall, first: date, last: date) -> dict[date, int]:
    """Visitors per day (each counted once a day) between two edition-zone days, inclusive."""
    rows = db.session.execute(
        select(StallVisit.day, func.count()).where(StallVisit.stall_id == stall.id, StallVisit.day >= first,
                                                   StallVisit.day <= last).group_by(StallVisit.day))
    return {day: count for day, count in rows}


def lead_times(stall: Stall, start: datetime, end: datetime) -> list[datetime]:
    """When the stall's leads arrived, between two UTC moments (end excluded)."""
    return list(db.session.scalars(select(Lead.created_at).where(
        Lead.stall_id == stall.id, Lead.created_at >= start, Lead.created_at < end)))


def meeting_times(stall: Stall, start: datetime, end: datetime) -> list[datetime]:
    """When the stall's meetings still standing were booked, between two UTC moments (end excluded)."""
    return list(db.session.scalars(
        select(Meeting.created_at).join(Meeting.slot)
        .where(MeetingSlot.stall_id == stall.id, Meeting.cancelled_at.is_(None), Meeting.created_at >= start,
               Meeting.created_at < end)))


def brochures_of(stall: Stall) -> list[Brochure]:
    return list(db.session.scalars(select(Brochure).where(Brochure.stall_id == stall.id).order_by(Brochure.id)))


@dataclass
class StallReport:
    """What a stall's analytics page shows."""

    days: list[DayFigures]
    totals: DayFigures
    brochures: list[Brochure]
    product_count: int
    window_not_started: bool


def stall_report(stall: Stall, exhibition, now: datetime) -> StallReport:
    """Views, leads and meetings per day over the online window (or the last 31 days), and the stall's totals."""
    zone = stall.edition.zone
    opens_at = exhibition.online_opens_at if exhibition else None
    closes_at = exhibition.online_closes_at if exhibition else None
    days = report_days(opens_at=opens_at, closes_at=closes_at, now=now, zone=zone)
    rows = []
    if days:
        start, end = utc_bounds(days, zone)
        rows = daily_figures(days, views=views_per_day(stall, days[0], days[-1]), leads=lead_times(stall, start, end),
                             meetings=meeting_times(stall, start, end), zone=zone)
    return StallReport(days=rows, totals=totals(rows), brochures=brochures_of(stall),
                       product_count=product_count(stall), window_not_started=not days)


# Organisers ----------------------------------------------------------------------------------

def managed_stalls_query(edition, *, text: str | None = None) -> Select:
    """Every stall of the edition, hidden ones included, by name; ``text`` searches like the directory."""
    query = (select(Stall).join(Stall.organisation).where(Stall.edition_id == edition.id)
             .options(contains_eager(Stall.organisation))
             .order_by(Stall.is_featured.desc(), Stall.featured_position, Organisation.name_folded, Stall.id))
    for word in search_words(text):
        query = query.where(or_(Stall.search_text.contains(word, autoescape=True),
                                Organisation.name_folded.contains(word, autoescape=True)))
    return query


def _counts(model, stall_ids) -> dict[int, int]:
    rows = db.session.execute(select(model.stall_id, func.count()).where(model.stall_id.in_(set(stall_ids)))
                              .group_by(model.stall_id))
    return {stall_id: count for stall_id, count in rows}


def view_counts(stall_ids) -> dict[int, int]:
    """Stall id → its visits, all days together (one grouped query)."""
    return _counts(StallVisit, stall_ids)


def lead_counts(stall_ids) -> dict[int, int]:
    """Stall id → its leads (one grouped query)."""
    return _counts(Lead, stall_ids)

