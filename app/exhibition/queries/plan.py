"""The floor plans as the pages draw them: each hall with its booths, free, held or taken, and who has them.

``hall_plans`` runs the same few SQL statements however many halls and booths an edition has.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.i18n import localized
from app.exhibition.layout import metres
from app.exhibition.models import Booth, BoothApplication, BoothBooking, BoothType, Hall
from app.extensions import db
from app.stalls.models import Stall
from app.teams.models import Organisation

FREE, HELD, TAKEN = "free", "held", "taken"
LINE_HEIGHT = 1.15  # of the text written on a booth, in font sizes
STATES = (FREE, HELD, TAKEN)


@dataclass(frozen=True)
class PlanBooth:
    """A booth as drawn on a plan."""

    id: int
    code: str
    x: float
    y: float
    width: float
    depth: float
    state: str
    type_name: str
    hold_note: str | None = None
    exhibitor: str | None = None
    stall_id: int | None = None

    @property
    def size(self) -> str:
        return f"{metres(self.width)} × {metres(self.depth)} m"

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.depth / 2

    @property
    def code_font(self) -> float:
        """Font size (metres) of the booth code: fits the booth's shorter side."""
        return round(min(self.depth * 0.3, self.width / max(len(self.code), 3) * 1.6, 1.2), 2)

    @property
    def name_font(self) -> float:
        return round(min(self.code_font * 0.55, 0.6), 2)

    @property
    def exhibitor_lines(self) -> list[str]:
        """The exhibitor's name on at most two lines that fit across the booth, cut with an ellipsis."""
        if not self.exhibitor:
            return []
        return wrap_text(self.exhibitor, max(4, int(self.width * 0.9 / (self.name_font * 0.55))))

    @property
    def labels(self) -> list[tuple[float, float, str, str]]:
        """``(y, font size, text, kind)`` of each line written on the booth: its code, then the exhibitor."""
        sizes = [self.code_font] + [self.name_font] * len(self.exhibitor_lines)
        y = self.y + self.depth / 2 - sum(sizes) * LINE_HEIGHT / 2
        rows = []
        for size, text, kind in zip(sizes, [self.code, *self.exhibitor_lines], ["code", *["exhibitor"] * 2]):
            rows.append((round(y + size * LINE_HEIGHT / 2, 3), size, text, kind))
            y += size * LINE_HEIGHT
        return rows


def wrap_text(text: str, per_line: int, max_lines: int = 2) -> list[str]:
    """``text`` in at most ``max_lines`` lines of ``per_line`` characters, broken between words when possible."""
    words, lines = text.split(), []
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= per_line:
            line += " " + words.pop(0)
        lines.append(line if len(line) <= per_line else line[:per_line - 1] + "…")
    if words and not lines[-1].endswith("…"):
        lines[-1] = _with_ellipsis(lines[-1], per_line)
    return lines


def _with_ellipsis(line: str, per_line: int) -> str:
    """``line`` followed by "…", dropping its last word (or letters) when there is no room left."""
    if len(line) < per_line:
        return line + "…"
    return (line.rsplit(" ", 1)[0] if " " in line else line[:per_line - 1]) + "…"


@dataclass(frozen=True)
class HallPlan:
    """One hall's floor plan; ``slug`` is the edition's, for links."""

    hall: Hall
    slug: str
    booths: list[PlanBooth]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(booth.state for booth in self.booths)
        return {state: found.get(state, 0) for state in STATES}

    def booth(self, code: str) -> PlanBooth | None:
        return next((booth for booth in self.booths if booth.code == code), None)


def natural_key(code: str) -> list:
    """Sort "A-2" before "A-10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part]


def hall_plans(edition, *, hall_id: int | None = None) -> list[HallPlan]:
    """The edition's halls in order, each with its booths and their state (only ``hall_id`` when given)."""
    halls_query = (select(Hall).options(selectinload(Hall.village), selectinload(Hall.venue))
                   .where(Hall.edition_id == edition.id).order_by(Hall.position, Hall.code))
    if hall_id is not None:
        halls_query = halls_query.where(Hall.id == hall_id)
    halls = db.session.scalars(halls_query).all()
    if not halls:
        return []
    rows = db.session.execute(
        select(Booth, BoothType.name_vi, BoothType.name_en, Organisation.id, Organisation.name)
        .join(BoothType, Booth.booth_type_id == BoothType.id)
        .outerjoin(BoothBooking, BoothBooking.booth_id == Booth.id)
        .outerjoin(BoothApplication, BoothApplication.id == BoothBooking.application_id)
        .outerjoin(Organisation, Organisation.id == BoothApplication.organisation_id)
        .where(Booth.hall_id.in_([hall.id for hall in halls]))
    ).all()
    stalls = _stalls_of(edition, {row[3] for row in rows if row[3] is not None})
    booths: dict[int, list[PlanBooth]] = {hall.id: [] for hall in halls}
    for booth, type_vi, type_en, organisation_id, organisation_name in rows:
        booths[booth.hall_id].append(PlanBooth(
            id=booth.id, code=booth.code, x=booth.x, y=booth.y, width=booth.width, depth=booth.depth,
            state=TAKEN if organisation_id else (HELD if booth.is_held else FREE),
            type_name=localized(type_vi, type_en), hold_note=booth.hold_note, exhibitor=organisation_name,
            stall_id=stalls.get(organisation_id)))
    return [HallPlan(hall, edition.slug, sorted(booths[hall.id], key=lambda b: natural_key(b.code)))
            for hall in halls]


def _stalls_of(edition, organisation_ids: set[int]) -> dict[int, int]:
    """Organisation id → its visible virtual stall at the edition."""
    if not organisation_ids:
        return {}
    return dict(db.session.execute(
        select(Stall.organisation_id, Stall.id).where(
            Stall.edition_id == edition.id, Stall.organisation_id.in_(organisation_ids), Stall.is_hidden.is_(False))
    ).all())


def booth_table(plans: list[HallPlan]) -> tuple[list[str], list[list]]:
    """The booths as CSV rows that the import reads back (``state`` and ``exhibitor`` are for reading only)."""
    header = ["code", "type", "x", "y", "width", "depth", "state", "exhibitor"]
    rows = [[booth.code, booth.type_name, metres(booth.x), metres(booth.y), metres(booth.width),
             metres(booth.depth), booth.state, booth.exhibitor or ""] for plan in plans for booth in plan.booths]
    return header, rows


def template_table(booth_types) -> tuple[list[str], list[list]]:
    """An example booth CSV: three booths in a row, of the edition's first booth type."""
    name = booth_types[0].name if booth_types else "Standard"
    width = booth_types[0].width if booth_types else 3.0
    return ["code", "type", "x", "y", "width", "depth"], [
        [f"A-{number + 1:02d}", name, metres(number * width), "0", "", ""] for number in range(3)]
