"""The Outlook add-in surfaces: task pane, on-send check (event runtime) and their static files.

Routes (the manifests use exactly these):

    GET /outlook/taskpane.html      the task pane (Office.js from Microsoft's CDN + the shared review UI)
    GET /outlook/commands.html      event runtime page for Outlook on the web / new Outlook / Mac
    GET /outlook/commands.js        the on-send (Smart Alerts) handler, with this server's origin injected
    GET /outlook/config.json        what the pane needs: API base, sign-in (MSAL NAA) settings, polling
    GET /outlook/static/<file>      the pane's own JavaScript and CSS
    GET /outlook/assets/<file>      icons and other manifest assets (addin/outlook/assets/)
    GET /.well-known/microsoft-officeaddins-allowed.json   JS files allowed SSO/CORS in the event runtime
"""
from flask import Blueprint

bp = Blueprint("outlook", __name__, url_prefix="/outlook", template_folder="templates")

from . import views  # noqa: E402,F401  (routes register on bp)
