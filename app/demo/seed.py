"""Demo data: one user per role, startups and organisations from several provinces.

Safe to run twice: everything is looked up by its natural key (email, name) first.
"""
from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import grant_role
from app.core.time import utcnow
from app.demo import demo_password_hash
from app.extensions import db
from app.teams.models import MemberRole, Membership, Organisation, Province
from app.teams.provinces import ensure_provinces

DEMO_PASSWORD = "techfest-demo"

DEMO_USERS = [
    # email, name, locale, roles
    ("admin@techfest.example", "Nguyễn Văn An", "vi", [Role.ADMIN]),
    ("organiser@techfest.example", "Trần Thị Bích Ngọc", "vi", [Role.ORGANISER]),
    ("judge@techfest.example", "Kim Min-jun", "en", [Role.JUDGE]),
    ("judge.jp@techfest.example", "Tanaka Yuki", "en", [Role.JUDGE]),
    ("expert@techfest.example", "Vũ Đức Thắng", "vi", [Role.JUDGE]),
    ("exhibitor@techfest.example", "Lê Hoàng Nam", "vi", [Role.EXHIBITOR]),
    ("startup@techfest.example", "Phạm Minh Anh", "vi", []),
    ("member@techfest.example", "Đỗ Thu Hà", "vi", []),
    ("founder.mekong@techfest.example", "Huỳnh Thị Kim Thoa", "vi", []),
    ("founder.edu@techfest.example", "Ngô Quang Huy", "vi", []),
    ("visitor@techfest.example", "Sarah Johnson", "en", []),
]

DEMO_HOME_PROVINCES = {
    "startup@techfest.example": "hai-phong", "member@techfest.example": "hai-phong",
    "founder.mekong@techfest.example": "can-tho", "founder.edu@techfest.example": "ha-noi",
    "organiser@techfest.example": "hai-phong", "exhibitor@techfest.example": "ha-noi",
}

DEMO_ORGANISATIONS = [
    # name, kind, sector, stage, country, province code, founded, owner, members, pitch vi, pitch en
    ("PortFlow", "startup", "logistics", "revenue", "VN", "hai-phong", 2021, "startup@techfest.example",
     ["member@techfest.example"],
     "Nền tảng điều phối xe container thông minh cho cảng Hải Phòng.",
     "Smart container-truck dispatching for the port of Hai Phong."),
    ("AgriSense Mekong", "startup", "agritech", "mvp", "VN", "can-tho", 2022, "founder.mekong@techfest.example", [],
     "Cảm biến độ mặn giá rẻ giúp nông dân Đồng bằng sông Cửu Long chủ động tưới tiêu.",
     "Low-cost salinity sensors that help Mekong Delta farmers plan irrigation."),
    ("EduViet AI", "startup", "edtech", "prototype", "VN", "ha-noi", 2023, "founder.edu@techfest.example", [],
     "Trợ lý AI chấm bài luận tiếng Anh cho học sinh THPT.",
     "An AI assistant that marks English essays for high-school students."),
    ("Nông Sản Xanh", "startup", "ecommerce", "revenue", "VN", "dong-nai", 2020, "member@techfest.example", [],
     "Sàn thương mại điện tử nông sản sạch kết nối hợp tác xã với bếp ăn doanh nghiệp.",
     "A marketplace linking farming co-operatives with company canteens."),
    ("MedLink Đà Nẵng", "startup", "healthtech", "mvp", "VN", "da-nang", 2022, "founder.mekong@techfest.example", [],
     "Đặt lịch khám và hồ sơ sức khỏe điện tử cho phòng khám tư nhân.",
     "Appointments and electronic health records for private clinics."),
    ("Quỹ Đầu tư Sáng tạo Sông Hồng", "fund", None, None, "VN", "ha-noi", 2018, "exhibitor@techfest.example", [],
     "Quỹ đầu tư giai đoạn hạt giống cho startup công nghệ miền Bắc.",
     "Seed-stage fund for technology startups in northern Viet Nam."),
    ("Trung tâm Hỗ trợ Khởi nghiệp Hải Phòng", "support", None, None, "VN", "hai-phong", 2019,
     "organiser@techfest.example", [],
     "Vườn ươm và chương trình tăng tốc cho startup Hải Phòng.",
     "Incubator and accelerator programme for Hai Phong startups."),
    ("Hanbit Ventures", "company", "ai_data", "established", "KR", None, 2015, "judge@techfest.example", [],
     "Công ty công nghệ Hàn Quốc tìm đối tác tại Việt Nam.",
     "Korean technology company looking for partners in Viet Nam."),
]


def _user(email: str, name: str, locale: str) -> tuple[User, bool]:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user, False
    user = User(email=email, name=name, password=None, locale=locale, email_confirmed_at=utcnow())
    user.password_hash = demo_password_hash(DEMO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    return user, True


def seed_demo() -> list[str]:
    """Create the demo data that is missing; return a summary to print."""
    added_provinces = ensure_provinces()
    users, created_users = {}, 0
    for email, name, locale, roles in DEMO_USERS:
        user, created = _user(email, name, locale)
        users[email] = user
        created_users += created
        for role in roles:
            grant_role(user, role, granted_by=None)
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    for email, code in DEMO_HOME_PROVINCES.items():
        if users[email].province_id is None:
            users[email].province = provinces.get(code)
    created_orgs = 0
    for (name, kind, sector, stage, country, province, founded, owner, members, pitch_vi, pitch_en) in DEMO_ORGANISATIONS:
        if db.session.scalar(select(Organisation).where(Organisation.name == name)) is not None:
            continue
        organisation = Organisation(kind=kind, sector=sector, stage=stage, country_code=country,
                                    province=provinces.get(province), founded_year=founded,
                                    pitch_vi=pitch_vi, pitch_en=pitch_en)
        organisation.set_name(name)
        organisation.memberships.append(Membership(user=users[owner], role=MemberRole.OWNER))
        for member in members:
            organisation.memberships.append(Membership(user=users[member], role=MemberRole.MEMBER))
        db.session.add(organisation)
        created_orgs += 1
    db.session.commit()
    from app.demo.festival import seed_haiphong_2023, seed_vietnam_2026

    participants = [users[e] for e in ("startup@techfest.example", "member@techfest.example", "visitor@techfest.example",
                                       "founder.mekong@techfest.example", "founder.edu@techfest.example")]
    festival_lines = [seed_haiphong_2023(DEMO_PASSWORD, participants), seed_vietnam_2026(DEMO_PASSWORD)]
    db.session.commit()
    from app.demo.competition import seed_competition

    festival_lines.append(seed_competition(DEMO_PASSWORD))
    db.session.commit()
    from app.demo.exhibition import seed_exhibition

    festival_lines.append(seed_exhibition(DEMO_PASSWORD))
    db.session.commit()
    return [*festival_lines,
        f"provinces added: {added_provinces}",
        f"users added: {created_users} (password for every demo account: {DEMO_PASSWORD})",
        f"organisations added: {created_orgs}",
    ]
