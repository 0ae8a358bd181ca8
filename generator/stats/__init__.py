"""Statistics: confidence intervals, comparisons, gaps, SII and recent trends, one module each.

Every method copies the one OHID Fingertips uses, as implemented in PHEindicatormethods
(ukhsa-collaboration/PHEindicatormethods) and the Fingertips code (ukhsa-collaboration/fingertips-open,
dhsc-govuk/FingertipsNext), so a figure computed here can be checked against Fingertips.

Functions are pure: they take plain numbers or sequences, do no file I/O and return plain values or small
frozen dataclasses. Missing inputs (None, NaN, pandas.NA) give "not computable" results with a reason;
impossible inputs (a negative count, a count above its denominator) raise StatsInputError, which the
validate stage should have caught first.
"""

from __future__ import annotations

from generator.stats.base import (  # noqa: F401 - the package's public names
    BETTER,
    CANNOT_CALCULATE,
    DECREASING,
    DECREASING_BETTER,
    DECREASING_WORSE,
    HIGHER,
    INCREASING,
    INCREASING_BETTER,
    INCREASING_WORSE,
    LOWER,
    NOT_COMPARED,
    NO_CHANGE,
    POLARITIES,
    SII_MAX_QUANTILES,
    SII_MIN_QUANTILES,
    SII_REPETITIONS,
    SII_SEED,
    SIMILAR,
    StatsInputError,
    TREND_CHI_SQUARE_THRESHOLD,
    TREND_CONFIDENCE,
    TREND_POINTS,
    TREND_VALUE_TYPES,
    WORSE,
    is_missing,
)
from generator.stats.compare import (  # noqa: F401 - the package's public names
    Gap,
    compare_group_to_whole,
    compare_to_benchmark,
    compute_gap,
)
from generator.stats.formatting import (  # noqa: F401 - the package's public names
    format_difference,
    format_interval,
    format_number,
    format_value,
)
from generator.stats.inequality import (  # noqa: F401 - the package's public names
    SiiResult,
    relative_ranks,
    slope_index_of_inequality,
)
from generator.stats.intervals import (  # noqa: F401 - the package's public names
    byar_ci,
    byar_count_ci,
    exact_poisson_count_ci,
    fill_confidence_intervals,
    rate_ci_method,
    standard_error_from_ci,
    wilson_ci,
)
from generator.stats.trend import (  # noqa: F401 - the package's public names
    TrendResult,
    assess_recent_trend,
    can_assess_trend,
)

MODULES = ("base", "intervals", "compare", "inequality", "trend", "formatting")  # for the doctests (tests/test_stats.py)
