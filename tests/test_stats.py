"""Tests for generator.stats as a whole and its shared base (generator.stats.base): the docstring examples of
every module pass, the quantiles and the trend threshold written out in base are exactly scipy's, and building
and validating the bundled data does not import scipy at all. Each module's methods are tested against
published worked values in tests/test_stats_<module>.py.
"""

import doctest
import importlib

import pytest

import generator.stats as stats


@pytest.mark.parametrize("module", stats.MODULES)
def test_docstring_examples_pass(module):
    # pyproject's addopts is shared, so the package's doctests are run from here, a module at a time.
    results = doctest.testmod(importlib.import_module(f"generator.stats.{module}"))
    assert results.attempted >= 1
    assert results.failed == 0


# --- quantiles and constants written out in base ---------------------------------------------------------

def test_trend_threshold_is_fingertips_constant():
    # TrendMarkerCalculator.cs: ChiSquareConfidence = 9.54953570608324 (chi-squared, 1 df, 99.8%).
    assert stats.TREND_CHI_SQUARE_THRESHOLD == pytest.approx(9.54953570608324, rel=1e-12)


def test_the_quantiles_written_out_are_exactly_scipys():
    from scipy.special import gammaincinv, ndtri

    from generator.stats import base

    assert base.TREND_CHI_SQUARE_THRESHOLD == float(2 * gammaincinv(1 / 2, base.TREND_CONFIDENCE))
    assert base.KNOWN_NORMAL_QUANTILES and all(z == float(ndtri(p)) for p, z in base.KNOWN_NORMAL_QUANTILES.items())
    assert base.normal_quantile(0.9) == float(ndtri(0.9))  # any other from scipy


def test_building_the_bundled_site_does_not_import_scipy(tmp_path):
    import subprocess
    import sys

    from generator import paths

    script = ("import sys; from pathlib import Path; from generator.load import load_dataset; "
              "from generator.pages import render_site; from generator.validate import validate_paths; "
              "assert validate_paths(None, cache=False, processes=1).valid; "
              "render_site(load_dataset(), Path(sys.argv[1]), processes=1); print('scipy' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=paths.ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    assert found == ["False"]


def test_the_quantiles_are_scipy_stats_own():
    """stats works quantiles out with scipy.special, as scipy.stats' norm.ppf and chi2.ppf do, to skip importing
    scipy.stats: the figures must be exactly the same."""
    from scipy.stats import chi2, norm

    from generator.stats.base import chi_square_quantile, normal_quantile

    for p in (0.0015, 0.005, 0.025, 0.05, 0.5, 0.9, 0.95, 0.975, 0.995, 0.998, 0.9985):
        assert normal_quantile(p) == float(norm.ppf(p))
        for degrees in (1, 2, 3, 9.5, 18, 19, 40, 200, 2001):
            assert chi_square_quantile(p, degrees) == float(chi2.ppf(p, degrees))
