"""Accounts: registration, login and logout, roles."""
