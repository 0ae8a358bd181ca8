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


def _narrow(fig: dict) -> dict:
    """The layout a narrow screen draws: the figure's narrow layout merged over its layout (as charts.js does)."""
    def merged(layout, changes):
        return {**layout, **{key: merged(layout[key], value) if isinstance(value, dict) and isinstance(layout.get(key), dict)
                             else value for key, value in changes.items()}}
    spec = json.loads(charts.figure_json(fig))
    return merged(spec["layout"], spec["narrow"])


def test_on_a_narrow_screen_long_names_are_shown_in_lines_broken_between_words():
    """On a phone a long name down the side of a chart is cut off, so the axis shows it in lines; the data keep
    it whole, so the hover text names it in one line. A wide screen shows it as it is."""
    name = "Bath and North East Somerset, Swindon and Wiltshire"
    fig = charts.ranked_bars([name, "Essex"], [1, 2], x_title="years")
    axis = _narrow(fig)["yaxis"]
    lines = axis["ticktext"][0].split("<br>")
    assert len(lines) > 1 and " ".join(lines) == name
    assert all(len(line) <= charts.NAME_WIDTH for line in lines)
    assert axis["ticktext"][1] == "Essex" and axis["tickvals"] == fig["data"][0]["y"] == [name, "Essex"]
    assert axis["type"] == "category" and axis["autorange"] == "reversed"  # the rest of the axis stays
    assert "ticktext" not in json.loads(charts.figure_json(fig))["layout"]["yaxis"]
    word = "Supercalifragilisticexpialidocious-and-more"  # longer than a line: kept whole, never split
    assert charts._lines(f"A {word}", charts.NAME_WIDTH) == f"A<br>{word}"


@pytest.mark.parametrize("build", [charts.ranked_bars, charts.dot_plot], ids=["ranked", "dots"])
def test_on_a_narrow_screen_every_row_is_as_tall_as_two_neighbouring_names_need(build):
    """plotly spaces rows evenly: each must hold half of each neighbour's name, or the names overlap."""
    names = [f"System {n}" for n in range(30)]
    names[10:12] = ["A system with a name that takes three lines", "Another system whose name takes lines too"]
    fig = build(names, list(range(30)), x_title="years") if build is charts.ranked_bars else build(
        names, {"Here": list(range(30))}, x_title="years")
    narrow = _narrow(fig)
    lines = [text.count("<br>") + 1 for text in narrow["yaxis"]["ticktext"]]
    assert max(lines) >= 3 and lines[:10] == [1] * 10
    row = (narrow["height"] - (fig["layout"]["height"] - 30 * (22 if build is charts.ranked_bars else 28))) / 30
    assert row >= charts.LINE_PX * (lines[10] + lines[11]) / 2
    assert narrow["height"] > fig["layout"]["height"]


def test_categories_along_the_foot_are_shown_side_by_side_in_lines_where_they_fit():
    labels = ["1 - most deprived fifth of practices", "2", "3", "4", "5 - least deprived fifth of practices"]
    fig = charts.bar_with_ci(labels, [1, 2, 3, 4, 5], y_title="% of people with severe mental illness who had all checks")
    layout = json.loads(charts.figure_json(fig))["layout"]
    axis = layout["xaxis"]
    assert axis["type"] == "category" and axis["tickvals"] == labels and axis["ticktext"][1] == "2"
    assert axis["ticktext"][0] == "1 - most<br>deprived<br>fifth of<br>practices"
    assert layout["yaxis"]["title"]["text"].count("<br>") == 1
    narrow = _narrow(fig)  # too narrow for them side by side: on end, in lines as long as names, and taller
    assert narrow["xaxis"]["tickangle"] == 90 and narrow["xaxis"]["type"] == "category"
    assert narrow["xaxis"]["ticktext"][0] == "1 - most deprived<br>fifth of practices"
    assert narrow["height"] > fig["layout"]["height"]
    assert all(len(line) <= charts.NAME_WIDTH for line in narrow["yaxis"]["title"]["text"].split("<br>"))


def test_categories_too_many_to_fit_side_by_side_stand_on_end():
    """Lines side by side would overlap, and plotly's slant would cut the first off at the chart's left edge."""
    periods = [f"20{y}/{y + 1} Q{q}" for y in range(10, 14) for q in range(1, 5)]
    fig = charts.trend_lines({"Here": (periods, list(range(16)), None, None)}, y_title="%")
    axis = json.loads(charts.figure_json(fig))["layout"]["xaxis"]
    assert axis == {"automargin": True, "tickangle": 90, "tickfont": {"size": 12}, "type": "category"}
    assert "xaxis" not in fig["narrow"]  # plotly leaves some out where they would overlap; the table has them all


def test_legends_sit_above_the_plot_clear_of_the_labels_below_it():
    figures = [charts.bar_with_ci(["a", "b"], [1, 2], y_title="%", benchmark=1.5),
               charts.trend_lines({"Here": (["2020"], [1], None, None), "England": (["2020"], [2], None, None)}, y_title="%"),
               charts.dot_plot(["a"], {"Here": [1], "England": [2]}, x_title="%"),
               charts.stacked_counts(["a"], {"Better": [1], "Worse": [2]}, {}, x_title="n")]
    for fig in figures:
        legend = fig["layout"]["legend"]
        assert legend["y"] >= 1 and legend["yanchor"] == "bottom", fig["layout"]


def test_long_series_names_are_shown_in_lines_in_the_legend():
    name = "Black, Black British, Black Welsh, Caribbean or African"
    spec = json.loads(charts.figure_json(charts.dot_plot(["a"], {name: [1], "England": [2]}, x_title="%")))
    shown = spec["data"][0]["name"]
    assert shown.replace("<br>", " ") == name and shown.count("<br>") == 1
    assert all(len(line) <= charts.LEGEND_WIDTH for line in shown.split("<br>"))
    assert spec["data"][1]["name"] == "England"


def test_bars_with_a_label_too_long_to_stand_on_end_go_across_in_the_given_order():
    labels = ["White", "English, Welsh, Scottish, Northern Irish or British", "Roma"]
    fig = charts.bar_with_ci(labels, [1, 2, 3], [0.5, 1.5, 2.5], [1.5, 2.5, 3.5], y_title="%", benchmark=2.0)
    bars, line = fig["data"]
    assert bars["orientation"] == "h" and bars["y"] == labels and bars["x"] == [1, 2, 3] and "error_x" in bars
    assert line["x"] == [2.0, 2.0] and fig["layout"]["yaxis"]["autorange"] == "reversed"
    assert fig["layout"]["showlegend"] and fig["layout"]["legend"]["y"] >= 1
    assert _narrow(fig)["yaxis"]["ticktext"][1].count("<br>") >= 2
    short = charts.bar_with_ci(["White", "Roma"], [1, 2], y_title="%")
    assert "orientation" not in short["data"][0] and short["data"][0]["x"] == ["White", "Roma"]


def test_on_a_narrow_screen_the_axis_of_values_has_a_few_ticks():
    fig = charts.stacked_counts(["A", "B"], {"Better": [9, 2], "Worse": [4, 3]}, {}, x_title="Local authorities")
    assert fig["layout"]["xaxis"]["dtick"] == 1  # every whole number where there is room
    assert _narrow(fig)["xaxis"]["dtick"] == 4  # 13 at most: every 4th
    assert _narrow(charts.ranked_bars(["A"], [-400], x_title="gap"))["xaxis"]["nticks"] == charts.NARROW_TICKS


def _contrast_on_white(colour: str) -> float:
    """WCAG 2.x contrast ratio of a #rrggbb colour against white."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)


def _faint_marks(figure: dict) -> list[str]:
    """Marks under WCAG 1.4.11's 3:1 against the white plot: a marker or bar whose fill is that faint and has no
    outline of 3:1, or a line drawn without such markers on it."""
    faint = []
    for trace in figure["data"]:
        mode = trace.get("mode", "markers")
        marker, line = trace.get("marker", {}), trace.get("line", {})
        fills = marker.get("color") if isinstance(marker.get("color"), list) else [marker.get("color")]
        outline = marker.get("line", {}).get("color")
        outlined = outline is not None and _contrast_on_white(outline) >= 3
        if "markers" in mode or trace["type"] == "bar":
            faint += [f"{trace.get('name')}: {fill}" for fill in fills
                      if fill and _contrast_on_white(fill) < 3 and not outlined]
        if "lines" in mode and line.get("color") and _contrast_on_white(line["color"]) < 3 and not (
                "markers" in mode and outlined):
            faint.append(f"{trace.get('name')}: line {line['color']}")
    return faint


SIX = [f"Series {n}" for n in range(1, 7)]


@pytest.mark.parametrize("build, by_shape", [
    (lambda: charts.trend_lines({name: (["2020", "2021"], [n, n + 1], None, None) for n, name in enumerate(SIX)},
                                y_title="%"), True),
    (lambda: charts.dot_plot(["a", "b"], {name: [n, n + 1] for n, name in enumerate(SIX)}, x_title="years"), True),
    # A map's squares are all squares: its categories are told apart by the key, the hover text and the table.
    (lambda: charts.category_map({name: (["a"], [0.0], [51.0]) for name in SIX}, dict(zip(SIX, charts.SERIES_COLOURS))),
     False),
], ids=["trend", "dots", "map"])
def test_every_series_of_six_is_drawn_and_stands_out_from_white(build, by_shape):
    """However many series (up to the palette's six), each is drawn, marks stand out from the white plot (WCAG
    1.4.11), and line and dot charts tell series apart by shape as well as colour (WCAG 1.4.1)."""
    figure = build()
    assert [trace["name"] for trace in figure["data"]] == SIX
    assert _faint_marks(figure) == []
    if by_shape:
        shapes = [trace["marker"]["symbol"] for trace in figure["data"]]
        assert len(set(shapes)) == 6, shapes


def test_the_faint_mark_check_finds_a_pale_line_and_an_unoutlined_pale_marker():
    pale = charts.ORANGE
    figure = {"data": [{"type": "scatter", "mode": "lines", "name": "line", "line": {"color": pale}},
                       {"type": "scatter", "mode": "markers", "name": "dot", "marker": {"color": pale}},
                       {"type": "bar", "name": "bar", "marker": {"color": pale, "line": charts.MARK_OUTLINE}}]}
    assert _faint_marks(figure) == [f"line: line {pale}", f"dot: {pale}"]
