"""Registering, the waitlist, cancelling, checking in and reminders: one test per rule and refusal."""
from datetime import timedelta
from unittest import mock

import pytest

from app.accounts.models import Role
from app.core.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.registrations import services
from app.registrations.services import RegistrationClosed, UnknownCode
from tests.factories import make_edition, make_organisation, make_registration, make_session, make_user
from tests.registrations.helpers import english, outbox_rows, registration_count, seats_taken, statuses


# --- register ---------------------------------------------------------------------------------

def test_register_confirms_while_seats_are_free(clock):
    session, person = make_session(capacity=2), make_user()

    registration = services.register(session, person)

    assert (registration.status, registration.seats, registration.confirmed_at) == ("confirmed", 1, clock.start)
    assert len(registration.check_in_code) == 8
    assert seats_taken(session) == 1
    assert [m.kind for m in outbox_rows()] == ["registrations.confirmed"]


def test_register_waitlists_when_the_session_is_full():
    session = make_session(capacity=1)
    first, second = make_user(), make_user()

    services.register(session, first)
    registration = services.register(session, second)

    assert (registration.status, registration.confirmed_at) == ("waitlisted", None)
    assert seats_taken(session) == 1
    assert statuses(session) == [(first.id, "confirmed"), (second.id, "waitlisted")]
    assert [m.kind for m in outbox_rows()] == ["registrations.confirmed", "registrations.waitlisted"]


def test_register_without_capacity_confirms_everyone():
    session = make_session(capacity=None)

    results = [services.register(session, make_user()).status for _ in range(4)]

    assert results == ["confirmed"] * 4
    assert seats_taken(session) == 4


@pytest.mark.parametrize(("fields", "message"), [
    ({"registration_opens_at": "+1d"}, "Registration has not opened yet."),
    ({"registration_closes_at": "-1h"}, "Registration has closed."),
    ({"status": "cancelled"}, "This session has been cancelled."),
    ({"requires_registration": False}, "This session is open to everyone without registration."),
])
def test_register_refuses_outside_the_rules_of_the_session(clock, fields, message):
    shifts = {"+1d": timedelta(days=1), "-1h": -timedelta(hours=1)}
    fields = {name: clock.start + shifts[value] if value in shifts else value for name, value in fields.items()}
    session = make_session(**fields)

    with pytest.raises(RegistrationClosed) as refused:
        services.register(session, make_user())

    assert (english(refused.value), refused.value.status_code) == (message, 409)
    assert (registration_count(), outbox_rows()) == (0, [])


def test_register_opens_exactly_at_the_opening_time(clock):
    session = make_session(registration_opens_at=clock.start)

    assert services.register(session, make_user()).status == "confirmed"


def test_register_refuses_a_session_that_has_started(clock):
    session = make_session(starts_at=clock.start - timedelta(minutes=30))

    with pytest.raises(RegistrationClosed) as refused:
        services.register(session, make_user())

    assert english(refused.value) == "This session has already started."


def test_register_refuses_a_past_session(clock):
    session = make_session(starts_at=clock.start - timedelta(days=2))

    with pytest.raises(RegistrationClosed) as refused:
        services.register(session, make_user())

    assert english(refused.value) == "This session is over."


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_register_refuses_an_edition_that_is_not_open(status):
    session = make_session(make_edition(status=status))

    with pytest.raises(RegistrationClosed) as refused:
        services.register(session, make_user())

    assert english(refused.value) == "Registration is not open for this edition."
    assert registration_count() == 0


def test_register_twice_is_a_conflict():
    session, person = make_session(), make_user()
    services.register(session, person)

    with pytest.raises(Conflict) as refused:
        services.register(session, person)

    assert (english(refused.value), refused.value.status_code) == ("You are already registered for this session.", 409)
    assert (registration_count(), seats_taken(session)) == (1, 1)


def test_register_again_after_cancelling_reuses_the_registration_and_queues_anew(clock):
    session, person = make_session(capacity=1), make_user()
    first = services.register(session, person)
    code = first.check_in_code
    services.cancel(first)
    make_registration(session, status="confirmed")  # the freed seat went to someone else
    clock(clock.start + timedelta(hours=1))

    again = services.register(session, person)

    assert (again.id, again.check_in_code, again.status, again.queued_at, again.cancelled_at) == (
        first.id, code, "waitlisted", clock.start + timedelta(hours=1), None)
    assert registration_count() == 2


# --- teams ------------------------------------------------------------------------------------

@pytest.fixture
def team_session():
    return make_session(kind="training", capacity=10, registers_teams=True, seats_per_team=3)


def test_register_team_takes_the_chosen_seats(team_session):
    founder = make_user()
    team = make_organisation(founder, name="Nông Sản Xanh")

    registration = services.register(team_session, founder, organisation=team, seats=3)

    assert (registration.status, registration.seats, registration.organisation_id) == ("confirmed", 3, team.id)
    assert seats_taken(team_session) == 3


def test_register_team_waitlists_when_not_enough_seats_are_left(team_session):
    make_registration(team_session, seats=8)
    founder = make_user()

    registration = services.register(team_session, founder, organisation=make_organisation(founder), seats=3)

    assert registration.status == "waitlisted"
    assert seats_taken(team_session) == 8


@pytest.mark.parametrize("seats", [0, 4])
def test_register_team_refuses_seats_outside_the_limit(team_session, seats):
    founder = make_user()

    with pytest.raises(DomainError) as refused:
        services.register(team_session, founder, organisation=make_organisation(founder), seats=seats)

    assert (english(refused.value), refused.value.status_code) == ("A team may take between 1 and 3 seats.", 400)


def test_register_team_needs_a_team(team_session):
    with pytest.raises(DomainError) as refused:
        services.register(team_session, make_user())

    assert english(refused.value) == "This session registers whole startup teams: choose your team."


def test_register_team_refuses_an_organisation_that_is_not_a_startup(team_session):
    owner = make_user()

    with pytest.raises(DomainError) as refused:
        services.register(team_session, owner, organisation=make_organisation(owner, kind="university"), seats=1)

    assert english(refused.value) == "This session registers whole startup teams: choose your team."


def test_register_team_refuses_a_team_the_person_is_not_in(team_session):
    outsider = make_user()

    with pytest.raises(NotAllowed) as refused:
        services.register(team_session, outsider, organisation=make_organisation(), seats=1)

    assert (english(refused.value), refused.value.status_code) == ("You can only register a team you belong to.", 403)


def test_register_team_already_registered_by_a_teammate_is_a_conflict(team_session):
    founder, cofounder = make_user(), make_user()
    team = make_organisation(founder, name="Nông Sản Xanh", members=(cofounder,))
    services.register(team_session, founder, organisation=team, seats=2)

    with pytest.raises(Conflict) as refused:
        services.register(team_session, cofounder, organisation=team, seats=1)

    assert english(refused.value) == "Nông Sản Xanh is already registered for this session."
    assert (registration_count(), seats_taken(team_session)) == (1, 2)


def test_register_person_session_refuses_a_team():
    founder = make_user()

    with pytest.raises(DomainError) as refused:
        services.register(make_session(), founder, organisation=make_organisation(founder))

    assert english(refused.value) == "This session registers people, not teams."


# --- cancel and the waitlist ------------------------------------------------------------------

def test_cancel_confirmed_promotes_the_first_in_line_with_an_email(clock):
    session = make_session(capacity=1)
    leaving = make_registration(session)
    later = make_registration(session, status="waitlisted", queued_at=clock.start - timedelta(minutes=5))
    earlier = make_registration(session, status="waitlisted", queued_at=clock.start - timedelta(minutes=10))

    promoted = services.cancel(leaving)

    assert [r.id for r in promoted] == [earlier.id]
    assert statuses(session) == [(leaving.user_id, "cancelled"), (later.user_id, "waitlisted"),
                                 (earlier.user_id, "confirmed")]
    assert seats_taken(session) == 1
    [mail] = outbox_rows("registrations.promoted")
    assert mail.recipient_email == earlier.user.email


def test_cancel_promotes_as_many_as_the_freed_seats_allow(clock):
    session = make_session(capacity=3)
    team_founder = make_user()
    leaving = make_registration(session, seats=3, organisation=make_organisation(team_founder), user=team_founder)
    waiting = [make_registration(session, status="waitlisted", queued_at=clock.start + timedelta(minutes=n))
               for n in range(4)]

    promoted = services.cancel(leaving)

    assert [r.id for r in promoted] == [w.id for w in waiting[:3]]
    assert seats_taken(session) == 3
    assert len(outbox_rows("registrations.promoted")) == 3


def test_cancel_keeps_a_big_team_first_in_line(clock):
    session = make_session(capacity=4, registers_teams=True, seats_per_team=3)
    leaving = make_registration(session, seats=2)
    make_registration(session, seats=2)
    big_team = make_registration(session, status="waitlisted", seats=3, queued_at=clock.start)
    small = make_registration(session, status="waitlisted", seats=1, queued_at=clock.start + timedelta(minutes=1))

    promoted = services.cancel(leaving)

    assert promoted == []
    assert [s for _, s in statuses(session)] == ["cancelled", "confirmed", "waitlisted", "waitlisted"]
    assert seats_taken(session) == 2


def test_cancel_and_promotion_are_one_transaction():
    session = make_session(capacity=1)
    leaving = make_registration(session)
    waiting = make_registration(session, status="waitlisted")

    with mock.patch("app.registrations.notifications.notify_promoted", side_effect=RuntimeError("mail down")):
        with pytest.raises(RuntimeError):
            services.cancel(leaving)
    db.session.rollback()

    assert statuses(session) == [(leaving.user_id, "confirmed"), (waiting.user_id, "waitlisted")]
    assert (seats_taken(session), outbox_rows()) == (1, [])


def test_cancel_waitlisted_frees_no_seat():
    session = make_session(capacity=1)
    make_registration(session)
    leaving = make_registration(session, status="waitlisted")
    staying = make_registration(session, status="waitlisted")

    assert services.cancel(leaving) == []
    assert [s for _, s in statuses(session)] == ["confirmed", "cancelled", "waitlisted"]
    assert (seats_taken(session), outbox_rows()) == (1, [])
    assert staying.status == "waitlisted"


def test_cancel_twice_is_a_conflict():
    registration = make_registration()
    services.cancel(registration)

    with pytest.raises(Conflict) as refused:
        services.cancel(registration)

    assert english(refused.value) == "This registration is already cancelled."


def test_cancel_refused_once_the_session_has_started(clock):
    registration = make_registration(make_session(starts_at=clock.start - timedelta(minutes=1)))

    with pytest.raises(RegistrationClosed) as refused:
        services.cancel(registration)

    assert english(refused.value) == "This session has already started."
    assert registration.status == "confirmed"


def test_cancel_in_a_cancelled_session_promotes_nobody():
    session = make_session(capacity=1, status="cancelled")
    leaving = make_registration(session)
    make_registration(session, status="waitlisted")

    assert services.cancel(leaving) == []
    assert [s for _, s in statuses(session)] == ["cancelled", "waitlisted"]
    assert seats_taken(session) == 0


def test_promote_after_capacity_change_fills_new_seats(clock):
    session = make_session(capacity=1)
    make_registration(session)
    first = make_registration(session, status="waitlisted", queued_at=clock.start)
    make_registration(session, status="waitlisted", queued_at=clock.start + timedelta(minutes=1))
    session.capacity = 2
    db.session.commit()

    promoted = services.promote_after_capacity_change(session)

    assert [r.id for r in promoted] == [first.id]
    assert seats_taken(session) == 2


# --- check-in ---------------------------------------------------------------------------------

@pytest.fixture
def organiser():
    return make_user(roles=(Role.ORGANISER,))


def test_check_in_records_arrival_and_who_let_them_in(clock, organiser):
    registration = make_registration(check_in_code="7K3QX9MB")

    arrived = services.check_in(registration.session, "7k3q-x9mb", by=organiser)

    assert (arrived.id, arrived.checked_in_at, arrived.checked_in_by_id) == (registration.id, clock.start, organiser.id)


@pytest.mark.parametrize("typed", ["7K3QX9MB", " 7k3q x9mb ", "7K3Q-X9MB", "http://127.0.0.1:5000/r/7K3QX9MB",
                                   "https://techfest.vn/r/7K3QX9MB/"])
def test_check_in_accepts_what_people_type_or_scan(organiser, typed):
    registration = make_registration(check_in_code="7K3QX9MB")

    assert services.check_in(registration.session, typed, by=organiser).checked_in_at is not None


def test_check_in_refuses_an_unknown_code(organiser):
    session = make_session()

    with pytest.raises(UnknownCode) as refused:
        services.check_in(session, "zzzz-zzzz", by=organiser)

    assert (english(refused.value), refused.value.status_code) == ("No registration has the code ZZZZZZZZ.", 404)


def test_check_in_refuses_a_code_of_another_session(organiser):
    other = make_session(title_vi="Đêm gọi vốn", title_en="Pitching night")  # outside a request: Vietnamese
    registration = make_registration(other)

    with pytest.raises(Conflict) as refused:
        services.check_in(make_session(other.edition), registration.check_in_code, by=organiser)

    assert (english(refused.value), refused.value.status_code) == (
        "This code is for another session: Đêm gọi vốn.", 409)
    assert registration.checked_in_at is None


@pytest.mark.parametrize(("status", "label"), [("waitlisted", "On the waitlist"), ("cancelled", "Cancelled")])
def test_check_in_refuses_an_unconfirmed_registration(organiser, status, label):
    person = make_user(name="Lê Thị Hoa")
    registration = make_registration(user=person, status=status)

    with pytest.raises(Conflict) as refused:
        services.check_in(registration.session, registration.check_in_code, by=organiser)

    assert english(refused.value) == f"Lê Thị Hoa is not confirmed for this session ({label})."


def test_check_in_refuses_a_code_used_twice(clock, organiser):
    registration = make_registration(user=make_user(name="Lê Thị Hoa"), check_in_code="7K3QX9MB")
    services.check_in(registration.session, "7K3QX9MB", by=organiser)
    clock(clock.start + timedelta(minutes=20))

    with pytest.raises(Conflict) as refused:
        services.check_in(registration.session, "7K3QX9MB", by=organiser)

    assert english(refused.value) == "Code 7K3Q-X9MB was already used: Lê Thị Hoa arrived at 10:00."
    assert registration.checked_in_at == clock.start


# --- reminders --------------------------------------------------------------------------------

def test_send_due_reminders_reminds_confirmed_people_of_sessions_within_a_day(clock):
    soon = make_session(starts_at=clock.start + timedelta(hours=20))
    later = make_session(soon.edition, starts_at=clock.start + timedelta(hours=30))
    confirmed = make_registration(soon)
    make_registration(soon, status="waitlisted")
    make_registration(soon, status="cancelled")
    make_registration(later)
    make_registration(make_session(soon.edition, starts_at=clock.start + timedelta(hours=2), status="cancelled"))

    assert services.send_due_reminders() == 1

    [mail] = outbox_rows()
    assert (mail.kind, mail.recipient_email) == ("registrations.reminder", confirmed.user.email)
    assert confirmed.reminder_sent_at == clock.start


def test_send_due_reminders_never_sends_twice(clock):
    session = make_session(starts_at=clock.start + timedelta(hours=3))
    make_registration(session), make_registration(session)

    assert services.send_due_reminders() == 2
    clock(clock.start + timedelta(hours=1))
    assert services.send_due_reminders() == 0
    assert len(outbox_rows("registrations.reminder")) == 2


def test_send_due_reminders_skips_sessions_that_have_started(clock):
    make_registration(make_session(starts_at=clock.start - timedelta(minutes=1)))

    assert services.send_due_reminders() == 0


# --- calendar feed token ----------------------------------------------------------------------

def test_ensure_calendar_token_creates_it_once():
    person = make_user()

    token = services.ensure_calendar_token(person)

    assert len(token) >= 40
    assert services.ensure_calendar_token(person) == token


def test_reset_calendar_token_replaces_it():
    person = make_user()
    old = services.ensure_calendar_token(person)

    new = services.reset_calendar_token(person)

    assert new != old
    db.session.expire_all()
    assert db.session.get(type(person), person.id).calendar_token == new

