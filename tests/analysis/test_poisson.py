"""The surge test's Poisson tail against scipy's pdtrc, which it replaces at run time."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st
from scipy.special import pdtrc

from tocsin.analysis._poisson import upper_tail


def test_upper_tail_matches_scipy_on_a_grid() -> None:
    rng = np.random.default_rng(7)
    k = rng.integers(0, 400, 50_000).astype(float)
    m = rng.exponential(25, 50_000)
    ref, got = pdtrc(k, m), upper_tail(k, m)
    assert np.allclose(got, ref, rtol=1e-10, atol=1e-13)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-3, max_value=2_000),
       st.floats(min_value=0.0, max_value=3_000.0, allow_nan=False))
def test_upper_tail_matches_scipy_anywhere(k: int, m: float) -> None:
    ref = float(pdtrc(k, m))
    got = float(upper_tail(np.array([k]), np.array([m]))[0])
    if np.isnan(ref):
        assert np.isnan(got)
    else:
        assert abs(got - ref) <= 1e-10 * ref + 1e-13


def test_a_tiny_tail_keeps_its_relative_precision() -> None:
    # 30 events where 0.5 were expected: far below any threshold, and still exact
    ref = float(pdtrc(29, 0.5))
    got = float(upper_tail(np.array([29]), np.array([0.5]))[0])
    assert ref < 1e-30 and abs(got - ref) <= 1e-10 * ref
