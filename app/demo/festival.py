"""Demo editions: Techfest Haiphong 2023 (past, full program) and Techfest Vietnam 2026 (open for registration)."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.accounts.models import Role, RoleGrant, User
from app.events.models import Edition, EditionStatus, Room, Session, Speaker, Venue, Village
from app.demo import demo_user
from app.extensions import db
from app.registrations.codes import new_code
from app.registrations.models import Registration, RegistrationStatus

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

VILLAGES = [
    # slug, vi, en, head email, head name
    ("nong-nghiep", "Làng Nông nghiệp công nghệ cao", "High-tech Agriculture Village", "head.agri@techfest.example", "Lương Văn Hiếu"),
    ("giao-duc", "Làng Công nghệ giáo dục", "Edtech Village", "head.edu@techfest.example", "Phan Thị Mai Hương"),
    ("tai-chinh-so", "Làng Tài chính số", "Fintech Village", "head.fin@techfest.example", "Đinh Quốc Bảo"),
    ("chuyen-gia-kieu-bao", "Làng Chuyên gia kiều bào", "Overseas Vietnamese Experts Village", "head.overseas@techfest.example", "Đặng Minh Tuấn"),
    ("quy-dau-tu", "Làng Quỹ đầu tư", "Investment Funds Village", "head.funds@techfest.example", "Trịnh Hoài Nam"),
    ("chuyen-doi-so", "Làng Chuyển đổi số", "Digital Transformation Village", "head.digital@techfest.example", "Bùi Thanh Hà"),
]

SPEAKERS = [
    ("Nguyễn Hoàng Long", "Giám đốc", "Sở Khoa học và Công nghệ Hải Phòng"),
    ("Park Ji-hoon", "Director", "K-Startup Center Hanoi"),
    ("Sato Kenji", "Partner", "VJ Innovation Fund, Tokyo"),
    ("Lê Thị Thu Trang", "Nhà sáng lập", "AgriSense Mekong"),
    ("Trần Quang Vinh", "Tổng giám đốc", "Quỹ Đầu tư Sáng tạo Sông Hồng"),
    ("Vũ Đức Thắng", "Chuyên gia", "Mạng lưới VJOIN"),
    ("Hoàng Thị Lan Anh", "Giảng viên", "Trường Đại học Hàng hải Việt Nam"),
    ("Kim Min-jun", "CEO", "Hanbit Ventures"),
    ("Phạm Quốc Khánh", "Trưởng ban", "Ban Tổ chức Techfest Hải Phòng"),
    ("Emily Tran", "Programme Manager", "Mekong Innovation Accelerator"),
    ("Ngô Văn Thành", "Giám đốc công nghệ", "PortFlow"),
    ("Yamamoto Aiko", "Mentor", "Japan–Vietnam Startup Bridge"),
]

# day offset, start, end, kind, vi, en, room key, village slug, language, registration?, capacity, teams, speakers
HAIPHONG_PROGRAM = [
    (0, "08:30", "10:00", "opening", "Lễ khai mạc Techfest Hải Phòng 2023", "Techfest Haiphong 2023 opening ceremony", "hall", None, "vi", False, None, False, [0, 8]),
    (0, "10:15", "12:00", "conference", "Hội nghị kết nối doanh nghiệp Việt Nam – Hàn Quốc", "Vietnam–Korea business connection conference", "hall", "quy-dau-tu", "vi_en", True, 300, False, [1, 7]),
    (0, "13:30", "15:00", "talk_show", "Talk show: Startup và nhà đầu tư – nói chuyện thật", "Talk show: startups and investors, straight talk", "hall", "quy-dau-tu", "vi", True, 250, False, [2, 4]),
    (0, "13:30", "16:30", "workshop", "Workshop: Xây dựng pitch deck thuyết phục", "Workshop: building a convincing pitch deck", "lab1", None, "vi", True, 40, False, [9]),
    (0, "15:15", "17:00", "workshop", "Workshop: Cảm biến IoT cho nông nghiệp", "Workshop: IoT sensors for farming", "lab2", "nong-nghiep", "vi", True, 30, False, [3]),
    (1, "08:30", "11:30", "training", "Tập huấn: Sở hữu trí tuệ cho startup", "Training: intellectual property for startups", "dost", None, "vi", True, 24, True, [0]),
    (1, "08:30", "10:00", "conference", "Diễn đàn chuyên gia kiều bào Nhật Bản", "Forum of overseas Vietnamese experts in Japan", "hall", "chuyen-gia-kieu-bao", "vi_en", True, 200, False, [5, 11]),
    (1, "10:15", "11:45", "investor", "Kết nối đầu tư: 10 startup gặp 10 quỹ", "Investor connection: 10 startups meet 10 funds", "hall", "quy-dau-tu", "vi_en", True, 120, False, [2, 4, 7]),
    (1, "13:30", "15:30", "workshop", "Workshop: Ứng dụng AI trong giáo dục", "Workshop: AI in education", "lab1", "giao-duc", "vi", True, 40, False, [6]),
    (1, "13:30", "15:00", "talk_show", "Talk show: Tài chính số cho hộ kinh doanh", "Talk show: digital finance for household businesses", "hall", "tai-chinh-so", "vi", True, 200, False, [4]),
    (1, "15:30", "17:00", "networking", "Cà phê kết nối Làng Techfest", "Techfest villages networking coffee", "foyer", None, "vi", False, None, False, []),
    (2, "08:30", "11:30", "training", "Tập huấn: Gọi vốn vòng hạt giống", "Training: raising a seed round", "dost", "quy-dau-tu", "vi", True, 24, True, [2, 9]),
    (2, "08:30", "10:30", "workshop", "Workshop: Chuyển đổi số cho doanh nghiệp cảng biển", "Workshop: digital transformation for port businesses", "lab2", "chuyen-doi-so", "vi", True, 30, False, [10]),
    (2, "09:00", "11:00", "pitching", "Vòng bán kết cuộc thi tìm kiếm tài năng khởi nghiệp", "Startup talent search: semi-final", "hall", None, "vi", False, None, False, [0, 4, 5]),
    (2, "13:30", "15:00", "conference", "Hội thảo: Hải Phòng – thành phố đổi mới sáng tạo", "Seminar: Hai Phong, a city of innovation", "hall", None, "vi", True, 250, False, [0, 8]),
    (2, "13:30", "16:00", "workshop", "Workshop: Thiết kế sản phẩm số lấy người dùng làm trung tâm", "Workshop: user-centred digital product design", "lab1", "chuyen-doi-so", "en", True, 35, False, [11]),
    (3, "08:30", "10:00", "talk_show", "Talk show: Khởi nghiệp từ giảng đường", "Talk show: starting up from the lecture hall", "uni", "giao-duc", "vi", True, 150, False, [6]),
    (3, "10:15", "11:45", "workshop", "Workshop: Blockchain và truy xuất nguồn gốc nông sản", "Workshop: blockchain and farm produce traceability", "lab2", "nong-nghiep", "vi", True, 30, False, [3, 10]),
    (3, "13:30", "15:30", "investor", "Gặp gỡ nhà đầu tư Hàn Quốc", "Meet Korean investors", "hall", "quy-dau-tu", "en", True, 100, False, [1, 7]),
    (3, "13:30", "16:30", "training", "Tập huấn: Kỹ năng trình bày bằng tiếng Anh", "Training: pitching in English", "dost", None, "en", True, 20, True, [9]),
    (4, "08:30", "10:00", "conference", "Hội nghị kết nối Làng Techfest và địa phương", "Techfest villages meet the provinces", "hall", None, "vi", True, 250, False, [8]),
    (4, "10:15", "11:45", "workshop", "Workshop: An toàn thông tin cho startup", "Workshop: cyber-security for startups", "lab1", "chuyen-doi-so", "vi", True, 40, False, [10]),
    (4, "13:30", "15:00", "talk_show", "Talk show: Phụ nữ khởi nghiệp đổi mới sáng tạo", "Talk show: women in innovative entrepreneurship", "hall", None, "vi", True, 200, False, [3, 6]),
    (4, "15:15", "17:00", "networking", "Giao lưu chuyên gia Nhật Bản – Việt Nam", "Japan–Vietnam experts meet-up", "foyer", "chuyen-gia-kieu-bao", "vi_en", False, None, False, [5, 11]),
    (5, "08:00", "11:00", "pitching", "Chung kết cuộc thi tìm kiếm tài năng khởi nghiệp", "Startup talent search: the final", "hall", None, "vi_en", True, 400, False, [0, 2, 4, 5]),
    (5, "11:00", "12:00", "award", "Lễ trao giải và bế mạc", "Award and closing ceremony", "hall", None, "vi", False, None, False, [0, 8]),
    (5, "13:30", "15:00", "investor", "Kết nối đầu tư sau chung kết", "Investor connection after the final", "lab1", "quy-dau-tu", "vi_en", True, 60, False, [2, 4]),
    (5, "13:30", "15:00", "workshop", "Workshop trực tuyến: Mở rộng thị trường Nhật Bản", "Online workshop: expanding to Japan", None, "chuyen-gia-kieu-bao", "vi_en", True, 500, False, [5, 11]),
    (3, "19:00", "20:30", "workshop", "Workshop trực tuyến: Kế toán cho startup", "Online workshop: bookkeeping for startups", None, "tai-chinh-so", "vi", True, 300, False, [4]),
    (2, "19:00", "20:00", "talk_show", "Talk show trực tuyến: Startup Đồng bằng sông Cửu Long", "Online talk show: Mekong Delta startups", None, "nong-nghiep", "vi", False, None, False, [3, 9]),
]


def _at(day: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def _venues(edition: Edition) -> dict[str, Room | None]:
    convention = Venue(edition=edition, name="Trung tâm Hội nghị thành phố Hải Phòng",
                       address="18 Minh Khai, Hồng Bàng, Hải Phòng")
    dost = Venue(edition=edition, name="Sở Khoa học và Công nghệ Hải Phòng", address="18 Hoàng Diệu, Hồng Bàng, Hải Phòng")
    university = Venue(edition=edition, name="Trường Đại học Hàng hải Việt Nam",
                       address="484 Lạch Tray, Ngô Quyền, Hải Phòng")
    rooms = {
        "hall": Room(venue=convention, name="Hội trường lớn", capacity=400),
        "lab1": Room(venue=convention, name="Phòng hội thảo 1", capacity=40),
        "lab2": Room(venue=convention, name="Phòng hội thảo 2", capacity=30),
        "foyer": Room(venue=convention, name="Sảnh triển lãm", capacity=None),
        "dost": Room(venue=dost, name="Phòng đào tạo", capacity=24),
        "uni": Room(venue=university, name="Hội trường A", capacity=150),
    }
    db.session.add_all([convention, dost, university, *rooms.values()])
    return rooms


def seed_haiphong_2023(password: str, participants: list[User]) -> str:
    """Techfest Haiphong 2023: six villages, three venues, 30 sessions, speakers and registrations."""
    if db.session.scalar(select(Edition.id).where(Edition.slug == "techfest-haiphong-2023")):
        return "edition techfest-haiphong-2023: already there"
    edition = Edition(
        slug="techfest-haiphong-2023", name_vi="Techfest Hải Phòng 2023", name_en="Techfest Haiphong 2023",
        theme_vi="Hải Phòng - Thành phố đổi mới sáng tạo - Tăng tốc và Tỏa sáng",
        theme_en="Hai Phong, a city of innovation: accelerate and shine",
        slogan_vi="Tăng tốc và Tỏa sáng", slogan_en="Accelerate and shine",
        description_vi="Ngày hội khởi nghiệp đổi mới sáng tạo thành phố Hải Phòng: triển lãm 18–19/9, gian hàng trực tuyến suốt tháng 9.",
        description_en="Hai Phong's innovation startup festival: exhibition on 18–19 September, virtual stalls online all September.",
        starts_on=date(2023, 9, 18), ends_on=date(2023, 9, 23), timezone="Asia/Ho_Chi_Minh",
        status=EditionStatus.PUBLISHED,
    )
    db.session.add(edition)
    rooms = _venues(edition)
    heads = {slug: demo_user(email, name, password) for slug, _vi, _en, email, name in VILLAGES}
    villages = {}
    for position, (slug, vi, en, _email, _name) in enumerate(VILLAGES):
        villages[slug] = Village(edition=edition, slug=slug, name_vi=vi, name_en=en, position=position,
                                 head=heads[slug],
                                 description_vi=f"{vi}: sự kiện, triển lãm và vòng loại riêng của làng.",
                                 description_en=f"{en}: the village's own events, exhibition zone and qualifier.")
    speakers = [Speaker(edition=edition, name=n, title=t, organisation=o,
                        bio_vi=f"{n} — {t}, {o}.", bio_en=f"{n} — {t}, {o}.") for n, t, o in SPEAKERS]
    db.session.add_all([*villages.values(), *speakers])
    organiser = db.session.scalar(select(User).where(User.email == "organiser@techfest.example"))
    if organiser is not None:
        db.session.add(RoleGrant(user=organiser, role=str(Role.ORGANISER), edition=edition))
    first_day = edition.starts_on
    sessions = []
    for (offset, start, end, kind, vi, en, room, village, language, needs_registration, capacity, teams,
         speaker_indexes) in HAIPHONG_PROGRAM:
        day = first_day + timedelta(days=offset)
        session = Session(
            edition=edition, kind=kind, title_vi=vi, title_en=en, starts_at=_at(day, start), ends_at=_at(day, end),
            room=rooms.get(room) if room else None, village=villages.get(village) if village else None,
            online_url=None if room else "https://meet.example.vn/techfest-haiphong",
            language=language, requires_registration=needs_registration, capacity=capacity,
            registers_teams=teams, seats_per_team=3 if teams else None, confirmed_seats=0,
            description_vi=f"{vi}. Chương trình thuộc Techfest Hải Phòng 2023.",
            description_en=f"{en}. Part of Techfest Haiphong 2023.",
            speakers=[speakers[i] for i in speaker_indexes],
        )
        sessions.append(session)
    db.session.add_all(sessions)
    db.session.flush()
    _register_participants([s for s in sessions if s.requires_registration and not s.registers_teams], participants)
    return f"edition techfest-haiphong-2023: {len(sessions)} sessions, {len(speakers)} speakers, {len(villages)} villages"


def _register_participants(sessions: list[Session], participants: list[User]) -> None:
    """Past registrations, written directly (the registration window closed in 2023)."""
    pairs = itertools.islice(itertools.product(sessions[:8], participants), 0, None, 2)
    for session, user in pairs:
        seated = session.capacity is None or session.confirmed_seats < session.capacity
        db.session.add(Registration(
            session=session, user=user, seats=1, check_in_code=new_code(),
            status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
            confirmed_at=session.starts_at - timedelta(days=3) if seated else None,
            queued_at=session.starts_at - timedelta(days=3),
            checked_in_at=session.starts_at if seated and user.id % 3 else None,
        ))
        session.confirmed_seats += 1 if seated else 0


def seed_vietnam_2026(password: str) -> str:
    """Techfest Vietnam 2026, in December: sessions open for registration (one with only two seats)."""
    if db.session.scalar(select(Edition.id).where(Edition.slug == "techfest-vietnam-2026")):
        return "edition techfest-vietnam-2026: already there"
    edition = Edition(
        slug="techfest-vietnam-2026", name_vi="Techfest Việt Nam 2026", name_en="Techfest Vietnam 2026",
        theme_vi="Đổi mới sáng tạo – Động lực tăng trưởng mới", theme_en="Innovation, a new engine of growth",
        slogan_vi="Kết nối – Bứt phá – Vươn xa", slogan_en="Connect, break through, go far",
        starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12), timezone="Asia/Ho_Chi_Minh",
        status=EditionStatus.PUBLISHED,
    )
    venue = Venue(edition=edition, name="Trung tâm Hội nghị Quốc gia", address="Đại lộ Thăng Long, Hà Nội")
    hall = Room(venue=venue, name="Phòng hội nghị 2", capacity=300)
    studio = Room(venue=venue, name="Phòng workshop A", capacity=2)
    db.session.add_all([edition, venue, hall, studio])
    opening = datetime(2026, 12, 10, 8, 30, tzinfo=ZONE)
    for hours, length, kind, vi, en, room, capacity in [
        (0, 2, "opening", "Lễ khai mạc Techfest Việt Nam 2026", "Techfest Vietnam 2026 opening", hall, None),
        (3, 2, "workshop", "Workshop: Mentoring 1-1 (chỉ 2 chỗ)", "Workshop: one-to-one mentoring (two seats)", studio, 2),
        (6, 2, "investor", "Kết nối đầu tư quốc gia", "National investor connection", hall, 300),
        (24, 3, "training", "Tập huấn: Mở rộng ra thị trường Hàn Quốc", "Training: expanding to Korea", hall, 300),
    ]:
        db.session.add(Session(
            edition=edition, kind=kind, title_vi=vi, title_en=en, room=room, capacity=capacity, confirmed_seats=0,
            starts_at=opening + timedelta(hours=hours), ends_at=opening + timedelta(hours=hours + length),
            requires_registration=capacity is not None, language="vi_en",
        ))
    return "edition techfest-vietnam-2026: 4 sessions, registration open"
