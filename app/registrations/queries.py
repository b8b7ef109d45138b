"""Reads about registrations that several pages share."""
from __future__ import annotations

from app.registrations.services import find_registration, registration_refusal


def session_panel(session, user) -> dict:
    """What the registration panel of a session page shows to ``user``.

    Keys: ``registration`` (theirs, or None), ``refusal`` (why they cannot register now, or
    None), ``teams`` (their startup teams, for sessions that register teams), and
    ``can_see_online_link`` (only registered participants and organisers see the link).
    """
    from app.events.permissions import can_manage_edition

    registration = find_registration(session, user) if getattr(user, "is_authenticated", False) else None
    active = registration if registration is not None and registration.is_active else None
    teams = []
    if session.registers_teams and getattr(user, "is_authenticated", False):
        teams = [m.organisation for m in user.memberships if m.organisation.kind == "startup"]
    return {
        "registration": active,
        "refusal": registration_refusal(session),
        "teams": teams,
        "can_see_online_link": bool(
            (active is not None and active.is_confirmed) or can_manage_edition(user, session.edition)
            or (session.online_url and not session.requires_registration)
        ),
    }
