"""Who judges what."""
from __future__ import annotations

from app.competitions.permissions import can_manage_competition
from app.judging.models import Assignment, Judge


def judge_record(user, competition) -> Judge | None:
    """The user's active judge record for ``competition``, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    from sqlalchemy import select

    from app.extensions import db

    return db.session.scalar(select(Judge).where(Judge.competition_id == competition.id,
                                                 Judge.user_id == user.id, Judge.active))


def can_score(user, assignment: Assignment) -> bool:
    """Only the assigned judge scores an entry; a judge never sees entries not assigned to them."""
    judge = assignment.judge
    return getattr(user, "is_authenticated", False) and judge.active and judge.user_id == user.id


def can_see_scores(user, competition) -> bool:
    """Organisers see every judge's scores; judges only their own, teams only published comments."""
    return can_manage_competition(user, competition)


def can_edit_judge_profile(user, judge: Judge) -> bool:
    """A judge states their own expertise and conflicts of interest, nobody else's."""
    return getattr(user, "is_authenticated", False) and judge.active and judge.user_id == user.id
