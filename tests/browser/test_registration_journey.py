"""The registration journey in Chromium, with CSRF on as in production: register, agenda, ticket, check-in."""
import re

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from tests.browser.steps import sign_in
from tests.factories import make_edition, make_registration, make_room, make_session, make_user, make_venue

pytestmark = pytest.mark.browser



def test_register_then_get_checked_in_at_the_door(new_context):
    organiser = make_user(name="Trần Thị Bích Ngọc", locale="en", roles=(Role.ORGANISER,))
    edition = make_edition(organisers=(organiser,))
    room = make_room(make_venue(edition), name="Phòng A")
    session = make_session(edition, room=room, capacity=1, title_en="Digital transformation workshop")
    visitor = make_user(name="Phạm Minh Anh", locale="en")
    make_registration(make_session(edition, starts_at=session.starts_at, title_en="Pitching"), visitor)

    participant = new_context().new_page()
    sign_in(participant, visitor, go=True)
    participant.goto(f"/e/{edition.slug}/sessions/{session.id}")
    participant.locator(f"form[action$='/sessions/{session.id}/register'] [type=submit]").click()

    expect(participant.locator("#registration-status")).to_contain_text("Your seat is confirmed.")
    participant.goto("/me/agenda")
    expect(participant.locator("#clash-summary")).to_be_visible()
    participant.locator("a", has_text="Ticket").first.click()
    expect(participant.locator("#ticket-code")).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$"))
    expect(participant.locator(".ticket-qr svg")).to_be_visible()
    ticket_address = participant.url

    door = new_context().new_page()
    sign_in(door, organiser, go=True)
    door.goto(ticket_address)  # what a phone's camera app opens when it reads the QR code
    door.locator("#check-in-button").click()

    expect(door.locator(".alert-success")).to_contain_text("Phạm Minh Anh is checked in")
    expect(door.locator("#arrivals")).to_contain_text("Phạm Minh Anh")
    expect(door.locator("#scanner-message")).not_to_be_empty()  # headless Chromium has no BarcodeDetector
    door.locator("#code").fill(ticket_address)
    door.locator("#check-in-form [type=submit]").click()
    expect(door.locator("#code-error")).to_contain_text("was already used: Phạm Minh Anh arrived at")
