"""Startup teams and other organisations: profiles, members, invitations."""
