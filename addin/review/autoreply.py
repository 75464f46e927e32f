"""Out-of-office auto-replies: they promise nothing and ask nothing of the recipient.

"I will respond when I return on Monday" and "please contact my colleague Rob" are the mailbox's words, not
the rep's commitments or requests, so the engine skips promises, asks and the next-step nudge for them.
"""
from __future__ import annotations

import re

_OOO = re.compile(
    r"\b(?:out\s+of\s+(?:the\s+)?office|ooo|on\s+(?:annual\s+|parental\s+|maternity\s+|paternity\s+|sick\s+"
    r"|medical\s+)?leave|on\s+(?:vacation|holiday|pto)|away\s+from\s+(?:the\s+|my\s+)?(?:office|desk)"
    r"|automatic\s+reply|auto[- ]?reply)\b")
# Mail servers put the notice first: "Automatic reply: …", "Out of Office: Re: …", "OOO - …". A subject that merely
# mentions it ("Re: OOO coverage over Christmas", "Auto-reply rules for the shared inbox") is a real email.
_OOO_NOTICE = (r"automatic\s+reply|auto[- ]?reply|autoreply|out\s+of\s+(?:the\s+)?office|ooo|abwesenheitsnotiz"
               r"|automatische\s+antwort|réponse\s+automatique|absence\s+du\s+bureau|respuesta\s+automática"
               r"|fuera\s+de\s+la\s+oficina|risposta\s+automatica")
_OOO_SUBJECT = re.compile(rf"^\s*(?:(?:{_OOO_NOTICE})\s*/\s*)?(?:{_OOO_NOTICE})\s*[:\-–—]")  # "Abwesenheitsnotiz / Out of office: …"
_BOILERPLATE = re.compile(
    r"(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))\b[^.!?]{0,40}[,!.:]?$"
    r"|thanks?(?:\s+you)?(?:\s+so\s+much)?\s+for\s+(?:your|the)\s+(?:e-?mail|message|note|mail|enquiry|inquiry)")
_OOO_RETURN = re.compile(
    r"\b(?:until|till|return(?:ing)?|back\s+(?:on|in)|when\s+i(?:'m|\s+am)?\s+back|upon\s+my\s+return"
    r"|limited\s+access)\b")


def is_out_of_office(doc) -> bool:
    """An auto-reply: the subject says so, or the first real sentence says the sender is away until X.

    Only the first sentence counts (after greetings and "Thank you for your email."), so a sales email that
    mentions a holiday in passing ("I'm on leave next week, back on the 30th, so…") keeps its promises.
    """
    if _OOO_SUBJECT.match(doc.draft.subject.lower()):
        return True
    for sentence in doc.sentences:
        low = sentence.text.lower()
        if _BOILERPLATE.match(low):
            continue
        # "I'm out of the office on Friday, so could you send the PO to Sam?" is a rep writing, not a robot.
        return bool(_OOO.search(low) and _OOO_RETURN.search(low)) and "?" not in low
    return False
