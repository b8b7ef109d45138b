"""Visitor keys: one per visitor and day, keyed with the secret, never revealing the IP address."""
import hashlib
import hmac
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.stalls.visits import is_bot, local_day, visitor_key

SECRET = "test-secret"
DAY = date(2026, 12, 10)
BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"


def test_visitor_key_of_an_account_is_the_hmac_of_day_and_user_id():
    expected = hmac.new(b"test-secret", b"2026-12-10\nu:42", hashlib.sha256).hexdigest()
    assert visitor_key(SECRET, DAY, user_id=42, ip="203.0.113.9", user_agent=BROWSER) == expected
    assert len(expected) == 64


def test_visitor_key_of_an_anonymous_visitor_uses_ip_and_browser():
    expected = hmac.new(b"test-secret", f"2026-12-10\na:203.0.113.9\n{BROWSER}".encode(), hashlib.sha256).hexdigest()
    assert visitor_key(SECRET, DAY, ip="203.0.113.9", user_agent=BROWSER) == expected


def test_visitor_key_is_stable_within_a_day_and_changes_with_the_day():
    same_day = {visitor_key(SECRET, DAY, ip="203.0.113.9", user_agent=BROWSER) for _ in range(3)}
    next_day = visitor_key(SECRET, date(2026, 12, 11), ip="203.0.113.9", user_agent=BROWSER)
    assert (len(same_day), next_day in same_day) == (1, False)


def test_visitor_key_differs_by_visitor_and_by_secret():
    keys = {
        visitor_key(SECRET, DAY, ip="203.0.113.9", user_agent=BROWSER),
        visitor_key(SECRET, DAY, ip="203.0.113.10", user_agent=BROWSER),
        visitor_key(SECRET, DAY, ip="203.0.113.9", user_agent="Firefox"),
        visitor_key(SECRET, DAY, user_id=1),
        visitor_key(SECRET, DAY, user_id=2),
        visitor_key("another-secret", DAY, user_id=1),
    }
    assert len(keys) == 6


def test_visitor_key_never_contains_the_ip_address():
    key = visitor_key(SECRET, DAY, ip="203.0.113.9", user_agent=BROWSER)
    assert ("203.0.113.9" in key, "203" in key and "113" in key and ".9" in key) == (False, False)


@pytest.mark.parametrize(("agent", "bot"), [
    ("Googlebot/2.1 (+http://www.google.com/bot.html)", True),
    ("Mozilla/5.0 (compatible; bingbot/2.0)", True),
    ("Baiduspider", True),
    ("facebookexternalhit/1.1 crawler", True),
    ("coccocbot-web/1.0", True),
    (BROWSER, False),
    ("", False),
    (None, False),
])
def test_is_bot(agent, bot):
    assert is_bot(agent) is bot


def test_local_day_is_the_edition_zone_day():
    late_evening_utc = datetime(2026, 12, 9, 18, 30, tzinfo=UTC)  # 01:30 on 10 December in Viet Nam
    assert local_day(late_evening_utc, ZoneInfo("Asia/Ho_Chi_Minh")) == date(2026, 12, 10)
    assert local_day(late_evening_utc, ZoneInfo("UTC")) == date(2026, 12, 9)
