"""Chart builders: hover text shows values rounded as the tables show them, and names the series."""
import json

import pytest

from generator import charts


@pytest.mark.parametrize("build", [
    lambda d: charts.bar_with_ci(["a", "b"], [1.23456, 2.5], [1.0, 2.0], [1.5, 3.0], y_title="%", benchmark=2.0, decimals=d),
    lambda d: charts.ranked_bars(["a", "b"], [1.23456, 2.5], x_title="years", benchmark=2.0, decimals=d),
    lambda d: charts.trend_lines({"Here": (["2020", "2021"], [1.23456, 2.5], None, None)}, y_title="%", decimals=d),
    lambda d: charts.dot_plot(["a", "b"], {"Women": [80.123, 81.0], "Men": [76.0, 77.5]}, x_title="years",
                              benchmarks={"Women": 83.1, "Men": 79.7}, decimals=d),
], ids=["bar", "ranked", "trend", "dots"])
@pytest.mark.parametrize("decimals", [0, 2])
def test_every_trace_rounds_its_hover_value_to_the_decimals_shown(build, decimals):
    spec = json.loads(charts.figure_json(build(decimals)))
    assert spec["data"]
    for trace in spec["data"]:
        template = trace.get("hovertemplate", "")
        assert f":,.{decimals}f}}" in template, trace
        # named by its series, or by its unit in a chart of one series ("%" or "years" after the value)
        assert ("%{fullData.name}" in template or template.endswith(("f}%<extra></extra>", "f} years<extra></extra>"))), template
        assert template.endswith("<extra></extra>")


def test_counts_hover_as_whole_numbers():
    fig = charts.stacked_counts(["A", "B"], {"Better": [1, 2], "Worse": [0, 3]}, {"Better": charts.BLUE},
                                x_title="Number of local authorities")
    assert all(":,.0f}" in trace["hovertemplate"] for trace in json.loads(charts.figure_json(fig))["data"])
