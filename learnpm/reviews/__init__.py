"""Mentor reviews of written answers: rubric scores, comments, revisions and their differences."""
