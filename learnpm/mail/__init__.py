"""Outgoing mail: queued in the database with the change it reports, then delivered with retries."""
