"""Organiser pages for virtual stalls: featured stalls, taking a stall down."""
from flask import Blueprint

from app.core.permissions import guard_blueprint
from app.events.permissions import can_manage_any_edition

bp = Blueprint("stalls_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")
