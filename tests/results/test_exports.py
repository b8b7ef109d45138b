"""Exports of entries, scores and rankings, read back as CSV and with openpyxl."""
import csv
import io

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.results import services
from tests.results.helpers import COMMENTS, PRIVATE_NOTES, organiser_of, results_url


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith("\ufeff".encode())  # the BOM Excel needs for Vietnamese
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def entries_url(example, kind):
    return f"/manage/e/{example.edition.slug}/competitions/{example.competition.slug}/entries.{kind}"


@pytest.fixture
def organiser(client, login, example):
    example.entries["E1"].problem = "=HYPERLINK(\"http://evil\")"
    example.entries["E1"].funding_sought_vnd = 2_000_000_000
    db.session.commit()
    return login(example.organiser)


def test_entries_csv(client, organiser, example):
    response = client.get(entries_url(example, "csv"))

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="tim-kiem-tai-nang-entries.csv"'
    rows = read_csv(response)
    assert rows[0][:6] == ["Entry number", "Project", "Team", "Track", "Status", "Eligibility"]
    assert [row[1] for row in rows[1:]] == ["Cảng Thông Minh", "Nông Sản Xanh", "Học Vui", "Y Tế Số"]
    first = dict(zip(rows[0], rows[1]))
    assert first["Team"] == "Công ty Cảng Thông Minh"
    assert first["Problem"] == "'=HYPERLINK(\"http://evil\")"  # never run as a formula
    assert first["Funding sought (VND)"] == "2000000000"
    assert first["Submitted at"] == "2026-11-23 00:00"  # 17:00 UTC the day before, in Viet Nam time


def test_entries_xlsx(client, organiser, example):
    rows = read_xlsx(client.get(entries_url(example, "xlsx")))

    assert rows[0][1] == "Project"
    assert [row[1] for row in rows[1:]] == ["Cảng Thông Minh", "Nông Sản Xanh", "Học Vui", "Y Tế Số"]
    assert rows[1][9] == 2_000_000_000


def test_scores_csv_has_every_criterion_comment_and_labelled_private_note(client, organiser, example):
    response = client.get(results_url(example, suffix="results/scores.csv"))

    assert response.headers["Content-Disposition"] == 'attachment; filename="tim-kiem-tai-nang-round-1-scores.csv"'
    rows = read_csv(response)
    assert rows[0] == ["Entry number", "Project", "Team", "Judge", "Sheet", "Submitted at",
                       "Team (/10, 20%)", "Problem and solution (/10, 20%)", "Market and scalability (/10, 20%)",
                       "Business model and traction (/10, 20%)", "Science and technology (/10, 10%)",
                       "Social and environmental impact (/10, 10%)", "Weighted total (/100)", "Comment for the team",
                       "Private note (organisers only)"]
    assert len(rows) == 1 + 9
    by_pair = {(row[1], row[3]): row for row in rows[1:]}
    j3_e3 = by_pair[("Học Vui", "Vũ Đức Thắng")]
    assert j3_e3[6:13] == ["7.5", "6.0", "6.0", "6.5", "6.0", "6.0", "64.0"]
    j2_e1 = by_pair[("Cảng Thông Minh", "Tanaka Yuki")]
    assert j2_e1[4] == "submitted"
    assert j2_e1[13:] == [COMMENTS[("J2", "E1")], PRIVATE_NOTES[("J2", "E1")]]


def test_scores_xlsx_marks_drafts(client, organiser, example):
    example.sheets[("J1", "E4")].status = "draft"
    db.session.commit()

    rows = read_xlsx(client.get(results_url(example, suffix="results/scores.xlsx")))

    draft = next(row for row in rows[1:] if row[1] == "Y Tế Số" and row[3] == "Kim Min-jun")
    assert draft[4] == "draft"
    assert draft[12] == 80
    assert rows[0][-1] == "Private note (organisers only)"


def test_scores_table_without_private_notes(app, example):
    from app.results import exports

    with app.test_request_context("/"):
        header, rows = exports.scores_table(example.round, include_private_notes=False)

    assert "Private note (organisers only)" not in header
    assert all(PRIVATE_NOTES[("J2", "E1")] not in [str(value) for value in row] for row in rows)


def test_rankings_csv(client, organiser, example):
    services.advance_top(example.round, count=2, per_track=False)

    rows = read_csv(client.get(results_url(example, suffix="results/rankings.csv")))

    assert rows[0] == ["Rank", "Rank in track", "Entry number", "Project", "Team", "Track", "Raw mean",
                       "Bias-corrected", "Median", "Judges", "Lowest total", "Highest total", "Spread",
                       "Tie decided by", "Outcome"]
    assert [[row[0], row[3], row[6], row[7], row[9], row[14]] for row in rows[1:]] == [
        ["1", "Nông Sản Xanh", "66.0", "81.0", "2", "advanced"],
        ["2", "Cảng Thông Minh", "70.0", "73.5", "2", "advanced"],
        ["3", "Y Tế Số", "62.6667", "61.0", "3", "not advanced"],
        ["4", "Học Vui", "67.0", "51.0", "2", "not advanced"],
    ]


def test_rankings_xlsx_in_vietnamese(client, organiser, example):
    example.organiser.locale = "vi"
    db.session.commit()

    rows = read_xlsx(client.get(results_url(example, suffix="results/rankings.xlsx")))

    assert [row[3] for row in rows[1:]] == ["Nông Sản Xanh", "Cảng Thông Minh", "Y Tế Số", "Học Vui"]
    assert rows[3][6] == pytest.approx(62.6667)


@pytest.mark.parametrize("path", ["results/scores.csv", "results/rankings.xlsx"])
def test_exports_are_for_this_editions_organisers_only(client, login, example, path):
    from tests.factories import make_edition

    login(organiser_of(make_edition()))

    assert client.get(results_url(example, suffix=path)).status_code == 403
    assert client.get(entries_url(example, "csv")).status_code == 403
