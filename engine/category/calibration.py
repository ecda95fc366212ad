"""Turn raw pair scores into probabilities of being right.

A logistic model on two numbers per suggestion: its raw score and its margin
over the best *other* candidate (a clear winner is more often right than one of
several near-ties). The constants were fitted by logistic regression on one half
of ``shared/bench/category-dev.csv`` and checked on the other half
(``tests/bench/bench_category.py`` prints the per-bucket accuracy).
"""

from __future__ import annotations

import math

LOW_CONFIDENCE_THRESHOLD = 0.5
"""Suggestions scoring below this are flagged for the seller to check."""

_RAW_WEIGHT = 0.434
_MARGIN_WEIGHT = 1.151
_BIAS = -2.216
# With a single candidate there is no runner-up; assume a modest lead.
_LONE_MARGIN = 1.0
_NO_COUNTERPART_CAP = 0.05


def calibrate(raw: list[float], no_counterpart: bool = False) -> list[float]:
    """Probabilities for a ranked list of raw scores (best first)."""
    out: list[float] = []
    for k, score in enumerate(raw):
        rivals = raw[:k] + raw[k + 1 :]
        margin = score - max(rivals) if rivals else _LONE_MARGIN
        z = _RAW_WEIGHT * score + _MARGIN_WEIGHT * margin + _BIAS
        p = 1.0 / (1.0 + math.exp(-z))
        out.append(min(p, _NO_COUNTERPART_CAP) if no_counterpart else p)
    return out
