"""The experience pages at /experience/: projects, hours, education, PDUs, import and export."""

from flask import Blueprint

bp = Blueprint("experience", __name__, url_prefix="/experience")

# The view modules register their routes on `bp` when imported.
from learnpm.experience.web import education, entries, imports, pdus, projects, transfer, week  # noqa: E402,F401
