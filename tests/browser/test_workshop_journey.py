"""Issue #3's main journey: an organiser builds and publishes an edition with a two-seat workshop,
three people register (the third is waitlisted), a cancellation promotes the third, and the
organiser checks people in at the door on a phone.

Only the accounts are made by factories and only the outbox is read from the database; everything
else goes through the UI, with CSRF on. Elements are found by ids, names, form actions and links,
never by translated text, as the catalogues change.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.events.models import Edition, Session
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.registrations.models import Registration
from tests.browser.conftest import MOBILE
from tests.browser.steps import fill_sign_in, person, sign_in, submit
from tests.factories import make_user

pytestmark = pytest.mark.browser

ZONE = "Asia/Ho_Chi_Minh"
SLUG = "techfest-hai-phong-thu-nghiem"
EDITION_VI, EDITION_EN = "Techfest Hải Phòng thử nghiệm", "Techfest Haiphong trial"
VENUE, VENUE_ADDRESS = "Đại học Hàng Hải Việt Nam", "484 Lạch Tray, Hải Phòng"
ROOM = "Phòng A.201"
TITLE_VI, TITLE_EN = "Hội thảo Gọi vốn cho khởi nghiệp", "Fundraising workshop for startups"
TICKET_ATTACHMENTS = ["ticket-qr.png", "session.ics"]



def accept_next_dialog(page: Page) -> None:
    """The confirm() of buttons that change things: say yes (Playwright says no by default)."""
    page.once("dialog", lambda dialog: dialog.accept())


def registrations(session_id: int) -> dict[str, tuple]:
    """Each registrant's (status, checked_in_at, checked_in_by_id, check_in_code), by email."""
    rows = db.session.execute(
        select(User.email, Registration.status, Registration.checked_in_at, Registration.checked_in_by_id,
               Registration.check_in_code)
        .join(Registration.user).where(Registration.session_id == session_id)
    ).all()
    db.session.rollback()  # hold no transaction open while the server writes
    return {email: tuple(rest) for email, *rest in rows}


def confirmed_seats(session_id: int) -> int:
    seats = db.session.scalar(select(Session.confirmed_seats).where(Session.id == session_id))
    db.session.rollback()
    return seats


def test_journey_workshop_fills_up_waitlist_moves_up_and_door_checks_in(new_context, emailed_link, screenshot):
    organiser = person(make_user(name="Đỗ Thị Thanh Hương", roles=(Role.ORGANISER,)))
    first, second, third = (person(make_user(name=name)) for name in
                            ("Lê Văn Khoa", "Vũ Thị Mai Anh", "Hoàng Quốc Bảo"))
    today = datetime.now(ZoneInfo(ZONE)).date()
    starts_on, workshop_day, ends_on = today + timedelta(days=3), today + timedelta(days=4), today + timedelta(days=5)

    # 1. The organiser signs in and opens the organiser area ...
    desk = new_context().new_page()
    desk.goto("/")
    desk.locator('#main-nav a[href="/account/login"]').click()
    sign_in(desk, organiser)
    desk.locator('#main-nav a[href="/manage/"]').click()

    # ... creates the edition (a draft) ...
    desk.locator('#main a[href="/manage/editions/new"]').click()
    desk.locator("#name_vi").fill(EDITION_VI)
    desk.locator("#name_en").fill(EDITION_EN)
    desk.locator("#starts_on").fill(starts_on.isoformat())
    desk.locator("#ends_on").fill(ends_on.isoformat())
    desk.locator("#timezone").select_option(ZONE)
    desk.locator("#slug").fill(SLUG)
    submit(desk)
    manage = f"/manage/e/{SLUG}"
    expect(desk).to_have_url(re.compile(re.escape(f"{manage}/") + "$"))
    expect(desk.locator(f'#main form[action="{manage}/status"] button[value="published"]')).to_be_visible()

    # ... adds a venue with a room ...
    desk.locator(f'#main nav a[href="{manage}/venues"]').click()
    desk.locator(f'#main a[href="{manage}/venues/new"]').click()
    desk.locator("#name").fill(VENUE)
    desk.locator("#address").fill(VENUE_ADDRESS)
    submit(desk)
    expect(desk).to_have_url(re.compile(re.escape(f"{manage}/venues") + "$"))
    venue_card = desk.locator(f'#main [data-venue="{VENUE}"]')
    venue_card.locator('a[href$="/rooms/new"]').click()
    desk.locator("#name").fill(ROOM)
    desk.locator("#capacity").fill("40")
    submit(desk)
    expect(venue_card.locator(f'tr[data-room="{ROOM}"] [data-field="capacity"]')).to_have_text("40")

    # ... schedules a two-seat workshop in that room, needing registration ...
    desk.locator(f'#main nav a[href="{manage}/sessions"]').click()
    desk.locator(f'#main a[href="{manage}/sessions/new"]').click()
    desk.locator("#kind").select_option("workshop")
    desk.locator("#title_vi").fill(TITLE_VI)
    desk.locator("#title_en").fill(TITLE_EN)
    desk.locator("#starts_at").fill(f"{workshop_day.isoformat()}T09:00")
    desk.locator("#ends_at").fill(f"{workshop_day.isoformat()}T11:30")
    desk.locator("#room_id").select_option(label=f"{ROOM} · {VENUE}")
    desk.locator("#requires_registration").check()
    desk.locator("#capacity").fill("2")
    submit(desk)
    expect(desk).to_have_url(re.compile(re.escape(f"{manage}/sessions") + r"#session-\d+$"))
    session_id = int(re.search(r"#session-(\d+)$", desk.url).group(1))
    row = desk.locator(f"#session-{session_id}")
    expect(row.locator('[data-field="time"]')).to_have_text("09:00–11:30")
    expect(row.locator('[data-field="seats"] a')).to_have_text("0 / 2")

    # ... and publishes the edition.
    desk.locator(f'#main nav a[href="{manage}/"]').click()
    accept_next_dialog(desk)
    desk.locator(f'#main form[action="{manage}/status"] button[value="published"]').click()
    expect(desk.locator(f'#main form[action="{manage}/status"] button[value="archived"]')).to_be_visible()
    expect(desk.locator(f'#main form[action="{manage}/status"] button[value="published"]')).to_have_count(0)

    edition = db.session.scalar(select(Edition).where(Edition.slug == SLUG))
    session = db.session.get(Session, session_id)
    assert (edition.status, edition.timezone, edition.starts_on, edition.ends_on) == (
        "published", ZONE, starts_on, ends_on)
    assert (session.kind, session.title_vi, session.title_en, session.room.name, session.capacity,
            session.requires_registration, session.confirmed_seats) == (
        "workshop", TITLE_VI, TITLE_EN, ROOM, 2, True, 0)
    assert session.local_start().replace(tzinfo=None) == datetime.combine(workshop_day, datetime.min.time()).replace(
        hour=9)
    assert {grant.edition_id for grant in db.session.get(User, organiser.id).role_grants} == {None, edition.id}
    db.session.rollback()

    # 2. Three people find the workshop in the public program, sign in from its page and register.
    session_path = f"/e/{SLUG}/sessions/{session_id}"
    panel = {}
    for number, participant in enumerate((first, second, third)):
        page = new_context().new_page()
        panel[participant.email] = page
        page.goto("/editions/")
        page.locator(f'#main a[href="/e/{SLUG}/"]').click()
        page.locator(f'#main nav a[href="/e/{SLUG}/program"]').click()
        program_entry = page.locator(f"#session-{session_id}")
        expect(program_entry.locator("h3")).to_have_text(TITLE_VI)  # the site speaks Vietnamese to new visitors
        if number == 0:
            screenshot(page, "program")
        program_entry.locator(f'a[href="{session_path}"]').click()
        page.locator('#registration a[href^="/account/login"]').click()
        sign_in(page, participant)
        expect(page).to_have_url(re.compile(re.escape(session_path) + "$"))  # back on the session page
        page.locator(f'#registration form[action="{session_path}/register"] [type=submit]').click()
        expect(page.locator("#registration-status .badge")).to_be_visible()  # done before the next one registers
        if number == 0:
            screenshot(page, "session-registered")

    for participant in (first, second):
        page = panel[participant.email]
        expect(page.locator("#main > .alert-success")).to_be_visible()
        expect(page.locator("#registration-status .badge.text-bg-success")).to_be_visible()
        expect(page.locator('#registration a[href^="/r/"]')).to_be_visible()
        expect(page.locator('#registration form[action$="/cancel"]')).to_be_visible()
    waiting = panel[third.email]
    expect(waiting.locator("#main > .alert-warning")).to_be_visible()
    expect(waiting.locator("#registration-status .badge.text-bg-warning")).to_be_visible()
    expect(waiting.locator("#registration-status")).to_contain_text("1")  # number 1 on the waitlist
    expect(waiting.locator('#registration a[href^="/r/"]')).to_have_count(0)
    expect(waiting.locator('#registration form[action$="/cancel"]')).to_be_visible()

    statuses = registrations(session_id)
    assert {email: row[0] for email, row in statuses.items()} == {
        first.email: "confirmed", second.email: "confirmed", third.email: "waitlisted"}
    assert confirmed_seats(session_id) == 2

    # 3. The first participant cannot come after all and cancels from My agenda ...
    leaving = panel[first.email]
    leaving.locator('#main-nav a[href="/me/agenda"]').click()
    agenda_entry = leaving.locator("#main li.list-group-item").filter(
        has=leaving.locator(f'a[href="{session_path}"]'))
    expect(agenda_entry).to_have_count(1)
    accept_next_dialog(leaving)
    agenda_entry.locator('form[action^="/registrations/"][action$="/cancel"] [type=submit]').click()
    expect(leaving.locator("#main > .alert-info")).to_be_visible()
    expect(leaving).to_have_url(re.compile(r"/me/agenda$"))
    expect(agenda_entry).to_have_count(0)

    # ... which gives the seat to the third, who is told by email with the ticket attached.
    statuses = registrations(session_id)
    assert {email: row[0] for email, row in statuses.items()} == {
        first.email: "cancelled", second.email: "confirmed", third.email: "confirmed"}
    assert confirmed_seats(session_id) == 2
    promoted = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "registrations.promoted")).all()
    assert [message.recipient_email for message in promoted] == [third.email]
    assert TITLE_VI in promoted[0].subject  # the subject names the workshop in the recipient's language
    assert [a.filename for a in promoted[0].attachments] == TICKET_ATTACHMENTS
    assert promoted[0].attachments[0].content_type == "image/png"
    assert promoted[0].attachments[0].content.startswith(b"\x89PNG\r\n\x1a\n")
    db.session.rollback()

    promoted_ticket = emailed_link(third.email, "/r/")
    waiting.reload()
    expect(waiting.locator("#registration-status .badge.text-bg-success")).to_be_visible()
    waiting.locator('#registration a[href^="/r/"]').click()
    expect(waiting).to_have_url(promoted_ticket)  # the ticket page is the one the mail links to
    expect(waiting.locator(".ticket-qr svg")).to_be_visible()
    third_code = waiting.locator("#ticket-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", third_code)
    assert third_code.replace("-", "") == statuses[third.email][3]

    # 4. At the door, the organiser opens the session's check-in desk, then uses it on a phone.
    desk.locator(f'#main nav a[href="{manage}/sessions"]').click()
    expect(desk.locator(f"#session-{session_id} [data-field=seats] a")).to_have_text("2 / 2")
    desk.locator(f"#session-{session_id} [data-field=seats] a").click()
    check_in_path = f"{manage}/sessions/{session_id}/check-in"
    desk.locator(f'#main a[href="{check_in_path}"]').click()
    expect(desk).to_have_url(re.compile(re.escape(check_in_path) + "$"))

    phone = new_context(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.goto(f"/account/login?next={check_in_path}")
    phone.locator("#email").fill(organiser.email)
    fill_sign_in(phone)
    expect(phone).to_have_url(re.compile(re.escape(check_in_path) + "$"))
    arrivals = phone.locator("#arrivals li")
    expect(arrivals).to_have_count(1)  # "nobody has arrived yet"
    expect(phone.locator("#scanner-message")).not_to_be_empty()  # headless Chromium has no BarcodeDetector
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    # The third tells the code on the ticket: typed in, in lower case as people do.
    expect(phone.locator("#code")).to_be_focused()
    phone.locator("#code").fill(third_code.lower())
    phone.locator("#check-in-form [type=submit]").tap()
    expect(phone.locator("#main > .alert-success")).to_contain_text(third.name)
    expect(arrivals).to_have_count(1)
    expect(arrivals.first).to_contain_text(third.name)

    # The second shows the QR code: what the camera reads is the whole ticket address.
    second_ticket = emailed_link(second.email, "/r/")
    assert second_ticket.startswith("http") and second_ticket.endswith(f"/r/{statuses[second.email][3]}")
    phone.locator("#code").fill(second_ticket)
    phone.locator("#check-in-form [type=submit]").tap()
    expect(phone.locator("#main > .alert-success")).to_contain_text(second.name)
    expect(arrivals).to_have_count(2)
    expect(phone.locator("#arrivals")).to_contain_text(third.name)
    screenshot(phone, "check-in-mobile")

    # The same code again is refused, next to the field, and nobody is added.
    phone.locator("#code").fill(third_code)
    phone.locator("#check-in-form [type=submit]").tap()
    expect(phone.locator("#code-error")).to_be_visible()
    expect(phone.locator("#code-error")).to_contain_text(third_code)
    expect(phone.locator("#code-error")).to_contain_text(third.name)
    expect(phone.locator("#code")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(phone.locator("#code")).to_have_value("")
    expect(phone.locator("#main > .alert-success")).to_have_count(0)
    expect(arrivals).to_have_count(2)

    # So is the ticket of the person who cancelled.
    phone.locator("#code").fill(emailed_link(first.email, "/r/"))
    phone.locator("#check-in-form [type=submit]").tap()
    expect(phone.locator("#code-error")).to_contain_text(first.name)
    expect(arrivals).to_have_count(2)

    statuses = registrations(session_id)
    assert statuses[first.email][:3] == ("cancelled", None, None)
    for participant in (second, third):
        status, checked_in_at, checked_in_by, _code = statuses[participant.email]
        assert (status, checked_in_by) == ("confirmed", organiser.id)
        assert checked_in_at is not None
    assert statuses[third.email][1] <= statuses[second.email][1]

    # The desk on the laptop shows the same arrivals.
    desk.reload()
    expect(desk.locator("#arrivals li")).to_have_count(2)
    expect(desk.locator("#arrivals")).to_contain_text(second.name)
    expect(desk.locator("#arrivals")).to_contain_text(third.name)
