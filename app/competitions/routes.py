"""Participant pages of the competitions domain."""
from flask import Blueprint

bp = Blueprint("competitions", __name__)
