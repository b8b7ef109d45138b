"""Every change of the judging domain: judges and their conflicts, fair assignment, scoring.

One module per part; import the functions from here (``from app.judging import services``).
"""
from app.judging.services.assignments import (  # noqa: F401
    add_judge_to_entry, assign_judges, remove_assignment, replace_dropped_judge,
)
from app.judging.services.errors import (  # noqa: F401
    AssignmentRefused, FieldRefused, InvalidJudgeInvitation, ScoringClosed,
)
from app.judging.services.judges import (  # noqa: F401
    accept_judge_invitation, declare_conflict, invite_judge, judge_invitation_for_token,
    revoke_judge_invitation, set_judge_active, update_judge_profile, withdraw_conflict,
)
from app.judging.services.sheets import (  # noqa: F401
    POINTS_STEP, ensure_scoring_open, judging_is_open, judging_opens_later, plain_points, remind_late_judges,
    save_score_sheet, sheet_values,
)
