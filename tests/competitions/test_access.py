"""Who may open each page and press each button: the permission truth tables."""
import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.competitions import services
from app.competitions.models import Competition, Criterion, Entry, Round, RoundEntry, Track
from app.competitions.permissions import (can_edit_entry, can_enter, can_manage_competition, can_read_entry_files,
                                          can_view_entry)
from app.extensions import db
from tests.competitions.helpers import PDF, build_world, png_bytes, reload, upload
from tests.events.manage_helpers import login_redirect
from tests.factories import make_organisation

ROLES = ["anonymous", "other team's member", "own team member", "assigned judge", "unassigned judge",
         "organiser of the edition", "organiser of another edition", "admin"]


@pytest.fixture
def world():
    """The entry has a deck, an image and an updated deck for the final it advanced to."""
    world = build_world()
    services.update_entry(world.entry, deck=upload(PDF), images=[upload(png_bytes(), "a.png", "image/png")])
    entry = reload(world.entry)
    entry.participations.append(RoundEntry(round_id=world.final.id, updated_deck_path=entry.deck_path))
    db.session.commit()
    world.ids = dict(entry=entry.id, image=entry.images[0].id, final=world.final.id, round=world.screening.id,
                     criterion=world.screening.criteria[0].id, track=world.tracks[0].id)
    return world


def as_(login, world, role):
    if world.people[role] is not None:
        login(world.people[role])


# --- the permission functions ---------------------------------------------------------------------

# role -> (can_view_entry, can_edit_entry, can_read_entry_files, can_manage_competition)
PREDICATES = {
    "anonymous": (False, False, False, False),
    "other team's member": (False, False, False, False),
    "own team member": (True, True, True, False),
    "assigned judge": (False, False, True, False),
    "unassigned judge": (False, False, False, False),
    "organiser of the edition": (True, False, True, True),
    "organiser of another edition": (False, False, False, False),
    "admin": (True, False, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_entry_permissions_truth_table(world, role):
    user = world.people[role] or AnonymousUserMixin()
    entry = db.session.get(Entry, world.entry.id)

    assert (can_view_entry(user, entry), can_edit_entry(user, entry), can_read_entry_files(user, entry),
            can_manage_competition(user, world.competition)) == PREDICATES[role]


def test_a_judge_who_dropped_out_no_longer_reads_the_files(world):
    world.judge.active = False
    db.session.commit()

    assert can_read_entry_files(world.people["assigned judge"], db.session.get(Entry, world.entry.id)) is False


def test_only_startup_members_may_enter_their_team(world):
    university = make_organisation(world.owner, kind="university")

    assert (can_enter(world.owner, world.team), can_enter(world.owner, university),
            can_enter(world.owner, world.other_team), can_enter(AnonymousUserMixin(), world.team)) == (
        True, False, False, False)


# --- team-facing pages -----------------------------------------------------------------------------

TEAM_PAGES = {
    # url: statuses for ROLES in order
    "/e/hai-phong/competitions/": (200, 200, 200, 200, 200, 200, 200, 200),
    "/e/hai-phong/competitions/talent/": (200, 200, 200, 200, 200, 200, 200, 200),
    "/e/hai-phong/competitions/talent/enter": (302, 200, 200, 200, 200, 200, 200, 200),
    "/me/entries": (302, 200, 200, 200, 200, 200, 200, 200),
    "/entries/{entry}": (302, 403, 200, 403, 403, 200, 403, 200),
    "/entries/{entry}/edit": (302, 403, 200, 403, 403, 403, 403, 403),
    "/entries/{entry}/rounds/{final}/material": (302, 403, 200, 403, 403, 403, 403, 403),
    "/entries/{entry}/deck": (302, 403, 200, 200, 403, 200, 403, 200),
    "/entries/{entry}/rounds/{final}/deck": (302, 403, 200, 200, 403, 200, 403, 200),
    "/entries/{entry}/images/{image}": (302, 403, 200, 200, 403, 200, 403, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_team_pages_truth_table(client, login, world, role):
    as_(login, world, role)
    urls = {page: page.format(**world.ids) for page in TEAM_PAGES}

    responses = {page: client.get(url) for page, url in urls.items()}

    assert {page: r.status_code for page, r in responses.items()} == {
        page: expected[ROLES.index(role)] for page, expected in TEAM_PAGES.items()}
    assert [r.location for r in responses.values() if r.status_code == 302] == [
        login_redirect(url) for page, url in urls.items() if responses[page].status_code == 302]


TEAM_ACTIONS = ["/entries/{entry}/submit", "/entries/{entry}/withdraw", "/entries/{entry}/images/{image}/delete",
                "/entries/{entry}/edit", "/entries/{entry}/rounds/{final}/material"]


def snapshot(world) -> tuple:
    db.session.expire_all()
    entry = db.session.get(Entry, world.entry.id)
    return (entry.status, entry.project_name, entry.deck_path, len(entry.images),
            [p.updated_deck_path for p in entry.participations])


@pytest.mark.parametrize("role", [r for r in ROLES if r != "own team member"])
def test_team_actions_are_refused_to_everyone_else_and_change_nothing(client, login, world, role):
    as_(login, world, role)
    before = snapshot(world)

    answers = {action: client.post(action.format(**world.ids), data={"project_name": "Hijacked", "save_draft": "1"})
               .status_code for action in TEAM_ACTIONS}

    assert answers == {action: 302 if role == "anonymous" else 403 for action in TEAM_ACTIONS}
    assert snapshot(world) == before


# --- organiser pages -------------------------------------------------------------------------------

BASE = "/manage/e/hai-phong/competitions"
MANAGE_PAGES = [
    f"{BASE}/", f"{BASE}/new", f"{BASE}/talent/", f"{BASE}/talent/edit", f"{BASE}/talent/tracks/new",
    f"{BASE}/talent/tracks/{{track}}/edit", f"{BASE}/talent/rounds/new", f"{BASE}/talent/rounds/{{round}}/edit",
    f"{BASE}/talent/rounds/{{round}}/rubric", f"{BASE}/talent/rounds/{{round}}/criteria/new",
    f"{BASE}/talent/rounds/{{round}}/criteria/{{criterion}}/edit", f"{BASE}/talent/entries",
    f"{BASE}/talent/entries/{{entry}}",
]
MANAGE_STATUS = {"anonymous": 302, "organiser of the edition": 200, "admin": 200}


@pytest.mark.parametrize("role", ROLES)
def test_organiser_pages_truth_table(client, login, world, role):
    as_(login, world, role)

    answers = {page: client.get(page.format(**world.ids)) for page in MANAGE_PAGES}

    assert {page: r.status_code for page, r in answers.items()} == {
        page: MANAGE_STATUS.get(role, 403) for page in MANAGE_PAGES}
    if role == "anonymous":
        assert [r.location for r in answers.values()] == [login_redirect(p.format(**world.ids)) for p in MANAGE_PAGES]


MANAGE_ACTIONS = [
    (f"{BASE}/new", {"slug": "hijack", "name_vi": "Chiếm", "name_en": "Hijack"}),
    (f"{BASE}/talent/edit", {"slug": "talent", "name_vi": "Chiếm", "name_en": "Hijack"}),
    (f"{BASE}/talent/tracks/new", {"name_vi": "Chiếm", "name_en": "Hijack"}),
    (f"{BASE}/talent/tracks/{{track}}/delete", {}),
    (f"{BASE}/talent/rounds/new", {"kind": "final", "name_vi": "Chiếm", "name_en": "Hijack", "judges_per_entry": "3",
                                   "ranking_method": "raw"}),
    (f"{BASE}/talent/rounds/{{round}}/move", {"direction": "down"}),
    (f"{BASE}/talent/rounds/{{round}}/delete", {}),
    (f"{BASE}/talent/rounds/{{round}}/criteria/new", {"name_vi": "A", "name_en": "A", "max_points": "10",
                                                     "weight": "5"}),
    (f"{BASE}/talent/rounds/{{round}}/criteria/{{criterion}}/delete", {}),
    (f"{BASE}/talent/rounds/{{round}}/rubric/default", {}),
    (f"{BASE}/talent/rounds/{{round}}/open-judging", {}),
    (f"{BASE}/talent/entries/{{entry}}/screening", {"decision": "ineligible", "reason": "No"}),
    (f"{BASE}/talent/entries/{{entry}}/deadline", {"round_id": "{round}", "until": "2026-12-20T10:00"}),
]


def setup_snapshot(world) -> tuple:
    db.session.expire_all()
    rows = lambda model: tuple(db.session.scalars(select(model.id).order_by(model.id)))  # noqa: E731
    rounds = tuple(db.session.execute(select(Round.id, Round.position, Round.judging_opens_at).order_by(Round.id)))
    entry = db.session.get(Entry, world.entry.id)
    return (rows(Competition), rows(Track), rounds, rows(Criterion), entry.eligibility,
            [p.deadline_override for p in entry.participations],
            db.session.get(Competition, world.competition.id).name_en)


@pytest.mark.parametrize("role", ["anonymous", "other team's member", "own team member", "assigned judge",
                                  "organiser of another edition"])
def test_organiser_actions_are_refused_to_outsiders_and_change_nothing(client, login, world, role):
    as_(login, world, role)
    before = setup_snapshot(world)

    answers = {action: client.post(action.format(**world.ids),
                                   data={k: v.format(**world.ids) for k, v in data.items()}).status_code
               for action, data in MANAGE_ACTIONS}

    assert answers == {action: 302 if role == "anonymous" else 403 for action, _ in MANAGE_ACTIONS}
    assert setup_snapshot(world) == before
