"""Import every feature's models, so the metadata (and Alembic) sees all tables."""

from learnpm.auth.models import User
from learnpm.scenarios.models import Play, PlayDecision, WriteAnswer

__all__ = ["Play", "PlayDecision", "User", "WriteAnswer"]
