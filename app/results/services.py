"""Decisions on results: the ranking method, who advances, publication with emails, the live final, awards.

Every bulk decision is an organiser's explicit action (a button with a confirmation); nothing
here runs as a side effect of saving a score.
"""
from __future__ import annotations

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.competitions.models import Award, Competition, Entry, RankingMethod, Round, RoundEntry, Track
from app.core.errors import DomainError
from app.core.time import utcnow
from app.events.models import Village
from app.extensions import db
from app.judging.models import Assignment, SheetStatus
from app.results import notifications, queries
from app.teams.models import Membership, Organisation


class ResultsError(DomainError):
    """A refused results action; ``field`` names the form field the message belongs to."""


class IncompleteJudging(ResultsError):
    status_code = 409


class ResultsPublished(ResultsError):
    status_code = 409


def set_ranking_method(round_: Round, method: str) -> None:
    """Choose whether the round is ranked by the bias-corrected result or the raw mean."""
    if method not in (RankingMethod.RAW, RankingMethod.CORRECTED):
        raise ResultsError(_l("Choose the bias-corrected result or the raw mean."), field="method")
    if round_.is_published:
        raise ResultsPublished(_l("The results of this round are published: its ranking can no longer change."),
                               field="method")
    round_.ranking_method = method
    db.session.commit()


# --- advancement ----------------------------------------------------------------------------------

def advance_top(round_: Round, *, count: int, per_track: bool, confirm_incomplete: bool = False) -> list[int]:
    """Advance the ``count`` best entries of the round (of each track with ``per_track``); the rest are eliminated.

    The count and the per-track choice are saved on the round. Withdrawn and ineligible
    entries, and entries without a submitted score sheet, never advance this way.
    """
    following = _check_can_decide(round_, confirm_incomplete)
    if count < 1:
        raise ResultsError(_l("At least one entry must advance."), field="count")
    standings = queries.round_standings(round_, with_judges=False)
    groups: dict[int | None, list[int]] = defaultdict(list)
    for row in standings.ranked_rows:
        if row.entry.can_advance:
            groups[row.entry.track_id if per_track else None].append(row.entry.id)
    chosen = [entry_id for ranked in groups.values() for entry_id in ranked[:count]]
    round_.advance_count, round_.advance_per_track = count, per_track
    _apply_outcomes(round_, following, set(chosen), standings_lines=[row.entry for row in standings.rows])
    return chosen


def advance_selected(round_: Round, entry_ids: list[int], *, confirm_incomplete: bool = False) -> list[int]:
    """Advance exactly the entries the organiser ticked; the round's other entries are eliminated."""
    following = _check_can_decide(round_, confirm_incomplete)
    if not entry_ids:
        raise ResultsError(_l("Tick the entries that advance."), field="entry_ids")
    lines = queries.round_entry_lines(round_)
    by_id = {line.id: line for line in lines}
    for entry_id in entry_ids:
        line = by_id.get(entry_id)
        if line is None:
            raise ResultsError(_l("Entry %(number)s does not take part in this round."), field="entry_ids",
                               number=entry_id)
        if not line.can_advance:
            raise ResultsError(_l("%(project)s is withdrawn or not eligible: it cannot advance."),
                               field="entry_ids", project=line.project)
    _apply_outcomes(round_, following, set(entry_ids), standings_lines=lines)
    return sorted(entry_ids)


def _check_can_decide(round_: Round, confirm_incomplete: bool) -> Round:
    if round_.is_published:
        raise ResultsPublished(_l("The results of this round are published: decisions can no longer change."))
    following = queries.next_round(round_)
    if following is None:
        raise ResultsError(_l("This is the last round: nobody advances from it. Record the awards instead."))
    _check_judging_complete(round_, confirm_incomplete)
    return following


def _check_judging_complete(round_: Round, confirm_incomplete: bool) -> None:
    submitted, assigned = queries.judging_progress(round_.id)
    if submitted < assigned and not confirm_incomplete:
        raise IncompleteJudging(
            _l("Judging is not complete: %(missing)s of %(assigned)s score sheets are not submitted. "
               "Tick the box to decide anyway."),
            field="confirm_incomplete", missing=assigned - submitted, assigned=assigned)


def _apply_outcomes(round_: Round, following: Round, chosen: set[int], *, standings_lines) -> None:
    """Mark every participant advanced or eliminated and give the advancing ones a place in the next round."""
    rows = db.session.scalars(select(RoundEntry).where(RoundEntry.round_id.in_([round_.id, following.id]))).all()
    places = {place.entry_id: place for place in rows if place.round_id == round_.id}
    later = {place.entry_id: place for place in rows if place.round_id == following.id}
    for line in standings_lines:
        place = places.get(line.id) or RoundEntry(round_id=round_.id, entry_id=line.id)
        place.outcome = "advanced" if line.id in chosen else "eliminated"
        db.session.add(place)
        if line.id in chosen and line.id not in later:
            db.session.add(RoundEntry(round_id=following.id, entry_id=line.id))
        elif line.id not in chosen and line.id in later:
            db.session.delete(later[line.id])  # a decision changed before publication
    db.session.commit()


# --- publication ------------------------------------------------------------------------------------

def publish_results(round_: Round, *, confirm_incomplete: bool = False) -> int:
    """Publish the round's results and, in the same transaction, email every team member their outcome.

    A round followed by another needs its decisions first (every entry advanced or
    eliminated). The last round may be published with judging incomplete only when the
    organiser confirms. Returns the number of emails queued.
    """
    if round_.is_published:
        raise ResultsPublished(_l("The results of this round are already published."))
    following = queries.next_round(round_)
    places = _places_for_mail(round_)
    if following is not None and (not places or any(place.outcome == "pending" for place in places)):
        raise ResultsError(_l("Decide who advances before publishing the results."))
    if following is None:
        _check_judging_complete(round_, confirm_incomplete)
    _claim_publication(round_)
    comments = _comments_for_teams(round_)
    url = notifications.competition_url(round_)
    queued = 0
    for place in places:
        notifications.notify_round_result(place.entry, round_, outcome=place.outcome, next_round=following,
                                          comments=comments.get(place.entry_id, []), url=url)
        queued += sum(1 for membership in place.entry.organisation.memberships if membership.user.active)
    db.session.commit()
    return queued


def _claim_publication(round_: Round) -> None:
    """Mark the round published with a conditional UPDATE, so two organisers clicking at once send one mail each."""
    now = utcnow()
    claimed = db.session.execute(
        update(Round).where(Round.id == round_.id, Round.results_published_at.is_(None))
        .values(results_published_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ResultsPublished(_l("The results of this round are already published."))
    set_committed_value(round_, "results_published_at", now)


def _places_for_mail(round_: Round) -> list[RoundEntry]:
    return db.session.scalars(
        select(RoundEntry).join(Entry, Entry.id == RoundEntry.entry_id)
        .where(RoundEntry.round_id == round_.id, Entry.status != "withdrawn")
        .options(joinedload(RoundEntry.entry).joinedload(Entry.organisation)
                 .selectinload(Organisation.memberships).joinedload(Membership.user))
        .order_by(RoundEntry.entry_id)
    ).unique().all()


def _comments_for_teams(round_: Round) -> dict[int, list[str]]:
    """Entry id → the judges' comments for the team from submitted sheets (never the private notes)."""
    comments: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(
        select(Assignment.entry_id, Assignment.comment_for_team)
        .where(Assignment.round_id == round_.id, Assignment.status == SheetStatus.SUBMITTED)
        .order_by(Assignment.entry_id, Assignment.id)
    )
    for entry_id, comment in rows:
        if comment and comment.strip():
            comments[entry_id].append(comment.strip())
    return comments


# --- the live final ---------------------------------------------------------------------------------

def reveal_standings(round_: Round, *, revealed: bool) -> None:
    """Show (or hide again) the scores and ranks on the big screen."""
    round_.standings_revealed = revealed
    db.session.commit()


def set_pitch_order(round_: Round, orders: dict[int, int | None]) -> None:
    """Set the order of appearance of the round's entries (round entry id → place, or None)."""
    taken = [order for order in orders.values() if order is not None]
    if len(taken) != len(set(taken)):
        raise ResultsError(_l("Two entries cannot pitch in the same place."))
    places = {place.id: place for place in db.session.scalars(
        select(RoundEntry).where(RoundEntry.round_id == round_.id))}
    for place_id, order in orders.items():
        if place_id not in places:
            raise ResultsError(_l("The list of entries changed meanwhile. Reload the page and try again."))
        places[place_id].pitch_order = order
    db.session.commit()


# --- awards -----------------------------------------------------------------------------------------

def create_award(competition: Competition, **fields) -> Award:
    """Record a prize for one of the competition's entries (optionally a track's or a village's)."""
    award = Award(competition_id=competition.id)
    _fill_award(award, competition, **fields)
    db.session.add(award)
    db.session.commit()
    return award


def update_award(award: Award, **fields) -> Award:
    """Change an award's title, winner, track, village or place in the ceremony."""
    _fill_award(award, award.competition, **fields)
    db.session.commit()
    return award


def delete_award(award: Award) -> None:
    """Remove an award."""
    db.session.delete(award)
    db.session.commit()


def _fill_award(award: Award, competition: Competition, *, title_vi: str, title_en: str, entry_id: int,
                track_id: int | None, village_id: int | None, position: int) -> None:
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.competition_id != competition.id:
        raise ResultsError(_l("Choose an entry of this competition."), field="entry_id")
    if track_id is not None:
        track = db.session.get(Track, track_id)
        if track is None or track.competition_id != competition.id:
            raise ResultsError(_l("Choose a track of this competition."), field="track_id")
    if village_id is not None:
        village = db.session.get(Village, village_id)
        if village is None or village.edition_id != competition.edition_id:
            raise ResultsError(_l("Choose a village of this edition."), field="village_id")
    award.title_vi, award.title_en = title_vi.strip(), title_en.strip()
    award.entry_id, award.track_id, award.village_id, award.position = entry_id, track_id, village_id, position
