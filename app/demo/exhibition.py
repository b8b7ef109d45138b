"""Demo exhibition of Techfest Vietnam 2026: two halls of 30 booths, 40 exhibitors, virtual stalls,
leads, meeting slots and stall visits.

Written straight with the models (no services, no e-mails). It runs once per database: when the
edition already has its exhibition settings, nothing is added.
"""
from __future__ import annotations

import hashlib
import random
import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from app.accounts.models import User
from app.core.text import fold
from app.core.time import utcnow
from app.demo import demo_user
from app.demo.exhibitors import (APPLICATION_NOTES, EXHIBITORS, FEATURED, LEADS, MEETING_STALLS, MEETINGS,
                                 ONLINE_ONLY, REJECTION_REASONS, VIDEOS)
from app.demo.festival import VILLAGES
from app.events.models import Edition, Venue, Village
from app.exhibition.models import (Booth, BoothApplication, BoothBooking, BoothType, Exhibition, ExhibitionDay, Hall,
                                   StaffPass)
from app.extensions import db
from app.leads.models import Lead
from app.meetings.models import Meeting, MeetingSlot
from app.registrations.codes import new_code
from app.stalls.models import Product, Stall, StallVisit
from app.stalls.services import ensure_stall, search_text_for
from app.teams.models import MemberRole, Membership, Organisation, Province

EDITION_SLUG = "techfest-vietnam-2026"
SHELL = ("Vách ngăn, bảng tên có mã gian, thảm, {tables} bàn, {chairs} ghế, {lights} đèn spotlight, "
         "{sockets} ổ cắm 500 W.",
         "Walls, a name board with the booth code, carpet, {tables} table(s), {chairs} chairs, {lights} spotlights, "
         "{sockets} × 500 W socket(s).")
BOOTH_TYPES = {  # key: name vi, name en, width, depth, price (VND), for startups, furniture
    "standard": ("Gian tiêu chuẩn 3×3 m", "Standard shell scheme 3×3 m", 3.0, 3.0, 12_000_000, False, (1, 2, 2, 1)),
    "large": ("Gian đôi 6×3 m", "Double booth 6×3 m", 6.0, 3.0, 24_000_000, False, (2, 4, 4, 2)),
    "corner": ("Gian góc 3×3 m (mở hai mặt)", "Corner booth 3×3 m (open on two sides)", 3.0, 3.0, 15_000_000, False,
               (1, 2, 2, 1)),
    "pod": ("Pod khởi nghiệp 2×2 m", "Startup pod 2×2 m", 2.0, 2.0, 0, True, (1, 2, 1, 1)),
}
# Two blocks of back-to-back rows between 3 m aisles, then a row of startup pods along the back wall.
HALL_WIDTH, HALL_DEPTH, AISLE = 27.0, 24.0, 3.0
ROWS = [(3.0, "CSSSSSC"), (6.0, "CSSSSSC"), (12.0, "LSSSL"), (15.0, "SSSSSSS")]
PODS_Y, POD_COUNT, POD_GAP = 21.0, 4, 1.0
ROW_TYPES = {"S": "standard", "C": "corner", "L": "large"}
HALLS = [  # code, name vi, name en, village slug
    ("A", "Khu A – Nông nghiệp & Môi trường", "Hall A – Agritech & Environment", "nong-nghiep"),
    ("B", "Khu B – Chuyển đổi số", "Hall B – Digital transformation", "chuyen-doi-so"),
]
HELD = {"A-01": "Nhà tài trợ Kim cương / Diamond sponsor", "B-01": "Nhà tài trợ Vàng / Gold sponsor",
        "B-17": "Bàn thông tin Ban tổ chức / Organisers' information desk"}
SECTOR_VILLAGES = {"agritech": "nong-nghiep", "cleantech": "nong-nghiep", "edtech": "giao-duc",
                   "fintech": "tai-chinh-so"}
HALL_SECTORS = {"agritech", "cleantech"}  # the rest exhibit in Hall B
HIDDEN_STALLS = {"coinx"}  # taken down by organisers: an unlicensed exchange
SLOT_TIMES = [("09:00", 8), ("14:00", 6)]  # per exhibition day: first slot, number of slots
COUNTRIES = {"KR": ("Hàn Quốc", "Korea"), "JP": ("Nhật Bản", "Japan")}
CONTACT_ROLES = {"startup": "Nhà sáng lập – CEO", "company": "Giám đốc phát triển kinh doanh",
                 "university": "Phụ trách hợp tác doanh nghiệp"}
ABOUT = {
    "startup": ("là startup thành lập năm {year} tại {place}.", "is a startup founded in {year} in {place}."),
    "company": ("là doanh nghiệp công nghệ thành lập năm {year} tại {place}.",
                "is a technology company founded in {year} in {place}."),
    "university": ("nghiên cứu và chuyển giao công nghệ tại {place} từ năm {year}.",
                   "has done research and technology transfer in {place} since {year}."),
}
NOTES_VI = ("Dàn dựng gian hàng: 13:00–20:00 ngày 9/12/2026. Triển lãm mở cửa 08:00–17:30 ngày 10 và 11/12.\n\n"
            "Mỗi gian có thẻ nhân sự mang mã QR, vui lòng xuất trình ở cổng. Phí gian hàng chuyển khoản trước "
            "ngày 30/11/2026; pod khởi nghiệp miễn phí.")
NOTES_EN = ("Stand set-up: 13:00–20:00 on 9 December 2026. The exhibition is open 08:00–17:30 on 10 and "
            "11 December.\n\nEvery booth's staff get passes with a QR code to show at the entrance. Booth fees are "
            "paid by bank transfer before 30 November 2026; startup pods are free.")


def _local(edition: Edition, day: date, hhmm: str = "00:00") -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=edition.zone).astimezone(UTC)


def booth_layout() -> list[tuple[str, float, float]]:
    """One hall's booths in code order (01, 02, …): ``(booth type key, x, y)`` in metres."""
    places = []
    for y, pattern in ROWS:
        x = AISLE
        for letter in pattern:
            places.append((ROW_TYPES[letter], x, y))
            x += BOOTH_TYPES[ROW_TYPES[letter]][2]
    pod_width = BOOTH_TYPES["pod"][2]
    places += [("pod", AISLE + i * (pod_width + POD_GAP), PODS_Y) for i in range(POD_COUNT)]
    return places


def _month_start(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _exhibition(edition: Edition) -> Exhibition:
    """Open for applications; stalls online from a month before the edition to the end of its month."""
    first_day, eve = edition.starts_on, edition.starts_on - timedelta(days=1)
    exhibition = Exhibition(
        edition=edition, applications_open=True, exhibitors_pick_booths=True, booths_per_exhibitor=1,
        setup_starts_at=_local(edition, eve, "13:00"), setup_ends_at=_local(edition, eve, "20:00"),
        online_opens_at=_local(edition, _month_start(first_day, -1)),
        online_closes_at=_local(edition, _month_start(first_day, 1)),
        stall_owners_see_analytics=True, notes_vi=NOTES_VI, notes_en=NOTES_EN)
    for offset in range(2):
        exhibition.days.append(ExhibitionDay(day=first_day + timedelta(days=offset), opens_at=time(8, 0),
                                             closes_at=time(17, 30)))
    db.session.add(exhibition)
    return exhibition


def _villages(edition: Edition) -> dict[str, Village]:
    """The edition's villages, adding the four the exhibition's halls and stalls belong to."""
    villages = {v.slug: v for v in edition.villages}
    wanted = [v for v in VILLAGES if v[0] in ("nong-nghiep", "chuyen-doi-so", "giao-duc", "tai-chinh-so")]
    for position, (slug, vi, en, head_email, _name) in enumerate(wanted):
        if slug in villages:
            continue
        head = db.session.scalar(select(User).where(User.email == head_email))
        villages[slug] = Village(edition=edition, slug=slug, name_vi=vi, name_en=en, position=position, head=head,
                                 description_vi=f"{vi}: khu triển lãm, gian hàng trực tuyến và kết nối đầu tư.",
                                 description_en=f"{en}: exhibition zone, virtual stalls and investor meetings.")
        db.session.add(villages[slug])
    return villages


def _booth_types(edition: Edition) -> dict[str, BoothType]:
    types = {}
    for position, (key, (vi, en, width, depth, price, startups, furniture)) in enumerate(BOOTH_TYPES.items()):
        tables, chairs, lights, sockets = furniture
        includes = [text.format(tables=tables, chairs=chairs, lights=lights, sockets=sockets) for text in SHELL]
        if key == "pod":
            includes = ["Quầy thông tin, 2 ghế cao, bảng tên có mã gian, 1 đèn, 1 ổ cắm 500 W. Miễn phí cho startup.",
                        "An information counter, two bar stools, a name board with the booth code, one light, "
                        "one 500 W socket. Free for startups."]
        types[key] = BoothType(edition=edition, name_vi=vi, name_en=en, width=width, depth=depth, price_vnd=price,
                               for_startups=startups, includes_vi=includes[0], includes_en=includes[1],
                               position=position)
    db.session.add_all(types.values())
    return types


def _halls(edition: Edition, villages: dict[str, Village], types: dict[str, BoothType]) -> dict[str, Booth]:
    venue = db.session.scalar(select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.id))
    booths = {}
    for position, (code, vi, en, village) in enumerate(HALLS):
        hall = Hall(edition=edition, code=code, name_vi=vi, name_en=en, village=villages.get(village), venue=venue,
                    width=HALL_WIDTH, depth=HALL_DEPTH, position=position)
        for number, (kind, x, y) in enumerate(booth_layout(), start=1):
            booth_code = f"{code}-{number:02d}"
            booth_type = types[kind]
            booths[booth_code] = Booth(edition=edition, hall=hall, booth_type=booth_type, code=booth_code, x=x, y=y,
                                       width=booth_type.width, depth=booth_type.depth,
                                       is_held=booth_code in HELD, hold_note=HELD.get(booth_code))
        db.session.add(hall)
    return booths


def _organisation(exhibitor, password: str, provinces: dict[str, Province]) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == exhibitor.name))
    if organisation is not None:
        return organisation
    abroad = exhibitor.place in COUNTRIES
    owner = demo_user(f"{exhibitor.key}@techfest.example", exhibitor.owner, password, locale="en" if abroad else "vi")
    province = None if abroad else provinces[exhibitor.place]
    if owner.province_id is None and province is not None:
        owner.province = province
    slug = re.sub(r"[^a-z0-9]+", "-", fold(exhibitor.name.split(" – ")[0].split(" (")[0])).strip("-")
    organisation = Organisation(kind=exhibitor.kind, sector=exhibitor.sector, stage=None,
                                country_code=exhibitor.place if abroad else "VN", province=province,
                                founded_year=exhibitor.founded, website=f"https://{slug}.example",
                                pitch_vi=exhibitor.tagline_vi, pitch_en=exhibitor.tagline_en)
    organisation.set_name(exhibitor.name)
    organisation.memberships.append(Membership(user=owner, role=MemberRole.OWNER))
    db.session.add(organisation)
    return organisation


def _application(edition, exhibitor, organisation, booths, types, halls, organiser, index) -> BoothApplication:
    booth = booths.get(exhibitor.booth)
    booth_type = booth.booth_type if booth else types[exhibitor.booth]
    created = datetime(2026, 10, 5, 2, tzinfo=UTC) + timedelta(hours=19 * index)
    decided = exhibitor.status != "submitted"
    application = BoothApplication(
        edition=edition, organisation=organisation, applicant=organisation.owner, booth_type=booth_type,
        preferred_hall=booth.hall if booth else halls["A" if exhibitor.sector in HALL_SECTORS else "B"],
        preferred_booth=booth if booth and index % 3 == 0 else None,
        products="; ".join(product[0] for product in exhibitor.products),
        staff_count=4 if booth_type.width >= 6 else 2, note=APPLICATION_NOTES.get(exhibitor.key),
        status=exhibitor.status, rejection_reason=REJECTION_REASONS.get(exhibitor.key),
        payment_status=exhibitor.payment, created_at=created,
        decided_at=created + timedelta(days=4) if decided else None, decided_by=organiser if decided else None)
    if booth is not None:
        picked = index % 4 == 1
        application.bookings.append(BoothBooking(booth=booth, picked_by_exhibitor=picked,
                                                 created_at=created + timedelta(days=4, hours=2),
                                                 created_by_id=organisation.owner.id if picked else organiser.id))
        application.booths_taken = 1
    db.session.add(application)
    return application


def _description(organisation: Organisation, tagline: tuple[str, str], products, booth: Booth | None,
                 days: list[date]) -> tuple[str, str]:
    if organisation.country_code in COUNTRIES:
        place = COUNTRIES[organisation.country_code]
    else:
        place = (organisation.province.name_vi, organisation.province.name_en)
    texts = []
    for lang, heading in ((0, "Sản phẩm và công nghệ"), (1, "Products and technology")):
        about = ABOUT[organisation.kind][lang].format(year=organisation.founded_year, place=place[lang])
        lines = [f"{tagline[lang]}.", "", f"**{organisation.name}** {about}", "", f"### {heading}",
                 *(f"- **{p[lang]}**: {p[2 + lang]}" for p in products)]
        if booth is not None:
            when = f"{days[0].day}–{days[-1].day}/{days[0].month}/{days[0].year}"
            lines += ["", f"Gặp chúng tôi tại gian **{booth.code}** ({booth.hall.name_vi}), ngày {when}." if lang == 0
                      else f"Meet us at booth **{booth.code}** ({booth.hall.name_en}), {when}."]
        texts.append("\n".join(lines))
    return texts[0], texts[1]


def _stall(edition, organisation, key, tagline, products, booth, villages, days) -> Stall:
    village = villages.get(SECTOR_VILLAGES.get(organisation.sector, "chuyen-doi-so"))
    stall = ensure_stall(edition, organisation, village_id=village.id if village else None)
    owner = organisation.owner
    stall.tagline_vi, stall.tagline_en = tagline
    stall.description_vi, stall.description_en = _description(organisation, tagline, products, booth, days)
    stall.contact_name, stall.contact_email = owner.name, owner.email
    stall.contact_role = ("Country Manager, Viet Nam" if organisation.country_code in COUNTRIES
                          else CONTACT_ROLES[organisation.kind])
    stall.video_url = f"https://www.youtube-nocookie.com/embed/{VIDEOS[key]}" if key in VIDEOS else None
    stall.is_featured = key in FEATURED
    stall.featured_position = FEATURED.index(key) + 1 if key in FEATURED else 0
    stall.is_hidden = key in HIDDEN_STALLS
    stall.hidden_reason = REJECTION_REASONS[key] if key in HIDDEN_STALLS else None
    for position, (name_vi, name_en, text_vi, text_en, price, stage) in enumerate(products):
        stall.products.append(Product(name_vi=name_vi, name_en=name_en, description_vi=text_vi, description_en=text_en,
                                      price_vnd=price, stage=stage, position=position))
    stall.search_text = search_text_for(stall)
    return stall


def _leads(stalls: dict[str, Stall], users: dict[str, User], now: datetime) -> int:
    for index, (key, email, name, address, company, interest, status, days_ago, locale, message) in enumerate(LEADS):
        user = users.get(email) if email else None
        created = now - timedelta(days=days_ago, hours=2 + index % 7)
        db.session.add(Lead(stall=stalls[key], user=user, name=user.name if user else name,
                            email=user.email if user else address, company=company, interest=interest,
                            message=message, locale=locale, status=status, created_at=created,
                            status_changed_at=None if status == "new" else min(now, created + timedelta(hours=20))))
    return len(LEADS)


def _slots(edition: Edition, stalls: dict[str, Stall], booths_of: dict[str, Booth], days: list[date]) -> dict:
    """15-minute slots every 20 minutes at the booth; online without a booth, or on day two for remote teams."""
    slots = {}
    for key, link in MEETING_STALLS.items():
        booth = booths_of.get(key)
        for day_index, (first, count) in enumerate(SLOT_TIMES):
            online = booth is None or (link is not None and day_index == 1)
            for n in range(count):
                starts_at = _local(edition, days[day_index], first) + timedelta(minutes=20 * n)
                start = starts_at.astimezone(edition.zone).strftime("%H:%M")
                slots[key, day_index, start] = MeetingSlot(
                    stall=stalls[key], starts_at=starts_at, ends_at=starts_at + timedelta(minutes=15),
                    mode="online" if online else "booth",
                    location=link if online else f"Gian {booth.code} – bàn gặp gỡ / meeting table")
    db.session.add_all(slots.values())
    return slots


def _meetings(slots: dict, stalls: dict[str, Stall], users: dict[str, User], now: datetime) -> int:
    booked = 0
    for index, (key, day_index, start, email, topic, cancelled_by) in enumerate(MEETINGS):
        visitor = users.get(email)
        if visitor is None:
            continue
        created = now - timedelta(days=1 + index % 5)
        canceller = {"visitor": visitor, "owner": stalls[key].organisation.owner}.get(cancelled_by)
        db.session.add(Meeting(
            slot=slots[key, day_index, start], visitor=visitor, topic=topic, created_at=created,
            cancelled_at=created + timedelta(hours=12) if canceller else None, cancelled_by=canceller,
            cancel_reason={"visitor": "Trùng lịch với phiên kết nối đầu tư.",
                           "owner": "Bác sĩ phụ trách có ca trực, mời anh chị chọn khung giờ khác."}.get(cancelled_by)))
        booked += canceller is None
    return booked


def _visits(stalls: list[Stall], exhibition: Exhibition, now: datetime, edition: Edition) -> int:
    """Unique visitors per stall and day over the last two weeks of the online window (featured stalls busier)."""
    rng = random.Random(2026)
    last = min(now.astimezone(edition.zone).date(), exhibition.online_closes_at.astimezone(edition.zone).date())
    first = max(last - timedelta(days=13), exhibition.online_opens_at.astimezone(edition.zone).date())
    rows = []
    for stall in stalls:
        busy = 14 if stall.is_featured else 5
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            for visitor in rng.sample(range(600), rng.randint(0, busy)):
                key = hashlib.sha256(f"demo-visitor-{visitor}-{day}".encode()).hexdigest()
                rows.append({"stall_id": stall.id, "day": day, "visitor_key": key})
    if rows:
        db.session.execute(insert(StallVisit), rows)
    return len(rows)


def _exhibitors(edition, password, booths, types, halls, villages, days) -> tuple[dict, dict]:
    """Organisations, owners, applications and stalls of the 40 exhibitors; their stalls and booths by key."""
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    organiser = db.session.scalar(select(User).where(User.email == "organiser@techfest.example"))
    stalls, booths_of = {}, {}
    for index, exhibitor in enumerate(EXHIBITORS):
        organisation = _organisation(exhibitor, password, provinces)
        db.session.flush()
        application = _application(edition, exhibitor, organisation, booths, types, halls, organiser, index)
        booth = application.bookings[0].booth if application.bookings else None
        if booth is not None:
            booths_of[exhibitor.key] = booth
        if exhibitor.key == "exhibitor":
            _staff_passes(application)
        stalls[exhibitor.key] = _stall(edition, organisation, exhibitor.key,
                                       (exhibitor.tagline_vi, exhibitor.tagline_en), exhibitor.products, booth,
                                       villages, days)
    return stalls, booths_of


def _online_only_stalls(edition, villages, days) -> dict[str, Stall]:
    stalls = {}
    for name, (key, products) in ONLINE_ONLY.items():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is not None:
            tagline = (organisation.pitch_vi.rstrip("."), organisation.pitch_en.rstrip("."))
            stalls[key] = _stall(edition, organisation, key, tagline, products, None, villages, days)
    return stalls


def _staff_passes(application: BoothApplication) -> None:
    owner = application.organisation.owner
    for name, email in ((owner.name, owner.email), ("Nguyễn Thị Thanh Thủy", "thuy.nguyen@example.vn")):
        application.staff_passes.append(StaffPass(name=name, email=email, check_in_code=new_code()))


def seed_exhibition(password: str) -> str:
    """Exhibition of Techfest Vietnam 2026: halls A and B, 60 booths, 40 exhibitors with stalls, leads, meetings."""
    edition = db.session.scalar(select(Edition).where(Edition.slug == EDITION_SLUG))
    if edition is None:
        return f"exhibition {EDITION_SLUG}: no such edition"
    if db.session.scalar(select(Exhibition.id).where(Exhibition.edition_id == edition.id)):
        return f"exhibition {EDITION_SLUG}: already there"
    now = utcnow()
    exhibition = _exhibition(edition)
    days = [day.day for day in exhibition.days]
    villages = _villages(edition)
    types = _booth_types(edition)
    booths = _halls(edition, villages, types)
    halls = {booth.hall.code: booth.hall for booth in booths.values()}
    db.session.flush()
    stalls, booths_of = _exhibitors(edition, password, booths, types, halls, villages, days)
    stalls |= _online_only_stalls(edition, villages, days)
    db.session.flush()
    emails = {lead[1] for lead in LEADS if lead[1]} | {meeting[3] for meeting in MEETINGS}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    leads = _leads(stalls, users, now)
    slots = _slots(edition, stalls, booths_of, days)
    booked = _meetings(slots, stalls, users, now)
    visits = _visits(list(stalls.values()), exhibition, now, edition)
    return (f"exhibition {EDITION_SLUG}: {len(halls)} halls, {len(booths)} booths ({len(booths_of)} taken, "
            f"{len(HELD)} held), {len(EXHIBITORS)} exhibitors, {len(stalls)} stalls, {leads} leads, "
            f"{len(slots)} meeting slots ({booked} booked), {visits} stall visits")
