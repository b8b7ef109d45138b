"""Participant pages of the judging domain."""
from flask import Blueprint

bp = Blueprint("judging", __name__)
