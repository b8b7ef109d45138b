"""Booth applications: applying, withdrawing, approving, rejecting, waitlisting and payment status."""
import pytest
from sqlalchemy import func, select

from app.core.errors import Conflict, DomainError, NotAllowed
from app.exhibition.models import BoothApplication
from app.exhibition.services import applications as services
from app.extensions import db
from app.stalls.models import Stall
from tests.exhibition.application_helpers import in_english  # noqa: F401 - a fixture, used by name
from tests.exhibition.application_helpers import (approved_application, booking_count, english, exhibition_world,
                                                  outbox_rows, reloaded)
from tests.factories import (make_booth, make_booth_application, make_booth_type, make_edition, make_exhibition,
                             make_hall, make_organisation, make_stall, make_user, make_village)


pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def world(frozen_time):
    return exhibition_world()


def submit(world, organisation=None, applicant=None, **fields):
    values = dict(edition=world.edition, applicant=applicant or world.member, booth_type=world.standard,
                  preferred_hall=world.hall, preferred_booth=None, products="Cảm biến độ ẩm đất", staff_count=3,
                  note="Cần ổ điện 1 kW")
    return services.submit_application(organisation or world.startup, **{**values, **fields})


def application_count() -> int:
    return db.session.scalar(select(func.count()).select_from(BoothApplication))


# --- applying ---------------------------------------------------------------------------------

def test_submit_application_records_what_was_asked(world, frozen_time):
    application = submit(world)

    stored = reloaded(application)
    assert (stored.organisation_id, stored.applicant_id, stored.booth_type_id, stored.preferred_hall_id,
            stored.products, stored.staff_count, stored.note, stored.status, stored.payment_status,
            stored.booths_allowed, stored.booths_taken, stored.created_at) == (
        world.startup.id, world.member.id, world.standard.id, world.hall.id, "Cảm biến độ ẩm đất", 3,
        "Cần ổ điện 1 kW", "submitted", "pending", 1, 0, frozen_time.start)


def test_submit_application_takes_the_exhibition_default_allowance(world):
    world.exhibition.booths_per_exhibitor = 2
    db.session.commit()

    assert submit(world).booths_allowed == 2


def test_submit_application_emails_the_applicant_and_the_owner(world):
    submit(world)

    assert [(m.kind, m.recipient_email) for m in outbox_rows()] == [
        ("exhibition.application_received", world.member.email),
        ("exhibition.application_received", world.owner.email)]


def test_submit_application_by_the_owner_emails_once(world):
    submit(world, applicant=world.owner)

    assert [m.recipient_email for m in outbox_rows()] == [world.owner.email]


def test_submit_application_with_only_a_booth_takes_its_hall(world):
    application = submit(world, preferred_hall=None, preferred_booth=world.booths["A-13"])

    assert (application.preferred_hall_id, application.preferred_booth_id) == (world.hall.id, world.booths["A-13"].id)


def test_submit_application_refused_without_an_exhibition(frozen_time):
    edition, owner = make_edition(name_en="Techfest Mekong"), make_user(locale="en")
    startup = make_organisation(owner)

    with pytest.raises(Conflict) as refused:
        services.submit_application(startup, edition=edition, applicant=owner, booth_type=make_booth_type(edition),
                                    products="Drone", staff_count=2)

    assert (english(refused.value), refused.value.status_code) == ("Techfest Mekong has no exhibition.", 409)
    assert application_count() == 0


def test_submit_application_refused_when_applications_are_closed(world):
    world.exhibition.applications_open = False
    db.session.commit()

    with pytest.raises(Conflict) as refused:
        submit(world)

    assert english(refused.value) == "Booth applications for Techfest Haiphong 2026 are closed."
    assert (application_count(), outbox_rows()) == (0, [])


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_submit_application_refused_when_the_edition_is_not_published(world, status):
    world.edition.status = status
    db.session.commit()

    with pytest.raises(Conflict) as refused:
        submit(world)

    assert english(refused.value) == "Booth applications for Techfest Haiphong 2026 are closed."


def test_submit_application_refused_for_someone_outside_the_organisation(world):
    with pytest.raises(NotAllowed) as refused:
        submit(world, applicant=make_user())

    assert (english(refused.value), refused.value.status_code) == (
        "You can only apply on behalf of an organisation you belong to.", 403)


@pytest.mark.parametrize("status", ["submitted", "approved", "waitlisted", "rejected"])
def test_submit_application_refused_when_the_organisation_already_applied(world, status):
    make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard, status=status)
    label = {"submitted": "Received", "approved": "Approved", "waitlisted": "On the waitlist",
             "rejected": "Not accepted"}[status]

    with pytest.raises(Conflict) as refused:
        submit(world)

    assert english(refused.value) == f"Nông Nghiệp Xanh has already applied for a booth at this edition ({label})."
    assert application_count() == 1


def test_submit_application_race_between_two_teammates_is_a_conflict(world, monkeypatch):
    """Both passed the "already applied?" check; the unique constraint refuses the second insert."""
    make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard)
    monkeypatch.setattr(services, "_reopenable_application", lambda edition, organisation: None)

    with pytest.raises(Conflict) as refused:
        submit(world)

    assert english(refused.value) == "Nông Nghiệp Xanh has already applied for a booth at this edition."
    assert (application_count(), outbox_rows()) == (1, [])


def test_withdrawn_organisation_may_apply_again_on_the_same_row(world):
    old = make_booth_application(world.edition, organisation=world.startup, booth_type=world.corner,
                                 status="withdrawn", rejection_reason="x", staff_count=9)

    again = submit(world)

    assert (again.id, again.status, again.booth_type_id, again.staff_count, again.rejection_reason) == (
        old.id, "submitted", world.standard.id, 3, None)


@pytest.mark.parametrize(("change", "field", "message"), [
    ("type", "booth_type_id", "Choose a booth type of this edition."),
    ("hall", "preferred_hall_id", "Choose a hall of this edition."),
    ("booth", "preferred_booth_id", "Choose a booth of this edition."),
    ("booth_elsewhere", "preferred_booth_id", "Booth B-01 is not in Hall A."),
    ("products", "products", "Say which products or technologies you will show."),
    ("staff_zero", "staff_count", "Booth staff: between 1 and 50 people."),
    ("staff_many", "staff_count", "Booth staff: between 1 and 50 people."),
])
def test_submit_application_refuses_bad_choices_naming_the_field(world, change, field, message):
    other = make_edition()
    hall_b = make_hall(world.edition, code="B", name_en="Hall B")
    fields = {
        "type": {"booth_type": make_booth_type(other)},
        "hall": {"preferred_hall": make_hall(other)},
        "booth": {"preferred_hall": None, "preferred_booth": make_booth(make_hall(other, code="X"))},
        "booth_elsewhere": {"preferred_booth": make_booth(hall_b, code="B-01", booth_type=world.standard)},
        "products": {"products": "   "},
        "staff_zero": {"staff_count": 0},
        "staff_many": {"staff_count": 51},
    }[change]

    with pytest.raises(DomainError) as refused:
        submit(world, **fields)

    assert (english(refused.value), refused.value.field, refused.value.status_code) == (message, field, 400)
    assert application_count() == 0


def test_withdraw_application_frees_its_booth(world):
    application = approved_application(world, world.startup, booth=world.booths["A-12"])

    services.withdraw_application(application)

    stored = reloaded(application)
    assert (stored.status, stored.booths_taken, booking_count()) == ("withdrawn", 0, 0)


def test_withdraw_application_refused_once_rejected(world):
    application = make_booth_application(world.edition, booth_type=world.standard, status="rejected")

    with pytest.raises(Conflict) as refused:
        services.withdraw_application(application)

    assert english(refused.value) == "This application is Not accepted: it cannot become Withdrawn."


# --- deciding ---------------------------------------------------------------------------------

@pytest.fixture
def received(world):
    application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard,
                                         preferred_hall=world.hall)
    application.applicant = world.member
    db.session.commit()
    return application


def test_approve_application_records_the_decision_and_opens_a_stall(world, received, frozen_time):
    services.approve_application(received, by=world.organiser)

    stored = reloaded(received)
    stall = db.session.scalar(select(Stall).where(Stall.organisation_id == world.startup.id))
    assert (stored.status, stored.decided_at, stored.decided_by_id, stored.booths_taken) == (
        "approved", frozen_time.start, world.organiser.id, 0)
    assert (stall.edition_id, stall.village_id) == (world.edition.id, world.village.id)


def test_approve_application_with_a_booth_and_allowance(world, received):
    other_village = make_village(world.edition)
    hall_b = make_hall(world.edition, code="B", village_id=other_village.id)
    booth = make_booth(hall_b, code="B-01", booth_type=world.standard)

    services.approve_application(received, by=world.organiser, booth=booth, booths_allowed=2)

    stored = reloaded(received)
    stall = db.session.scalar(select(Stall).where(Stall.organisation_id == world.startup.id))
    assert ([b.code for b in stored.booths], stored.booths_allowed, stored.booths_taken) == (["B-01"], 2, 1)
    assert stall.village_id == other_village.id  # the booth's hall decides, not the preference
    assert [m.kind for m in outbox_rows()] == ["exhibition.application_approved"] * 2


def test_approve_application_keeps_an_existing_stall(world, received):
    existing = make_stall(world.edition, organisation=world.startup)

    services.approve_application(received, by=world.organiser)

    assert db.session.scalars(select(Stall.id)).all() == [existing.id]


def test_approve_application_with_a_taken_booth_approves_nothing(world, received):
    approved_application(world, make_organisation(name="Drone Việt"), booth=world.booths["A-12"])

    with pytest.raises(Conflict) as refused:
        services.approve_application(received, by=world.organiser, booth=world.booths["A-12"])

    assert english(refused.value) == "Booth A-12 is already taken by Drone Việt."
    assert (reloaded(received).status, outbox_rows(), db.session.scalar(select(func.count(Stall.id)))) == (
        "submitted", [], 0)


@pytest.mark.parametrize("allowed", [0, 21])
def test_approve_application_refuses_an_allowance_out_of_range(world, received, allowed):
    with pytest.raises(DomainError) as refused:
        services.approve_application(received, by=world.organiser, booths_allowed=allowed)

    assert (english(refused.value), refused.value.field) == ("Booths allowed: between 1 and 20.", "booths_allowed")
    assert reloaded(received).status == "submitted"


@pytest.mark.parametrize(("status", "label"), [("approved", "Approved"), ("withdrawn", "Withdrawn")])
def test_approve_application_refused_from_approved_or_withdrawn(world, status, label):
    application = make_booth_application(world.edition, booth_type=world.standard, status=status)

    with pytest.raises(Conflict) as refused:
        services.approve_application(application, by=world.organiser)

    assert english(refused.value) == f"This application is {label}: it cannot become Approved."


def test_approve_a_waitlisted_or_rejected_application(world):
    for status in ("waitlisted", "rejected"):
        application = make_booth_application(world.edition, booth_type=world.standard, status=status,
                                             rejection_reason="Hết chỗ" if status == "rejected" else None)
        services.approve_application(application, by=world.organiser)
        assert (reloaded(application).status, reloaded(application).rejection_reason) == ("approved", None)


def test_reject_application_records_the_reason_and_frees_the_booth(world, frozen_time):
    application = approved_application(world, world.startup, booth=world.booths["A-12"])

    services.reject_application(application, by=world.organiser, reason="  Sản phẩm chưa phù hợp chủ đề.  ")

    stored = reloaded(application)
    assert (stored.status, stored.rejection_reason, stored.booths_taken, stored.decided_by_id, booking_count()) == (
        "rejected", "Sản phẩm chưa phù hợp chủ đề.", 0, world.organiser.id, 0)
    assert [m.kind for m in outbox_rows()] == ["exhibition.application_rejected"]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reject_application_needs_a_reason(world, received, reason):
    with pytest.raises(DomainError) as refused:
        services.reject_application(received, by=world.organiser, reason=reason)

    assert (english(refused.value), refused.value.field) == ("Give the exhibitor a reason.", "reason")
    assert (reloaded(received).status, outbox_rows()) == ("submitted", [])


def test_reject_application_twice_is_refused(world):
    application = make_booth_application(world.edition, booth_type=world.standard, status="rejected")

    with pytest.raises(Conflict) as refused:
        services.reject_application(application, by=world.organiser, reason="Không")

    assert english(refused.value) == "This application is Not accepted: it cannot become Not accepted."


def test_waitlist_application_frees_the_booth(world):
    application = approved_application(world, world.startup, booth=world.booths["A-12"])

    services.waitlist_application(application, by=world.organiser)

    stored = reloaded(application)
    assert (stored.status, stored.booths_taken, booking_count(), outbox_rows()) == ("waitlisted", 0, 0, [])


def test_waitlist_application_refused_when_withdrawn(world):
    application = make_booth_application(world.edition, booth_type=world.standard, status="withdrawn")

    with pytest.raises(Conflict) as refused:
        services.waitlist_application(application, by=world.organiser)

    assert english(refused.value) == "This application is Withdrawn: it cannot become On the waitlist."


def test_decision_made_meanwhile_by_another_organiser_is_refused(world, received):
    """The page was loaded while "Received"; the exhibitor withdrew before the approval arrived."""
    db.session.execute(BoothApplication.__table__.update().values(status="withdrawn"))
    db.session.commit()

    with pytest.raises(Conflict) as refused:
        services.approve_application(received, by=world.organiser)

    assert english(refused.value) == "This application is Withdrawn: it cannot become Approved."
    assert db.session.scalar(select(func.count(Stall.id))) == 0


# --- allowance and payment ----------------------------------------------------------------------

def test_set_booths_allowed_raises_the_allowance(world):
    application = approved_application(world, booth=world.booths["A-12"])

    services.set_booths_allowed(application, 3, by=world.organiser)

    assert reloaded(application).booths_allowed == 3


def test_set_booths_allowed_never_below_the_booths_held(world):
    application = approved_application(world, booth=world.booths["A-12"], booths_allowed=2)
    services.assign_booth(application, world.booths["A-13"], by=world.organiser)

    with pytest.raises(Conflict) as refused:
        services.set_booths_allowed(application, 1, by=world.organiser)

    assert english(refused.value) == (
        f"{application.organisation.name} already has more booths than that: release some first.")
    assert reloaded(application).booths_allowed == 2


@pytest.mark.parametrize("status", ["paid", "waived", "pending"])
def test_set_payment_status(world, status):
    application = approved_application(world)

    services.set_payment_status(application, status, by=world.organiser)

    assert reloaded(application).payment_status == status


def test_set_payment_status_refuses_an_unknown_status(world):
    application = approved_application(world)

    with pytest.raises(DomainError) as refused:
        services.set_payment_status(application, "refunded", by=world.organiser)

    assert (english(refused.value), refused.value.field) == ("Choose a payment status.", "status")


def test_set_payment_status_only_for_approved_exhibitors(world, received):
    with pytest.raises(Conflict) as refused:
        services.set_payment_status(received, "paid", by=world.organiser)

    assert english(refused.value) == "Booths go to approved applications; this one is Received."


def test_exhibition_default_for_other_editions_is_untouched(world):
    """Settings of one edition do not leak: another edition without an exhibition refuses."""
    other = make_edition(name_en="Techfest Khánh Hòa")
    make_exhibition(other, applications_open=False)

    with pytest.raises(Conflict):
        services.submit_application(world.startup, edition=other, applicant=world.owner,
                                    booth_type=make_booth_type(other), products="x", staff_count=1)
