"""Demo competition: the Haiphong 2023 startup talent search with three rounds, 40 entries, 8 judges."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.accounts.models import Role, RoleGrant
from app.competitions.models import Competition, Criterion, Entry, Round, RoundEntry, Track
from app.events.models import Edition
from app.demo import demo_user
from app.extensions import db
from app.judging.assignment import assign
from app.judging.models import Assignment, Judge, Score
from app.teams.models import MemberRole, Membership, Organisation, Province

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RUBRIC = [
    ("Đội ngũ", "Team", 20), ("Vấn đề, giải pháp và đổi mới", "Problem, solution and innovation", 20),
    ("Thị trường và khả năng mở rộng", "Market and scalability", 20),
    ("Mô hình kinh doanh và kết quả", "Business model and traction", 20),
    ("Hàm lượng khoa học công nghệ", "Science and technology content", 10),
    ("Tác động xã hội và môi trường", "Social and environmental impact", 10),
]
PREFIXES = ["Agri", "Edu", "Fin", "Med", "Eco", "Smart", "Viet", "Green", "Sea", "Go"]
SUFFIXES = ["Link", "Hub", "Tech", "Lab", "Box", "Care"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Minh Anh", "Quốc Huy", "Thu Trang", "Gia Bảo", "Ngọc Lan", "Đức Thịnh", "Hải Yến", "Tuấn Kiệt"]
SECTORS = ["agritech", "edtech", "fintech", "healthtech", "cleantech", "logistics", "ai_data", "ecommerce"]
SECTOR_WORDS = {  # code: (Vietnamese, English) words for the demo pitches
    "agritech": ("nông nghiệp", "farming"), "edtech": ("giáo dục", "education"), "fintech": ("tài chính", "finance"),
    "healthtech": ("y tế", "health care"), "cleantech": ("năng lượng sạch", "clean energy"),
    "logistics": ("logistics", "logistics"), "ai_data": ("AI và dữ liệu", "AI and data"),
    "ecommerce": ("thương mại điện tử", "e-commerce"),
}
JUDGES = [
    ("judge@techfest.example", "Kim Min-jun", "Hanbit Ventures"),
    ("judge.jp@techfest.example", "Tanaka Yuki", "VJ Innovation Fund"),
    ("expert@techfest.example", "Vũ Đức Thắng", "Mạng lưới VJOIN"),
    ("judge4@techfest.example", "Lâm Thị Phương", "Quỹ Đầu tư Sáng tạo Sông Hồng"),
    ("judge5@techfest.example", "Ông Văn Lực", "Đại học Hàng hải Việt Nam"),
    ("judge6@techfest.example", "Choi Soo-ah", "K-Startup Center Hanoi"),
    ("judge7@techfest.example", "Mai Xuân Trường", "Sở Khoa học và Công nghệ Hải Phòng"),
    ("judge8@techfest.example", "Trịnh Khánh Linh", "Mekong Innovation Accelerator"),
]


def _local(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def _rounds(competition: Competition) -> list[Round]:
    windows = [  # submission, judging (local times), judges per entry, advance
        ("screening", "Vòng sơ loại hồ sơ", "Online screening", (8, 1), (9, 1), (9, 8), (9, 12), 3, 15),
        ("semi_final", "Vòng bán kết", "Semi-final", (9, 12), (9, 15), (9, 16), (9, 20), 3, 5),
        ("final", "Chung kết – thuyết trình trực tiếp", "Final pitch at the venue", (9, 20), (9, 22), (9, 23), (9, 23), 5, 3),
    ]
    rounds = []
    for position, (kind, vi, en, s_open, s_close, j_open, j_close, k, advance) in enumerate(windows, start=1):
        round_ = Round(competition=competition, position=position, kind=kind, name_vi=vi, name_en=en,
                       submission_opens_at=_local(2023, *s_open), submission_closes_at=_local(2023, *s_close, 23, 59),
                       judging_opens_at=_local(2023, *j_open, 8), judging_closes_at=_local(2023, *j_close, 17),
                       judges_per_entry=k, advance_count=advance, ranking_method="corrected",
                       requires_updated_deck=position == 2,
                       material_request_vi="Nộp pitch deck cập nhật cho vòng bán kết." if position == 2 else None,
                       material_request_en="Upload an updated pitch deck for the semi-final." if position == 2 else None)
        for index, (c_vi, c_en, weight) in enumerate(RUBRIC):
            round_.criteria.append(Criterion(position=index, name_vi=c_vi, name_en=c_en, max_points=10,
                                             weight=Decimal(weight)))
        rounds.append(round_)
    return rounds


def _startups(password: str, rng: random.Random) -> list[Organisation]:
    provinces = list(db.session.scalars(select(Province).order_by(Province.id)))
    teams = []
    for number in range(40):
        name = f"{PREFIXES[number % 10]}{SUFFIXES[number % 6]} {number + 1:02d}"
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            founder = demo_user(f"founder{number + 1:02d}@techfest.example",
                            f"{FAMILY[number % 10]} {GIVEN[number % 8]}", password)
            organisation = Organisation(kind="startup", sector=SECTORS[number % 8], stage="mvp", country_code="VN",
                                        province=provinces[number % len(provinces)] if provinces else None,
                                        founded_year=2019 + number % 5,
                                        pitch_vi=f"Giải pháp {SECTOR_WORDS[SECTORS[number % 8]][0]} cho doanh nghiệp Việt Nam.",
                                        pitch_en=f"A {SECTOR_WORDS[SECTORS[number % 8]][1]} solution for Vietnamese businesses.")
            organisation.set_name(name)
            organisation.memberships.append(Membership(user=founder, role=MemberRole.OWNER))
            db.session.add(organisation)
        teams.append(organisation)
    return teams


def _score(round_: Round, judges: list[Judge], entries: list[Entry], quality: dict, bias: dict,
           rng: random.Random, *, submitted: bool) -> None:
    plan = assign([e.id for e in entries], [j.id for j in judges], round_.judges_per_entry)
    by_id = {e.id: e for e in entries}
    judge_by_id = {j.id: j for j in judges}
    for entry_id, judge_ids in plan.judges_of.items():
        for judge_id in judge_ids:
            assignment = Assignment(round=round_, judge=judge_by_id[judge_id], entry=by_id[entry_id],
                                    status="submitted" if submitted else "draft",
                                    submitted_at=round_.judging_closes_at - timedelta(hours=2) if submitted else None,
                                    comment_for_team="Đội ngũ mạnh; cần làm rõ mô hình doanh thu."
                                    if rng.random() < 0.5 else "Sản phẩm tiềm năng, nên bổ sung số liệu khách hàng.",
                                    private_note="Đề nghị ban tổ chức kiểm tra số liệu doanh thu." if rng.random() < 0.1 else None)
            for criterion in round_.criteria:
                value = quality[entry_id] + bias[judge_id] + rng.gauss(0, 0.7)
                points = Decimal(str(min(10.0, max(0.0, round(value * 2) / 2))))
                assignment.scores.append(Score(judge_id=judge_id, entry_id=entry_id, criterion=criterion, points=points))
            db.session.add(assignment)


def seed_competition(password: str) -> str:
    """Three rounds: screening scored and published, semi-final scored, final with five finalists."""
    edition = db.session.scalar(select(Edition).where(Edition.slug == "techfest-haiphong-2023"))
    if edition is None:
        return "competition: no Haiphong edition"
    if db.session.scalar(select(Competition.id).where(Competition.edition_id == edition.id)):
        return "competition: already there"
    rng = random.Random(2023)
    competition = Competition(
        edition=edition, slug="tim-kiem-tai-nang-2023",
        name_vi="Tìm kiếm tài năng khởi nghiệp đổi mới sáng tạo 2023",
        name_en="Innovative startup talent search 2023",
        rules_vi="Vòng sơ loại chấm hồ sơ; 15 đội vào bán kết; 5 đội thuyết trình chung kết (5 phút + 3 phút hỏi đáp).",
        rules_en="Screening on the application; 15 teams reach the semi-final; 5 teams pitch in the final (5 minutes + 3 minutes Q&A).",
        eligibility_vi="Startup thành lập không quá 5 năm, có trụ sở tại Việt Nam.",
        eligibility_en="Startups founded no more than 5 years ago, based in Viet Nam.",
        prizes_vi="Giải Nhất 100 triệu đồng, Giải Nhì 50 triệu đồng, Giải Ba 30 triệu đồng.",
        prizes_en="First prize 100 million VND, second 50 million VND, third 30 million VND.",
        blind_judging=False, tie_break_criterion_position=0,
    )
    db.session.add(competition)
    competition.tracks.extend([Track(name_vi="Ý tưởng", name_en="Idea", position=0),
                               Track(name_vi="Dự án", name_en="Project", position=1)])
    rounds = _rounds(competition)
    competition.rounds.extend(rounds)
    judges = []
    for email, name, organisation in JUDGES:
        user = demo_user(email, name, password, locale="en" if "-" in name or "Tanaka" in name else "vi")
        if not any(g.role == Role.JUDGE and g.edition_id is None for g in user.role_grants):
            db.session.add(RoleGrant(user=user, role=str(Role.JUDGE)))
        judges.append(Judge(competition=competition, user=user, organisation_name=organisation,
                            expertise_sectors=",".join(rng.sample(SECTORS, 2))))
    db.session.add_all(judges)
    teams = _startups(password, rng)
    entries = []
    for number, team in enumerate(teams):
        entry = Entry(competition=competition, organisation=team, track=competition.tracks[number % 2],
                      project_name=f"{team.name} – nền tảng {SECTOR_WORDS[team.sector or 'ai_data'][0]}",
                      status="submitted", eligibility="eligible",
                      problem="Doanh nghiệp vừa và nhỏ thiếu công cụ số phù hợp.",
                      solution="Nền tảng SaaS đơn giản, giá thấp, hỗ trợ tiếng Việt.",
                      innovation="Ứng dụng AI để tự động hóa quy trình.", target_market="SME tại Việt Nam và ASEAN.",
                      business_model="Thuê bao theo tháng.", traction=f"{10 + number * 7} khách hàng trả phí.",
                      team_description="3 đồng sáng lập, 12 nhân sự.", funding_sought_vnd=2_000_000_000 + number * 50_000_000,
                      submitted_at=_local(2023, 8, 1) + timedelta(hours=number * 7))
        entry.participations.append(RoundEntry(round=rounds[0]))
        entries.append(entry)
    db.session.add_all(entries)
    db.session.flush()
    quality = {e.id: rng.gauss(6.3, 1.2) for e in entries}
    bias = {j.id: rng.gauss(0, 0.8) for j in judges}
    _score(rounds[0], judges, entries, quality, bias, rng, submitted=True)
    ranked = sorted(entries, key=lambda e: -quality[e.id])
    semi_finalists, finalists = ranked[:15], ranked[:5]
    for participation in rounds[0].participations:
        participation.outcome = "advanced" if participation.entry in semi_finalists else "eliminated"
    rounds[0].results_published_at = rounds[0].judging_closes_at + timedelta(hours=4)
    rounds[1].participations.extend(RoundEntry(entry=e) for e in semi_finalists)
    db.session.flush()
    _score(rounds[1], judges, semi_finalists, quality, bias, rng, submitted=True)
    rounds[2].participations.extend(RoundEntry(entry=e, pitch_order=i + 1) for i, e in enumerate(finalists))
    return f"competition {competition.slug}: 3 rounds, {len(entries)} entries, {len(judges)} judges"
