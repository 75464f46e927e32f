"""Render a Review for a terminal: scores, promises, asks, and each hint under the words it concerns."""
from __future__ import annotations

import textwrap

import click

from .review import Review

_SEVERITY_COLOUR = {"critical": "red", "warning": "yellow", "info": "cyan"}


def render(result: Review, colour: bool) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if colour else text

    lines = [
        style("Politeness ", bold=True) + _bar(result.politeness) + f" {result.politeness}/100",
        style("Personal   ", bold=True) + _bar(result.personalization) + f" {result.personalization}/100",
        "",
    ]
    if result.commitments:
        lines.append(style("Promises", bold=True))
        for c in result.commitments:
            due = c.due.strftime("%a %d %b %Y") if c.due else style("no day named", fg="yellow")
            lines.append(f"  • {c.text}  → {due}")
        lines.append("")
    if result.asks:
        lines.append(style("Asks", bold=True))
        lines.extend(f"  • {a.text}" for a in result.asks)
        lines.append("")
    if result.findings:
        lines.append(style(f"Hints ({len(result.findings)})", bold=True))
        for f in result.findings:
            tag = style(f"[{f.severity}] {f.category}", fg=_SEVERITY_COLOUR.get(f.severity), bold=True)
            lines.append(f"  {tag}  “{_clip(f.text)}”")
            lines.extend("      " + row for row in textwrap.wrap(f.message, 86))
            if f.suggestion:
                lines.extend("      " + style(row, fg="green") for row in textwrap.wrap("Try: " + f.suggestion, 86))
    else:
        lines.append(style("No hints: this email is ready to send.", fg="green"))
    s = result.stats
    lines += ["", style(f"{s.words} words · {s.sentences} sentences · {s.questions} questions · reading grade {s.reading_grade}", dim=True)]
    return "\n".join(lines)


def _bar(score: int, width: int = 20) -> str:
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
