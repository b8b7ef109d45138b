"""The stall directory: search without diacritics, filters, pagination, featured stalls, hidden ones left out."""
import re

import pytest

from app.extensions import db
from app.stalls import services
from tests.factories import (make_booth, make_booth_application, make_edition, make_hall, make_organisation,
                             make_product, make_province, make_stall, make_user, make_village)
from tests.stalls.helpers import element_text, person, visible, with_window


def stall_named(edition, name, *, province=None, **fields):
    """A stall whose search text is computed as the services do."""
    stall = make_stall(edition, organisation=make_organisation(name=name, province=province), **fields)
    stall.search_text = services.search_text_for(stall)
    db.session.commit()
    return stall


def listed(response, section: str | None = None) -> list[int]:
    """Stall ids on the page, in order (only inside the section with id ``section`` if given)."""
    body = response.get_data(as_text=True)
    if section:
        match = re.search(rf'id="{section}".*?</section>', body, flags=re.S)
        body = match.group(0) if match else ""
    return [int(stall_id) for stall_id in re.findall(r'data-stall-id="(\d+)"', body)]


def directory(client, edition, **args):
    client.set_cookie("techfest_locale", "en")
    response = client.get(f"/e/{edition.slug}/stalls", query_string=args)
    assert response.status_code == 200
    return response


@pytest.fixture
def edition():
    return make_edition()


@pytest.fixture
def can_tho():
    return make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")


# --- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["can tho", "CAN THO", "Cần Thơ", "  cần   THƠ "])
def test_search_ignores_diacritics_and_case(client, edition, can_tho, query):
    from_can_tho = stall_named(edition, "Nông Sản Miền Tây", province=can_tho)
    named_can_tho = stall_named(edition, "Cần Thơ Drone")
    stall_named(edition, "Hải Phòng Robotics")
    assert listed(directory(client, edition, q=query)) == [named_can_tho.id, from_can_tho.id]


def test_search_needs_every_word(client, edition, can_tho):
    drone = stall_named(edition, "Cần Thơ Drone")
    stall_named(edition, "Nông Sản Miền Tây", province=can_tho)
    assert listed(directory(client, edition, q="drone can tho")) == [drone.id]


def test_search_matches_taglines_sectors_villages_and_products(client, edition):
    village = make_village(edition, name_vi="Làng Giáo dục", name_en="Edtech village")
    by_tagline = stall_named(edition, "Một", tagline_vi="Học tiếng Anh qua trò chơi")
    by_sector = stall_named(edition, "Hai", sector="fintech")
    by_village = stall_named(edition, "Ba", village=village)
    by_product = stall_named(edition, "Bốn")
    make_product(by_product, name_vi="Ví điện tử", name_en="E-wallet")
    by_product.search_text = services.search_text_for(by_product)
    assert [listed(directory(client, edition, q=q)) for q in ("hoc tieng anh", "fintech", "edtech", "vi dien tu")] \
        == [[by_tagline.id], [by_sector.id], [by_village.id], [by_product.id]]


def test_search_finds_a_renamed_organisation(client, edition):
    stall = stall_named(edition, "Tên Cũ")
    stall.organisation.set_name("Tên Mới")
    db.session.commit()
    assert listed(directory(client, edition, q="ten moi")) == [stall.id]


@pytest.mark.parametrize("query", ["_", "%", "a_c", "100%"])
def test_search_treats_wildcards_as_characters(client, edition, query):
    stall_named(edition, "abc Robotics")
    percent = stall_named(edition, "100% Organic")
    expected = [percent.id] if query in ("%", "100%") else []
    assert listed(directory(client, edition, q=query)) == expected


# --- filters ----------------------------------------------------------------------------------

def test_filters_by_village_sector_and_province(client, edition, can_tho):
    village = make_village(edition, name_en="Agritech village")
    in_village = stall_named(edition, "A", village=village)
    fintech = stall_named(edition, "B", sector="fintech")
    from_can_tho = stall_named(edition, "C", province=can_tho)
    all_three = stall_named(edition, "D", village=village, sector="fintech", province=can_tho)
    assert listed(directory(client, edition, village=village.id)) == [in_village.id, all_three.id]
    assert listed(directory(client, edition, sector="fintech")) == [fintech.id, all_three.id]
    assert listed(directory(client, edition, province=can_tho.id)) == [from_can_tho.id, all_three.id]
    assert listed(directory(client, edition, village=village.id, sector="fintech", province=can_tho.id,
                            q="d")) == [all_three.id]


def test_filter_choices_come_from_the_edition(client, edition, can_tho):
    make_village(edition, name_en="Agritech village")
    make_village(make_edition(), name_en="Elsewhere village")
    stall_named(edition, "A", province=can_tho)
    make_province(code="ha-noi", name_vi="Hà Nội", name_en="Ha Noi")
    response = directory(client, edition)
    assert element_text(response, "village") == "All villages Agritech village"
    assert element_text(response, "province") == "All provinces Can Tho"


def test_an_unknown_filter_value_is_ignored(client, edition):
    stall = stall_named(edition, "A")
    response = directory(client, edition, village="abc", sector="space")
    assert listed(response) == [stall.id]


# --- order, featured, pagination, hidden ------------------------------------------------------

def test_featured_stalls_come_first_in_a_strip_on_the_first_page(client, edition):
    plain = stall_named(edition, "Aaa")
    second = stall_named(edition, "Zzz", is_featured=True, featured_position=2)
    first = stall_named(edition, "Yyy", is_featured=True, featured_position=1)
    response = directory(client, edition)
    assert listed(response, "featured-stalls") == [first.id, second.id]
    assert listed(response, "all-stalls") == [plain.id]
    assert element_text(response, "featured-title") == "Featured"


def test_with_a_search_featured_stalls_lead_the_results_without_a_strip(client, edition):
    plain = stall_named(edition, "Aaa Drone")
    featured = stall_named(edition, "Zzz Drone", is_featured=True, featured_position=1)
    response = directory(client, edition, q="drone")
    assert (listed(response, "featured-stalls"), listed(response)) == ([], [featured.id, plain.id])


def test_hidden_stalls_are_left_out(client, edition):
    shown = stall_named(edition, "Shown")
    stall_named(edition, "Hidden", is_hidden=True, hidden_reason="Spam")
    stall_named(make_edition(), "Other edition")
    response = directory(client, edition)
    assert (listed(response), element_text(response, "result-count")) == ([shown.id], "1 stall")


def test_pages_of_24_stalls_by_name(client, edition):
    stalls = [stall_named(edition, f"Stall {number:02d}") for number in range(30)]
    first, second = directory(client, edition), directory(client, edition, page=2)
    assert listed(first) == [stall.id for stall in stalls[:24]]
    assert listed(second) == [stall.id for stall in stalls[24:]]
    assert element_text(first, "result-count") == "30 stalls"
    assert listed(directory(client, edition, page=9)) == []


def test_cards_show_tagline_village_province_and_booth_code(client, edition, can_tho):
    village = make_village(edition, name_en="Agritech village")
    stall = stall_named(edition, "Mekong Drone", province=can_tho, village=village, tagline_en="Drones for farms")
    make_booth_application(edition, organisation=stall.organisation, booth=make_booth(make_hall(edition), code="A-12"))
    body = directory(client, edition).get_data(as_text=True)
    card = re.search(r'data-stall-id="%d">(.*?)</div>\s*</div>\s*</div>' % stall.id, body, flags=re.S).group(1)
    assert visible(card) == "M Mekong Drone Drones for farms Agritech village · Can Tho Booth A-12"


def test_a_card_without_village_shows_the_province_alone(client, edition, can_tho):
    stall = stall_named(edition, "Gạo Mekong", province=can_tho)
    body = directory(client, edition).get_data(as_text=True)
    card = re.search(r'data-stall-id="%d">(.*?)</div>\s*</div>\s*</div>' % stall.id, body, flags=re.S).group(1)
    assert visible(card) == "G Gạo Mekong Can Tho"


def test_directory_tells_when_stalls_open(client, edition):
    with_window(edition)
    stall_named(edition, "A")
    assert element_text(directory(client, edition), "window-notice") == \
        "The online exhibition opens on Tuesday 1 December 2026, 00:00 (GMT+07:00)."


def test_directory_of_a_draft_edition_is_not_found(client):
    assert client.get(f"/e/{make_edition(status='draft').slug}/stalls").status_code == 404


def test_organisers_see_the_directory_of_a_draft_edition(client, login):
    organiser = person()
    draft = make_edition(status="draft", organisers=(organiser,))
    login(organiser)
    assert client.get(f"/e/{draft.slug}/stalls").status_code == 200


# --- bounded queries --------------------------------------------------------------------------

def add_stalls(edition, villages, province, first: int, count: int):
    hall = make_hall(edition, code=f"H{first}")
    for number in range(first, first + count):
        stall = stall_named(edition, f"Gian hàng {number:03d}", province=province, village=villages[number % 2],
                            sector="agritech", tagline_en="Smart farming", is_featured=number % 7 == 0,
                            featured_position=number)
        make_product(stall)
        if number % 3 == 0:
            make_booth_application(edition, organisation=stall.organisation, booth=make_booth(hall))


@pytest.mark.parametrize("args", [{}, {"q": "gian hang"}, {"sector": "agritech", "page": 2}])
def test_directory_query_count_does_not_grow_with_stalls(client, login, count_queries, edition, can_tho, args):
    login(make_user())
    villages = [make_village(edition), make_village(edition)]
    add_stalls(edition, villages, can_tho, 0, 5)
    db.session.expire_all()  # the request shares the test's session: start both measurements from nothing loaded
    with count_queries() as small:
        directory(client, edition, **args)
    add_stalls(edition, villages, can_tho, 5, 55)
    db.session.expire_all()
    with count_queries() as large:
        response = directory(client, edition, **args)
    assert listed(response)
    assert large["n"] == small["n"]
