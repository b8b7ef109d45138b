"""Builders and page readers shared by the exhibition layout tests."""
from __future__ import annotations

import html
import re

from app.extensions import db
from tests.factories import make_booth, make_booth_application, make_booth_type, make_hall, make_organisation


def taken_booth(hall, *, code: str, x: float, organisation_name: str = "Công ty Nông nghiệp Xanh", **fields):
    """A booth booked by an approved exhibitor called ``organisation_name``."""
    booth = make_booth(hall, code=code, x=x, **fields)
    make_booth_application(hall.edition, organisation=make_organisation(name=organisation_name), booth=booth)
    return booth


def plan_states(page: str) -> dict[str, str]:
    """Booth code → state, as the SVG plan shows them."""
    return dict(re.findall(r'<g class="booth booth-\w+" data-code="([^"]+)" data-state="(\w+)"', page))


def svg_of(page: str, hall_code: str) -> str:
    match = re.search(rf'<figure[^>]*data-hall="{re.escape(hall_code)}".*?</figure>', page, re.S)
    return match.group(0) if match else ""


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def a_hall_with_booths(edition, count: int, *, code: str = "A", taken_every: int = 3):
    """A hall of ``count`` booths in rows of ten; every ``taken_every``-th booth is taken."""
    hall = make_hall(edition, code=code, width=40, depth=4 * (count // 10 + 1))
    booth_type = make_booth_type(edition)
    for number in range(count):
        x, y = 4.0 * (number % 10), 4.0 * (number // 10)
        if number % taken_every == 0:
            taken_booth(hall, code=f"{code}-{number:02d}", x=x, y=y, booth_type=booth_type,
                        organisation_name=f"Khởi nghiệp {number}")
        else:
            make_booth(hall, code=f"{code}-{number:02d}", x=x, y=y, booth_type=booth_type, is_held=number % 5 == 1)
    db.session.expire_all()
    return hall
