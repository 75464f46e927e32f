"""The ``sendwell`` command: serve the app, review an email from the terminal (more commands join later)."""
from __future__ import annotations

import ipaddress
import json
import socket
import sys
from datetime import datetime

import click

from . import admin_cli, create_app
from .emailfile import draft_from_bytes
from .review import Party, review
from .terminal import render


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Sendwell: a sales-email coach for Outlook and Gmail."""


def is_loopback(host: str) -> bool:
    """True when every address ``host`` resolves to is a loopback one."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


@cli.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1 or SENDWELL_HOST).")
@click.option("--port", type=int, default=None, help="Port (default 8000 or SENDWELL_PORT).")
@click.option("--debug", is_flag=True, help="Reload on code changes and show the debugger (loopback only).")
def serve(host: str | None, port: int | None, debug: bool) -> None:
    """Serve the API and the playground (embedded defaults: SQLite, no CRM)."""
    app = create_app()
    host = host or app.config["HOST"]
    port = port or int(app.config["PORT"])
    if not is_loopback(host) and not app.config["AUTH_PROVIDER"]:
        raise click.ClickException(
            f"refusing to serve on {host}: without an identity provider (SENDWELL_AUTH_PROVIDER) the API is "
            "open to anyone who can reach it, so it may only bind to loopback (127.0.0.1 or ::1)."
        )
    if debug and not is_loopback(host):
        raise click.ClickException("--debug exposes an interactive debugger; use it on loopback only.")
    click.echo(f"Sendwell on http://{host}:{port}/  (database: {app.config['DATABASE_URL']})")
    app.run(host=host, port=port, debug=debug, use_reloader=debug, threaded=True)


@cli.command("review")
@click.argument("file", type=click.File("rb"))
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON instead of the readable review.")
@click.option("--to", "to", multiple=True, help="Recipient email (repeatable; .eml files carry their own).")
@click.option("--sent-at", help="RFC 3339 send time with offset, for due dates (default: the .eml Date, or now).")
def review_command(file, as_json: bool, to: tuple[str, ...], sent_at: str | None) -> None:
    """Review an email: FILE is .eml, .txt, .html, or - for standard input."""
    when = None
    if sent_at:
        try:
            when = datetime.fromisoformat(sent_at)
        except ValueError:
            raise click.BadParameter("use an RFC 3339 date-time such as 2026-11-20T16:05:00-08:00", param_hint="--sent-at") from None
        if when.tzinfo is None:
            raise click.BadParameter("include a UTC offset (Z or ±hh:mm)", param_hint="--sent-at")
    draft = draft_from_bytes(file.read(), getattr(file, "name", "-"), when)
    if to:
        from dataclasses import replace

        draft = replace(draft, to=tuple(Party(email=address) for address in to))
    result = review(draft)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render(result, colour=sys.stdout.isatty()))


@cli.group()
def manifest() -> None:
    """Write the add-in manifests for a deployment at a base URL."""


@manifest.command("outlook")
@click.option("--base-url", required=True, help="Where Sendwell is served, e.g. https://sendwell.example.com")
@click.option("--out", type=click.Path(file_okay=False), default="manifest/outlook", show_default=True)
def manifest_outlook(base_url: str, out: str) -> None:
    """The Outlook add-in-only XML manifest and the unified JSON manifest, from one source."""
    from .outlook.manifest import write_manifests

    for path in write_manifests(base_url, out):
        click.echo(f"wrote {path}")


@manifest.command("gmail")
@click.option("--base-url", required=True, help="Where Sendwell is served, e.g. https://sendwell.example.com")
@click.option("--out", type=click.Path(file_okay=False), default="manifest/gmail", show_default=True)
def manifest_gmail(base_url: str, out: str) -> None:
    """The Google Workspace add-on deployment descriptor (and its draft-access variant)."""
    from .gmail.deployment import write_deployments

    for path in write_deployments(base_url, out):
        click.echo(f"wrote {path}")


admin_cli.register(cli)


def main() -> None:
    cli()
