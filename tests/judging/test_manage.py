"""Organiser pages of judging: who may use them, the jury, the assignment with overrides, and progress."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, RoleGrant
from app.extensions import db
from app.judging import services
from app.judging.models import Assignment, DeclaredConflict, Judge, JudgeInvitation, Score
from app.notifications.models import OutboxMessage
from tests.events.manage_helpers import flashes, login_redirect
from tests.factories import make_competition, make_edition, make_round, make_user, make_village
from tests.judging.helpers import (
    JUDGING_CLOSES, add_entry, add_judge, build_world, field_error, form_error, input_value, judge_user, page_text,
    pairs,
)

pytestmark = pytest.mark.usefixtures("frozen_time")

BASE = "/manage/e/hai-phong/competitions/talents"


@pytest.fixture
def world():
    world = build_world(entries=3, judges=3, k=2)
    world.invitation = services.invite_judge(world.competition, email="new@vjoin.jp", name=None,
                                             invited_by=world.organiser)
    services.assign_judges(world.round)
    return world


def paths(world) -> dict:
    round_ = f"{BASE}/rounds/{world.round.id}"
    assignment = assignments_of(world)[0]
    return {
        "index": "/manage/e/hai-phong/judging",
        "judges": f"{BASE}/judges",
        "assignment": f"{round_}/assignment",
        "progress": f"{round_}/progress",
        "invite": f"{BASE}/judges",
        "revoke": f"{BASE}/judges/invitations/{world.invitation.id}/revoke",
        "deactivate": f"{BASE}/judges/{world.judges[0].id}/active",
        "run": f"{round_}/assignment/run",
        "add": f"{round_}/assignment/add",
        "remove": f"{round_}/assignment/{assignment.id}/remove",
        "replace": f"{round_}/assignment/judges/{world.judges[0].id}/replace",
        "remind": f"{round_}/progress/remind",
    }


def assignments_of(world) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.round_id == world.round.id)
                                   .order_by(Assignment.id)))


def people(world) -> dict:
    other_organiser = make_user(locale="en")
    other_edition = make_edition(slug="can-tho")
    db.session.add(RoleGrant(user=other_organiser, role=str(Role.ORGANISER), edition_id=other_edition.id))
    db.session.commit()
    return {
        "anonymous": None,
        "team member": world.entries[0].organisation.owner,
        "judge": world.judges[0].user,
        "organiser of another edition": other_organiser,
        "organiser of this edition": world.organiser,
        "platform-wide organiser": make_user(locale="en", roles=(Role.ORGANISER,)),
        "platform administrator": make_user(locale="en", roles=(Role.ADMIN,)),
    }


ROLES = {
    "anonymous": 302,
    "team member": 403,
    "judge": 403,
    "organiser of another edition": 403,
    "organiser of this edition": 200,
    "platform-wide organiser": 200,
    "platform administrator": 200,
}


def snapshot() -> tuple:
    counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                   for model in (Assignment, Judge, JudgeInvitation, OutboxMessage, Score))
    return counts + tuple(db.session.execute(select(Judge.active).order_by(Judge.id)).scalars()) + tuple(
        db.session.execute(select(JudgeInvitation.revoked_at).order_by(JudgeInvitation.id)).scalars())


# Permission truth table ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", ["index", "judges", "assignment", "progress"])
def test_organiser_pages_truth_table(client, login, world, role, page):
    person = people(world)[role]
    if person is not None:
        login(person)
    url = paths(world)[page]

    response = client.get(url)

    assert response.status_code == ROLES[role]
    if role == "anonymous":
        assert response.location == login_redirect(url)


@pytest.mark.parametrize("role", ["anonymous", "team member", "judge", "organiser of another edition"])
@pytest.mark.parametrize("action", ["invite", "revoke", "deactivate", "run", "add", "remove", "replace", "remind"])
def test_organiser_actions_are_refused_to_outsiders_and_change_nothing(client, login, world, role, action):
    person = people(world)[role]
    url = paths(world)[action]
    if person is not None:
        login(person)
    before = snapshot()

    response = client.post(url, data={"email": "x@vjoin.jp", "entry_id": world.entries[0].id,
                                      "judge_id": world.judges[0].id, "confirm": "y", "active": "0"})

    assert response.status_code == ROLES[role]
    assert snapshot() == before


def test_a_competition_or_round_of_another_edition_is_404(client, login, world):
    other = make_competition(make_edition(slug="can-tho"), slug="villages")
    other_round = make_round(other)
    login(world.organiser)

    assert client.get("/manage/e/hai-phong/competitions/villages/judges").status_code == 404
    assert client.get(f"{BASE}/rounds/{other_round.id}/assignment").status_code == 404
    assert client.get(f"{BASE}/rounds/{other_round.id}/progress").status_code == 404


def test_the_edition_dashboard_links_to_judging(client, login, world):
    login(world.organiser)

    body = client.get("/manage/e/hai-phong/").get_data(as_text=True)
    index = page_text(client.get("/manage/e/hai-phong/judging"))

    assert 'href="/manage/e/hai-phong/judging"' in body
    assert f'href="{BASE}/judges"' in index and f'href="{BASE}/rounds/{world.round.id}/assignment"' in index


# The jury -------------------------------------------------------------------------------------

def test_judges_page_lists_load_organisation_expertise_and_conflicts(client, login, world):
    judge = world.judges[0]
    village = make_village(world.edition, name_en="Agritech village")
    services.update_judge_profile(judge, organisation_name="Hanbit Ventures", title="Partner",
                                  sectors=["fintech"], village_ids=[village.id])
    services.declare_conflict(judge, world.entries[2].organisation)
    for assignment in assignments_of(world):
        if assignment.judge_id == judge.id:
            assignment.status = "submitted"
    db.session.commit()
    login(world.organiser)

    response = client.get(f"{BASE}/judges")

    row = re.search(rf'<tr data-judge="{judge.user.email}">(.*?)</tr>', page_text(response), re.S).group(1)
    load = sum(1 for a in assignments_of(world) if a.judge_id == judge.id)
    assert "Hanbit Ventures" in row and "Partner" in row
    assert "Finance (fintech)" in row and "Agritech village" in row
    assert re.search(r'data-field="conflicts">Startup 3</td>', row)
    assert f"{load} of {load} submitted" in row
    assert 'data-invitation="new@vjoin.jp"' in page_text(response)


def test_inviting_a_judge(client, login, world):
    login(world.organiser)

    response = client.post(f"{BASE}/judges", data={"email": "tanaka@vjoin.jp", "name": "Tanaka Yuki"})

    assert (response.status_code, response.location) == (302, f"{BASE}/judges")
    assert db.session.scalar(select(OutboxMessage.recipient_email).order_by(OutboxMessage.id.desc())) == \
        "tanaka@vjoin.jp"


def test_inviting_with_a_bad_email_is_422_next_to_the_field(client, login, world):
    login(world.organiser)

    response = client.post(f"{BASE}/judges", data={"email": "not an email", "name": "Tanaka Yuki"})

    assert response.status_code == 422
    assert field_error(response, "email") == "Enter a valid email address."
    assert input_value(response, "name") == "Tanaka Yuki"


def test_inviting_a_current_judge_is_409_next_to_the_field_with_the_input_kept(client, login, world):
    login(world.organiser)
    email = world.judges[1].user.email

    response = client.post(f"{BASE}/judges", data={"email": email, "name": "Again"})

    assert response.status_code == 409
    assert field_error(response, "email") == f"{email} already judges this competition."
    assert input_value(response, "email") == email


def test_withdrawing_an_invitation(client, login, world):
    login(world.organiser)

    response = client.post(f"{BASE}/judges/invitations/{world.invitation.id}/revoke")

    assert response.status_code == 302
    assert world.invitation.revoked_at is not None


def test_deactivating_and_reactivating_a_judge(client, login, world):
    judge = world.judges[0]
    login(world.organiser)

    client.post(f"{BASE}/judges/{judge.id}/active", data={"active": "0"})
    inactive = judge.active
    client.post(f"{BASE}/judges/{judge.id}/active", data={"active": "1"})

    assert (inactive, judge.active) == (False, True)


# Assignment ---------------------------------------------------------------------------------

def test_assignment_page_shows_loads_entries_per_judge_and_connectivity(client, login, world):
    login(world.organiser)

    text = page_text(client.get(f"{BASE}/rounds/{world.round.id}/assignment"))

    loads = [int(n) for n in re.findall(r'<td class="text-end" data-field="load">(\d+)</td>', text)]
    assert sorted(loads) == [2, 2, 2]
    assert '<span class="badge text-bg-success">Connected</span>' in text
    assert "Every entry has 2 judges." in text
    for judge in world.judges:
        row = re.search(rf'<tr data-judge="{judge.id}">(.*?)</tr>', text, re.S).group(1)
        mine = sorted(e.project_name for e in world.entries if (judge.id, e.id) in pairs(world.round))
        assert ", ".join(mine) in row


def test_running_the_assignment_from_the_page(client, login):
    world = build_world(entries=4, judges=4, k=3)
    login(world.organiser)

    response = client.post(f"{BASE}/rounds/{world.round.id}/assignment/run")

    assert (response.status_code, response.location) == (302, f"{BASE}/rounds/{world.round.id}/assignment")
    assert len(pairs(world.round)) == 12


def test_an_impossible_assignment_is_a_clear_409_listing_the_entries(client, login):
    world = build_world(entries=3, judges=2, k=2)
    for entry in world.entries[1:]:
        db.session.add(DeclaredConflict(judge=world.judges[0], organisation=entry.organisation))
    db.session.commit()
    login(world.organiser)

    response = client.post(f"{BASE}/rounds/{world.round.id}/assignment/run")

    text = page_text(response)
    assert response.status_code == 409
    assert form_error(response) == ("Not enough judges without a conflict of interest (2 needed) for: Project 2, "
                                    "Project 3. Invite more judges or lower the number of judges per entry.")
    assert re.findall(r"<li>(Project \d)</li>", re.search(
        r'data-field="entries-lacking-judges">(.*?)</ul>', text, re.S).group(1)) == ["Project 2", "Project 3"]
    assert pairs(world.round) == set()


def test_undeclared_conflicts_are_flagged_on_the_page(client, login):
    world = build_world(entries=0, judges=0, k=1)
    colleague = add_judge(world, 1, user=judge_user(1, email="minh@fpt.com.vn", name="Trần Minh"))
    add_judge(world, 2)
    entry = add_entry(world, 1, name="FPT Startup", members=(make_user(email="cto@fpt.com.vn"),))
    login(world.organiser)

    text = page_text(client.get(f"{BASE}/rounds/{world.round.id}/assignment"))

    flag = re.search(rf'<li data-flag="{colleague.id}-{entry.id}">(.*?)</li>', text, re.S).group(1)
    assert " ".join(flag.split()) == ("Trần Minh and the team of Project 1 (FPT Startup) share the email domain "
                                      "fpt.com.vn.")


def test_adding_a_judge_by_hand_and_refusing_a_conflicted_one(client, login, world):
    extra = add_judge(world, 4, organisation_name="Startup 1")
    login(world.organiser)
    url = f"{BASE}/rounds/{world.round.id}/assignment/add"

    refused = client.post(url, data={"entry_id": world.entries[0].id, "judge_id": extra.id})
    added = client.post(url, data={"entry_id": world.entries[1].id, "judge_id": extra.id})

    assert refused.status_code == 409
    assert form_error(refused) == "Judge 4 cannot judge Project 1: works for this organisation."
    assert added.status_code == 302
    assert (extra.id, world.entries[1].id) in pairs(world.round)
    assert (extra.id, world.entries[0].id) not in pairs(world.round)


def test_removing_a_judge_who_scored_needs_the_confirmation_box(client, login, world):
    assignment = assignments_of(world)[0]
    services.save_score_sheet(assignment, points={world.round.criteria[0].id: 8}, comment_for_team=None,
                              private_note=None, submit=False, by=assignment.judge.user)
    login(world.organiser)
    url = f"{BASE}/rounds/{world.round.id}/assignment/{assignment.id}/remove"

    refused = client.post(url)
    removed = client.post(url, data={"confirm": "y"})

    assert refused.status_code == 409
    assert "has already scored Project" in form_error(refused)
    assert removed.status_code == 302
    assert assignment.id not in {a.id for a in assignments_of(world)}


def test_a_judge_drops_out_and_their_unscored_entries_move(client, login, world):
    dropped = world.judges[0]
    theirs = [a for a in assignments_of(world) if a.judge_id == dropped.id]
    scored_one = theirs[0]
    scored_one.status = "submitted"
    db.session.commit()
    login(world.organiser)

    response = client.post(f"{BASE}/rounds/{world.round.id}/assignment/judges/{dropped.id}/replace")

    assert response.status_code == 302
    assert dropped.active is False
    assert {entry for judge, entry in pairs(world.round) if judge == dropped.id} == {scored_one.entry_id}
    assert ("info", f"{dropped.user.name} has dropped out; {len(theirs) - 1} entry was given to another judge.") in \
        flashes(client.get(response.location))


# Progress ---------------------------------------------------------------------------------------

def test_progress_per_judge_and_per_entry(client, login, world):
    first, second = assignments_of(world)[:2]
    first.status = "submitted"
    services.save_score_sheet(second, points={world.round.criteria[0].id: 7}, comment_for_team=None,
                              private_note=None, submit=False, by=second.judge.user)
    login(world.organiser)

    text = page_text(client.get(f"{BASE}/rounds/{world.round.id}/progress"))

    assert "1 of 6 score sheets submitted." in text
    first_row = re.search(rf'<tr data-judge="{first.judge_id}"[^>]*>(.*?)</tr>', text, re.S).group(1)
    assert re.findall(r'data-field="(\w+)">(\d+)<', first_row)[:2] == [("assigned", "2"), ("submitted", "1")]
    second_row = re.search(rf'<tr data-judge="{second.judge_id}"[^>]*>(.*?)</tr>', text, re.S).group(1)
    assert ("drafts", "1") in re.findall(r'data-field="(\w+)">(\d+)<', second_row)
    entry_row = re.search(rf'<tr data-entry="{first.entry_id}"[^>]*>(.*?)</tr>', text, re.S).group(1)
    assert 'data-field="done">1/2<' in entry_row
    assert "Remind 3 late judges by email" in text


def test_remind_late_judges_from_the_progress_page(client, login, world):
    login(world.organiser)

    response = client.post(f"{BASE}/rounds/{world.round.id}/progress/remind")

    assert response.status_code == 302
    assert sorted(db.session.scalars(select(OutboxMessage.recipient_email).where(
        OutboxMessage.kind == "judging.reminder"))) == sorted(j.user.email for j in world.judges)
    assert ("success", "Reminders were sent to 3 judges.") in flashes(client.get(response.location))


def test_reminding_after_judging_closed_is_409(client, login, world, frozen_time):
    frozen_time(JUDGING_CLOSES)
    login(world.organiser)

    response = client.post(f"{BASE}/rounds/{world.round.id}/progress/remind")

    assert response.status_code == 409
    assert form_error(response) == "Judging of this round has closed: there is nobody to remind."
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "judging.reminder")) == 0


# Queries ------------------------------------------------------------------------------------------

def _queries(client, count_queries, path) -> int:
    db.session.expunge_all()
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter["n"]


def _grow(world, *, entries: int, judges: int) -> None:
    """More entries (each with a member) and judges (each with a declared conflict), then a new assignment."""
    for number in range(100, 100 + entries):
        add_entry(world, number, members=(make_user(),))
    for number in range(100, 100 + judges):
        judge = add_judge(world, number)
        services.declare_conflict(judge, world.entries[number - 100].organisation)
    services.assign_judges(world.round)


@pytest.mark.parametrize("page", ["judges", "assignment", "progress"])
def test_organiser_pages_run_the_same_queries_for_small_and_large_rounds(client, login, count_queries, page):
    def path(world, slug):
        competition = f"/manage/e/{slug}/competitions/talents"
        return {"judges": f"{competition}/judges", "assignment": f"{competition}/rounds/{world.round.id}/assignment",
                "progress": f"{competition}/rounds/{world.round.id}/progress"}[page]

    world = build_world(entries=0, judges=0, k=2)
    _grow(world, entries=3, judges=3)
    login(world.organiser)
    small = _queries(client, count_queries, path(world, "hai-phong"))

    world = build_world(entries=0, judges=0, k=2, slug="hue")
    _grow(world, entries=40, judges=12)
    login(world.organiser)
    large = _queries(client, count_queries, path(world, "hue"))

    assert small == large == {"judges": 10, "assignment": 14, "progress": 10}[page]
