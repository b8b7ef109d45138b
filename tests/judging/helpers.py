"""Builders shared by the judging tests (no tests here): a competition round with entries and a jury.

The clock of these tests is frozen on 23 November 2026, 03:00 UTC (``frozen_time``); the default
judging window runs from 20 to 30 November 2026, so judging is open.
"""
from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.judging.models import Assignment, Score, ScoreChange
from tests.factories import (
    make_assignment, make_competition, make_edition, make_entry, make_judge, make_organisation, make_round, make_user,
)

_people = itertools.count(1)
JUDGING_OPENS = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
JUDGING_CLOSES = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@dataclass
class World:
    edition: object
    competition: object
    round: object
    entries: list = field(default_factory=list)
    judges: list = field(default_factory=list)
    organiser: object = None


def founder(number: int, **fields):
    """A startup founder with an email at their own company's domain."""
    return make_user(email=fields.pop("email", f"founder{number}.{next(_people)}@startup{number}.vn"), locale="en",
                     **fields)


def judge_user(number: int, **fields):
    return make_user(email=fields.pop("email", f"judge{number}.{next(_people)}@expert{number}.example"), locale="en",
                     name=fields.pop("name", f"Judge {number}"), roles=(Role.JUDGE,), **fields)


def add_entry(world: World, number: int, *, members=(), sector: str | None = None, name: str | None = None, **fields):
    organisation = make_organisation(founder(number), name=name or f"Startup {number}", members=members,
                                     sector=sector)
    entry = make_entry(world.competition, organisation=organisation, round_=world.round,
                       project_name=fields.pop("project_name", f"Project {number}"), **fields)
    world.entries.append(entry)
    return entry


def add_track(world: World, *, village=None):
    from app.competitions.models import Track

    track = Track(competition=world.competition, name_vi="Dự án", name_en="Projects", village=village)
    db.session.add(track)
    db.session.commit()
    return track


def add_judge(world: World, number: int, *, user=None, **fields):
    judge = make_judge(world.competition, user=user or judge_user(number), **fields)
    world.judges.append(judge)
    return judge


def build_world(*, entries: int = 4, judges: int = 3, k: int = 2, blind: bool = False,
                opens=JUDGING_OPENS, closes=JUDGING_CLOSES, rubric=None, slug: str = "hai-phong") -> World:
    """An edition "hai-phong" with a competition "talents", a screening round (window open now) and its organiser."""
    from app.accounts.models import RoleGrant

    edition = make_edition(slug=slug)
    organiser = make_user(email=f"organiser@{slug}.example", locale="en", name="Organiser")
    db.session.add(RoleGrant(user=organiser, role=str(Role.ORGANISER), edition_id=edition.id))
    competition = make_competition(edition, slug="talents", blind=blind)
    extra = {"rubric": rubric} if rubric is not None else {}
    round_ = make_round(competition, judges_per_entry=k, judging_opens_at=opens, judging_closes_at=closes, **extra)
    world = World(edition, competition, round_, organiser=organiser)
    for number in range(1, entries + 1):
        add_entry(world, number)
    for number in range(1, judges + 1):
        add_judge(world, number)
    db.session.commit()
    return world


def scored(world: World, judge, entry, points=(8, 7, 6, 9, 5, 7), submitted: bool = True):
    return make_assignment(world.round, judge, entry, points=points, submitted=submitted)


def pairs(round_) -> set[tuple[int, int]]:
    return {tuple(row) for row in db.session.execute(select(Assignment.judge_id, Assignment.entry_id)
                                                     .where(Assignment.round_id == round_.id))}


def assignments_of(round_) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.round_id == round_.id).order_by(Assignment.id)))


def scores_of(assignment) -> dict[int, str]:
    """Criterion position → points as text, read from the database."""
    db.session.expire_all()
    rows = db.session.scalars(select(Score).where(Score.assignment_id == assignment.id))
    return {score.criterion.position: format(score.points.normalize(), "f") for score in rows}


def audit(assignment) -> list[tuple]:
    rows = db.session.scalars(select(ScoreChange).where(ScoreChange.assignment_id == assignment.id)
                              .order_by(ScoreChange.id))
    return [(row.field, row.criterion.position if row.criterion else None, row.old_value, row.new_value,
             row.changed_by_id) for row in rows]


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def field_error(response, field_id: str) -> str | None:
    match = re.search(rf'<div id="{field_id}-error" class="invalid-feedback d-block">([^<]*)</div>',
                      page_text(response))
    return match.group(1) if match else None


def form_error(response) -> str | None:
    match = re.search(r'<div class="alert alert-danger" role="alert"[^>]*>\s*(?:<span>)?([^<]*)', page_text(response))
    return " ".join(match.group(1).split()) if match else None


def input_value(response, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def score_data(round_, points, *, action: str = "save", comment: str = "", note: str = "") -> dict:
    """Form data of a score sheet: ``points`` in rubric order ("" leaves a criterion empty)."""
    data = {f"criterion_{c.id}": str(p) for c, p in zip(round_.criteria, points)}
    data.update(comment_for_team=comment, private_note=note)
    data[action] = "1"
    return data
