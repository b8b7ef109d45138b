"""How many SQL statements, and how long, the stall directory takes with 1,000 stalls.

    .venv/bin/python tests/benchmarks/stall_directory.py [--stalls 1000] [--repeat 5]

Builds a scratch SQLite database in a temporary folder (nothing else is touched), creates an
edition with villages, provinces and 1,000 stalls with three products each (a third of them
with a booth, one in twenty featured), and requests page 1, a search without diacritics and a
filtered page with Flask's test client. Not a test: pytest does not collect it.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

from app.core import time as core_time  # noqa: E402
from app.events.models import Edition, Village  # noqa: E402
from app.exhibition.models import Booth, BoothApplication, BoothBooking, BoothType, Hall  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.benchmarks.scratch import measure, scratch_app  # noqa: E402
from app.stalls.models import Product, Stall  # noqa: E402
from app.stalls.services import search_text_for  # noqa: E402
from app.teams.choices import SECTORS  # noqa: E402
from app.teams.models import Organisation, Province  # noqa: E402

PROVINCES = [("can-tho", "Cần Thơ", "Can Tho"), ("hai-phong", "Hải Phòng", "Hai Phong"),
             ("ha-noi", "Hà Nội", "Ha Noi"), ("da-nang", "Đà Nẵng", "Da Nang"), ("khanh-hoa", "Khánh Hòa", "Khanh Hoa")]
VILLAGES = [("nong-nghiep", "Làng Nông nghiệp", "Agritech village"), ("giao-duc", "Làng Giáo dục", "Edtech village"),
            ("tai-chinh", "Làng Tài chính", "Fintech village"), ("y-te", "Làng Y tế", "Healthtech village")]
NAMES = ["Nông Sản", "Công Nghệ", "Giải Pháp", "Đổi Mới", "Sáng Tạo", "Thông Minh", "Xanh", "Số"]


def build(stalls: int) -> Edition:
    """An edition with ``stalls`` stalls, committed in one go."""
    edition = Edition(slug="mekong-2026", name_vi="Techfest Mekong 2026", name_en="Techfest Mekong 2026",
                      starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12), status="published")
    provinces = [Province(code=code, name_vi=vi, name_en=en) for code, vi, en in PROVINCES]
    villages = [Village(edition=edition, slug=slug, name_vi=vi, name_en=en) for slug, vi, en in VILLAGES]
    hall = Hall(edition=edition, code="A", name_vi="Khu A", name_en="Hall A", width=400, depth=400)
    booth_type = BoothType(edition=edition, name_vi="Gian 3×3", name_en="Booth 3×3", width=3, depth=3)
    db.session.add_all([edition, *provinces, *villages, hall, booth_type])
    sectors = list(SECTORS)
    for number in range(stalls):
        organisation = Organisation(kind="startup", province=provinces[number % len(provinces)])
        organisation.set_name(f"{NAMES[number % len(NAMES)]} {PROVINCES[number % 5][1]} {number:04d}")
        stall = Stall(edition=edition, organisation=organisation, village=villages[number % len(villages)],
                      sector=sectors[number % len(sectors)], tagline_vi="Giải pháp cho nông dân",
                      tagline_en="Solutions for farmers", is_featured=number % 20 == 0, featured_position=number)
        for index in range(3):
            stall.products.append(Product(name_vi=f"Sản phẩm {index}", name_en=f"Product {index}", position=index))
        stall.search_text = search_text_for(stall)
        db.session.add(stall)
        if number % 3 == 0:
            booth = Booth(edition=edition, hall=hall, booth_type=booth_type, code=f"A-{number:04d}",
                          x=(number % 100) * 4, y=(number // 100) * 4, width=3, depth=3)
            application = BoothApplication(edition=edition, organisation=organisation, booth_type=booth_type,
                                           products="Demo", status="approved", booths_taken=1)
            application.bookings.append(BoothBooking(booth=booth))
            db.session.add(application)
    db.session.commit()
    return edition


def pages(edition: Edition) -> dict[str, str]:
    village = db.session.scalar(db.select(Village).where(Village.slug == "nong-nghiep"))
    base = f"/e/{edition.slug}/stalls"
    return {
        "page 1": base,
        "page 10": f"{base}?page=10",
        "search 'can tho'": f"{base}?q=can+tho",
        "search 'nong san can tho'": f"{base}?q=nong+san+can+tho",
        "village, page 2": f"{base}?village={village.id}&page=2",
        "village and sector": f"{base}?village={village.id}&sector=agritech",
    }



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stalls", type=int, default=1000, help="how many stalls to create")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page (the median time is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        app = scratch_app(scratch)
        core_time.freeze(datetime(2026, 12, 10, 3, tzinfo=UTC))  # during the online window
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            edition = build(args.stalls)
            print(f"{args.stalls} stalls created in {time.perf_counter() - started:.1f} s")
            client = app.test_client()
            client.set_cookie("techfest_locale", "en")
            print(f"{'page':<28} {'queries':>7}  {'median ms':>9}  {'size KB':>8}")
            for name, url in pages(edition).items():
                queries, milliseconds, size = measure(client, url, args.repeat)
                print(f"{name:<28} {queries:>7}  {milliseconds:>9.1f}  {size / 1024:>8.1f}")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
