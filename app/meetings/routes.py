"""Meetings: slots published by stall owners, booked and cancelled by visitors and owners."""
from flask import Blueprint

bp = Blueprint("meetings", __name__)
