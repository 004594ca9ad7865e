"""Import every feature's models, so the metadata (and Alembic) sees all tables."""

from learnpm.auth.models import User

__all__ = ["User"]
