"""The Gmail add-on: Google Workspace add-on HTTP endpoints answering with cards."""
from flask import Blueprint

bp = Blueprint("gmail", __name__, url_prefix="/gmail")

from . import verify, views  # noqa: E402,F401  (request verification and routes register on bp)
