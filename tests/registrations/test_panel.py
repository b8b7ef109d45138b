"""The registration panel that the session page includes: what it knows and what it shows."""
from datetime import timedelta

import pytest
from flask import render_template
from flask_babel import force_locale
from flask_login import AnonymousUserMixin, login_user

from app.extensions import db
from app.registrations.queries import session_panel, waitlist_positions
from tests.factories import make_edition, make_organisation, make_registration, make_session, make_user
from tests.registrations.helpers import english


def person(**fields):
    return make_user(locale="en", **fields)


def render_panel(app, session, user=None):
    """The partial as the session page renders it, for ``user`` (anonymous if None)."""
    with app.test_request_context(), force_locale("en"):
        if user is not None:
            login_user(user)
        viewer = user or AnonymousUserMixin()
        html = render_template("registrations/_session_panel.html", session=session,
                               panel=session_panel(session, viewer))
    return " ".join(html.split())


# --- the data ---------------------------------------------------------------------------------

def test_panel_of_a_confirmed_participant():
    registration = make_registration(make_session(online_url="https://meet.example.vn/x"))

    panel = session_panel(registration.session, registration.user)

    assert (panel["registration"].id, panel["position"], panel["refusal"], panel["can_see_online_link"]) == (
        registration.id, None, None, True)


def test_panel_of_a_waitlisted_participant_has_the_position(clock):
    session = make_session(capacity=1, online_url="https://meet.example.vn/x")
    make_registration(session)
    make_registration(session, status="waitlisted", queued_at=clock.start)
    mine = make_registration(session, status="waitlisted", queued_at=clock.start + timedelta(minutes=1))

    panel = session_panel(session, mine.user)

    assert (panel["position"], panel["full"], panel["can_see_online_link"]) == (2, True, False)


def test_panel_ignores_a_cancelled_registration():
    registration = make_registration(status="cancelled")

    assert session_panel(registration.session, registration.user)["registration"] is None


def test_panel_shows_organisers_the_online_link():
    organiser = person()
    session = make_session(make_edition(organisers=(organiser,)), online_url="https://meet.example.vn/x")

    assert session_panel(session, organiser)["can_see_online_link"] is True
    assert session_panel(session, person())["can_see_online_link"] is False
    assert session_panel(session, AnonymousUserMixin())["can_see_online_link"] is False


def test_panel_of_an_open_online_session_shows_everyone_the_link():
    session = make_session(requires_registration=False, online_url="https://meet.example.vn/x")

    panel = session_panel(session, AnonymousUserMixin())

    assert panel["can_see_online_link"] is True
    assert english(Exception(panel["refusal"])) == "This session is open to everyone without registration."


def test_panel_lists_startup_teams_for_team_sessions():
    founder = person()
    startup = make_organisation(founder, name="Nông Sản Xanh")
    make_organisation(founder, kind="university")
    session = make_session(registers_teams=True, seats_per_team=3)

    assert [team.id for team in session_panel(session, founder)["teams"]] == [startup.id]
    assert session_panel(make_session(), founder)["teams"] == []


def test_waitlist_positions_follow_the_queue_per_session(clock):
    first, second = make_session(capacity=0), make_session(capacity=0)
    a = make_registration(first, status="waitlisted", queued_at=clock.start + timedelta(minutes=2))
    b = make_registration(first, status="waitlisted", queued_at=clock.start)
    c = make_registration(second, status="waitlisted", queued_at=clock.start + timedelta(minutes=5))
    make_registration(first, status="cancelled", queued_at=clock.start - timedelta(minutes=5))

    assert waitlist_positions([a.id, b.id, c.id]) == {a.id: 2, b.id: 1, c.id: 1}
    assert waitlist_positions([]) == {}


# --- what it shows ----------------------------------------------------------------------------

def test_panel_asks_anonymous_visitors_to_sign_in(app):
    session = make_session()

    html = render_panel(app, session)

    assert f'href="/account/login?next=/e/{session.edition.slug}/sessions/{session.id}"' in html
    assert "Sign in to register" in html
    assert f'href="/e/{session.edition.slug}/sessions/{session.id}.ics"' in html


def test_panel_has_a_register_button(app):
    session = make_session()

    html = render_panel(app, session, person())

    assert f'action="/e/{session.edition.slug}/sessions/{session.id}/register"' in html
    assert 'name="csrf_token"' in html
    assert ">Register</button>" in html


def test_panel_offers_the_waitlist_when_full(app):
    session = make_session(capacity=1)
    make_registration(session)

    assert ">Join the waitlist</button>" in render_panel(app, session, person())


def test_panel_of_a_confirmed_participant_shows_ticket_and_cancel(app):
    registration = make_registration(check_in_code="7K3QX9MB")

    html = render_panel(app, registration.session, registration.user)

    assert "Your seat is confirmed." in html
    assert '<strong class="font-monospace">7K3Q-X9MB</strong>' in html
    assert 'href="/r/7K3QX9MB"' in html
    assert f'action="/registrations/{registration.id}/cancel"' in html
    assert ">Cancel my registration</button>" in html


def test_panel_of_a_waitlisted_participant(app):
    session = make_session(capacity=0)
    registration = make_registration(session, status="waitlisted")

    html = render_panel(app, session, registration.user)

    assert "You are number 1 on the waitlist. We will email you if a seat frees up." in html
    assert ">Leave the waitlist</button>" in html
    assert "/r/" not in html


def test_panel_says_why_registration_is_not_possible(app, clock):
    session = make_session(registration_opens_at=clock.start + timedelta(days=2))

    html = render_panel(app, session, person())

    assert '<p class="mb-0" id="registration-refusal">Registration has not opened yet.</p>' in html
    assert "/register" not in html


def test_panel_for_a_team_session(app):
    founder = person()
    team = make_organisation(founder, name="Nông Sản Xanh")
    session = make_session(registers_teams=True, seats_per_team=3)

    html = render_panel(app, session, founder)

    assert f'<option value="{team.id}">Nông Sản Xanh</option>' in html
    assert 'name="seats" min="1" max="3"' in html
    assert "This session registers whole startup teams" in render_panel(app, session, person())


def test_panel_tells_a_teammate_the_team_is_registered(app):
    founder, cofounder = person(name="Phạm Minh Anh"), person()
    team = make_organisation(founder, name="Nông Sản Xanh", members=(cofounder,))
    session = make_session(registers_teams=True, seats_per_team=3)
    make_registration(session, founder, organisation=team, seats=2)

    html = render_panel(app, session, cofounder)

    assert "Nông Sản Xanh is registered for this session by Phạm Minh Anh (Confirmed)." in html


@pytest.mark.usefixtures("fresh_request_globals")
def test_session_page_includes_the_panel(client, login):
    """Integration with the session page of the events domain."""
    registration = make_registration(make_session(), person(), check_in_code="7K3QX9MB")
    login(registration.user)
    db.session.commit()

    response = client.get(f"/e/{registration.session.edition.slug}/sessions/{registration.session.id}")

    assert response.status_code == 200
    assert 'id="registration-status"' in response.get_data(as_text=True)
    assert 'href="/r/7K3QX9MB"' in response.get_data(as_text=True)
