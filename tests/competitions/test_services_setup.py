"""Organiser setup: competitions, tracks, ordered rounds with windows, rubrics that must weigh 100."""
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.competitions import services
from app.competitions.models import Competition, Criterion, Round, Track
from app.core.errors import Conflict, DomainError
from app.extensions import db
from tests.competitions.helpers import utc
from tests.factories import (make_assignment, make_competition, make_edition, make_entry, make_judge, make_round,
                             make_village)


def english(error) -> str:
    with force_locale("en"):
        return str(error)


def positions(competition) -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(r.name_en, r.position) for r in db.session.get(Competition, competition.id).rounds]


def new_round(competition, **fields):
    values = dict(kind="screening", name_vi="Vòng", name_en="Round", judges_per_entry=3, ranking_method="corrected")
    return services.save_round(competition, **{**values, **fields})


# --- competitions and tracks -------------------------------------------------------------------

def test_save_competition_creates_and_changes_one():
    edition = make_edition()

    competition = services.save_competition(edition, slug="talent-2026", name_vi=" Tìm kiếm tài năng ",
                                            name_en="Talent search", rules_en="  ", blind_judging=True,
                                            tie_break_criterion_position=2)
    services.save_competition(edition, competition, name_en="Startup talent search", blind_judging=False)

    db.session.expire_all()
    saved = db.session.get(Competition, competition.id)
    assert (saved.slug, saved.name_vi, saved.name_en, saved.rules_en, saved.blind_judging,
            saved.tie_break_criterion_position) == ("talent-2026", "Tìm kiếm tài năng", "Startup talent search",
                                                    None, False, 2)


def test_save_competition_refuses_an_address_taken_in_the_same_edition():
    edition = make_edition()
    make_competition(edition, slug="talent")

    with pytest.raises(Conflict) as refusal:
        services.save_competition(edition, slug="talent", name_vi="Khác", name_en="Other")

    assert (english(refusal.value), refusal.value.field) == (
        "Another competition of this edition already uses the address talent.", "slug")


def test_the_same_address_may_be_used_in_another_edition():
    make_competition(make_edition(), slug="talent")

    competition = services.save_competition(make_edition(), slug="talent", name_vi="Tài năng", name_en="Talent")

    assert competition.id is not None


def test_a_track_may_belong_to_a_village_of_the_edition_only():
    competition = make_competition()
    village = make_village(competition.edition)
    foreign = make_village(make_edition())

    track = services.save_track(competition, name_vi="Nông nghiệp", name_en="Agritech", village_id=village.id)
    with pytest.raises(DomainError) as refusal:
        services.save_track(competition, name_vi="Khác", name_en="Other", village_id=foreign.id)

    assert (track.village_id, english(refusal.value), refusal.value.field) == (
        village.id, "Choose a village of this edition.", "village_id")


def test_a_track_chosen_by_entries_cannot_be_deleted():
    competition = make_competition()
    track = services.save_track(competition, name_vi="Ý tưởng", name_en="Idea")
    make_entry(competition, track_id=track.id)

    with pytest.raises(Conflict) as refusal:
        services.delete_track(track)

    assert english(refusal.value) == "1 entry chose this track: it cannot be deleted."
    db.session.rollback()
    services.delete_track(services.save_track(competition, name_vi="Trống", name_en="Empty"))
    assert [t.name_en for t in db.session.scalars(select(Track))] == ["Idea"]


# --- rounds ------------------------------------------------------------------------------------

def test_new_rounds_go_to_the_end_of_the_list():
    competition = make_competition()

    for name in ("Screening", "Semi-final", "Final"):
        new_round(competition, name_en=name)

    assert positions(competition) == [("Screening", 1), ("Semi-final", 2), ("Final", 3)]


def test_a_window_must_close_after_it_opens():
    competition = make_competition()

    with pytest.raises(DomainError) as refusal:
        new_round(competition, submission_opens_at=utc(2026, 12, 1), submission_closes_at=utc(2026, 12, 1))

    assert (english(refusal.value), refusal.value.field) == ("The window must close after it opens.",
                                                             "submission_closes_at")
    with pytest.raises(DomainError) as refusal:
        new_round(competition, judging_opens_at=utc(2026, 12, 5), judging_closes_at=utc(2026, 12, 4))
    assert refusal.value.field == "judging_closes_at"


def test_an_unknown_kind_or_ranking_method_is_refused():
    competition = make_competition()

    with pytest.raises(DomainError) as kind:
        new_round(competition, kind="quiz")
    with pytest.raises(DomainError) as method:
        new_round(competition, ranking_method="median")

    assert (kind.value.field, method.value.field) == ("kind", "ranking_method")


def test_moving_rounds_swaps_their_positions():
    competition = make_competition()
    first, second, third = (new_round(competition, name_en=name) for name in ("A", "B", "C"))

    services.move_round(db.session.get(Round, third.id), up=True)
    assert positions(competition) == [("A", 1), ("C", 2), ("B", 3)]
    services.move_round(db.session.get(Round, first.id), up=False)
    assert positions(competition) == [("C", 1), ("A", 2), ("B", 3)]
    services.move_round(db.session.get(Round, third.id), up=True)  # already first: nothing happens
    assert positions(competition) == [("C", 1), ("A", 2), ("B", 3)]


def test_rounds_with_entries_keep_their_order():
    competition = make_competition()
    first, second = make_round(competition, position=1), make_round(competition, position=2)
    make_entry(competition, round_=first)

    with pytest.raises(Conflict) as refusal:
        services.move_round(second, up=True)

    assert english(refusal.value) == "Entries already take part in these rounds: their order cannot change."


def test_a_round_with_entries_cannot_be_deleted_an_empty_one_can():
    competition = make_competition()
    used, empty = make_round(competition, position=1), make_round(competition, position=2)
    make_entry(competition, round_=used)

    with pytest.raises(Conflict):
        services.delete_round(used)
    db.session.rollback()
    services.delete_round(db.session.get(Round, empty.id))

    assert positions(competition) == [("Round 1", 1)]
    assert db.session.scalars(select(Criterion.round_id).distinct()).all() == [used.id]


def test_judging_cannot_open_now_on_a_rubric_that_does_not_weigh_100(clock):
    competition = make_competition()
    round_ = make_round(competition, rubric=[("Đội ngũ", "Team", 50), ("Thị trường", "Market", 40)])

    with pytest.raises(services.InvalidRubric) as refusal:
        services.save_round(competition, round_, judging_opens_at=clock.start)

    assert (english(refusal.value), refusal.value.field) == (
        "The rubric's weights add up to 90, not 100: judging cannot open until they do.", "judging_opens_at")
    db.session.rollback()
    services.save_round(competition, db.session.get(Round, round_.id), judging_opens_at=utc(2026, 12, 1))
    assert db.session.get(Round, round_.id).judging_opens_at == utc(2026, 12, 1)


def test_a_new_round_cannot_start_judging_without_a_rubric(clock):
    with pytest.raises(services.InvalidRubric) as refusal:
        new_round(make_competition(), judging_opens_at=utc(2026, 11, 1))

    assert english(refusal.value) == "The rubric's weights add up to 0, not 100: judging cannot open until they do."


# --- rubrics -----------------------------------------------------------------------------------

def rubric(round_) -> list[tuple]:
    db.session.expire_all()
    return [(c.position, c.name_en, c.max_points, c.weight) for c in db.session.get(Round, round_.id).criteria]


def test_the_default_rubric_is_domain_mds_six_criteria():
    round_ = make_round(rubric=[("Cũ", "Old", 100)])

    services.use_default_rubric(round_)

    assert rubric(round_) == [
        (0, "Team", 10, Decimal(20)), (1, "Problem and solution, innovation", 10, Decimal(20)),
        (2, "Market and scalability", 10, Decimal(20)), (3, "Business model and traction", 10, Decimal(20)),
        (4, "Science and technology content", 10, Decimal(10)), (5, "Social and environmental impact", 10, Decimal(10)),
    ]
    assert services.rubric_total(db.session.get(Round, round_.id)) == 100
    assert services.rubric_is_valid(db.session.get(Round, round_.id)) is True


def test_criteria_are_added_changed_moved_and_deleted_in_order():
    round_ = make_round(rubric=[])

    team = services.save_criterion(round_, name_vi="Đội ngũ", name_en="Team", max_points=10, weight=Decimal("60"))
    services.save_criterion(round_, name_vi="Thị trường", name_en="Market", max_points=5, weight=Decimal("40.5"))
    assert services.rubric_total(round_) == Decimal("100.5")
    assert services.rubric_is_valid(round_) is False
    services.save_criterion(round_, team, name_vi="Đội ngũ", name_en="Team", max_points=10, weight=Decimal("59.5"))
    services.move_criterion(db.session.get(Criterion, team.id), up=False)
    assert rubric(round_) == [(0, "Market", 5, Decimal("40.50")), (1, "Team", 10, Decimal("59.50"))]
    services.delete_criterion(db.session.get(Criterion, rubric_first_id(round_)))
    assert rubric(round_) == [(0, "Team", 10, Decimal("59.50"))]


def rubric_first_id(round_) -> int:
    return db.session.get(Round, round_.id).criteria[0].id


def test_a_weight_must_be_above_zero_and_at_most_100():
    round_ = make_round(rubric=[])

    with pytest.raises(DomainError) as refusal:
        services.save_criterion(round_, name_vi="A", name_en="A", max_points=10, weight=Decimal(0))

    assert (english(refusal.value), refusal.value.field) == ("A weight is more than 0 and at most 100.", "weight")


def test_check_rubric_refuses_an_invalid_rubric():
    with pytest.raises(services.InvalidRubric) as refusal:
        services.check_rubric(make_round(rubric=[("A", "A", 20), ("B", "B", 20)]))

    assert english(refusal.value) == "The rubric's weights add up to 40, not 100: judging cannot open until they do."
    assert services.check_rubric(make_round()) is None


def test_the_rubric_is_locked_once_judges_scored_with_it():
    round_ = make_round()
    entry = make_entry(round_.competition, round_=round_)
    make_assignment(round_, make_judge(round_.competition), entry, points=[8, 7, 6, 9, 5, 7])

    for change in (lambda: services.use_default_rubric(round_),
                   lambda: services.delete_criterion(round_.criteria[0]),
                   lambda: services.move_criterion(round_.criteria[0], up=False),
                   lambda: services.save_criterion(round_, name_vi="A", name_en="A", max_points=10, weight=5)):
        with pytest.raises(Conflict) as refusal:
            change()
        assert english(refusal.value) == "Judges have already scored with this rubric: it can no longer change."
        db.session.rollback()
    assert len(rubric(round_)) == 6


def test_open_judging_opens_it_now_on_a_valid_rubric(clock):
    round_ = make_round()

    services.open_judging(round_)

    assert db.session.get(Round, round_.id).judging_opens_at == clock.start
    with pytest.raises(Conflict) as refusal:
        services.open_judging(db.session.get(Round, round_.id))
    assert english(refusal.value) == "Judging is already open."


def test_open_judging_is_refused_on_an_invalid_rubric():
    round_ = make_round(rubric=[("A", "A", 30)])

    with pytest.raises(services.InvalidRubric):
        services.open_judging(round_)

    assert db.session.get(Round, round_.id).judging_opens_at is None


def test_open_judging_is_refused_after_the_judging_window_closed(clock):
    round_ = make_round(judging_opens_at=utc(2026, 11, 1), judging_closes_at=utc(2026, 11, 10))

    with pytest.raises(Conflict) as refusal:
        services.open_judging(round_)

    assert english(refusal.value) == "The judging window has closed. Edit the round to set a new one."

