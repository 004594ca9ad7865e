"""The scenario pages: the catalogue and progress at /scenarios/, and each play at /plays/<id> (kept as it was, for
bookmarks and links in mail)."""

from flask import Blueprint

bp = Blueprint("scenarios", __name__)

# The view modules register their routes on `bp` when imported.
from learnpm.scenarios.web import catalogue, plays, weeks  # noqa: E402,F401
