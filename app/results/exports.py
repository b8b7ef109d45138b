"""Entries, score sheets and rankings as tables (a header row and value rows) for CSV and XLSX.

The file formats themselves (UTF-8 with BOM, formula-safe text, XLSX with a frozen header)
are the registrations domain's plain functions, reused as they are.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.competitions.models import Competition, Round
from app.judging import scoring
from app.registrations.exports import CSV_TYPE, XLSX_TYPE, to_csv, to_xlsx  # noqa: F401 - part of the API
from app.results import queries


def _local(moment, edition):
    return moment.astimezone(edition.zone) if moment else None


def _number(value, digits: int = 4):
    return round(value, digits) if value is not None else None


def entries_table(competition: Competition) -> tuple[list[str], list[list]]:
    """Every entry of the competition with what the team wrote."""
    edition = competition.edition
    header = [_("Entry number"), _("Project"), _("Team"), _("Track"), _("Status"), _("Eligibility"),
              _("Reason if not eligible"), _("Nominated by"), _("Submitted at"), _("Funding sought (VND)"),
              _("Problem"), _("Solution"), _("What is innovative"), _("Target market"), _("Business model"),
              _("Traction"), _("Team description"), _("Links"), _("Video"), _("Pitch deck")]
    rows = [[
        entry.id, entry.project_name, entry.organisation.name, entry.track.name if entry.track else "",
        str(entry.status_label), str(entry.eligibility_label), entry.ineligible_reason,
        entry.nominated_by, _local(entry.submitted_at, edition),
        int(entry.funding_sought_vnd) if entry.funding_sought_vnd is not None else None, entry.problem,
        entry.solution, entry.innovation, entry.target_market, entry.business_model, entry.traction,
        entry.team_description, entry.links, entry.video_url, _("yes") if entry.deck_path else _("no"),
    ] for entry in queries.export_entries(competition)]
    return header, rows


def scores_table(round_: Round, *, include_private_notes: bool) -> tuple[list[str], list[list]]:
    """One row per judge and entry: every criterion's points, the weighted total and the comment.

    ``include_private_notes`` adds the judges' notes for the organisers, in a column that says
    so: only the organisers' export may set it.
    """
    edition = round_.competition.edition
    criteria = list(round_.criteria)
    specs = [scoring.CriterionSpec(id=c.id, max_points=float(c.max_points), weight=float(c.weight)) for c in criteria]
    header = [_("Entry number"), _("Project"), _("Team"), _("Judge"), _("Sheet"), _("Submitted at")]
    header += [f"{criterion.name} (/{criterion.max_points}, {float(criterion.weight):g}%)" for criterion in criteria]
    header += [_("Weighted total (/100)"), _("Comment for the team")]
    if include_private_notes:
        header.append(_("Private note (organisers only)"))
    rows = []
    for sheet in queries.export_sheets(round_):
        points = {score.criterion_id: float(score.points) for score in sheet.scores}
        complete = all(c.id in points for c in criteria)
        row = [sheet.entry_id, sheet.entry.project_name, sheet.entry.organisation.name, sheet.judge.user.name,
               _("submitted") if sheet.is_submitted else _("draft"), _local(sheet.submitted_at, edition)]
        row += [points.get(criterion.id) for criterion in criteria]
        row += [_number(scoring.weighted_total(points, specs)) if complete else None, sheet.comment_for_team]
        if include_private_notes:
            row.append(sheet.private_note)
        rows.append(row)
    return header, rows


def rankings_table(round_: Round, standings: queries.Standings, tracks: dict) -> tuple[list[str], list[list]]:
    """The round's ranking with raw and bias-corrected results side by side."""
    header = [_("Rank"), _("Rank in track"), _("Entry number"), _("Project"), _("Team"), _("Track"),
              _("Raw mean"), _("Bias-corrected"), _("Median"), _("Judges"), _("Lowest total"),
              _("Highest total"), _("Spread"), _("Tie decided by"), _("Outcome")]
    rows = []
    for row in standings.rows:
        result, entry = row.result, row.entry
        totals = list(result.judge_totals.values()) if result else []
        rows.append([
            row.rank, row.track_rank, entry.id, entry.project, entry.team,
            tracks[entry.track_id].name if entry.track_id in tracks else "",
            _number(result.raw) if result else None, _number(result.corrected) if result else None,
            _number(result.median) if result else None, result.judge_count if result else 0,
            _number(min(totals)) if totals else None, _number(max(totals)) if totals else None,
            _number(result.spread) if result else None,
            str(queries.TIE_STEP_LABELS[row.decided_by]) if row.decided_by else "", _outcome_label(entry.outcome),
        ])
    return header, rows


def _outcome_label(outcome: str) -> str:
    return {"advanced": _("advanced"), "eliminated": _("not advanced")}.get(outcome, "")
