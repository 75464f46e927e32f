"""A rep's recent template fingerprints, read for every sidebar review and so cached in the process.

The sidebar reviews a draft every few seconds while the rep types; decoding a couple of hundred stored
shingle sets each time would cost more than the review itself. The cache is keyed by rep and checked
against a cheap marker (how many fingerprints are in the window, and the newest one), so a newly
recorded email or one ageing out of the window is seen on the next review.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Fingerprint

RECENT_LIMIT = 200
_CACHE_REPS = 512
_cache: OrderedDict[tuple[str, int], tuple[tuple, tuple[frozenset[int], ...]]] = OrderedDict()
_lock = threading.Lock()


def recent_fingerprints(session: Session, rep_id: int, since: datetime) -> tuple[frozenset[int], ...]:
    """The rep's fingerprints sent at or after ``since``, newest first, at most ``RECENT_LIMIT``."""
    window = (Fingerprint.rep_id == rep_id, Fingerprint.sent_at >= since)
    marker = tuple(session.execute(select(func.count(), func.max(Fingerprint.activity_id)).where(*window)).one())
    key = (str(session.get_bind().url), rep_id)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == marker:
            _cache.move_to_end(key)
            return hit[1]
    if not marker[0]:
        sets: tuple[frozenset[int], ...] = ()
    else:
        rows = session.scalars(select(Fingerprint.shingles).where(*window).order_by(Fingerprint.sent_at.desc()).limit(RECENT_LIMIT))
        sets = tuple(rows)
    with _lock:
        _cache[key] = (marker, sets)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_REPS:
            _cache.popitem(last=False)
    return sets
