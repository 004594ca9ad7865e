"""Supervisors confirm logged projects through a one-time link, without an account."""
