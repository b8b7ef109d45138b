"""Leads: the contact form on a stall and the stall owner's inbox."""
from flask import Blueprint

bp = Blueprint("leads", __name__)
