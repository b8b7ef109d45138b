"""Viet Nam's 34 provincial-level units since the merger of 1 July 2025 (6 cities, 28 provinces).

The initial migration inserts this list; it is data, editable later, because borders change.
"""
from sqlalchemy import select

from app.extensions import db
from app.teams.models import Province

PROVINCES = [
    ("ha-noi", "Hà Nội", "Hanoi"),
    ("hue", "Huế", "Hue"),
    ("hai-phong", "Hải Phòng", "Hai Phong"),
    ("da-nang", "Đà Nẵng", "Da Nang"),
    ("ho-chi-minh", "TP. Hồ Chí Minh", "Ho Chi Minh City"),
    ("can-tho", "Cần Thơ", "Can Tho"),
    ("lai-chau", "Lai Châu", "Lai Chau"),
    ("dien-bien", "Điện Biên", "Dien Bien"),
    ("son-la", "Sơn La", "Son La"),
    ("lang-son", "Lạng Sơn", "Lang Son"),
    ("quang-ninh", "Quảng Ninh", "Quang Ninh"),
    ("thanh-hoa", "Thanh Hóa", "Thanh Hoa"),
    ("nghe-an", "Nghệ An", "Nghe An"),
    ("ha-tinh", "Hà Tĩnh", "Ha Tinh"),
    ("cao-bang", "Cao Bằng", "Cao Bang"),
    ("tuyen-quang", "Tuyên Quang", "Tuyen Quang"),
    ("lao-cai", "Lào Cai", "Lao Cai"),
    ("thai-nguyen", "Thái Nguyên", "Thai Nguyen"),
    ("phu-tho", "Phú Thọ", "Phu Tho"),
    ("bac-ninh", "Bắc Ninh", "Bac Ninh"),
    ("hung-yen", "Hưng Yên", "Hung Yen"),
    ("ninh-binh", "Ninh Bình", "Ninh Binh"),
    ("quang-tri", "Quảng Trị", "Quang Tri"),
    ("quang-ngai", "Quảng Ngãi", "Quang Ngai"),
    ("gia-lai", "Gia Lai", "Gia Lai"),
    ("khanh-hoa", "Khánh Hòa", "Khanh Hoa"),
    ("lam-dong", "Lâm Đồng", "Lam Dong"),
    ("dak-lak", "Đắk Lắk", "Dak Lak"),
    ("dong-nai", "Đồng Nai", "Dong Nai"),
    ("tay-ninh", "Tây Ninh", "Tay Ninh"),
    ("vinh-long", "Vĩnh Long", "Vinh Long"),
    ("dong-thap", "Đồng Tháp", "Dong Thap"),
    ("ca-mau", "Cà Mau", "Ca Mau"),
    ("an-giang", "An Giang", "An Giang"),
]


def ensure_provinces() -> int:
    """Insert any province of the list that is missing (by code); return how many were added."""
    known = set(db.session.scalars(select(Province.code)))
    missing = [Province(code=c, name_vi=vi, name_en=en) for c, vi, en in PROVINCES if c not in known]
    db.session.add_all(missing)
    db.session.commit()
    return len(missing)
