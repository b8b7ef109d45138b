"""How long ranking a round of 2,000 entries takes, raw and bias-corrected, from the database.

    .venv/bin/python tests/benchmarks/ranking.py [--repeat 3] [--database-url postgresql://127.0.0.1/scratch]

Builds, in a scratch SQLite database in a temporary folder (or in the empty database given with
``--database-url``, whose tables it drops afterwards), one round of 2,000 submitted entries,
each scored by 5 of 100 judges on a 7-criterion rubric: 10,000 submitted score sheets and
70,000 scores, bulk-inserted. Then it ranks the round from the database twice, once by the
raw mean and once by the bias-corrected result, each time the whole work of the results page
(loading the points, weighted totals, raw and corrected results, Krippendorff's alpha,
leave-one-out correlations, the ranking with its tie-break cascade), and prints the best of
``--repeat`` runs. The last line is ``ranking 2000 entries: <seconds> s``; the target is under 1 s.
Not a test: pytest does not collect it (its name does not start with ``test_``).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

from sqlalchemy import insert, select  # noqa: E402

from app.accounts.models import User  # noqa: E402
from app.competitions.models import Competition, Criterion, Entry, Round, RoundEntry  # noqa: E402
from app.config import normalise_database_url  # noqa: E402
from app.events.models import Edition  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.benchmarks.scratch import scratch_app  # noqa: E402
from app.judging.models import Assignment, Judge, Score  # noqa: E402
from app.results import queries  # noqa: E402
from app.teams.models import Organisation  # noqa: E402

ENTRIES, JUDGES, JUDGES_PER_ENTRY = 2000, 100, 5
RUBRIC = [20, 15, 15, 15, 15, 10, 10]  # weights of the 7 criteria, each out of 10
SUBMITTED_AT = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


def build_round(seed: int = 2026) -> Round:
    """The round, bulk-inserted with executemany: takes a few seconds, and is not timed."""
    rng = random.Random(seed)
    edition = Edition(slug="benchmark", name_vi="Techfest Việt Nam", name_en="Techfest Vietnam",
                      starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12), status="published")
    competition = Competition(edition=edition, slug="talent-search", name_vi="Tìm kiếm tài năng",
                              name_en="Talent search", tie_break_criterion_position=0)
    round_ = Round(competition=competition, position=1, name_vi="Vòng sơ loại", name_en="Screening",
                   judges_per_entry=JUDGES_PER_ENTRY)
    for position, weight in enumerate(RUBRIC):
        round_.criteria.append(Criterion(position=position, name_vi=f"Tiêu chí {position + 1}",
                                         name_en=f"Criterion {position + 1}", max_points=10, weight=Decimal(weight)))
    db.session.add(round_)
    db.session.flush()
    criteria = [criterion.id for criterion in round_.criteria]

    db.session.execute(insert(User), [
        {"email": f"judge{n}@bench.example", "name": f"Giám khảo {n}", "name_folded": f"giam khao {n}",
         "password_hash": "-", "locale": "vi"} for n in range(JUDGES)])
    users = db.session.scalars(select(User.id).where(User.email.like("judge%@bench.example")).order_by(User.id)).all()
    db.session.execute(insert(Judge), [{"competition_id": competition.id, "user_id": user} for user in users])
    judges = db.session.scalars(select(Judge.id).order_by(Judge.id)).all()

    db.session.execute(insert(Organisation), [
        {"kind": "startup", "name": f"Khởi nghiệp {n}", "name_folded": f"khoi nghiep {n}"} for n in range(ENTRIES)])
    organisations = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
    db.session.execute(insert(Entry), [
        {"competition_id": competition.id, "organisation_id": organisation, "project_name": f"Dự án {n}",
         "status": "submitted", "eligibility": "eligible", "submitted_at": SUBMITTED_AT + timedelta(minutes=n)}
        for n, organisation in enumerate(organisations)])
    entries = db.session.scalars(select(Entry.id).order_by(Entry.id)).all()
    db.session.execute(insert(RoundEntry), [{"round_id": round_.id, "entry_id": entry} for entry in entries])

    # Judges are harsh or lenient; entries better or worse: totals look like real ones.
    bias = {judge: rng.uniform(-1.5, 1.5) for judge in judges}
    quality = {entry: rng.uniform(3, 9) for entry in entries}
    pairs = [(judge, entry) for n, entry in enumerate(entries)
             for judge in rng.sample(judges, JUDGES_PER_ENTRY)]
    db.session.execute(insert(Assignment), [
        {"round_id": round_.id, "judge_id": judge, "entry_id": entry, "status": "submitted",
         "submitted_at": SUBMITTED_AT} for judge, entry in pairs])
    sheet_ids = dict(((judge, entry), sheet) for sheet, judge, entry in db.session.execute(
        select(Assignment.id, Assignment.judge_id, Assignment.entry_id).where(Assignment.round_id == round_.id)))
    db.session.execute(insert(Score), [
        {"assignment_id": sheet_ids[(judge, entry)], "judge_id": judge, "entry_id": entry, "criterion_id": criterion,
         "points": Decimal(str(min(10, max(0, round(quality[entry] + bias[judge] + rng.gauss(0, 1), 1)))))}
        for judge, entry in pairs for criterion in criteria])
    db.session.commit()
    return round_


def time_ranking(round_: Round) -> tuple[float, dict[str, list[int]]]:
    """Seconds to rank the round both ways from the database (each way a full computation)."""
    db.session.expire_all()
    round_ = db.session.get(Round, round_.id)
    _ = round_.competition.tie_break_criterion_position  # the page has these loaded already
    started = time.perf_counter()
    rankings = {method: queries.round_standings(round_, method=method).ranking for method in ("raw", "corrected")}
    return time.perf_counter() - started, rankings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (the best is shown)")
    parser.add_argument("--database-url", help="an empty scratch database instead of a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{scratch}/ranking.db"
        app = scratch_app(scratch, url)
        with app.app_context():
            db.create_all()
            try:
                started = time.perf_counter()
                round_ = build_round()
                print(f"built {ENTRIES} entries, {ENTRIES * JUDGES_PER_ENTRY} score sheets, "
                      f"{ENTRIES * JUDGES_PER_ENTRY * len(RUBRIC)} scores in {time.perf_counter() - started:.1f} s")
                timings = []
                for _ in range(max(1, args.repeat)):
                    seconds, rankings = time_ranking(round_)
                    timings.append(seconds)
                assert len(rankings["raw"]) == len(rankings["corrected"]) == ENTRIES
                moved = sum(1 for a, b in zip(rankings["raw"], rankings["corrected"]) if a != b)
                print(f"runs: {', '.join(f'{t:.3f}' for t in timings)} s; "
                      f"{moved} of {ENTRIES} places differ between raw and corrected")
            finally:
                if args.database_url:
                    db.session.rollback()
                    db.drop_all()
                db.session.remove()
                db.engine.dispose()
        print(f"ranking {ENTRIES} entries: {min(timings):.3f} s")


if __name__ == "__main__":
    main()
