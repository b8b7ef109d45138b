"""The public stall page: the online window, owners and organisers, the video, safe Markdown, visits, brochures."""
import re
from datetime import UTC, date, datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.stalls import services
from app.stalls.models import Brochure, ProductImage, StallVisit
from app.stalls.visits import visitor_key
from tests.factories import (make_booth, make_booth_application, make_edition, make_hall, make_organisation,
                             make_product, make_province, make_stall, make_village)
from tests.stalls.helpers import CLOSES, DURING, admin, element_text, page_text, pdf_bytes, person, with_window

BROWSER = "Mozilla/5.0 (Linux; Android 14) Mobile Safari"
IP = "203.0.113.77"


@pytest.fixture
def world():
    """A stall of a startup from Cần Thơ at an edition whose stalls are online during December 2026."""
    owner, member, organiser = person(name="Lê Văn Bình"), person(), person()
    edition = make_edition(organisers=(organiser,))
    with_window(edition)
    organisation = make_organisation(owner, name="Mekong Drone", members=(member,),
                                     province=make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho"))
    stall = make_stall(edition, organisation=organisation, tagline_en="Drones for rice farmers",
                       description_en="We **spray** less.", village=make_village(edition, name_en="Agritech village"),
                       sector="agritech", video_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                       contact_name="Lê Văn Bình", contact_role="CEO", contact_email="binh@mekong.example",
                       contact_phone="0901 234 567")
    make_product(stall, name_en="Spraying drone", price_vnd=150_000_000, position=1)
    make_product(stall, name_en="Field sensor", price_vnd=None, position=2)
    brochure = services.add_brochure(stall, title="Company profile",
                                     file=FileStorage(BytesIO(pdf_bytes()), filename="profile.pdf"))
    make_booth_application(edition, organisation=organisation, booth=make_booth(make_hall(edition), code="A-12"))
    return SimpleNamespace(edition=edition, stall=stall, brochure=brochure, url=f"/e/{edition.slug}/stalls/{stall.id}",
                           people={"owner": owner, "member": member, "organiser": organiser, "admin": admin(),
                                   "visitor": person(), "anonymous": None})


def visit(client, login, world, who="anonymous", *, agent=BROWSER, ip=IP):
    if world.people[who] is not None:
        login(world.people[who])
    client.set_cookie("techfest_locale", "en")
    return client.get(world.url, headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": ip})


def visits():
    db.session.expire_all()
    return list(db.session.execute(select(StallVisit.day, StallVisit.visitor_key).order_by(StallVisit.id)))


# --- the online window ------------------------------------------------------------------------

def test_before_the_window_visitors_see_the_name_and_the_opening_time(client, login, world):
    response = visit(client, login, world)
    assert response.status_code == 200
    assert element_text(response, "stall-name") == "Mekong Drone"
    assert element_text(response, "window-notice") == (
        "The online exhibition opens on Tuesday 1 December 2026, 00:00 (GMT+07:00). Come back then to see the "
        "products, videos and brochures, and to contact the team.")
    text = page_text(response)
    assert ("Drones for rice farmers" in text, "Spraying drone" in text, "Company profile" in text,
            "Contact this exhibitor" in text) == (False, False, False, False)


def test_during_the_window_visitors_see_everything(client, login, world, clock):
    clock(DURING)
    response = visit(client, login, world)
    text = page_text(response)
    assert element_text(response, "stall-tagline") == "Drones for rice farmers"
    assert element_text(response, "stall-facts") == "Agritech village Agriculture and food (agritech) Can Tho Booth A-12"
    assert "150,000,000 ₫" in text and "Field sensor Contact us" in text
    assert text.index("Spraying drone") < text.index("Field sensor")
    assert element_text(response, "stall-contact") == "Contact Lê Văn Bình, CEO binh@mekong.example 0901 234 567"
    body = response.get_data(as_text=True)
    assert '<strong>spray</strong>' in body
    assert f'href="/e/{world.edition.slug}/stalls/{world.stall.id}/brochures/{world.brochure.id}"' in body
    assert 'href="/stub/leads.contact"' in body or f'/e/{world.edition.slug}/stalls/{world.stall.id}/contact' in body
    assert "window-notice" not in body


def test_after_the_window_visitors_see_that_it_closed(client, login, world, clock):
    clock(CLOSES)
    response = visit(client, login, world)
    assert element_text(response, "window-notice") == \
        "The online exhibition closed on Friday 1 January 2027, 00:00 (GMT+07:00)."
    assert "Spraying drone" not in page_text(response)


def test_without_exhibition_settings_stalls_are_open(client):
    stall = make_stall(tagline_en="Always open")
    response = client.get(f"/e/{stall.edition.slug}/stalls/{stall.id}")
    assert (response.status_code, element_text(response, "stall-tagline")) == (200, "Always open")


@pytest.mark.parametrize("who", ["owner", "member", "organiser", "admin"])
def test_team_and_organisers_see_everything_before_the_window_with_a_notice(client, login, world, who):
    response = visit(client, login, world, who)
    assert "Spraying drone" in page_text(response)
    assert element_text(response, "owner-notice") == (
        "Visitors see only the name and logo for now. The online exhibition opens on Tuesday 1 December 2026, "
        "00:00 (GMT+07:00). Edit the stall")


# --- who sees the page ------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("visitor", 404), ("owner", 200), ("member", 200),
                                             ("organiser", 200), ("admin", 200)])
def test_hidden_stall_is_not_found_except_for_its_team_and_organisers(client, login, world, clock, who, status):
    clock(DURING)
    services.hide_stall(world.stall, reason="Thông tin sai")
    response = visit(client, login, world, who)
    assert response.status_code == status
    if status == 200:
        assert element_text(response, "owner-notice") == (
            "The organisers have taken this stall down; visitors cannot see it. Reason: Thông tin sai Edit the stall")


def test_stall_of_a_draft_edition_is_not_found(client):
    stall = make_stall(make_edition(status="draft"))
    assert client.get(f"/e/{stall.edition.slug}/stalls/{stall.id}").status_code == 404


def test_stall_under_another_editions_address_is_not_found(client, world):
    other = make_edition()
    assert client.get(f"/e/{other.slug}/stalls/{world.stall.id}").status_code == 404


# --- the video and Markdown -------------------------------------------------------------------

def test_video_is_a_button_until_clicked(client, login, world, clock):
    clock(DURING)
    body = visit(client, login, world).get_data(as_text=True)
    assert "<iframe" not in body
    assert re.search(r'src="[^"]*(youtube|vimeo)', body) is None
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body
    assert "Play video (loads YouTube)" in body
    assert '/static/stalls.js' in body


def test_stalls_script_builds_the_iframe_only_for_embed_addresses(app):
    script = (app.static_folder and open(f"{app.static_folder}/stalls.js").read())
    assert ("createElement(\"iframe\")" in script, "addEventListener(\"click\"" in script,
            "youtube-nocookie" in script) == (True, True, True)


def test_script_in_the_description_never_reaches_the_page(client, login, world, clock):
    clock(DURING)
    world.stall.description_en = ("Hello <script>alert('x')</script> [click](javascript:alert(1)) "
                                  "<img src=x onerror=alert(1)> <iframe src=https://evil.example></iframe>")
    db.session.commit()
    body = visit(client, login, world).get_data(as_text=True)
    description = re.search(r'id="stall-description">(.*?)</section>', body, flags=re.S).group(1)
    assert "<script" not in description and 'href="javascript' not in description
    assert re.search(r"<(img|iframe)\b", description) is None
    assert "&lt;script&gt;" in description  # shown as text, harmless


# --- counting visits --------------------------------------------------------------------------

def test_a_visitor_is_counted_once_per_day(client, login, world, clock):
    clock(DURING)
    for _ in range(3):
        visit(client, login, world)
    key = visitor_key("test-secret-key", date(2026, 12, 10), ip=IP, user_agent=BROWSER)
    assert visits() == [(date(2026, 12, 10), key)]
    clock(datetime(2026, 12, 10, 17, 30, tzinfo=UTC))  # 00:30 on 11 December in Viet Nam
    visit(client, login, world)
    assert [day for day, _ in visits()] == [date(2026, 12, 10), date(2026, 12, 11)]


def test_other_browsers_and_addresses_are_other_visitors(client, login, world, clock):
    clock(DURING)
    visit(client, login, world)
    visit(client, login, world, agent="Mozilla/5.0 Firefox/128.0")
    visit(client, login, world, ip="198.51.100.4")
    assert len(visits()) == 3


def test_a_signed_in_visitor_is_counted_by_account(client, login, world, clock):
    clock(DURING)
    visit(client, login, world, "visitor")
    visit(client, login, world, "visitor", ip="198.51.100.4", agent="Other browser")
    user_id = world.people["visitor"].id
    assert visits() == [(date(2026, 12, 10), visitor_key("test-secret-key", date(2026, 12, 10), user_id=user_id))]


@pytest.mark.parametrize("who", ["owner", "member", "organiser"])
def test_views_by_the_team_and_organisers_are_not_counted(client, login, world, clock, who):
    clock(DURING)
    visit(client, login, world, who)
    assert visits() == []


def test_robots_and_closed_stalls_are_not_counted(client, login, world, clock):
    visit(client, login, world)  # before the window: only the name is shown
    clock(DURING)
    visit(client, login, world, agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert visits() == []


def test_the_ip_address_is_stored_nowhere(client, login, world, clock):
    clock(DURING)
    visit(client, login, world)
    rows = db.session.execute(select(StallVisit.__table__)).all()
    assert len(rows) == 1
    assert IP not in repr(rows) and "203.0.113" not in repr(rows)


# --- brochures --------------------------------------------------------------------------------

def brochure_url(world):
    return f"{world.url}/brochures/{world.brochure.id}"


def downloads(world) -> int:
    db.session.expire_all()
    return db.session.get(Brochure, world.brochure.id).downloads


def test_brochure_is_downloaded_as_a_pdf_attachment_and_counted(client, world, clock):
    clock(DURING)
    response = client.get(brochure_url(world))
    assert (response.status_code, response.mimetype, response.data) == (200, "application/pdf", pdf_bytes())
    assert response.headers["Content-Disposition"] == "attachment; filename=\"Company profile.pdf\""
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    client.get(brochure_url(world))
    assert downloads(world) == 2


def test_brochure_is_refused_outside_the_window(client, world):
    response = client.get(brochure_url(world))
    assert (response.status_code, downloads(world)) == (403, 0)
    assert "Tài liệu giới thiệu có thể được tải về khi gian hàng đang mở cửa." in page_text(response)


def test_owner_downloads_brochure_any_time_without_counting(client, login, world):
    login(world.people["owner"])
    assert (client.get(brochure_url(world)).status_code, downloads(world)) == (200, 0)


def test_brochure_of_a_hidden_stall_or_another_stall_is_not_found(client, world, clock):
    clock(DURING)
    other = make_stall(world.edition)
    assert client.get(f"/e/{world.edition.slug}/stalls/{other.id}/brochures/{world.brochure.id}").status_code == 404
    services.hide_stall(world.stall, reason="Sai")
    assert client.get(brochure_url(world)).status_code == 404


def test_stall_page_query_count_does_not_grow_with_products(client, login, world, clock, count_queries):
    clock(DURING)
    login(world.people["visitor"])
    db.session.expire_all()  # the request shares the test's session: start both measurements from nothing loaded
    with count_queries() as small:
        visit(client, login, world, "visitor")
    for number in range(20):
        product = make_product(world.stall, name_en=f"Product {number}")
        product.images.append(ProductImage(path=f"stalls/products/{number}.png"))
        db.session.add(Brochure(stall=world.stall, title=f"Brochure {number}", path="x.pdf", size_bytes=1))
    db.session.commit()
    db.session.expire_all()
    with count_queries() as large:
        response = visit(client, login, world, "visitor")
    assert "Product 19" in page_text(response)
    assert large["n"] == small["n"]
