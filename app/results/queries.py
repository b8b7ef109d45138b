"""Reads for the results pages: progress, tracks, awards, the live final, the public page, exports.

The ranking itself is ``app.results.standings`` (re-exported here for the pages).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.competitions.models import Award, Competition, Entry, EntryStatus, Round, RoundEntry, Track
from app.extensions import db
from app.judging.models import Assignment, Judge, SheetStatus
from app.results.standings import (  # noqa: F401 - part of the API
    FLAG_THRESHOLD, TIE_STEP_LABELS, EntryLine, JudgeLine, Standing, Standings, agreement_reading,
    load_round_scores, round_entry_lines, round_standings,
)
from app.teams.models import Organisation

def sheet_counts(round_id: int) -> dict[int, tuple[int, int]]:
    """Entry id → (submitted sheets, assigned sheets) of the round (one statement)."""
    rows = db.session.execute(
        select(Assignment.entry_id, func.sum(case((Assignment.status == SheetStatus.SUBMITTED, 1), else_=0)),
               func.count())
        .where(Assignment.round_id == round_id).group_by(Assignment.entry_id)
    )
    return {entry_id: (int(submitted or 0), int(assigned)) for entry_id, submitted, assigned in rows}


def judging_progress(round_id: int) -> tuple[int, int]:
    """(submitted sheets, assigned sheets) of the whole round."""
    submitted, assigned = db.session.execute(
        select(func.sum(case((Assignment.status == SheetStatus.SUBMITTED, 1), else_=0)), func.count())
        .where(Assignment.round_id == round_id)
    ).one()
    return int(submitted or 0), int(assigned or 0)


# --- the page's supporting reads ------------------------------------------------------------------

def competition_tracks(competition: Competition) -> list[Track]:
    return db.session.scalars(select(Track).where(Track.competition_id == competition.id)
                              .order_by(Track.position, Track.id)).all()


def next_round(round_: Round) -> Round | None:
    """The round after ``round_`` in its competition (position + 1), if any."""
    return db.session.scalar(select(Round).where(Round.competition_id == round_.competition_id,
                                                 Round.position == round_.position + 1))


def competition_rounds(competition: Competition) -> list[tuple[Round, tuple[int, int], int]]:
    """Each round with (submitted, assigned) sheets and the number of advancing entries (three statements)."""
    rounds = db.session.scalars(select(Round).where(Round.competition_id == competition.id)
                                .order_by(Round.position)).all()
    ids = [r.id for r in rounds]
    progress = {round_id: (int(done or 0), int(total)) for round_id, done, total in db.session.execute(
        select(Assignment.round_id, func.sum(case((Assignment.status == SheetStatus.SUBMITTED, 1), else_=0)),
               func.count()).where(Assignment.round_id.in_(ids)).group_by(Assignment.round_id))} if ids else {}
    advanced = dict(db.session.execute(
        select(RoundEntry.round_id, func.count()).where(RoundEntry.round_id.in_(ids), RoundEntry.outcome == "advanced")
        .group_by(RoundEntry.round_id)).all()) if ids else {}
    return [(r, progress.get(r.id, (0, 0)), advanced.get(r.id, 0)) for r in rounds]


def competition_awards(competition: Competition) -> list[Award]:
    """Awards in ceremony order, with the entry, team, track and village they name (one statement)."""
    return db.session.scalars(
        select(Award).where(Award.competition_id == competition.id)
        .options(joinedload(Award.entry).joinedload(Entry.organisation), joinedload(Award.track),
                 joinedload(Award.village))
        .order_by(Award.position, Award.id)
    ).unique().all()


def award_entry_choices(competition: Competition) -> list[Entry]:
    """Entries an award may go to: the competition's submitted entries, with their team."""
    return db.session.scalars(
        select(Entry).where(Entry.competition_id == competition.id, Entry.status == EntryStatus.SUBMITTED)
        .options(joinedload(Entry.organisation)).order_by(Entry.project_name, Entry.id)
    ).all()


# --- the live final -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Finalist:
    round_entry_id: int
    entry_id: int
    project: str
    team: str
    pitch_order: int | None
    submitted: int  # judges who submitted their sheet
    assigned: int


def finalists(round_: Round) -> list[Finalist]:
    """The round's entries in pitch order (unordered ones last) with how many judges submitted (two statements)."""
    rows = db.session.execute(
        select(RoundEntry.id, Entry.id, Entry.project_name, Organisation.name, RoundEntry.pitch_order)
        .join(Entry, Entry.id == RoundEntry.entry_id).join(Organisation, Organisation.id == Entry.organisation_id)
        .where(RoundEntry.round_id == round_.id, Entry.status != EntryStatus.WITHDRAWN)
        .order_by(RoundEntry.pitch_order.is_(None), RoundEntry.pitch_order, Entry.id)
    ).all()
    counts = sheet_counts(round_.id)
    return [Finalist(round_entry_id=round_entry_id, entry_id=entry_id, project=project, team=team,
                     pitch_order=pitch_order, submitted=counts.get(entry_id, (0, 0))[0],
                     assigned=counts.get(entry_id, (0, 0))[1])
            for round_entry_id, entry_id, project, team, pitch_order in rows]


def live_board(round_: Round) -> dict:
    """What the big screen shows; scores and ranks only once the organiser has revealed the standings."""
    board = {
        "round": {"id": round_.id, "name": round_.name},
        "revealed": bool(round_.standings_revealed),
        "finalists": [{"order": f.pitch_order, "project": f.project, "team": f.team, "submitted": f.submitted,
                       "assigned": f.assigned} for f in finalists(round_)],
    }
    if round_.standings_revealed:
        standings = round_standings(round_, with_judges=False)
        board["method"] = standings.method
        board["standings"] = [{"rank": row.rank, "project": row.entry.project, "team": row.entry.team,
                               "score": round(row.value(standings.method), 2), "judges": row.result.judge_count}
                              for row in standings.ranked_rows if row.entry.round_entry_id is not None]
    return board


# --- the competition's public page ------------------------------------------------------------------

@dataclass(frozen=True)
class PublishedRound:
    round: Round
    advancing: list[Entry]
    next_round: Round | None


@dataclass(frozen=True)
class PublicResults:
    awards: list[Award]
    rounds: list[PublishedRound]  # rounds whose results are published, in order
    live_rounds: list[Round]  # final rounds with finalists: their big-screen leaderboard is public

    @property
    def is_empty(self) -> bool:
        return not (self.awards or self.rounds or self.live_rounds)


def public_results(competition: Competition) -> PublicResults:
    """Awards, the entries advancing from each published round, and the live finals (four statements at most)."""
    rounds = db.session.scalars(select(Round).where(Round.competition_id == competition.id)
                                .order_by(Round.position)).all()
    published = [r for r in rounds if r.is_published]
    advancing: dict[int, list[Entry]] = defaultdict(list)
    if published:
        for round_entry in db.session.scalars(
            select(RoundEntry).where(RoundEntry.round_id.in_([r.id for r in published]),
                                     RoundEntry.outcome == "advanced")
            .options(joinedload(RoundEntry.entry).joinedload(Entry.organisation))
        ).unique():
            advancing[round_entry.round_id].append(round_entry.entry)
    following = {r.position: r for r in rounds}
    finals = [r.id for r in rounds if r.kind == "final"]
    with_finalists = set(db.session.scalars(
        select(RoundEntry.round_id).where(RoundEntry.round_id.in_(finals)).distinct())) if finals else set()
    return PublicResults(
        awards=competition_awards(competition),
        rounds=[PublishedRound(round=r, next_round=following.get(r.position + 1),
                               advancing=sorted(advancing[r.id], key=lambda e: (e.project_name.casefold(), e.id)))
                for r in published],
        live_rounds=[r for r in rounds if r.id in with_finalists],
    )


# --- exports -------------------------------------------------------------------------------------

def export_entries(competition: Competition) -> list[Entry]:
    """Every entry of the competition with its team and track (one statement)."""
    return db.session.scalars(
        select(Entry).where(Entry.competition_id == competition.id)
        .options(joinedload(Entry.organisation), joinedload(Entry.track)).order_by(Entry.id)
    ).unique().all()


def export_sheets(round_: Round) -> list[Assignment]:
    """Every score sheet of the round with its judge, entry, team and scores (a fixed number of statements)."""
    return db.session.scalars(
        select(Assignment).where(Assignment.round_id == round_.id)
        .options(joinedload(Assignment.judge).joinedload(Judge.user),
                 joinedload(Assignment.entry).joinedload(Entry.organisation), selectinload(Assignment.scores))
        .order_by(Assignment.entry_id, Assignment.judge_id)
    ).unique().all()
