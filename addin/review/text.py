"""From a raw email body to the words worth reviewing: HTML to text, quoted history and sign-off split off.

The returned ``text`` is the WHOLE email as a reader sees it (new words, sign-off, signature, quoted history);
``reviewed`` is the span of the new words only, so every analyser's offsets index the same string the client
shows. HTML is converted with a regex tokenizer rather than ``html.parser``: Outlook HTML carries thousands
of tags and the whole review has a budget of a few milliseconds, so only layout tags cost a Python step.
Quoted history is found structurally in HTML (Gmail, Outlook and Apple mark their quote containers) and by
line shapes in any text ("On … wrote:", "From:/Sent:/To:/Subject:", "-----Original Message-----", "> ").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape


@dataclass(frozen=True)
class Extracted:
    """``text`` is everything; ``reviewed`` the new words; ``signoff`` the closing line ("Best regards,");
    ``quote_start`` where the quoted history begins (None when there is none). All offsets index ``text``."""

    text: str
    reviewed: tuple[int, int]
    signoff: tuple[int, int] | None = None
    quote_start: int | None = None


@dataclass(frozen=True)
class Converted:
    """HTML rendered as text, with the offsets where the mail client's own markup opened the quoted
    history or the sender's signature (None when it did not)."""

    text: str
    quote_start: int | None = None
    signature_start: int | None = None


def extract(body: str, body_format: str = "text") -> Extracted:
    """Split an email body into new words, sign-off/signature and quoted history."""
    if body_format == "html":
        converted = html_to_text(body)
    else:
        converted = Converted(_normalise_newlines(body))
    text = converted.text
    limit = len(text) if converted.quote_start is None else converted.quote_start
    quote = find_quote_start(text, 0, limit)
    if quote is None and converted.quote_start is not None:
        quote = _skip_space(text, converted.quote_start)
    new_start, new_end = _trim(text, 0, len(text) if quote is None else quote)
    body_end, signoff = split_signoff(text, new_start, new_end, converted.signature_start)
    return Extracted(text, _trim(text, new_start, body_end), signoff, quote)


# --------------------------------------------------------------------------------------------------------
# Plain text


def _normalise_newlines(body: str) -> str:
    """CRLF and lone CR become LF; nothing else changes, so offsets stay predictable."""
    if "\r" not in body:
        return body
    return body.replace("\r\n", "\n").replace("\r", "\n")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without surrounding whitespace; an empty span stays at ``start``."""
    a = _skip_space(text, start)
    if a >= end:
        return (start, start)
    while end > a and text[end - 1].isspace():
        end -= 1
    return (a, end)


# --------------------------------------------------------------------------------------------------------
# HTML to text

_BLOCKS = frozenset(
    """div tr table tbody thead tfoot caption ul ol dl dt dd li hr address article aside section header
    footer nav main figure figcaption center form fieldset details summary""".split()
)
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre".split())
_CELLS = frozenset(("td", "th"))
_LAYOUT = _BLOCKS | _PARAGRAPHS | _CELLS | {"br"}
# A tag's attributes as an unrolled loop (no nested quantifiers, so no catastrophic backtracking).
_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
def _either_case(*names: str) -> str:
    """``div`` → ``div|DIV``: tag names in lower or upper case without re.IGNORECASE, which would stop the
    regex engine from jumping straight to each "<" (it halves the tokenizer's speed). Mixed-case names
    ("<Div>") are not recognised and are deleted like an inline tag."""
    by_length = sorted(names, key=len, reverse=True)  # "pre" before "p", "thead" before "th"
    return "|".join(f"{name}|{name.upper()}" for name in by_length)


_DROPPED = ("style", "script", "head", "title", "xml", "template")  # elements whose content never shows
# Only what changes the layout is a token; inline tags (span, font, a, o:p, img…) stay in the text between
# tokens and are deleted there in one C-level pass, which keeps the per-token Python loop short.
_TOKEN = re.compile(
    r"<(?:"
    r"!--.*?-->"  # comments, including <!--[if mso]>…<![endif]--> blocks
    rf"|(?:{_either_case(*_DROPPED)})\b[^>]*>.*?</(?:{_either_case(*_DROPPED)})\s*>"
    r"|[!?][^>]*>"  # <!DOCTYPE>, <![if …]>/<![endif]>, <?xml …?>
    rf"|(?P<close>/)?(?P<name>{_either_case(*_LAYOUT)})(?![\w:.-])(?P<attrs>{_ATTRS})>"
    r")",
    re.S,
)
_INLINE_TAG = re.compile(rf"</?[A-Za-z][\w:.-]*{_ATTRS}>")
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_CONTAINERS = frozenset(("div", "blockquote"))
# Cheap pre-filter: only containers whose lower-cased attributes mention one of these are parsed.
_ROLE_HINTS = ("quote", "cite", "rplyfwd", "border-top", "signature", "reference-message", "moz-")
_QUOTE_CLASSES = frozenset(
    ("gmail_quote", "gmail_quote_container", "yahoo_quoted", "moz-cite-prefix", "moz-forward-container")
)
_QUOTE_IDS = frozenset(("divrplyfwdmsg", "mail-editor-reference-message-container"))
# Outlook desktop's reply header sits in a div with a thin grey top border (#E1E1E1; #B5C4DF before 2013).
_OUTLOOK_DIVIDER = re.compile(
    r"border-top:\s*(?:solid\s+#(?:e1e1e1|b5c4df)"
    r"|[\d.]+pt\s+solid\s+(?:#(?:e1e1e1|b5c4df)|rgb\(225,\s*225,\s*225\)))",
    re.I,
)
_SIGNATURE_CLASSES = frozenset(("gmail_signature", "moz-signature"))
_SIGNATURE_IDS = frozenset(("signature", "ms-outlook-mobile-signature"))
# Word/Outlook paragraphs (class="MsoNormal") and margin-less ones are single lines, not spaced paragraphs.
_TIGHT_P = re.compile(r"\bMso|margin(?:-top|-bottom)?\s*:\s*0(?:px|pt|in|cm|em)?\s*(?:[;\"']|$)")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width characters and soft hyphens


class _Writer:
    """Builds the rendered text the way a browser lays it out: whitespace collapses, blocks end lines,
    ``<br>`` and empty-but-visible lines (``&nbsp;``) add lines, never more than one blank line in a row.

    Breaks, spaces, cell separators and bullets are owed, and only paid when the next word arrives, so the
    output never has leading, trailing or doubled whitespace and recorded offsets never need fixing up.
    """

    __slots__ = ("parts", "size", "breaks", "line_box", "col0", "space", "sep", "bullet", "row")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.breaks = 0  # newlines owed (at most 2: one blank line)
        self.line_box = False  # the current line has content a block end must terminate
        self.col0 = True  # nothing written on the current output line yet
        self.space = False
        self.sep = False  # a table-cell separator is owed
        self.bullet = ""
        self.row = False  # the current table row has text

    def word(self, s: str) -> None:
        out = ""
        if self.breaks:
            if self.size:
                out = "\n" * self.breaks
                self.col0 = True
            self.breaks = 0
        elif not self.col0 and (self.sep or self.space):
            out = "\t" if self.sep else " "
        if self.bullet:
            out += self.bullet
            self.bullet = ""
        out += s
        self.parts.append(out)
        self.size += len(out)
        self.line_box, self.col0, self.space, self.sep, self.row = True, False, False, False, True

    def text(self, chunk: str) -> None:
        if chunk.isspace() and "\xa0" not in chunk:
            self.space = True  # the common case: newlines and indentation between tags
            return
        if "<" in chunk:
            chunk = _INLINE_TAG.sub("", chunk)
        if "&" in chunk:
            chunk = _INVISIBLE.sub("", unescape(chunk))
        if "\xa0" in chunk:
            self.line_box = True  # a line holding only &nbsp; is a visible (blank) line
        words = chunk.split()
        if not words:
            self.space = self.space or bool(chunk)
            return
        if chunk[0].isspace():
            self.space = True
        self.word(" ".join(words))
        self.space = chunk[-1].isspace()

    def preformatted(self, chunk: str) -> None:
        for i, line in enumerate(unescape(_INLINE_TAG.sub("", chunk)).split("\n")):
            if i:
                self.line_break()
            if line.strip():
                self.word(line.rstrip())

    def line_break(self) -> None:
        self.breaks = min(self.breaks + 1, 2)
        self.line_box = self.space = self.sep = False

    def block(self) -> None:
        if self.line_box:
            self.breaks = min(self.breaks + 1, 2)
            self.line_box = False

    def paragraph(self) -> None:
        if self.size:
            self.breaks = 2
        self.line_box = False

    def cell(self) -> None:
        """A cell continues its row (Outlook wraps each cell's text in a <p>, whose end asked for a new
        line): cancel that line end and owe a tab instead."""
        if self.row:
            if self.breaks == 1:
                self.breaks = 0
            self.sep = True
        self.line_box = False

    def new_row(self) -> None:
        self.block()
        self.row = False


def html_to_text(html: str) -> Converted:
    """Render HTML as text, noting where quote and signature containers open."""
    html = _normalise_newlines(html)
    if not html.isascii():
        html = _INVISIBLE.sub("", html)
    out = _Writer()
    lists: list[int] = []  # one counter per open list; -1 marks a bulleted one
    pre = 0
    tight_p = False  # the open <p> is a single line (its closing tag carries no attributes to tell)
    quote = signature = None
    pos = 0
    search = _TOKEN.search
    while True:
        m = search(html, pos)
        end = len(html) if m is None else m.start()
        if end > pos:
            (out.preformatted if pre else out.text)(html[pos:end])
        if m is None:
            break
        pos = m.end()
        name = m.group("name")
        if name is None:
            continue  # comment, dropped element or declaration
        name = name.lower()
        closing = m.group("close") is not None
        if name == "br":
            out.line_break()
        elif name in _CELLS:
            if not closing:
                out.cell()
        elif name == "tr":
            out.new_row()
        elif name in _BLOCKS:
            out.block()
            if name in ("ul", "ol"):
                if closing:
                    if lists:
                        lists.pop()
                else:
                    lists.append(0 if name == "ol" else -1)
            elif name == "li" and not closing:
                out.bullet = _bullet(lists)
        elif name in _PARAGRAPHS:
            if name == "p" and not closing:
                tight_p = _TIGHT_P.search(m.group("attrs")) is not None
            if name == "p" and tight_p:
                out.block()
            else:
                out.paragraph()
            if name == "pre":
                pre = max(pre + (-1 if closing else 1), 0)
        if closing or name not in _CONTAINERS:
            continue
        attrs = m.group("attrs")
        lowered = attrs.lower()
        if not any(hint in lowered for hint in _ROLE_HINTS):
            continue
        role = _container_role(name, attrs)
        if role == "quote" and quote is None:
            quote = out.size
        elif role == "signature" and signature is None and quote is None:
            signature = out.size
    return Converted("".join(out.parts), quote, signature)


def _bullet(lists: list[int]) -> str:
    """"- " for bulleted items, "3. " for numbered ones, indented two spaces per nesting level."""
    indent = "  " * max(len(lists) - 1, 0)
    if not lists or lists[-1] < 0:
        return indent + "- "
    lists[-1] += 1
    return f"{indent}{lists[-1]}. "


def _container_role(name: str, attrs: str) -> str | None:
    """'quote' when a div/blockquote opens quoted history, 'signature' when it holds the sender's
    signature, else None."""
    values = {k.lower(): a or b or c for k, a, b, c in _ATTR.findall(attrs)}
    classes = set(values.get("class", "").split())
    ident = values.get("id", "").lower().removeprefix("x_")
    if classes & _QUOTE_CLASSES or ident in _QUOTE_IDS:
        return "quote"
    if name == "blockquote" and values.get("type", "").lower() == "cite":
        return "quote"
    if _OUTLOOK_DIVIDER.search(values.get("style", "")):
        return "quote"
    if classes & _SIGNATURE_CLASSES or ident in _SIGNATURE_IDS:
        return "signature"
    return None


# --------------------------------------------------------------------------------------------------------
# Quoted history

# Lines that may open quoted history; each is confirmed by its own check below.
_QUOTE_CUE = re.compile(
    r"^[ \t]*(?:>|-{2,}|_{10,}[ \t]*$|(?:On|Am|Le|El|Op|Il|Em)[ \t]|\*?(?:From|Von|De|Van|Da)[ \t]?:"
    r"|Begin forwarded message:)",
    re.M,
)
_SEPARATOR = re.compile(
    r"-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Weitergeleitete Nachricht"
    r"|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado|Oorspronkelijk bericht"
    r"|Doorgestuurd bericht|Messaggio originale|Messaggio inoltrato)\s*-*",
    re.I,
)
_ATTRIBUTION_END = re.compile(
    r"(?:\b(?:wrote|a écrit|escribió|ha scritto|escreveu)|\b(?:schrieb|schreef)\b.*)\s*:$", re.I
)
_ATTRIBUTION_MAX_LINES = 3
_ATTRIBUTION_MAX_CHARS = 300
# Header field names (English, German, French, Spanish/Portuguese, Dutch, Italian) → what they mean.
_HEADER_FIELDS = {
    "from": "from", "von": "from", "de": "from", "van": "from", "da": "from",
    "sent": "date", "date": "date", "gesendet": "date", "datum": "date", "envoyé": "date",
    "enviado": "date", "enviada": "date", "verzonden": "date", "inviato": "date", "data": "date",
    "to": "to", "an": "to", "à": "to", "para": "to", "aan": "to", "a": "to", "cc": "cc",
    "subject": "subject", "betreff": "subject", "objet": "subject", "asunto": "subject",
    "assunto": "subject", "onderwerp": "subject", "oggetto": "subject",
}  # fmt: skip
_HEADER = re.compile(r"\*?([^\W\d_]{1,10})[ \t]?:")
_HEADER_WINDOW = 10  # lines scanned for the rest of a From:/Sent:/To:/Subject: block


def find_quote_start(text: str, start: int = 0, end: int | None = None) -> int | None:
    """Offset of the first line in ``text[start:end]`` that opens quoted history, or None."""
    end = len(text) if end is None else end
    for cue in _QUOTE_CUE.finditer(text, start, end):
        line_start = cue.start()
        line = _line_at(text, line_start).strip()
        found: int | None = None
        if line.startswith(">"):
            found = _quote_run(text, line_start, start)
        elif line.startswith("-"):
            found = line_start if _SEPARATOR.fullmatch(line) else None
        elif line.startswith("_"):
            nxt = _skip_space(text, line_start + len(_line_at(text, line_start)))
            found = line_start if nxt < len(text) and _is_header_block(text, nxt) else None
        elif line.startswith("Begin forwarded"):
            found = line_start
        elif _is_attribution(text, line_start):
            found = line_start
        elif _is_header_block(text, line_start):
            found = line_start
        if found is not None:
            return _skip_space(text, found)
    return None


def _line_at(text: str, pos: int) -> str:
    nl = text.find("\n", pos)
    return text[pos:] if nl < 0 else text[pos:nl]


def _lines_from(text: str, pos: int, count: int):
    """Yield up to ``count`` (start, line) pairs from ``pos``."""
    for _ in range(count):
        if pos > len(text):
            return
        line = _line_at(text, pos)
        yield pos, line
        pos += len(line) + 1


def _is_attribution(text: str, pos: int) -> bool:
    """"On <date>, <name> <email> wrote:" alone on one to three lines, with a digit (a date) in it.

    Prose such as "As Tom wrote: the price is fine" fails: the attribution must start its line with
    "On " and end its line with "wrote:".
    """
    joined = ""
    for _, line in _lines_from(text, pos, _ATTRIBUTION_MAX_LINES):
        line = line.strip()
        if not line:
            return False
        joined = f"{joined} {line}" if joined else line
        if len(joined) > _ATTRIBUTION_MAX_CHARS:
            return False
        if _ATTRIBUTION_END.search(line):
            return any(ch.isdigit() for ch in joined)
        if line[-1] in ".!?":
            return False  # a sentence ended: this is prose, not a wrapped attribution
    return False


def _is_header_block(text: str, pos: int) -> bool:
    """A "From:" line followed by at least two of Sent/Date, To, Cc, Subject (one of them Sent/Date or
    Subject), as Outlook writes above the message it quotes."""
    fields: set[str] = set()
    for i, (_, line) in enumerate(_lines_from(text, pos, _HEADER_WINDOW)):
        m = _HEADER.match(line.strip())
        field = _HEADER_FIELDS.get(m.group(1).lower()) if m else None
        if i == 0 and field != "from":
            return False
        if field:
            fields.add(field)
    return len(fields) >= 3 and bool(fields & {"date", "subject"})


def _quote_run(text: str, pos: int, floor: int) -> int | None:
    """Start of a run of "> " lines (two or more, or one that ends the text), pulled back over an
    attribution line ending in "wrote:" just above it; None for a lone quoted line inside new words."""
    count, end = 0, pos
    for line_start, line in _lines_from(text, pos, len(text)):
        if not line.lstrip().startswith(">"):
            break
        count += 1
        end = line_start + len(line)
    if count < 2 and text[end:].strip():
        return None
    prev_end = pos
    while prev_end > floor and text[prev_end - 1].isspace():
        prev_end -= 1
    nl = text.rfind("\n", floor, prev_end)
    previous = text[floor if nl < 0 else nl + 1 : prev_end].strip()
    if previous and len(previous) <= _ATTRIBUTION_MAX_CHARS and _ATTRIBUTION_END.search(previous):
        return floor if nl < 0 else nl + 1
    return pos


# --------------------------------------------------------------------------------------------------------
# Sign-off and signature

_CLOSINGS = frozenset(
    phrase.strip()
    for phrase in """best | best regards | best wishes | all the best | all best | with best regards |
    kind regards | kindest regards | with kind regards | warm regards | warmest regards | warm wishes |
    warmly | regards | many thanks | thanks | thank you | thanks so much | thank you so much | thanks again |
    thank you again | thanks in advance | thanks a lot | thanks very much | thank you very much | thx |
    with thanks | thanks and regards | thanks & regards | thanks and best regards | cheers | sincerely |
    yours sincerely | sincerely yours | yours truly | yours faithfully | respectfully | talk soon |
    speak soon | take care | br | kr | rgds""".split("|")
)
# "Thanks, John" / "Cheers - Tom": a closing and a capitalised name on one line.
_NAMED_CLOSING = re.compile(
    r"(?P<phrase>[A-Za-z][A-Za-z &]*?)\s*(?:,|\s[-–—])\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}"
)
_SIGNATURE_START = re.compile(
    r"^[ \t]*(?:--|Sent from my \S[^\n]{0,40}|Sent from (?:Outlook|Mail for Windows|Yahoo Mail)[^\n]{0,40}"
    r"|Get Outlook for (?:iOS|Android)|Sent (?:via|with) \S[^\n]{0,30})[ \t]*$",
    re.M,
)
_DISCLAIMER = re.compile(
    r"^[ \t]*(?:confidentiality notice|disclaimer\b|this (?:e-?mail|message|communication)"
    r"(?: and any (?:attachments?|files)[^\n]{0,40}?)?"
    r" (?:is|are|may contain|contains?) (?:confidential|privileged|intended))",
    re.M | re.I,
)
_TAIL_MAX_LINES = 7  # name, title, company, phone, mobile, email, web
_TAIL_MAX_CHARS = 80
_TAIL_MAX_WORDS = 12
_NOT_SENTENCE_END = frozenset("inc ltd co corp llc plc gmbh ag sa bv jr sr phd md esq".split())


def split_signoff(
    text: str, start: int, end: int, signature_hint: int | None = None
) -> tuple[int, tuple[int, int] | None]:
    """Return (where the body ends, the closing line's span or None) for the new words ``text[start:end]``.

    The body ends at the closing line ("Best regards,") when one is followed only by short signature lines,
    else at a signature delimiter ("-- ", "Sent from my iPhone", a client's signature container), else at
    ``end``.
    """
    sig = _SIGNATURE_START.search(text, start, end)
    sig_start = end if sig is None else sig.start()
    if signature_hint is not None and start <= signature_hint < sig_start:
        sig_start = signature_hint
    closing = None
    disclaimer = _DISCLAIMER.search(text, start, sig_start)
    if disclaimer:
        closing = _find_closing(text, start, disclaimer.start(), min_tail=1)
    if closing is None:
        closing = _find_closing(text, start, sig_start)
    if closing is not None:
        return closing[0], closing
    if sig is None and signature_hint is None:
        name_start = _lone_name_line(text, start, sig_start)
        if name_start is not None:
            return name_start, None
    first = _skip_space(text, sig_start)
    line_end = text.find("\n", first, end)
    first_line = _trim(text, first, end if line_end < 0 else line_end)
    if first_line[0] < first_line[1] and _is_closing(text[first_line[0] : first_line[1]]):
        return sig_start, first_line  # the signature block itself opens with the closing line
    return sig_start, None


_NAME_LINE = re.compile(r"(?:[-–—~]\s*)?[A-Z][a-z'’-]+(?:\s+[A-Z](?:[a-z'’-]+|\.))?(?:\s+[A-Z][a-z'’-]+)?")


def _lone_name_line(text: str, start: int, end: int) -> int | None:
    """Where a signature with no closing line starts: a last block, after a blank line, that opens with a
    name of one to three capitalised words ("Mark", "— Anna Lee") and holds only signature lines after it
    ("Wade Sorensen | Rental Sales | 801-555-0129"). None when there is none."""
    body = text[start:end].rstrip()
    blank = body.rfind("\n\n")
    if blank < 0 or not body[:blank].strip():
        return None
    lines = [line.strip() for line in body[blank + 2 :].split("\n") if line.strip()]
    if not lines or len(lines) > _TAIL_MAX_LINES or not _NAME_LINE.fullmatch(lines[0]):
        return None
    if any(_is_prose(line) for line in lines[1:]):
        return None
    return start + len(body[:blank].rstrip())


def _find_closing(text: str, start: int, end: int, min_tail: int = 0) -> tuple[int, int] | None:
    """The last closing line in ``text[start:end]`` followed only by a short signature (name, title,
    phone…); a "Thanks," followed by sentences is an opener, not a sign-off."""
    tail = 0
    pos = end
    while pos > start:
        nl = text.rfind("\n", start, pos)
        line_start = start if nl < 0 else nl + 1
        line = text[line_start:pos]
        stripped = line.strip()
        if stripped:
            if tail >= min_tail and _is_closing(stripped):
                first = line_start + len(line) - len(line.lstrip())
                return (first, first + len(stripped))
            if tail >= _TAIL_MAX_LINES or _is_prose(stripped):
                return None
            tail += 1
        if nl < 0:
            break
        pos = nl
    return None


def _is_closing(line: str) -> bool:
    if _closing_key(line) in _CLOSINGS:
        return True
    named = _NAMED_CLOSING.fullmatch(line.strip())
    return named is not None and _closing_key(named.group("phrase")) in _CLOSINGS


def _closing_key(phrase: str) -> str:
    return " ".join(phrase.lower().split()).rstrip(",.!:;-–— ")


def _is_prose(line: str) -> bool:
    """A line that reads as a sentence rather than a signature line (name, title, company, contact)."""
    words = line.split()
    if len(line) > _TAIL_MAX_CHARS or len(words) >= _TAIL_MAX_WORDS or line.endswith("?"):
        return True
    if line[-1] in ".!" and len(words) >= 2:
        return words[-1].rstrip(".!").lower() not in _NOT_SENTENCE_END
    # "will do" / "sounds good to me": lower-case words with no contact detail in them
    return line[0].islower() and len(words) >= 2 and not any(ch in line for ch in "@:/0123456789")
