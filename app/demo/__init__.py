"""Realistic demo data for a newcomer's first run."""
