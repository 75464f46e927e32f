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
_OOO_SUBJECT = re.compile(r"\b(?:out\s+of\s+(?:the\s+)?office|automatic\s+reply|auto[- ]?reply|ooo)\b")
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
    if _OOO_SUBJECT.search(doc.draft.subject.lower()):
        return True
    for sentence in doc.sentences:
        low = sentence.text.lower()
        if _BOILERPLATE.match(low):
            continue
        return bool(_OOO.search(low) and _OOO_RETURN.search(low))
    return False
