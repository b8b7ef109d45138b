"""Accounts: sign-up, sign-in, email confirmation, passwords, profiles and platform roles."""
