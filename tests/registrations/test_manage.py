"""Organiser pages: registration lists with attendance, exports, the edition overview and the check-in desk."""
import csv
import io
import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from app.accounts.models import Role, RoleGrant
from app.extensions import db
from app.registrations import services
from tests.factories import (make_edition, make_organisation, make_province, make_registration, make_session,
                             make_user, make_village)
from tests.registrations.helpers import element_text, page_text


def person(**fields):
    return make_user(locale="en", **fields)


@pytest.fixture
def world():
    organiser, other_organiser = person(name="Trần Thị Ngọc"), person()
    edition = make_edition(organisers=(organiser,), slug="techfest-hai-phong")
    make_edition(organisers=(other_organiser,))
    session = make_session(edition, capacity=3, title_en="Digital transformation workshop")
    registrant = person(name="Nguyễn Thị Hằng")
    registration = make_registration(session, registrant, check_in_code="7K3QX9MB")
    return SimpleNamespace(
        edition=edition, session=session, registration=registration, organiser=organiser,
        people={"registrant": registrant, "other": person(), "organiser": organiser,
                "other_organiser": other_organiser, "admin": person(roles=(Role.ADMIN,)), "anonymous": None},
    )


def base(world):
    return f"/manage/e/{world.edition.slug}"


def pages(world):
    session = f"{base(world)}/sessions/{world.session.id}"
    return [f"{base(world)}/registrations", f"{session}/registrations", f"{session}/registrations.csv",
            f"{session}/registrations.xlsx", f"{session}/check-in"]


# --- who may do what --------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("registrant", 403), ("other", 403), ("organiser", 200), ("other_organiser", 403), ("admin", 200),
    ("anonymous", 302),
])
def test_organiser_pages_access(client, login, world, who, status):
    if world.people[who] is not None:
        login(world.people[who])

    for url in pages(world):
        response = client.get(url)
        assert (url, response.status_code) == (url, status)
        if status == 302:
            assert response.location == "/account/login?next=" + quote(url, safe="/")


@pytest.mark.parametrize(("who", "status"), [
    ("registrant", 403), ("other", 403), ("organiser", 302), ("other_organiser", 403), ("admin", 302),
    ("anonymous", 302),
])
def test_check_in_post_access(client, login, world, who, status):
    if world.people[who] is not None:
        login(world.people[who])

    response = client.post(f"{base(world)}/sessions/{world.session.id}/check-in", data={"code": "7K3QX9MB"})

    assert response.status_code == status
    db.session.refresh(world.registration)
    assert (world.registration.checked_in_at is not None) == (who in ("organiser", "admin"))


def test_session_of_another_edition_is_404(client, login, world):
    login(world.organiser)
    elsewhere = make_session(make_edition(organisers=(world.organiser,)))

    assert client.get(f"{base(world)}/sessions/{elsewhere.id}/registrations").status_code == 404
    assert client.get(f"{base(world)}/sessions/{elsewhere.id}/check-in").status_code == 404
    assert client.get("/manage/e/no-such-edition/registrations").status_code == 404


# --- registration list ------------------------------------------------------------------------

@pytest.fixture
def crowd(world, clock):
    """The workshop full (3 seats), one on the waitlist, one cancelled, one arrived."""
    hoa = make_registration(world.session, person(name="Lê Thị Hoa"))
    make_registration(world.session, person(name="Đỗ Văn Đức"))
    make_registration(world.session, person(name="Vũ Minh Châu"), status="waitlisted")
    make_registration(world.session, person(name="Bùi Quang Huy"), status="cancelled")
    services.check_in(world.session, hoa.check_in_code, by=world.organiser)
    return world


def row_names(response) -> list[str]:
    return re.findall(r'<tr id="registration-\d+">\s*<td>([^<]+)<', response.get_data(as_text=True))


def test_registration_list_shows_counts_and_attendance(client, login, crowd):
    login(crowd.organiser)

    response = client.get(f"{base(crowd)}/sessions/{crowd.session.id}/registrations")

    assert response.status_code == 200
    assert element_text(response, "counts") == (
        "Confirmed: 3 Seats: 3 / 3 Waitlist: 1 Arrived: 1 Cancelled: 1")
    assert row_names(response) == ["Nguyễn Thị Hằng", "Lê Thị Hoa", "Đỗ Văn Đức", "Vũ Minh Châu", "Bùi Quang Huy"]
    assert "11/23/26, 10:00 AM (Trần Thị Ngọc)" in page_text(response)


@pytest.mark.parametrize(("status", "names"), [
    ("confirmed", ["Nguyễn Thị Hằng", "Lê Thị Hoa", "Đỗ Văn Đức"]),
    ("waitlisted", ["Vũ Minh Châu"]),
    ("cancelled", ["Bùi Quang Huy"]),
    ("arrived", ["Lê Thị Hoa"]),
    ("not_arrived", ["Nguyễn Thị Hằng", "Đỗ Văn Đức"]),
    ("nonsense", ["Nguyễn Thị Hằng", "Lê Thị Hoa", "Đỗ Văn Đức", "Vũ Minh Châu", "Bùi Quang Huy"]),
])
def test_registration_list_filters_by_status(client, login, crowd, status, names):
    login(crowd.organiser)

    response = client.get(f"{base(crowd)}/sessions/{crowd.session.id}/registrations?status={status}")

    assert row_names(response) == names


def test_registration_list_query_count_does_not_grow(client, login, world, count_queries):
    login(world.organiser)
    url = f"{base(world)}/sessions/{world.session.id}/registrations"
    world.session.capacity = None
    db.session.commit()

    def queries():
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    def add(count):
        for number in range(count):
            founder = person()
            registration = make_registration(world.session, founder, organisation=make_organisation(founder))
            if number % 2:
                services.check_in(world.session, registration.check_in_code, by=world.organiser)

    add(2)
    small = queries()
    add(20)
    assert queries() == small


# --- exports ----------------------------------------------------------------------------------

def test_csv_export_keeps_vietnamese_for_excel(client, login, crowd):
    login(crowd.organiser)
    province = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    crowd.registration.user.province = province
    db.session.commit()

    response = client.get(f"{base(crowd)}/sessions/{crowd.session.id}/registrations.csv")

    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="techfest-hai-phong-session-{crowd.session.id}-registrations.csv"')
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Code", "Name", "Email", "Province", "Team", "Seats", "Status", "Registered at",
                       "Confirmed at", "Arrived at"]
    assert rows[1][:7] == ["7K3Q-X9MB", "Nguyễn Thị Hằng", crowd.registration.user.email, "Can Tho", "", "1",
                           "Confirmed"]
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hằng", "Lê Thị Hoa", "Đỗ Văn Đức", "Vũ Minh Châu",
                                           "Bùi Quang Huy"]
    assert rows[2][9] == "2026-11-23 10:00"


def test_csv_export_follows_the_status_filter(client, login, crowd):
    login(crowd.organiser)

    response = client.get(f"{base(crowd)}/sessions/{crowd.session.id}/registrations.csv?status=waitlisted")

    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Vũ Minh Châu"]


def test_csv_export_never_writes_formulas(client, login, world):
    login(world.organiser)
    make_registration(world.session, person(name="=HYPERLINK(\"http://evil\")"))

    response = client.get(f"{base(world)}/sessions/{world.session.id}/registrations.csv")

    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[2][1] == "'=HYPERLINK(\"http://evil\")"


def test_xlsx_export_reads_back_with_diacritics_and_times(client, login, crowd):
    login(crowd.organiser)
    team_founder = person(name="=1+1")
    make_registration(crowd.session, team_founder, organisation=make_organisation(team_founder, name="Nông Sản Xanh"),
                      seats=2, status="waitlisted")

    response = client.get(f"{base(crowd)}/sessions/{crowd.session.id}/registrations.xlsx")

    assert response.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Code", "Name", "Email", "Province", "Team", "Seats", "Status", "Registered at",
                       "Confirmed at", "Arrived at"]
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hằng", "Lê Thị Hoa", "Đỗ Văn Đức", "Vũ Minh Châu",
                                           "Bùi Quang Huy", "=1+1"]
    assert sheet.cell(row=7, column=2).data_type == "s"
    assert rows[6][4:7] == ["Nông Sản Xanh", 2, "On the waitlist"]
    assert rows[2][9].isoformat() == "2026-11-23T10:00:00"
    assert sheet.title == "Digital transformation workshop"


# --- edition overview -------------------------------------------------------------------------

def test_overview_counts_per_session_type_village_and_province(client, login, world):
    login(world.organiser)
    agritech = make_village(world.edition, name_vi="Làng Nông nghiệp", name_en="Agritech village")
    training = make_session(world.edition, kind="training", village=agritech, capacity=None,
                            title_en="Export training")
    hai_phong = make_province(code="hai-phong", name_vi="Hải Phòng", name_en="Hai Phong")
    can_tho = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    world.registration.user.province = hai_phong
    made = []
    for province, status in [(hai_phong, "confirmed"), (can_tho, "confirmed"), (None, "waitlisted"),
                             (can_tho, "cancelled")]:
        participant = person()
        participant.province = province
        made.append(make_registration(training, participant, status=status))
    services.check_in(training, made[0].check_in_code, by=world.organiser)
    make_registration(make_session(make_edition()), person())  # another edition: not counted

    response = client.get(f"{base(world)}/registrations")

    assert response.status_code == 200
    assert re.findall(r'data-total="(\w+)">([^<]+)<', response.get_data(as_text=True)) == [
        ("people", "4"), ("seats", "3"), ("waitlisted", "1"), ("arrived", "1")]
    assert table(response, "per-kind") == [["Training", "2", "2", "1", "1", "3"],
                                           ["Workshop", "1", "1", "0", "0", "1"]]
    assert table(response, "per-village") == [["Agritech village", "2", "2", "1", "1", "3"],
                                              ["No village", "1", "1", "0", "0", "1"]]
    assert table(response, "per-province") == [["Can Tho", "1", "1", "0", "0", "1"],
                                               ["Hai Phong", "2", "2", "0", "1", "2"],
                                               ["Not stated", "0", "0", "1", "0", "1"]]


def table(response, table_id: str) -> list[list[str]]:
    body = response.get_data(as_text=True)
    section = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', body, flags=re.S).group(1)
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)]


def test_overview_query_count_does_not_grow(client, login, world, count_queries):
    login(world.organiser)
    url = f"{base(world)}/registrations"

    def queries():
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter["n"]

    small = queries()
    for number in range(6):
        village = make_village(world.edition)
        session = make_session(world.edition, village=village, kind="training" if number % 2 else "workshop")
        for _ in range(3):
            participant = person()
            participant.province = make_province(code=f"p{number}", name_vi=f"Tỉnh {number}", name_en=f"P {number}")
            make_registration(session, participant)
    assert queries() == small


# --- check-in desk ----------------------------------------------------------------------------

def check_in_url(world) -> str:
    return f"{base(world)}/sessions/{world.session.id}/check-in"


def field_error(response) -> str | None:
    match = re.search(r'<div id="code-error" class="invalid-feedback d-block">([^<]*)</div>',
                      response.get_data(as_text=True))
    return " ".join(match.group(1).split()) if match else None


def test_check_in_page_has_the_form_scanner_and_arrivals(client, login, crowd):
    login(crowd.organiser)

    response = client.get(check_in_url(crowd))

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="code"' in body and 'src="/static/checkin.js"' in body
    assert 'data-unsupported="This browser cannot read QR codes itself.' in body
    assert element_text(response, "arrival-count") == "1 of 3 confirmed participants have arrived."
    assert element_text(response, "arrivals") == "Lê Thị Hoa 10:00"


@pytest.mark.parametrize("typed", ["7k3q-x9mb", "http://localhost/r/7K3QX9MB"])
def test_check_in_by_code_or_scanned_ticket_address(client, login, world, typed, clock):
    login(world.organiser)

    response = client.post(check_in_url(world), data={"code": typed})

    assert (response.status_code, response.location) == (302, check_in_url(world))
    page = client.get(check_in_url(world))
    assert "Nguyễn Thị Hằng is checked in (7K3Q-X9MB)." in page_text(page)
    assert element_text(page, "arrivals") == "Nguyễn Thị Hằng 10:00"


def test_check_in_unknown_code_is_404_with_the_reason(client, login, world):
    login(world.organiser)

    response = client.post(check_in_url(world), data={"code": "AAAA-BBBB"})

    assert response.status_code == 404
    assert field_error(response) == "No registration has the code AAAABBBB."


def test_check_in_code_of_another_session_is_409(client, login, world):
    login(world.organiser)
    other = make_registration(make_session(world.edition, title_vi="Đêm gọi vốn", title_en="Pitching night"))

    response = client.post(check_in_url(world), data={"code": other.check_in_code})

    assert response.status_code == 409
    assert field_error(response) == "This code is for another session: Pitching night."


def test_check_in_waitlisted_is_409(client, login, world):
    login(world.organiser)
    waiting = make_registration(world.session, person(name="Vũ Minh Châu"), status="waitlisted")

    response = client.post(check_in_url(world), data={"code": waiting.check_in_code})

    assert response.status_code == 409
    assert field_error(response) == "Vũ Minh Châu is not confirmed for this session (On the waitlist)."


def test_check_in_used_code_is_409(client, login, world, clock):
    login(world.organiser)
    client.post(check_in_url(world), data={"code": "7K3QX9MB"})
    clock(clock.start + timedelta(minutes=15))

    response = client.post(check_in_url(world), data={"code": "7K3QX9MB"})

    assert response.status_code == 409
    assert field_error(response) == "Code 7K3Q-X9MB was already used: Nguyễn Thị Hằng arrived at 10:00."


def test_check_in_empty_code_is_422(client, login, world):
    login(world.organiser)

    response = client.post(check_in_url(world), data={"code": ""})

    assert (response.status_code, field_error(response)) == (422, "This field is required.")


def test_every_page_renders_in_vietnamese(client, login, crowd):
    """The default language: dates and numbers in Vietnamese, nothing breaks."""
    organiser = make_user(locale="vi")
    db.session.add(RoleGrant(user=organiser, role="organiser", edition_id=crowd.edition.id))
    db.session.commit()
    login(organiser)

    for url in pages(crowd) + ["/r/7K3QX9MB", "/me/agenda"]:
        assert (url, client.get(url).status_code) == (url, 200)
    assert "Thứ Năm, 10 tháng 12, 2026" in page_text(client.get(f"{base(crowd)}/sessions/{crowd.session.id}/registrations"))
