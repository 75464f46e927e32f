"""The review pipeline: extract the new words, split sentences, run every analyser, assemble the Review.

Pure and deterministic: the same Draft always gives the same Review; nothing here touches Flask, files
or the network (model weights are loaded once, at import, by the modules that need them).
"""
from __future__ import annotations

from . import asks, autoreply, commitments, disparagement, discount, personalization, politeness, stats, text
from .document import Document, split_sentences
from .model import Draft, Review


def review(draft: Draft) -> Review:
    extracted = text.extract(draft.body, draft.body_format)
    sentences = split_sentences(extracted.text, *extracted.reviewed)
    doc = Document(extracted.text, extracted.reviewed, sentences, draft, extracted.signoff)

    politeness_score, politeness_findings = politeness.analyse(doc)
    personalization_score, personalization_findings = personalization.analyse(doc)
    if autoreply.is_out_of_office(doc):
        promises, commitment_findings, requests, ask_findings = [], [], [], []
    else:
        promises, commitment_findings = commitments.analyse(doc)
        requests, ask_findings = asks.analyse(doc, promises)
    findings = [
        *politeness_findings,
        *personalization_findings,
        *commitment_findings,
        *ask_findings,
        *discount.analyse(doc),
        *disparagement.analyse(doc),
    ]
    findings.sort(key=lambda f: (f.start, f.end, f.category, f.kind))
    return Review(
        text=extracted.text,
        reviewed=extracted.reviewed,
        politeness=politeness_score,
        personalization=personalization_score,
        findings=tuple(findings),
        commitments=tuple(promises),
        asks=tuple(requests),
        stats=stats.compute(doc),
    )
