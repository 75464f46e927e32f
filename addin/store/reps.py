"""Find or create the rep an email belongs to; reps are keyed by their lower-cased address."""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Rep


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_rep(session: Session, email: str) -> Rep | None:
    return session.scalars(select(Rep).where(Rep.email == normalise_email(email))).first()


def get_or_create_rep(session: Session, email: str, display_name: str | None = None) -> Rep:
    """Safe under concurrency: a lost insert race re-reads the winner's row. Remembered for the rest of
    the session, so a capture page of fifty emails looks its rep up once."""
    cache = session.info.setdefault("reps", {})
    rep = cache.get(normalise_email(email)) or find_rep(session, email)
    if rep is not None:
        cache[rep.email] = rep
        if display_name and not rep.display_name:
            rep.display_name = display_name
        return rep
    try:
        with session.begin_nested():
            rep = Rep(email=normalise_email(email), display_name=display_name, time_zone="UTC", crm_owner_ids={})
            session.add(rep)
    except IntegrityError:
        rep = find_rep(session, email)
        if rep is None:
            raise
    cache[rep.email] = rep
    return rep


def valid_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


def rep_zone(rep: Rep) -> str:
    return rep.time_zone if rep.time_zone and valid_time_zone(rep.time_zone) else "UTC"
