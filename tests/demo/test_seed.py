"""``flask seed-demo`` fills every page with realistic data and is safe to run twice."""
from sqlalchemy import func, select

from app.accounts.models import User
from app.demo.seed import seed_demo
from app.events.models import Edition, Session, Village
from app.extensions import db
from app.registrations.models import Registration
from app.teams.models import Organisation


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Organisation, Edition, Session, Village, Registration)}


def test_seed_demo_creates_the_haiphong_edition_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    assert counts["Edition"] == 2
    assert counts["Village"] == 10
    assert counts["Session"] == 34
    assert counts["Organisation"] == 88
    assert counts["Registration"] > 0
    haiphong = db.session.scalar(select(Edition).where(Edition.slug == "techfest-haiphong-2023"))
    assert (haiphong.theme_vi, haiphong.starts_on.isoformat(), haiphong.ends_on.isoformat()) == (
        "Hải Phòng - Thành phố đổi mới sáng tạo - Tăng tốc và Tỏa sáng", "2023-09-18", "2023-09-23")
    assert all(v.head is not None for v in haiphong.villages)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert _counts() == counts


def test_seed_demo_confirmed_seats_match_registrations(app):
    seed_demo()
    for session in db.session.scalars(select(Session)):
        confirmed = sum(r.seats for r in db.session.scalars(
            select(Registration).where(Registration.session_id == session.id, Registration.status == "confirmed")))
        assert session.confirmed_seats == confirmed, session.title_en


def test_every_demo_account_can_sign_in_through_the_form(app, client):
    """The README documents these accounts: each must pass the form's email check and password."""
    from app.demo.seed import DEMO_PASSWORD, DEMO_USERS

    seed_demo()
    for email, *_ in DEMO_USERS:
        response = client.post("/account/login", data={"email": email, "password": DEMO_PASSWORD})
        assert (email, response.status_code) == (email, 302)
        client.post("/account/logout")


def test_seed_demo_competition_has_three_rounds_forty_entries_eight_judges_and_scores(app):
    from collections import Counter

    from app.competitions.models import Competition, Entry
    from app.judging.models import Assignment, Judge, Score

    seed_demo()
    competition = db.session.scalar(select(Competition))
    assert [r.kind for r in competition.rounds] == ["screening", "semi_final", "final"]
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 40
    assert db.session.scalar(select(func.count()).select_from(Judge)) == 8
    screening = competition.rounds[0]
    assignments = db.session.scalars(select(Assignment).where(Assignment.round_id == screening.id)).all()
    assert set(Counter(a.entry_id for a in assignments).values()) == {3}
    loads = Counter(a.judge_id for a in assignments).values()
    assert max(loads) - min(loads) <= 1
    assert db.session.scalar(select(func.count()).select_from(Score)) == 6 * len(assignments) + 6 * 3 * 15
    assert len(competition.rounds[2].participations) == 5
