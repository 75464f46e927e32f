"""Commands for reps and their managers: the database, reps, goals, promises and orders."""
from __future__ import annotations

from datetime import datetime, timezone

import click
from sqlalchemy import select

from . import create_app
from .db import store
from .store import goals as goal_store
from .store import promises as lifecycle
from .store.models import Order, Rep
from .store.reps import find_rep, get_or_create_rep, valid_time_zone


def _app(migrate: bool = True):
    return create_app({"AUTO_MIGRATE": migrate})


@click.group()
def db() -> None:
    """Database migrations (the service also upgrades on start unless SENDWELL_AUTO_MIGRATE=false)."""


@db.command()
def upgrade() -> None:
    """Upgrade the database to the newest schema."""
    app = _app(migrate=False)
    with app.app_context():
        store().upgrade()
    click.echo(f"database at the newest schema: {app.config['DATABASE_URL']}")


@db.command()
@click.argument("revision", default="base")
@click.confirmation_option(prompt="Downgrading can drop tables and their data. Continue?")
def downgrade(revision: str) -> None:
    """Downgrade the database to REVISION (default: base, an empty database)."""
    app = _app(migrate=False)
    with app.app_context():
        store().downgrade(revision)
    click.echo(f"database downgraded to {revision}")


@click.group()
def reps() -> None:
    """The reps Sendwell knows."""


@reps.command("set")
@click.argument("email")
@click.option("--name", help="Display name.")
@click.option("--time-zone", help="IANA zone, e.g. Europe/Berlin: days and weeks are counted in it.")
@click.option("--crm-owner", multiple=True, metavar="CRM=ID", help="Owner id in a CRM, e.g. salesforce=005xx.")
def set_rep(email: str, name: str | None, time_zone: str | None, crm_owner: tuple[str, ...]) -> None:
    """Create or update the rep EMAIL."""
    if time_zone and not valid_time_zone(time_zone):
        raise click.BadParameter(f"{time_zone!r} is not an IANA time zone such as Europe/Berlin", param_hint="--time-zone")
    owners = {}
    for pair in crm_owner:
        crm, sep, owner = pair.partition("=")
        if not sep or not crm or not owner:
            raise click.BadParameter("use CRM=ID, e.g. hubspot=12345", param_hint="--crm-owner")
        owners[crm.strip().lower()] = owner.strip()
    with _app().app_context(), store().session() as session:
        rep = get_or_create_rep(session, email)
        if name:
            rep.display_name = name
        if time_zone:
            rep.time_zone = time_zone
        if owners:
            rep.crm_owner_ids = {**(rep.crm_owner_ids or {}), **owners}
        click.echo(f"{rep.email}: {rep.display_name or '-'}, {rep.time_zone}, CRM owners {rep.crm_owner_ids or '-'}")


@click.group()
def goals() -> None:
    """Personal goals, set by the rep or their manager."""


@goals.command("set")
@click.argument("email")
@click.option("--outreach-per-day", type=int, help="New-contact emails per working day.")
@click.option("--followups-per-week", type=int, help="Follow-up emails per week.")
@click.option("--personalized-share", type=float, help="Share of emails scoring as personalized (0–1).")
@click.option("--promises-kept-share", type=float, help="Share of promises kept (0–1).")
@click.option("--orders-per-week", type=int, help="Orders won per week.")
def set_goals(email: str, **values) -> None:
    """Set goals for the rep EMAIL (unset goals keep their current value or default)."""
    values = {k: v for k, v in values.items() if v is not None}
    if not values:
        raise click.UsageError("name at least one goal, e.g. --outreach-per-day 30")
    with _app().app_context(), store().session() as session:
        rep = get_or_create_rep(session, email)
        try:
            current = goal_store.set_goals(session, rep, values, updated_by="cli")
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
        _print_goals(rep.email, current)


@goals.command("show")
@click.argument("email")
def show_goals(email: str) -> None:
    """Show the goals of the rep EMAIL (defaults where unset)."""
    with _app().app_context(), store().session() as session:
        rep = find_rep(session, email)
        if rep is None:
            raise click.ClickException(f"no rep {email}; create one with: sendwell reps set {email}")
        _print_goals(rep.email, goal_store.effective_goals(rep))


def _print_goals(email: str, values: dict) -> None:
    click.echo(f"Goals for {email}:")
    for name, value in values.items():
        click.echo(f"  {name.replace('_', ' '):<22} {value}")


@click.group()
def promises() -> None:
    """Promise bookkeeping."""


@promises.command()
@click.option("--stale-days", type=int, default=None, help="Undated promises older than this become stale.")
def sweep(stale_days: int | None) -> None:
    """Mark promises overdue (their day has passed in the rep's zone) or stale, for every rep."""
    app = _app()
    with app.app_context(), store().session() as session:
        days = stale_days if stale_days is not None else app.config["STALE_PROMISE_DAYS"]
        changed = sum(lifecycle.sweep(session, rep, stale_days=days) for rep in session.scalars(select(Rep)))
    click.echo(f"{changed} promise(s) changed state")


@click.group()
def orders() -> None:
    """Orders won, entered by hand (for the orders-per-week goal)."""


@orders.command("add")
@click.argument("email")
@click.option("--on", "won_on", type=click.DateTime(["%Y-%m-%d"]), help="Day won (default: today, UTC).")
@click.option("--reference", help="Order or opportunity reference.")
def add_order(email: str, won_on: datetime | None, reference: str | None) -> None:
    """Record an order won by the rep EMAIL."""
    day = won_on.date() if won_on else datetime.now(timezone.utc).date()
    with _app().app_context(), store().session() as session:
        rep = get_or_create_rep(session, email)
        session.add(Order(rep_id=rep.id, won_on=day, reference=reference))
    click.echo(f"order recorded for {email} on {day.isoformat()}")




@click.command()
@click.option("--rep", "reps_", multiple=True, help="Only this rep's mailbox (repeatable; default: every rep).")
@click.option("--source", type=click.Choice(["graph", "gmail"]), default=None, help="Mailbox kind (default: SENDWELL_CAPTURE_SOURCE).")
def capture(reps_: tuple[str, ...], source: str | None) -> None:
    """Capture sent emails from each rep's Sent Items (one pass; safe to repeat, stop and resume)."""
    from .capture import capture_pass
    from .capture.sources import source_from_config

    app = _app()
    name = source or app.config.get("CAPTURE_SOURCE")
    if name not in ("graph", "gmail"):
        raise click.UsageError("say which mailboxes to read: --source graph (Microsoft 365) or --source gmail (Google Workspace)")
    try:
        mailbox_source = source_from_config(name, app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    with app.app_context():
        if reps_:
            mailboxes = [r.strip().lower() for r in reps_]
        else:
            with store().session() as session:
                mailboxes = list(session.scalars(select(Rep.email).order_by(Rep.email)))
        if not mailboxes:
            raise click.ClickException("no reps yet: add them with `sendwell reps set EMAIL`, or name one with --rep")
        with click.progressbar(length=0, label=f"Capturing {len(mailboxes)} mailbox(es) from {name}", show_pos=True, show_percent=False) as bar:
            def progress(mailbox: str, n: int) -> None:
                bar.length = (bar.length or 0) + n
                bar.update(n)

            result = capture_pass(store(), mailbox_source, mailboxes, progress)
    click.echo(f"{result.seen} sent emails seen: {result.recorded} recorded, {result.already_known} already known")
    for mailbox, reason in result.failed_reps.items():
        click.echo(f"  {mailbox}: not captured ({reason})", err=True)
    if result.failed_reps:
        raise SystemExit(1)


def register(cli: click.Group) -> None:
    for command in (db, reps, goals, promises, orders, capture):
        cli.add_command(command)
