"""The live final in Chromium: the organiser advances, publishes and reveals; the big-screen leaderboard
updates without reloading when a judge submits or the standings are revealed or hidden.

The data is the results domain's hand-computed worked example (``tests/results/helpers.py``).
"""
import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.judging.models import Assignment
from app.results import routes, services
from tests.browser.steps import fill_sign_in
from tests.factories import make_assignment
from tests.results.helpers import live_url, places, results_url, worked_example


@pytest.fixture
def example():
    return worked_example()


@pytest.fixture
def fast_polling(monkeypatch):
    monkeypatch.setattr(routes, "LIVE_POLL_SECONDS", 2)


@pytest.fixture
def final(example):
    services.advance_selected(example.round, [example.entries[key].id for key in ("E1", "E2", "E4")])
    for judge in ("J1", "J2", "J3"):
        for entry, points in (("E1", (9,) * 6), ("E2", (7,) * 6), ("E4", (8,) * 6)):
            submitted = (judge, entry) in {("J1", "E1"), ("J2", "E1"), ("J1", "E2")}
            make_assignment(example.final, example.judges[judge], example.entries[entry], points=points,
                            submitted=submitted)
    db.session.rollback()  # hold no transaction open while the server reads
    return example


def test_leaderboard_updates_without_reloading(page, live_server, fast_polling, final):
    page.goto(live_url(final))
    standings = page.locator("#standings li")
    progress = page.locator("#finalists .leaderboard-progress")
    expect(page.locator("#standings-waiting")).to_be_visible()
    expect(progress).to_have_count(3)
    first_progress = progress.nth(2).inner_text()

    services.reveal_standings(final.final, revealed=True)
    db.session.rollback()
    expect(standings).to_have_count(2)
    expect(page.locator("#standings-waiting")).to_be_hidden()
    expect(page.locator("#standings .leaderboard-score")).to_have_text(["87,42", "75,17"])

    sheet = db.session.scalar(db.select(Assignment).where(Assignment.round_id == final.final.id,
                                                          Assignment.judge_id == final.judges["J3"].id,
                                                          Assignment.entry_id == final.entries["E4"].id))
    sheet.status = "submitted"
    db.session.commit()
    db.session.rollback()
    expect(standings).to_have_count(3)
    expect(page.locator("#standings .leaderboard-name")).to_have_text(["Cảng Thông Minh", "Y Tế Số", "Nông Sản Xanh"])
    expect(progress.nth(2)).not_to_have_text(first_progress)

    services.reveal_standings(final.final, revealed=False)
    db.session.rollback()
    expect(page.locator("#standings-waiting")).to_be_visible()
    expect(page.locator("#standings")).to_be_hidden()
    expect(page.locator(".leaderboard-score")).to_have_count(0)


def test_organiser_advances_publishes_and_reveals(new_context, live_server, example):
    """With CSRF on, as in production: hand-pick two entries (confirming the dialog), publish, reveal."""
    from app.notifications.models import OutboxMessage

    db.session.rollback()  # hold no transaction open while the server writes
    organiser = new_context().new_page()
    organiser.on("dialog", lambda dialog: dialog.accept())
    organiser.goto("/account/login")
    fill_sign_in(organiser, email=example.organiser.email)
    organiser.goto(results_url(example))
    for key in ("E2", "E4"):
        organiser.locator(f"#entry-{example.entries[key].id} input[type=checkbox]").check()
    organiser.locator("#advance-selected [type=submit]").click()
    expect(organiser.locator(f"#entry-{example.entries['E4'].id} [data-field=outcome]")).not_to_be_empty()
    organiser.locator("#publish [type=submit]").click()
    expect(organiser.locator("#round-status .text-bg-success").first).to_be_visible()
    expect(organiser.locator("#decisions form")).to_have_count(0)

    db.session.rollback()
    assert places(example.final) == {example.entries["E2"].id, example.entries["E4"].id}
    assert db.session.query(OutboxMessage).filter(OutboxMessage.kind.like("results.%")).count() == 8
    db.session.rollback()

    organiser.goto(results_url(example, example.final, "live-control"))
    organiser.locator("#reveal [type=submit]").click()
    expect(organiser.locator("#reveal .text-bg-success")).to_be_visible()
    db.session.rollback()
    assert db.session.get(type(example.final), example.final.id).standings_revealed is True
