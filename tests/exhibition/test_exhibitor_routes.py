"""The exhibitor's pages: apply, follow the application, pick a booth on the plan, name the staff."""
import pytest

from app.exhibition.models import BoothApplication, StaffPass
from app.exhibition.services import passes
from app.extensions import db
from tests.core.pages import Page
from tests.exhibition.application_helpers import (approved_application, booking_count, exhibition_world,
                                                  outbox_rows, reloaded)
from tests.factories import (make_booth, make_booth_application, make_edition, make_hall, make_organisation,
                             make_user)
from tests.registrations.helpers import element_text, page_text


@pytest.fixture
def world(frozen_time):
    return exhibition_world()


def apply_url(world) -> str:
    return f"/e/{world.edition.slug}/exhibition/apply"


def form_data(world, **changes) -> dict:
    data = {"organisation_id": world.startup.id, "booth_type_id": world.standard.id,
            "preferred_hall_id": world.hall.id, "preferred_booth_id": "", "products": "Drone phun thuốc",
            "staff_count": "3", "note": "Cần ổ điện"}
    return {**data, **changes}


# --- applying --------------------------------------------------------------------------------------

def test_apply_page_offers_the_types_halls_and_free_booths(client, login, world):
    login(world.member)
    world.booths["A-13"].is_held = True
    db.session.commit()

    response = client.get(apply_url(world))

    page = Page(response)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.value("organisation_id") == str(world.startup.id)  # one organisation: chosen for them
    assert "Standard booth · 3 × 3 m · 5.000.000 VND" in body and "Corner booth · 6 × 3 m · 9.000.000 VND" in body
    assert '<optgroup label="A · Hall A">' in body
    assert "A-12 · Standard booth" in body and "A-13 ·" not in body  # held booths are not offered


def test_apply_happy_path(client, login, world):
    login(world.member)

    response = client.post(apply_url(world), data=form_data(world))

    application = db.session.scalar(db.select(BoothApplication))
    assert (response.status_code, response.location) == (302, f"/me/exhibitions/{application.id}")
    assert (application.organisation_id, application.applicant_id, application.products, application.staff_count,
            application.preferred_hall_id, application.note) == (
        world.startup.id, world.member.id, "Drone phun thuốc", 3, world.hall.id, "Cần ổ điện")
    assert len(outbox_rows("exhibition.application_received")) == 2
    assert "The application of Nông Nghiệp Xanh has been sent." in page_text(client.get(response.location))


def test_apply_with_bad_input_is_422_and_keeps_what_was_typed(client, login, world):
    login(world.member)

    response = client.post(apply_url(world), data=form_data(world, staff_count="0", products=""))

    page = Page(response)
    assert response.status_code == 422
    assert page.value("staff_count") == "0"
    assert page.value("note") is None and "Cần ổ điện" in response.get_data(as_text=True)
    assert element_text(response, "staff_count-error") == "Enter a number between 1 and 50."
    assert element_text(response, "products-error") == "This field is required."
    assert db.session.scalar(db.select(db.func.count(BoothApplication.id))) == 0


def test_apply_for_an_organisation_that_is_not_mine_is_refused(client, login, world):
    login(world.member)
    someone_else = make_organisation(name="Công ty Khác")

    response = client.post(apply_url(world), data=form_data(world, organisation_id=someone_else.id))

    assert response.status_code == 422
    assert element_text(response, "organisation_id-error") == "Not a valid choice."


def test_apply_chooses_among_my_organisations(client, login, world):
    second = make_organisation(world.member, name="Viện Công nghệ")
    login(world.member)

    response = client.post(apply_url(world), data=form_data(world, organisation_id=second.id))

    assert response.status_code == 302
    assert db.session.scalar(db.select(BoothApplication.organisation_id)) == second.id
    page = Page(client.get(apply_url(world)))
    assert page.value("organisation_id") == str(world.startup.id)  # the one still without an application


def test_apply_when_closed_explains_and_refuses(client, login, world):
    world.exhibition.applications_open = False
    db.session.commit()
    login(world.member)

    assert element_text(client.get(apply_url(world)), "closed") == (
        "Booth applications for Techfest Haiphong 2026 are closed.")
    response = client.post(apply_url(world), data=form_data(world))
    assert response.status_code == 409
    assert db.session.scalar(db.select(db.func.count(BoothApplication.id))) == 0


def test_apply_without_an_organisation_links_to_creating_one(client, login, world):
    login(make_user(locale="en"))

    response = client.get(apply_url(world))

    assert element_text(response, "no-organisation").startswith("Booths are given to startups and organisations.")
    assert 'href="/teams/new"' in response.get_data(as_text=True)


def test_apply_after_applying_links_to_the_application(client, login, world):
    application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard)
    login(world.member)

    response = client.get(apply_url(world))

    assert element_text(response, "all-applied") == "Every organisation you belong to has already applied."
    assert f'href="/me/exhibitions/{application.id}"' in response.get_data(as_text=True)


def test_apply_needs_an_account(client, world):
    response = client.get(apply_url(world))

    assert (response.status_code, response.location.split("?")[0]) == (302, "/account/login")


def test_apply_to_a_draft_edition_is_404(client, login, world):
    world.edition.status = "draft"
    db.session.commit()
    login(world.member)

    assert client.get(apply_url(world)).status_code == 404


# --- following the application -------------------------------------------------------------------------

def test_application_page_shows_status_booths_and_payment(client, login, world):
    application = approved_application(world, world.startup, booth=world.booths["A-12"])
    login(world.member)

    response = client.get(f"/me/exhibitions/{application.id}")

    page = Page(response)
    assert response.status_code == 200
    assert page.by_id["application-facts"].startswith("Status Approved Booth type Standard booth · 3 × 3 m Booth A-12 · Hall A")
    assert "5,000,000 VND · Payment pending" in page.by_id["application-facts"]
    assert page.by_id["staff-passes-link"] == "Staff passes (0 of 2)"
    assert 'id="pick"' not in response.get_data(as_text=True)


def test_application_page_shows_the_reason_of_a_rejection(client, login, world):
    application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard,
                                          status="rejected", rejection_reason="Hết chỗ trong khu nông nghiệp.")
    login(world.member)

    response = client.get(f"/me/exhibitions/{application.id}")

    assert "Reason Hết chỗ trong khu nông nghiệp." in Page(response).by_id["application-facts"]
    assert "staff-passes-link" not in response.get_data(as_text=True)


def test_application_page_shows_the_plan_when_picking_is_open(client, login, world):
    world.exhibition.exhibitors_pick_booths = True
    db.session.commit()
    application = approved_application(world, world.startup)
    login(world.member)

    response = client.get(f"/me/exhibitions/{application.id}")

    body = response.get_data(as_text=True)
    assert element_text(response, "pick") == "Pick your booth"
    assert f'href="/e/{world.edition.slug}/exhibition/booths/{world.booths["A-12"].id}/pick"' in body


@pytest.mark.parametrize(("who", "status"), [("member", 200), ("owner", 200), ("organiser", 200), ("admin", 200),
                                             ("stranger", 403)])
def test_application_page_access(client, login, world, who, status):
    application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard)
    login(make_user() if who == "stranger" else getattr(world, who))

    assert client.get(f"/me/exhibitions/{application.id}").status_code == status


def test_withdraw_from_the_application_page(client, login, world):
    application = approved_application(world, world.startup, booth=world.booths["A-12"])
    login(world.member)

    response = client.post(f"/me/exhibitions/{application.id}/withdraw")

    assert response.status_code == 302
    assert (reloaded(application).status, booking_count()) == ("withdrawn", 0)


def test_withdraw_refused_after_rejection_is_409(client, login, world):
    application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard,
                                          status="rejected", rejection_reason="Không")
    login(world.member)

    response = client.post(f"/me/exhibitions/{application.id}/withdraw")

    assert response.status_code == 409
    assert Page(response).alerts[-1][1] == "This application is Not accepted: it cannot become Withdrawn."


def test_withdraw_by_a_stranger_is_403(client, login, world):
    application = make_booth_application(world.edition, organisation=world.startup, booth_type=world.standard)
    login(make_user())

    assert client.post(f"/me/exhibitions/{application.id}/withdraw").status_code == 403
    assert reloaded(application).status == "submitted"


def test_my_exhibitions_lists_my_organisations_applications(client, login, world):
    application = approved_application(world, world.startup, booth=world.booths["A-12"])
    make_booth_application(world.edition, booth_type=world.standard)  # someone else's
    login(world.member)

    response = client.get("/me/exhibitions")

    assert element_text(response, "applications") == (
        "Nông Nghiệp Xanh Approved Techfest Haiphong 2026 · Standard booth · Booth A-12")
    assert f'href="/me/exhibitions/{application.id}"' in response.get_data(as_text=True)


# --- picking a booth -----------------------------------------------------------------------------------

@pytest.fixture
def picking(world):
    world.exhibition.exhibitors_pick_booths = True
    db.session.commit()
    return world


def pick_url(world, code: str) -> str:
    return f"/e/{world.edition.slug}/exhibition/booths/{world.booths[code].id}/pick"


def test_pick_booth_confirm_page(client, login, picking):
    approved_application(picking, picking.startup)
    login(picking.member)

    response = client.get(pick_url(picking, "A-12"))

    assert response.status_code == 200
    assert element_text(response, "booth-facts") == (
        "Hall or zone Hall A Booth type Standard booth · 3 × 3 m Included A table, two chairs, one socket "
        "Price 5,000,000 VND")
    assert "For Nông Nghiệp Xanh." in page_text(response)


def test_pick_booth_happy_path(client, login, picking):
    application = approved_application(picking, picking.startup)
    login(picking.member)

    response = client.post(pick_url(picking, "A-12"), data={"application_id": application.id})

    assert (response.status_code, response.location) == (302, f"/me/exhibitions/{application.id}")
    assert [booth.code for booth in reloaded(application).booths] == ["A-12"]
    assert "Booth A-12 is yours." in page_text(client.get(response.location))


def test_pick_a_taken_booth_is_409_with_the_reason(client, login, picking):
    application = approved_application(picking, picking.startup)
    approved_application(picking, make_organisation(name="Drone Việt"), booth=picking.booths["A-12"])
    login(picking.member)

    response = client.post(pick_url(picking, "A-12"), data={"application_id": application.id})

    assert response.status_code == 409
    assert element_text(response, "booth-state") == "Booth A-12 is already taken by Drone Việt."
    assert "Booth A-12 is already taken by Drone Việt." in [text for _, text in Page(response).alerts]
    assert reloaded(application).booths == []


def test_pick_a_taken_booth_in_vietnamese(client, login, picking):
    """The refusal is translated through the catalog, in the reader's language."""
    application = approved_application(picking, picking.startup)
    approved_application(picking, make_organisation(name="Drone Việt"), booth=picking.booths["A-12"])
    picking.member.locale = "vi"
    db.session.commit()
    login(picking.member)

    response = client.post(pick_url(picking, "A-12"), data={"application_id": application.id})

    assert (response.status_code, Page(response).lang) == (409, "vi")
    assert "Drone Việt" in [text for _, text in Page(response).alerts][-1]


def test_pick_booth_beyond_the_allowance_is_409(client, login, picking):
    application = approved_application(picking, picking.startup, booth=picking.booths["A-12"], booths_allowed=2)
    db.session.execute(db.update(BoothApplication).values(booths_allowed=1))
    db.session.commit()
    login(picking.member)

    response = client.post(pick_url(picking, "A-13"), data={"application_id": application.id})

    assert response.status_code == 409
    assert element_text(response, "nothing-to-pick").startswith("None of your organisations has an approved")


def test_pick_booth_when_picking_is_closed_is_409(client, login, world):
    application = approved_application(world, world.startup)
    login(world.member)

    response = client.post(pick_url(world, "A-12"), data={"application_id": application.id})

    assert response.status_code == 409
    assert "Exhibitors cannot pick their booth at this edition: the organisers assign booths." in [
        text for _, text in Page(response).alerts]
    assert booking_count() == 0


def test_pick_booth_for_someone_elses_application_is_refused(client, login, picking):
    others = approved_application(picking, make_organisation(name="Drone Việt"))
    approved_application(picking, picking.startup)
    login(picking.member)

    response = client.post(pick_url(picking, "A-12"), data={"application_id": others.id})

    assert response.status_code == 422
    assert booking_count() == 0


def test_pick_booth_of_another_edition_is_404(client, login, picking):
    elsewhere = make_booth(make_hall(make_edition()), code="A-12")
    login(picking.member)

    assert client.get(f"/e/{picking.edition.slug}/exhibition/booths/{elsewhere.id}/pick").status_code == 404
    assert client.get(f"/e/{picking.edition.slug}/exhibition/booths/999999/pick").status_code == 404


# --- staff passes ----------------------------------------------------------------------------------------

def passes_url(application) -> str:
    return f"/me/exhibitions/{application.id}/staff"


def test_staff_passes_add_list_and_remove(client, login, world):
    application = approved_application(world, world.startup, staff_count=2)
    login(world.member)

    response = client.post(passes_url(application), data={"name": "Đỗ Minh Khoa", "email": "khoa@example.vn",
                                                           "phone": ""})

    staff_pass = db.session.scalar(db.select(StaffPass))
    assert (response.status_code, staff_pass.name, staff_pass.email) == (302, "Đỗ Minh Khoa", "khoa@example.vn")
    page = client.get(passes_url(application))
    assert element_text(page, "pass-count").startswith("1 of 2 staff passes named.")
    assert element_text(page, "passes").startswith(f"Name Contact Code Đỗ Minh Khoa khoa@example.vn {staff_pass.display_code}")
    assert len(outbox_rows("exhibition.staff_pass")) == 1

    client.post(f"{passes_url(application)}/{staff_pass.id}/remove")
    assert db.session.scalar(db.select(db.func.count(StaffPass.id))) == 0


def test_staff_pass_with_a_bad_email_is_422_and_keeps_input(client, login, world):
    application = approved_application(world, world.startup)
    login(world.member)

    response = client.post(passes_url(application), data={"name": "Đỗ Minh Khoa", "email": "not-an-email"})

    page = Page(response)
    assert (response.status_code, page.value("name"), page.value("email")) == (422, "Đỗ Minh Khoa", "not-an-email")
    assert element_text(response, "email-error") == "Enter a valid email address."


def test_staff_pass_beyond_the_staff_count_is_409(client, login, world):
    application = approved_application(world, world.startup, staff_count=1)
    login(world.member)
    client.post(passes_url(application), data={"name": "Một"})

    response = client.post(passes_url(application), data={"name": "Hai"})

    assert response.status_code == 409
    assert Page(response).alerts[-1][1].startswith("All 1 staff passes of Nông Nghiệp Xanh are named")


def test_send_staff_pass_again(client, login, world):
    application = approved_application(world, world.startup)
    login(world.member)
    client.post(passes_url(application), data={"name": "Khoa", "email": "khoa@example.vn"})
    staff_pass = db.session.scalar(db.select(StaffPass))

    response = client.post(f"{passes_url(application)}/{staff_pass.id}/send")

    assert response.status_code == 302
    assert len(outbox_rows("exhibition.staff_pass")) == 2


@pytest.mark.parametrize(("who", "status"), [("member", 200), ("organiser", 200), ("stranger", 403)])
def test_staff_passes_access(client, login, world, who, status):
    application = approved_application(world, world.startup)
    login(make_user() if who == "stranger" else getattr(world, who))

    assert client.get(passes_url(application)).status_code == status
    assert client.post(passes_url(application), data={"name": "Khoa"}).status_code == (
        302 if status == 200 else 403)


def test_removing_a_pass_of_another_application_is_404(client, login, world):
    mine = approved_application(world, world.startup)
    theirs = approved_application(world, make_organisation())
    their_pass = passes.add_staff_pass(theirs, name="Khoa", by=world.organiser)
    login(world.member)

    assert client.post(f"{passes_url(mine)}/{their_pass.id}/remove").status_code == 404
    assert db.session.scalar(db.select(db.func.count(StaffPass.id))) == 1
