"""In-person slots keep to the exhibition's days and opening hours, when the edition has set them."""
from datetime import date, time

import pytest

from app.core.errors import DomainError
from app.extensions import db
from app.meetings import services
from app.meetings.services import OutsideOpeningHours
from tests.core.pages import Page, in_english
from tests.factories import make_exhibition
from tests.meetings.helpers import slot_count, stall_with_team, vietnam

BOTH_DAYS = "10/12/2026: 08:00–17:30; 11/12/2026: 08:00–17:30"


def refusal(hours: str) -> str:
    return f"In-person meetings at the booth must be on an exhibition day between its opening hours ({hours})."


@pytest.fixture
def stall():
    return stall_with_team(owner_locale="en")


@pytest.fixture
def exhibition(stall):
    """The exhibition opens on 10 and 11 December (not on the festival's last day, the 12th), 08:00–17:30."""
    return make_exhibition(stall.edition, days=(date(2026, 12, 10), date(2026, 12, 11)))


def publish(stall, day: int, start: time, end: time, *, mode: str = "booth", minutes: int = 15, gap_minutes: int = 0):
    return services.publish_slots(stall, day=date(2026, 12, day), start=start, end=end, minutes=minutes,
                                  gap_minutes=gap_minutes, mode=mode)


# Services ------------------------------------------------------------------------------------

def test_in_person_slots_within_opening_hours_are_published(stall, exhibition):
    created = publish(stall, 10, time(9, 0), time(12, 0), gap_minutes=5)
    assert (len(created), created[0].starts_at, created[-1].ends_at) == (9, vietnam(10, 9), vietnam(10, 11, 55))


def test_in_person_slots_from_opening_to_closing_time_are_published(stall, exhibition):
    created = publish(stall, 11, time(8, 0), time(17, 30), minutes=30)
    assert (len(created), created[0].starts_at, created[-1].ends_at) == (19, vietnam(11, 8), vietnam(11, 17, 30))


def test_a_typed_end_past_closing_is_fine_when_the_last_slot_ends_by_closing_time(stall, exhibition):
    created = publish(stall, 10, time(17, 0), time(17, 40))
    assert [slot.ends_at for slot in created] == [vietnam(10, 17, 15), vietnam(10, 17, 30)]


def test_in_person_slots_running_past_closing_time_are_refused(stall, exhibition):
    with pytest.raises(OutsideOpeningHours) as refused:
        publish(stall, 10, time(16, 30), time(18, 0))
    assert (refused.value.status_code, refused.value.field, in_english(refused.value)) == (
        422, "end", refusal("10/12/2026: 08:00–17:30"))
    assert slot_count(stall) == 0


def test_in_person_slots_before_opening_time_are_refused(stall, exhibition):
    with pytest.raises(OutsideOpeningHours) as refused:
        publish(stall, 10, time(7, 30), time(9, 0))
    assert (refused.value.field, in_english(refused.value)) == ("start", refusal("10/12/2026: 08:00–17:30"))
    assert slot_count(stall) == 0


def test_in_person_slots_on_a_festival_day_without_exhibition_are_refused_listing_the_days(stall, exhibition):
    with pytest.raises(OutsideOpeningHours) as refused:
        publish(stall, 12, time(9, 0), time(10, 0))
    assert (refused.value.status_code, refused.value.field, in_english(refused.value)) == (
        422, "day", refusal(BOTH_DAYS))
    assert slot_count(stall) == 0


def test_each_day_keeps_its_own_hours(stall, exhibition):
    exhibition.days[1].opens_at, exhibition.days[1].closes_at = time(9, 0), time(16, 0)
    db.session.commit()
    assert len(publish(stall, 10, time(8, 0), time(9, 0))) == 4
    with pytest.raises(OutsideOpeningHours) as refused:
        publish(stall, 11, time(8, 0), time(9, 0))
    assert in_english(refused.value) == refusal("11/12/2026: 09:00–16:00")


def test_online_slots_ignore_the_opening_hours(stall, exhibition):
    assert len(publish(stall, 12, time(19, 0), time(21, 0), mode="online")) == 8
    assert len(publish(stall, 10, time(6, 0), time(7, 0), mode="online")) == 4


def test_without_exhibition_days_in_person_slots_keep_the_festival_days_rule(stall):
    make_exhibition(stall.edition)  # no days set
    assert len(publish(stall, 12, time(19, 0), time(20, 0))) == 4
    with pytest.raises(DomainError) as refused:
        publish(stall, 13, time(9, 0), time(10, 0))
    assert (type(refused.value), in_english(refused.value)) == (
        DomainError, "Slots must fall within the festival (10/12/2026 – 12/12/2026).")


# The owner's page ----------------------------------------------------------------------------

PUBLISH = {"day": "2026-12-10", "start": "16:00", "end": "18:00", "minutes": "15", "gap_minutes": "5",
           "mode": "booth", "location": "Bàn 2"}


def test_publishing_outside_opening_hours_is_422_next_to_the_field_keeping_the_input(client, login, stall, exhibition):
    client.set_cookie("techfest_locale", "en")
    login(stall.organisation.owner)
    response = client.post(f"/me/stalls/{stall.id}/meetings", data=PUBLISH)
    page = Page(response)

    assert response.status_code == 422
    assert page.error("end") == refusal("10/12/2026: 08:00–17:30")
    assert (page.value("day"), page.value("start"), page.value("end"), page.value("minutes"),
            page.value("gap_minutes"), page.value("location")) == ("2026-12-10", "16:00", "18:00", "15", "5", "Bàn 2")
    assert slot_count(stall) == 0


def test_owner_page_shows_the_opening_hours_when_set(client, login, stall, exhibition):
    client.set_cookie("techfest_locale", "en")
    login(stall.organisation.owner)
    page = Page(client.get(f"/me/stalls/{stall.id}/meetings"))
    assert page.by_id["opening-hours"] == (
        f"In person at the booth: only on exhibition days, within the opening hours ({BOTH_DAYS}).")


def test_owner_page_without_exhibition_days_shows_no_opening_hours(client, login, stall):
    login(stall.organisation.owner)
    body = client.get(f"/me/stalls/{stall.id}/meetings").get_data(as_text=True)
    assert 'id="opening-hours"' not in body
