"""Mentors and learners: invitations, consent-based links, and what a mentor may see."""
