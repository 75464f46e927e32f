"""The Outlook add-in surfaces: task pane, on-send check (event runtime) and their static files."""
from flask import Blueprint

bp = Blueprint("outlook", __name__, url_prefix="/outlook")

from . import views  # noqa: E402,F401  (routes register on bp)
