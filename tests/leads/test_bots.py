"""The contact form's time-stamp token: pure functions over a secret and a clock."""
from datetime import UTC, datetime, timedelta

import pytest

from app.leads import bots

SECRET = "a secret"
SHOWN = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(("seconds_later", "problem"), [
    (0, "too_fast"), (2.9, "too_fast"), (3, None), (600, None), (2 * 3600, None), (2 * 3600 + 1, "too_old"),
])
def test_token_problem_by_age(seconds_later, problem):
    token = bots.form_token(SECRET, SHOWN)
    assert bots.token_problem(SECRET, token, SHOWN + timedelta(seconds=seconds_later)) == problem


def test_token_age_is_seconds_since_shown():
    token = bots.form_token(SECRET, SHOWN)
    assert bots.token_age(SECRET, token, SHOWN + timedelta(seconds=42)) == 42.0


@pytest.mark.parametrize("token", [None, "", "garbage", bots.form_token("another secret", SHOWN)])
def test_missing_forged_or_foreign_token_is_missing(token):
    assert bots.token_age(SECRET, token, SHOWN) is None
    assert bots.token_problem(SECRET, token, SHOWN + timedelta(minutes=1)) == "missing"


def test_tampered_token_is_missing():
    token = bots.form_token(SECRET, SHOWN)
    forged = bots.form_token(SECRET, SHOWN - timedelta(hours=1)).split(".")[0] + "." + token.split(".")[1]
    assert bots.token_problem(SECRET, forged, SHOWN + timedelta(minutes=1)) == "missing"
