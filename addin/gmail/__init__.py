"""The Gmail add-on: Google Workspace add-on HTTP endpoints answering with cards."""
from flask import Blueprint

bp = Blueprint("gmail", __name__, url_prefix="/gmail")
