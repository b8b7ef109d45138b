"""Booths: organisers assign, move and release them; approved exhibitors pick their own when allowed."""
import pytest

from app.core.errors import Conflict, DomainError
from app.exhibition.models import BoothBooking
from app.exhibition.services import applications as services
from app.extensions import db
from tests.exhibition.application_helpers import in_english  # noqa: F401 - a fixture, used by name
from tests.exhibition.application_helpers import (approved_application, booking_count, english, exhibition_world,
                                                  outbox_rows, reloaded)
from tests.factories import make_booth, make_booth_application, make_edition, make_hall, make_organisation

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def world(frozen_time):
    return exhibition_world()


@pytest.fixture
def exhibitor(world):
    return approved_application(world, world.startup)


def booth_codes(application) -> list[str]:
    return [booth.code for booth in reloaded(application).booths]


# --- organisers assign ------------------------------------------------------------------------

def test_assign_booth_books_it_and_counts_it(world, exhibitor):
    booking = services.assign_booth(exhibitor, world.booths["A-12"], by=world.organiser)

    assert (booking.booth_id, booking.created_by_id, booking.picked_by_exhibitor) == (
        world.booths["A-12"].id, world.organiser.id, False)
    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken) == (["A-12"], 1)
    assert [m.kind for m in outbox_rows()] == ["exhibition.booth_assigned"]


def test_assign_booth_may_give_out_a_held_booth(world, exhibitor):
    world.booths["A-12"].is_held = True
    db.session.commit()

    services.assign_booth(exhibitor, world.booths["A-12"], by=world.organiser)

    assert booth_codes(exhibitor) == ["A-12"]


def test_assign_booth_refuses_a_taken_booth(world, exhibitor):
    approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-12"])

    with pytest.raises(Conflict) as refused:
        services.assign_booth(exhibitor, world.booths["A-12"], by=world.organiser)

    assert (english(refused.value), refused.value.status_code, refused.value.field) == (
        "Booth A-12 is already taken by Drone Việt.", 409, "booth_id")
    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken, outbox_rows()) == ([], 0, [])


def test_assign_booth_lost_race_names_the_winner(world, exhibitor, monkeypatch):
    """Both saw the booth free; the unique booth_id lets the first insert through and refuses the second."""
    approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-12"])
    real_holder = services.booth_holder
    answers = iter([None])  # the first look says "free", as it did a moment before the other insert
    monkeypatch.setattr(services, "booth_holder", lambda booth_id: next(answers, real_holder(booth_id)))

    with pytest.raises(Conflict) as refused:
        services.assign_booth(exhibitor, world.booths["A-12"], by=world.organiser)

    assert (english(refused.value), refused.value.status_code) == ("Booth A-12 was just taken by Drone Việt.", 409)
    assert (reloaded(exhibitor).booths_taken, booking_count()) == (0, 1)


def test_assign_booth_refuses_beyond_the_allowance(world, exhibitor):
    services.assign_booth(exhibitor, world.booths["A-12"], by=world.organiser)

    with pytest.raises(Conflict) as refused:
        services.assign_booth(exhibitor, world.booths["A-13"], by=world.organiser)

    assert english(refused.value) == "Nông Nghiệp Xanh already has the 1 booth(s) it is allowed."
    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken) == (["A-12"], 1)


def test_assign_booth_within_a_raised_allowance(world, exhibitor):
    services.set_booths_allowed(exhibitor, 2, by=world.organiser)
    services.assign_booth(exhibitor, world.booths["A-12"], by=world.organiser)

    services.assign_booth(exhibitor, world.booths["A-13"], by=world.organiser)

    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken) == (["A-12", "A-13"], 2)


def test_assign_booth_refuses_a_booth_of_another_edition(world, exhibitor):
    elsewhere = make_booth(make_hall(make_edition()), code="A-12")

    with pytest.raises(DomainError) as refused:
        services.assign_booth(exhibitor, elsewhere, by=world.organiser)

    assert (english(refused.value), refused.value.field) == ("Choose a booth of this edition.", "booth_id")


@pytest.mark.parametrize(("status", "label"), [("submitted", "Received"), ("waitlisted", "On the waitlist"),
                                               ("rejected", "Not accepted"), ("withdrawn", "Withdrawn")])
def test_assign_booth_only_to_approved_applications(world, status, label):
    application = make_booth_application(world.edition, booth_type=world.standard, status=status)

    with pytest.raises(Conflict) as refused:
        services.assign_booth(application, world.booths["A-12"], by=world.organiser)

    assert english(refused.value) == f"Booths go to approved applications; this one is {label}."
    assert booking_count() == 0


# --- move and release ---------------------------------------------------------------------------

def test_move_booking_changes_the_booth_and_emails_old_to_new(world):
    exhibitor = approved_application(world, world.startup, booth=world.booths["A-12"])
    booking = exhibitor.bookings[0]

    services.move_booking(booking, world.booths["A-20"], by=world.organiser)

    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken) == (["A-20"], 1)
    [message] = outbox_rows()
    assert (message.kind, message.subject) == ("exhibition.booth_changed", "Your booth has changed: A-12 → A-20")


def test_move_booking_refuses_a_taken_booth(world):
    exhibitor = approved_application(world, world.startup, booth=world.booths["A-12"])
    approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-13"])

    with pytest.raises(Conflict) as refused:
        services.move_booking(exhibitor.bookings[0], world.booths["A-13"], by=world.organiser)

    assert (english(refused.value), refused.value.status_code) == ("Booth A-13 is already taken by Drone Việt.", 409)
    assert (booth_codes(exhibitor), outbox_rows()) == (["A-12"], [])


def test_move_booking_to_the_same_booth_is_refused(world):
    exhibitor = approved_application(world, world.startup, booth=world.booths["A-12"])

    with pytest.raises(Conflict) as refused:
        services.move_booking(exhibitor.bookings[0], world.booths["A-12"], by=world.organiser)

    assert english(refused.value) == "The exhibitor is already at booth A-12."


def test_release_booth_frees_it_and_the_allowance(world):
    exhibitor = approved_application(world, world.startup, booth=world.booths["A-12"])

    services.release_booth(exhibitor.bookings[0])

    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken, booking_count()) == ([], 0, 0)
    other = approved_application(world, make_organisation())
    services.assign_booth(other, world.booths["A-12"], by=world.organiser)
    assert booth_codes(other) == ["A-12"]


# --- exhibitors pick -----------------------------------------------------------------------------

@pytest.fixture
def picking(world):
    world.exhibition.exhibitors_pick_booths = True
    db.session.commit()
    return world


def test_pick_booth_books_a_free_booth_of_my_type(picking, exhibitor):
    booking = services.pick_booth(exhibitor, picking.booths["A-13"], by=picking.member)

    assert (booking.picked_by_exhibitor, booking.created_by_id) == (True, picking.member.id)
    assert (booth_codes(exhibitor), reloaded(exhibitor).booths_taken) == (["A-13"], 1)
    assert [m.subject for m in outbox_rows()] == ["Your booth: A-13"]


def test_pick_booth_refused_when_organisers_assign_booths(world, exhibitor):
    with pytest.raises(Conflict) as refused:
        services.pick_booth(exhibitor, world.booths["A-12"], by=world.member)

    assert english(refused.value) == (
        "Exhibitors cannot pick their booth at this edition: the organisers assign booths.")
    assert booking_count() == 0


def test_pick_booth_refused_before_approval(picking):
    application = make_booth_application(picking.edition, organisation=picking.startup, booth_type=picking.standard)

    with pytest.raises(Conflict) as refused:
        services.pick_booth(application, picking.booths["A-12"], by=picking.member)

    assert english(refused.value) == "Booths go to approved applications; this one is Received."


def test_pick_booth_refuses_a_held_booth(picking, exhibitor):
    picking.booths["A-12"].is_held = True
    db.session.commit()

    with pytest.raises(Conflict) as refused:
        services.pick_booth(exhibitor, picking.booths["A-12"], by=picking.member)

    assert english(refused.value) == "Booth A-12 is kept by the organisers: choose another one."


def test_pick_booth_refuses_another_booth_type(picking, exhibitor):
    with pytest.raises(Conflict) as refused:
        services.pick_booth(exhibitor, picking.booths["A-20"], by=picking.member)

    assert english(refused.value) == (
        "Booth A-20 is of the type Corner booth; your application is for Standard booth. "
        "Choose a booth of your type, or ask the organisers.")


def test_pick_booth_refuses_a_taken_booth(picking, exhibitor):
    approved_application(picking, make_organisation(name="Drone Việt"), booth=picking.booths["A-12"])

    with pytest.raises(Conflict) as refused:
        services.pick_booth(exhibitor, picking.booths["A-12"], by=picking.member)

    assert (english(refused.value), refused.value.status_code) == ("Booth A-12 is already taken by Drone Việt.", 409)


def test_pick_booth_one_booth_unless_allowed_more(picking, exhibitor):
    services.pick_booth(exhibitor, picking.booths["A-12"], by=picking.member)

    with pytest.raises(Conflict) as refused:
        services.pick_booth(exhibitor, picking.booths["A-13"], by=picking.member)

    assert english(refused.value) == "Nông Nghiệp Xanh already has the 1 booth(s) it is allowed."
    assert db.session.query(BoothBooking).count() == 1
