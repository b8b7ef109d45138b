"""Seats in sessions: registration, waitlist, check-in, reminders and calendars."""
