"""The Poisson tail the surge test needs, in numpy.

`upper_tail(k, m)` is P(X > k) for X ~ Poisson(m): scipy.special.pdtrc, which
would cost every refresh scipy's import (0.1-0.2 s of a cold start) for one
function.  The small tails that decide an alert come from the series of the
regularised lower incomplete gamma function P(k + 1, m), which keeps its
relative precision however small the tail; where m > k + 1 the tail is large and
one minus the head of the distribution is exact enough.  Agrees with scipy to
1e-10 relative, 1e-13 absolute (tests/analysis/test_poisson.py).
"""
from __future__ import annotations

import math

import numpy as np

#: series terms are added until they fall below this fraction of the sum
_EPSILON = 1e-17
_MAX_TERMS = 10_000


def upper_tail(k: np.ndarray, m: np.ndarray) -> np.ndarray:
    """P(X > k), X ~ Poisson(m), elementwise; NaN where k < 0, as scipy gives."""
    k, m = np.broadcast_arrays(np.asarray(k, dtype=np.float64), np.asarray(m, dtype=np.float64))
    k = np.floor(k)
    out = np.full(k.shape, np.nan)
    valid = (k >= 0) & (m >= 0)
    out[valid & (m == 0)] = 0.0
    series = valid & (m > 0) & (m <= k + 1)
    head = valid & (m > k + 1)
    out[series] = _lower_gamma_series(k[series] + 1, m[series])
    out[head] = 1.0 - _head(k[head], m[head])
    return out


def _lower_gamma_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n))."""
    if not len(a):
        return np.zeros(0)
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    scale = np.exp(a * np.log(x) - x - lgamma(a + 1))
    total = np.ones_like(x)
    term = np.ones_like(x)
    for n in range(1, _MAX_TERMS):
        term = term * x / (a + n)
        total += term
        if (term <= _EPSILON * total).all():
            break
    return scale * total


def _head(k: np.ndarray, m: np.ndarray) -> np.ndarray:
    """P(X <= k) = sum_{j <= k} e^-m m^j / j!, for m > k + 1 (no cancellation).
    Each term is computed in logs: e^-m alone underflows for m above about 700."""
    if not len(k):
        return np.zeros(0)
    log_m = np.log(m)
    total = np.zeros_like(m)
    for j in range(int(k.max()) + 1):
        total += np.where(j <= k, np.exp(j * log_m - m - math.lgamma(j + 1)), 0.0)
    return total
