"""The public exhibition page: days and hours, booth types, halls with their plans, links to apply and to the stalls."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from tests.events.manage_helpers import organiser_of, person
from tests.exhibition.layout_helpers import a_hall_with_booths, plan_states, svg_of, taken_booth, text
from tests.factories import make_booth, make_booth_type, make_edition, make_exhibition, make_hall, make_user, make_village

URL = "/e/hai-phong/exhibition"


@pytest.fixture
def edition(client, login):
    login(person())  # reads in English
    return make_edition(slug="hai-phong", starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12))


def test_exhibition_page_shows_days_setup_notes_and_links(client, edition):
    make_exhibition(edition, days=(date(2026, 12, 10), date(2026, 12, 11)), applications_open=True,
                    setup_starts_at=datetime(2026, 12, 9, 1, 0, tzinfo=UTC),
                    setup_ends_at=datetime(2026, 12, 9, 10, 0, tzinfo=UTC),
                    online_opens_at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
                    notes_en="Bring **your own** extension cords.<script>alert(1)</script>")

    response = client.get(URL)

    source = response.get_data(as_text=True)
    assert response.status_code == 200
    days = re.findall(r'<li [^>]*data-day="([^"]+)">(.*?)</li>', source, re.S)
    assert [(day, text(item)) for day, item in days] == [
        ("2026-12-10", "Thursday, December 10, 2026 08:00–17:30"), ("2026-12-11", "Friday, December 11, 2026 08:00–17:30")]
    assert text(re.search(r'<p id="exhibition-setup">(.*?)</p>', source, re.S).group(1)) == (
        "Set-up for exhibitors: 12/9/26, 8:00 AM – 12/9/26, 5:00 PM")
    assert text(re.search(r'<p id="exhibition-online">(.*?)</p>', source, re.S).group(1)) == (
        "Virtual stalls online: from 12/1/26, 12:00 AM")
    notes = re.search(r'<div id="exhibition-notes-text">(.*?)</div>', source, re.S).group(1)
    assert "<strong>your own</strong>" in notes and "<script>" not in notes
    assert re.search(r'<a class="btn btn-primary" id="apply-for-booth" href="/e/hai-phong/exhibition/apply">'
                     r'Apply for a booth</a>', source)
    assert re.search(r'id="virtual-stalls" href="/e/hai-phong/stalls">', source)


def test_no_apply_button_while_applications_are_closed(client, edition):
    make_exhibition(edition, applications_open=False)

    source = client.get(URL).get_data(as_text=True)

    assert 'id="apply-for-booth"' not in source
    assert 'id="virtual-stalls"' in source


def test_exhibition_not_set_up_yet(client, edition):
    response = client.get(URL)

    assert response.status_code == 200
    assert text(re.search(r'<p id="exhibition-not-announced">(.*?)</p>', response.get_data(as_text=True)).group(1)) == (
        "The exhibition will be announced soon.")


def test_booth_types_with_size_includes_and_price(client, edition):
    make_booth_type(edition, name_en="Standard 3×3 m", includes_en="Walls, a table and two chairs", price_vnd=0,
                    for_startups=True, position=1)
    make_booth_type(edition, name_en="Double 6×3 m", width=6, depth=3, price_vnd=15_000_000, position=2)

    source = client.get(URL).get_data(as_text=True)

    cards = re.findall(r'<div class="card h-100" data-booth-type="([^"]+)">(.*?)</div>\s*</div>', source, re.S)
    assert [(name, text(card)) for name, card in cards] == [
        ("Standard 3×3 m", "Standard 3×3 m For startups 3 × 3 m · 9 m² Free of charge Walls, a table and two chairs"),
        ("Double 6×3 m", "Double 6×3 m 6 × 3 m · 18 m² ₫15,000,000"),
    ]


def test_prices_in_vietnamese(client, login, edition):
    login(make_user(locale="vi"))
    make_booth_type(edition, price_vnd=15_000_000)

    source = client.get(URL).get_data(as_text=True)

    assert text(re.search(r'data-field="price">([^<]*)<', source).group(1)) == "15.000.000 ₫"


def test_halls_with_their_plans_and_counts(client, edition):
    village = make_village(edition, name_en="Agritech village")
    first = make_hall(edition, code="A", name_en="Hall A", village=village, position=1)
    make_booth(first, code="A-11", x=0)
    taken_booth(first, code="A-12", x=3, organisation_name="Công ty Xanh")
    second = make_hall(edition, code="B", name_en="Hall B", position=2)
    make_booth(second, code="B-1", x=0, is_held=True)

    source = client.get(URL).get_data(as_text=True)

    assert [text(h) for h in re.findall(r'<h3 class="h5" id="hall-\d+">(.*?)</h3>', source, re.S)] == [
        "Hall A · Agritech village", "Hall B"]
    assert plan_states(svg_of(source, "A")) == {"A-11": "free", "A-12": "taken"}
    assert plan_states(svg_of(source, "B")) == {"B-1": "held"}
    counts = {key: text(box) for key, box in re.findall(r'<div class="border rounded p-2 h-100" id="count-(\w+)">(.*?)</div>',
                                                       source, re.S)}
    assert counts == {"booths": "3 Booths", "free": "1 Free", "taken": "1 Taken"}
    assert "/pick" not in source
    assert 'src="/static/exhibition-plan.js"' in source and 'href="/static/exhibition.css"' in source


def test_draft_edition_is_hidden_from_visitors(client, login):
    draft = make_edition(slug="draft-fest", status="draft")

    assert client.get("/e/draft-fest/exhibition").status_code == 404
    login(organiser_of(draft))
    assert client.get("/e/draft-fest/exhibition").status_code == 200


def test_unknown_edition_is_404(client):
    assert client.get("/e/nowhere/exhibition").status_code == 404


def test_page_is_public(client):
    make_edition(slug="open-fest")

    assert client.get("/e/open-fest/exhibition").status_code == 200


@pytest.mark.parametrize("booths", [5, 60])
def test_page_runs_a_fixed_number_of_queries(client, edition, count_queries, booths):
    make_exhibition(edition, days=(date(2026, 12, 10),))
    make_booth_type(edition, name_en="Pod")
    a_hall_with_booths(edition, booths)
    a_hall_with_booths(edition, booths, code="B")
    db.session.expunge_all()

    with count_queries() as counter:
        assert client.get(URL).status_code == 200

    assert counter["n"] == EXPECTED_QUERIES


EXPECTED_QUERIES = 9  # user, edition, exhibition + days, halls + villages, booths, stalls, booth types
