"""The public festival site: editions index, landing page, program, session and speaker pages."""
from __future__ import annotations

import html
import re
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from flask import template_rendered

from app.accounts.models import Role, RoleGrant
from app.extensions import db
from tests.factories import (make_edition, make_registration, make_room, make_session, make_speaker, make_user,
                             make_venue, make_village)

pytestmark = pytest.mark.usefixtures("frozen_time")  # "now" is 2026-11-23 03:00 UTC

ONLINE_URL = "https://meet.example.vn/techfest-workshop"


@pytest.fixture
def english(client):
    """An anonymous browser that chose English (the source language)."""
    client.set_cookie("techfest_locale", "en")
    return client


def person(**fields):
    return make_user(locale="en", **fields)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def plain(fragment: str) -> str:
    """The words of an HTML fragment, tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def element(response, element_id: str) -> str:
    """The text of the element with ``id`` (up to its closing tag of the same name)."""
    source = response.get_data(as_text=True)
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>', source)
    assert match, f"no element #{element_id}"
    tag, start, depth, position = match.group(1), match.start(), 0, match.start()
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>")
    for tag_match in pattern.finditer(source, start):
        depth += -1 if tag_match.group(1) else 1
        if depth == 0:
            position = tag_match.end()
            break
    return plain(source[start:position])


def program_outline(response) -> list[tuple[str, list[str]]]:
    """[(day heading, [session titles])] as the program lists them."""
    source = page_text(response)
    days = re.split(r'<h2 class="h5" id="day-[\d-]+">', source)[1:]
    return [(day.split("</h2>", 1)[0], re.findall(r'<a href="/e/[^"]+/sessions/\d+">([^<]*)</a>', day))
            for day in days]


@contextmanager
def rendered_context(app):
    contexts = []

    def record(sender, template, context, **extra):
        contexts.append(context)

    template_rendered.connect(record, app)
    try:
        yield contexts
    finally:
        template_rendered.disconnect(record, app)


def haiphong(**fields):
    """Techfest Haiphong, 10–12 December 2026, in Viet Nam's timezone."""
    return make_edition(slug=fields.pop("slug", "haiphong-2026"), name_vi="Techfest Hải Phòng 2026",
                        name_en="Techfest Haiphong 2026", theme_vi="Thành phố đổi mới sáng tạo",
                        theme_en="A city of innovation", slogan_vi="Tăng tốc và Tỏa sáng",
                        slogan_en="Speed up and shine", **fields)


# --- /editions/ ------------------------------------------------------------------------------

def edition_cards(response) -> dict[str, list[str]]:
    source = page_text(response)
    sections = re.findall(r'<h2 class="h5 mt-4" id="editions-(\w+)">.*?</section>', source, re.S)
    cards = {}
    for key in sections:
        block = source.split(f'id="editions-{key}"', 1)[1].split("</section>", 1)[0]
        cards[key] = re.findall(r'<a class="stretched-link" href="(/e/[^"]+/)">([^<]*)</a>', block)
    return cards


def test_index_groups_current_upcoming_and_past_editions_without_drafts(english):
    make_edition(slug="mekong", name_en="Techfest Mekong", starts_on=date(2026, 11, 22), ends_on=date(2026, 11, 24))
    make_edition(slug="national", name_en="Techfest Vietnam", starts_on=date(2026, 12, 17), ends_on=date(2026, 12, 19))
    make_edition(slug="khanh-hoa", name_en="Techfest Khanh Hoa", starts_on=date(2026, 12, 3), ends_on=date(2026, 12, 4))
    make_edition(slug="haiphong-2023", name_en="Techfest Haiphong 2023", starts_on=date(2023, 9, 18),
                 ends_on=date(2023, 9, 23), status="archived")
    make_edition(slug="secret", name_en="Techfest Draft", status="draft")

    response = english.get("/editions/")

    assert response.status_code == 200
    assert edition_cards(response) == {
        "current": [("/e/mekong/", "Techfest Mekong")],
        "upcoming": [("/e/khanh-hoa/", "Techfest Khanh Hoa"), ("/e/national/", "Techfest Vietnam")],
        "past": [("/e/haiphong-2023/", "Techfest Haiphong 2023")],
    }
    assert "Techfest Draft" not in page_text(response)


def test_index_card_shows_banner_dates_and_theme(english):
    haiphong(banner_path="banners/haiphong.png")

    response = english.get("/editions/")

    text = page_text(response)
    assert '<img class="card-img-top object-fit-cover" src="/uploads/banners/haiphong.png" alt="">' in text
    assert '<p class="small text-muted mb-1">Dec 10\u2009–\u200912, 2026</p>' in text
    assert '<p class="small mb-0">A city of innovation</p>' in text


def test_index_formats_dates_for_the_vietnamese_reader(client):
    haiphong(starts_on=date(2026, 11, 28), ends_on=date(2026, 12, 2))

    response = client.get("/editions/")

    assert '<p class="small text-muted mb-1">28 thg 11\u2009–\u20092 thg 12, 2026</p>' in page_text(response)
    assert '<p class="small mb-0">Thành phố đổi mới sáng tạo</p>' in page_text(response)


def test_index_says_when_nothing_is_published(english):
    make_edition(status="draft")

    assert "No festival has been published yet." in page_text(english.get("/editions/"))


# --- landing page ------------------------------------------------------------------------------

def test_landing_shows_name_theme_slogan_and_dates(english):
    haiphong(banner_path="banners/hp.png", description_en="Three days of startups.")

    response = english.get("/e/haiphong-2026/")

    assert response.status_code == 200
    text = page_text(response)
    assert '<h1 class="h2 mb-2">Techfest Haiphong 2026</h1>' in text
    assert '<p class="text-muted mb-1">Dec 10\u2009–\u200912, 2026</p>' in text  # thin spaces, as CLDR writes ranges
    assert element(response, "edition-theme") == "A city of innovation"
    assert element(response, "edition-slogan") == "“Speed up and shine”"
    assert "Three days of startups." in text
    assert '<img class="rounded object-fit-cover" src="/uploads/banners/hp.png" alt="">' in text


def test_landing_falls_back_to_vietnamese_when_english_is_missing(english):
    make_edition(slug="can-tho", name_en="Techfest Mekong", theme_vi="Nông nghiệp thông minh", theme_en=None,
                 slogan_vi="Đồng bằng sáng tạo", slogan_en="")

    response = english.get("/e/can-tho/")

    assert element(response, "edition-theme") == "Nông nghiệp thông minh"
    assert element(response, "edition-slogan") == "“Đồng bằng sáng tạo”"


def test_landing_in_vietnamese_by_default(client):
    haiphong()

    response = client.get("/e/haiphong-2026/")

    assert '<h1 class="h2 mb-2">Techfest Hải Phòng 2026</h1>' in page_text(response)
    assert element(response, "edition-slogan") == "“Tăng tốc và Tỏa sáng”"


def test_landing_key_numbers_are_counted_for_this_edition_only(english):
    edition = haiphong()
    other = make_edition()
    venue = make_venue(edition)
    make_venue(edition, name="Đại học Hải Phòng")
    make_venue(other)
    make_village(edition), make_village(edition, slug="edtech"), make_village(edition, slug="fintech")
    make_village(other)
    speakers = [make_speaker(edition, name=f"Diễn giả {n}") for n in range(4)]
    make_speaker(other)
    room = make_room(venue)
    workshop = make_session(edition, room=room, speakers=speakers[:2])
    make_session(edition, kind="conference", requires_registration=False, capacity=None)
    make_session(edition, status="cancelled")
    make_registration(workshop), make_registration(workshop, status="waitlisted")
    make_registration(workshop, status="cancelled")
    make_registration(make_session(other))

    response = english.get("/e/haiphong-2026/")

    numbers = {key: element(response, f"number-{key}") for key in
               ("sessions", "speakers", "villages", "venues", "registrations")}
    assert numbers == {"sessions": "2 Sessions", "speakers": "4 Speakers", "villages": "3 Villages",
                       "venues": "2 Venues", "registrations": "2 Registrations"}


def test_landing_lists_villages_with_their_heads(english):
    edition = haiphong()
    make_village(edition, slug="agritech", name_en="Agritech village", position=2,
                 head=make_user(name="Lê Văn Nông"), co_head=make_user(name="Phạm Kiều Nhật"))
    make_village(edition, slug="edtech", name_en="Edtech village", position=1, description_en="Schools of tomorrow.")
    make_village(edition, slug="fintech", name_en="Fintech village", position=3)

    response = english.get("/e/haiphong-2026/")

    assert re.findall(r'<h3 class="h6 card-title">([^<]*)</h3>', page_text(response)) == [
        "Edtech village", "Agritech village", "Fintech village"]
    assert element(response, "village-agritech") == (
        "Agritech village Village head: Lê Văn Nông Co-head: Phạm Kiều Nhật")
    assert element(response, "village-edtech") == "Edtech village Schools of tomorrow."


def test_landing_lists_speakers_with_photo_title_and_organisation(english):
    edition = haiphong()
    make_speaker(edition, name="Nguyễn Thị Hoa", title="Founder", organisation="AgriSense",
                 photo_path="speakers/hoa.png")
    make_speaker(edition, name="Kim Min-jun", title=None, organisation="K-Startup Center")

    response = english.get("/e/haiphong-2026/")

    text = page_text(response)
    assert re.findall(r'<div class="fw-semibold">([^<]*)</div>', text) == ["Kim Min-jun", "Nguyễn Thị Hoa"]
    assert ('<img class="rounded-circle object-fit-cover flex-shrink-0" width="64" height="64" '
            'src="/uploads/speakers/hoa.png" alt="Nguyễn Thị Hoa">') in text
    assert '<div class="small">Founder</div>\n          <div class="small text-muted">AgriSense</div>' in text
    assert "All 2 speakers" not in text


def test_landing_shows_twelve_speakers_and_links_to_all(english):
    edition = haiphong()
    for number in range(14):
        make_speaker(edition, name=f"Diễn giả {number:02d}")

    response = english.get("/e/haiphong-2026/")

    assert len(re.findall(r'<div class="fw-semibold">', page_text(response))) == 12
    assert '<a href="/e/haiphong-2026/speakers">All 14 speakers</a>' in page_text(response)


def test_landing_summarises_the_program_by_day_and_what_comes_next(english, frozen_time):
    edition = haiphong()
    room = make_room(make_venue(edition, name="Khách sạn Mường Thanh"), name="Sảnh A")
    opening = make_session(edition, kind="opening", title_en="Opening ceremony", starts_at=utc(2026, 12, 10, 1),
                           room=room, requires_registration=False, capacity=None)
    make_session(edition, title_en="Fintech workshop", starts_at=utc(2026, 12, 10, 7))
    make_session(edition, title_en="Pitching final", starts_at=utc(2026, 12, 12, 2), online_url=ONLINE_URL)
    make_session(edition, title_en="Cancelled talk", starts_at=utc(2026, 12, 11, 2), status="cancelled")

    response = english.get("/e/haiphong-2026/")

    summary = element(response, "program-summary-days")
    assert summary == "Thursday, December 10, 2026 2 sessions Saturday, December 12, 2026 1 session"
    assert '<a href="/e/haiphong-2026/program?day=2026-12-10">' in page_text(response)
    assert element(response, "upcoming-sessions") == (
        "Dec 10, 2026 · 08:00–10:00 · Opening ceremony Opening ceremony Sảnh A · Khách sạn Mường Thanh "
        "Dec 10, 2026 · 14:00–16:00 · Workshop Fintech workshop Place to be announced "
        "Dec 12, 2026 · 09:00–11:00 · Workshop Pitching final Online")
    assert f'href="/e/haiphong-2026/sessions/{opening.id}"' in page_text(response)
    assert ONLINE_URL not in page_text(response)


def test_landing_counts_down_to_the_first_session_until_it_starts(english, frozen_time):
    edition = haiphong()
    make_session(edition, starts_at=utc(2026, 12, 10, 1, 30))

    before = english.get("/e/haiphong-2026/")
    frozen_time(utc(2026, 12, 10, 2))
    after = english.get("/e/haiphong-2026/")

    assert 'data-countdown="2026-12-10T01:30:00+00:00"' in page_text(before)
    assert element(before, "edition-start-when") == "Thursday, December 10, 2026, 08:30"
    assert '<script src="/static/events.js" defer></script>' in page_text(before)
    assert "data-countdown" not in page_text(after)
    assert "/static/events.js" not in page_text(after)


def test_landing_counts_down_to_midnight_of_the_first_day_without_sessions(english):
    haiphong(timezone="Asia/Seoul")

    response = english.get("/e/haiphong-2026/")

    assert 'data-countdown="2026-12-09T15:00:00+00:00"' in page_text(response)
    assert element(response, "edition-start-when") == "Thursday, December 10, 2026"
    assert "The program will be announced soon." in page_text(response)


# --- drafts and unknown editions -------------------------------------------------------------

DRAFT_PAGES = ["/e/draft-2026/", "/e/draft-2026/program", "/e/draft-2026/speakers", "/e/draft-2026/sessions/{id}"]


@pytest.mark.parametrize("url", DRAFT_PAGES)
def test_draft_is_not_found_for_anonymous_visitors(english, url):
    session = make_session(make_edition(slug="draft-2026", status="draft"))

    assert english.get(url.format(id=session.id)).status_code == 404


@pytest.mark.parametrize("url", DRAFT_PAGES)
def test_draft_is_not_found_for_a_signed_in_visitor_or_another_editions_organiser(client, login, url):
    session = make_session(make_edition(slug="draft-2026", status="draft"))
    other_organiser = person()
    make_edition(organisers=(other_organiser,))

    login(person())
    assert client.get(url.format(id=session.id)).status_code == 404
    login(other_organiser)
    assert client.get(url.format(id=session.id)).status_code == 404


@pytest.mark.parametrize("url", DRAFT_PAGES)
def test_draft_is_visible_to_its_organisers_and_administrators(client, login, url):
    organiser = person()
    session = make_session(make_edition(slug="draft-2026", status="draft", organisers=(organiser,)))

    login(organiser)
    response = client.get(url.format(id=session.id))
    login(person(roles=(Role.ADMIN,)))

    assert response.status_code == 200
    assert client.get(url.format(id=session.id)).status_code == 200


def test_draft_landing_warns_its_organiser(client, login):
    organiser = login(person())
    make_edition(slug="draft-2026", status="draft", organisers=(organiser,))

    assert "This edition is a draft: only its organisers can see it." in page_text(client.get("/e/draft-2026/"))


def test_archived_edition_stays_public(english):
    make_edition(slug="haiphong-2023", status="archived", starts_on=date(2023, 9, 18), ends_on=date(2023, 9, 23))

    assert english.get("/e/haiphong-2023/").status_code == 200


@pytest.mark.parametrize("url", ["/e/nowhere/", "/e/nowhere/program", "/e/nowhere/speakers", "/e/nowhere/sessions/1"])
def test_unknown_edition_is_not_found(english, url):
    haiphong()

    assert english.get(url).status_code == 404


# --- program ------------------------------------------------------------------------------------

def test_program_groups_sessions_by_day_in_the_editions_timezone(english):
    edition = haiphong()
    make_session(edition, title_en="Late networking", kind="networking", starts_at=utc(2026, 12, 10, 17, 30),
                 requires_registration=False)  # 00:30 on 11 December in Ha Noi
    make_session(edition, title_en="Morning keynote", starts_at=utc(2026, 12, 10, 1, 30))
    make_session(edition, title_en="Closing", starts_at=utc(2026, 12, 12, 9))

    response = english.get("/e/haiphong-2026/program")

    assert response.status_code == 200
    assert program_outline(response) == [
        ("Thursday, December 10, 2026", ["Morning keynote"]),
        ("Friday, December 11, 2026", ["Late networking"]),
        ("Saturday, December 12, 2026", ["Closing"]),
    ]
    assert "<time datetime=\"2026-12-10T01:30:00+00:00\">08:30–10:30</time>" in page_text(response)
    assert "<time datetime=\"2026-12-10T17:30:00+00:00\">00:30–02:30</time>" in page_text(response)
    assert "Times are local to the festival (Asia/Ho_Chi_Minh)." in page_text(response)


def test_program_uses_the_editions_own_timezone(english):
    edition = haiphong(timezone="Asia/Seoul")
    make_session(edition, title_en="Vietnam–Korea business conference", starts_at=utc(2026, 12, 10, 1, 30))

    response = english.get("/e/haiphong-2026/program")

    assert "<time datetime=\"2026-12-10T01:30:00+00:00\">10:30–12:30</time>" in page_text(response)


def test_program_item_shows_time_type_place_village_language_speakers_and_seats(english):
    edition = haiphong()
    room = make_room(make_venue(edition, name="Sở Khoa học và Công nghệ"), name="Hội trường A")
    village = make_village(edition, name_en="Agritech village")
    speakers = [make_speaker(edition, name="Trần Minh"), make_speaker(edition, name="Kim Min-jun")]
    workshop = make_session(edition, kind="workshop", title_en="Smart farming workshop", starts_at=utc(2026, 12, 10, 2),
                            room=room, village=village, language="vi_en", speakers=speakers, capacity=30,
                            online_url=ONLINE_URL)
    make_registration(workshop, seats=1), make_registration(workshop, seats=1)

    response = english.get("/e/haiphong-2026/program")

    assert element(response, f"session-{workshop.id}") == (
        "09:00–11:00 Workshop Smart farming workshop "
        "Hội trường A · Sở Khoa học và Công nghệ · also online · Agritech village · Vietnamese and English "
        "Kim Min-jun, Trần Minh 28 seats left")
    assert ONLINE_URL not in page_text(response)


def test_program_item_for_online_open_and_full_sessions(english):
    edition = haiphong()
    online = make_session(edition, kind="talk_show", title_en="Investors talk show", online_url=ONLINE_URL,
                          requires_registration=False, capacity=None, language="en")
    full = make_session(edition, title_en="Full training", kind="training", capacity=1,
                        starts_at=utc(2026, 12, 11, 2))
    make_registration(full)
    unlimited = make_session(edition, title_en="Open registration", capacity=None, starts_at=utc(2026, 12, 12, 2))

    response = english.get("/e/haiphong-2026/program")

    assert element(response, f"session-{online.id}") == "09:00–11:00 Talk show Investors talk show Online · English"
    assert element(response, f"session-{full.id}") == (
        "09:00–11:00 Training Full training Place to be announced · Vietnamese Full: join the waitlist")
    assert element(response, f"session-{unlimited.id}") == (
        "09:00–11:00 Workshop Open registration Place to be announced · Vietnamese Registration required")
    assert ONLINE_URL not in page_text(response)


def test_program_strikes_through_cancelled_sessions(english):
    edition = haiphong()
    cancelled = make_session(edition, title_en="Cancelled panel", status="cancelled")

    response = english.get("/e/haiphong-2026/program")

    assert f'<del><a href="/e/haiphong-2026/sessions/{cancelled.id}">Cancelled panel</a></del>' in page_text(response)
    assert element(response, f"session-{cancelled.id}") == (
        "09:00–11:00 Workshop Cancelled Cancelled panel Place to be announced · Vietnamese")


@pytest.fixture
def agenda():
    """Four sessions over two days, two rooms and two villages."""
    edition = haiphong()
    venue = make_venue(edition, name="Đại học Hải Phòng")
    hall, lab = make_room(venue, name="Hall"), make_room(venue, name="Lab")
    agritech = make_village(edition, slug="agritech", name_en="Agritech village")
    fintech = make_village(edition, slug="fintech", name_en="Fintech village")
    make_session(edition, title_en="Opening", kind="opening", room=hall, starts_at=utc(2026, 12, 10, 1))
    make_session(edition, title_en="Agritech workshop", room=lab, village=agritech, starts_at=utc(2026, 12, 10, 3))
    make_session(edition, title_en="Fintech pitching", kind="pitching", room=hall, village=fintech,
                 starts_at=utc(2026, 12, 11, 2))
    make_session(edition, title_en="Agritech training", kind="training", room=lab, village=agritech,
                 starts_at=utc(2026, 12, 11, 6))
    return {"hall": hall, "lab": lab, "agritech": agritech, "fintech": fintech}


def filtered_titles(client, query: str) -> list[str]:
    response = client.get(f"/e/haiphong-2026/program?{query}")
    assert response.status_code == 200
    return [title for _, titles in program_outline(response) for title in titles]


def test_program_filters_by_day_type_village_and_room(english, agenda):
    assert filtered_titles(english, "") == ["Opening", "Agritech workshop", "Fintech pitching", "Agritech training"]
    assert filtered_titles(english, "day=2026-12-11") == ["Fintech pitching", "Agritech training"]
    assert filtered_titles(english, "kind=pitching") == ["Fintech pitching"]
    assert filtered_titles(english, f"village={agenda['agritech'].id}") == ["Agritech workshop", "Agritech training"]
    assert filtered_titles(english, f"room={agenda['hall'].id}") == ["Opening", "Fintech pitching"]
    assert filtered_titles(english, f"day=2026-12-11&village={agenda['agritech'].id}&room={agenda['lab'].id}") == [
        "Agritech training"]


def test_program_filter_day_follows_the_editions_timezone(english):
    edition = haiphong()
    make_session(edition, title_en="Late networking", starts_at=utc(2026, 12, 10, 17, 30))  # 00:30 on the 11th

    assert filtered_titles(english, "day=2026-12-10") == []
    assert filtered_titles(english, "day=2026-12-11") == ["Late networking"]


def test_program_filter_form_offers_the_editions_days_villages_and_rooms(english, agenda):
    response = english.get(f"/e/haiphong-2026/program?room={agenda['lab'].id}")

    text = page_text(response)
    options = {name: re.findall(r"<option[^>]*>([^<]*)</option>", re.search(
        rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', text, re.S).group(1)) for name in ("day", "village", "room")}
    assert options == {
        "day": ["All days", "Thursday, December 10, 2026", "Friday, December 11, 2026", "Saturday, December 12, 2026"],
        "village": ["All villages", "Agritech village", "Fintech village"],
        "room": ["All rooms", "Hall · Đại học Hải Phòng", "Lab · Đại học Hải Phòng"],
    }
    assert f'<option selected value="{agenda["lab"].id}">Lab · Đại học Hải Phòng</option>' in text
    assert '<a class="btn btn-link" href="/e/haiphong-2026/program">Clear</a>' in text


def test_program_ignores_filters_that_are_not_choices(english, agenda):
    other_village = make_village(make_edition())

    assert filtered_titles(english, f"village={other_village.id}&day=2031-01-01&kind=party&room=abc") == [
        "Opening", "Agritech workshop", "Fintech pitching", "Agritech training"]


def test_program_says_when_no_session_matches(english, agenda):
    response = english.get("/e/haiphong-2026/program?kind=award")

    assert "No session matches these filters." in page_text(response)


def test_program_of_an_edition_without_sessions(english):
    haiphong()

    response = english.get("/e/haiphong-2026/program")

    assert "The program will be announced soon." in page_text(response)
    assert "Clear" not in page_text(response)


# --- session page ---------------------------------------------------------------------------------

@pytest.fixture
def workshop():
    edition = haiphong()
    venue = make_venue(edition, name="Khách sạn Pearl River", address="7 Hồng Bàng, Hải Phòng",
                       map_url="https://maps.example.vn/pearl")
    speaker = make_speaker(edition, name="Nguyễn Thị Hoa", title="Founder", organisation="AgriSense",
                           bio_vi="Kỹ sư nông nghiệp.", bio_en="Agricultural engineer.")
    return make_session(edition, title_en="Smart farming workshop", description_en="Sensors for rice fields.",
                        starts_at=utc(2026, 12, 10, 1, 30), room=make_room(venue, name="Phòng Sen"),
                        village=make_village(edition, name_en="Agritech village"), speakers=[speaker],
                        online_url=ONLINE_URL, capacity=30, track="Agritech")


def session_url(session) -> str:
    return f"/e/{session.edition.slug}/sessions/{session.id}"


def test_session_page_shows_full_details(english, workshop):
    response = english.get(session_url(workshop))

    assert response.status_code == 200
    text = page_text(response)
    assert '<h1 class="h3 mb-3">Smart farming workshop</h1>' in text
    assert element(response, "session-when") == "Thursday, December 10, 2026, 08:30–10:30 (Asia/Ho_Chi_Minh)"
    assert element(response, "session-where") == (
        "Phòng Sen · Khách sạn Pearl River · also online 7 Hồng Bàng, Hải Phòng Map "
        "The link to follow online is shown here to confirmed participants.")
    assert element(response, "session-seats") == "30 seats left"
    assert element(response, f"speaker-{workshop.speakers[0].id}") == (
        "N Nguyễn Thị Hoa Founder, AgriSense Agricultural engineer.")  # N: the initial stands in for a photo
    assert "Sensors for rice fields." in text
    assert "Agritech village" in text


def test_session_page_in_vietnamese_by_default(client, workshop):
    response = client.get(session_url(workshop))

    assert element(response, f"speaker-{workshop.speakers[0].id}") == (
        "N Nguyễn Thị Hoa Founder, AgriSense Kỹ sư nông nghiệp.")


def test_online_link_is_hidden_from_anonymous_visitors(english, workshop):
    assert ONLINE_URL not in page_text(english.get(session_url(workshop)))


@pytest.mark.parametrize("status", [None, "waitlisted", "cancelled"])
def test_online_link_is_hidden_from_people_without_a_confirmed_seat(client, login, workshop, status):
    user = login(person())
    if status:
        make_registration(workshop, user, status=status)

    assert ONLINE_URL not in page_text(client.get(session_url(workshop)))


def test_online_link_is_shown_to_a_confirmed_registrant(client, login, workshop):
    user = login(person())
    make_registration(workshop, user, status="confirmed", check_in_code="ABCD2345")

    response = client.get(session_url(workshop))

    assert (f'<a class="btn btn-sm btn-outline-primary mt-1" id="online-link" href="{ONLINE_URL}" '
            f'rel="noopener nofollow" target="_blank">Join online</a>') in page_text(response)
    assert "The link to follow online is shown here" not in page_text(response)


def test_online_link_is_shown_to_the_editions_organisers_only(client, login, workshop):
    login(person())
    make_edition(organisers=(login(person()),))  # organising another edition is not enough
    assert ONLINE_URL not in page_text(client.get(session_url(workshop)))

    organiser = login(person())
    db.session.add(RoleGrant(user=organiser, role=str(Role.ORGANISER), edition_id=workshop.edition_id))
    db.session.commit()
    assert ONLINE_URL in page_text(client.get(session_url(workshop)))

    login(person(roles=(Role.ADMIN,)))
    assert ONLINE_URL in page_text(client.get(session_url(workshop)))


def test_online_link_is_never_shown_on_the_program_even_to_a_registrant(client, login, workshop):
    make_registration(workshop, login(person()), status="confirmed")

    assert ONLINE_URL not in page_text(client.get("/e/haiphong-2026/program"))


def test_session_page_includes_the_registration_panel(app, client, login, workshop):
    user = login(person())
    registration = make_registration(workshop, user)

    with rendered_context(app) as contexts:
        response = client.get(session_url(workshop))

    assert response.status_code == 200
    page = next(c for c in contexts if c.get("panel") is not None)
    assert page["session"].id == workshop.id
    assert page["panel"]["registration"].id == registration.id
    assert page["panel"]["can_see_online_link"] is True


def test_cancelled_session_page_says_so(english):
    session = make_session(haiphong(), title_en="Cancelled panel", status="cancelled", online_url=ONLINE_URL,
                           requires_registration=False)

    response = english.get(session_url(session))

    assert '<h1 class="h3 mb-3"><del>Cancelled panel</del></h1>' in page_text(response)
    assert "This session has been cancelled." in page_text(response)
    assert ONLINE_URL not in page_text(response)
    assert 'id="session-seats"' not in page_text(response)


def test_session_of_another_edition_is_not_found(english, workshop):
    haiphong(slug="mekong-2026")

    assert english.get(f"/e/mekong-2026/sessions/{workshop.id}").status_code == 404
    assert english.get("/e/haiphong-2026/sessions/999999").status_code == 404


# --- speakers page ---------------------------------------------------------------------------------

def test_speakers_page_lists_speakers_with_bios_and_their_sessions(english):
    edition = haiphong()
    hoa = make_speaker(edition, name="Nguyễn Thị Hoa", title="Founder", organisation="AgriSense",
                       bio_en="Agricultural engineer.", photo_path="speakers/hoa.png")
    kim = make_speaker(edition, name="Kim Min-jun")
    keynote = make_session(edition, title_en="Keynote", starts_at=utc(2026, 12, 10, 1, 30), speakers=[hoa])
    panel = make_session(edition, title_en="Panel", starts_at=utc(2026, 12, 11, 7), speakers=[hoa, kim],
                         status="cancelled")

    response = english.get("/e/haiphong-2026/speakers")

    assert response.status_code == 200
    assert re.findall(r'<h2 class="h6 mb-0">([^<]*)</h2>', page_text(response)) == ["Kim Min-jun", "Nguyễn Thị Hoa"]
    assert element(response, f"speaker-{hoa.id}") == (
        "Nguyễn Thị Hoa Founder, AgriSense Agricultural engineer. "
        "Keynote · Dec 10, 2026, 08:30–10:30 Panel · Dec 11, 2026, 14:00–16:00")
    assert f'<del><a href="/e/haiphong-2026/sessions/{panel.id}">Panel</a></del>' in page_text(response)
    assert f'<a href="/e/haiphong-2026/sessions/{keynote.id}">Keynote</a>' in page_text(response)
    assert 'src="/uploads/speakers/hoa.png"' in page_text(response)


def test_speakers_page_before_any_speaker_is_announced(english):
    haiphong()

    assert "The speakers will be announced soon." in page_text(english.get("/e/haiphong-2026/speakers"))
