"""Floor-plan rules as plain data: booths inside their hall, no two booths overlapping, booth CSV files.

Nothing here touches the database; services hand in plain values and turn the findings into
refusals. Sizes and positions are in metres, measured from the hall's top-left corner.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from flask_babel import lazy_gettext as _l

from app.core.text import fold

# Positions typed with centimetre precision; anything closer than this counts as touching.
TOLERANCE = 1e-6
CODE_MAX_LENGTH = 20
CODE_PATTERN = re.compile(r"^\w[\w .\-/]*$")
CSV_COLUMNS = ("code", "type", "x", "y", "width", "depth")
REQUIRED_COLUMNS = ("code", "type", "x", "y")
READ_ONLY_COLUMNS = ("state", "exhibitor")  # written by the export, ignored on import
CSV_SEPARATORS = (";", ",", "\t")
MAX_CSV_ROWS = 2000


@dataclass(frozen=True)
class Footprint:
    """A booth's rectangle on a plan, named by its code."""

    code: str
    x: float
    y: float
    width: float
    depth: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.depth


def normalise_code(code: str | None) -> str:
    """A booth code as stored: spaces trimmed and collapsed, upper case ("a-12 " → "A-12")."""
    return " ".join((code or "").split()).upper()


def code_problem(code: str):
    """Why ``code`` (already normalised) cannot be a booth code, or ``None``."""
    if not code:
        return _l("Give the booth a code, e.g. A-12.")
    if len(code) > CODE_MAX_LENGTH:
        return _l("A booth code has at most %(max)d characters.", max=CODE_MAX_LENGTH)
    if not CODE_PATTERN.match(code):
        return _l("A booth code uses letters, digits, spaces, dots, dashes and slashes, e.g. A-12.")
    return None


def is_inside(booth: Footprint, hall_width: float, hall_depth: float) -> bool:
    """The booth lies entirely on the hall's plan (touching its walls is fine)."""
    return (booth.x >= -TOLERANCE and booth.y >= -TOLERANCE
            and booth.right <= hall_width + TOLERANCE and booth.bottom <= hall_depth + TOLERANCE)


def overlap(first: Footprint, second: Footprint) -> bool:
    """The two rectangles share some area; booths sharing only an edge or a corner do not overlap."""
    across = min(first.right, second.right) - max(first.x, second.x)
    down = min(first.bottom, second.bottom) - max(first.y, second.y)
    return across > TOLERANCE and down > TOLERANCE


def find_overlaps(booths: Iterable[Footprint]) -> list[tuple[Footprint, Footprint]]:
    """Every pair of overlapping booths, each pair in input order, pairs in order of their first booth.

    A sweep from left to right compares a booth only with those starting before it ends.
    """
    indexed = list(enumerate(booths))
    by_left = sorted(indexed, key=lambda item: (item[1].x, item[0]))
    found = []
    for position, (index, booth) in enumerate(by_left):
        for other_index, other in by_left[position + 1:]:
            if other.x >= booth.right - TOLERANCE:
                break
            if overlap(booth, other):
                found.append(tuple(sorted(((index, booth), (other_index, other)), key=lambda item: item[0])))
    found.sort(key=lambda pair: (pair[0][0], pair[1][0]))
    return [(first, second) for (_, first), (_, second) in found]


# Booth CSV files ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BoothTypeChoice:
    """A booth type as the CSV reader knows it: found by id, English or Vietnamese name."""

    id: int
    name_vi: str
    name_en: str
    width: float
    depth: float


@dataclass(frozen=True)
class ExistingBooth:
    """A booth already in the edition, as an import compares against it."""

    footprint: Footprint
    hall_id: int
    hall_code: str


@dataclass(frozen=True)
class CsvBooth:
    """A valid line of a booth CSV file."""

    line: int
    footprint: Footprint
    booth_type_id: int

    @property
    def code(self) -> str:
        return self.footprint.code


@dataclass(frozen=True)
class LineError:
    """A problem found on one line of a file (line 1 is the header); ``message`` is translatable."""

    line: int
    message: object


@dataclass
class BoothImport:
    """What a booth CSV file holds: its valid lines, and the problems found on the others."""

    booths: list[CsvBooth] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def parse_booth_csv(data: bytes, booth_types: Sequence[BoothTypeChoice]) -> BoothImport:
    """Read a booth CSV file: ``code,type,x,y[,width,depth]`` with a header row.

    Accepts UTF-8 with or without a byte order mark, ``;``, ``,`` or tab separators and decimal
    commas (as a Vietnamese Excel exports them); empty lines are skipped. Width and depth
    default to the type's size. Each problem is reported with its line number.
    """
    result = BoothImport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(LineError(1, _l("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")))
        return result
    first_line = next((line for line in text.splitlines() if line.strip()), None)
    if first_line is None:
        result.errors.append(LineError(1, _l("The file is empty.")))
        return result
    rows = _rows(text, _separator(first_line), result)
    if not rows:
        return result
    header_line, header = rows[0]
    columns = _columns(header, header_line, result)
    if columns is None:
        return result
    types = _TypeFinder(booth_types)
    for number, row in rows[1:]:
        _read_row(number, row, columns, types, result)
    if not result.booths and not result.errors:
        result.errors.append(LineError(header_line, _l("The file has no booths under its header row.")))
    elif len(result.booths) > MAX_CSV_ROWS:
        result.errors.append(LineError(header_line, _l("A file holds at most %(max)d booths.", max=MAX_CSV_ROWS)))
    return result


def _rows(text: str, separator: str, result: BoothImport) -> list[tuple[int, list[str]]]:
    """The file's non-empty rows with the line each ends on; none if the CSV cannot be read."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        result.errors.append(LineError(reader.line_num + 1, _l("This line cannot be read as CSV.")))
        return []


def _separator(header: str) -> str:
    counts = {separator: header.count(separator) for separator in CSV_SEPARATORS}
    best = max(CSV_SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _columns(header: list[str], line: int, result: BoothImport) -> dict[str, int] | None:
    """Column name → index, or ``None`` (with the problem recorded) when the header is unusable."""
    names = [fold(cell) for cell in header]
    known = CSV_COLUMNS + READ_ONLY_COLUMNS
    unknown = [cell.strip() for cell, name in zip(header, names) if name and name not in known]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if unknown or missing or repeated:
        for name in unknown:
            result.errors.append(LineError(line, _l("Unknown column “%(column)s”: the columns are %(columns)s.",
                                                    column=name, columns=", ".join(CSV_COLUMNS))))
        for name in missing:
            result.errors.append(LineError(line, _l("The column “%(column)s” is missing.", column=name)))
        for name in repeated:
            result.errors.append(LineError(line, _l("The column “%(column)s” appears twice.", column=name)))
        return None
    return {name: names.index(name) for name in CSV_COLUMNS if name in names}


class _TypeFinder:
    """Finds a booth type by its id or its name in either language, ignoring case and diacritics."""

    def __init__(self, booth_types: Sequence[BoothTypeChoice]):
        self.by_id = {str(booth_type.id): booth_type for booth_type in booth_types}
        self.by_name: dict[str, list[BoothTypeChoice]] = {}
        for booth_type in booth_types:
            for name in {fold(booth_type.name_vi), fold(booth_type.name_en)}:
                self.by_name.setdefault(name, []).append(booth_type)

    def find(self, value: str) -> tuple[BoothTypeChoice | None, object]:
        """The type meant by ``value``, or ``None`` and why."""
        value = value.strip()
        if not value:
            return None, _l("The booth type is missing.")
        if value in self.by_id:
            return self.by_id[value], None
        matches = self.by_name.get(fold(value), [])
        if len(matches) == 1:
            return matches[0], None
        if matches:
            return None, _l("Several booth types are called “%(type)s”: use the type's number instead.", type=value)
        return None, _l("Unknown booth type “%(type)s”.", type=value)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def parse_metres(value: str) -> float | None:
    """A length typed as "3", "2.5" or "2,5" (decimal comma); ``None`` if it is not a number."""
    value = value.strip().replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", value):
        return None
    return float(value.replace(",", "."))


def _read_row(line: int, row: list[str], columns: dict[str, int], types: _TypeFinder, result: BoothImport) -> None:
    problems = []
    code = normalise_code(_cell(row, columns, "code"))
    problem = code_problem(code)
    if problem:
        problems.append(problem)
    booth_type, problem = types.find(_cell(row, columns, "type"))
    if problem:
        problems.append(problem)
    numbers = {}
    for name in ("x", "y", "width", "depth"):
        raw = _cell(row, columns, name)
        if not raw and name in ("width", "depth"):
            numbers[name] = getattr(booth_type, name) if booth_type else None
            continue
        numbers[name] = parse_metres(raw)
        if numbers[name] is None:
            problems.append(_l("%(column)s: “%(value)s” is not a number of metres.", column=name, value=raw))
        elif name in ("width", "depth") and numbers[name] <= 0:
            problems.append(_l("%(column)s must be more than 0 metres.", column=name))
    result.errors.extend(LineError(line, problem) for problem in problems)
    if not problems:
        footprint = Footprint(code, numbers["x"], numbers["y"], numbers["width"], numbers["depth"])
        result.booths.append(CsvBooth(line, footprint, booth_type.id))


def check_import(booths: Sequence[CsvBooth], *, hall_id: int, hall_width: float, hall_depth: float,
                 existing: Sequence[ExistingBooth]) -> list[LineError]:
    """The problems that stop an import into one hall: duplicate codes, booths outside, overlaps.

    A code already in the hall updates that booth (its old place no longer counts); a code used
    in another hall of the edition is refused.
    """
    errors = []
    first_line: dict[str, int] = {}
    for booth in booths:
        if booth.code in first_line:
            errors.append(LineError(booth.line, _l("The code %(code)s is already used on line %(line)d.",
                                                   code=booth.code, line=first_line[booth.code])))
        else:
            first_line[booth.code] = booth.line
        if not is_inside(booth.footprint, hall_width, hall_depth):
            errors.append(LineError(booth.line, _outside_message(booth.footprint, hall_width, hall_depth)))
    errors.extend(_elsewhere(booths, hall_id, existing))
    errors.extend(_overlap_errors(booths, hall_id, existing, first_line))
    return sorted(errors, key=lambda error: error.line)


def _outside_message(booth: Footprint, hall_width: float, hall_depth: float):
    return _l("Booth %(code)s does not fit in the hall (%(width)s × %(depth)s m).", code=booth.code,
              width=metres(hall_width), depth=metres(hall_depth))


def _elsewhere(booths: Sequence[CsvBooth], hall_id: int, existing: Sequence[ExistingBooth]) -> list[LineError]:
    other_halls = {booth.footprint.code: booth for booth in existing if booth.hall_id != hall_id}
    return [LineError(booth.line, _l("The code %(code)s is already used in hall %(hall)s.", code=booth.code,
                                     hall=other_halls[booth.code].hall_code))
            for booth in booths if booth.code in other_halls]


def _overlap_errors(booths: Sequence[CsvBooth], hall_id: int, existing: Sequence[ExistingBooth],
                    first_line: dict[str, int]) -> list[LineError]:
    """Overlaps between the file's booths, and with the hall's booths the file leaves in place."""
    unique = [booth for booth in booths if first_line[booth.code] == booth.line]
    kept = [booth.footprint for booth in existing if booth.hall_id == hall_id and booth.footprint.code not in first_line]
    errors = []
    line_of = {booth.code: booth.line for booth in unique}
    for first, second in find_overlaps([booth.footprint for booth in unique] + kept):
        if first.code in line_of and second.code in line_of:
            message = _l("Booth %(code)s overlaps booth %(other)s (line %(line)d).", code=second.code,
                         other=first.code, line=line_of[first.code])
            errors.append(LineError(line_of[second.code], message))
        else:
            mine, theirs = (first, second) if first.code in line_of else (second, first)
            errors.append(LineError(line_of[mine.code], _l("Booth %(code)s overlaps booth %(other)s already on the plan.",
                                                           code=mine.code, other=theirs.code)))
    return errors


def metres(value: float) -> str:
    """A length without useless decimals: 3.0 → "3", 2.5 → "2.5" (to the millimetre)."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
