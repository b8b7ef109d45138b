"""A stall's figures: the days reported, grouping by the edition's day, and the analytics page."""
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.exhibition.models import Exhibition
from app.extensions import db
from app.stalls.analytics import DayFigures, count_by_day, daily_figures, report_days, totals, utc_bounds
from app.stalls.models import Brochure, StallVisit
from tests.factories import (make_edition, make_lead, make_meeting, make_meeting_slot, make_organisation, make_product,
                             make_stall)
from tests.stalls.helpers import CLOSES, DURING, OPENS, element_text, person, with_window

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- pure functions ---------------------------------------------------------------------------

def test_report_days_during_the_window_run_from_its_first_day_to_today():
    assert report_days(opens_at=OPENS, closes_at=CLOSES, now=DURING, zone=VIETNAM) == \
        days_between(date(2026, 12, 1), date(2026, 12, 10))


def test_report_days_after_the_window_cover_all_of_it():
    later = datetime(2027, 1, 20, tzinfo=UTC)
    assert report_days(opens_at=OPENS, closes_at=CLOSES, now=later, zone=VIETNAM) == \
        days_between(date(2026, 12, 1), date(2026, 12, 31))


def test_report_days_before_the_window_are_none():
    assert report_days(opens_at=OPENS, closes_at=CLOSES, now=OPENS - timedelta(seconds=1), zone=VIETNAM) == []


def test_report_days_without_a_window_are_the_last_31_days():
    days = report_days(opens_at=None, closes_at=None, now=DURING, zone=VIETNAM)
    assert (len(days), days[0], days[-1]) == (31, date(2026, 11, 10), date(2026, 12, 10))


def test_report_days_of_a_long_window_are_its_last_92_days():
    days = report_days(opens_at=datetime(2026, 1, 1, tzinfo=UTC), closes_at=None, now=DURING, zone=VIETNAM)
    assert (len(days), days[-1]) == (92, date(2026, 12, 10))


def test_utc_bounds_follow_the_edition_zone():
    assert utc_bounds([date(2026, 12, 1), date(2026, 12, 2)], VIETNAM) == (
        datetime(2026, 11, 30, 17, tzinfo=UTC), datetime(2026, 12, 2, 17, tzinfo=UTC))


def test_count_by_day_uses_the_local_day():
    moments = [datetime(2026, 12, 1, 16, 59, tzinfo=UTC), datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
               datetime(2026, 12, 2, 3, 0, tzinfo=UTC)]
    assert count_by_day(moments, VIETNAM) == {date(2026, 12, 1): 1, date(2026, 12, 2): 2}


def test_daily_figures_and_totals():
    days = [date(2026, 12, 1), date(2026, 12, 2)]
    rows = daily_figures(days, views={date(2026, 12, 2): 5, date(2026, 11, 30): 9},
                         leads=[datetime(2026, 12, 1, 2, tzinfo=UTC)],
                         meetings=[datetime(2026, 12, 2, 2, tzinfo=UTC), datetime(2026, 12, 2, 3, tzinfo=UTC)],
                         zone=VIETNAM)
    assert rows == [DayFigures(date(2026, 12, 1), 0, 1, 0), DayFigures(date(2026, 12, 2), 5, 0, 2)]
    assert totals(rows) == DayFigures(None, 5, 1, 2)


# --- the page ---------------------------------------------------------------------------------

def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in December 2026, Viet Nam time, as UTC."""
    return datetime(2026, 12, day, hour, minute, tzinfo=VIETNAM).astimezone(UTC)


@pytest.fixture
def stall(clock):
    clock(DURING)
    organiser = person()
    edition = make_edition(organisers=(organiser,))
    stall = make_stall(edition, organisation=make_organisation(person()))
    stall.organiser = organiser
    return stall


def add_figures(stall, visitors: int = 2):
    with_window(stall.edition)
    for number in range(visitors):
        db.session.add(StallVisit(stall_id=stall.id, day=date(2026, 12, 1), visitor_key=f"{number:064d}"))
    db.session.add(StallVisit(stall_id=stall.id, day=date(2026, 12, 3), visitor_key="f" * 64))
    db.session.add(Brochure(stall=stall, title="Profile", path="private/brochures/x.pdf", size_bytes=10, downloads=4))
    db.session.commit()
    make_lead(stall, created_at=local(2, 23, 30))
    make_lead(stall, created_at=local(2, 9))
    make_lead(stall, created_at=datetime(2026, 11, 20, tzinfo=UTC))  # before the window
    make_meeting(make_meeting_slot(stall), created_at=local(3, 8))
    make_meeting(make_meeting_slot(stall, starts_at=local(11, 9)), created_at=local(3, 9), cancelled_at=local(4, 9))
    make_meeting(make_meeting_slot(make_stall(stall.edition)), created_at=local(3, 8))  # another stall's
    make_product(stall)
    make_product(stall)


def rows(response) -> list[str]:
    body = response.get_data(as_text=True)
    table = re.search(r'id="analytics-days">(.*?)</table>', body, flags=re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)]


def test_owner_sees_views_leads_and_meetings_per_day(client, login, stall):
    add_figures(stall)
    login(stall.organisation.owner)
    client.set_cookie("techfest_locale", "en")
    response = client.get(f"/me/stalls/{stall.id}/analytics")
    table = rows(response)
    assert table[0] == "Day Views Leads Meetings booked"
    assert table[1:4] == ["Dec 10, 2026 0 0 0", "Dec 9, 2026 0 0 0", "Dec 8, 2026 0 0 0"]
    assert table[-3:] == ["Dec 3, 2026 1 0 1", "Dec 2, 2026 0 2 0", "Dec 1, 2026 2 0 0"]
    assert len(table) == 11
    assert element_text(response, "analytics-totals") == \
        "3 Views 2 Leads 1 Meetings booked 4 Brochure downloads 2 Products"
    assert element_text(response, "analytics-brochures") == "Profile: 4"


def test_owner_sees_a_notice_when_organisers_keep_figures_to_themselves(client, login, stall):
    add_figures(stall)
    db.session.scalar(db.select(Exhibition)).stall_owners_see_analytics = False
    db.session.commit()
    login(stall.organisation.owner)
    client.set_cookie("techfest_locale", "en")
    response = client.get(f"/me/stalls/{stall.id}/analytics")
    assert (response.status_code, element_text(response, "analytics-notice")) == (
        200, "The organisers do not share stall figures with exhibitors at this festival.")
    assert "analytics-days" not in response.get_data(as_text=True)
    login(stall.organiser)
    assert element_text(client.get(f"/me/stalls/{stall.id}/analytics"), "total-views") == "3 Views"


def test_before_the_window_the_page_says_figures_start_later(client, login, stall, clock):
    add_figures(stall)
    clock(OPENS - timedelta(days=3))
    login(stall.organisation.owner)
    client.set_cookie("techfest_locale", "en")
    response = client.get(f"/me/stalls/{stall.id}/analytics")
    assert element_text(response, "analytics-empty") == \
        "The online exhibition has not opened yet: figures start on its first day."


def test_without_a_window_the_last_31_days_are_shown(client, login, stall):
    login(stall.organisation.owner)
    assert len(rows(client.get(f"/me/stalls/{stall.id}/analytics"))) == 32


def test_a_stranger_may_not_see_the_figures(client, login, stall):
    login(person())
    assert client.get(f"/me/stalls/{stall.id}/analytics").status_code == 403


def test_analytics_query_count_does_not_grow_with_data(client, login, count_queries, stall):
    add_figures(stall, visitors=3)
    login(stall.organisation.owner)
    db.session.expire_all()  # the request shares the test's session: start both measurements from nothing loaded
    with count_queries() as small:
        client.get(f"/me/stalls/{stall.id}/analytics")
    for number in range(30):
        db.session.add(StallVisit(stall_id=stall.id, day=date(2026, 12, 5), visitor_key=f"{number + 100:064d}"))
        db.session.add(Brochure(stall=stall, title=f"B{number}", path="x.pdf", size_bytes=1))
        make_lead(stall, created_at=local(6, 10))
        make_meeting(make_meeting_slot(stall, starts_at=local(15, 8) + timedelta(minutes=15 * number)),
                     created_at=local(7, 10))
    db.session.expire_all()
    with count_queries() as large:
        client.get(f"/me/stalls/{stall.id}/analytics")
    assert large["n"] == small["n"]
