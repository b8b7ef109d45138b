"""Issue #4's main journey: a startup team enters a competition, three judges are assigned and score the
entry on their phones, the organiser advances the team and publishes the results (the team is emailed the
judges' comments, never their private notes), and the live final's big screen follows the scoring.

Factories make only the starting data (accounts, the team, an edition with a competition whose first
round takes submissions and is being judged now, and a final round; two rival entries; the judges; the
final's assignments), and only the database is read to check. Everything else goes through the UI with
CSRF on. Elements are found by ids, names, form actions, links and data-* attributes, never by
translated text, as the catalogues change.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.competitions.models import Entry, Round, RoundEntry
from app.core.time import utcnow
from app.extensions import db
from app.judging.models import Assignment, Judge, Score
from app.notifications.models import OutboxMessage
from tests.browser.conftest import MOBILE
from tests.browser.steps import person, sign_in
from tests.factories import (make_assignment, make_competition, make_edition, make_entry, make_judge,
                             make_organisation, make_round, make_user)

pytestmark = pytest.mark.browser

SLUG, COMPETITION = "techfest-hai-phong-2026", "tim-kiem-tai-nang"
PROJECT = "Cảng Xanh — điều phối container bằng AI"
APPLICATION = {
    "problem": "Xe container chờ trung bình 4 giờ ở cổng cảng Hải Phòng.",
    "solution": "Hệ thống đặt lịch lấy hàng dự báo bằng AI cho các hãng xe.",
    "innovation": "Dự báo từ dữ liệu AIS và camera cổng, không cần thiết bị mới.",
    "target_market": "120 doanh nghiệp vận tải tại Hải Phòng, sau đó Cái Mép.",
    "business_model": "Thuê bao theo số xe, 150.000 đồng mỗi xe mỗi tháng.",
    "traction": "Thử nghiệm với 2 hãng xe, 300 chuyến mỗi tuần.",
    "team_description": "Ba kỹ sư logistics và hai kỹ sư dữ liệu.",
    "links": "https://cangxanh.example.vn",
}
VIDEO = "https://www.youtube.com/watch?v=cangxanh"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# One sheet per judge on the team's entry: points per criterion (typed as on a phone), the comment, the note.
SHEETS = [
    (("8", "7,5", "8", "7", "9", "8"), "Đội ngũ mạnh, thị trường rõ ràng.", None),
    (("7", "7", "6,5", "7", "8", "7"), "Cần số liệu doanh thu theo tháng.", "Nhà sáng lập có vẻ quá tự tin (riêng)."),
    (("9", "8", "8", "8,5", "9", "9"), "Great traction; show the unit economics.", None),
]
FINAL_POINTS = ("9", "8", "9", "8", "9", "8")  # 2 × (9 + 8 + 9 + 8) + 9 + 8 = 85
FINAL_SCORE = re.compile(r"^85[,.]00$")



def accept_next_dialog(page: Page) -> None:
    """The confirm() of buttons that change things: say yes (Playwright says no by default)."""
    page.once("dialog", lambda dialog: dialog.accept())


def read(query):
    """Run a read and hold no transaction open while the server writes."""
    try:
        return query()
    finally:
        db.session.rollback()


def assert_fits_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def score_on_phone(phone: Page, assignment_id: int, criteria: list[int], points, comment: str,
                   note: str | None = None) -> Locator:
    """On the judge's dashboard: open the sheet, type every score and the comment (and a private note).

    Returns the sheet, so the caller can take a screenshot before tapping its submit button.
    """
    phone.locator(f'a[data-assignment="{assignment_id}"]').tap()
    expect(phone).to_have_url(re.compile(rf"/judge/assignments/{assignment_id}$"))
    sheet = phone.locator("#sheet")
    for criterion_id, value in zip(criteria, points, strict=True):
        sheet.locator(f"#criterion_{criterion_id}").fill(value)
    sheet.locator("#comment_for_team").fill(comment)
    if note:
        sheet.locator("#private_note").fill(note)
    assert_fits_phone(phone)
    return sheet


def test_journey_entry_judged_on_phones_advances_and_the_final_goes_live(new_context, screenshot, tmp_path):
    # Starting data: an edition with a competition whose first round takes submissions and is judged now.
    now = utcnow()
    organiser = person(make_user(name="Đỗ Thị Thanh Hương"))
    edition = make_edition(slug=SLUG, organisers=(db.session.get(User, organiser.id),))
    competition = make_competition(edition, slug=COMPETITION, name_en="Startup talent search")
    screening = make_round(competition, position=1, name_vi="Vòng sơ loại", name_en="Online screening",
                           judges_per_entry=3, submission_opens_at=now - timedelta(days=1),
                           submission_closes_at=now + timedelta(days=7), judging_opens_at=now - timedelta(hours=1),
                           judging_closes_at=now + timedelta(days=14))
    final = make_round(competition, position=2, kind="final", name_vi="Chung kết", name_en="Grand final")
    member = person(make_user(name="Lê Thu Trang"))
    team = make_organisation(make_user(name="Phạm Minh Tuấn"), name="Công ty Cảng Xanh",
                             members=(db.session.get(User, member.id),))
    for project in ("Nông Sản Xanh", "Học Vui"):
        make_entry(competition, round_=screening, project_name=project, submitted_at=now - timedelta(hours=3))
    judges = [person(make_user(name=name, roles=(Role.JUDGE,)))
              for name in ("Kim Min-jun", "Tanaka Yuki", "Vũ Đức Thắng")]
    judge_ids = [make_judge(competition, user=db.session.get(User, judge.id)).id for judge in judges]
    screening_id, final_id, team_id = screening.id, final.id, team.id
    criteria = [criterion.id for criterion in screening.criteria]
    final_criteria = [criterion.id for criterion in final.criteria]
    db.session.rollback()
    competition_path = f"/e/{SLUG}/competitions/{COMPETITION}/"
    manage_path = f"/manage/e/{SLUG}/competitions/{COMPETITION}/"

    # 1. A team member finds the competition, signs in from its page and enters it ...
    desk = new_context().new_page()
    desk.goto(competition_path)
    desk.locator('#main a[href^="/account/login"]').click()
    sign_in(desk, member)
    expect(desk).to_have_url(re.compile(re.escape(competition_path) + "$"))
    desk.locator("#enter-button").click()
    expect(desk).to_have_url(re.compile(re.escape(f"{competition_path}enter") + "$"))
    desk.locator("#organisation_id").select_option(str(team_id))
    desk.locator("#project_name").fill(PROJECT)
    for name, value in APPLICATION.items():
        desk.locator(f"#{name}").fill(value)
    desk.locator("#funding_sought_vnd").fill("2.000.000.000")
    desk.locator("#video_url").fill(VIDEO)
    deck = tmp_path / "cang-xanh.pdf"
    deck.write_bytes(PDF)
    desk.locator("#deck").set_input_files(str(deck))
    screenshot(desk, "entry-form")

    # ... saves a draft (the deck is kept with it) ...
    desk.locator("#main form [name=save_draft]").click()
    expect(desk).to_have_url(re.compile(r"/entries/\d+$"))
    entry_id = int(re.search(r"/entries/(\d+)$", desk.url).group(1))
    expect(desk.locator("#project-name")).to_have_text(PROJECT)
    expect(desk.locator('#entry-fields [data-field="deck"] a')).to_have_attribute("href", f"/entries/{entry_id}/deck")
    draft = read(lambda: db.session.execute(select(Entry.status, Entry.organisation_id, Entry.submitted_at,
                                                   Entry.deck_path).where(Entry.id == entry_id)).one())
    assert tuple(draft[:3]) == ("draft", team_id, None)
    assert draft.deck_path.endswith(".pdf")

    # ... and submits it from the entry page.
    desk.locator(f'#entry-actions form[action="/entries/{entry_id}/submit"] [type=submit]').click()
    expect(desk.locator("#main .alert-success")).to_be_visible()
    expect(desk.locator(f'#entry-actions form[action="/entries/{entry_id}/submit"]')).to_have_count(0)

    entry = db.session.get(Entry, entry_id)
    assert (entry.status, entry.project_name, entry.problem, entry.funding_sought_vnd, entry.video_url) == (
        "submitted", PROJECT, APPLICATION["problem"], 2_000_000_000, VIDEO)
    assert entry.submitted_at is not None
    assert [p.round_id for p in entry.participations] == [screening_id]
    db.session.rollback()
    receipts = read(lambda: db.session.scalars(select(OutboxMessage.kind).where(
        OutboxMessage.recipient_email == member.email)).all())
    assert [kind for kind in receipts if "competitions" in kind] == ["competitions.entry_received"]

    # 2. The organiser opens the round's assignment page and runs the assignment (3 judges per entry).
    office = new_context().new_page()
    office.goto("/account/login")
    sign_in(office, organiser)
    office.goto(manage_path)
    office.locator(f'#rounds tr[data-round="{screening_id}"] a[data-link="assignment"]').click()
    expect(office).to_have_url(re.compile(rf"/rounds/{screening_id}/assignment$"))
    expect(office.locator('[data-figure="entries"]')).to_have_text("3")
    expect(office.locator('[data-figure="judges"]')).to_have_text("3")
    expect(office.locator('[data-figure="k"]')).to_have_text("3")
    office.locator('form[action$="/assignment/run"] [type=submit]').click()
    expect(office.locator('[data-figure="assignments"]')).to_have_text("9")
    expect(office.locator('#assignment-checks [data-check="coverage"] .text-bg-success')).to_be_visible()

    per_entry = read(lambda: dict(db.session.execute(
        select(Assignment.entry_id, func.count()).where(Assignment.round_id == screening_id)
        .group_by(Assignment.entry_id)).all()))
    assert len(per_entry) == 3 and set(per_entry.values()) == {3}
    sheet_of = read(lambda: dict(db.session.execute(
        select(Assignment.judge_id, Assignment.id).where(Assignment.round_id == screening_id,
                                                         Assignment.entry_id == entry_id)).all()))
    assert set(sheet_of) == set(judge_ids)

    # 3. Each judge, on a phone, opens the team's entry from their dashboard, scores it and submits.
    phones = []
    for number, (judge, judge_id, (points, comment, note)) in enumerate(zip(judges, judge_ids, SHEETS)):
        phone = new_context(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
        phones.append(phone)
        phone.goto("/account/login?next=/judge/")
        sign_in(phone, judge)
        expect(phone).to_have_url(re.compile(r"/judge/$"))
        expect(phone.locator(f'[data-round="{screening_id}"] a[data-assignment]')).to_have_count(3)
        assert_fits_phone(phone)
        sheet = score_on_phone(phone, sheet_of[judge_id], criteria, points, comment, note)
        expect(phone.locator('#entry [href$="/deck"]').first).to_be_attached()  # the deck is readable here
        if number == 0:
            screenshot(phone, "scoring-phone")
        sheet.locator("[name=submit]").tap()
        expect(phone).to_have_url(re.compile(r"/judge/$"))
        expect(phone.locator(f'a[data-assignment="{sheet_of[judge_id]}"] .badge.text-bg-success')).to_be_visible()
        assert_fits_phone(phone)

    sheets = read(lambda: [(a.judge_id, a.status, a.submitted_at is not None, a.comment_for_team, len(a.scores))
                           for a in db.session.scalars(select(Assignment).where(
                               Assignment.round_id == screening_id, Assignment.entry_id == entry_id))])
    assert sorted(sheets) == sorted((judge_id, "submitted", True, comment, 6)
                                    for judge_id, (_points, comment, _note) in zip(judge_ids, SHEETS))
    half_point = read(lambda: db.session.scalar(select(Score.points).where(
        Score.assignment_id == sheet_of[judge_ids[0]], Score.criterion_id == criteria[1])))
    assert float(half_point) == 7.5  # "7,5" typed on the phone

    # 4. The organiser opens the round's results, advances the team by hand, and publishes.
    office.goto(manage_path)
    office.locator(f'#rounds tr[data-round="{screening_id}"] a[data-link="results"]').click()
    expect(office).to_have_url(re.compile(rf"/rounds/{screening_id}/results$"))
    team_row = office.locator(f"#entry-{entry_id}")
    expect(team_row.locator('[data-field="judges"]')).to_have_text("3")
    expect(team_row.locator('[data-field="rank"]')).to_have_text("1")
    screenshot(office, "round-results")
    team_row.locator("input[type=checkbox]").check()
    office.locator("#selected-confirm_incomplete").check()  # the rivals' sheets are not submitted
    accept_next_dialog(office)
    office.locator("#advance-selected [type=submit]").click()
    expect(office.locator("#main .alert-success")).to_be_visible()
    expect(team_row).to_have_class(re.compile(r"\btable-success\b"))
    accept_next_dialog(office)
    office.locator("#publish [type=submit]").click()
    expect(office.locator("#round-status .text-bg-success")).to_be_visible()
    expect(office.locator("#decisions form")).to_have_count(0)

    assert read(lambda: db.session.scalar(select(Round.results_published_at).where(Round.id == screening_id)))
    outcomes = read(lambda: dict(db.session.execute(select(RoundEntry.entry_id, RoundEntry.outcome).where(
        RoundEntry.round_id == screening_id)).all()))
    assert outcomes[entry_id] == "advanced" and sorted(outcomes.values()) == ["advanced", "eliminated", "eliminated"]
    assert read(lambda: db.session.scalars(select(RoundEntry.entry_id).where(RoundEntry.round_id == final_id)).all()) \
        == [entry_id]
    mails = read(lambda: [(m.kind, m.body_text, m.body_html) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient_email == member.email,
                                    OutboxMessage.kind.like("%results%")))])
    assert [kind for kind, _text, _html in mails] == ["results.advanced"]
    _kind, text, html = mails[0]
    assert all(comment in text for _points, comment, _note in SHEETS)
    for _points, _comment, note in SHEETS:
        if note:
            assert note not in text and note not in html
    for judge in judges:
        assert judge.name not in text  # judges are never named to the team

    # 5. The live final: the judges are assigned to the finalist; the big screen is open in a browser.
    for judge_id in judge_ids:
        make_assignment(db.session.get(Round, final_id), db.session.get(Judge, judge_id),
                        db.session.get(Entry, entry_id))
    final_sheet = read(lambda: db.session.scalar(select(Assignment.id).where(
        Assignment.round_id == final_id, Assignment.judge_id == judge_ids[0])))
    screen = new_context().new_page()
    screen.goto(f"/e/{SLUG}/competitions/{COMPETITION}/rounds/{final_id}/live")
    screen.evaluate("window.notReloaded = true")
    judges_label = screen.locator("#leaderboard").get_attribute("data-label-judges")

    def progress(submitted: int, assigned: int) -> str:
        return judges_label.replace("{submitted}", str(submitted)).replace("{assigned}", str(assigned))

    finalists = screen.locator("#finalists li")
    expect(finalists).to_have_count(1)
    expect(finalists.locator(".leaderboard-name")).to_have_text(PROJECT)
    expect(finalists.locator(".leaderboard-progress")).to_have_text(progress(0, 3))
    expect(screen.locator("#standings-waiting")).to_be_visible()
    expect(screen.locator("#standings")).to_be_hidden()

    # The organiser reveals the standings from the live control page ...
    office.goto(manage_path)
    office.locator(f'#rounds tr[data-round="{final_id}"] a[data-link="live"]').click()
    expect(office).to_have_url(re.compile(rf"/rounds/{final_id}/live-control$"))
    accept_next_dialog(office)
    office.locator('#reveal form[action$="/live-control/reveal"] button[name=revealed][value="1"]').click()
    expect(office.locator("#reveal .text-bg-success")).to_be_visible()
    assert read(lambda: db.session.scalar(select(Round.standings_revealed).where(Round.id == final_id))) is True
    live = {"timeout": 15_000}  # longer than the leaderboard's polling interval
    expect(screen.locator("#standings-waiting")).to_be_hidden(**live)
    expect(screen.locator("#standings li")).to_have_count(0)  # nobody has scored yet

    # ... and a judge scores the pitch on the phone: the big screen follows without reloading.
    phone = phones[0]
    phone.goto("/judge/")
    sheet = score_on_phone(phone, final_sheet, final_criteria, FINAL_POINTS, "Bài thuyết trình rất thuyết phục.")
    sheet.locator("[name=submit]").tap()
    expect(phone.locator(f'a[data-assignment="{final_sheet}"] .badge.text-bg-success')).to_be_visible()
    assert read(lambda: db.session.scalar(select(Assignment.status).where(Assignment.id == final_sheet))) \
        == "submitted"

    expect(finalists.locator(".leaderboard-progress")).to_have_text(progress(1, 3), **live)
    standings = screen.locator("#standings li")
    expect(standings).to_have_count(1, **live)
    expect(standings.locator(".leaderboard-name")).to_have_text(PROJECT)
    expect(standings.locator(".leaderboard-score")).to_have_text(FINAL_SCORE)
    expect(screen.locator("#live-status")).not_to_have_class(re.compile(r"\bis-offline\b"))
    assert screen.evaluate("window.notReloaded") is True  # the same page all along
    screenshot(screen, "live-leaderboard")
