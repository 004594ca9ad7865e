"""Notifications: what happened that a user should act on, in the site, by mail, and in a weekly digest."""
