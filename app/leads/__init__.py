"""Leads: visitors' contact requests to stalls and the exhibitor's inbox."""
