"""Judging services: judges and invitations, the assignment built from the database, overrides, drop-outs."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role, RoleGrant
from app.core.errors import Conflict, DomainError
from app.extensions import db
from app.judging import queries, services
from app.judging.services import assignments
from app.judging.assignment import AssignmentImpossible, assign
from app.judging.models import Assignment, DeclaredConflict, Judge, JudgeInvitation
from app.notifications.models import OutboxMessage
from tests.factories import make_competition, make_round, make_user, make_village
from tests.judging.helpers import (
    add_entry, add_judge, add_track, assignments_of, build_world, judge_user, pairs, scored,
)

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English, the source language."""
    with force_locale("en"):
        yield


# Invitations ---------------------------------------------------------------------------------

def test_invite_judge_stores_only_a_hash_of_the_token_and_mails_the_link():
    world = build_world(judges=0)

    invitation = services.invite_judge(world.competition, email=" Expert@VJOIN.jp ", name="Tanaka Yuki",
                                       invited_by=world.organiser)

    [message] = db.session.scalars(select(OutboxMessage)).all()
    token = message.body_text.split("/judge/invitations/")[1].split()[0]
    assert (invitation.email, invitation.name, message.recipient_email) == (
        "expert@vjoin.jp", "Tanaka Yuki", "expert@vjoin.jp")
    assert token not in invitation.token_hash
    assert services.judge_invitation_for_token(token) == invitation


def test_inviting_again_replaces_the_earlier_link():
    world = build_world(judges=0)
    first = services.invite_judge(world.competition, email="expert@vjoin.jp", name=None, invited_by=world.organiser)

    second = services.invite_judge(world.competition, email="expert@vjoin.jp", name=None, invited_by=world.organiser)

    assert (first.is_pending, second.is_pending) == (False, True)


def test_inviting_someone_who_already_judges_is_refused():
    world = build_world(judges=1)

    with pytest.raises(Conflict) as refusal:
        services.invite_judge(world.competition, email=world.judges[0].user.email, name=None,
                              invited_by=world.organiser)

    assert str(refusal.value) == f"{world.judges[0].user.email} already judges this competition."


def _invitation(world, email="newcomer@vjoin.jp"):
    invitation = services.invite_judge(world.competition, email=email, name=None, invited_by=world.organiser)
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return invitation, message.body_text.split("/judge/invitations/")[1].split()[0]


def test_accepting_creates_the_judge_and_grants_the_judge_role():
    world = build_world(judges=0)
    invitation, token = _invitation(world)
    user = make_user(email="newcomer@vjoin.jp")

    judge = services.accept_judge_invitation(token, user)

    assert (judge.competition_id, judge.user_id, judge.active) == (world.competition.id, user.id, True)
    assert [(g.role, g.edition_id) for g in user.role_grants] == [("judge", None)]
    assert invitation.accepted_at is not None


def test_an_invitation_link_works_once():
    world = build_world(judges=0)
    _, token = _invitation(world)
    services.accept_judge_invitation(token, make_user())

    with pytest.raises(services.InvalidJudgeInvitation) as refusal:
        services.accept_judge_invitation(token, make_user())

    assert (str(refusal.value), refusal.value.status_code) == ("This invitation has already been used.", 404)


def test_an_expired_or_withdrawn_link_is_refused(frozen_time):
    world = build_world(judges=0)
    invitation, token = _invitation(world)
    frozen_time(frozen_time.start + timedelta(days=15))

    with pytest.raises(services.InvalidJudgeInvitation) as expired:
        services.judge_invitation_for_token(token)
    frozen_time(frozen_time.start)
    services.revoke_judge_invitation(invitation)
    with pytest.raises(services.InvalidJudgeInvitation) as withdrawn:
        services.judge_invitation_for_token(token)

    assert str(expired.value) == "This invitation has expired. Ask the organisers for a new one."
    assert str(withdrawn.value) == "This invitation has been withdrawn or replaced by a newer one."


def test_a_judge_who_dropped_out_comes_back_through_a_new_invitation_without_a_second_role():
    world = build_world(judges=1)
    judge = world.judges[0]
    services.set_judge_active(judge, active=False)
    _, token = _invitation(world, email=judge.user.email)

    again = services.accept_judge_invitation(token, judge.user)

    assert (again.id, again.active) == (judge.id, True)
    assert db.session.scalar(select(db.func.count()).select_from(RoleGrant)
                             .where(RoleGrant.user_id == judge.user_id, RoleGrant.role == Role.JUDGE)) == 1


def test_an_active_judge_cannot_accept_a_second_time():
    world = build_world(judges=1)
    _, token = _invitation(world, email="other@vjoin.jp")

    with pytest.raises(Conflict):
        services.accept_judge_invitation(token, world.judges[0].user)


# Profile and declared conflicts -----------------------------------------------------------------

def test_profile_keeps_sectors_in_list_order_and_villages_of_the_edition():
    world = build_world(judges=1)
    village = make_village(world.edition)
    judge = world.judges[0]

    services.update_judge_profile(judge, organisation_name="  Hanbit   Ventures ", title="Partner",
                                  sectors=["fintech", "agritech"], village_ids=[village.id])

    assert (judge.organisation_name, judge.title, judge.expertise_sectors, judge.village_ids) == (
        "Hanbit Ventures", "Partner", "agritech,fintech", {village.id})


def test_profile_refuses_a_village_of_another_edition():
    world = build_world(judges=1)
    elsewhere = make_village()

    with pytest.raises(services.FieldRefused) as refusal:
        services.update_judge_profile(world.judges[0], organisation_name=None, title=None, sectors=[],
                                      village_ids=[elsewhere.id])

    assert (refusal.value.field, str(refusal.value)) == ("village_ids", "Choose villages of this edition.")


def test_conflicts_are_declared_only_with_organisations_of_the_competition_and_once():
    world = build_world(judges=1)
    judge, organisation = world.judges[0], world.entries[0].organisation
    outsider = add_entry(build_world(entries=0, judges=0, slug="can-tho"), 99).organisation

    services.declare_conflict(judge, organisation, reason="I mentor them")
    with pytest.raises(Conflict):
        services.declare_conflict(judge, organisation)
    with pytest.raises(DomainError) as refusal:
        services.declare_conflict(judge, outsider)

    assert [(c.organisation_id, c.reason) for c in judge.conflicts] == [(organisation.id, "I mentor them")]
    assert str(refusal.value) == "Choose an organisation that entered this competition."


def test_conflict_search_ignores_diacritics_and_case():
    world = build_world(entries=0, judges=0)
    add_entry(world, 1, name="Nông Sản Việt")
    add_entry(world, 2, name="Fintech Hà Nội")

    found = queries.competition_organisations(world.competition, "nong san viet")

    assert [o.name for o in found] == ["Nông Sản Việt"]


# Inputs of the assignment ------------------------------------------------------------------------

def test_inputs_forbid_declared_conflicts_own_organisation_and_team_membership():
    world = build_world(entries=0, judges=0)
    member = judge_user(1)
    declared = add_judge(world, 2)
    colleague = add_judge(world, 3, organisation_name="KHỞI NGHIỆP xanh")
    teammate = add_judge(world, 1, user=member)
    entry = add_entry(world, 1, name="Khởi nghiệp Xanh", members=(member,))
    db.session.add(DeclaredConflict(judge=declared, organisation=entry.organisation))
    db.session.commit()

    inputs = queries.assignment_inputs(world.round)

    assert inputs.reasons == {(declared.id, entry.id): ["declared"], (colleague.id, entry.id): ["organisation"],
                              (teammate.id, entry.id): ["member"]}


def test_inputs_prefer_matching_sector_or_village():
    world = build_world(entries=0, judges=0)
    village = make_village(world.edition)
    track = add_track(world, village=village)
    by_sector = add_judge(world, 1, expertise_sectors="agritech")
    by_village = add_judge(world, 2, expertise_village_ids=str(village.id))
    add_judge(world, 3, expertise_sectors="fintech")
    farm = add_entry(world, 1, sector="agritech")
    village_entry = add_entry(world, 2, sector="edtech", track=track)

    inputs = queries.assignment_inputs(world.round)

    assert inputs.preferred == {(by_sector.id, farm.id), (by_village.id, village_entry.id)}


def test_inputs_take_submitted_eligible_entries_of_the_round_and_active_judges():
    world = build_world(entries=1, judges=1)
    add_entry(world, 2, status="draft")
    add_entry(world, 3, eligibility="ineligible")
    add_entry(world, 4, eligibility="eligible")
    add_judge(world, 5, active=False)
    other_round = make_round(world.competition, position=2)
    add_entry(world, 6).participations[0].round = other_round
    db.session.commit()

    inputs = queries.assignment_inputs(world.round)

    assert [e.project_name for e in inputs.entries] == ["Project 1", "Project 4"]
    assert [j.user.name for j in inputs.judges] == ["Judge 1"]


def test_same_email_domain_is_flagged_not_forbidden_and_public_domains_are_ignored():
    world = build_world(entries=0, judges=0)
    colleague = add_judge(world, 1, user=judge_user(1, email="minh@fpt.com.vn"))
    add_judge(world, 2, user=judge_user(2, email="lan@gmail.com"))
    entry = add_entry(world, 1, members=(make_user(email="cto@FPT.com.vn"), make_user(email="dev@gmail.com")))

    inputs = queries.assignment_inputs(world.round)

    assert [(f.judge.id, f.entry.id, f.domain) for f in inputs.flags] == [(colleague.id, entry.id, "fpt.com.vn")]
    assert inputs.forbidden == set()


# Running the assignment ---------------------------------------------------------------------------

def test_assign_judges_gives_k_judges_per_entry_with_balanced_loads():
    world = build_world(entries=7, judges=4, k=3)

    services.assign_judges(world.round)

    stored = pairs(world.round)
    per_entry = Counter(entry for _judge, entry in stored)
    per_judge = Counter(judge for judge, _entry in stored)
    assert set(per_entry.values()) == {3} and len(per_entry) == 7
    assert sorted(per_judge.values()) == [5, 5, 5, 6]
    assert queries.assignment_overview(world.round).connected is True


def test_assign_judges_never_gives_an_entry_to_a_conflicted_judge():
    world = build_world(entries=0, judges=0, k=2)
    member = judge_user(1)
    teammate = add_judge(world, 1, user=member)
    colleague = add_judge(world, 2, organisation_name="Startup 1")
    declared = add_judge(world, 3)
    add_judge(world, 4)
    add_judge(world, 5)
    first = add_entry(world, 1, members=(member,))
    second = add_entry(world, 2)
    db.session.add(DeclaredConflict(judge=declared, organisation=second.organisation))
    db.session.commit()

    services.assign_judges(world.round)

    stored = pairs(world.round)
    assert not {(teammate.id, first.id), (colleague.id, first.id), (declared.id, second.id)} & stored


def test_assign_judges_prefers_expertise():
    world = build_world(entries=0, judges=0, k=1)
    add_judge(world, 1, expertise_sectors="fintech")
    expert = add_judge(world, 2, expertise_sectors="agritech")
    farm = add_entry(world, 1, sector="agritech")
    add_entry(world, 2, sector="fintech")

    services.assign_judges(world.round)

    assert (expert.id, farm.id) in pairs(world.round)


def test_assign_judges_is_deterministic_and_rerunning_changes_nothing():
    world = build_world(entries=6, judges=4, k=2)
    services.assign_judges(world.round)
    first = {(a.id, a.judge_id, a.entry_id) for a in assignments_of(world.round)}

    services.assign_judges(world.round)

    assert {(a.id, a.judge_id, a.entry_id) for a in assignments_of(world.round)} == first


def test_rerun_keeps_scored_and_hand_made_assignments_and_replaces_the_rest():
    world = build_world(entries=4, judges=4, k=2)
    one, two, three, four = world.judges
    kept_scored = scored(world, four, world.entries[0], points=(5,), submitted=False)
    by_hand = Assignment(round=world.round, judge=four, entry=world.entries[1], by_hand=True)
    stale = Assignment(round=world.round, judge=four, entry=world.entries[2])
    db.session.add_all([by_hand, stale])
    db.session.commit()
    kept_ids = {kept_scored.id, by_hand.id}

    services.assign_judges(world.round)

    stored = assignments_of(world.round)
    assert kept_ids <= {a.id for a in stored}
    assert set(Counter(a.entry_id for a in stored).values()) == {2}
    assert sorted(Counter(a.judge_id for a in stored).values()) == [2, 2, 2, 2]


def test_assignment_impossible_names_the_entries_lacking_judges():
    world = build_world(entries=2, judges=2, k=2)
    entry = world.entries[1]
    db.session.add(DeclaredConflict(judge=world.judges[0], organisation=entry.organisation))
    db.session.commit()

    with pytest.raises(services.AssignmentRefused) as refusal:
        services.assign_judges(world.round)

    assert refusal.value.entries == ["Project 2"]
    assert refusal.value.status_code == 409
    assert str(refusal.value) == ("Not enough judges without a conflict of interest (2 needed) for: Project 2. "
                                  "Invite more judges or lower the number of judges per entry.")
    assert pairs(world.round) == set()


def test_a_round_without_entries_is_refused():
    world = build_world(entries=0, judges=2)

    with pytest.raises(services.AssignmentRefused) as refusal:
        services.assign_judges(world.round)

    assert str(refusal.value) == "This round has no submitted, eligible entries to assign yet."


# Overrides by hand ------------------------------------------------------------------------------

def test_add_judge_by_hand():
    world = build_world(entries=1, judges=1)

    assignment = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])

    assert (assignment.by_hand, pairs(world.round)) == (True, {(world.judges[0].id, world.entries[0].id)})


def test_add_judge_refuses_a_forbidden_pair_with_the_reason():
    world = build_world(entries=0, judges=0)
    member = judge_user(1)
    judge = add_judge(world, 1, user=member, organisation_name="Startup 1")
    entry = add_entry(world, 1, members=(member,))

    with pytest.raises(Conflict) as refusal:
        services.add_judge_to_entry(world.round, judge=judge, entry=entry)

    assert str(refusal.value) == ("Judge 1 cannot judge Project 1: works for this organisation, "
                                  "is a member of the team.")
    assert pairs(world.round) == set()


def test_add_judge_refuses_duplicates_dropped_out_judges_and_entries_outside_the_round():
    world = build_world(entries=1, judges=2)
    services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])
    services.set_judge_active(world.judges[1], active=False)
    draft = add_entry(world, 9, status="draft")

    with pytest.raises(Conflict) as duplicate:
        services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])
    with pytest.raises(DomainError) as dropped:
        services.add_judge_to_entry(world.round, judge=world.judges[1], entry=world.entries[0])
    with pytest.raises(DomainError) as outside:
        services.add_judge_to_entry(world.round, judge=world.judges[0], entry=draft)

    assert str(duplicate.value) == "Judge 1 already judges Project 1."
    assert str(dropped.value) == "Choose an active judge of this competition."
    assert str(outside.value) == "This entry is not taking part in this round."


def test_removing_a_begun_assignment_needs_confirmation():
    world = build_world(entries=1, judges=1)
    assignment = scored(world, world.judges[0], world.entries[0], submitted=True)

    with pytest.raises(Conflict) as refusal:
        services.remove_assignment(assignment)
    assert pairs(world.round) == {(world.judges[0].id, world.entries[0].id)}
    services.remove_assignment(assignment, confirmed=True)

    assert str(refusal.value) == ("Judge 1 has already scored Project 1. "
                                  "Confirm to remove the assignment and its scores.")
    assert pairs(world.round) == set()


def test_removing_an_assignment_not_begun_needs_no_confirmation():
    world = build_world(entries=1, judges=1)
    assignment = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])

    services.remove_assignment(assignment)

    assert pairs(world.round) == set()


# Drop-outs -------------------------------------------------------------------------------------

def test_replace_dropped_judge_moves_only_unscored_entries_and_keeps_scored_work():
    world = build_world(entries=4, judges=4, k=2)
    services.assign_judges(world.round)
    dropped = world.judges[0]
    theirs = sorted(entry for judge, entry in pairs(world.round) if judge == dropped.id)
    done = db.session.scalar(select(Assignment).where(Assignment.judge_id == dropped.id,
                                                      Assignment.entry_id == theirs[0]))
    done.status = "submitted"
    db.session.commit()
    others_before = {pair for pair in pairs(world.round) if pair[0] != dropped.id}

    moved = services.replace_dropped_judge(world.round, dropped)

    after = pairs(world.round)
    assert moved == len(theirs) - 1
    assert dropped.active is False
    assert {entry for judge, entry in after if judge == dropped.id} == {theirs[0]}
    assert set(Counter(entry for _judge, entry in after).values()) == {2}
    assert others_before <= after


def test_replace_dropped_judge_respects_conflicts_and_refuses_when_nobody_is_left():
    world = build_world(entries=1, judges=2, k=2)
    services.assign_judges(world.round)
    add_judge(world, 3)
    db.session.add(DeclaredConflict(judge=world.judges[2], organisation=world.entries[0].organisation))
    db.session.commit()

    with pytest.raises(services.AssignmentRefused) as refusal:
        services.replace_dropped_judge(world.round, world.judges[0])

    db.session.refresh(world.judges[0])
    assert refusal.value.entries == ["Project 1"]
    assert world.judges[0].active is True
    assert len(pairs(world.round)) == 2


def test_deactivating_keeps_the_sheets_and_takes_the_judge_out_of_the_next_assignment():
    world = build_world(entries=2, judges=3, k=1)
    scored(world, world.judges[0], world.entries[0])

    services.set_judge_active(world.judges[0], active=False)
    services.assign_judges(world.round)

    assert (world.judges[0].id, world.entries[0].id) in pairs(world.round)
    assert not {judge for judge, entry in pairs(world.round) if entry == world.entries[1].id} & {world.judges[0].id}


def test_overview_reports_disconnected_graph_short_entries_and_conflicted_assignments():
    world = build_world(entries=3, judges=3, k=2)
    one, two, three = world.judges
    for judge, entry in ((one, 0), (two, 0), (three, 1)):
        db.session.add(Assignment(round=world.round, judge=judge, entry=world.entries[entry]))
    db.session.add(DeclaredConflict(judge=three, organisation=world.entries[1].organisation))
    db.session.commit()

    overview = queries.assignment_overview(world.round)

    assert overview.connected is False
    assert [e.project_name for e in overview.short_entries] == ["Project 2", "Project 3"]
    assert [(a.judge_id, a.entry_id) for a in overview.conflicted] == [(three.id, world.entries[1].id)]
    assert overview.loads == {one.id: 1, two.id: 1, three.id: 1}


def test_judge_record_of_an_inactive_judge_is_none():
    world = build_world(judges=1)
    from app.judging.permissions import judge_record

    services.set_judge_active(world.judges[0], active=False)

    assert judge_record(world.judges[0].user, world.competition) is None
    assert db.session.scalar(select(Judge.active).where(Judge.id == world.judges[0].id)) is False


def test_competitions_do_not_share_judges():
    world = build_world(judges=1)
    other = make_competition(world.edition, slug="villages")

    assert queries.active_judges(other) == []
    assert db.session.scalar(select(db.func.count()).select_from(JudgeInvitation)) == 0


def test_a_judge_deactivated_on_the_jury_page_is_reassigned_later():
    world = build_world(entries=3, judges=3, k=2)
    services.assign_judges(world.round)
    dropped = world.judges[0]
    services.set_judge_active(dropped, active=False)

    moved = services.replace_dropped_judge(world.round, dropped)

    after = pairs(world.round)
    assert moved == 2
    assert all(judge != dropped.id for judge, _entry in after)
    assert sorted(Counter(entry for _judge, entry in after).values()) == [2, 2, 2]


# The rerun keeps what must be kept: a property checked on random inputs --------------------------

@st.composite
def rerun_inputs(draw):
    k = draw(st.integers(1, 3))
    judges = list(range(1, draw(st.integers(k + 1, 7)) + 1))
    entries = list(range(100, 100 + draw(st.integers(1, 12))))
    forbidden = draw(st.sets(st.tuples(st.sampled_from(judges), st.sampled_from(entries)), max_size=6))
    kept = draw(st.sets(st.tuples(st.sampled_from(judges + [99]), st.sampled_from(entries)), max_size=8))
    return k, judges, entries, forbidden, kept


@settings(max_examples=200, deadline=None)
@given(rerun_inputs())
def test_rerun_merge_keeps_kept_pairs_gives_k_judges_and_never_a_new_conflict(case):
    k, judges, entries, forbidden, kept = case
    inputs = queries.AssignmentInputs(round=SimpleNamespace(judges_per_entry=k),
                                      entries=[SimpleNamespace(id=e) for e in entries],
                                      judges=[SimpleNamespace(id=j) for j in judges],
                                      reasons={pair: ["declared"] for pair in forbidden})
    try:
        result = assign(entries, judges, k, forbidden=forbidden, preferred=kept)
    except AssignmentImpossible:
        return

    merged = assignments._merge_kept(result.judges_of, kept, inputs)

    assert kept <= merged
    for entry in entries:
        assert len({j for j, e in merged if e == entry}) == max(k, len({j for j, e in kept if e == entry}))
    assert all(pair not in forbidden and pair[0] in judges for pair in merged - kept)
    assert merged == assignments._merge_kept(result.judges_of, kept, inputs)
    loads = Counter(j for j, _e in merged if j in judges)
    if not forbidden and max(Counter(j for j, _e in kept).values(), default=0) <= (k * len(entries)) // len(judges):
        assert max(loads[j] for j in judges) - min(loads[j] for j in judges) <= 1
