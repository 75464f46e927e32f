"""Personal goals and where a rep stands against them this week, in the rep's own time zone.

Outreach counts emails to new contacts; follow-ups count emails to people already emailed. An email
"scores as personalized" at or above ``PERSONALIZED_SCORE``. Weeks start on Monday; working days are
Monday to Friday.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Activity, Goals, Order, Promise, Rep
from .reps import rep_zone

PERSONALIZED_SCORE = 60
DEFAULT_GOALS = {
    "outreach_per_day": 20,
    "followups_per_week": 25,
    "personalized_share": 0.6,
    "promises_kept_share": 0.9,
    "orders_per_week": 1,
}
GOAL_LIMITS = {  # what a person could mean; anything outside is a typo
    "outreach_per_day": (0, 1000),
    "followups_per_week": (0, 5000),
    "personalized_share": (0.0, 1.0),
    "promises_kept_share": (0.0, 1.0),
    "orders_per_week": (0, 1000),
}


def effective_goals(rep: Rep) -> dict:
    """The rep's goals with defaults for whatever was never set."""
    goals = dict(DEFAULT_GOALS)
    if rep.goals is not None:
        for name in DEFAULT_GOALS:
            value = getattr(rep.goals, name)
            if value is not None:
                goals[name] = value
    return goals


def check_goal(name: str, value) -> str | None:
    """A reason the value is unacceptable, or None."""
    if name not in GOAL_LIMITS:
        return f"unknown goal {name!r}; goals are {', '.join(GOAL_LIMITS)}"
    low, high = GOAL_LIMITS[name]
    integral = isinstance(low, int)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integral and value != int(value)):
        return f"{name} must be {'a whole number' if integral else 'a number'}"
    if not low <= value <= high:
        return f"{name} must be between {low} and {high}"
    return None


def set_goals(session: Session, rep: Rep, values: dict, updated_by: str | None = None) -> dict:
    """Set some goals (None clears one back to its default). Raises ValueError before changing anything."""
    problems = [p for name, v in values.items() if v is not None and (p := check_goal(name, v))]
    problems += [f"unknown goal {n!r}" for n, v in values.items() if v is None and n not in GOAL_LIMITS]
    if problems:
        raise ValueError("; ".join(problems))
    if rep.goals is None:
        rep.goals = Goals(rep_id=rep.id)
        session.add(rep.goals)
    for name, value in values.items():
        if value is not None and isinstance(GOAL_LIMITS[name][0], int):
            value = int(value)
        setattr(rep.goals, name, value)
    rep.goals.updated_by = updated_by
    session.flush()
    return effective_goals(rep)


def _working_days(start: date, end: date) -> int:
    return sum(1 for i in range((end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5)


def summary(session: Session, rep: Rep, now: datetime | None = None) -> dict:
    """This week so far against the goals, plus the promises that need attention."""
    now = now or datetime.now(timezone.utc)
    zone = ZoneInfo(rep_zone(rep))
    today = now.astimezone(zone).date()
    week_start = today - timedelta(days=today.weekday())

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time.min, zone).astimezone(timezone.utc)

    week = select(Activity).where(Activity.rep_id == rep.id, Activity.sent_at >= midnight(week_start))
    activities = list(session.scalars(week))
    today_start = midnight(today)
    outreach_today = sum(1 for a in activities if a.new_contact and a.sent_at >= today_start)
    outreach_week = sum(1 for a in activities if a.new_contact)
    followups_week = sum(1 for a in activities if not a.new_contact)
    scored = [a.personalization for a in activities if a.personalization is not None]
    personalized = sum(1 for s in scored if s >= PERSONALIZED_SCORE)

    resolved = session.execute(
        select(Promise.status, func.count()).where(
            Promise.rep_id == rep.id,
            Promise.status.in_(("kept", "overdue")),
            Promise.status_changed_at >= midnight(week_start),
        ).group_by(Promise.status)
    ).all()
    resolved_counts = dict(resolved)
    kept, broken = resolved_counts.get("kept", 0), resolved_counts.get("overdue", 0)
    open_due = session.execute(
        select(Promise.due, Promise.status).where(Promise.rep_id == rep.id, Promise.status.in_(("open", "overdue")))
    ).all()
    due_today = sum(1 for due, status in open_due if status == "open" and due == today)
    due_tomorrow = sum(1 for due, status in open_due if status == "open" and due == today + timedelta(days=1))
    overdue = sum(1 for _, status in open_due if status == "overdue")
    orders = session.scalar(
        select(func.count()).select_from(Order).where(Order.rep_id == rep.id, Order.won_on >= week_start, Order.won_on <= today)
    )

    goals = effective_goals(rep)
    progress = {
        "outreach_today": {"done": outreach_today, "goal": goals["outreach_per_day"]},
        "outreach_week": {"done": outreach_week, "goal": goals["outreach_per_day"] * _working_days(week_start, week_start + timedelta(days=6))},
        "followups_week": {"done": followups_week, "goal": goals["followups_per_week"]},
        "personalized_share": {"value": round(personalized / len(scored), 3) if scored else None, "goal": goals["personalized_share"], "emails": len(scored)},
        "promises_kept_share": {"value": round(kept / (kept + broken), 3) if kept + broken else None, "goal": goals["promises_kept_share"], "kept": kept, "broken": broken},
        "orders_week": {"done": orders, "goal": goals["orders_per_week"]},
    }
    promises = {"due_today": due_today, "due_tomorrow": due_tomorrow, "overdue": overdue}
    return {
        "rep": {"email": rep.email, "display_name": rep.display_name, "time_zone": rep_zone(rep)},
        "today": today.isoformat(),
        "week": {"start": week_start.isoformat(), "end": (week_start + timedelta(days=6)).isoformat()},
        "goals": goals,
        "progress": progress,
        "promises": promises,
        "headlines": _headlines(progress, promises),
    }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _headlines(progress: dict, promises: dict) -> list[str]:
    """The short lines the sidebar header shows, most urgent first."""
    lines = []
    if promises["overdue"]:
        lines.append(_plural(promises["overdue"], "promise overdue", "promises overdue"))
    if promises["due_today"]:
        lines.append(_plural(promises["due_today"], "promise due today", "promises due today"))
    if promises["due_tomorrow"]:
        lines.append(_plural(promises["due_tomorrow"], "promise due tomorrow", "promises due tomorrow"))
    o = progress["outreach_today"]
    lines.append(f"{o['done']} of {o['goal']} new contacts today")
    f = progress["followups_week"]
    lines.append(f"{f['done']} of {f['goal']} follow-ups this week")
    return lines
