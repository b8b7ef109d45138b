"""Issue #5's journeys in Chromium, with CSRF on as in production.

1. Booth: a startup applies for a booth from the public exhibition page, the organiser approves the
   application and assigns booth A-12, and the public floor plan shows A-12 taken by the startup,
   on a desktop and on a phone (where the plan fits the screen and zooms).
2. Visitor: a visitor searches the stall directory without diacritics ("can tho" finds "Cần Thơ"),
   opens the cooperative's stall, sends it a contact request (past the form's bot check) and books a
   meeting slot; the cooperative's owner sees both, and both sides got a calendar file.

Factories make only the starting data; everything else goes through the UI, and only the database is
read to check. Elements are found by ids, names, form actions, links and data-* attributes, never by
translated text, as the catalogues change. The edition lies two weeks ahead of the real clock, so the
meeting slots are in the future whenever the suite runs.
"""
from __future__ import annotations

import re
import time
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.accounts.models import User
from app.core.time import utcnow
from app.exhibition.models import BoothApplication
from app.extensions import db
from app.leads import bots
from app.leads.models import Lead
from app.meetings.models import Meeting
from app.notifications.models import OutboxAttachment, OutboxMessage
from app.stalls.services import ensure_stall
from tests.browser.conftest import MOBILE
from tests.browser.steps import person, sign_in
from tests.factories import (make_booth, make_booth_application, make_booth_type, make_edition, make_exhibition,
                             make_hall, make_meeting_slot, make_organisation, make_product, make_province,
                             make_user)

pytestmark = pytest.mark.browser

ZONE = "Asia/Ho_Chi_Minh"


def read(query):
    """Run a read and hold no transaction open while the server writes."""
    try:
        return query()
    finally:
        db.session.rollback()


def mail_to(address: str, kind: str) -> list:
    """The queued messages of ``kind`` to ``address``: (id, text body, html body), oldest first."""
    return read(lambda: db.session.execute(select(OutboxMessage.id, OutboxMessage.body_text, OutboxMessage.body_html)
                                           .where(OutboxMessage.recipient_email == address,
                                                  OutboxMessage.kind == kind)
                                           .order_by(OutboxMessage.id)).all())


def festival_days(weeks_ahead: int = 2):
    """An edition's first and last day, ``weeks_ahead`` weeks after today in Viet Nam."""
    first = utcnow().astimezone(ZoneInfo(ZONE)).date() + timedelta(weeks=weeks_ahead)
    return first, first + timedelta(days=2)


def width_of(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["width"]


# Journey 1: a booth, from the application to the floor plan ---------------------------------

BOOTH_SLUG = "techfest-hai-phong-2026"
PRODUCTS = "Cảm biến độ mặn cho ao tôm, đo liên tục và gửi cảnh báo qua Zalo.\nBản đồ độ mặn theo thời gian thực."


def test_exhibitor_applies_organiser_assigns_a12_and_the_plan_shows_it_taken(new_context, screenshot):
    # Starting data: an edition whose exhibition takes applications, with hall A (30 × 14 m) and two rows of
    # booths A-01 … A-16 (two taken by other startups, one held for a sponsor), a standard type and a startup pod.
    first_day, last_day = festival_days()
    organiser = person(make_user(name="Đỗ Thị Thanh Hương"))
    edition = make_edition(slug=BOOTH_SLUG, name_vi="Techfest Hải Phòng 2026", name_en="Techfest Haiphong 2026",
                           starts_on=first_day, ends_on=last_day, organisers=(db.session.get(User, organiser.id),))
    make_exhibition(edition, days=(first_day, first_day + timedelta(days=1)))
    standard = make_booth_type(edition, price_vnd=12_000_000, includes="Vách ngăn, 1 bàn, 2 ghế, ổ điện")
    make_booth_type(edition, name_vi="Gian khởi nghiệp 2×2 m", name_en="Startup pod 2×2 m", width=2.0, depth=2.0,
                    for_startups=True)
    hall = make_hall(edition, code="A", name_vi="Khu A · Nông nghiệp", name_en="Hall A · Agriculture", width=30.0,
                     depth=14.0)
    booths = {f"A-{number + 1:02d}": make_booth(hall, code=f"A-{number + 1:02d}", booth_type=standard,
                                                x=1.0 + 3.5 * (number % 8), y=1.0 if number < 8 else 9.0,
                                                is_held=number == 14, hold_note="Nhà tài trợ" if number == 14 else None)
              for number in range(16)}
    for code, name in (("A-03", "Nông Sản Xanh"), ("A-11", "Học Vui")):
        make_booth_application(edition, organisation=make_organisation(name=name), booth=booths[code])
    exhibitor = person(make_user(name="Phạm Minh Tuấn"))
    startup = make_organisation(db.session.get(User, exhibitor.id), name="Công ty Cảng Xanh")
    startup_id, standard_id, hall_id, a12_id = startup.id, standard.id, hall.id, booths["A-12"].id
    db.session.rollback()
    exhibition_path = f"/e/{BOOTH_SLUG}/exhibition"

    # 1. The startup's founder opens the exhibition page and applies for a booth (signing in on the way).
    desk = new_context().new_page()
    desk.goto(exhibition_path)
    expect(desk.locator('svg g[data-code="A-12"]')).to_have_attribute("data-state", "free")
    desk.locator("#apply-for-booth").click()
    sign_in(desk, exhibitor)
    expect(desk).to_have_url(re.compile(re.escape(f"{exhibition_path}/apply") + "$"))
    form = desk.locator("#application-form")
    expect(form.locator('input[name="organisation_id"]')).to_have_value(str(startup_id))
    form.locator("#booth_type_id").select_option(str(standard_id))
    form.locator("#preferred_hall_id").select_option(str(hall_id))
    form.locator("#products").fill(PRODUCTS)
    form.locator("#staff_count").fill("3")
    form.locator("[type=submit]").click()

    expect(desk).to_have_url(re.compile(r"/me/exhibitions/\d+$"))
    application_id = int(re.search(r"/me/exhibitions/(\d+)$", desk.url).group(1))
    expect(desk.locator("#main .alert-success")).to_be_visible()
    expect(desk.locator('#application-facts [data-fact="products"]')).to_have_text(PRODUCTS)
    applied = read(lambda: db.session.execute(select(
        BoothApplication.organisation_id, BoothApplication.status, BoothApplication.booth_type_id,
        BoothApplication.preferred_hall_id, BoothApplication.staff_count, BoothApplication.products,
    ).where(BoothApplication.id == application_id)).one())
    # Browsers send a textarea's line breaks as CRLF (the HTML standard); the page shows them as typed.
    assert (*applied[:5], applied.products.replace("\r\n", "\n")) == (
        startup_id, "submitted", standard_id, hall_id, 3, PRODUCTS)
    assert len(mail_to(exhibitor.email, "exhibition.application_received")) == 1

    # 2. The organiser opens the edition's applications, approves this one and assigns booth A-12.
    office = new_context().new_page()
    sign_in(office, organiser, go=True)
    office.goto(f"/manage/e/{BOOTH_SLUG}/exhibition/applications")
    row = office.locator(f'#applications tr[data-application="{application_id}"]')
    expect(row.locator('[data-field="status"]')).not_to_be_empty()
    row.locator("a").first.click()
    expect(office).to_have_url(re.compile(rf"/exhibition/applications/{application_id}$"))
    approve = office.locator("#approve-form")
    approve.locator("#booth_id").select_option(str(a12_id))
    approve.locator("[type=submit]").click()

    expect(office.locator("#main .alert-success")).to_be_visible()
    expect(office.locator('#application-facts [data-fact="booths"]')).to_contain_text("A-12")
    expect(office.locator("#approve-form")).to_have_count(0)

    # The founder is emailed: approved, with booth A-12.
    approved = mail_to(exhibitor.email, "exhibition.application_approved")
    assert len(approved) == 1
    assert "A-12" in approved[0].body_text and "A-12" in approved[0].body_html

    # 3. The public plan shows A-12 taken by the startup, linking to its new virtual stall.
    desk.goto(exhibition_path)
    a12 = desk.locator('svg g[data-code="A-12"]')
    expect(a12).to_have_attribute("data-state", "taken")
    expect(a12.locator("title")).to_contain_text("Công ty Cảng Xanh")
    expect(a12.locator("text.booth-exhibitor").first).to_be_visible()
    expect(desk.locator('svg a:has(g[data-code="A-12"])')).to_have_attribute(
        "href", re.compile(rf"^/e/{BOOTH_SLUG}/stalls/\d+$"))
    expect(desk.locator('svg g[data-code="A-13"]')).to_have_attribute("data-state", "free")
    expect(desk.locator('svg g[data-code="A-15"]')).to_have_attribute("data-state", "held")
    expect(desk.locator("#count-taken strong")).to_have_text("3")
    expect(desk.locator('tr[data-code="A-12"]')).to_contain_text("Công ty Cảng Xanh")
    screenshot(desk, "exhibition-plan")

    # 4. On a phone: the page does not scroll sideways, the whole hall fits the screen, and "+" enlarges it
    #    inside the plan's own scrolling frame.
    phone = new_context(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.goto(exhibition_path)
    figure = f"#plan-{hall_id}"
    expect(phone.locator(f'{figure} g[data-code="A-12"]')).to_have_attribute("data-state", "taken")
    expect(phone.locator(figure)).to_have_attribute("data-zoom-level", "1.00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    frame = phone.locator(f"{figure} [data-plan-viewport]").bounding_box()
    whole = width_of(phone, f"{figure} svg.floor-plan-svg")
    assert frame["x"] >= 0 and frame["x"] + frame["width"] <= MOBILE["width"]
    assert frame["width"] - 4 <= whole <= frame["width"]  # the SVG fills its frame (less the border)
    screenshot(phone, "exhibition-plan-phone")
    phone.locator(f'{figure} [data-zoom="in"]').tap()
    expect(phone.locator(figure)).to_have_attribute("data-zoom-level", "1.50")
    assert width_of(phone, f"{figure} svg.floor-plan-svg") == pytest.approx(whole * 1.5, abs=2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]  # the plan scrolls, not the page
    phone.locator(f'{figure} [data-zoom="reset"]').tap()
    expect(phone.locator(figure)).to_have_attribute("data-zoom-level", "1.00")


# Journey 2: a visitor finds a stall, writes to it and books a meeting ------------------------

STALL_SLUG = "techfest-can-tho-2026"
COOPERATIVE = "Hợp tác xã Nông nghiệp Cần Thơ"
MESSAGE = "Chúng tôi muốn nhập 20 tấn gạo ST25 mỗi tháng cho chuỗi siêu thị. Xin báo giá và lịch thăm vùng trồng."
TOPIC = "Báo giá gạo ST25"


def test_visitor_finds_a_stall_without_diacritics_sends_a_lead_and_books_a_meeting(new_context, screenshot):
    # Starting data: an edition two weeks ahead whose stalls are online from yesterday, four stalls (two from
    # Cần Thơ: the cooperative, and one found by its province only), a product and three meeting slots.
    first_day, last_day = festival_days()
    now = utcnow()
    edition = make_edition(slug=STALL_SLUG, name_vi="Techfest Cần Thơ 2026", name_en="Techfest Can Tho 2026",
                           starts_on=first_day, ends_on=last_day)
    make_exhibition(edition, online_opens_at=now - timedelta(days=1), online_closes_at=now + timedelta(days=60))
    can_tho = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    hai_phong = make_province(code="hai-phong", name_vi="Hải Phòng", name_en="Hai Phong")
    ha_noi = make_province(code="ha-noi", name_vi="Hà Nội", name_en="Ha Noi")
    owner = person(make_user(name="Nguyễn Thị Lan", locale="en"))
    cooperative = make_organisation(db.session.get(User, owner.id), name=COOPERATIVE, kind="company",
                                    province=can_tho, pitch_vi="Gạo ST25 và trái cây sạch từ đồng bằng sông Cửu Long.",
                                    pitch_en="ST25 rice and clean fruit from the Mekong Delta.")
    others = [make_organisation(name=name, province=province) for name, province in (
        ("Gạo Mekong Xanh", can_tho), ("Công ty Cảng Xanh", hai_phong), ("Học Vui", ha_noi))]
    stalls = [ensure_stall(edition, organisation) for organisation in (cooperative, *others)]
    db.session.commit()
    stall_id, mekong_id = stalls[0].id, stalls[1].id
    product = make_product(stalls[0], name_vi="Gạo ST25 hữu cơ", name_en="Organic ST25 rice", price_vnd=45_000)
    first_slot = make_meeting_slot(stalls[0])  # 10:00 on the first day
    slots = [first_slot.id] + [make_meeting_slot(stalls[0], starts_at=first_slot.starts_at + timedelta(minutes=m)).id
                               for m in (30, 60)]
    product_id = product.id
    booked_start = (first_slot.starts_at + timedelta(minutes=30)).astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    visitor = person(make_user(name="Trần Thị Minh Thư", email="minhthu@sieuthi.example.vn"))
    db.session.rollback()

    # 1. A visitor opens the stall directory and searches "can tho" (no diacritics): the two Cần Thơ stalls.
    browser = new_context().new_page()
    browser.goto(f"/e/{STALL_SLUG}/stalls")
    expect(browser.locator("[data-stall-id]")).to_have_count(4)
    browser.locator("#stall-search #q").fill("can tho")
    browser.locator("#stall-search [type=submit]").click()
    expect(browser).to_have_url(re.compile(r"[?&]q=can\+tho"))
    cards = browser.locator("[data-stall-id]")
    expect(cards).to_have_count(2)
    expect(browser.locator(f'[data-stall-id="{mekong_id}"]')).to_be_visible()
    card = browser.locator(f'[data-stall-id="{stall_id}"]')
    expect(card).to_contain_text(COOPERATIVE)
    expect(card).to_contain_text("Cần Thơ")
    expect(browser.locator("#stall-search #q")).to_have_value("can tho")
    screenshot(browser, "stall-directory")

    # 2. ... opens the cooperative's stall and contacts it (without an account).
    card.locator(f'a[href="/e/{STALL_SLUG}/stalls/{stall_id}"]').click()
    expect(browser.locator("#stall-name")).to_have_text(COOPERATIVE)
    expect(browser.locator(f"#product-{product_id}")).to_be_visible()
    screenshot(browser, "stall-page")
    browser.locator("#contact-button").click()
    expect(browser).to_have_url(re.compile(rf"/stalls/{stall_id}/contact$"))
    shown_at = time.monotonic()
    lead_form = browser.locator("#lead-form")
    lead_form.locator("#name").fill(visitor.name)
    lead_form.locator("#email").fill(visitor.email)
    lead_form.locator("#company").fill("Chuỗi siêu thị Xanh")
    lead_form.locator('input[name="interest"][value="purchase"]').check()
    lead_form.locator("#message").fill(MESSAGE)
    lead_form.locator("#consent").check()
    # The form refuses messages sent within seconds of being shown (bots): write like a person.
    remaining = bots.MIN_SECONDS + 0.5 - (time.monotonic() - shown_at)
    if remaining > 0:
        browser.wait_for_timeout(remaining * 1000)
    lead_form.locator("[type=submit]").click()

    expect(browser).to_have_url(re.compile(rf"/stalls/{stall_id}/contact/sent$"))
    expect(browser.locator("#thanks")).to_contain_text(COOPERATIVE)
    lead = read(lambda: db.session.execute(select(Lead.id, Lead.name, Lead.email, Lead.interest, Lead.company,
                                                  Lead.message, Lead.status).where(Lead.stall_id == stall_id)).one())
    assert tuple(lead[1:]) == (visitor.name, visitor.email, "purchase", "Chuỗi siêu thị Xanh", MESSAGE, "new")
    assert [len(mail_to(address, kind)) for address, kind in (
        (owner.email, "leads.received"), (visitor.email, "leads.copy"))] == [1, 1]

    # 3. From the thank-you page, the visitor goes to the meetings, signs in and books the 10:30 slot.
    browser.locator(f'#main a[href="/e/{STALL_SLUG}/stalls/{stall_id}/meetings"]').click()
    expect(browser.locator(f"#slot-{slots[1]}")).to_have_attribute("data-state", "free")
    browser.locator("#sign-in-to-book a").click()
    sign_in(browser, visitor)
    expect(browser).to_have_url(re.compile(rf"/stalls/{stall_id}/meetings$"))
    slot = browser.locator(f"#slot-{slots[1]}")
    slot.locator(f"#topic-{slots[1]}").fill(TOPIC)
    slot.locator("[type=submit]").click()

    expect(browser).to_have_url(re.compile(r"/me/meetings$"))
    expect(browser.locator("#main .alert-success")).to_be_visible()
    expect(browser.locator("#upcoming")).to_contain_text(COOPERATIVE)
    meeting = read(lambda: db.session.execute(select(Meeting.id, Meeting.slot_id, Meeting.visitor_id, Meeting.topic)
                                              .where(Meeting.slot_id.in_(slots))).one())
    assert tuple(meeting[1:]) == (slots[1], visitor.id, TOPIC)

    # Both sides got the booking with a calendar file.
    for address, kind in ((visitor.email, "meetings.booked"), (owner.email, "meetings.booked_stall")):
        messages = mail_to(address, kind)
        assert len(messages) == 1, (address, kind)
        attachments = read(lambda: db.session.execute(select(
            OutboxAttachment.filename, OutboxAttachment.content_type, OutboxAttachment.content,
        ).where(OutboxAttachment.message_id == messages[0].id)).all())
        assert [(name, kind_) for name, kind_, _content in attachments] == [("meeting.ics", "text/calendar")]
        ics = attachments[0].content.decode()
        assert "BEGIN:VEVENT" in ics and booked_start in ics

    # 4. The cooperative's owner signs in and finds the lead and the meeting on the stall's pages.
    office = new_context().new_page()
    sign_in(office, owner, go=True)
    office.goto("/me/stalls")
    office.locator(f'#my-stall-{stall_id} a[href="/me/stalls/{stall_id}"]').click()
    office.locator(f'#main a[href="/me/stalls/{stall_id}/leads"]').click()
    inbox_item = office.locator(f"#lead-{lead.id}")
    expect(inbox_item).to_contain_text(visitor.name)
    expect(inbox_item).to_contain_text(visitor.email)
    expect(inbox_item).to_contain_text(MESSAGE)
    expect(office.locator('#lead-counts [data-count="new"] .badge')).to_have_text("1")
    screenshot(office, "leads-inbox")
    office.locator(f'#main a[href="/me/stalls/{stall_id}/meetings"]').click()
    booked = office.locator(f"#slot-{slots[1]}")
    expect(booked).to_have_attribute("data-state", "booked")
    expect(booked.locator("[data-visitor]")).to_contain_text(visitor.name)
    expect(booked.locator("[data-visitor]")).to_contain_text(TOPIC)
    expect(office.locator(f"#slot-{slots[0]}")).to_have_attribute("data-state", "free")
    screenshot(office, "owner-meetings")
