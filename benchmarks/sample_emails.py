"""Deterministic, realistic sales emails of a chosen length for the speed benchmark (written for Sendwell,
not taken from any corpus)."""
from __future__ import annotations

import random

_OPENERS = ["Hi Anna,", "Hello Anna,", "Good morning Anna,"]
_SENTENCES = [
    "Thanks again for walking me through the warehouse rollout on Tuesday.",
    "You mentioned that picking errors cost your team about 40 hours a month, so I ran the numbers for your three sites.",
    "Based on what we saw at Northwind, the scanner upgrade usually pays for itself within two quarters.",
    "I'll send the revised quote by Friday, including the extended warranty you asked about.",
    "Could you confirm whether the Denver site should be included in phase one?",
    "Our implementation team can start as early as the second week of January.",
    "I know budgets are tight before year end, so I split the proposal into two phases.",
    "Would Thursday at 2pm work for a 20-minute call with your operations lead?",
    "Please let me know if the pricing table is clear, or if a short walkthrough would help.",
    "We will follow up with the security questionnaire within 3 business days.",
    "The pilot results from your Reno site look very promising, especially the 12% drop in mis-picks.",
    "If it helps, I can also share a reference call with a customer of a similar size.",
    "I'm sorry the demo environment was slow last week; the issue is fixed now.",
    "Your team's feedback on the handheld ergonomics was really useful for our product group.",
    "Let me check with our finance team and get back to you by Monday about the payment terms.",
    "Can you send over the current SLA document so we can match the response times?",
    "As we discussed, the license covers up to 250 devices across all three warehouses.",
    "I'd be glad to set up a session with your IT team to go through the integration steps.",
    "Honestly, the ROI case is strongest if we include the returns process as well.",
    "Would it make sense to loop in Mark from procurement at this point?",
]
_CLOSING = "\n\nBest regards,\nTom Seller\nAccount Executive, Sendwell Demo Co.\n+1 555 0100"


def sales_email(words: int, seed: int = 7) -> str:
    """A plain-text sales email of about ``words`` words, in paragraphs of 3–5 sentences."""
    rng = random.Random(seed)
    paragraphs, current, count = [], [], 0
    while count < words:
        sentence = rng.choice(_SENTENCES)
        current.append(sentence)
        count += len(sentence.split())
        if len(current) >= rng.randint(3, 5):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return rng.choice(_OPENERS) + "\n\n" + "\n\n".join(paragraphs) + _CLOSING
