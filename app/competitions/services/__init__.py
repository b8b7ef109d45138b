"""Every change to competitions: their setup, the teams' entries, screening.

One module per part; import the functions from here (``from app.competitions import services``).
"""
from app.competitions.services.entries import (  # noqa: F401
    ENTRY_FIELDS, IncompleteEntry, SubmissionClosed, create_entry, delete_entry_image, submit_entry, update_entry,
    upload_round_deck, withdraw_entry,
)
from app.competitions.services.screening import decide_eligibility, set_entry_deadline  # noqa: F401
from app.competitions.services.setup import (  # noqa: F401
    DEFAULT_RUBRIC, InvalidRubric, check_rubric, delete_criterion, delete_round, delete_track, move_criterion,
    move_round, open_judging, rubric_is_valid, rubric_total, save_competition, save_criterion, save_round, save_track,
    use_default_rubric,
)
from app.core.errors import DomainError  # noqa: F401 - callers catch it with the services' own refusals
