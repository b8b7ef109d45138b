"""Organisers set a competition up: its details, tracks, ordered rounds and their rubrics."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from app.competitions.models import Competition, Criterion, Entry, RankingMethod, Round, RoundKind, Track
from app.competitions.queries import round_has_participants, rubric_is_scored
from app.competitions.services.common import clean, commit_or_conflict
from app.core.errors import Conflict, DomainError
from app.core.time import utcnow
from app.events.models import Village
from app.extensions import db


COMPETITION_FIELDS = ("slug", "name_vi", "name_en", "rules_vi", "rules_en", "eligibility_vi", "eligibility_en",
                      "prizes_vi", "prizes_en", "blind_judging", "tie_break_criterion_position")
ROUND_FIELDS = ("kind", "name_vi", "name_en", "submission_opens_at", "submission_closes_at", "judging_opens_at",
                "judging_closes_at", "judges_per_entry", "advance_count", "advance_per_track", "ranking_method",
                "material_request_vi", "material_request_en", "requires_updated_deck")
# DOMAIN.md's default rubric: each criterion 0–10, weights summing to 100.
DEFAULT_RUBRIC = (
    ("Đội ngũ", "Team", "Năng lực, kinh nghiệm và sự cam kết của đội ngũ sáng lập.",
     "The founders' skills, experience and commitment.", 20),
    ("Vấn đề và giải pháp, tính đổi mới", "Problem and solution, innovation",
     "Vấn đề có thật và quan trọng; giải pháp mới và tốt hơn các lựa chọn hiện có.",
     "A real, important problem; a new solution that beats the alternatives.", 20),
    ("Thị trường và khả năng mở rộng", "Market and scalability",
     "Quy mô thị trường mục tiêu và khả năng tăng trưởng, mở rộng.",
     "The size of the target market and how far the business can grow.", 20),
    ("Mô hình kinh doanh và kết quả đạt được", "Business model and traction",
     "Cách tạo doanh thu và những kết quả đã đạt được (khách hàng, doanh thu, đối tác).",
     "How the business earns money and what it has achieved (customers, revenue, partners).", 20),
    ("Hàm lượng khoa học công nghệ", "Science and technology content",
     "Mức độ ứng dụng khoa học và công nghệ trong sản phẩm.",
     "How much science and technology the product builds on.", 10),
    ("Tác động xã hội và môi trường", "Social and environmental impact",
     "Lợi ích cho cộng đồng và môi trường.", "The benefit to society and the environment.", 10),
)


class InvalidRubric(DomainError):
    status_code = 409


# Competitions and tracks ----------------------------------------------------------------------------

def save_competition(edition, competition: Competition | None = None, **fields) -> Competition:
    """Create or change a competition of an edition; its address is unique within the edition."""
    values = {name: clean(fields[name]) for name in COMPETITION_FIELDS if name in fields}
    slug = values.get("slug", getattr(competition, "slug", None))
    taken = select(Competition.id).where(Competition.edition_id == edition.id, Competition.slug == slug)
    if competition is not None:
        taken = taken.where(Competition.id != competition.id)
    message = _l("Another competition of this edition already uses the address %(slug)s.")
    if db.session.scalar(taken) is not None:
        raise Conflict(message, field="slug", slug=slug)
    competition = competition or Competition(edition=edition)
    for name, value in values.items():
        setattr(competition, name, value)
    competition.blind_judging = bool(competition.blind_judging)
    db.session.add(competition)
    commit_or_conflict(message, field="slug", slug=slug)
    return competition


def save_track(competition: Competition, track: Track | None = None, *, name_vi: str, name_en: str,
               village_id: int | None = None, position: int | None = 0) -> Track:
    """Create or change a track (a separate ranking), optionally tied to a village of the edition."""
    if village_id is not None:
        village = db.session.get(Village, village_id)
        if village is None or village.edition_id != competition.edition_id:
            raise DomainError(_l("Choose a village of this edition."), field="village_id")
    track = track or Track(competition=competition)
    track.name_vi, track.name_en = clean(name_vi), clean(name_en)
    track.village_id, track.position = village_id, position or 0
    db.session.add(track)
    db.session.commit()
    return track


def delete_track(track: Track) -> None:
    """Delete a track that no entry has chosen."""
    used = db.session.scalar(select(func.count()).select_from(Entry).where(Entry.track_id == track.id))
    if used:
        raise Conflict(lazy_ngettext("%(num)d entry chose this track: it cannot be deleted.",
                                     "%(num)d entries chose this track: it cannot be deleted.", used))
    db.session.delete(track)
    db.session.commit()


# Rounds -------------------------------------------------------------------------------------

def save_round(competition: Competition, round_: Round | None = None, **fields) -> Round:
    """Create or change a round; its windows are in UTC. Judging cannot open on an invalid rubric."""
    values = {name: clean(fields[name]) for name in ROUND_FIELDS if name in fields}
    _check_round(round_, values)
    if round_ is None:
        last = db.session.scalar(select(func.max(Round.position)).where(Round.competition_id == competition.id))
        round_ = Round(competition=competition, position=(last or 0) + 1)
    for name, value in values.items():
        setattr(round_, name, value)
    round_.advance_per_track = bool(round_.advance_per_track)
    round_.requires_updated_deck = bool(round_.requires_updated_deck)
    db.session.add(round_)
    db.session.commit()
    return round_


def _check_round(round_: Round | None, values: dict) -> None:
    def current(name):
        return values[name] if name in values else getattr(round_, name, None)

    if current("kind") not in {str(kind) for kind in RoundKind}:
        raise DomainError(_l("Choose a kind of round from the list."), field="kind")
    if current("ranking_method") not in {str(method) for method in RankingMethod}:
        raise DomainError(_l("Choose a ranking method from the list."), field="ranking_method")
    for window in ("submission", "judging"):
        opens, closes = current(f"{window}_opens_at"), current(f"{window}_closes_at")
        if opens and closes and closes <= opens:
            raise DomainError(_l("The window must close after it opens."), field=f"{window}_closes_at")
    opens = current("judging_opens_at")
    if opens is not None and opens <= utcnow() and (round_ is None or not rubric_is_valid(round_)):
        total = rubric_total(round_) if round_ is not None else Decimal(0)
        raise InvalidRubric(_l("The rubric's weights add up to %(total)s, not 100: judging cannot open "
                                        "until they do."), field="judging_opens_at", total=_number(total))


def move_round(round_: Round, *, up: bool) -> None:
    """Swap a round with the one before (or after) it, unless entries already take part in either."""
    rounds = list(round_.competition.rounds)
    index = rounds.index(round_)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(rounds):
        return
    other = rounds[other_index]
    if round_has_participants(round_) or round_has_participants(other):
        raise Conflict(_l("Entries already take part in these rounds: their order cannot change."))
    # Positions are unique per competition and checked row by row: go through a free position.
    mine, theirs = round_.position, other.position
    round_.position = -1
    db.session.flush()
    other.position = mine
    db.session.flush()
    round_.position = theirs
    db.session.commit()


def delete_round(round_: Round) -> None:
    """Delete a round (and its rubric) that no entry takes part in yet."""
    if round_has_participants(round_):
        raise Conflict(_l("Entries already take part in this round: it cannot be deleted."))
    db.session.delete(round_)
    db.session.commit()


def open_judging(round_: Round) -> None:
    """Open the round's judging now; refused while the rubric's weights do not add up to 100."""
    now = utcnow()
    if round_.judging_opens_at is not None and round_.judging_opens_at <= now and (
            round_.judging_closes_at is None or now < round_.judging_closes_at):
        raise Conflict(_l("Judging is already open."))
    if round_.judging_closes_at is not None and round_.judging_closes_at <= now:
        raise Conflict(_l("The judging window has closed. Edit the round to set a new one."))
    check_rubric(round_)
    round_.judging_opens_at = now
    db.session.commit()


# Rubrics ------------------------------------------------------------------------------------

def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rubric_total(round_: Round) -> Decimal:
    """The sum of the rubric's weights (percent)."""
    return sum((Decimal(c.weight) for c in round_.criteria), Decimal(0))


def rubric_is_valid(round_: Round) -> bool:
    """A rubric has criteria whose weights add up to exactly 100."""
    return bool(round_.criteria) and rubric_total(round_) == 100


def check_rubric(round_: Round) -> None:
    """Refuse to judge with a rubric whose weights do not add up to 100 (call before opening or scoring)."""
    if not rubric_is_valid(round_):
        raise InvalidRubric(_l("The rubric's weights add up to %(total)s, not 100: judging cannot open until they "
                               "do."), total=_number(rubric_total(round_)))


def _check_rubric_unlocked(round_: Round) -> None:
    if rubric_is_scored(round_):
        raise Conflict(_l("Judges have already scored with this rubric: it can no longer change."))


def save_criterion(round_: Round, criterion: Criterion | None = None, *, name_vi: str, name_en: str,
                   description_vi: str | None = None, description_en: str | None = None, max_points: int,
                   weight: Decimal) -> Criterion:
    """Add or change a line of the rubric; the page shows the weights' sum (valid at exactly 100)."""
    _check_rubric_unlocked(round_)
    if not Decimal(0) < Decimal(weight) <= 100:
        raise DomainError(_l("A weight is more than 0 and at most 100."), field="weight")
    if criterion is None:
        criterion = Criterion(position=len(round_.criteria))
        round_.criteria.append(criterion)
    criterion.name_vi, criterion.name_en = clean(name_vi), clean(name_en)
    criterion.description_vi, criterion.description_en = clean(description_vi), clean(description_en)
    criterion.max_points, criterion.weight = max_points, Decimal(weight)
    db.session.commit()
    return criterion


def _renumber(criteria: list[Criterion]) -> None:
    for position, criterion in enumerate(criteria):
        criterion.position = position


def delete_criterion(criterion: Criterion) -> None:
    """Remove a line of the rubric; the others keep their order, numbered from the top."""
    round_ = criterion.round
    _check_rubric_unlocked(round_)
    round_.criteria.remove(criterion)
    db.session.delete(criterion)
    _renumber(round_.criteria)
    db.session.commit()


def move_criterion(criterion: Criterion, *, up: bool) -> None:
    """Move a line of the rubric up or down (positions matter: the tie-break names one)."""
    round_ = criterion.round
    _check_rubric_unlocked(round_)
    criteria = list(round_.criteria)
    index = criteria.index(criterion)
    other = index - 1 if up else index + 1
    if 0 <= other < len(criteria):
        criteria[index], criteria[other] = criteria[other], criteria[index]
        _renumber(criteria)
        db.session.commit()


def use_default_rubric(round_: Round) -> None:
    """Replace the rubric with the default: six criteria of 0–10 points, weighted 20/20/20/20/10/10."""
    _check_rubric_unlocked(round_)
    round_.criteria.clear()
    db.session.flush()
    for position, (name_vi, name_en, description_vi, description_en, weight) in enumerate(DEFAULT_RUBRIC):
        round_.criteria.append(Criterion(position=position, name_vi=name_vi, name_en=name_en,
                                         description_vi=description_vi, description_en=description_en,
                                         max_points=10, weight=Decimal(weight)))
    db.session.commit()
