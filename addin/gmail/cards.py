"""Card builders for the Gmail add-on: pure functions from a Review (and what we know of the recipients) to
the card JSON Google renders, plus the response wrappers each kind of endpoint must answer with.

Why pure: every card the endpoints return is validated in the tests against Google's own card schema
(``GoogleAppsCardV1Card`` from the Chat API discovery document), so building them must not need a request,
a database or the Gmail API.

Wrappers (see docs/gmail.md "Cards and endpoints"):

* a trigger (homepage, compose, contextual) answers ``{"action": {"navigations": [{"pushCard": card}]}}``;
* a button action answers ``{"renderActions": {"action": {...}, "hostAppAction": {...}}}``;
* a missing OAuth scope answers ``{"requesting_google_scopes": {"scopes": [...]}}``.

Card text fields accept a little HTML (<b>, <i>, <font>, <br>), so every string taken from an email or an
address is escaped here, in one place.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Literal, Mapping, Sequence

from ..review import Party, RecipientFacts, Review
from ..review.dates import add_business_days
from ..review.personalization import read_recipient

Context = Literal["compose", "home"]
InsertType = Literal["IN_PLACE_INSERT", "INSERT_AT_START", "INSERT_AT_END", "REPLACE"]

DRAFT_INPUT = "draft_text"  # the name of the paste box; its value arrives in commonEventObject.formInputs
MAX_FINDINGS = 12  # a card holds at most 100 widgets; a long hint list helps nobody anyway
MAX_ITEMS = 10  # promises, asks, recipients
PARAMETER_LIMIT = 500  # characters kept of a sentence carried in an action parameter
NEXT_STEP_BUSINESS_DAYS = 2  # the proposed day for a next step: two working days out


@dataclass(frozen=True)
class Endpoints:
    """The absolute HTTPS URLs of the button actions (an HTTP add-on's ``action.function`` is a URL)."""

    review: str
    insert_next_step: str
    insert_dated_promise: str
    insert_greeting: str
    track: str


@dataclass(frozen=True)
class RecipientProfile:
    """What the compose card says about one recipient: a name to greet, a company to mention, CRM facts."""

    email: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    title: str | None = None
    notes: tuple[str, ...] = ()
    from_crm: bool = False


def recipient_profile(party: Party, facts: RecipientFacts | None = None) -> RecipientProfile:
    """Name and company as the review engine reads them (display name, address, domain, CRM facts), so the
    card never suggests a name the review would then call wrong."""
    reading = read_recipient(party, facts)
    company = facts.company.strip() if facts and facts.company else reading.company
    return RecipientProfile(
        email=party.email.strip().lower(),
        first_name=reading.first_name,
        last_name=reading.last_name,
        company=company,
        title=(facts.title.strip() if facts and facts.title else None),
        notes=tuple(n.strip() for n in (facts.notes if facts else ()) if isinstance(n, str) and n.strip()),
        from_crm=facts is not None,
    )


# ------------------------------------------------------------------------------------------ response wrappers


def trigger_response(card: dict, notification: str | None = None) -> dict:
    """What a homepage, compose or contextual trigger answers: the card to show (a trigger cannot only notify)."""
    action: dict = {"navigations": [{"pushCard": card}]}
    if notification:
        action["notification"] = {"text": notification}
    return {"action": action}


def push_card(card: dict, notification: str | None = None) -> dict:
    """A button action that opens a new card on top of the current one (Back returns to it)."""
    return _render({"navigations": [{"pushCard": card}]}, notification)


def update_card(card: dict, notification: str | None = None) -> dict:
    """A button action that redraws the current card in place."""
    return _render({"navigations": [{"updateCard": card}]}, notification)


def notify(text: str) -> dict:
    """A button action that leaves the card as it is and shows a short message: how errors reach the user."""
    return {"renderActions": {"action": {"notification": {"text": text}}}}


def insert_into_draft(text: str, where: InsertType, notification: str | None = None) -> dict:
    """Insert plain text into the draft being composed (works only from a compose-trigger card).

    The type is always explicit: Gmail's default is not documented as stable, and each of our inserts has
    one right place (the cursor, or the start of the body)."""
    body = {
        "renderActions": {
            "hostAppAction": {
                "gmailAction": {
                    "updateDraftActionMarkup": {
                        "updateBody": {"insertContents": [{"content": text, "contentType": "TEXT"}], "type": where}
                    }
                }
            }
        }
    }
    if notification:
        body["renderActions"]["action"] = {"notification": {"text": notification}}
    return body


def request_scopes(scopes: Iterable[str]) -> dict:
    """Granular consent: Gmail asks the user for these scopes, then repeats the request that needed them."""
    return {"requesting_google_scopes": {"scopes": list(dict.fromkeys(scopes))}}


def _render(action: dict, notification: str | None) -> dict:
    if notification:
        action["notification"] = {"text": notification}
    return {"renderActions": {"action": action}}


# ------------------------------------------------------------------------------------------------- cards


def homepage_card(headlines: Sequence[str], endpoints: Endpoints) -> dict:
    """What Sendwell does, where the rep stands this week, and a box to review a pasted draft."""
    week = [_decorated(h, wrap=True) for h in headlines[:MAX_ITEMS]] or [_paragraph("No emails recorded this week yet.")]
    return _card(
        "Sendwell",
        "Your sales-email coach",
        [
            _section("This week", week),
            _section(
                "What Sendwell does",
                [
                    _paragraph(
                        "Sendwell reviews a sales email before you send it: how polite and how personal it reads, "
                        "the promises you make and when they are due, and whether you ask for a next step. "
                        "While you write, choose <b>Review with Sendwell</b> in the compose window, or paste a draft here."
                    )
                ],
            ),
            paste_section(endpoints, context="home"),
        ],
        name="home",
    )


def paste_section(endpoints: Endpoints, *, context: Context, to: Sequence[str] = (), note: str | None = None) -> dict:
    """A multi-line box and a Review button; the button's event carries the text in ``formInputs``."""
    widgets = []
    if note:
        widgets.append(_paragraph(_esc(note)))
    widgets.append(
        {
            "textInput": {
                "name": DRAFT_INPUT,
                "label": "Your draft",
                "hintText": "Paste the email you are writing",
                "type": "MULTIPLE_LINE",
            }
        }
    )
    widgets.append(
        _buttons(_button("Review draft", endpoints.review, {"ctx": context, "mode": "paste", "to": ",".join(to)}, filled=True))
    )
    return _section("Review a draft", widgets)


def compose_card(
    profiles: Sequence[RecipientProfile],
    endpoints: Endpoints,
    *,
    draft_access: bool,
    result: Review | None = None,
    today: date | None = None,
    notice: str | None = None,
) -> dict:
    """The compose-trigger card: who the email goes to and what to use about them, then either the review of
    the saved draft (draft access) or the paste box (no draft access, or no saved draft found)."""
    to = [p.email for p in profiles]
    sections = [_recipients_section(profiles)]
    if result is not None:
        first = _single_first_name(profiles)
        sections += review_sections(result, endpoints, context="compose", first_name=first, today=today)
        sections.append(
            _section(None, [_buttons(_button("Review again", endpoints.review, {"ctx": "compose", "mode": "fetch", "to": ",".join(to)}))])
        )
    elif draft_access:
        sections.append(
            _section(
                "Your draft",
                [
                    _paragraph(_esc(notice) if notice else "Sendwell reads the draft Gmail has saved."),
                    _buttons(
                        _button("Review draft", endpoints.review, {"ctx": "compose", "mode": "fetch", "to": ",".join(to)}, filled=True)
                    ),
                ],
            )
        )
        sections.append(paste_section(endpoints, context="compose", to=to, note="Or paste it:"))
    else:
        sections.append(paste_section(endpoints, context="compose", to=to, note=notice))
    return _card("Sendwell", "Before you send", sections, name="compose")


def review_card(
    result: Review,
    endpoints: Endpoints,
    *,
    context: Context,
    first_name: str | None = None,
    today: date | None = None,
) -> dict:
    """The review of one draft: both scores, promises with their days, asks, hints with suggestions, and
    (in the compose window only, where Gmail accepts draft edits) buttons that insert the fixes."""
    subtitle = f"{result.stats.words} words · {result.stats.sentences} sentences"
    return _card("Draft review", subtitle, review_sections(result, endpoints, context=context, first_name=first_name, today=today), name="review")


def review_sections(
    result: Review,
    endpoints: Endpoints,
    *,
    context: Context,
    first_name: str | None = None,
    today: date | None = None,
) -> list[dict]:
    compose = context == "compose"
    sections = [_scores_section(result)]
    sections.append(_promises_section(result, endpoints if compose else None))
    sections.append(_asks_section(result))
    hints = _hints_section(result, endpoints if compose else None)
    if hints:
        sections.append(hints)
    if compose:
        sections.append(_improve_section(result, endpoints, first_name, today or date.today()))
    return sections


def message_card(result: Review, endpoints: Endpoints, *, subject: str, tracked: bool | None = None) -> dict:
    """A sent email, opened: its scores and promises, and the button that starts tracking them."""
    sections = [_scores_section(result), _promises_section(result, None, sent=True)]
    if result.commitments:
        if tracked:
            sections.append(_section(None, [_decorated("Tracked: Sendwell will remind you before each promise is due.", top="Promises", wrap=True)]))
        else:
            label = "Track this promise" if len(result.commitments) == 1 else f"Track these {len(result.commitments)} promises"
            sections.append(_section(None, [_buttons(_button(label, endpoints.track, {}, filled=True))]))
    return _card("Sent email", _esc(clip(subject, 80)) or "(no subject)", sections, name="message")


def not_sent_card() -> dict:
    """A received email: nothing to review (Sendwell coaches what the rep writes)."""
    return _card(
        "Sendwell",
        "Your sales-email coach",
        [
            _section(
                None,
                [
                    _paragraph(
                        "Sendwell reviews the emails <b>you</b> send. Open one of your sent emails to see its "
                        "promises and track them, or reply to this one and choose <b>Review with Sendwell</b> while you write."
                    )
                ],
            )
        ],
        name="not-sent",
    )


def error_card(text: str) -> dict:
    """What a trigger shows when it cannot do its job: a plain sentence, never a broken card."""
    return _card("Sendwell", "Something went wrong", [_section(None, [_paragraph(_esc(text))])], name="error")


# ------------------------------------------------------------------------------------------- sentences


def format_day(day: date) -> str:
    """'Tuesday, 18 March': the style the review engine uses in its suggestions."""
    return f"{day:%A}, {day.day} {day:%B}"


def propose_next_step_day(today: date) -> date:
    """Soon enough to keep momentum, late enough to be realistic: two working days from today."""
    return add_business_days(today, NEXT_STEP_BUSINESS_DAYS)


def next_step_line(day: date) -> str:
    return f"Would {format_day(day)} work for a 20-minute call to agree the next steps?"


def greeting_line(first_name: str) -> str:
    return f"Hi {first_name},\n\n"


# ------------------------------------------------------------------------------------------ sections


def _recipients_section(profiles: Sequence[RecipientProfile]) -> dict:
    if not profiles:
        return _section("To", [_paragraph("Add a recipient: Sendwell suggests what to mention about them.")])
    widgets = []
    for p in profiles[:MAX_ITEMS]:
        name = " ".join(filter(None, (p.first_name, p.last_name)))
        prompts = []
        if p.first_name:
            prompts.append(f"greet them as <b>{_esc(p.first_name)}</b>")
        if p.company:
            prompts.append(f"mention <b>{_esc(p.company)}</b>")
        bottom = ("Use their name: " + " and ".join(prompts)) if prompts else "No name in the address: look it up before you write."
        widgets.append(
            _decorated(
                _esc(name) if name else _esc(p.email),
                top=_esc(p.email) if name else None,
                bottom=bottom,
                icon="PERSON",
                wrap=True,
            )
        )
        facts = [f for f in (p.title, *(n for n in p.notes)) if f]
        if facts:
            widgets.append(_decorated(_esc("; ".join(facts)[:300]), top="From your CRM", wrap=True))
    if len(profiles) > MAX_ITEMS:
        widgets.append(_paragraph(f"and {len(profiles) - MAX_ITEMS} more"))
    return _section("To", widgets)


def _scores_section(result: Review) -> dict:
    def column(label: str, score: int) -> dict:
        return {
            "horizontalSizeStyle": "FILL_AVAILABLE_SPACE",
            "widgets": [_decorated(f"<b>{score}</b> / 100", top=label, bottom=_score_word(score))],
        }

    return _section(
        "Scores",
        [{"columns": {"columnItems": [column("Politeness", result.politeness), column("Personalization", result.personalization)]}}],
    )


def _promises_section(result: Review, endpoints: Endpoints | None, *, sent: bool = False) -> dict:
    if not result.commitments:
        return _section("Promises", [_paragraph("No promises in this email." if sent else "You make no promises in this draft.")])
    vague = {(f.start, f.end): f for f in result.findings if f.kind == "commitment.vague_due" and f.suggestion}
    widgets = []
    for c in result.commitments[:MAX_ITEMS]:
        if c.due:
            top = f"Due {format_day(c.due)}"
        elif c.due_phrase:
            top = f"No day: “{_esc(c.due_phrase)}”"
        else:
            top = "No day"
        button = None
        fix = vague.get((c.start, c.end))
        if endpoints and not c.due and fix:
            button = _button(
                "Date it", endpoints.insert_dated_promise, {"sentence": clip(fix.suggestion or "", PARAMETER_LIMIT), "old": clip(fix.text, PARAMETER_LIMIT)}
            )
        widgets.append(_decorated(f"“{_esc(c.text)}”", top=top, icon="CLOCK", wrap=True, button=button))
    return _section("Promises", widgets)


def _asks_section(result: Review) -> dict:
    if not result.asks:
        return _section("Asks", [_paragraph("No clear ask: tell them what you would like them to do next.")])
    return _section("Asks", [_decorated(f"“{_esc(a.text)}”", wrap=True) for a in result.asks[:MAX_ITEMS]])


def _hints_section(result: Review, endpoints: Endpoints | None) -> dict | None:
    if not result.findings:
        return None
    widgets = []
    for f in result.findings[:MAX_FINDINGS]:
        bottom = f"Try: {_esc(f.suggestion)}" if f.suggestion else f"On: “{_esc(clip(f.text, 120))}”"
        widgets.append(_decorated(_esc(f.message), top=f"{f.category.capitalize()} · {f.severity}", bottom=bottom, wrap=True))
    if len(result.findings) > MAX_FINDINGS:
        widgets.append(_paragraph(f"and {len(result.findings) - MAX_FINDINGS} more"))
    section = _section("Hints", widgets)
    if len(widgets) > 3:
        section["collapsible"] = True
        section["uncollapsibleWidgetsCount"] = 3
    return section


def _improve_section(result: Review, endpoints: Endpoints, first_name: str | None, today: date) -> dict:
    day = propose_next_step_day(today)
    buttons = [_button(f"Add a next step ({day:%a} {day.day} {day:%b})", endpoints.insert_next_step, {"day": day.isoformat()})]
    if first_name and any(f.kind == "personalization.no_name" for f in result.findings):
        old = next(f.text for f in result.findings if f.kind == "personalization.no_name")
        buttons.insert(0, _button(f"Greet {first_name}", endpoints.insert_greeting, {"first_name": first_name, "old": clip(old, 80)}))
    widgets = [_paragraph("Inserted where your cursor is; the greeting goes at the top."), _buttons(*buttons)]
    return _section("Improve the draft", widgets)


def _single_first_name(profiles: Sequence[RecipientProfile]) -> str | None:
    names = {p.first_name for p in profiles if p.first_name}
    return names.pop() if len(profiles) == 1 and len(names) == 1 else None


def _score_word(score: int) -> str:
    if score >= 75:
        return "Strong"
    if score >= 50:
        return "OK"
    return "Needs work"


# ------------------------------------------------------------------------------------------- widgets


def _card(title: str, subtitle: str | None, sections: list[dict], *, name: str) -> dict:
    header = {"title": title}
    if subtitle:
        header["subtitle"] = subtitle
    return {"name": name, "header": header, "sections": [s for s in sections if s]}


def _section(header: str | None, widgets: list[dict]) -> dict:
    section: dict = {"widgets": widgets}
    if header:
        section["header"] = header
    return section


def _paragraph(text: str) -> dict:
    return {"textParagraph": {"text": text}}


def _decorated(
    text: str,
    *,
    top: str | None = None,
    bottom: str | None = None,
    icon: str | None = None,
    wrap: bool = False,
    button: dict | None = None,
) -> dict:
    widget: dict = {"text": text}
    if top:
        widget["topLabel"] = top
    if bottom:
        widget["bottomLabel"] = bottom
    if icon:
        widget["startIcon"] = {"knownIcon": icon}
    if wrap:
        widget["wrapText"] = True
    if button:
        widget["button"] = button
    return {"decoratedText": widget}


def _button(text: str, url: str, parameters: Mapping[str, str], *, filled: bool = False) -> dict:
    action: dict = {"function": url}
    params = [{"key": k, "value": v} for k, v in parameters.items() if v is not None]
    if params:
        action["parameters"] = params
    button = {"text": text, "onClick": {"action": action}}
    if filled:
        button["type"] = "FILLED"
    return button


def _buttons(*buttons: dict) -> dict:
    return {"buttonList": {"buttons": list(buttons)}}


def _esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def clip(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
