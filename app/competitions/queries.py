"""Reads of the competitions domain: windows and deadlines, completeness, the pages' data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, format_datetime, format_time
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.competitions.models import (
    Competition, Criterion, Eligibility, Entry, EntryStatus, Round, RoundEntry, Track,
)
from app.core.text import fold
from app.extensions import db
from app.judging.models import Score
from app.teams.models import Membership, Organisation, Province

# What a team must fill in before it can submit (the track too, when the competition has tracks).
REQUIRED_TEXT_FIELDS = ("project_name", "problem", "solution", "innovation", "target_market", "business_model",
                        "team_description")

ENTRY_FIELD_LABELS = {
    "project_name": _l("Project name"),
    "track_id": _l("Track"),
    "problem": _l("Problem"),
    "solution": _l("Solution"),
    "innovation": _l("What is innovative"),
    "target_market": _l("Target market"),
    "business_model": _l("Business model"),
    "traction": _l("Traction"),
    "team_description": _l("Team"),
    "funding_sought_vnd": _l("Funding sought (VND)"),
    "links": _l("Links"),
    "video_url": _l("Product video link"),
    "deck": _l("Pitch deck (PDF)"),
    "images": _l("Images"),
}


# Windows and deadlines ----------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """When a team may hand in material for a round; ``None`` ends mean "no limit"."""

    opens_at: datetime | None
    closes_at: datetime | None
    extended: bool = False  # ``closes_at`` is an extension granted to this entry

    def has_opened(self, now: datetime) -> bool:
        return self.opens_at is None or now >= self.opens_at

    def has_closed(self, now: datetime) -> bool:
        return self.closes_at is not None and now >= self.closes_at

    def is_open(self, now: datetime) -> bool:
        return self.has_opened(now) and not self.has_closed(now)


def first_round(competition: Competition) -> Round | None:
    """The round entries are submitted to (the lowest position)."""
    return competition.rounds[0] if competition.rounds else None


def participation(entry: Entry, round_: Round) -> RoundEntry | None:
    return next((p for p in entry.participations if p.round_id == round_.id), None)


def round_window(round_: Round, round_entry: RoundEntry | None = None) -> Window:
    """The round's submission window, its deadline replaced by the entry's extension if it has one."""
    override = round_entry.deadline_override if round_entry is not None else None
    return Window(round_.submission_opens_at, override or round_.submission_closes_at, extended=override is not None)


def competition_window(competition: Competition) -> Window:
    """When entries are submitted: the first round's window (no limit while the competition has no round)."""
    round_ = first_round(competition)
    return round_window(round_) if round_ is not None else Window(None, None)


def entry_window(entry: Entry) -> Window:
    """When the entry itself may be submitted and edited: the first round's window, or its own extension."""
    round_ = first_round(entry.competition)
    if round_ is None:
        return Window(None, None)
    return round_window(round_, participation(entry, round_))


# Completeness -----------------------------------------------------------------------------

def missing_items(entry: Entry, *, has_tracks: bool) -> list[str]:
    """The required parts a submission still lacks, in form order (field names, plus "deck")."""
    missing = ["project_name"] if not entry.project_name else []
    if has_tracks and entry.track_id is None:
        missing.append("track_id")
    missing += [name for name in REQUIRED_TEXT_FIELDS[1:] if not getattr(entry, name)]
    if not entry.deck_path:
        missing.append("deck")
    return missing


def complete_condition(has_tracks: bool):
    """SQL for "nothing required is missing", the same rule as :func:`missing_items`."""
    conditions = [getattr(Entry, name).isnot(None) for name in REQUIRED_TEXT_FIELDS]
    conditions.append(Entry.deck_path.isnot(None))
    if has_tracks:
        conditions.append(Entry.track_id.isnot(None))
    return and_(*conditions)


# Public and team pages ----------------------------------------------------------------------

def edition_competitions(edition) -> list[Competition]:
    return list(db.session.scalars(
        select(Competition).where(Competition.edition_id == edition.id)
        .options(selectinload(Competition.rounds), selectinload(Competition.tracks))
        .order_by(Competition.created_at, Competition.id)
    ))


def competition_in(edition, comp_slug: str) -> Competition | None:
    """The competition of ``edition`` at ``comp_slug``, with its tracks (and villages) and rounds."""
    return db.session.scalar(
        select(Competition).where(Competition.edition_id == edition.id, Competition.slug == comp_slug)
        .options(joinedload(Competition.edition), selectinload(Competition.tracks).selectinload(Track.village),
                 selectinload(Competition.rounds))
    )


def startup_teams(user) -> list[Organisation]:
    """The startup teams ``user`` belongs to, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    teams = [m.organisation for m in user.memberships if m.organisation.kind == "startup"]
    return sorted(teams, key=lambda team: (team.name_folded, team.id))


def team_entries(competition: Competition, teams: list[Organisation]) -> list[Entry]:
    """The entries these teams have in ``competition``."""
    if not teams:
        return []
    return list(db.session.scalars(
        select(Entry).where(Entry.competition_id == competition.id,
                            Entry.organisation_id.in_([team.id for team in teams])).order_by(Entry.id)
    ))


def teams_free_to_enter(competition: Competition, user) -> tuple[list[Organisation], list[Entry]]:
    """The user's startup teams without an entry in ``competition``, and the entries of the others."""
    teams = startup_teams(user)
    entries = team_entries(competition, teams)
    entered = {entry.organisation_id for entry in entries}
    return [team for team in teams if team.id not in entered], entries


def entry_details(entry_id: int) -> Entry | None:
    """An entry with what its pages show: competition, edition, rounds, team, track, images, rounds taken part in."""
    return db.session.scalar(
        select(Entry).where(Entry.id == entry_id).options(
            selectinload(Entry.competition).selectinload(Competition.rounds),
            selectinload(Entry.competition).selectinload(Competition.tracks),
            selectinload(Entry.competition).selectinload(Competition.edition),
            selectinload(Entry.organisation).selectinload(Organisation.memberships).selectinload(Membership.user),
            selectinload(Entry.organisation).selectinload(Organisation.province),
            selectinload(Entry.track), selectinload(Entry.images),
            selectinload(Entry.participations).selectinload(RoundEntry.round),
        )
    )


def user_entries(user) -> list[Entry]:
    """Every entry of the user's startup teams, newest competition first."""
    team_ids = [m.organisation_id for m in user.memberships]
    if not team_ids:
        return []
    return list(db.session.scalars(
        select(Entry).where(Entry.organisation_id.in_(team_ids)).options(
            selectinload(Entry.competition).selectinload(Competition.edition),
            selectinload(Entry.competition).selectinload(Competition.rounds),
            selectinload(Entry.organisation), selectinload(Entry.participations),
        ).order_by(Entry.id.desc())
    ))


def later_participations(entry: Entry) -> list[RoundEntry]:
    """The rounds after the first that the entry advanced to, in round order."""
    first = first_round(entry.competition)
    later = [p for p in entry.participations if first is None or p.round_id != first.id]
    return sorted(later, key=lambda p: p.round.position)


# Organiser pages ----------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryFilters:
    text: str | None = None
    status: str | None = None
    eligibility: str | None = None
    track_id: int | None = None
    province_id: int | None = None
    complete: bool | None = None


def screening_query(competition: Competition, filters: EntryFilters):
    """The entries of a competition for the screening list, filtered, with what the list shows."""
    has_tracks = bool(competition.tracks)
    query = (
        select(Entry).join(Entry.organisation).where(Entry.competition_id == competition.id)
        .options(selectinload(Entry.organisation).selectinload(Organisation.province),
                 selectinload(Entry.track), selectinload(Entry.images))
        .order_by(Entry.submitted_at.is_(None), Entry.submitted_at, Entry.id)
    )
    if filters.text:
        text = filters.text.strip()
        query = query.where(or_(Organisation.name_folded.contains(fold(text), autoescape=True),
                                Entry.project_name.icontains(text, autoescape=True)))
    if filters.status:
        query = query.where(Entry.status == filters.status)
    if filters.eligibility:
        query = query.where(Entry.eligibility == filters.eligibility)
    if filters.track_id:
        query = query.where(Entry.track_id == filters.track_id)
    if filters.province_id:
        query = query.where(Organisation.province_id == filters.province_id)
    if filters.complete is not None:
        condition = complete_condition(has_tracks)
        query = query.where(condition if filters.complete else ~condition)
    return query


@dataclass(frozen=True)
class ScreeningCounts:
    total: int = 0
    drafts: int = 0
    submitted: int = 0
    withdrawn: int = 0
    complete: int = 0  # submitted and nothing missing
    eligible: int = 0
    ineligible: int = 0
    pending: int = 0  # submitted, not screened yet


def screening_counts(competition: Competition) -> ScreeningCounts:
    """How many entries are in each state: one query."""
    submitted = Entry.status == EntryStatus.SUBMITTED

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(select(
        func.count(Entry.id), count(Entry.status == EntryStatus.DRAFT), count(submitted),
        count(Entry.status == EntryStatus.WITHDRAWN),
        count(and_(submitted, complete_condition(bool(competition.tracks)))),
        count(and_(submitted, Entry.eligibility == Eligibility.ELIGIBLE)),
        count(and_(submitted, Entry.eligibility == Eligibility.INELIGIBLE)),
        count(and_(submitted, Entry.eligibility == Eligibility.PENDING)),
    ).where(Entry.competition_id == competition.id)).one()
    return ScreeningCounts(*(int(value) for value in row))


def entry_provinces(competition: Competition) -> list[Province]:
    """The provinces the competition's teams come from, for the screening filter."""
    return list(db.session.scalars(
        select(Province).where(Province.id.in_(
            select(Organisation.province_id).join(Entry, Entry.organisation_id == Organisation.id)
            .where(Entry.competition_id == competition.id)
        )).order_by(Province.name_vi)
    ))


def competition_entry_counts(competition_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Competition id → (submitted entries, drafts), for the organiser's list of competitions."""
    if not competition_ids:
        return {}
    rows = db.session.execute(
        select(Entry.competition_id,
               func.sum(case((Entry.status == EntryStatus.SUBMITTED, 1), else_=0)),
               func.sum(case((Entry.status == EntryStatus.DRAFT, 1), else_=0)))
        .where(Entry.competition_id.in_(competition_ids)).group_by(Entry.competition_id)
    )
    return {competition_id: (int(submitted or 0), int(drafts or 0)) for competition_id, submitted, drafts in rows}


def round_has_participants(round_: Round) -> bool:
    return db.session.scalar(select(RoundEntry.id).where(RoundEntry.round_id == round_.id).limit(1)) is not None


def rubric_is_scored(round_: Round) -> bool:
    """Judges have scored with this round's rubric, so changing it would change their totals."""
    return db.session.scalar(
        select(Score.id).join(Criterion, Score.criterion_id == Criterion.id)
        .where(Criterion.round_id == round_.id).limit(1)
    ) is not None



def edition_time(moment: datetime | None, edition) -> str:
    """A moment shown in the edition's timezone, the zone named: "Nov 30, 2026, 11:59 PM (GMT+07:00)"."""
    return str(LocalTime(moment, edition.zone)) if moment is not None else ""


class LocalTime:
    """A moment that writes itself in its timezone and the reader's language when it is shown.

    Refusals carry it as a parameter, so "the deadline passed on …" reads right in either language.
    """

    def __init__(self, moment: datetime, zone):
        self.local = moment.astimezone(zone)

    def __str__(self) -> str:
        local = self.local
        return (f"{format_date(local.date(), 'medium')}, {format_time(local, 'short', rebase=False)} "
                f"({format_datetime(local, 'ZZZZ', rebase=False)})")
