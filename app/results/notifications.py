"""Mail about results: each team member learns whether their entry advanced, with the judges' comments.

Judges are never named in these emails, blind judging or not: comments are numbered
("Judge 1", "Judge 2") in a fixed order, so a team cannot tell who wrote what, and the
rule is the same for every competition. Private notes for the organisers are never read
here (they are not even loaded).
"""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.competitions.models import Entry, Round
from app.core.urls import external_url
from app.notifications.outbox import queue_email

OUTCOME_SUBJECTS = {
    "advanced": _l("%(project)s advances to %(next_round)s"),
    "eliminated": _l("Results of %(round)s: %(project)s"),
    "pending": _l("Results of %(round)s: %(project)s"),
}


def competition_url(round_: Round) -> str:
    """The competition's public page, where the published results and the awards are shown."""
    competition = round_.competition
    return external_url("competitions.competition", slug=competition.edition.slug, comp_slug=competition.slug)


def notify_round_result(entry: Entry, round_: Round, *, outcome: str, comments: list[str],
                        next_round: Round | None, url: str) -> None:
    """Tell every active member of the entry's team the round's result for them, in their language."""
    for membership in entry.organisation.memberships:
        user = membership.user
        if not user.active:
            continue
        with force_locale(user.locale):  # names shown in the recipient's language, subject included
            names = dict(project=entry.project_name, round=round_.name, competition=round_.competition.name,
                         next_round=next_round.name if next_round else "",
                         material_request=next_round.material_request if next_round else "")
        queue_email(
            user.email, recipient_name=user.name, locale=user.locale, kind=f"results.{outcome}",
            subject=OUTCOME_SUBJECTS[outcome], template="results/emails/round_result", outcome=outcome,
            comments=comments, competition_url=url,
            requires_updated_deck=bool(next_round and next_round.requires_updated_deck), **names,
        )
