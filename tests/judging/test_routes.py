"""Judges' pages: the dashboard, invitations (also for people without an account), profile and conflicts."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.judging import services
from app.judging.models import DeclaredConflict, Judge
from app.notifications.models import OutboxMessage
from tests.events.manage_helpers import login_redirect
from tests.factories import PASSWORD, make_user, make_village
from tests.judging.helpers import (
    add_entry, build_world, field_error, page_text, scored,
)

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def english(client):
    """An anonymous browser that chose English."""
    client.set_cookie("techfest_locale", "en")
    return client


def outbox_link(fragment: str) -> str:
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    link = next(word for word in message.body_text.split() if fragment in word)
    return link.replace("http://localhost", "")


# Dashboard -------------------------------------------------------------------------------------

def test_dashboard_lists_assignments_per_round_with_progress(client, login):
    world = build_world(entries=3, judges=1, k=1)
    judge = world.judges[0]
    scored(world, judge, world.entries[0], submitted=True)
    scored(world, judge, world.entries[1], points=(8, 7), submitted=False)
    services.add_judge_to_entry(world.round, judge=judge, entry=world.entries[2])
    login(judge.user)

    response = client.get("/judge/")

    text = page_text(response)
    assert response.status_code == 200
    assert "Scored 1 of 3 · submitted 1" in text
    assert re.findall(r'data-assignment="\d+">\s*<span>([^<]+)</span>', text) == ["Project 1", "Project 2", "Project 3"]
    assert "Draft: 2/6" in text and "To score" in text
    assert f'href="/judge/profiles/{judge.id}"' in text


def test_dashboard_of_someone_who_judges_nothing(client, login):
    login(make_user(locale="en"))

    response = client.get("/judge/")

    assert response.status_code == 200
    assert "You are not judging any competition." in page_text(response)


def test_dashboard_shows_only_the_judges_own_assignments_and_no_team_names(client, login):
    world = build_world(entries=2, judges=2, k=1)
    mine = services.add_judge_to_entry(world.round, judge=world.judges[0], entry=world.entries[0])
    services.add_judge_to_entry(world.round, judge=world.judges[1], entry=world.entries[1])
    login(world.judges[0].user)

    text = page_text(client.get("/judge/"))

    assert f'href="/judge/assignments/{mine.id}"' in text
    assert "Project 2" not in text and "Startup 1" not in text


def test_dashboard_needs_sign_in(client):
    response = client.get("/judge/")

    assert (response.status_code, response.location) == (302, login_redirect("/judge/"))


def test_judges_get_a_menu_link_to_their_dashboard(client, login):
    world = build_world(judges=1)
    login(world.judges[0].user)

    assert '<a class="nav-link" href="/judge/">My judging</a>' in page_text(client.get("/"))


# Invitations ----------------------------------------------------------------------------------

@pytest.fixture
def token():
    world = build_world(judges=0)
    services.invite_judge(world.competition, email="tanaka@vjoin.jp", name="Tanaka Yuki", invited_by=world.organiser)
    return outbox_link("/judge/invitations/").rsplit("/", 1)[1]


def test_invitation_page_for_anonymous_offers_sign_up_and_sign_in(english, token):
    response = english.get(f"/judge/invitations/{token}")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Organiser invited tanaka@vjoin.jp to judge Startup talent search" in page_text(response)
    assert f'href="/account/signup?email=tanaka@vjoin.jp&amp;next=/judge/invitations/{token}"' in body
    assert f'href="/account/login?email=tanaka@vjoin.jp&amp;next=/judge/invitations/{token}"' in body
    assert f'action="/judge/invitations/{token}"' not in body


def test_someone_without_an_account_signs_up_confirms_and_accepts(english, token):
    signup = english.post(f"/account/signup?next=/judge/invitations/{token}", data={
        "name": "Tanaka Yuki", "email": "tanaka@vjoin.jp", "password": PASSWORD, "password_again": PASSWORD,
        "locale": "en"})
    confirmed = english.get(outbox_link("/account/confirm/"))
    signed_in = english.post(confirmed.location, data={"email": "tanaka@vjoin.jp", "password": PASSWORD})
    invitation_page = english.get(signed_in.location)
    accepted = english.post(f"/judge/invitations/{token}")

    user = db.session.scalar(select(User).where(User.email == "tanaka@vjoin.jp"))
    judge = db.session.scalar(select(Judge).where(Judge.user_id == user.id))
    assert signup.status_code == 200
    assert signed_in.location == f"/judge/invitations/{token}"
    assert "Accept as Tanaka Yuki" in page_text(invitation_page)
    assert (accepted.status_code, accepted.location) == (302, f"/judge/profiles/{judge.id}")
    assert Role.JUDGE in user.role_names


def test_invitation_page_warns_when_signed_in_with_another_address(client, login, token):
    login(make_user(email="someone.else@vjoin.jp", locale="en", name="Someone Else"))

    text = page_text(client.get(f"/judge/invitations/{token}"))

    assert ("This invitation was sent to tanaka@vjoin.jp; you are signed in as someone.else@vjoin.jp. Accept only if "
            "you want to judge with this account.") in text
    assert "Accept as Someone Else" in text


def test_accepting_needs_sign_in(client, token):
    response = client.post(f"/judge/invitations/{token}")

    assert (response.status_code, response.location) == (302, login_redirect(f"/judge/invitations/{token}"))
    assert db.session.scalars(select(Judge)).all() == []


def test_an_unknown_or_used_link_is_404(english, login, token):
    login(make_user(locale="en"))
    english.post(f"/judge/invitations/{token}")

    used = english.get(f"/judge/invitations/{token}")
    unknown = english.get("/judge/invitations/not-a-token")

    assert (used.status_code, unknown.status_code) == (404, 404)
    assert "This invitation has already been used." in page_text(used)
    assert "This invitation link is not valid." in page_text(unknown)


# Profile and conflicts -------------------------------------------------------------------------

@pytest.fixture
def judged():
    world = build_world(entries=0, judges=1)
    add_entry(world, 1, name="Nông Sản Việt")
    add_entry(world, 2, name="Fintech Hà Nội")
    add_entry(world, 3, name="Draft Startup", status="draft")
    return world


def test_profile_page_shows_the_form_and_the_organisations_of_the_competition(client, login, judged):
    judge = login(judged.judges[0].user) and judged.judges[0]

    response = client.get(f"/judge/profiles/{judge.id}")

    text = page_text(response)
    assert response.status_code == 200
    assert re.findall(r'data-organisation="\d+">', text) and "Fintech Hà Nội" in text and "Nông Sản Việt" in text
    assert "Draft Startup" not in text


def test_profile_search_ignores_diacritics(client, login, judged):
    judge = judged.judges[0]
    login(judge.user)

    text = page_text(client.get(f"/judge/profiles/{judge.id}?q=NONG+SAN"))

    assert "Nông Sản Việt" in text and "Fintech Hà Nội" not in text


def test_saving_the_profile(client, login, judged):
    judge = judged.judges[0]
    village = make_village(judged.edition, name_en="Agritech village")
    login(judge.user)

    response = client.post(f"/judge/profiles/{judge.id}", data={
        "organisation_name": "Hanbit Ventures", "title": "Partner", "sectors": ["agritech", "fintech"],
        "village_ids": [str(village.id)]})

    assert (response.status_code, response.location) == (302, f"/judge/profiles/{judge.id}")
    assert (judge.organisation_name, judge.expertise_sectors, judge.village_ids) == (
        "Hanbit Ventures", "agritech,fintech", {village.id})
    page = page_text(client.get(f"/judge/profiles/{judge.id}"))
    checked = re.findall(r'<input checked class="form-check-input" id="(\w+)-\d+" name="\w+" type="checkbox" '
                         r'value="(\w+)">', page)
    assert checked == [("sectors", "agritech"), ("sectors", "fintech"), ("village_ids", str(village.id))]


def test_profile_refuses_unknown_sectors_next_to_the_field_and_keeps_the_input(client, login, judged):
    judge = judged.judges[0]
    login(judge.user)

    response = client.post(f"/judge/profiles/{judge.id}", data={
        "organisation_name": "Hanbit Ventures", "sectors": ["space-mining"]})

    assert response.status_code == 422
    assert field_error(response, "sectors") == "'space-mining' is not a valid choice for this field."
    assert 'value="Hanbit Ventures"' in response.get_data(as_text=True)
    assert judge.organisation_name is None


def test_declaring_and_withdrawing_a_conflict(client, login, judged):
    judge = judged.judges[0]
    organisation = judged.entries[0].organisation
    login(judge.user)

    declared = client.post(f"/judge/profiles/{judge.id}/conflicts",
                           data={"organisation_id": str(organisation.id), "reason": "I mentor them"})
    conflict = db.session.scalar(select(DeclaredConflict))
    page = page_text(client.get(f"/judge/profiles/{judge.id}"))
    withdrawn = client.post(f"/judge/profiles/{judge.id}/conflicts/{conflict.id}/withdraw")

    assert (declared.status_code, declared.location) == (302, f"/judge/profiles/{judge.id}#conflicts")
    assert f'data-conflict="{organisation.id}"' in page and "I mentor them" in page
    assert withdrawn.status_code == 302
    assert db.session.scalars(select(DeclaredConflict)).all() == []


def test_declaring_a_conflict_twice_is_409_with_the_reason(client, login, judged):
    judge = judged.judges[0]
    organisation = judged.entries[0].organisation
    login(judge.user)
    client.post(f"/judge/profiles/{judge.id}/conflicts", data={"organisation_id": str(organisation.id)})

    response = client.post(f"/judge/profiles/{judge.id}/conflicts", data={"organisation_id": str(organisation.id)})

    assert response.status_code == 409
    assert "You have already declared a conflict with Nông Sản Việt." in page_text(response)


def test_declaring_a_conflict_with_an_organisation_outside_the_competition_is_refused(client, login, judged):
    judge = judged.judges[0]
    login(judge.user)
    draft_only = judged.competition.entries[2].organisation

    response = client.post(f"/judge/profiles/{judge.id}/conflicts", data={"organisation_id": str(draft_only.id)})
    garbage = client.post(f"/judge/profiles/{judge.id}/conflicts", data={"organisation_id": "x"})

    assert (response.status_code, garbage.status_code) == (400, 400)
    assert "Choose an organisation that entered this competition." in page_text(response)
    assert db.session.scalars(select(DeclaredConflict)).all() == []


@pytest.mark.parametrize("who", ["anonymous", "another judge", "organiser", "team member"])
def test_only_the_judge_opens_and_changes_their_profile(client, login, judged, who):
    judge = judged.judges[0]
    other = build_world(entries=0, judges=1, slug="can-tho").judges[0]
    people = {"another judge": other.user, "organiser": judged.organiser,
              "team member": judged.entries[0].organisation.owner}
    if who != "anonymous":
        login(people[who])

    page = client.get(f"/judge/profiles/{judge.id}")
    change = client.post(f"/judge/profiles/{judge.id}", data={"organisation_name": "Hijacked"})
    conflict = client.post(f"/judge/profiles/{judge.id}/conflicts",
                           data={"organisation_id": str(judged.entries[0].organisation_id)})

    expected = 302 if who == "anonymous" else 403
    assert (page.status_code, change.status_code, conflict.status_code) == (expected, expected, expected)
    assert judge.organisation_name is None
    assert db.session.scalars(select(DeclaredConflict)).all() == []


def test_a_judge_who_dropped_out_cannot_change_their_profile(client, login, judged):
    judge = judged.judges[0]
    services.set_judge_active(judge, active=False)
    login(judge.user)

    assert client.get(f"/judge/profiles/{judge.id}").status_code == 403
