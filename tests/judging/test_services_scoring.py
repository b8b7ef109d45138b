"""Scoring: one score per judge, entry and criterion, ranges, the judging window, the audit trail."""
from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict, DomainError
from app.extensions import db
from app.judging import services
from app.judging.models import Score
from app.notifications.models import OutboxMessage
from tests.judging.helpers import (
    JUDGING_CLOSES, JUDGING_OPENS, assignments_of, audit, build_world, scores_of, utc,
)

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture(autouse=True)
def english():
    with force_locale("en"):
        yield


@pytest.fixture
def sheet():
    """Judge 1's assignment to Project 1 in an open round with the default six-criterion rubric."""
    world = build_world(entries=1, judges=1, k=1)
    return services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])


def points(sheet, *values) -> dict:
    return {c.id: (None if v is None else Decimal(str(v))) for c, v in zip(sheet.round.criteria, values)}


def save(sheet, *values, submit=False, comment=None, note=None):
    padded = list(values) + [None] * (len(sheet.round.criteria) - len(values))
    return services.save_score_sheet(sheet, points=points(sheet, *padded), comment_for_team=comment,
                                     private_note=note, submit=submit, by=sheet.judge.user)


def test_a_draft_may_leave_criteria_empty(sheet):
    save(sheet, 8, 7.5)

    assert scores_of(sheet) == {0: "8", 1: "7.5"}
    assert (sheet.status, sheet.submitted_at) == ("draft", None)


def test_saving_again_updates_the_same_rows(sheet):
    save(sheet, 8, 7)
    first_ids = sorted(score.id for score in sheet.scores)

    save(sheet, 9, 7, 6)

    assert scores_of(sheet) == {0: "9", 1: "7", 2: "6"}
    assert sorted(score.id for score in sheet.scores)[:2] == first_ids
    assert db.session.query(Score).count() == 3


def test_the_database_refuses_a_second_score_for_the_same_criterion(sheet):
    save(sheet, 8)
    criterion = sheet.round.criteria[0]
    db.session.add(Score(assignment_id=sheet.id, judge_id=sheet.judge_id, entry_id=sheet.entry_id,
                         criterion_id=criterion.id, points=Decimal(5)))

    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("value", [-1, 10.5, 11, 7.3, "NaN", "Infinity"])
def test_out_of_range_scores_are_refused_next_to_their_criterion(sheet, value):
    with pytest.raises(services.FieldRefused) as refusal:
        services.save_score_sheet(sheet, points={sheet.round.criteria[2].id: Decimal(str(value))},
                                  comment_for_team=None, private_note=None, submit=False, by=sheet.judge.user)

    assert (refusal.value.field, refusal.value.status_code) == (f"criterion_{sheet.round.criteria[2].id}", 422)
    assert str(refusal.value) == "Enter a score from 0 to 10, in steps of 0.5."
    assert scores_of(sheet) == {}


@pytest.mark.parametrize("value", [0, 0.5, 10])
def test_the_ends_of_the_range_are_accepted(sheet, value):
    save(sheet, value)

    assert scores_of(sheet) == {0: {0: "0", 0.5: "0.5", 10: "10"}[value]}


def test_submitting_needs_every_criterion(sheet):
    with pytest.raises(services.FieldRefused) as refusal:
        save(sheet, 8, 7, 6, 9, 5, submit=True)

    assert str(refusal.value) == "Score every criterion before submitting."
    assert refusal.value.field == f"criterion_{sheet.round.criteria[5].id}"
    assert (sheet.status, scores_of(sheet)) == ("draft", {})


def test_submit_then_revise_until_the_window_closes(sheet, frozen_time):
    save(sheet, 8, 7, 6, 9, 5, 7, submit=True, comment="Clear market.")
    first_submission = sheet.submitted_at
    frozen_time(utc(2026, 11, 25, 8, 0))

    save(sheet, 8, 7, 6, 9, 6, 7, submit=True, comment="Clear market.")

    assert (sheet.status, sheet.submitted_at) == ("submitted", utc(2026, 11, 25, 8, 0))
    assert first_submission == frozen_time.start
    assert scores_of(sheet)[4] == "6"


@pytest.mark.parametrize(("moment", "message"), [
    (JUDGING_OPENS.replace(minute=0, hour=0), "Judging of this round has not opened yet."),
    (JUDGING_CLOSES, "Judging of this round has closed: scores are locked."),
])
def test_scores_change_only_inside_the_window_in_utc(sheet, frozen_time, moment, message):
    frozen_time(moment)

    with pytest.raises(services.ScoringClosed) as refusal:
        save(sheet, 8)

    assert (str(refusal.value), refusal.value.status_code) == (message, 409)
    assert scores_of(sheet) == {}


def test_the_last_second_before_closing_is_still_open(sheet, frozen_time):
    frozen_time(utc(2026, 11, 30, 9, 59, 59))

    save(sheet, 8)

    assert scores_of(sheet) == {0: "8"}


def test_published_results_lock_the_scores(sheet):
    sheet.round.results_published_at = utc(2026, 11, 22)
    db.session.commit()

    with pytest.raises(services.ScoringClosed) as refusal:
        save(sheet, 8)

    assert str(refusal.value) == "The results of this round are published: scores are locked."


def test_a_round_without_a_window_is_open():
    world = build_world(entries=1, judges=1, k=1, opens=None, closes=None)
    sheet = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])

    save(sheet, 8)

    assert scores_of(sheet) == {0: "8"}


def test_every_change_is_in_the_audit_trail_with_old_and_new_values(sheet, frozen_time):
    judge_id = sheet.judge.user_id
    save(sheet, 8, comment="Good team", note="Knows the founder's mentor")
    frozen_time(utc(2026, 11, 24, 2, 0))
    save(sheet, 8.5, 7, 6, 9, 5, 7, submit=True, comment="Good team, weak traction", note="Knows the founder's mentor")
    save(sheet, None, 7, 6, 9, 5, 7, comment="Good team, weak traction", note=None)

    assert audit(sheet) == [
        ("points", 0, None, "8", judge_id),
        ("comment_for_team", None, None, "Good team", judge_id),
        ("private_note", None, None, "Knows the founder's mentor", judge_id),
        ("points", 0, "8", "8.5", judge_id),
        ("points", 1, None, "7", judge_id),
        ("points", 2, None, "6", judge_id),
        ("points", 3, None, "9", judge_id),
        ("points", 4, None, "5", judge_id),
        ("points", 5, None, "7", judge_id),
        ("comment_for_team", None, "Good team", "Good team, weak traction", judge_id),
        ("status", None, "draft", "submitted", judge_id),
        ("points", 0, "8.5", None, judge_id),
        ("private_note", None, "Knows the founder's mentor", None, judge_id),
        ("status", None, "submitted", "draft", judge_id),
    ]
    assert scores_of(sheet) == {1: "7", 2: "6", 3: "9", 4: "5", 5: "7"}


def test_saving_the_same_values_writes_no_audit_rows(sheet):
    save(sheet, 8, 7, comment="Fine")
    before = len(audit(sheet))

    save(sheet, 8.0, 7.00, comment="  Fine  ")

    assert len(audit(sheet)) == before == 3


def test_audit_rows_carry_the_time_of_the_change(sheet, frozen_time):
    from app.judging.models import ScoreChange

    frozen_time(utc(2026, 11, 24, 5, 30))
    save(sheet, 8)

    assert db.session.scalars(select(ScoreChange.changed_at)).all() == [utc(2026, 11, 24, 5, 30)]


def test_sheet_values_fill_the_form_with_plain_numbers(sheet):
    save(sheet, 8, 7.5, comment="Good", note="Private")

    values = services.sheet_values(sheet)

    first, second = sheet.round.criteria[:2]
    assert values == {f"criterion_{first.id}": Decimal("8"), f"criterion_{second.id}": Decimal("7.5"),
                      "comment_for_team": "Good", "private_note": "Private"}
    assert [str(v) for v in (values[f"criterion_{first.id}"], values[f"criterion_{second.id}"])] == ["8", "7.5"]


def test_plain_points():
    assert [services.plain_points(Decimal(v)) for v in ("10.00", "7.50", "0.00", "0.5")] == ["10", "7.5", "0", "0.5"]
    assert services.plain_points(None) is None


def test_reminders_go_to_active_judges_with_sheets_not_submitted():
    world = build_world(entries=2, judges=3, k=2)
    services.assign_judges(world.round)
    done, late, dropped = world.judges
    for assignment in assignments_of(world.round):
        if assignment.judge_id == done.id:
            assignment.status = "submitted"
    services.set_judge_active(dropped, active=False)

    count = services.remind_late_judges(world.round)

    assert count == 1
    assert [m.recipient_email for m in db.session.scalars(select(OutboxMessage))] == [late.user.email]


def test_reminders_are_refused_after_judging_closes(frozen_time):
    world = build_world(entries=1, judges=1, k=1)
    services.assign_judges(world.round)
    frozen_time(JUDGING_CLOSES)

    with pytest.raises(Conflict) as refusal:
        services.remind_late_judges(world.round)

    assert str(refusal.value) == "Judging of this round has closed: there is nobody to remind."


def test_submitting_is_refused_while_the_round_has_no_rubric():
    world = build_world(entries=1, judges=1, k=1, rubric=[])
    sheet = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])

    with pytest.raises(DomainError) as refusal:
        services.save_score_sheet(sheet, points={}, comment_for_team="Early words", private_note=None, submit=True,
                                  by=sheet.judge.user)

    assert str(refusal.value) == "This round has no scoring criteria yet: ask the organisers."
    assert sheet.status == "draft"


def test_removing_a_scored_assignment_keeps_its_audit_trail(sheet):
    from app.judging.models import ScoreChange
    from tests.factories import make_user

    organiser = make_user(name="Trần Thị Bích Ngọc")
    save(sheet, 8, 7, 6, 9, 5, 7, submit=True, comment="Solid")
    round_id, judge_id, entry_id, assignment_id = sheet.round_id, sheet.judge_id, sheet.entry_id, sheet.id
    written = len(audit(sheet))

    services.remove_assignment(sheet, confirmed=True, by=organiser)

    rows = db.session.scalars(select(ScoreChange).where(ScoreChange.entry_id == entry_id)
                              .order_by(ScoreChange.id)).all()
    assert len(rows) == written + 1
    assert {(r.round_id, r.judge_id, r.assignment_id) for r in rows} == {(round_id, judge_id, None)}
    removal = rows[-1]
    assert (removal.field, removal.changed_by_id, removal.new_value) == ("assignment_removed", organiser.id, None)
    criteria = sorted(c.id for c in db.session.get(__import__("app.competitions.models", fromlist=["Round"]).Round,
                                                   round_id).criteria)
    assert removal.old_value == "submitted; " + "; ".join(
        f"{cid}={value}" for cid, value in zip(criteria, ("8", "7", "6", "9", "5", "7")))
    assert assignment_id is not None
